package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 10, finding 2: a flood of anonymous sign-ins does not stall anyone else. 100 sign-ins with made-up
 * usernames at once, while a signed-in person keeps calling {@code GET /api/v1/me}: every one of his calls answers
 * 200, every sign-in answers 401, 429 or 503 (never 500), and every refusal is in the audit trail. A pool that is
 * full answers 503 problem+json with Retry-After within about two seconds, on the API and on the screens.
 */
@PlatformTest
class SignInFloodTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired SignInRateLimits limits;
    @Autowired SignInAudit refusals;
    @Autowired DataSource dataSource;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        limits.reset();
    }

    @AfterEach
    void tearDown() {
        // The flood spent the test address's bucket; the other test classes sign in from it too.
        limits.reset();
    }

    Api.Response me(String token) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/me")).header("Authorization", "Bearer " + token).GET(), null);
    }

    @Test
    void a_hundred_unknown_user_sign_ins_at_once_leave_everyone_else_served() throws Exception {
        String token = api.token("admin");
        assertThat(me(token).status()).isEqualTo(200);
        String prefix = "flood" + Long.toString(System.nanoTime(), 36) + "-";
        int n = 100;

        AtomicBoolean flooding = new AtomicBoolean(true);
        List<long[]> meCalls = new CopyOnWriteArrayList<>(); // {status, millis}
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (flooding.get()) {
                long t0 = System.nanoTime();
                int status = me(token).status();
                meCalls.add(new long[] {status, (System.nanoTime() - t0) / 1_000_000});
            }
        });

        List<Callable<Api.Response>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"username\":\"" + prefix + i + "\",\"password\":\"KhongBietMatKhau-" + i + "\"}";
            tasks.add(() -> api.post("/api/v1/auth/token", null, body));
        }
        List<Api.Response> answers = new ArrayList<>();
        long t0 = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(n)) {
            for (var f : pool.invokeAll(tasks)) answers.add(f.get());
        } finally {
            flooding.set(false);
            watcher.join();
        }
        long floodMillis = (System.nanoTime() - t0) / 1_000_000;

        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (var a : answers) byStatus.merge(a.status(), 1, Integer::sum);
        long meMax = meCalls.stream().mapToLong(c -> c[1]).max().orElse(-1);
        System.out.printf("sign-in flood: %d sign-ins in %d ms, answers %s; GET /api/v1/me %d calls meanwhile, max %d ms, statuses %s%n",
                n, floodMillis, byStatus, meCalls.size(), meMax, meCalls.stream().map(c -> c[0]).distinct().toList());

        assertThat(byStatus.keySet()).as("sign-in answers").isSubsetOf(401, 429, 503);
        for (var a : answers) {
            assertThat(a.headers().get("content-type").getFirst()).startsWith("application/problem+json");
            if (a.status() != 401) assertThat(a.headers().get("retry-after")).as(a.body()).isNotNull();
        }
        assertThat(meCalls).as("the signed-in person was served during the flood").isNotEmpty();
        assertThat(meCalls).allSatisfy(c -> assertThat(c[0]).as("GET /api/v1/me").isEqualTo(200));
        assertThat(meMax).as("slowest GET /api/v1/me during the flood, ms").isLessThan(5_000);

        // Every refusal left its row: failures, rate-limit and busy refusals alike (these two written by one thread).
        refusals.flush();
        long audited = jdbc.sql("select count(*) from audit_event where action = 'signin' and actor like ?").param(prefix + "%")
                .query(Long.class).single();
        assertThat(audited).isEqualTo(n);
        assertThat(me(token).status()).isEqualTo(200);
    }

    @Test
    void a_full_pool_answers_503_with_retry_after_within_two_seconds_never_a_hang_or_a_500() throws Exception {
        String token = api.token("admin");
        int size = ((com.zaxxer.hikari.HikariDataSource) dataSource).getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < size) held.add(dataSource.getConnection());
            long t0 = System.nanoTime();
            var api503 = me(token);
            long apiMillis = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            var screen = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/procedures")).GET(), null);
            long screenMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("full pool: API answered %d in %d ms, screen %d in %d ms%n", api503.status(), apiMillis, screen.status(), screenMillis);

            assertThat(api503.status()).as(api503.body()).isEqualTo(503);
            assertThat(api503.headers().get("content-type").getFirst()).startsWith("application/problem+json");
            assertThat(api503.headers().get("retry-after")).containsExactly("2");
            assertThat(api503.json().get("detail").asString()).contains("quá tải");
            assertThat(apiMillis).isLessThan(3_000);
            // A public page that reads the database: a short Vietnamese page, 503 with Retry-After.
            assertThat(screen.status()).as(screen.body()).isEqualTo(503);
            assertThat(screen.headers().get("retry-after")).containsExactly("2");
            assertThat(screen.body()).contains("quá tải");
            assertThat(screenMillis).isLessThan(3_000);
        } finally {
            for (Connection c : held) c.close();
        }
        assertThat(me(token).status()).as("served again once the pool has room").isEqualTo(200);
    }
}
