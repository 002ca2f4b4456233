package vn.truongson.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore of the embedded installation ({@code ./truongson backup DIR}, {@code ./truongson restore DIR}).
 *
 * <p>The database is copied by PostgreSQL's own online base-backup procedure (the low-level API of the manual,
 * "Making a Base Backup Using the Low Level API"): a temporary physical replication slot keeps every WAL segment
 * from the start, {@code pg_backup_start} checkpoints, the cluster's files are copied, {@code pg_backup_stop} hands
 * over the backup label, and the WAL written meanwhile is copied last. On start, PostgreSQL replays that WAL to the
 * backup's end: the restored database is the one of the moment the backup stopped. (pg_basebackup does the same over
 * the replication protocol; the embedded binaries do not ship it, and Debian's pgBackRest 2.45 does not know
 * PostgreSQL 18. External databases use pgBackRest: docs/operations.md.) The stored files, the keys and the token
 * store are copied after the database, so every file a backed-up row names is there.
 *
 * <p>{@code SHA256SUMS} lists every file with its SHA-256 in {@code sha256sum} format ({@code sha256sum -c} checks it
 * independently); a restore checks every line first and refuses a damaged or incomplete backup, changing nothing.
 */
public final class EmbeddedBackup {

    static final String MANIFEST = "SHA256SUMS";
    static final String INFO = "backup-info.properties";
    /** Server directories whose contents are recreated by PostgreSQL (the manual's list for base backups). */
    private static final Set<String> TRANSIENT_PG_DIRS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_subtrans");
    private static final Set<String> SKIPPED_PG_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label.old");

    private EmbeddedBackup() {
    }

    /** What a backup holds: its manifest's entries (relative path to SHA-256). */
    public record Result(Path dir, Map<String, String> files, String stopLsn) {}

