package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 13: a request refused by a filter (Spring Security's firewall, {@link InputGuard}) is answered by the
 * container's error dispatch, after the session's filter has put the session away. The page keeps the signed-in
 * header (name, unit, the menus) in Vietnamese, and the refusal's status. Real HTTP, a real session cookie made by
 * the sign-in form.
 */
@PlatformTest
class RefusalHeaderTest {

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String session;

    private HttpResponse<String> page(String path, String cookie) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().header("Accept", "text/html,application/xhtml+xml");
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static java.util.Optional<String> sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("SESSION=")).map(c -> c.split(";")[0]).findFirst();
    }

    @BeforeEach
    void signIn() throws Exception {
        HttpResponse<String> form = page("/login", null);
        String cookie = sessionCookie(form).orElseThrow();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String body = "username=baocao.btl86&password=" + URLEncoder.encode(Api.DEMO_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("location").orElse("")).endsWith("/office");
        session = sessionCookie(signIn).orElse(cookie);
        assertThat(page("/office", session).body()).contains("id=\"ts-person\"");
    }

    private static void signedInPage(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        String body = r.body();
        assertThat(body).contains("data-status=\"" + status + "\"", "<html lang=\"vi\"");
        assertThat(body).as("the signed-in header: his name, his unit, the menus, a way out")
                .contains("id=\"ts-person\"", "id=\"ts-person-unit\"", "Đăng xuất", "href=\"/office/programme")
                .doesNotContain("href=\"/login\"", "baocao.btl86\"");
        assertThat(body).doesNotContain("Tomcat", "RequestRejected", "semicolon", "firewall");
    }

    @Test
    void the_firewalls_refusal_keeps_the_signed_in_header() throws Exception {
        var r = page("/office/a%3Bb", session);
        signedInPage(r, 400);
        assertThat(r.body()).contains("Yêu cầu không hợp lệ");
        signedInPage(page("/office/a%25b", session), 400); // an encoded percent, refused by the firewall too
        // Signed out: the signed-out header, same status.
        var anon = page("/office/a%3Bb", null);
        assertThat(anon.statusCode()).isEqualTo(400);
        assertThat(anon.body()).doesNotContain("id=\"ts-person\"", "Đăng xuất");
        // A cookie that names no session is a stranger.
        var stranger = page("/office/a%3Bb", "SESSION=" + java.util.Base64.getEncoder().encodeToString(java.util.UUID.randomUUID().toString().getBytes()));
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(stranger.body()).doesNotContain("id=\"ts-person\"");
    }

    @Test
    void the_input_guards_refusal_keeps_the_signed_in_header() throws Exception {
        var r = page("/office/documents?q=%00", session);
        signedInPage(r, 400);
        assertThat(r.body()).contains("id=\"error-detail\"");
        signedInPage(page("/office?x=" + "a".repeat(InputGuard.MAX_QUERY + 10), session), 414);
    }

    @Test
    void twelve_refusals_at_once_each_keep_their_own_header() throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
            for (int i = 0; i < 12; i++) {
                String path = i % 2 == 0 ? "/office/a%3Bb" + i : "/office/documents?q=%00" + i;
                String cookie = i % 3 == 0 ? null : session;
                futures.add(pool.submit(() -> page(path, cookie)));
            }
            for (int i = 0; i < 12; i++) {
                var r = futures.get(i).get();
                assertThat(r.statusCode()).isEqualTo(400);
                if (i % 3 == 0) assertThat(r.body()).doesNotContain("id=\"ts-person\"");
                else assertThat(r.body()).contains("id=\"ts-person\"");
            }
        }
    }
}
