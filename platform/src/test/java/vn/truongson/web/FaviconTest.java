package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.PlatformTest;

/** Issue 13, item 7: every page's browser asks for /favicon.ico; it is an icon, not a 404, signed in or not. */
@PlatformTest
class FaviconTest {

    @LocalServerPort int port;

    @Test
    void theFaviconIsAnIconForAnyone() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/favicon.ico")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("icon"));
        byte[] b = r.body();
        assertThat(b.length).isGreaterThan(22);
        // ICONDIR: reserved 0, type 1 (icon), at least one image
        assertThat(new int[] {b[0], b[1], b[2], b[3], b[4]}).containsExactly(0, 0, 1, 0, 1);
    }
}
