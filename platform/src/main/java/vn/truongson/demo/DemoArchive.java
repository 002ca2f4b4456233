package vn.truongson.demo;

import static vn.truongson.demo.DemoActors.as;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.archive.Archive;
import vn.truongson.archive.Records;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Signature;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.runtime.DemoMode;

/**
 * The demo's digitised batch (issue 16): three Decree-30 documents of BTL86 made by the project itself, rendered by
 * {@code paper}, rasterised at 200 dpi by poppler's {@code pdftoppm}, turned by a degree or so and sprinkled with pixel
 * noise — paper as a scanner sees it — uploaded by the demo archivist {@code luutru.btl86} into a batch "Lô số hóa mẫu",
 * with an open record to file them into. OCR runs in the background as for any upload, so a new user finds, minutes
 * after {@code ./truongson run}, the progress, the proposals to verify and the words to search. Loaded once (when BTL86
 * has no batch yet); {@code truongson.demo.archive=false} leaves it out (the tests do, to keep OCR for their own scans).
 */
@Component
class DemoArchive {

    private static final Logger log = LoggerFactory.getLogger(DemoArchive.class);
    static final String TITLE = "Lô số hóa mẫu";

    private final Archive archive;
    private final Records records;
    private final Accounts accounts;
    private final vn.truongson.org.Units units;
    private final DemoMode demo;
    private final boolean enabled;

    DemoArchive(Archive archive, Records records, Accounts accounts, vn.truongson.org.Units units, DemoMode demo,
            @Value("${truongson.demo.archive:true}") boolean enabled) {
        this.units = units;
        this.archive = archive;
        this.records = records;
        this.accounts = accounts;
        this.demo = demo;
        this.enabled = enabled;
    }

    /** After the demo organisation (order 0) and documents (order 20). */
    @EventListener(ApplicationStartedEvent.class)
    @Order(30)
    void load() {
        if (!demo.enabled() || !enabled) return;
        AccountPrincipal archivist = accounts.principalOf("luutru.btl86").orElse(null);
        if (archivist == null) return;
        try {
            int n = as(archivist, this::loadAll);
            if (n > 0) log.info("Demo archive: {} scanned pages queued for OCR in \"{}\"", n, TITLE);
        } catch (DomainException | IllegalStateException e) {
            log.warn("Demo archive not loaded: {}", e.getMessage());
        }
    }

    /** The demo record the batch's documents are filed into. */
    static final String RECORD = "SH-01";
    private volatile boolean filed;

    /**
     * Once OCR is through with the demo batch, its done documents are filed into SH-01, in the order scanned, as the
     * demo archivist — so that a new user finds a record with documents. Run by the cluster scheduler
     * ({@code demo-archive-filing}); nothing while OCR runs, and nothing again afterwards (idempotent: a document already
     * filed, by a user or by another node meanwhile, is left as it is).
     */
    void fileWhenRead() {
        if (filed || !demo.enabled() || !enabled) return;
        AccountPrincipal archivist = accounts.principalOf("luutru.btl86").orElse(null);
        if (archivist == null) return;
        try {
            int n = as(archivist, this::fileIntoRecord);
            if (n > 0) log.info("Demo archive: {} read documents filed into record {}", n, RECORD);
        } catch (DomainException e) {
            log.debug("Demo archive: filing into {} left for a later look: {}", RECORD, e.getMessage());
        }
    }

    /** Files the demo batch's done, unfiled documents into SH-01 when no document of the batch waits for OCR; answers how many. */
    int fileIntoRecord() {
        var batch = archive.batches(500).stream().filter(b -> b.title().equals(TITLE)).findFirst().orElse(null);
        if (batch == null || batch.total() == 0 || batch.queued() + batch.running() > 0) return 0;
        var record = records.list(500).stream().filter(r -> r.code().equals(RECORD) && r.year() == batch.year() && r.unitId() == batch.unitId())
                .findFirst().orElse(null);
        filed = true; // from here on, whatever happens, the demo has nothing more to do
        if (record == null || record.status() != Records.Status.OPEN) return 0;
        var free = records.candidates(record.id()).stream().map(Records.Candidate::itemId).collect(java.util.stream.Collectors.toSet());
        List<Object> ids = archive.detail(batch.id()).items().stream().filter(i -> i.status() == Archive.ItemStatus.DONE && free.contains(i.id()))
                .map(Archive.Item::id).sorted().map(id -> (Object) id).toList();
        if (ids.isEmpty()) return 0;
        records.file(record.id(), ids);
        return ids.size();
    }

