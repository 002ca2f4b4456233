package vn.truongson.population.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** GET /api/v1/population/id-numbers/{idNumber} over HTTP, in both languages. */
@PlatformTest
class IdNumberApiTest {

    @LocalServerPort int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aValidNumberIsDecoded() {
        var r = api.get("/api/v1/population/id-numbers/079301012345", "admin");
        assertThat(r.status()).isEqualTo(200);
        var j = r.json();
        assertThat(j.get("valid").asBoolean()).isTrue();
        assertThat(j.get("provinceCode").asString()).isEqualTo("079");
        assertThat(j.get("provinceName").asString()).isEqualTo("TP. Hồ Chí Minh");
        assertThat(j.get("gender").asString()).isEqualTo("FEMALE");
        assertThat(j.get("birthYearFrom").asInt()).isEqualTo(2001);
        assertThat(j.get("birthYearTo").asInt()).isEqualTo(2001);
        assertThat(j.get("problems").size()).isZero();
    }

    @Test
    void everyProblemIsReportedAtOnceInTheCallersLanguage() {
        String path = "/api/v1/population/id-numbers/0039x12345678";
        var vi = api.get(path, "admin").json();
        assertThat(vi.get("valid").asBoolean()).isFalse();
        assertThat(vi.get("problems").size()).isEqualTo(4);
        assertThat(vi.get("problems").get(0).get("code").asString()).isEqualTo("LENGTH");
        assertThat(vi.get("problems").get(0).get("message").asString()).contains("12 chữ số");
        assertThat(vi.get("problems").get(2).get("message").asString()).contains("Mã tỉnh \"003\"");
        var en = api.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Accept-Language", "en").GET(), "admin").json();
        assertThat(en.get("problems").get(3).get("code").asString()).isEqualTo("IMPOSSIBLE_CENTURY");
        assertThat(en.get("problems").get(3).get("message").asString()).contains("2300");
    }

    @Test
    void signedInOfficialsOnly() {
        assertThat(api.get("/api/v1/population/id-numbers/079301012345", null).status()).isEqualTo(401);
    }
}
