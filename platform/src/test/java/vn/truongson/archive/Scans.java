package vn.truongson.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Signature;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;

/** Test scans made by the project itself: a Decree-30 document rendered by paper, rasterised by poppler's pdftoppm. */
public final class Scans {

    private Scans() {}

    public static Decree30Document decision() {
        return new Decree30Document("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", new DocumentNumber(12, "QĐ-BTL86"), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", LocalDate.of(2024, 3, 5)), "Quyết định", "Về việc ban hành Kế hoạch chuyển đổi số năm 2024",
                List.of(new Section(null, List.of(
                        new Paragraph("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"),
                        new Paragraph("Xét đề nghị của Trưởng phòng Tham mưu - Kế hoạch, đẩy mạnh chuyển đổi số và số hóa tài liệu lưu trữ trong toàn đơn vị."))),
                        new Section("Điều 1.", List.of(new Paragraph("Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2024 của Bộ Tư lệnh 86.")))),
                new Signature(List.of("KT. TƯ LỆNH", "PHÓ TƯ LỆNH"), "Đại tá Nguyễn Văn Phúc"), List.of("Như Điều 3", "Lưu: VT, PTM"));
    }

    /** The first page of a document as a PNG at {@code dpi}. */
    public static byte[] png(Decree30Document doc, int dpi) throws Exception {
        Path dir = Files.createTempDirectory("scan-");
        try {
            Path pdf = dir.resolve("doc.pdf");
            Files.write(pdf, Decree30.pdf(doc));
            Process p = new ProcessBuilder("pdftoppm", "-r", Integer.toString(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", pdf.toString(),
                    dir.resolve("page").toString()).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("pdftoppm failed");
            return Files.readAllBytes(dir.resolve("page.png"));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