    /** On the cluster scheduler, once per cluster; only where the demo's archive may be loaded at all. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Schedule {
        @org.springframework.context.annotation.Bean
        @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${truongson.demo.archive:true}' == 'true' and '${truongson.demo.enabled:}' != 'false'")
        com.github.kagkarlsson.scheduler.task.helper.RecurringTask<Void> demoArchiveFiling(DemoArchive demo) {
            return com.github.kagkarlsson.scheduler.task.helper.Tasks.recurring("demo-archive-filing",
                    com.github.kagkarlsson.scheduler.task.schedule.Schedules.fixedDelay(java.time.Duration.ofSeconds(30)))
                    .execute((instance, context) -> demo.fileWhenRead());
        }
    }

    /** Makes the batch, its scans and the record; 0 when a batch of BTL86 exists already. */
    int loadAll() {
        if (archive.batches(500).stream().anyMatch(b -> b.title().equals(TITLE))) return 0;
        var btl86 = units.byCodes(List.of("BTL86")).get("BTL86");
        if (btl86 == null) return 0;
        long unit = btl86.id();
        var batch = archive.create(unit, 2024, TITLE, "Phông Bộ Tư lệnh 86", null);
        Random noise = new Random(20261207L);
        double[] turns = {0.8, -1.2, 0.5};
        List<Decree30Document> docs = documents();
        for (int k = 0; k < docs.size(); k++) {
            byte[] png = degrade(rasterise(Decree30.pdf(docs.get(k)), 200), turns[k % turns.length], noise);
            archive.upload(batch.id(), new ByteArrayInputStream(png), String.format("ban-quet-%02d.png", k + 1));
        }
        if (records.list(500).stream().noneMatch(r -> r.code().equals("SH-01"))) {
            records.create(unit, RECORD, "Hồ sơ số hóa mẫu: chuyển đổi số năm 2024", 2024, 20, null);
        }
        return docs.size();
    }

    /** Three documents of the kinds an archive holds most: a decision, a công văn and a report. */
    static List<Decree30Document> documents() {
        var place = "Hà Nội";
        return List.of(
                new Decree30Document("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", new DocumentNumber(12, "QĐ-BTL86"), SecrecyLevel.THUONG,
                        new PlaceAndDate(place, LocalDate.of(2024, 3, 5)), "Quyết định", "Về việc ban hành Kế hoạch chuyển đổi số năm 2024",
                        List.of(new Section(null, List.of(
                                new Paragraph("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"),
                                new Paragraph("Xét đề nghị của Trưởng phòng Tham mưu - Kế hoạch về đẩy mạnh chuyển đổi số và số hóa tài liệu lưu trữ."))),
                                new Section("Điều 1.", List.of(new Paragraph("Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2024 của Bộ Tư lệnh 86.")))),
                        new Signature(List.of("KT. TƯ LỆNH", "PHÓ TƯ LỆNH"), "Đại tá Nguyễn Văn Phúc"), List.of("Như Điều 3", "Lưu: VT, PTM")),
                new Decree30Document("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", new DocumentNumber(5, "BTL86-VP"), SecrecyLevel.THUONG,
                        new PlaceAndDate(place, LocalDate.of(2024, 4, 18)), "Công văn", "Về việc số hóa hồ sơ lưu trữ giai đoạn 2024 - 2025",
                        List.of(new Section(null, List.of(
                                new Paragraph("Thực hiện Kế hoạch chuyển đổi số năm 2024, Bộ Tư lệnh đề nghị các đơn vị rà soát hồ sơ, tài liệu giấy đang bảo quản,"
                                        + " lập danh mục tài liệu cần số hóa và gửi về Văn phòng trước ngày 30 tháng 5 năm 2024.")))),
                        new Signature(List.of("TL. TƯ LỆNH", "CHÁNH VĂN PHÒNG"), "Thượng tá Trần Minh Đức"),
                        List.of("Các cơ quan, đơn vị trực thuộc", "Lưu: VT, VP")),
                new Decree30Document("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", new DocumentNumber(31, "BC-BTL86"), SecrecyLevel.THUONG,
                        new PlaceAndDate(place, LocalDate.of(2024, 9, 30)), "Báo cáo", "Kết quả số hóa tài liệu lưu trữ quý III năm 2024",
                        List.of(new Section(null, List.of(
                                new Paragraph("Trong quý III năm 2024, toàn Bộ Tư lệnh đã số hóa 12.480 trang tài liệu, lập 215 hồ sơ điện tử;"
                                        + " tỷ lệ tài liệu có siêu dữ liệu đầy đủ đạt 96%.")))),
                        new Signature(List.of("TƯ LỆNH"), "Thiếu tướng Lê Văn Hùng"), List.of("Bộ Tổng Tham mưu", "Lưu: VT, PTM")));
    }

    /** The first page of the PDF as a PNG at {@code dpi}, by poppler's pdftoppm. */
    static byte[] rasterise(byte[] pdf, int dpi) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("demo-scan-");
            Path in = dir.resolve("doc.pdf");
            Files.write(in, pdf);
            Process p = new ProcessBuilder("pdftoppm", "-r", Integer.toString(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", in.toString(),
                    dir.resolve("page").toString()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("pdftoppm took longer than 60 s");
            }
            if (p.exitValue() != 0) throw new IllegalStateException("pdftoppm failed (" + p.exitValue() + ")");
            return Files.readAllBytes(dir.resolve("page.png"));
        } catch (IOException e) {
            throw new IllegalStateException("pdftoppm: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (dir != null) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // A temporary directory left behind is harmless.
                }
            }
        }
    }

    /** Turned by {@code degrees} on white, with 0.2 % of the pixels flipped to black or white: a scanner's page. */
    static byte[] degrade(byte[] png, double degrees, Random noise) {
        try {
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(png));
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.rotate(Math.toRadians(degrees), out.getWidth() / 2.0, out.getHeight() / 2.0);
            g.drawImage(src, 0, 0, null);
            g.dispose();
            int n = out.getWidth() * out.getHeight() / 500;
            for (int i = 0; i < n; i++) {
                out.setRGB(noise.nextInt(out.getWidth()), noise.nextInt(out.getHeight()), noise.nextBoolean() ? 0xFF000000 : 0xFFFFFFFF);
            }
            var bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
