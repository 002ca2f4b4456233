package vn.truongson.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of {@code ./truongson run}: real binaries (zonky), its cluster in {@code <data dir>/postgres},
 * durable like any production server (fsync, synchronous commit, full-page writes: zonky's defaults turn the first
 * two off, which lost acknowledged writes when the server was killed), and safe to start after a crash: a server
 * of our own data directory left running by a killed platform is stopped cleanly first, so there is never a
 * second server on one data directory and never a start that fails on {@code postmaster.pid}.
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    private EmbeddedDatabase() {
    }

    static EmbeddedPostgres start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(dir);
            stopOrphan(dir);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // Spring stops the server when it closes the pool; zonky's own hook would pull the
                    // database from under a context still shutting down.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "100")
                    // zonky starts postgres with -F (fsync off) and synchronous_commit=off; these come later on
                    // its command line and win.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setLocaleConfig("encoding", "UTF8");
            if (port > 0) b.setPort(port);
            EmbeddedPostgres pg = b.start();
            log.info("Embedded PostgreSQL started on port {} with its data in {}", pg.getPort(), dir);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** The live postmaster named by {@code postmaster.pid} of this data directory, if it is ours. */
    static Optional<ProcessHandle> runningServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) return Optional.empty();
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Path named = Path.of(lines.get(1).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isPostgresOf(p, dir, named));
    }

    private static boolean isPostgresOf(ProcessHandle p, Path dir, Path named) {
        // A recycled pid belongs to some other program: only a postgres whose pid file names this directory counts.
        String cmd = p.info().command().orElse("");
        try {
            return cmd.endsWith("/postgres") && Files.isSameFile(named, dir);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A killed platform leaves its postmaster running (pg_ctl detaches it). Ask it for a fast shutdown (SIGINT:
     * it rolls back open transactions, writes a checkpoint, and keeps every committed one), and wait.
     */
    private static void stopOrphan(Path dir) throws IOException {
        Optional<ProcessHandle> orphan = runningServer(dir);
        if (orphan.isEmpty()) return;
        ProcessHandle p = orphan.get();
        log.warn("An embedded PostgreSQL (pid {}) from an earlier run still serves {}; stopping it before starting afresh", p.pid(), dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            p.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the earlier embedded PostgreSQL (pid " + p.pid() + ")", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The earlier embedded PostgreSQL (pid " + p.pid() + ") did not stop within "
                    + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it (kill -INT " + p.pid() + ") and start again", e);
        }
        log.info("The earlier embedded PostgreSQL stopped cleanly");
    }
}
