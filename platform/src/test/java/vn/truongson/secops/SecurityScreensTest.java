package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.audit.AuditTrail;
import vn.truongson.secops.detection.Evaluator;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The security officer's screens in Vietnamese: the dashboard by severity, the alert page and its actions, the rules. */
@PlatformTest
class SecurityScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail audit;
    @Autowired Evaluator evaluator;

    MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        // A browser has its session before it opens a page (the sign-in made it); the forms' CSRF tokens live in it.
        return mvc.perform(b.with(Principals.as(jdbc, username)).session(new org.springframework.mock.web.MockHttpSession())).andReturn();
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void an_officer_sees_the_alert_by_severity_and_handles_it_on_screen() throws Exception {
        for (int i = 0; i < 5; i++) audit.recordSeparately("dieuphoi.btl86", "signin", "account:dieuphoi.btl86", AuditTrail.FAILURE, "test");
        Thread.sleep(2_300);
        evaluator.run();
        long id = jdbc.sql("select id from secops_alert where subject = 'account:dieuphoi.btl86' order by id desc limit 1").query(Long.class).single();

        String dash = html(send(get("/office/security"), "baomat.bqp"));
        assertThat(dash).contains("An ninh thông tin").contains("Trung bình").contains("/office/security/alerts/" + id)
                .contains("Đăng nhập sai nhiều lần vào một tài khoản");
        assertThat(send(get("/office/security/alerts/" + id), "chihuy.btl86").getResponse().getStatus()).isEqualTo(404);

        String page = html(send(get("/office/security/alerts/" + id), "baomat.bqp"));
        assertThat(page).contains("Tiếp nhận").contains("Cảnh báo nhầm").contains("Đăng nhập").contains("Thất bại");
        send(post("/office/security/alerts/" + id + "/acknowledge").with(csrf()), "baomat.bqp");
        var empty = send(post("/office/security/alerts/" + id + "/resolve").with(csrf()).param("note", "  "), "baomat.bqp");
        assertThat(empty.getFlashMap().get("error")).asString().contains("Cần ghi rõ đã xử lý thế nào");
        send(post("/office/security/alerts/" + id + "/resolve").with(csrf()).param("note", "Đã xác minh với đồng chí Tuấn"), "baomat.bqp");
        assertThat(jdbc.sql("select status || ' ' || note from secops_alert where id = ?").param(id).query(String.class).single())
                .isEqualTo("RESOLVED Đã xác minh với đồng chí Tuấn");
        String after = html(send(get("/office/security/alerts/" + id), "baomat.bqp"));
        assertThat(after).contains("Đã xử lý").doesNotContain("id=\"alert-actions\"");
    }

    @Test
    void the_rules_page_edits_for_the_ministrys_officer_only() throws Exception {
        assertThat(html(send(get("/office/security/rules"), "admin"))).contains("Quy tắc phát hiện").contains("disabled");
        var r = send(post("/office/security/rules/SIGNIN_TWO_ZONES").with(csrf()).param("name", "Đăng nhập từ hai vùng mạng")
                .param("severity", "HIGH").param("enabled", "on").param("param.windowMinutes", "99999"), "baomat.bqp");
        assertThat(r.getFlashMap().get("error")).asString().contains("params.windowMinutes");
        send(post("/office/security/rules/SIGNIN_TWO_ZONES").with(csrf()).param("name", "Một tài khoản đăng nhập từ hai vùng mạng trong ít phút")
                .param("severity", "HIGH").param("enabled", "on").param("param.windowMinutes", "45"), "baomat.bqp");
        assertThat(jdbc.sql("select params->>'windowMinutes' from secops_rule where code = 'SIGNIN_TWO_ZONES'").query(String.class).single()).isEqualTo("45");
        send(post("/office/security/rules/SIGNIN_TWO_ZONES").with(csrf()).param("name", "Một tài khoản đăng nhập từ hai vùng mạng trong ít phút")
                .param("severity", "HIGH").param("enabled", "on").param("param.windowMinutes", "30"), "baomat.bqp");
    }
}
