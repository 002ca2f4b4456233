package vn.truongson.org.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * The two-person rule on the officials' screens: a clearance above Thường entered by an administrator shows as pending
 * (on the official's page, in the list, on the approvals page), only a second person sees the approve button, and the
 * administrator's form offers no level above his own.
 */
@PlatformTest
class ClearanceScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    private int clearance(long official) {
        return jdbc.sql("select clearance from org_official where id = ?").param(official).query(Integer.class).single();
    }

    private static String clearanceSelect(String html) {
        int at = html.indexOf("id=\"clearance\"");
        return html.substring(at, html.indexOf("</select>", at));
    }

    @Test
    void a_raise_is_pending_on_every_screen_until_a_second_person_approves_it() throws Exception {
        String username = "mat." + UUID.randomUUID().toString().substring(0, 8);
        MvcResult created = send(post("/admin/officials/new").with(csrf()).param("username", username).param("fullName", "Lê Thị Chờ Duyệt")
                .param("unitId", Long.toString(unitId("DBPCHP"))).param("position", "Trợ lý").param("clearance", "MAT").param("secrecy", "THUONG")
                .param("password", vn.truongson.support.Api.freshPassword()), "admin");
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        assertThat(created.getFlashMap().get("notice")).asString().contains("Mức tiếp cận Mật đang chờ người thứ hai phê duyệt");
        long id = jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
        assertThat(clearance(id)).isZero();

        // The requester sees the pending change but no approve button; the security officer sees both.
        String mine = page("/office/officials/" + id, "admin");
        assertThat(mine).contains("id=\"clearance-pending\"", "Chờ phê duyệt: Mật").doesNotContain("id=\"clearance-approve\"");
        String theirs = page("/office/officials/" + id, "baomat.bqp");
        assertThat(theirs).contains("id=\"clearance-pending\"", "id=\"clearance-approve\"");
        assertThat(page("/office/officials?q=" + username, "admin")).contains("ts-clearance-pending");
        String approvals = page("/office/clearance-requests", "baomat.bqp");
        assertThat(approvals).contains("Lê Thị Chờ Duyệt", "Phê duyệt mức tiếp cận bí mật");
        // Someone without ADMIN or SECURITY_OFFICER over the unit does not see it listed.
        assertThat(page("/office/clearance-requests", "chihuy.qk1")).doesNotContain("Lê Thị Chờ Duyệt");

        long request = jdbc.sql("select id from org_clearance_request where official_id = ? and status = 'PENDING'").param(id).query(Long.class).single();
        // The requester's own approval is refused, explained, and changes nothing.
        MvcResult self = send(post("/office/clearance-requests/" + request + "/approve").with(csrf()).param("back", Long.toString(id)), "admin");
        assertThat(self.getResponse().getRedirectedUrl()).isEqualTo("/office/officials/" + id);
        assertThat(self.getFlashMap().get("problem")).asString().contains("người thứ hai");
        assertThat(clearance(id)).isZero();

        MvcResult ok = send(post("/office/clearance-requests/" + request + "/approve").with(csrf()).param("back", Long.toString(id)), "baomat.bqp");
        assertThat(ok.getResponse().getRedirectedUrl()).isEqualTo("/office/officials/" + id);
        assertThat(ok.getFlashMap().get("notice")).asString().contains("Đã phê duyệt");
        assertThat(clearance(id)).isEqualTo(1);
        assertThat(page("/office/officials/" + id, "admin")).doesNotContain("id=\"clearance-pending\"");
    }

    @Test
    void the_form_offers_no_clearance_above_the_administrators_own_and_the_server_refuses_one_beside_the_field() throws Exception {
        // admin is cleared Tối mật.
        String form = page("/admin/officials/new", "admin");
        assertThat(clearanceSelect(form)).contains("value=\"TOI_MAT\"").doesNotContain("value=\"TUYET_MAT\"");
        String username = "tuyet." + UUID.randomUUID().toString().substring(0, 8);
        MvcResult r = send(post("/admin/officials/new").with(csrf()).param("username", username).param("fullName", "Lê Văn Quá Mức")
                .param("unitId", Long.toString(unitId("DBPCHP"))).param("position", "Trợ lý").param("clearance", "TUYET_MAT").param("secrecy", "THUONG")
                .param("password", vn.truongson.support.Api.freshPassword()), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"clearance-error\"", "cao hơn mức tiếp cận của chính đồng chí");
        assertThat(jdbc.sql("select count(*) from access_account where username = ?").param(username).query(Long.class).single()).isZero();

        // His own form: only his current level, and the reason.
        long self = jdbc.sql("select official_id from access_account where username = 'admin'").query(Long.class).single();
        String own = page("/admin/officials/" + self + "/edit", "admin");
        assertThat(clearanceSelect(own)).contains("value=\"TOI_MAT\"").doesNotContain("value=\"MAT\"", "value=\"THUONG\"");
        assertThat(own).contains("Không ai được tự thay đổi mức tiếp cận");
    }
}
