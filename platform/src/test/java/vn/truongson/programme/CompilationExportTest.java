package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.paper.Figures;
import vn.truongson.support.Api;

/**
 * The Excel, Word and PDF exports of the hand-computed plan ({@link HandComputedExample}) say what the JSON
 * compilation says: read back with POI, XWPF and PDFBox, figure by figure. The PDF is left in target/exports/
 * to be looked at.
 */
@ProgrammeTest
class CompilationExportTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;
    ExportFiles files;

    @BeforeEach
    void setUp() {
        Api api = new Api(port);
        p = new Programme(api, jdbc, clock);
        files = new ExportFiles(api);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void every_export_agrees_with_the_json_compilation() throws Exception {
        HandComputedExample x = HandComputedExample.build(p);
        JsonNode c = p.compilation("dieuphoi.btl86", x.plan(), "2026-03", null);
        String planCode = p.api.get("/api/v1/plans/" + x.plan(), "dieuphoi.btl86").json().get("code").asString();
        String base = "/api/v1/plans/" + x.plan() + "/compilation";

        clock.set("2026-04-05T09:00:00+07:00");
        ExportFiles.Download xlsx = files.get(base + ".xlsx?period=2026-03", "dieuphoi.btl86");
        ExportFiles.Download docx = files.get(base + ".docx?period=2026-03", "dieuphoi.btl86");
        ExportFiles.Download pdf = files.get(base + ".pdf?period=2026-03", "dieuphoi.btl86");
        clock.reset();

        assertThat(xlsx.status()).as(xlsx.text()).isEqualTo(200);
        assertThat(xlsx.header("Content-Type")).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.header("Content-Disposition")).isEqualTo("attachment; filename=\"bao-cao-" + planCode + "-2026-03.xlsx\"");
        assertThat(docx.status()).as(docx.text()).isEqualTo(200);
        assertThat(docx.header("Content-Disposition")).isEqualTo("attachment; filename=\"bao-cao-" + planCode + "-2026-03.docx\"");
        assertThat(pdf.status()).as(pdf.text()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(pdf.header("Content-Disposition")).isEqualTo("attachment; filename=\"bao-cao-" + planCode + "-2026-03.pdf\"");
        Path dir = Files.createDirectories(Path.of("target/exports"));
        Files.write(dir.resolve("compilation.pdf"), pdf.body());
        vn.truongson.support.Qpdf.assertClean(pdf.body(), "the compilation's Báo cáo");
        Files.write(dir.resolve("compilation.docx"), docx.body());
        Files.write(dir.resolve("compilation.xlsx"), xlsx.body());

        workbookAgrees(xlsx.body(), c);
        wordAgrees(docx.body(), c);
        pdfAgrees(pdf.body(), c);
    }

    // ---- Excel ----------------------------------------------------------------------------------------

    void workbookAgrees(byte[] bytes, JsonNode c) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("Tổng hợp", "Nhiệm vụ", "Chỉ tiêu", "Chưa báo cáo", "Điểm nghẽn", "Đề xuất");
            for (Sheet s : wb) {
                assertThat(s.getPaneInformation().isFreezePane()).as(s.getSheetName()).isTrue();
                assertThat(s.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
                assertThat(wb.getFontAt(s.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            }

            Sheet summary = wb.getSheet("Tổng hợp");
            assertThat(value(summary, "Số báo cáo phải gửi").getNumericCellValue()).isEqualTo(c.get("expectedReports").asDouble()).isEqualTo(9);
            assertThat(value(summary, "Số báo cáo đã nhận").getNumericCellValue()).isEqualTo(c.get("receivedReports").asDouble()).isEqualTo(7);
            assertThat(value(summary, "Số báo cáo đúng hạn").getNumericCellValue()).isEqualTo(c.get("onTimeReports").asDouble()).isEqualTo(5);
            Cell completeness = value(summary, "Tỷ lệ đầy đủ");
            assertThat(completeness.getNumericCellValue()).isEqualTo(c.get("completeness").asDouble()).isCloseTo(7.0 / 9, within(1e-12));
            assertThat(completeness.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            assertThat(value(summary, "Tỷ lệ đúng hạn").getNumericCellValue()).isEqualTo(c.get("timeliness").asDouble());
            assertThat(value(summary, "Kỳ báo cáo").getStringCellValue()).isEqualTo("03/2026");
            assertThat(value(summary, "Nhiệm vụ quá hạn").getNumericCellValue()).isEqualTo(1);

            Sheet tasks = wb.getSheet("Nhiệm vụ");
            assertThat(tasks.getLastRowNum()).isEqualTo(c.get("tasks").size());
            for (int i = 0; i < c.get("tasks").size(); i++) {
                JsonNode t = c.get("tasks").get(i);
                Row r = tasks.getRow(i + 1);
                assertThat(r.getCell(2).getStringCellValue()).isEqualTo(t.get("code").asString());
                assertThat(r.getCell(3).getStringCellValue()).isEqualTo("Nhiệm vụ " + t.get("code").asString());
                assertThat(r.getCell(6).getStringCellValue()).isEqualTo(ReportStatus.valueOf(t.get("status").asString()).vietnamese());
                assertThat(r.getCell(7).getNumericCellValue() * 100).isCloseTo(t.get("percentComplete").asDouble(), within(1e-9));
                assertThat(r.getCell(7).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
                assertThat(r.getCell(8).getStringCellValue()).isEqualTo(t.get("overdue").asBoolean() ? "Quá hạn" : "");
            }
            assertThat(tasks.getRow(1).getCell(4).getStringCellValue()).isEqualTo("Quân khu 1");
            assertThat(tasks.getRow(1).getCell(1).getStringCellValue()).isEqualTo("1. Hạ tầng số");
            assertThat(tasks.getRow(1).getCell(7).getNumericCellValue()).isCloseTo(0.375, within(1e-12));

            Sheet indicators = wb.getSheet("Chỉ tiêu");
            assertThat(indicators.getLastRowNum()).isEqualTo(c.get("indicators").size()).isEqualTo(5);
            for (int i = 0; i < c.get("indicators").size(); i++) {
                JsonNode in = c.get("indicators").get(i);
                Row r = indicators.getRow(i + 1);
                assertThat(r.getCell(3).getStringCellValue()).isEqualTo(in.get("code").asString());
                assertThat(r.getCell(8).getNumericCellValue()).isEqualTo(in.get("target").asDouble());
                if (in.get("actual").isNull()) {
                    assertThat(r.getCell(9).getCellType()).isEqualTo(CellType.BLANK);
                    assertThat(r.getCell(10).getCellType()).isEqualTo(CellType.BLANK);
                } else {
                    assertThat(r.getCell(9).getNumericCellValue()).isEqualTo(in.get("actual").asDouble());
                    assertThat(r.getCell(10).getNumericCellValue()).isEqualTo(in.get("achievement").asDouble());
                }
            }
            // TG: lower is better, averaged.
            assertThat(indicators.getRow(2).getCell(6).getStringCellValue()).isEqualTo("Trung bình");
            assertThat(indicators.getRow(2).getCell(7).getStringCellValue()).isEqualTo("Không");

            Sheet missing = wb.getSheet("Chưa báo cáo");
            assertThat(missing.getLastRowNum()).isEqualTo(c.get("missing").size()).isEqualTo(2);
            assertThat(List.of(missing.getRow(1).getCell(1).getStringCellValue(), missing.getRow(1).getCell(2).getStringCellValue()))
                    .containsExactly("Quân khu 3", "1.1");
            assertThat(List.of(missing.getRow(2).getCell(1).getStringCellValue(), missing.getRow(2).getCell(2).getStringCellValue()))
                    .containsExactly("Sư đoàn 3", "1.2");

            Sheet bottlenecks = wb.getSheet("Điểm nghẽn");
            assertThat(bottlenecks.getLastRowNum()).isEqualTo(c.get("bottlenecks").size()).isEqualTo(2);
            List<String> texts = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                Row r = bottlenecks.getRow(i);
                texts.add(r.getCell(1).getStringCellValue() + " | " + r.getCell(2).getStringCellValue() + " | " + r.getCell(4).getStringCellValue()
                        + " | " + r.getCell(5).getStringCellValue());
            }
            assertThat(texts).containsExactlyInAnyOrder("Sư đoàn 3 | 1.1 | Chờ cấp thiết bị | 02/2026", "Quân khu 3 | 1.1 | Thiếu kinh phí | 02/2026");

            Sheet proposals = wb.getSheet("Đề xuất");
            assertThat(proposals.getLastRowNum()).isEqualTo(c.get("proposals").size()).isPositive();
            for (int i = 1; i <= c.get("proposals").size(); i++) {
                assertThat(proposals.getRow(i).getCell(4).getStringCellValue()).isEqualTo(c.get("proposals").get(i - 1).get("text").asString());
            }
        }
    }

    static Cell value(Sheet s, String label) {
        for (Row r : s) {
            if (r.getCell(0) != null && r.getCell(0).getCellType() == CellType.STRING && r.getCell(0).getStringCellValue().equals(label)) {
                return r.getCell(1);
            }
        }
        throw new AssertionError("no row " + label);
    }

    // ---- Word and PDF: the same figures, as the document writes them ---------------------------------

    /** What both documents must say, from the JSON and written as Vietnamese documents write numbers. */
    static List<String> statements(JsonNode c) {
        List<String> out = new ArrayList<>();
        out.add("Số báo cáo phải gửi: " + c.get("expectedReports").asLong() + "; đã nhận: " + c.get("receivedReports").asLong() + "; đúng hạn");
        out.add("23 giờ 59 phút ngày 20/03/2026): " + c.get("onTimeReports").asLong() + ".");
        out.add("Tỷ lệ đầy đủ: " + Figures.percentOfRatio(c.get("completeness").asDouble()) + "; tỷ lệ đúng hạn: "
                + Figures.percentOfRatio(c.get("timeliness").asDouble()) + ".");
        out.add("Đơn vị chưa báo cáo (2 đơn vị, 2 lượt nhiệm vụ): Quân khu 3 (nhiệm vụ 1.1); Sư đoàn 3 (nhiệm vụ 1.2).");
        out.add("Tổng số 3 nhiệm vụ: 1 hoàn thành, 1 đang triển khai, 1 vướng mắc, chậm tiến độ, 0 chưa triển khai; 1 nhiệm vụ quá hạn.");
        out.add("số liệu từ ngày 15/02/2026 đến ngày 14/03/2026");
        return out;
    }

    /** The hand-computed figures as the tables print them: 1.1 37,5 %, 1.2 66,7 %, HT 70 %, TG 136,4 %… */
    static final List<List<String>> TASK_ROWS = List.of(
            List.of("1", "1.1", "Nhiệm vụ 1.1", "Quân khu 1", "Vướng mắc, chậm tiến độ", "37,5%", ""),
            List.of("2", "1.2", "Nhiệm vụ 1.2", "Quân khu 3", "Đang triển khai", "66,7%", "x"),
            List.of("3", "2.1", "Nhiệm vụ 2.1", "Bộ Tư lệnh Bộ đội Biên phòng", "Hoàn thành", "100%", ""));
    static final List<List<String>> INDICATOR_ROWS = List.of(
            List.of("1", "1.1", "Chỉ tiêu HT", "100%", "70%", "70%"),
            List.of("2", "1.1", "Chỉ tiêu TG (càng thấp càng tốt)", "5%", "3,67%", "136,4%"),
            List.of("3", "1.2", "Chỉ tiêu MIN1", "80%", "70%", "87,5%"),
            List.of("4", "1.2", "Chỉ tiêu MAX1", "50%", "60%", "120%"),
            List.of("5", "2.1", "Chỉ tiêu KQ", "3%", "Chưa có số liệu", ""));

    void wordAgrees(byte[] bytes, JsonNode c) throws Exception {
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            String text;
            try (XWPFWordExtractor x = new XWPFWordExtractor(doc)) {
                text = x.getText();
            }
            assertThat(text).contains("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", "/BC-BTL86", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Hà Nội, ngày 05 tháng 4 năm 2026", "BÁO CÁO", "Kết quả thực hiện kế hoạch chuyển đổi số tháng 03/2026", "I. TÌNH HÌNH BÁO CÁO",
                    "II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", "III. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", "IV. KHÓ KHĂN, VƯỚNG MẮC, ĐIỂM NGHẼN", "TƯ LỆNH", "Nơi nhận:",
                    "- Bộ Quốc phòng (để báo cáo);", "- Lưu: VT.");
            assertThat(text).contains("V. ĐỀ XUẤT, KIẾN NGHỊ");
            List<List<String>> proposalRows = rows(table(doc, "Đề xuất, kiến nghị"));
            assertThat(proposalRows).hasSize(c.get("proposals").size());
            for (int i = 0; i < proposalRows.size(); i++) {
                assertThat(proposalRows.get(i).get(3)).isEqualTo(c.get("proposals").get(i).get("text").asString());
            }
            for (String s : statements(c)) assertThat(text).contains(s);

            assertThat(rows(table(doc, "% hoàn thành"))).isEqualTo(TASK_ROWS);
            // The task rows follow the JSON: status and progress of each.
            for (int i = 0; i < c.get("tasks").size(); i++) {
                JsonNode t = c.get("tasks").get(i);
                assertThat(TASK_ROWS.get(i).get(4)).isEqualTo(ReportStatus.valueOf(t.get("status").asString()).vietnamese());
                assertThat(TASK_ROWS.get(i).get(5)).isEqualTo(Figures.percent(t.get("percentComplete").asDouble()));
            }
            assertThat(rows(table(doc, "Tỷ lệ đạt"))).isEqualTo(INDICATOR_ROWS);
            for (int i = 0; i < c.get("indicators").size(); i++) {
                JsonNode in = c.get("indicators").get(i);
                assertThat(INDICATOR_ROWS.get(i).get(5))
                        .isEqualTo(in.get("achievement").isNull() ? "" : Figures.percentOfRatio(in.get("achievement").asDouble()));
            }
            // In the JSON's order, each unit named.
            java.util.Map<String, String> names = java.util.Map.of(p.unit("SD3"), "Sư đoàn 3", p.unit("QK3"), "Quân khu 3");
            List<List<String>> expected = new ArrayList<>();
            for (JsonNode b : c.get("bottlenecks")) {
                expected.add(List.of(Integer.toString(expected.size() + 1), names.get(b.get("unitId").asString()), "1.1", b.get("text").asString(),
                        "02/2026"));
            }
            assertThat(rows(table(doc, "Khó khăn, vướng mắc"))).isEqualTo(expected);
            assertThat(expected).extracting(r -> r.get(1) + ": " + r.get(3))
                    .containsExactlyInAnyOrder("Sư đoàn 3: Chờ cấp thiết bị", "Quân khu 3: Thiếu kinh phí");
        }
    }

    static XWPFTable table(XWPFDocument doc, String header) {
        for (XWPFTable t : doc.getTables()) {
            if (t.getRow(0).getTableCells().stream().anyMatch(c -> c.getText().equals(header))) return t;
        }
        throw new AssertionError("no table with " + header);
    }

    static List<List<String>> rows(XWPFTable t) {
        List<List<String>> out = new ArrayList<>();
        for (XWPFTableRow r : t.getRows().subList(1, t.getRows().size())) out.add(r.getTableCells().stream().map(c -> c.getText()).toList());
        return out;
    }

    void pdfAgrees(byte[] bytes, JsonNode c) throws Exception {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            for (PDPage page : doc.getPages()) {
                for (COSName n : page.getResources().getFontNames()) {
                    PDFont f = page.getResources().getFont(n);
                    assertThat(f.getName()).contains("LiberationSerif");
                    assertThat(f.isEmbedded()).isTrue();
                }
            }
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("BỘ QUỐC PHÒNG", "BỘ TƯ LỆNH 86", "/BC-BTL86", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "Hà Nội, ngày 05 tháng 4 năm 2026", "BÁO CÁO", "Kết quả thực hiện kế hoạch chuyển đổi số tháng 03/2026", "Nơi nhận:");
            for (String s : statements(c)) assertThat(text).contains(s);
            // Cells that wrap interleave with their neighbours in extracted text: the short figures are compared.
            for (List<String> row : TASK_ROWS) assertThat(text).contains(row.get(2), row.get(5));
            for (List<String> row : INDICATOR_ROWS) assertThat(text).contains(row.get(4), row.get(5));
            assertThat(text).contains("Chờ cấp thiết bị", "Thiếu kinh phí", "02/2026");
            assertThat(text).contains("V. ĐỀ XUẤT, KIẾN NGHỊ", "Đề nghị hỗ trợ");
        }
    }

    // ---- the same checks as the JSON ----------------------------------------------------------------

    @Test
    void exports_are_authorized_like_the_compilation() {
        HandComputedExample x = HandComputedExample.build(p);
        String base = "/api/v1/plans/" + x.plan() + "/compilation";
        String qk1 = p.unit("QK1");
        // A reporter of QK1 exports QK1's subtree, issued by Quân khu 1; not the whole plan; a reporter of SD3 not QK1.
        ExportFiles.Download own = files.get(base + ".pdf?period=2026-03&unitId=" + qk1, "baocao.qk1");
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        ExportFiles.Download ownXlsx = files.get(base + ".xlsx?period=2026-03&unitId=" + qk1, "baocao.qk1");
        assertThat(ownXlsx.status()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(ownXlsx.body()))) {
            assertThat(value(wb.getSheet("Tổng hợp"), "Số báo cáo phải gửi").getNumericCellValue()).isEqualTo(5);
            assertThat(value(wb.getSheet("Tổng hợp"), "Đơn vị báo cáo").getStringCellValue()).isEqualTo("Quân khu 1");
            // The SD3 unit below QK1 is named even though the reporter's grant is on QK1 alone.
            assertThat(wb.getSheet("Chưa báo cáo").getRow(1).getCell(1).getStringCellValue()).isEqualTo("Sư đoàn 3");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String ext : List.of(".xlsx", ".docx", ".pdf")) {
            assertThat(files.get(base + ext + "?period=2026-03", "baocao.qk1").status()).isEqualTo(403);
            assertThat(files.get(base + ext + "?period=2026-03&unitId=" + qk1, "baocao.sd3").status()).isEqualTo(403);
            assertThat(files.get(base + ext + "?period=2026-03&unitId=" + qk1, "baocao.sd3").status()).isEqualTo(403);
        }
        // Bad input is named as for the JSON.
        ExportFiles.Download bad = files.get(base + ".pdf?period=2025-03", "dieuphoi.btl86");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Api.json(bad.text()).get("errors").get(0).get("field").asString()).isEqualTo("period");
        assertThat(files.get("/api/v1/plans/999999999/compilation.xlsx?period=2026-03", "dieuphoi.btl86").status()).isEqualTo(404);
    }
}
