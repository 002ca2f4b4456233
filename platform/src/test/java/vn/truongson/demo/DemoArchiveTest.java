package vn.truongson.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Accounts;
import vn.truongson.archive.Archive;
import vn.truongson.archive.Records;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;
import vn.truongson.support.PlatformTest;

/**
 * The demo's digitised batch: three scanned pages made by the project (rendered, rasterised at 200 dpi, turned, noised)
 * uploaded into "Lô số hóa mẫu" of BTL86 by the demo archivist, with record SH-01; loaded once (a second load adds
 * nothing). The OCR of those pages is OcrTest's and OcrAccuracyTest's; here the queued items are set aside afterwards.
 */
@PlatformTest
class DemoArchiveTest {

    @Autowired Archive archive;
    @Autowired Records records;
    @Autowired Accounts accounts;
    @Autowired Units units;
    @Autowired DemoMode demo;
    @Autowired JdbcClient jdbc;

    @Test
    void the_demo_batch_is_made_once_of_scanned_looking_pages() throws Exception {
        var loader = new DemoArchive(archive, records, accounts, units, demo, true);
        loader.load();
        loader.load();
        var batches = jdbc.sql("select id from archive_batch where title = ?").param(DemoArchive.TITLE).query(Long.class).list();
        assertThat(batches).hasSize(1);
        var items = jdbc.sql("select file_name, source_type, created_by from archive_item where batch_id = ? order by id").param(batches.getFirst())
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).list();
        assertThat(items).containsExactly("ban-quet-01.png image/png luutru.btl86", "ban-quet-02.png image/png luutru.btl86",
                "ban-quet-03.png image/png luutru.btl86");
        assertThat(jdbc.sql("select count(*) from archive_record where code = 'SH-01' and year = 2024").query(Long.class).single()).isEqualTo(1);
        // A page as a scanner makes it: 200 dpi (A4 ≈ 1654 px wide), grey, not blank.
        var page = ImageIO.read(new ByteArrayInputStream(DemoArchive.degrade(DemoArchive.rasterise(
                vn.truongson.paper.Decree30.pdf(DemoArchive.documents().getFirst()), 200), 0.8, new Random(1))));
        assertThat(page.getWidth()).isBetween(1600, 1700);
        jdbc.sql("update archive_item set status = 'FAILED', error = 'test', finished_at = now() where batch_id = ? and status = 'QUEUED'")
                .param(batches.getFirst()).update();
    }

    /**
     * Once OCR is through with the demo batch, its documents are filed into SH-01 in the order scanned — not while one
     * is still being read, not with {@code truongson.demo.archive=false}, and once only (a second loader, as another
     * node or a restart, files nothing more). OCR's result is written directly: the reading itself is OcrTest's.
     */
    @Test
    void the_read_demo_documents_are_filed_into_sh01_once() {
        new DemoArchive(archive, records, accounts, units, demo, true).load();
        long batch = jdbc.sql("select id from archive_batch where title = ?").param(DemoArchive.TITLE).query(Long.class).single();
        long record = jdbc.sql("select id from archive_record where code = ? and year = 2024").param(DemoArchive.RECORD).query(Long.class).single();
        java.util.List<Long> items = jdbc.sql("select id from archive_item where batch_id = ? order by id").param(batch).query(Long.class).list();
        assertThat(items).hasSize(3);
        // Two read, one still being read (by another node, its heartbeat fresh): nothing filed yet.
        jdbc.sql("""
                update archive_item set status = 'DONE', pages = 1, finished_at = now(), error = null,
                    proposed = coalesce(proposed, '{"subject":"Tài liệu mẫu"}') where batch_id = ?""").param(batch).update();
        jdbc.sql("update archive_item set status = 'RUNNING', node = 'other-node', heartbeat_at = now() + interval '1 hour' where id = ?")
                .param(items.getLast()).update();
        var loader = new DemoArchive(archive, records, accounts, units, demo, true);
        loader.fileWhenRead();
        assertThat(filed(record)).isEmpty();
        // All read; the archive part of the demo turned off: nothing.
        jdbc.sql("update archive_item set status = 'DONE', node = null, finished_at = now() where id = ?").param(items.getLast()).update();
        new DemoArchive(archive, records, accounts, units, demo, false).fileWhenRead();
        assertThat(filed(record)).isEmpty();
        // Turned on: the three, in the order scanned, once; a second loader (another node, a restart) adds nothing.
        loader.fileWhenRead();
        assertThat(filed(record)).containsExactlyElementsOf(items);
        loader.fileWhenRead();
        new DemoArchive(archive, records, accounts, units, demo, true).fileWhenRead();
        assertThat(filed(record)).containsExactlyElementsOf(items);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.record.file' and target = ?").param("archive-record:" + record)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select status from archive_record where id = ?").param(record).query(String.class).single()).isEqualTo("OPEN");
    }

    java.util.List<Long> filed(long record) {
        return jdbc.sql("select item_id from archive_record_item where record_id = ? order by seq").param(record).query(Long.class).list();
    }
}