    /**
     * Backs up {@code dataDir} into {@code target} (created; must be empty). {@code jdbcUrl} names the running embedded
     * server; when null, the server is started for the backup and stopped after.
     */
    public static Result backup(Path dataDir, Path target, String jdbcUrl) throws IOException, SQLException {
        dataDir = dataDir.toAbsolutePath().normalize();
        target = target.toAbsolutePath().normalize();
        if (target.startsWith(dataDir)) throw new IllegalArgumentException("The backup directory " + target + " is inside the data directory " + dataDir);
        Files.createDirectories(target);
        try (var list = Files.list(target)) {
            if (list.findAny().isPresent()) throw new IllegalArgumentException("The backup directory " + target + " is not empty");
        }
        EmbeddedPostgres started = null;
        if (jdbcUrl == null) {
            started = EmbeddedDatabase.start(dataDir, 0);
            jdbcUrl = started.getJdbcUrl("postgres", "postgres");
        }
        try {
            Path pg = dataDir.resolve("postgres");
            Path pgTarget = target.resolve("postgres");
            String stopLsn;
            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
                // The slot lives as long as this session and holds the WAL from now on: no checkpoint recycles it.
                s.execute("select pg_create_physical_replication_slot('truongson_backup_' || pg_backend_pid(), true, true)");
                s.execute("select pg_backup_start('truongson " + Instant.now() + "', true)");
                copyTree(pg, pgTarget, true);
                String label;
                String spcmap;
                try (ResultSet rs = s.executeQuery("select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)")) {
                    rs.next();
                    stopLsn = rs.getString(1);
                    label = rs.getString(2);
                    spcmap = rs.getString(3);
                }
                Files.writeString(pgTarget.resolve("backup_label"), label, StandardCharsets.UTF_8);
                if (spcmap != null && !spcmap.isEmpty()) Files.writeString(pgTarget.resolve("tablespace_map"), spcmap, StandardCharsets.UTF_8);
                // pg_backup_stop switched to a new segment: every segment up to the backup's end is complete now.
                copyWal(pg.resolve("pg_wal"), pgTarget.resolve("pg_wal"));
            }
            try (var entries = Files.list(dataDir)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals("postgres") || name.equals("cluster") || name.equals("clamd") || name.endsWith(".log") || name.endsWith(".port") || name.endsWith(".pid")) continue;
                    if (Files.isDirectory(p)) copyTree(p, target.resolve(name), false);
                    else copyFile(p, target.resolve(name));
                }
            }
            Map<String, String> sums = checksums(target);
            StringBuilder manifest = new StringBuilder();
            sums.forEach((path, sum) -> manifest.append(sum).append("  ").append(path).append('\n'));
            Files.writeString(target.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
            Files.writeString(target.resolve(INFO), """
                    # Trường Sơn backup of the embedded installation (docs/operations.md)
                    created=%s
                    dataDir=%s
                    stopLsn=%s
                    files=%d
                    """.formatted(Instant.now(), dataDir, stopLsn, sums.size()), StandardCharsets.UTF_8);
            return new Result(target, sums, stopLsn);
        } finally {
            if (started != null) started.close();
        }
    }

    /** The problems of a backup: missing, changed or unlisted files; empty when it is whole. */
    public static List<String> check(Path backup) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifest = backup.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) return List.of("no " + MANIFEST + " in " + backup + ": not a Trường Sơn backup, or an incomplete one");
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            int sep = line.indexOf("  ");
            if (sep != 64) {
                problems.add(MANIFEST + ": unreadable line «" + line + "»");
                continue;
            }
            listed.put(line.substring(sep + 2), line.substring(0, sep));
        }
        Map<String, String> present = checksums(backup);
        listed.forEach((path, sum) -> {
            String actual = present.get(path);
            if (actual == null) problems.add(path + ": missing");
            else if (!actual.equals(sum)) problems.add(path + ": checksum mismatch (listed " + sum + ", found " + actual + ")");
        });
        present.keySet().stream().filter(p -> !listed.containsKey(p)).forEach(p -> problems.add(p + ": not in " + MANIFEST));
        if (!listed.containsKey("postgres/backup_label")) problems.add("postgres/backup_label: missing from the manifest (no database in this backup)");
        return problems;
    }

    /**
     * Restores {@code backup} into {@code dataDir}. Refuses a damaged backup before touching anything; an existing data
     * directory is moved aside (named in the answer), never deleted. The platform must not be running on it.
     */
    public static Path restore(Path backup, Path dataDir) throws IOException {
        backup = backup.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        List<String> problems = check(backup);
        if (!problems.isEmpty()) {
            throw new DamagedBackupException("The backup in " + backup + " is damaged; nothing was restored:\n  " + String.join("\n  ", problems));
        }
        if (EmbeddedDatabase.runningServer(dataDir.resolve("postgres")).isPresent()) {
            throw new IllegalStateException("The platform's database is running on " + dataDir + "; stop the platform before a restore");
        }
        Path aside = null;
        if (Files.exists(dataDir)) {
            try (var list = Files.list(dataDir)) {
                if (list.findAny().isPresent()) {
                    aside = dataDir.resolveSibling(dataDir.getFileName() + ".before-restore-" + Instant.now().toString().replace(':', '-'));
                    Files.move(dataDir, aside);
                }
            }
        }
        Path tmp = dataDir.resolveSibling(dataDir.getFileName() + ".restoring");
        deleteTree(tmp);
        copyTree(backup, tmp, false);
        Files.deleteIfExists(tmp.resolve(MANIFEST));
        Files.deleteIfExists(tmp.resolve(INFO));
        Path pg = tmp.resolve("postgres");
        for (String d : TRANSIENT_PG_DIRS) Files.createDirectories(pg.resolve(d));
        if (Files.isDirectory(pg)) setOwnerOnly(pg);
        // SoftHSM's configuration names its token directory by absolute path: point it at the restored one.
        Path conf = tmp.resolve("softhsm/softhsm2.conf");
        if (Files.isRegularFile(conf)) {
            String text = Files.readString(conf).replaceAll("(?m)^directories\\.tokendir\\s*=.*$",
                    "directories.tokendir = " + java.util.regex.Matcher.quoteReplacement(dataDir.resolve("softhsm/tokens").toString()));
            Files.writeString(conf, text);
        }
        Files.createDirectories(dataDir.getParent());
        if (Files.exists(dataDir)) Files.delete(dataDir); // an empty directory
        Files.move(tmp, dataDir);
        return aside;
    }

    /**
     * Every table's row count and content checksum (MD5 of its rows' text, in order), for the stopped installation in
     * {@code dataDir}: what a restore drill compares.
     */
    public static Map<String, String> tableChecksums(Path dataDir) throws IOException, SQLException {
        Map<String, String> out = new TreeMap<>();
        try (EmbeddedPostgres pg = EmbeddedDatabase.start(dataDir, 0);
             Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres")); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select format('%I.%I', schemaname, tablename) from pg_tables "
                    + "where schemaname not in ('pg_catalog', 'information_schema') order by 1")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A backup that fails its own manifest. */
    public static final class DamagedBackupException extends RuntimeException {
        DamagedBackupException(String message) {
            super(message);
        }
    }

    private static void copyTree(Path from, Path to, boolean postgres) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                if (postgres && !dir.equals(from) && dir.getParent().equals(from) && TRANSIENT_PG_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (postgres && file.getParent().equals(from) && SKIPPED_PG_FILES.contains(file.getFileName().toString())) return FileVisitResult.CONTINUE;
                // A socket or a pipe (clamd's socket, a server's) is a running process's door, not data: nothing to keep.
                if (attrs.isOther()) return FileVisitResult.CONTINUE;
                copyFile(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // A file PostgreSQL removed while we walked (a dropped relation, a temporary file) is not needed:
                // the WAL replay recreates whatever the backup's end holds.
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    private static void copyFile(Path from, Path to) throws IOException {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (NoSuchFileException gone) {
            // removed while we copied: see visitFileFailed
        }
    }

    private static void copyWal(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var segments = Files.list(from)) {
            for (Path p : segments.toList()) {
                if (Files.isRegularFile(p)) copyFile(p, to.resolve(p.getFileName().toString()));
            }
        }
    }

    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString();
                if (rel.equals(MANIFEST) || rel.equals(INFO)) continue;
                out.put(rel, sha256(p));
            }
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setOwnerOnly(Path dir) throws IOException {
        // PostgreSQL refuses a data directory that others may read.
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * {@code backup DATA_DIR TARGET [JDBC_URL]}, {@code restore BACKUP DATA_DIR}, {@code check BACKUP}: the launcher's
     * entry (no Spring context). Exit 0 done, 2 bad arguments, 3 damaged backup, 1 anything else; one line on error.
     */
    public static void main(String[] args) {
        // A command-line tool: the embedded server's start-up chatter is not for the operator.
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "backup" -> {
                    if (args.length < 3) usage();
                    Result r = backup(Path.of(args[1]), Path.of(args[2]), args.length > 3 && !args[3].isBlank() ? args[3] : null);
                    System.out.printf("truongson: backup written to %s: %d files, database as of WAL position %s (check: cd %s && sha256sum -c %s)%n",
                            r.dir(), r.files().size(), r.stopLsn(), r.dir(), MANIFEST);
                }
                case "restore" -> {
                    if (args.length < 3) usage();
                    Path aside = restore(Path.of(args[1]), Path.of(args[2]));
                    System.out.printf("truongson: restored %s into %s%s%n", args[1], args[2],
                            aside == null ? "" : " (the previous data directory is kept in " + aside + ")");
                }
                case "check" -> {
                    if (args.length < 2) usage();
                    List<String> problems = check(Path.of(args[1]));
                    if (!problems.isEmpty()) throw new DamagedBackupException("The backup in " + args[1] + " is damaged:\n  " + String.join("\n  ", problems));
                    System.out.println("truongson: the backup in " + args[1] + " is whole");
                }
                case "tables" -> {
                    if (args.length < 2) usage();
                    tableChecksums(Path.of(args[1])).forEach((t, sum) -> System.out.println(t + " " + sum));
                }
                default -> usage();
            }
            System.exit(0);
        } catch (DamagedBackupException e) {
            System.err.println("truongson: " + e.getMessage());
            System.exit(3);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("truongson: " + e.getMessage());
            System.exit(1);
        } catch (IOException | SQLException | RuntimeException e) {
            System.err.println("truongson: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: backup DATA_DIR TARGET [JDBC_URL] | restore BACKUP DATA_DIR | check BACKUP | tables DATA_DIR");
        System.exit(2);
    }
}
