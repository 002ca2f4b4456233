package vn.truongson.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One PostgreSQL for the whole test run: the server named by {@code TRUONGSON_TEST_DB_URL} (a fresh
 * database is created on it for this run), or an embedded one (zonky) started once per JVM.
 */
public final class TestDatabase {

    private static String url;

    private TestDatabase() {}

    public static synchronized String url() {
        if (url == null) url = start();
        return url;
    }

    private static String start() {
        String external = System.getenv("TRUONGSON_TEST_DB_URL");
        if (external != null && !external.isBlank()) return freshDatabaseOn(external);
        try {
            Path dir = Files.createTempDirectory("truongson-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).setRegisterShutdownHook(false)
                    .setServerConfig("timezone", "UTC").setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Spring's own hook closes the cached test contexts at the same time; stopping the server
                // under them made each context wait out a 30 s connection timeout. Wait for them first.
                awaitContextsClosed();
                try { pg.close(); } catch (IOException ignored) { /* the JVM is going anyway */ }
            }));
            return pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates truongson_test_<random> on the external server and answers its URL. */
    private static String freshDatabaseOn(String serverUrl) {
        String name = "truongson_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl)) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + serverUrl, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(serverUrl)) {
                c.createStatement().execute("drop database if exists " + name + " with (force)");
            } catch (SQLException ignored) {
                // Left behind; harmless on a CI machine.
            }
        }));
        // Replace the database part of jdbc:postgresql://host:port/db?params.
        return serverUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    /**
     * The database's owner (the server's superuser), which the platform's migrations run as. The platform itself connects
     * as the application role, which owns nothing (issue 11): a test that attacks the audit trail or makes tables of its
     * own does it through this.
     */
    public static javax.sql.DataSource owner() {
        return new org.springframework.jdbc.datasource.DriverManagerDataSource(url());
    }

    /** Runs statements as the owner, each on its own. */
    public static void asOwner(String... sql) {
        try (Connection c = DriverManager.getConnection(url())) {
            for (String s : sql) c.createStatement().execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The role the platform's pool connects as. */
    public static final String APP_ROLE = "truongson_app";

    private static final java.util.concurrent.atomic.AtomicInteger OPEN_CONTEXTS = new java.util.concurrent.atomic.AtomicInteger();

    private static void awaitContextsClosed() {
        long until = System.nanoTime() + 20_000_000_000L;
        while (OPEN_CONTEXTS.get() > 0 && System.nanoTime() < until) {
            try { Thread.sleep(50); } catch (InterruptedException e) { return; }
        }
    }

    /** Points the application at the test database, and counts open contexts for the shutdown hook. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext ctx) {
            // Many cached contexts share one server: each keeps one idle connection, not its whole pool.
            TestPropertyValues.of("truongson.db.url=" + url(), "truongson.db.pool.min-idle=1", "truongson.db.pool.idle-timeout=10s")
                    .applyTo(ctx.getEnvironment());
            OPEN_CONTEXTS.incrementAndGet();
            // The first singleton registered is the last destroyed: it counts the context closed only when
            // every other bean, the pool and the event registry included, is gone.
            ctx.getBeanFactory().registerSingleton("truongsonTestDatabaseRelease",
                    (org.springframework.beans.factory.DisposableBean) OPEN_CONTEXTS::decrementAndGet);
        }
    }
}
