package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** The conventions every later module relies on: OpenAPI, health probes, metrics, the public pages. */
@PlatformTest
class PlatformConventionsTest {

    @LocalServerPort int port;

    @Test
    void openapi_describes_the_v1_contract() {
        var r = new Api(port).get("/v3/api-docs", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("info").get("title").asString()).isEqualTo("Trường Sơn API");
        var paths = r.json().get("paths");
        for (String p : new String[] {"/api/v1/auth/token", "/api/v1/me", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/officials",
                "/api/v1/officials/{id}/grants", "/api/v1/calendar/add", "/api/v1/calendar/holidays"}) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        assertThat(new Api(port).get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void health_probes_and_metrics_answer() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
        var prom = api.get("/actuator/prometheus", null);
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.body()).contains("http_server_requests_seconds").contains("hikaricp_connections");
    }

    @Test
    void screens_need_a_session_and_speak_vietnamese_first() {
        Api api = new Api(port);
        var office = api.get("/office", null);
        assertThat(office.status()).isEqualTo(302);
        assertThat(office.headers().get("location").get(0)).endsWith("/login");
        var login = api.get("/login", null);
        assertThat(login.body()).contains("Đăng nhập").contains("Tên đăng nhập");
        assertThat(api.get("/login?lang=en", null).body()).contains("Username");
    }
}
