package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** /account/security: second-factor status, recovery codes, and enrolment of a first authenticator. */
@PlatformTest
class AccountSecurityScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> codes(String html) {
        return Pattern.compile("<code>(\\d{5}-\\d{5})</code>").matcher(html).results().map(m -> m.group(1)).toList();
    }

    private int unused(String username) {
        return jdbc.sql("select count(*) from access_recovery_code c join access_account a on a.id = c.account_id where a.username = ? and used_at is null")
                .param(username).query(Integer.class).single();
    }

    @Test
    void an_administrator_sees_the_second_factor_on_and_renews_recovery_codes_once_shown() throws Exception {
        String html = body(send(get("/account/security"), "admin"));
        assertThat(html).contains("Bảo mật tài khoản", "Đã bật", "bắt buộc dùng xác thực hai lớp", "Còn " + unused("admin") + " mã khôi phục chưa dùng.");
        assertThat(html).doesNotContain("id=\"enrol-qr\"");

        MvcResult renewed = send(post("/account/security/recovery-codes").with(csrf()), "admin");
        assertThat(renewed.getResponse().getStatus()).isEqualTo(200);
        assertThat(renewed.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        List<String> shown = codes(body(renewed));
        assertThat(shown).hasSize(10).doesNotHaveDuplicates();
        assertThat(unused("admin")).isEqualTo(10);
        assertThat(body(send(get("/account/security"), "admin"))).contains("Còn 10 mã khôi phục chưa dùng.").doesNotContain(shown.getFirst());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'account.recovery-codes.renew' and actor = 'admin'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void a_person_without_a_second_factor_enrols_one_with_the_qr_code_shown() throws Exception {
        String username = "baomat." + UUID.randomUUID().toString().substring(0, 8);
        // A fresh person, made through the administrator's screen, so no demo account changes.
        long unit = jdbc.sql("select id from org_unit where code = 'VPBTL86'").query(Long.class).single();
        MvcResult made = send(post("/admin/officials/new").with(csrf()).param("username", username).param("fullName", "Trần Thị Bảo Mật")
                .param("unitId", Long.toString(unit)).param("position", "Nhân viên Văn phòng Bộ Tư lệnh 86").param("clearance", "THUONG")
                .param("password", Api.DEMO_PASSWORD), "admin");
        assertThat(made.getResponse().getStatus()).isEqualTo(302);

        // Sessions live in the database (Spring Session JDBC), found by their cookie, as a browser would send it.
        MvcResult first = send(get("/account/security"), username);
        Cookie session = first.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        String page = body(first);
        assertThat(page).contains("Chưa bật", "Không bắt buộc", "id=\"enrol-qr\"", "src=\"data:image/png;base64,");
        String secret = page.replaceAll("(?s).*<code class=\"fs-6\" id=\"enrol-secret\">([A-Z2-7 ]+)</code>.*", "$1").replace(" ", "");
        assertThat(Totp.isValidSecret(secret)).isTrue();
        // A reload offers the same secret, so a scan made before it still works.
        assertThat(body(send(get("/account/security").cookie(session), username))).contains(page.substring(page.indexOf("id=\"enrol-secret\""), page.indexOf("</code>", page.indexOf("id=\"enrol-secret\""))));

        MvcResult wrong = send(post("/account/security/totp").with(csrf()).cookie(session).param("code", "000000".equals(now(secret)) ? "111111" : "000000"), username);
        assertThat(wrong.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(wrong)).contains("id=\"enrol-error\"", "Mã xác thực không đúng");

        MvcResult enrolled = send(post("/account/security/totp").with(csrf()).cookie(session).param("code", now(secret)), username);
        assertThat(enrolled.getResponse().getStatus()).isEqualTo(200);
        assertThat(codes(body(enrolled))).hasSize(10);
        assertThat(jdbc.sql("select totp_enabled from access_account where username = ?").param(username).query(Boolean.class).single()).isTrue();
        assertThat(body(send(get("/account/security").cookie(session), username))).contains("Đã bật", "Còn 10 mã khôi phục chưa dùng.");
    }

    private static String now(String secret) {
        return Totp.code(secret, Totp.step(Instant.now()));
    }
}
