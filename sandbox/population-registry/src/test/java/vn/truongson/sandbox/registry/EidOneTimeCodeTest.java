package vn.truongson.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 10, finding 12: a one-time code opens one e-ID sign-in, never two — whether the second comes after the
 * first or at the same moment — and the next code still works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sandbox.data-dir=target/test-data", "sandbox.citizens.count=2000"})
class EidOneTimeCodeTest {

    static final String SECRET = "JBSWY3DPEHPK3PXP";
    static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Opens a level-2 sign-in at the provider and returns its request id. */
    String begin() throws Exception {
        String q = "client_id=truongson&redirect_uri=" + enc("http://localhost:9/citizen/callback") + "&response_type=code&scope=openid"
                + "&code_challenge=" + "A".repeat(43) + "&code_challenge_method=S256&nonce=n1&state=s1&acr_values=" + enc(EidProvider.ACR_PREFIX + "2");
        var page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/eid/authorize?" + q)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher m = REQUEST.matcher(page.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    HttpResponse<String> submit(String request, String idNumber, String otp) throws Exception {
        String form = "request=" + enc(request) + "&idNumber=" + idNumber + "&password=" + enc("CongDan@2026") + "&otp=" + otp;
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/eid/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Waits into a fresh 30 s step if this one is nearly over, so a code stays valid for the whole test step. */
    static long freshStep() throws InterruptedException {
        long now = Instant.now().getEpochSecond();
        if (now % 30 > 20) Thread.sleep((30 - now % 30) * 1000 + 200);
        return Instant.now().getEpochSecond() / 30;
    }

    @Test
    void the_same_code_does_not_open_a_second_sign_in() throws Exception {
        String id = "001090001234";
        long step = freshStep();
        // No earlier sign-in in this JVM's data used a later step: start from a clean slate for this account.
        jdbc.sql("update eid_account set totp_last_step = 0 where id_number = ?").param(id).update();
        String code = EidAccounts.totp(SECRET, step);

        var first = submit(begin(), id, code);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location").orElseThrow()).contains("code=");

        var second = submit(begin(), id, code);
        assertThat(second.statusCode()).as("the same code, a second sign-in").isEqualTo(401);
        assertThat(second.body()).contains("đã được dùng").doesNotContain("code=");

        // An older code is no better than the used one; the next step's code opens the next sign-in.
        assertThat(submit(begin(), id, EidAccounts.totp(SECRET, step - 1)).statusCode()).isEqualTo(401);
        var next = submit(begin(), id, EidAccounts.totp(SECRET, step + 1));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(303);
    }

    @Test
    void twelve_sign_ins_at_once_with_one_code_open_one() throws Exception {
        String id = "048203000999";
        long step = freshStep();
        jdbc.sql("update eid_account set totp_last_step = 0 where id_number = ?").param(id).update();
        String code = EidAccounts.totp(SECRET, step);
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) requests.add(begin());
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String r : requests) tasks.add(() -> submit(r, id, code).statusCode());
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (var f : pool.invokeAll(tasks)) statuses.add(f.get());
        }
        assertThat(statuses.stream().filter(s -> s == 303).count()).as(statuses.toString()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(11);
    }
}
