package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** Issue 10, finding 5, where passwords are set: the officials API and the change of one's own password. */
@PlatformTest
class PasswordPolicyApiTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired SignInRateLimits limits;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        limits.reset();
    }

    Api.Response create(String username, String fullName, String password, String lang) {
        String unit = jdbc.sql("select id from org_unit where code = 'SD3'").query(String.class).single();
        String body = """
                {"username":"%s","fullName":"%s","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"%s"}"""
                .formatted(username, fullName, unit, password);
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/officials")).header("Content-Type", "application/json")
                .header("Accept-Language", lang).POST(HttpRequest.BodyPublishers.ofString(body)), "admin");
    }

    static String name() {
        return "p" + Long.toString(System.nanoTime(), 36);
    }

    @Test
    void the_attacks_passwords_are_a_400_naming_the_field_and_the_reason_in_the_callers_language() {
        var vi = create(name(), "Lê Văn Bảo", "password12", "vi");
        assertThat(vi.status()).as(vi.body()).isEqualTo(400);
        assertThat(vi.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        assertThat(vi.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(vi.json().get("errors").get(0).get("message").asString()).contains("12").contains("ký tự");

        var en = create(name(), "Lê Văn Bảo", "aaaaaaaaa1", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(en.json().get("errors").get(0).get("message").asString()).contains("12 to 128 characters");
    }

    @Test
    void a_common_password_the_username_the_name_or_the_platform_is_refused_and_nothing_is_created() {
        String u = name();
        for (String[] c : new String[][] {
                {"LeaveMeAlone", "phổ biến"}, {u + "-mua-thu", "tên đăng nhập"}, {"Hoang-Bao-Tran-88", "họ tên"}, {"TruongSon@2027!", "Trường Sơn"}}) {
            var r = create(u, "Hoàng Bảo Trân", c[0], "vi");
            assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
            assertThat(r.json().get("errors").toString()).as(c[0]).contains(c[1]);
        }
        assertThat(jdbc.sql("select count(*) from org_official o join access_account a on a.official_id = o.id where a.username = ?")
                .param(u).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from access_account where username = ?").param(u).query(Long.class).single()).isZero();
        var ok = create(u, "Hoàng Bảo Trân", "ngựa vằn ăn cỏ bên sông", "vi");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void changing_ones_password_follows_the_same_rule() {
        String u = name();
        assertThat(create(u, "Đinh Công Tráng", "MatKhau2026!x", "vi").status()).isEqualTo(201);
        String token = api.post("/api/v1/auth/token", null, "{\"username\":\"" + u + "\",\"password\":\"MatKhau2026!x\"}").json().get("accessToken").asString();
        java.util.function.Function<String, Api.Response> change = next -> api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/me/password"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"currentPassword\":\"MatKhau2026!x\",\"newPassword\":\"" + next + "\"}")), null);
        for (String weak : new String[] {"password12", "Unbelievable", "dinh-cong-trang-1", "truongson-2026"}) {
            var r = change.apply(weak);
            assertThat(r.status()).as(weak + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("newPassword");
        }
        assertThat(change.apply("hoa sen nở giữa hồ xanh").status()).isEqualTo(204);
    }
}
