package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * Forgotten passwords (issue 13; docs/security.md, "Password reset"): the request answers alike for every name and is
 * rate-limited, the unit's administrators are told once, only an administrator who may issues a one-time code, the code
 * works once and for its 30 minutes, a refused password leaves it usable, and everything is audited.
 */
@PlatformTest
class PasswordResetTest {

    static final String PASSWORD = "MatKhau2026!x";
    static final String NEW_PASSWORD = "cay tre xanh ben song hong";
    static final Pattern CODE = Pattern.compile("id=\"reset-code\"[^>]*>([A-Z0-9-]+)<");

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired SignInRateLimits limits;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        limits.reset();
    }

    record Person(String username, long officialId) {}

    Person official(String unitCode, String clearance) {
        String username = "pr" + Long.toString(System.nanoTime(), 36);
        String unit = jdbc.sql("select id::text from org_unit where code = ?").param(unitCode).query(String.class).single();
        var r = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Lê Thị Quên","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"%s"}"""
                .formatted(username, unit, PASSWORD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long officialId = jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
        // A clearance above Thường waits for a security officer's approval: set here as if approved.
        jdbc.sql("update org_official set clearance = ? where id = ?").params(vn.truongson.core.SecrecyLevel.valueOf(clearance).rank(), officialId).update();
        return new Person(username, officialId);
    }

    Person admin(String unitCode, String clearance) {
        Person p = official(unitCode, clearance);
        String unit = jdbc.sql("select id::text from org_unit where code = ?").param(unitCode).query(String.class).single();
        var g = api.post("/api/v1/officials/" + p.officialId() + "/grants", "admin", "{\"role\":\"ADMIN\",\"unitId\":\"" + unit + "\",\"scope\":\"SUBTREE\"}");
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        return p;
    }

    MvcResult anonymous(MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b.with(csrf())).andReturn();
    }

    MvcResult as(String username, MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b.with(csrf()).with(Principals.as(jdbc, username))).andReturn();
    }

    static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    MvcResult ask(String username) throws Exception {
        return anonymous(post("/login/forgot").param("username", username));
    }

    String issue(String adminUsername, long officialId, boolean resetTotp) throws Exception {
        var r = as(adminUsername, post("/admin/password-resets/" + officialId + "/issue").param("resetTotp", Boolean.toString(resetTotp)));
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat(r.getResponse().getHeader("Cache-Control")).contains("no-store");
        var m = CODE.matcher(body(r));
        assertThat(m.find()).as(body(r)).isTrue();
        return m.group(1);
    }

    MvcResult redeem(String username, String code, String password, String confirm) throws Exception {
        return anonymous(post("/login/reset").param("username", username).param("code", code).param("newPassword", password).param("confirmPassword", confirm));
    }

    long audited(String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ? and outcome = ?").params(action, target, outcome)
                .query(Long.class).single();
    }

    long openRequests(String username) {
        return jdbc.sql("""
                select count(*) from access_password_reset r join access_account a on a.id = r.account_id
                where a.username = ? and r.state in ('REQUESTED', 'ISSUED')""").param(username).query(Long.class).single();
    }

    long notices(long adminId) {
        return jdbc.sql("select count(*) from notify_notification where official_id = ? and kind = 'access.password-reset'").param(adminId)
                .query(Long.class).single();
    }

    void awaitNotices(long adminId, long atLeast) throws InterruptedException {
        for (int i = 0; i < 200 && notices(adminId) < atLeast; i++) Thread.sleep(100);
    }

    @Test
    void an_official_asks_his_unit_administrator_issues_a_code_and_it_sets_a_new_password_once() throws Exception {
        Person admin = admin("SD3", "MAT");
        Person p = official("SD3", "THUONG");

        var asked = ask(p.username());
        assertThat(asked.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(asked)).contains("Đã ghi nhận yêu cầu").doesNotContain(p.username());
        assertThat(openRequests(p.username())).isEqualTo(1);
        assertThat(audited("account.password.reset.request", "account:" + p.username(), "SUCCESS")).isEqualTo(1);
        awaitNotices(admin.officialId(), 1);
        assertThat(notices(admin.officialId())).isEqualTo(1);

        // The administrator sees the request, on the list and on the official's page, and issues a code, shown once.
        var list = as(admin.username(), get("/admin/password-resets"));
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(list)).contains("id=\"reset-" + p.username() + "\"", "Chờ cấp mã");
        assertThat(body(as(admin.username(), get("/office/officials/" + p.officialId())))).contains("official-reset-pending", "Cấp mã đặt lại");
        String code = issue(admin.username(), p.officialId(), false);
        assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
        assertThat(jdbc.sql("select count(*) from access_password_reset where code_hash = ?").param(Tokens.sha256(code.replace("-", "")))
                .query(Long.class).single()).as("the code is kept only as its hash").isEqualTo(1);
        assertThat(audited("account.password.reset.issue", "official:" + p.officialId(), "SUCCESS")).isEqualTo(1);

        // A password the rule refuses, or two that differ: 400 naming the field, and the code still works.
        var weak = redeem(p.username(), code, "password12", "password12");
        assertThat(weak.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(weak)).contains("id=\"newPassword-error\"");
        var differ = redeem(p.username(), code, NEW_PASSWORD, NEW_PASSWORD + "x");
        assertThat(differ.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(differ)).contains("id=\"confirmPassword-error\"", "không khớp");

        // Typed in lower case with spaces: the same code.
        var done = redeem(" " + p.username().toUpperCase() + " ", code.toLowerCase().replace("-", " "), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(done.getResponse().getStatus()).isEqualTo(302);
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/login?reset");
        assertThat(audited("account.password.reset", "account:" + p.username(), "SUCCESS")).isEqualTo(1);
        assertThat(openRequests(p.username())).isZero();

        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(p.username(), NEW_PASSWORD)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(p.username(), PASSWORD)).status()).isEqualTo(401);

        // Once only.
        var again = redeem(p.username(), code, "mot cau khac hoan toan moi", "mot cau khac hoan toan moi");
        assertThat(again.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(again)).contains("id=\"reset-error\"");
    }

    @Test
    void unknown_and_known_names_get_the_same_page_and_wrong_codes_the_same_refusal() throws Exception {
        Person p = official("SD3", "THUONG");
        String known = body(ask(p.username()));
        String unknown = body(ask("khong-co-ai-" + System.nanoTime()));
        assertThat(unknown).isEqualTo(known);
        assertThat(audited("account.password.reset.request", "account:" + p.username(), "SUCCESS")).isEqualTo(1);

        Person admin = admin("SD3", "THUONG");
        String code = issue(admin.username(), p.officialId(), false);
        var wrongCode = redeem(p.username(), "AAAA-BBBB-CCCC-DDDD-EEEE", NEW_PASSWORD, NEW_PASSWORD);
        var unknownName = redeem("khong-co-ai-" + System.nanoTime(), code, NEW_PASSWORD, NEW_PASSWORD);
        var otherName = redeem(admin.username(), code, NEW_PASSWORD, NEW_PASSWORD);
        for (var r : List.of(wrongCode, unknownName, otherName)) {
            assertThat(r.getResponse().getStatus()).isEqualTo(400);
            assertThat(body(r)).contains("Tên đăng nhập hoặc mã đặt lại không đúng");
        }
        // An expired code is refused like a wrong one.
        jdbc.sql("update access_password_reset set code_expires = now() - interval '1 minute' where code_hash = ?")
                .param(Tokens.sha256(code.replace("-", ""))).update();
        assertThat(redeem(p.username(), code, NEW_PASSWORD, NEW_PASSWORD).getResponse().getStatus()).isEqualTo(400);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(p.username(), PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void twelve_requests_at_once_make_one_and_twelve_redemptions_at_once_one_success() throws Exception {
        Person admin = admin("SD3", "THUONG");
        Person p = official("SD3", "THUONG");
        List<Integer> asked = parallel(12, () -> ask(p.username()).getResponse().getStatus());
        assertThat(asked).containsOnly(200);
        assertThat(openRequests(p.username())).isEqualTo(1);
        awaitNotices(admin.officialId(), 1);
        Thread.sleep(500);
        assertThat(notices(admin.officialId())).as("the administrator is told once").isEqualTo(1);

        String code = issue(admin.username(), p.officialId(), false);
        limits.reset();
        List<Integer> redeemed = parallel(12, () -> redeem(p.username(), code, NEW_PASSWORD, NEW_PASSWORD).getResponse().getStatus());
        assertThat(redeemed.stream().filter(s -> s == 302).count()).isEqualTo(1);
        assertThat(redeemed.stream().filter(s -> s == 400).count()).isEqualTo(11);
        assertThat(audited("account.password.reset", "account:" + p.username(), "SUCCESS")).isEqualTo(1);
    }

    @Test
    void requests_and_redemptions_pass_the_sign_in_rate_limits() throws Exception {
        String name = "ai-do-" + System.nanoTime();
        List<MvcResult> results = new ArrayList<>();
        for (int i = 0; i < 22; i++) results.add(ask(name));
        var refused = results.stream().filter(r -> r.getResponse().getStatus() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused.getFirst().getResponse().getHeader("Retry-After")).matches("\\d+");
        assertThat(body(refused.getFirst())).contains("Thử lại sau");
        var redeemRefused = redeem(name, "AAAA-BBBB-CCCC-DDDD-EEEE", NEW_PASSWORD, NEW_PASSWORD);
        assertThat(redeemRefused.getResponse().getStatus()).isEqualTo(429);
    }

    @Test
    void only_an_administrator_who_may_issues_a_code() throws Exception {
        Person p = official("SD3", "THUONG");
        Person peer = official("SD3", "THUONG");
        Person elsewhere = admin("BTL86", "TOI_MAT");
        Person unitAdmin = admin("SD3", "THUONG");
        Person secret = official("SD3", "MAT");
        Person otherAdmin = admin("SD3", "THUONG");

        assertThat(as(peer.username(), get("/admin/password-resets")).getResponse().getStatus()).isEqualTo(403);
        // Without any grant over the official's unit: hidden, as if missing.
        assertThat(as(peer.username(), post("/admin/password-resets/" + p.officialId() + "/issue")).getResponse().getStatus()).isEqualTo(404);
        // Out of his units: hidden, as if missing.
        assertThat(as(elsewhere.username(), post("/admin/password-resets/" + p.officialId() + "/issue")).getResponse().getStatus()).isEqualTo(404);
        assertThat(as(elsewhere.username(), post("/admin/password-resets/999999999/issue")).getResponse().getStatus()).isEqualTo(404);
        // Not for himself, not above his clearance, not for another administrator (a system administrator's task).
        assertThat(as(unitAdmin.username(), post("/admin/password-resets/" + unitAdmin.officialId() + "/issue")).getResponse().getStatus()).isEqualTo(403);
        assertThat(as(unitAdmin.username(), post("/admin/password-resets/" + secret.officialId() + "/issue")).getResponse().getStatus()).isEqualTo(403);
        assertThat(as(unitAdmin.username(), post("/admin/password-resets/" + otherAdmin.officialId() + "/issue")).getResponse().getStatus()).isEqualTo(403);
        assertThat(audited("account.password.reset.issue", "official:" + secret.officialId(), "DENIED")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from access_password_reset r join access_account a on a.id = r.account_id where a.official_id in (?, ?, ?)")
                .params(unitAdmin.officialId(), secret.officialId(), otherAdmin.officialId()).query(Long.class).single()).isZero();
        // The system administrator may.
        assertThat(issue("admin", otherAdmin.officialId(), false)).isNotBlank();
        // Nobody else's request shows on the list of an administrator who may not act on it.
        ask(secret.username());
        assertThat(body(as(unitAdmin.username(), get("/admin/password-resets")))).doesNotContain(secret.username());
    }

    @Test
    void a_reset_of_the_second_factor_makes_the_official_enrol_again() throws Exception {
        Person p = official("SD3", "MAT");
        jdbc.sql("update access_account set totp_secret = ?, totp_enabled = true where username = ?").params(Api.DEMO_TOTP, p.username()).update();
        String code = issue("admin", p.officialId(), true);
        assertThat(redeem(p.username(), code, NEW_PASSWORD, NEW_PASSWORD).getResponse().getStatus()).isEqualTo(302);
        assertThat(jdbc.sql("select totp_enabled from access_account where username = ?").param(p.username()).query(Boolean.class).single()).isFalse();
        var r = api.post("/api/v1/auth/token", null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(p.username(), NEW_PASSWORD));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("type").asString()).endsWith("otp-enrol-first");
    }

    @Test
    void poison_input_is_refused_without_a_500() throws Exception {
        Person p = official("SD3", "THUONG");
        for (String name : List.of("", " ", "a".repeat(10_000), "x\u0000y", "\ud800", "' or 1=1 --", "ADMIN")) {
            int s = ask(name).getResponse().getStatus();
            assertThat(s).as(name.length() > 20 ? name.substring(0, 20) : name).isIn(200, 400);
        }
        for (String code : List.of("", "x".repeat(10_000), "\u0000", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "%", "ỊỊỊỊ-BBBB-CCCC-DDDD-EEEE")) {
            int s = redeem(p.username(), code, NEW_PASSWORD, NEW_PASSWORD).getResponse().getStatus();
            assertThat(s).isEqualTo(400);
        }
        assertThat(redeem(p.username(), "AAAA", "x".repeat(100_000), "y").getResponse().getStatus()).isEqualTo(400);
        assertThat(as("admin", post("/admin/password-resets/abc/issue")).getResponse().getStatus()).isEqualTo(404);
    }

    static List<Integer> parallel(int n, Callable<Integer> task) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) tasks.add(task);
        List<Integer> out = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(n)) {
            for (var f : pool.invokeAll(tasks)) out.add(f.get());
        }
        return out;
    }
}
