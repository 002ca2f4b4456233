package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of {@code ./truongson run} against crashes (issue 10, finding 14): a kill -9 of the server
 * during acknowledged writes loses none of them, and a kill -9 of the platform leaves a server that the next start
 * stops cleanly instead of failing on {@code postmaster.pid}.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path data;

    @Test
    void killMinus9OfTheServerDuringWritesLosesNoAcknowledgedWrite() throws Exception {
        EmbeddedPostgres pg = EmbeddedDatabase.start(data, 0);
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("create table crash_probe (id bigint primary key, payload text not null)");
        }
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong next = new AtomicLong();
        AtomicBoolean crashed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            writers.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    while (!crashed.get()) {
                        long id = next.incrementAndGet();
                        c.createStatement().executeUpdate("insert into crash_probe values (" + id + ", repeat('x', 200))");
                        acknowledged.add(id); // autocommit: the commit was acknowledged
                    }
                } catch (SQLException expected) {
                    // the server died under us
                }
                return null;
            });
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acknowledged.size() < 2_000 && System.nanoTime() < until) Thread.sleep(20);
        ProcessHandle server = EmbeddedDatabase.runningServer(data.resolve("postgres")).orElseThrow();
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly(); // SIGKILL, mid-write
        server.onExit().get(10, TimeUnit.SECONDS);
        crashed.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(500);
        try {
            pg.close(); // releases zonky's lock on the directory, as the death of the platform's JVM would
        } catch (Exception alreadyDead) {
            // pg_ctl stop finds no server
        }

        EmbeddedPostgres again = EmbeddedDatabase.start(data, 0);
        try (Connection c = DriverManager.getConnection(again.getJdbcUrl("postgres", "postgres"));
             ResultSet rs = c.createStatement().executeQuery("select id from crash_probe")) {
            Set<Long> stored = new java.util.HashSet<>();
            while (rs.next()) stored.add(rs.getLong(1));
            Set<Long> lost = new java.util.TreeSet<>(acknowledged);
            lost.removeAll(stored);
            System.out.printf("kill -9 of the embedded PostgreSQL: %d writes acknowledged, %d lost%n", acknowledged.size(), lost.size());
            assertThat(lost).as("acknowledged writes missing after the crash").isEmpty();
        } finally {
            again.close();
        }
    }

    @Test
    void aServerLeftByAKilledPlatformIsStoppedCleanlyAndTheNextStartKeepsItsData() throws Exception {
        // The platform's JVM, for real: a child process starts the server, writes, and is killed with SIGKILL.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process platform = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(platform.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) { /* start-up log */ }
            assertThat(line).as("the child platform reported its write").isEqualTo("READY");
            platform.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ProcessHandle orphan = EmbeddedDatabase.runningServer(data.resolve("postgres")).orElseThrow(
                () -> new AssertionError("kill -9 of the platform should leave its server running (what the next start must handle)"));

        EmbeddedPostgres pg = EmbeddedDatabase.start(data, 0);
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
             ResultSet rs = c.createStatement().executeQuery("select note from before_the_kill")) {
            assertThat(orphan.isAlive()).as("the orphaned server was stopped").isFalse();
            assertThat(EmbeddedDatabase.runningServer(data.resolve("postgres")).orElseThrow().pid()).isNotEqualTo(orphan.pid());
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("viết trước khi bị dừng");
        } finally {
            pg.close();
        }
        assertThat(Files.exists(data.resolve("postgres/postmaster.pid"))).isFalse();
    }

    /** The stand-in platform of the second test. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres pg = EmbeddedDatabase.start(Path.of(args[0]), 0);
            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
                c.createStatement().execute("create table before_the_kill (note text)");
                c.createStatement().execute("insert into before_the_kill values ('viết trước khi bị dừng')");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
