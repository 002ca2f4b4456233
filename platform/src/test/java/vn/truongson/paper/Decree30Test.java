package vn.truongson.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30Document.Align;
import vn.truongson.paper.Decree30Document.Column;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Signature;
import vn.truongson.paper.Decree30Document.Table;

/**
 * A report of two pages rendered both ways. The files are left in target/paper/ to be looked at
 * (pdftoppm -r 70 target/paper/sample.pdf target/paper/page).
 */
class Decree30Test {

    static Decree30Document sample(SecrecyLevel secrecy) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            rows.add(List.of(Integer.toString(i), "1." + i, "Triển khai chữ ký số chuyên dùng cho đầu mối các đơn vị, đợt " + i,
                    "Bộ Tư lệnh 86", i % 3 == 0 ? "Hoàn thành" : "Đang triển khai", Figures.percent(i * 2.5), i % 7 == 0 ? "Quá hạn" : ""));
        }
        return new Decree30Document("Bộ Quốc phòng", "Bộ Tư lệnh 86", DocumentNumber.notIssued("BC-BTL86"), secrecy,
                new PlaceAndDate("Hà Nội", LocalDate.of(2024, 2, 5)), "Báo cáo", "Kết quả thực hiện kế hoạch chuyển đổi số tháng 02/2024",
                List.of(new Section(null, List.of(new Paragraph(
                                "Thực hiện Kế hoạch chuyển đổi số năm 2024 của Bộ Quốc phòng, Bộ Tư lệnh 86 báo cáo kết quả thực hiện tháng 02/2024 "
                                        + "(số liệu từ ngày 15/01/2024 đến ngày 14/02/2024) như sau:"))),
                        new Section("I. TÌNH HÌNH BÁO CÁO", List.of(new Paragraph("- Số báo cáo phải gửi: 9; đã nhận: 7; đúng hạn: 5."),
                                new Paragraph("- Tỷ lệ đầy đủ: 77,8%; tỷ lệ đúng hạn: 55,6%."))),
                        new Section("II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", List.of(new Table(List.of(new Column("STT", 5, Align.CENTER),
                                new Column("Mã", 6, Align.CENTER), new Column("Nhiệm vụ", 36, Align.LEFT), new Column("Đơn vị chủ trì", 16, Align.LEFT),
                                new Column("Trạng thái", 15, Align.LEFT), new Column("% hoàn thành", 11, Align.RIGHT),
                                new Column("Quá hạn", 9, Align.CENTER)), rows))),
                        new Section(null, List.of(new Paragraph("Trên đây là báo cáo kết quả thực hiện kế hoạch chuyển đổi số tháng 02/2024 "
                                + "của Bộ Tư lệnh 86./.")))),
                new Signature(List.of("Tư lệnh"), null),
                List.of("Bộ Quốc phòng (để báo cáo)", "Các đơn vị được giao nhiệm vụ", "Lưu: VT, PTM"));
    }

    @Test
    void the_pdf_embeds_liberation_serif_and_numbers_pages_after_the_first() throws Exception {
        byte[] pdf = Decree30.pdf(sample(SecrecyLevel.THUONG));
        Path dir = Files.createDirectories(Path.of("target/paper"));
        Files.write(dir.resolve("sample.pdf"), pdf);
        Files.write(dir.resolve("sample-mat.pdf"), Decree30.pdf(sample(SecrecyLevel.MAT)));
        vn.truongson.support.Qpdf.assertClean(pdf, "the sample Báo cáo");

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            PDPage first = doc.getPage(0);
            assertThat(first.getMediaBox().getWidth()).isCloseTo(595.3f, org.assertj.core.data.Offset.offset(1f));
            assertThat(first.getMediaBox().getHeight()).isCloseTo(841.9f, org.assertj.core.data.Offset.offset(1f));
            List<String> fonts = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName n : page.getResources().getFontNames()) {
                    PDFont f = page.getResources().getFont(n);
                    assertThat(f.isEmbedded()).as(f.getName()).isTrue();
                    fonts.add(f.getName());
                }
            }
            assertThat(fonts).allMatch(n -> n.contains("LiberationSerif"));
            assertThat(fonts).anyMatch(n -> n.endsWith("LiberationSerif-Bold"));
            assertThat(fonts).anyMatch(n -> n.endsWith("LiberationSerif-Italic"));

            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            String page1 = text.getText(doc);
            assertThat(page1).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86",
                    "/BC-BTL86", "Hà Nội, ngày 05 tháng 02 năm 2024", "BÁO CÁO", "Kết quả thực hiện kế hoạch chuyển đổi số tháng 02/2024");
            // Page 1 carries no number; page 2 begins with "2" in the top margin.
            assertThat(page1.strip()).doesNotStartWith("1");
            text.setStartPage(2);
            text.setEndPage(2);
            assertThat(text.getText(doc).strip()).startsWith("2");
            text.setStartPage(doc.getNumberOfPages());
            text.setEndPage(doc.getNumberOfPages());
            assertThat(text.getText(doc)).contains("Nơi nhận:", "- Lưu: VT, PTM.", "TƯ LỆNH");
        }
    }

    @Test
    void the_word_file_has_the_same_layout_in_times_new_roman() throws Exception {
        byte[] docx = Decree30.docx(sample(SecrecyLevel.MAT));
        Files.write(Files.createDirectories(Path.of("target/paper")).resolve("sample.docx"), docx);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx))) {
            CTSectPr sect = doc.getDocument().getBody().getSectPr();
            assertThat(sect.getPgSz().getW().toString()).isEqualTo("11906");
            assertThat(sect.getPgMar().getLeft().toString()).isEqualTo("1701"); // 30 mm
            assertThat(sect.getPgMar().getRight().toString()).isEqualTo("850"); // 15 mm
            assertThat(sect.getPgMar().getTop().toString()).isEqualTo("1134"); // 20 mm
            assertThat(sect.isSetTitlePg()).isTrue();
            assertThat(doc.getHeaderList()).hasSize(2);

            String text;
            try (XWPFWordExtractor x = new XWPFWordExtractor(doc)) {
                text = x.getText();
            }
            assertThat(text).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BỘ TƯ LỆNH 86", "MẬT",
                    "Hà Nội, ngày 05 tháng 02 năm 2024", "BÁO CÁO", "I. TÌNH HÌNH BÁO CÁO", "Nơi nhận:", "- Lưu: VT, PTM.");
            assertThat(doc.getTables()).hasSize(3);
            assertThat(doc.getTables().get(1).getRow(0).isRepeatHeader()).isTrue();
            assertThat(doc.getTables().get(1).getNumberOfRows()).isEqualTo(41);
            for (XWPFParagraph p : doc.getParagraphs()) {
                for (XWPFRun r : p.getRuns()) assertThat(r.getFontFamily()).isEqualTo("Times New Roman");
            }
        }
    }
}
