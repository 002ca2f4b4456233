package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup drill (issue 12, part 3): write, back up online while others write, write more, restore into a new data
 * directory, start — every table's row count and content checksum are those of the backup, every stored file's
 * SHA-256 equal, the token store points at its new home; a damaged backup is refused and changes nothing.
 */
class EmbeddedBackupTest {

    @TempDir
    Path tmp;

    @Test
    void backupWhileWritingThenRestoreIntoANewDataDirectoryGivesBackTheBackedUpStateExactly() throws Exception {
        Path data = tmp.resolve("data");
        EmbeddedPostgres pg = EmbeddedDatabase.start(data, 0);
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table report (id bigint primary key, unit text, value numeric, note text)");
            s.execute("insert into report select g, 'QK' || (g % 9), g * 1.5, repeat('báo cáo ', g % 40) from generate_series(1, 20000) g");
            s.execute("create table document (id bigserial primary key, number int unique, subject text)");
            s.execute("insert into document (number, subject) select g, 'Công văn số ' || g from generate_series(1, 3000) g");
            s.execute("create table noise (id bigserial primary key, at timestamptz default now())");
        }
        Files.createDirectories(data.resolve("files/ab"));
        Files.write(data.resolve("files/ab/abcdef"), "tệp minh chứng".getBytes(StandardCharsets.UTF_8));
        Files.write(data.resolve("files/ab/large"), new byte[3_000_000]);
        Files.createDirectories(data.resolve("softhsm/tokens/t1"));
        Files.writeString(data.resolve("softhsm/softhsm2.conf"), "directories.tokendir = " + data.resolve("softhsm/tokens") + "\nlog.level = ERROR\n");
        Files.writeString(data.resolve("softhsm/tokens/t1/token.object"), "khóa");
        Files.writeString(data.resolve("sandbox-registry.log"), "not backed up");
        // A running scanner's socket and one elsewhere in the tree (the CI drill once died copying clamd.sock): skipped.
        Files.createDirectories(data.resolve("clamd"));
        Files.writeString(data.resolve("clamd/clamd.conf"), "LocalSocket clamd.sock\n");
        var clamd = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                .bind(java.net.UnixDomainSocketAddress.of(data.resolve("clamd/clamd.sock")));
        var stray = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                .bind(java.net.UnixDomainSocketAddress.of(data.resolve("files/ab/stray.sock")));
        Map<String, String> tablesAtBackup = tableChecksums(url, "report", "document");
        Map<String, String> filesAtBackup = fileChecksums(data, "files", "softhsm/tokens");

        // Others keep writing while the backup runs: the copy must still come out consistent.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong noise = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    s.execute("insert into noise default values");
                    noise.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long noiseBefore;
        Path backup = tmp.resolve("backup");
        EmbeddedBackup.Result result;
        try {
            while (noise.get() < 200) Thread.sleep(5);
            noiseBefore = noise.get();
            result = EmbeddedBackup.backup(data, backup, url);
        } finally {
            stop.set(true);
            writer.join();
        }
        long noiseAfter = noise.get();
        clamd.close();
        stray.close();
        assertThat(result.files()).containsKeys("postgres/backup_label", "files/ab/abcdef", "softhsm/softhsm2.conf")
                .doesNotContainKeys("sandbox-registry.log", "clamd/clamd.conf", "clamd/clamd.sock", "files/ab/stray.sock");
        assertThat(Files.exists(backup.resolve("files/ab/stray.sock"))).isFalse();
        assertThat(EmbeddedBackup.check(backup)).isEmpty();

        // Write more after the backup: none of it may come back.
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("insert into report values (99999, 'sau', 1, 'sau sao lưu')");
            s.execute("update document set subject = 'đã sửa' where number = 7");
        }
        Files.writeString(data.resolve("files/ab/after"), "sau");
        pg.close();

        Path restored = tmp.resolve("restored");
        assertThat(EmbeddedBackup.restore(backup, restored)).isNull();
        EmbeddedPostgres again = EmbeddedDatabase.start(restored, 0);
        try {
            String url2 = again.getJdbcUrl("postgres", "postgres");
            assertThat(tableChecksums(url2, "report", "document")).isEqualTo(tablesAtBackup);
            try (Connection c = DriverManager.getConnection(url2); ResultSet rs = c.createStatement().executeQuery("select count(*) from noise")) {
                rs.next();
                // The database is that of the backup's end: what was committed before it started, at least, and no more than all.
                assertThat(rs.getLong(1)).isBetween(noiseBefore, noiseAfter);
            }
        } finally {
            again.close();
        }
        assertThat(fileChecksums(restored, "files", "softhsm/tokens")).isEqualTo(filesAtBackup);
        assertThat(Files.exists(restored.resolve("files/ab/after"))).isFalse();
        assertThat(Files.readString(restored.resolve("softhsm/softhsm2.conf"))).contains("directories.tokendir = " + restored.resolve("softhsm/tokens"));
    }

    @Test
    void aDamagedBackupIsRefusedNamingTheFileAndTheDataDirectoryIsUntouched() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        // No server running: the backup starts the embedded one for itself.
        EmbeddedPostgres pg = EmbeddedDatabase.start(data, 0);
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
            c.createStatement().execute("create table kept (x int)");
        }
        pg.close();
        Files.createDirectories(data.resolve("files"));
        Files.writeString(data.resolve("files/evidence.pdf"), "%PDF-1.7 minh chứng");
        Path backup = tmp.resolve("backup");
        EmbeddedBackup.backup(data, backup, null);

        Path target = tmp.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("existing"), "dữ liệu đang dùng");
        Files.writeString(backup.resolve("files/evidence.pdf"), "%PDF-1.7 đã bị sửa");
        assertThatThrownBy(() -> EmbeddedBackup.restore(backup, target))
                .isInstanceOf(EmbeddedBackup.DamagedBackupException.class)
                .hasMessageContaining("files/evidence.pdf: checksum mismatch");
        Files.delete(backup.resolve("files/evidence.pdf"));
        assertThat(EmbeddedBackup.check(backup)).containsExactly("files/evidence.pdf: missing");
        assertThat(Files.readString(target.resolve("existing"))).isEqualTo("dữ liệu đang dùng");
        try (var list = Files.list(target)) {
            assertThat(list.toList()).hasSize(1);
        }
    }

    private static Map<String, String> tableChecksums(String url, String... tables) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Map<String, String> fileChecksums(Path root, String... dirs) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String d : dirs) {
            try (var files = Files.walk(root.resolve(d))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), EmbeddedBackup.sha256(p));
            }
        }
        return out;
    }
}
