package vn.truongson.org.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Administrators edit the units and officials they created, through MockMvc. Every test edits a unit or an
 * official it created itself, so the demo organisation the other tests read stays as it is.
 */
@PlatformTest
class OrgEditScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return body(r);
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    private long officialOf(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    /** The opening tag of the form control with this id. */
    private static String tag(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("control #" + id).isGreaterThanOrEqualTo(0);
        return html.substring(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }

    /** A fresh unit under the Hải Phòng border guard, created through the screen. */
    private long newUnit(String code, String name) throws Exception {
        MvcResult r = send(post("/admin/units/new").with(csrf()).param("parentId", Long.toString(unitId("BPHP"))).param("code", code)
                .param("name", name).param("shortName", "TN " + code).param("kind", "UNIT").param("organId", "000.00.32.G07")
                .param("secrecy", "THUONG"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        return unitId(code);
    }

    /** A fresh official of the Hải Phòng port border post, created through the screen. */
    private long newOfficial(String username) throws Exception {
        MvcResult r = send(post("/admin/officials/new").with(csrf()).param("username", username).param("fullName", "Phạm Thị Sửa Đổi")
                .param("unitId", Long.toString(unitId("DBPCHP"))).param("position", "Trợ lý thử nghiệm").param("rank", "Thượng úy")
                .param("clearance", "THUONG").param("secrecy", "THUONG").param("email", "sua.doi@example.vn")
                .param("password", Api.DEMO_PASSWORD), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        return officialOf(username);
    }

    private Map<String, Object> unitRow(long id) {
        return jdbc.sql("select name, short_name, kind, organ_id, secrecy from org_unit where id = ?").param(id).query().singleRow();
    }

    // ---- units -----------------------------------------------------------------------------------

    @Test
    void an_administrator_edits_a_unit_and_decomposed_vietnamese_is_stored_composed() throws Exception {
        String code = "E" + suffix();
        long id = newUnit(code, "Đơn vị thử nghiệm sửa " + code);

        // The unit page offers the edit link to an administrator; the form comes filled, the code read-only and not sent.
        assertThat(page("/office/units/" + id, "admin")).contains("id=\"edit-unit\"", "/admin/units/" + id + "/edit");
        String form = page("/admin/units/" + id + "/edit", "admin");
        assertThat(form).contains("Sửa thông tin đơn vị", "action=\"/admin/units/" + id + "/edit\"", "value=\"Đơn vị thử nghiệm sửa " + code + "\"",
                "value=\"000.00.32.G07\"");
        assertThat(tag(form, "code")).contains("readonly", "value=\"" + code + "\"").doesNotContain("name=");
        assertThat(form).doesNotContain("id=\"parentId\"");

        String composed = "Đồn Biên phòng Thủy Nguyên " + code;
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        MvcResult r = send(post("/admin/units/" + id + "/edit").with(csrf()).param("name", decomposed).param("shortName", "ĐBP TN")
                .param("kind", "OFFICE").param("organId", "000.00.33.G07").param("secrecy", "MAT"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/office/units/" + id);
        assertThat(r.getFlashMap().get("notice")).asString().contains(composed);

        Map<String, Object> row = unitRow(id);
        assertThat(row.get("name")).isEqualTo(composed);
        assertThat(row.get("short_name")).isEqualTo("ĐBP TN");
        assertThat(row.get("kind")).isEqualTo("OFFICE");
        assertThat(row.get("organ_id")).isEqualTo("000.00.33.G07");
        // The code and the parent are untouched.
        assertThat(jdbc.sql("select code from org_unit where id = ?").param(id).query(String.class).single()).isEqualTo(code);
        assertThat(jdbc.sql("select parent_id from org_unit where id = ?").param(id).query(Long.class).single()).isEqualTo(unitId("BPHP"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'unit.update' and target = ?").param("unit:" + id)
                .query(Long.class).single()).isEqualTo(1);

        String html = page("/office/units/" + id, "admin");
        assertThat(html).contains(composed, "000.00.33.G07", "Văn phòng");
        // Search still finds it without diacritics.
        MvcResult search = send(get("/office/units").param("q", "thuy nguyen " + code.toLowerCase()), "admin");
        assertThat(body(search)).contains(composed).doesNotContain("id=\"unit-no-hit\"");
    }

    @Test
    void a_bad_organ_id_comes_back_beside_the_field_and_changes_nothing() throws Exception {
        String code = "E" + suffix();
        long id = newUnit(code, "Đơn vị thử nghiệm lỗi sửa " + code);
        Map<String, Object> before = unitRow(id);

        MvcResult r = send(post("/admin/units/" + id + "/edit").with(csrf()).param("name", "Tên mới không được lưu " + code)
                .param("shortName", "TM").param("kind", "UNIT").param("organId", "12345").param("secrecy", "MAT"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        String html = body(r);
        assertThat(html).contains("id=\"form-errors\"", "id=\"organId-error\"", "Mã định danh phải có dạng NNN.NN.NN.XNN");
        assertThat(tag(html, "organId")).contains("is-invalid", "value=\"12345\"");
        assertThat(tag(html, "name")).doesNotContain("is-invalid");
        // What was typed stays in the form, which still posts to the edit address.
        assertThat(html).contains("value=\"Tên mới không được lưu " + code + "\"", "action=\"/admin/units/" + id + "/edit\"");
        assertThat(unitRow(id)).isEqualTo(before);
    }

    // ---- officials -------------------------------------------------------------------------------

    @Test
    void an_administrator_edits_and_deactivates_an_official() throws Exception {
        String username = "sua.doi." + suffix().toLowerCase();
        long id = newOfficial(username);

        assertThat(page("/office/officials/" + id, "admin")).contains("id=\"edit-official\"").doesNotContain("id=\"official-inactive\"");
        String form = page("/admin/officials/" + id + "/edit", "admin");
        assertThat(form).contains("Sửa thông tin cán bộ", "action=\"/admin/officials/" + id + "/edit\"", "value=\"Phạm Thị Sửa Đổi\"",
                "value=\"sua.doi@example.vn\"");
        assertThat(tag(form, "active")).contains("checked");
        // The account is not edited here.
        assertThat(form).doesNotContain("id=\"password\"", "id=\"username\"");

        // A bad e-mail: the error beside the field, nothing saved.
        MvcResult bad = send(post("/admin/officials/" + id + "/edit").with(csrf()).param("fullName", "Phạm Thị Sửa Đổi")
                .param("unitId", Long.toString(unitId("DBPCHP"))).param("position", "Trợ lý thử nghiệm").param("clearance", "THUONG")
                .param("secrecy", "THUONG").param("email", "khong-phai-thu").param("active", "true"), "admin");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("id=\"email-error\"");
        assertThat(jdbc.sql("select email from org_official where id = ?").param(id).query(String.class).single()).isEqualTo("sua.doi@example.vn");

        // The box unticked sends no "active" at all.
        MvcResult r = send(post("/admin/officials/" + id + "/edit").with(csrf()).param("fullName", "Phạm Thị Sửa Đổi")
                .param("unitId", Long.toString(unitId("BPHP"))).param("position", "Trợ lý Bộ Chỉ huy").param("rank", "Đại úy")
                .param("clearance", "MAT").param("secrecy", "THUONG").param("email", "").param("phone", "0225 3842 111"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/office/officials/" + id);
        assertThat(r.getFlashMap().get("notice")).asString().contains("Phạm Thị Sửa Đổi");

        Map<String, Object> row = jdbc.sql("select unit_id, position, rank_title, clearance, email, phone, active from org_official where id = ?")
                .param(id).query().singleRow();
        assertThat(row.get("active")).isEqualTo(false);
        assertThat(row.get("unit_id")).isEqualTo(unitId("BPHP"));
        assertThat(row.get("position")).isEqualTo("Trợ lý Bộ Chỉ huy");
        assertThat(row.get("rank_title")).isEqualTo("Đại úy");
        assertThat(row.get("email")).isNull();
        assertThat(row.get("phone")).isEqualTo("0225 3842 111");

        // Marked on their page and in the lists.
        String html = page("/office/officials/" + id, "admin");
        assertThat(html).contains("id=\"official-inactive\"", "Đã ngừng hoạt động");
        String list = page("/office/officials?q=" + username, "admin");
        assertThat(list.substring(list.indexOf("id=\"official-results\""))).contains("Phạm Thị Sửa Đổi", "ts-inactive", "Đã ngừng hoạt động");
        String unitPage = page("/office/units/" + unitId("BPHP"), "admin");
        String people = unitPage.substring(unitPage.indexOf("id=\"unit-officials\""));
        assertThat(people.substring(people.indexOf("/office/officials/" + id))).contains("Đã ngừng hoạt động");
        assertThat(page("/admin/officials/" + id + "/edit", "admin")).satisfies(f -> assertThat(tag(f, "active")).doesNotContain("checked"));
    }

    // ---- who may edit ----------------------------------------------------------------------------

    @Test
    void people_without_an_admin_grant_get_403_on_both_edit_pages_and_see_no_edit_link() throws Exception {
        long unit = unitId("QK1");
        // The commander of QK1: a record baocao.qk1 may read (QK1, UNIT scope) but not edit.
        long official = officialOf("chihuy.qk1");
        for (String path : List.of("/admin/units/" + unit + "/edit", "/admin/officials/" + official + "/edit")) {
            assertThat(send(get(path), "baocao.qk1").getResponse().getStatus()).as(path).isEqualTo(403);
        }
        String name = jdbc.sql("select name from org_unit where id = ?").param(unit).query(String.class).single();
        MvcResult u = send(post("/admin/units/" + unit + "/edit").with(csrf()).param("name", "Không được sửa").param("shortName", "KDS")
                .param("kind", "MILITARY_REGION").param("secrecy", "THUONG"), "baocao.qk1");
        assertThat(u.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select name from org_unit where id = ?").param(unit).query(String.class).single()).isEqualTo(name);
        MvcResult o = send(post("/admin/officials/" + official + "/edit").with(csrf()).param("fullName", "Không được sửa")
                .param("unitId", Long.toString(unit)).param("position", "Không").param("clearance", "THUONG")
                .param("secrecy", "THUONG"), "baocao.qk1");
        assertThat(o.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select active from org_official where id = ?").param(official).query(Boolean.class).single()).isTrue();

        assertThat(page("/office/units/" + unit, "baocao.qk1")).doesNotContain("id=\"edit-unit\"");
        assertThat(page("/office/officials/" + official, "baocao.qk1")).doesNotContain("id=\"edit-official\"");
    }
}
