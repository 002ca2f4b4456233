package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.archive.internal.ArchiveProperties;
import vn.truongson.archive.internal.OcrWorker;
import vn.truongson.audit.AuditTrail;
import vn.truongson.files.FileFixtures;
import vn.truongson.files.FileStore;
import vn.truongson.secops.Eicar;
import vn.truongson.secops.MalwareScanner;
import vn.truongson.support.PlatformTest;

/**
 * Watched folders with a real directory: twelve files dropped at once (ten scans, one text file named .pdf, one carrying
 * the EICAR test string) and looked at by twelve threads of two "nodes" at once: each scan imported exactly once into
 * the unit's batch of the day, the two refused with their reason and set aside, nothing half-stored; a symbolic link
 * and a hidden file left alone. Then a restart (a new instance): nothing imported again; a file put back as it was (the
 * node died after the commit, before deleting it) is deleted, not imported twice; a file still being written waits.
 */
@PlatformTest
class WatchedFoldersTest {

    @Autowired WatchedFolders watch;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired FileStore files;
    @Autowired MalwareScanner scanner;
    @Autowired OcrWorker worker;
    @Autowired AuditTrail audit;
    @Autowired ArchiveProperties props;
    @Autowired Clock clock;
    @Autowired MessageSource messages;
    @Autowired vn.truongson.org.Units units;

    /** Another node, or this one after a restart: a fresh instance on the same database. */
    WatchedFolders node() {
        return new WatchedFolders(jdbc, tx, files, scanner, worker, audit, props, clock, messages, units);
    }

