package vn.truongson.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.TruongSonApplication;
import vn.truongson.files.FileFixtures;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.TestDatabase;

/**
 * Two nodes on one database (issue 12 §4): the test's platform (node A) and a second application context started
 * beside it (node B) on the same PostgreSQL and the same token store. A browser session signed in on A is served by B;
 * a file stored on A is read on B; the reminder job made due runs once for both. The same with real processes, HAProxy
 * and a SIGKILL: bench/cluster.sh.
 */
@PlatformTest
class TwoNodesTest {

    @LocalServerPort int port;
    @Autowired FileStore files;
    @Autowired JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(int port, String path, String cookie) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Optional<String> sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("SESSION=")).map(c -> c.split(";")[0]).findFirst();
    }

    private static void await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) throw new AssertionError("not within " + limit);
            Thread.sleep(100);
        }
    }

    private long reminderRuns() {
        return jdbc.sql("select count(*) from audit_event where action = 'programme.reminders.run'").query(Long.class).single();
    }

    @Test
    void a_second_node_serves_the_first_ones_session_files_and_shares_its_jobs() throws Exception {
        // Command-line arguments, so that they win over application.yml (default properties would not).
        ConfigurableApplicationContext nodeB = new SpringApplicationBuilder(TruongSonApplication.class).run(
                "--server.port=0", "--truongson.db.url=" + TestDatabase.url(), "--truongson.db.pool.min-idle=1", "--truongson.db.pool.idle-timeout=10s",
                "--truongson.demo.enabled=true", "--truongson.data-dir=target/test-data-node-b",
                "--truongson.signing.token-dir=target/test-data/softhsm", "--truongson.scheduler.polling-interval=200ms",
                "--spring.application.name=node-b");
        try {
            int portB = Integer.parseInt(nodeB.getEnvironment().getProperty("local.server.port"));

            // A browser session made on A (CSRF token, form sign-in) ...
            HttpResponse<String> form = get(port, "/login", null);
            String cookie = sessionCookie(form).orElseThrow();
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
            assertThat(csrf.find()).isTrue();
            String body = "username=baocao.btl86&password=" + URLEncoder.encode("TruongSon@2026", StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as("sign-in: %s", signIn.headers().map()).isEqualTo(302);
            assertThat(signIn.headers().firstValue("location").orElse("")).endsWith("/office");
            String session = sessionCookie(signIn).orElse(cookie);
            assertThat(get(port, "/office", session).statusCode()).as("on A").isEqualTo(200);
            // ... is served by B, and a stranger's request to B is not.
            HttpResponse<String> onB = get(portB, "/office", session);
            assertThat(onB.statusCode()).as("on B: %s", onB.headers().map()).isEqualTo(200);
            assertThat(onB.body()).contains("Đăng xuất");
            assertThat(get(portB, "/office", null).statusCode()).isEqualTo(302);

            // A file stored on A is read on B.
            byte[] pdf = FileFixtures.pdf("Hai nut " + UUID.randomUUID());
            StoredFile stored = files.store(new ByteArrayInputStream(pdf), "hai nút.pdf", 1 << 20);
            try (InputStream in = nodeB.getBean(FileStore.class).open(stored.sha256())) {
                assertThat(in.readAllBytes()).isEqualTo(pdf);
            }

            // The reminder job, due now, runs once for the two nodes, and is then due again only tomorrow.
            long before = reminderRuns();
            jdbc.sql("update scheduled_tasks set execution_time = now() where task_name = 'programme-reminders'").update();
            await(Duration.ofSeconds(60), () -> reminderRuns() > before);
            await(Duration.ofSeconds(30), () -> jdbc.sql("select execution_time > now() + interval '1 hour' and not picked from scheduled_tasks where task_name = 'programme-reminders'")
                    .query(Boolean.class).single());
            assertThat(reminderRuns()).isEqualTo(before + 1);
        } finally {
            nodeB.close();
        }
    }
}
