package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.org.Officials;
import vn.truongson.runtime.DatabaseSignals;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.TestDatabase;

/**
 * The token → actor cache (issue 20, findings 3 and 4). The shared test platform runs with it off; each test here
 * turns it on with a time to live of ten minutes, so that only a signal from the database can make a node forget.
 * Changes are made on a connection of the test's own, as another node would make them.
 */
@PlatformTest
class ActorCacheTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ActorCache cache;
    @Autowired DatabaseSignals signals;
    @Autowired Officials officials;
    @Autowired Accounts accounts;
    @Autowired Tokens tokens;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newHttpClient();
    long officialId;
    String token;

    @BeforeEach
    void freshOfficialWithCacheOn() throws Exception {
        long unit = jdbc.sql("select id from org_unit where code = 'QK1'").query(Long.class).single();
        String name = "ac" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "." + SEQ.incrementAndGet();
        officialId = officials.insert(new Officials.NewOfficial(name, "Cán bộ thử " + name, unit, "Trợ lý", null,
                SecrecyLevel.THUONG, SecrecyLevel.THUONG, "-", null, null, null)).id();
        long account = accounts.createWithHash(officialId, name, accounts.hash("Thu-" + java.util.UUID.randomUUID()), null);
        jdbc.sql("insert into access_grant (official_id, role, unit_id, scope) values (?, 'UNIT_REPORTER', ?, 'UNIT')").params(officialId, unit).update();
        token = tokens.issue(account).token();
        waitUntil("the signals' connection is up", signals::live);
        cache.ttl(Duration.ofMinutes(10));
    }

    @AfterEach
    void cacheOffAgain() {
        cache.ttl(Duration.ZERO);
        jdbc.sql("update org_official set active = false where id = ?").param(officialId).update();
    }

    @Test
    void a_cached_actor_is_served_from_memory_and_forgotten_at_a_change_committed_anywhere() throws Exception {
        assertThat(roles(me())).containsExactly("UNIT_REPORTER");

        // A change the database does not signal (triggers off on the test's own superuser connection) stays unseen:
        // the answer really comes from memory.
        silently("insert into access_grant (official_id, role, unit_id, scope) select " + officialId + ", 'COMMANDER', unit_id, 'UNIT' from org_official where id = " + officialId);
        assertThat(roles(me())).as("served from the cache").containsExactly("UNIT_REPORTER");

        // The same kind of change, signalled (any node's commit): every node forgets, long before the ten minutes.
        onOtherNode("insert into access_grant (official_id, role, unit_id, scope) select " + officialId + ", 'PROGRAMME_COORDINATOR', unit_id, 'UNIT' from org_official where id = " + officialId);
        waitUntil("the grant made elsewhere is seen", () -> roles(me()).contains("PROGRAMME_COORDINATOR"));
        assertThat(roles(me())).containsExactlyInAnyOrder("UNIT_REPORTER", "COMMANDER", "PROGRAMME_COORDINATOR");

        // Clearance and deactivation are org's: signalled too.
        onOtherNode("update org_official set clearance = 2 where id = " + officialId);
        waitUntil("the clearance raised elsewhere is seen", () -> !"THUONG".equals(me().path("clearance").asString()));
        onOtherNode("update org_official set active = false where id = " + officialId);
        waitUntil("a deactivated official is refused", () -> status() == 401 || status() == 403);
    }

    @Test
    void a_revoked_token_is_refused_on_every_node_without_waiting_for_the_time_to_live() throws Exception {
        assertThat(status()).isEqualTo(200);
        assertThat(status()).isEqualTo(200);
        onOtherNode("delete from access_token where token_hash = '" + Tokens.sha256(token) + "'");
        waitUntil("the token deleted elsewhere is refused", () -> status() == 401);
    }

    @Test
    void losing_the_signals_makes_the_node_forget_and_answer_from_the_database() throws Exception {
        assertThat(roles(me())).containsExactly("UNIT_REPORTER");
        silently("delete from access_grant where official_id = " + officialId);
        assertThat(roles(me())).as("served from the cache").containsExactly("UNIT_REPORTER");
        // The node's listening connection dies (a database restart, a cut link): notifications may be lost in between,
        // so the node forgets everything and caches nothing until it listens again.
        onOtherNode("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'truongson-signals' and datname = current_database()");
        waitUntil("what changed unsignalled is seen after the connection was lost", () -> roles(me()).isEmpty());
        waitUntil("the node listens again", signals::live);
    }

    @Test
    void twelve_requests_at_once_with_one_token_all_succeed_and_a_revocation_reaches_them_all() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) calls.add(this::status);
            for (Future<Integer> f : pool.invokeAll(calls)) assertThat(f.get()).isEqualTo(200);
            onOtherNode("delete from access_token where token_hash = '" + Tokens.sha256(token) + "'");
            waitUntil("the revocation is seen", () -> status() == 401);
            for (Future<Integer> f : pool.invokeAll(calls)) assertThat(f.get()).isEqualTo(401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_unknown_token_is_never_remembered() throws Exception {
        String guess = "x".repeat(43);
        for (int i = 0; i < 3; i++) assertThat(send(guess).statusCode()).isEqualTo(401);
        // Issuing that very token afterwards works at once: no negative answer was kept.
        long account = jdbc.sql("select id from access_account where official_id = ?").param(officialId).query(Long.class).single();
        jdbc.sql("insert into access_token (token_hash, account_id, issued_at, expires_at) values (?, ?, now(), now() + interval '5 minutes')")
                .params(Tokens.sha256(guess), account).update();
        assertThat(send(guess).statusCode()).isEqualTo(200);
    }

    // --- helpers

    JsonNode me() throws Exception {
        HttpResponse<String> r = send(token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    int status() throws Exception {
        return send(token).statusCode();
    }

    HttpResponse<String> send(String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me"))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> roles(JsonNode me) {
        List<String> out = new ArrayList<>();
        me.path("grants").forEach(g -> out.add(g.path("role").asString()));
        return out;
    }

    /** A statement on a connection of its own, committed: what another node does. */
    static void onOtherNode(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A statement with triggers off (superuser): a change nobody is told about. */
    static void silently(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute(sql);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(String what, Check check) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > until) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(50);
        }
    }

}
