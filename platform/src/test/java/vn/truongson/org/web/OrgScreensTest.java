package vn.truongson.org.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The organisation screens, as an administrator and as people with narrower grants, through MockMvc. */
@PlatformTest
class OrgScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    /** GET with the query string as request parameters (MockMvc would keep a '+' as it is; a browser's space is a '+'). */
    static MockHttpServletRequestBuilder getWithQuery(String path) {
        int q = path.indexOf('?');
        MockHttpServletRequestBuilder b = get(q < 0 ? path : path.substring(0, q));
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                b = b.param(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    private String page(String path, String username) throws Exception {
        MvcResult r = send(getWithQuery(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return body(r);
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    private String unitName(String code) {
        return jdbc.sql("select name from org_unit where code = ?").param(code).query(String.class).single();
    }

    private long officialOf(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    /** One unit's label in the tree or a list: from its id to the end of the summary, leaf or list item holding it. */
    private static String element(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id).isGreaterThanOrEqualTo(0);
        int end = html.length();
        for (String close : List.of("</summary>", "</div>", "</li>")) {
            int i = html.indexOf(close, at);
            if (i >= 0) end = Math.min(end, i);
        }
        return html.substring(at, end);
    }

    /** The opening tag of the form control with this id. */
    private static String tag(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("control #" + id).isGreaterThanOrEqualTo(0);
        return html.substring(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
    }

    // ---- the unit tree ---------------------------------------------------------------------------

    @Test
    void the_tree_shows_the_whole_ministry_to_a_system_administrator_with_kinds_placeholders_and_secrecy() throws Exception {
        String html = page("/office/units", "admin");
        assertThat(html).contains("Cơ cấu tổ chức", unitName("BTL86"), unitName("BPHP"), unitName("DBPCHP"));
        long units = jdbc.sql("select count(*) from org_unit").query(Long.class).single();
        assertThat(html).contains("Đồng chí được xem " + units + " đơn vị.");
        String btl86 = element(html, "unit-" + unitId("BTL86"));
        assertThat(btl86).contains("Bộ Tư lệnh", "Mã định danh", "(giả định)").doesNotContain("ts-secrecy");
        String ttdl = element(html, "unit-" + unitId("TTDL"));
        assertThat(ttdl).contains("ts-secrecy", ">Mật<");
        // The root opens, everything below starts closed.
        assertThat(html).containsPattern("<details open=\"open\">\\s*<summary><span class=\"ts-unit\" id=\"unit-" + unitId("BQP") + "\"");
        assertThat(html).containsPattern("<details>\\s*<summary><span class=\"ts-unit\" id=\"unit-" + unitId("BTLBP") + "\"");
    }

    @Test
    void a_person_granted_one_division_sees_only_that_division_as_the_root_of_their_tree() throws Exception {
        String html = page("/office/units", "baocao.sd3");
        assertThat(html).contains(unitName("SD3")).doesNotContain(unitName("BTL86")).doesNotContain(unitName("TD2"));
        assertThat(html).contains("Đồng chí được xem 1 đơn vị.");
        // Not an administrator: no button to add units.
        assertThat(html).doesNotContain("id=\"new-unit\"");
    }

    @Test
    void search_ignores_diacritics_and_names_the_ancestors_of_each_hit() throws Exception {
        String html = page("/office/units?q=bien+phong+thanh+pho+hai+phong", "admin");
        assertThat(html).contains(unitName("BPHP"), "BQP › BĐBP").doesNotContain(unitName("SD3"));
        assertThat(html).contains("khớp với “bien phong thanh pho hai phong”");
        String none = page("/office/units?q=khong+co+don+vi+nay", "admin");
        assertThat(none).contains("id=\"unit-no-hit\"");
    }

    @Test
    void in_english_kinds_and_the_placeholder_label_are_english() throws Exception {
        String html = page("/office/units?lang=en", "admin");
        assertThat(element(html, "unit-" + unitId("BTL86"))).contains(">Command<", "(placeholder)");
        assertThat(html).contains("Organisation", "Expand all");
    }

    // ---- one unit --------------------------------------------------------------------------------

    @Test
    void a_unit_page_has_its_ancestors_as_breadcrumbs_its_children_and_its_officials() throws Exception {
        long bphp = unitId("BPHP");
        String html = page("/office/units/" + bphp, "admin");
        String crumbs = html.substring(html.indexOf("id=\"unit-breadcrumb\""), html.indexOf("</ol>", html.indexOf("id=\"unit-breadcrumb\"")));
        assertThat(crumbs).contains(unitName("BQP"), unitName("BTLBP"), unitName("BPHP"));
        assertThat(crumbs.indexOf(unitName("BQP"))).isLessThan(crumbs.indexOf(unitName("BTLBP")));
        assertThat(html).contains(unitName("DBPCHP"));
        List<String> people = jdbc.sql("select full_name from org_official where unit_id = ?").param(bphp).query(String.class).list();
        assertThat(people).isNotEmpty();
        assertThat(html).contains(people);
        assertThat(html).contains("id=\"new-child\"");
    }

    @Test
    void a_unit_outside_every_grant_is_refused() throws Exception {
        assertThat(send(get("/office/units/" + unitId("BTL86")), "baocao.sd3").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(get("/office/units/999999999"), "admin").getResponse().getStatus()).isEqualTo(404);
    }

    // ---- officials -------------------------------------------------------------------------------

    @Test
    void officials_search_folds_diacritics_and_pages() throws Exception {
        String html = page("/office/officials?q=vu+duc+hanh", "admin");
        // Only the results: the header names the person signed in.
        String results = html.substring(html.indexOf("id=\"official-results\""));
        assertThat(results).contains("Vũ Đức Hạnh").doesNotContain("Nguyễn Quang Huy");
        assertThat(rowsOf(results)).containsExactly(Long.toString(officialOf("chihuy.btl86")));

        long total = jdbc.sql("select count(*) from org_official").query(Long.class).single();
        assertThat(total).isGreaterThan(OrgScreens.PAGE);
        String first = page("/office/officials", "admin");
        String second = page("/office/officials?page=2", "admin");
        assertThat(rowsOf(first)).hasSize(OrgScreens.PAGE);
        assertThat(rowsOf(second)).isNotEmpty().doesNotContainAnyElementsOf(rowsOf(first));
    }

    @Test
    void the_unit_filter_with_its_subtree_lists_officials_of_the_units_below() throws Exception {
        long sd3 = unitId("SD3");
        String only = page("/office/officials?unitId=" + sd3, "admin");
        String below = page("/office/officials?unitId=" + sd3 + "&subtree=true", "admin");
        String td2Person = jdbc.sql("select full_name from org_official where unit_id = ? order by id limit 1").param(unitId("TD2")).query(String.class).single();
        assertThat(only).doesNotContain(td2Person);
        assertThat(below).contains(td2Person);
    }

    private static List<String> rowsOf(String html) {
        Matcher m = Pattern.compile("href=\"/office/officials/(\\d+)\"").matcher(html);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void an_official_page_shows_grants_account_and_for_administrators_the_grant_form() throws Exception {
        long id = officialOf("chihuy.btl86");
        String html = page("/office/officials/" + id, "admin");
        assertThat(html).contains("Vũ Đức Hạnh", "chihuy.btl86", "Chỉ huy", "Đơn vị và cấp dưới", unitName("BTL86"), "Đã bật");
        assertThat(html).contains("id=\"grant-form\"");
        String asReporter = page("/office/officials/" + officialOf("baocao.sd3"), "baocao.sd3");
        assertThat(asReporter).doesNotContain("id=\"grant-form\"");
    }

    // ---- administration --------------------------------------------------------------------------

    @Test
    void people_without_an_admin_grant_get_403_on_admin_pages() throws Exception {
        for (String path : List.of("/admin/units/new", "/admin/officials/new")) {
            assertThat(send(get(path), "baocao.sd3").getResponse().getStatus()).as(path).isEqualTo(403);
            assertThat(send(get(path), "auditor").getResponse().getStatus()).as(path).isEqualTo(403);
        }
        MvcResult r = send(post("/admin/units/new").with(csrf()).param("parentId", Long.toString(unitId("SD3")))
                .param("code", "X" + suffix()).param("name", "Không được tạo").param("shortName", "KDT").param("kind", "UNIT")
                .param("secrecy", "THUONG"), "baocao.sd3");
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from org_unit where name = 'Không được tạo'").query(Long.class).single()).isZero();
        assertThat(page("/admin/units/new", "admin")).contains("Thêm đơn vị trực thuộc", "id=\"unit-form\"");
    }

    @Test
    void bad_input_on_the_create_unit_form_comes_back_with_the_error_beside_the_field() throws Exception {
        String name = "Đơn vị thử nghiệm lỗi " + suffix();
        MvcResult r = send(post("/admin/units/new").with(csrf()).param("parentId", Long.toString(unitId("BTL86")))
                .param("code", "mã sai!").param("name", name).param("shortName", "").param("kind", "UNIT")
                .param("organId", "12345").param("secrecy", "THUONG"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        String html = body(r);
        assertThat(html).contains("id=\"code-error\"", "Mã đơn vị gồm 2–32 ký tự", "id=\"shortName-error\"", "id=\"organId-error\"",
                "Mã định danh phải có dạng NNN.NN.NN.XNN");
        assertThat(tag(html, "code")).contains("is-invalid", "value=\"MÃ SAI!\"");
        assertThat(tag(html, "name")).doesNotContain("is-invalid");
        // What was typed stays in the form, and nothing was created.
        assertThat(html).contains("value=\"" + name + "\"");
        assertThat(html).doesNotContain("id=\"name-error\"");
        assertThat(jdbc.sql("select count(*) from org_unit where name = ?").param(name).query(Long.class).single()).isZero();
    }

    @Test
    void creating_a_unit_redirects_to_it_with_a_notice_and_a_taken_code_is_a_field_error() throws Exception {
        String code = "T" + suffix();
        String name = "Ban Chỉ huy Quân sự thử nghiệm thành phố Hải Phòng " + code;
        long parent = unitId("BPHP");
        MvcResult r = send(post("/admin/units/new").with(csrf()).param("parentId", Long.toString(parent)).param("code", code.toLowerCase())
                .param("name", name).param("shortName", "BCHQS TN").param("kind", "UNIT").param("organId", "000.00.31.G07")
                .param("secrecy", "MAT"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        long id = jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/office/units/" + id);
        assertThat(r.getFlashMap().get("notice")).asString().contains(name);
        assertThat(jdbc.sql("select parent_id from org_unit where id = ?").param(id).query(Long.class).single()).isEqualTo(parent);

        String html = page("/office/units/" + id, "admin");
        assertThat(html).contains(name, "000.00.31.G07", unitName("BPHP"));

        MvcResult again = send(post("/admin/units/new").with(csrf()).param("parentId", Long.toString(parent)).param("code", code)
                .param("name", name + " (2)").param("shortName", "BCHQS TN2").param("kind", "UNIT").param("secrecy", "THUONG"), "admin");
        assertThat(again.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(again)).contains("id=\"code-error\"", "Mã đơn vị " + code + " đã tồn tại.");
    }

    @Test
    void an_administrator_creates_an_official_grants_a_role_revokes_it_and_unlocks_the_account() throws Exception {
        String username = "thu.nghiem." + suffix().toLowerCase();
        long unit = unitId("DBPCHP");
        MvcResult bad = send(post("/admin/officials/new").with(csrf()).param("username", username).param("fullName", "Nguyễn Thị Thử")
                .param("unitId", Long.toString(unit)).param("position", "Trợ lý").param("clearance", "THUONG").param("password", "ngan"), "admin");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("id=\"password-error\"", "Mật khẩu phải dài từ 12 đến 128 ký tự").doesNotContain("value=\"ngan\"");

        MvcResult created = send(post("/admin/officials/new").with(csrf()).param("username", username)
                .param("fullName", "Nguyễn Thị Thử Nghiệm").param("unitId", Long.toString(unit))
                .param("position", "Trợ lý Đồn Biên phòng cửa khẩu cảng Hải Phòng").param("rank", "Đại úy").param("clearance", "THUONG")
                .param("password", Api.DEMO_PASSWORD), "admin");
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        long official = officialOf(username);
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/office/officials/" + official);
        assertThat(page("/office/officials/" + official, "admin")).contains("Nguyễn Thị Thử Nghiệm", username, "id=\"grant-form\"");

        // A grant without a unit: the error sits beside the unit picker.
        MvcResult noUnit = send(post("/admin/officials/" + official + "/grants").with(csrf()).param("role", "CLERK").param("unitId", "")
                .param("scope", "UNIT"), "admin");
        assertThat(noUnit.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(noUnit)).contains("id=\"unitId-error\"", "Trường này là bắt buộc.");

        MvcResult granted = send(post("/admin/officials/" + official + "/grants").with(csrf()).param("role", "CLERK")
                .param("unitId", Long.toString(unit)).param("scope", "UNIT"), "admin");
        assertThat(granted.getResponse().getStatus()).isEqualTo(302);
        long grantId = jdbc.sql("select id from access_grant where official_id = ? and role = 'CLERK'").param(official).query(Long.class).single();
        String withGrant = page("/office/officials/" + official, "admin");
        assertThat(withGrant).contains("id=\"grant-" + grantId + "\"", "Văn thư");

        MvcResult revoked = send(post("/admin/officials/" + official + "/grants/" + grantId + "/revoke").with(csrf()), "admin");
        assertThat(revoked.getResponse().getStatus()).isEqualTo(302);
        assertThat(revoked.getFlashMap().get("notice")).asString().contains("Văn thư");
        assertThat(page("/office/officials/" + official, "admin")).doesNotContain("id=\"grant-" + grantId + "\"");

        // Five wrong passwords lock the account; the page says until when, and the administrator unlocks it.
        Api api = new Api(port);
        String wrong = "{\"username\":\"" + username + "\",\"password\":\"SaiMatKhau123\"}";
        int last = 0;
        for (int i = 0; i < 5; i++) last = api.post("/api/v1/auth/token", null, wrong).status();
        assertThat(last).isEqualTo(423);
        String locked = page("/office/officials/" + official, "admin");
        assertThat(locked).contains("id=\"official-locked\"", "Tạm khóa đến", "id=\"unlock\"");
        MvcResult unlocked = send(post("/admin/officials/" + official + "/unlock").with(csrf()), "admin");
        assertThat(unlocked.getResponse().getStatus()).isEqualTo(302);
        assertThat(page("/office/officials/" + official, "admin")).contains("Không bị khóa").doesNotContain("id=\"unlock\"");
        String right = "{\"username\":\"" + username + "\",\"password\":\"" + Api.DEMO_PASSWORD + "\"}";
        assertThat(api.post("/api/v1/auth/token", null, right).status()).isEqualTo(200);
    }

    @Test
    void an_administrator_cannot_revoke_their_own_admin_grant_and_is_told_why() throws Exception {
        long admin = officialOf("admin");
        long grantId = jdbc.sql("select id from access_grant where official_id = ? and role = 'ADMIN'").param(admin).query(Long.class).single();
        MvcResult r = send(post("/admin/officials/" + admin + "/grants/" + grantId + "/revoke").with(csrf()), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getFlashMap().get("problem")).asString().contains("thu hồi quyền của chính mình");
        assertThat(jdbc.sql("select count(*) from access_grant where id = ?").param(grantId).query(Long.class).single()).isEqualTo(1);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
