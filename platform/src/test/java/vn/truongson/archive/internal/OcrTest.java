package vn.truongson.archive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import vn.truongson.archive.Scans;
import vn.truongson.core.VietnameseText;

/**
 * The real OCRmyPDF and Tesseract (Debian's ocrmypdf and tesseract-ocr-vie, deploy/debian-packages.txt group
 * "archive"): a Decree-30 page rendered by paper and rasterised at 200 dpi is read back in Vietnamese, and the
 * proposer finds its number, date, type, issuer, subject and signer; broken input fails with a reason.
 */
class OcrTest {

    static final ArchiveProperties PROPS = new ArchiveProperties(1, Duration.ofMinutes(5), "pdf", DataSize.ofMegabytes(100), 300, 250, 200,
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(2), 3, "ocrmypdf", "Hà Nội", new ArchiveProperties.Watch(null, Duration.ofSeconds(10), Duration.ofSeconds(2), "thu-muc-quet"));

    @TempDir Path dir;

    @org.junit.jupiter.api.BeforeEach
    void realParts() {
        vn.truongson.support.RealParts.require("ocrmypdf tesseract-ocr-vie poppler-utils", Path.of("/usr/bin/ocrmypdf"),
                Path.of("/usr/bin/tesseract"), Path.of("/usr/bin/pdftoppm"));
    }

    @Test
    void a_scanned_decision_is_read_in_vietnamese_and_described() throws Exception {
        Path png = dir.resolve("scan.png");
        Files.write(png, Scans.png(Scans.decision(), 200));
        Ocr.Result r = new Ocr(PROPS).run(png, "image/png", dir);
        assertThat(r.pages()).hasSize(1);
        String text = r.pages().getFirst();
        System.out.println(text);
        String folded = VietnameseText.fold(text);
        assertThat(folded).contains("quyet dinh", "chuyen doi so", "bo tu lenh 86", "ha noi", "cong tac van thu");
        assertThat(text).contains("chuyển đổi số");
        assertThat(Files.size(r.pdf())).isPositive();
        var p = Proposer.propose(r.pages());
        System.out.println(p);
        assertThat(p.fields().numberAndNotation()).isEqualTo("12/QĐ-BTL86");
        assertThat(p.fields().date()).isEqualTo("05/03/2024");
        assertThat(p.fields().type()).isEqualTo("Quyết định");
        assertThat(p.fields().issuer()).isEqualTo("BỘ TƯ LỆNH 86");
        assertThat(p.fields().subject()).isEqualTo("Về việc ban hành Kế hoạch chuyển đổi số năm 2024");
        assertThat(p.fields().signer()).isEqualTo("Đại tá Nguyễn Văn Phúc");
        assertThat(p.confidence().get("numberAndNotation")).isGreaterThan(0.9);
        assertThat(p.confidence().get("date")).isGreaterThan(0.9);
    }

    @Test
    void a_truncated_image_and_a_broken_pdf_fail_with_a_reason() throws Exception {
        byte[] png = Scans.png(Scans.decision(), 100);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(png, 2000));
        assertThatThrownBy(() -> new Ocr(PROPS).run(cut, "image/png", dir)).isInstanceOf(Ocr.Failed.class).hasMessageContaining("hỏng");
        Path pdf = dir.resolve("broken.pdf");
        Files.writeString(pdf, "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
        assertThatThrownBy(() -> new Ocr(PROPS).run(pdf, "application/pdf", dir)).isInstanceOf(Ocr.Failed.class).hasMessageContaining("PDF");
    }

    @Test
    void a_run_past_its_time_is_killed() throws Exception {
        Path png = dir.resolve("scan.png");
        Files.write(png, Scans.png(Scans.decision(), 200));
        var quick = new ArchiveProperties(1, Duration.ofMillis(300), "pdf", DataSize.ofMegabytes(100), 300, 250, 200, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofMinutes(2), 3, "ocrmypdf", "Hà Nội", new ArchiveProperties.Watch(null, Duration.ofSeconds(10), Duration.ofSeconds(2), "thu-muc-quet"));
        assertThatThrownBy(() -> new Ocr(quick).run(png, "image/png", dir)).isInstanceOf(Ocr.Failed.class).hasMessageContaining("quá thời gian");
    }
}