    static void drop(Path dir, String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60))); // settled
    }

    long count(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query(Long.class).single();
    }

    @Test
    void twelve_dropped_files_are_each_taken_once_across_nodes_and_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("quet-");
        String folder = dir.toAbsolutePath().normalize().toString();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int k = 1; k <= 10; k++) drop(dir, String.format("trang-%02d.pdf", k), FileFixtures.pdf("Trang " + k + " " + run));
        drop(dir, "ghi-chu.pdf", ("chỉ là chữ " + run).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        drop(dir, "virus.png", Eicar.file());
        drop(dir, ".an.pdf", FileFixtures.pdf("hidden " + run));
        Path outside = Files.createTempFile("ngoai-", ".pdf");
        Files.write(outside, FileFixtures.pdf("outside " + run));
        Files.createSymbolicLink(dir.resolve("lien-ket.pdf"), outside);
        long itemsBefore = count("select count(*) from archive_item");
        FileTime firstTime = Files.getLastModifiedTime(dir.resolve("trang-01.pdf"));

        WatchedFolders other = node();
        var pool = Executors.newFixedThreadPool(12);
        var go = new CountDownLatch(1);
        var calls = new ArrayList<Future<WatchedFolders.Look>>();
        for (int k = 0; k < 12; k++) {
            WatchedFolders w = k % 2 == 0 ? watch : other;
            calls.add(pool.submit((Callable<WatchedFolders.Look>) () -> {
                go.await();
                return w.look("BTL86", dir);
            }));
        }
        go.countDown();
        int imported = 0, refused = 0;
        for (var f : calls) {
            var l = f.get();
            imported += l.imported();
            refused += l.refused();
        }
        pool.shutdown();
        assertThat(imported).isEqualTo(10);
        assertThat(refused).isEqualTo(2);
        assertThat(count("select count(*) from archive_watch_file where folder = ? and status = 'IMPORTED' and item_id is not null", folder)).isEqualTo(10);
        assertThat(count("select count(*) from archive_watch_file where folder = ? and status = 'REFUSED'", folder)).isEqualTo(2);
        assertThat(count("select count(*) from archive_item") - itemsBefore).isEqualTo(10);
        assertThat(count("""
                select count(distinct i.id) from archive_item i join archive_watch_file w on w.item_id = i.id
                join archive_batch b on b.id = i.batch_id where w.folder = ? and b.title like 'Thư mục quét %' and i.status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')""",
                folder)).isEqualTo(10);
        // The folder is empty of what was taken; the refused are set aside with the reason; the link and the hidden file stay.
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(".an.pdf", ".refused", "lien-ket.pdf");
        }
        assertThat(Files.readString(dir.resolve(".refused/virus.png.txt"))).contains("virus.png");
        assertThat(Files.readString(dir.resolve(".refused/ghi-chu.pdf.txt"))).isNotBlank();
        assertThat(count("select count(*) from audit_event where action = 'archive.scan.watch' and outcome = 'SUCCESS' and detail like ?", "% from " + folder + " (%"))
                .isEqualTo(10);
        assertThat(count("select count(*) from audit_event where action = 'secops.malware.refused' and target = 'file:virus.png'")).isGreaterThanOrEqualTo(1);

        // A restart: nothing again. A file put back exactly as it was taken (deleted only after the commit, the node died
        // in between) is deleted, not imported twice. A file still being written (just modified) is left for later.
        byte[] first = FileFixtures.pdf("Trang 1 " + run);
        Files.write(dir.resolve("trang-01.pdf"), first);
        Files.setLastModifiedTime(dir.resolve("trang-01.pdf"), firstTime);
        Files.write(dir.resolve("dang-ghi.pdf"), FileFixtures.pdf("Dang ghi " + run));
        Files.setLastModifiedTime(dir.resolve("dang-ghi.pdf"), FileTime.from(Instant.now().plusSeconds(1))); // just written
        var again = node().look("BTL86", dir);
        assertThat(again.imported()).isZero();
        assertThat(dir.resolve("trang-01.pdf")).doesNotExist();
        assertThat(dir.resolve("dang-ghi.pdf")).exists();
        assertThat(count("select count(*) from archive_item") - itemsBefore).isEqualTo(10);
        Files.setLastModifiedTime(dir.resolve("dang-ghi.pdf"), FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(node().look("BTL86", dir).imported()).isEqualTo(1);

        // Keep the OCR queue for the other tests: these one-line PDFs need not be read.
        jdbc.sql("update archive_item set status = 'FAILED', error = 'test', finished_at = now() where status = 'QUEUED' and id in"
                + " (select item_id from archive_watch_file where folder = ?)").param(folder).update();
    }

    /**
     * Names a scanner should never make: a control character (U+0001, a line break) or bytes that are not UTF-8 (made
     * by the shell, which Java cannot name). Each is refused once with its reason (REFUSED, audited, set aside in
     * {@code .refused/} under an escaped name with its note); the good scan beside them is imported; the look never
     * fails; a second look finds nothing to do.
     */
    @Test
    void a_name_with_a_control_character_or_not_utf8_is_refused_with_the_reason_and_the_rest_goes_on() throws Exception {
        Path dir = Files.createTempDirectory("quet-ten-");
        String folder = dir.toAbsolutePath().normalize().toString();
        String run = UUID.randomUUID().toString().substring(0, 8);
        drop(dir, "tot-" + run + ".pdf", FileFixtures.pdf("Trang tot " + run));
        drop(dir, "dieu\u0001khien.pdf", FileFixtures.pdf("Dieu khien " + run));
        drop(dir, "dong\nmoi.png", FileFixtures.pdf("Dong moi " + run));
        Process sh = new ProcessBuilder("sh", "-c", "f=\"$1/$(printf 'hong\\377\\376.pdf')\"; printf '%%PDF-1.4 x' > \"$f\"; touch -d '1 hour ago' \"$f\"", "sh", folder)
                .redirectErrorStream(true).start();
        assertThat(sh.waitFor()).isZero();
        try (var list = Files.list(dir)) {
            assertThat(list.count()).isEqualTo(4);
        }
        long itemsBefore = count("select count(*) from archive_item");

        var look = node().look("BTL86", dir);
        assertThat(look.imported()).isEqualTo(1);
        assertThat(look.refused()).isEqualTo(3);
        assertThat(count("select count(*) from archive_item") - itemsBefore).isEqualTo(1);
        assertThat(jdbc.sql("select file_name from archive_watch_file where folder = ? and status = 'REFUSED' order by file_name").param(folder)
                .query(String.class).list()).containsExactly("dieu\\u0001khien.pdf", "dong\\u000Amoi.png", "hong\\uFFFD\\uFFFD.pdf");
        assertThat(jdbc.sql("select reason from archive_watch_file where folder = ? and status = 'REFUSED'").param(folder).query(String.class).list())
                .allSatisfy(r -> assertThat(r).contains("ký tự điều khiển hoặc không phải UTF-8"));
        assertThat(count("select count(*) from audit_event where action = 'archive.scan.watch' and outcome = 'FAILURE' and target = ? and detail like ?",
                "archive-watch:" + folder, "%không phải UTF-8%")).isEqualTo(3);
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly(".refused");
        }
        try (var list = Files.list(dir.resolve(".refused"))) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("dieu\\u0001khien.pdf", "dieu\\u0001khien.pdf.txt",
                    "dong\\u000Amoi.png", "dong\\u000Amoi.png.txt", "hong\\uFFFD\\uFFFD.pdf", "hong\\uFFFD\\uFFFD.pdf.txt");
        }
        assertThat(Files.readString(dir.resolve(".refused/hong\\uFFFD\\uFFFD.pdf.txt"))).contains("không phải UTF-8");

        var again = node().look("BTL86", dir);
        assertThat(again).isEqualTo(new WatchedFolders.Look(0, 0, 0));
        jdbc.sql("update archive_item set status = 'FAILED', error = 'test', finished_at = now() where status = 'QUEUED' and id in"
                + " (select item_id from archive_watch_file where folder = ?)").param(folder).update();
    }
}
