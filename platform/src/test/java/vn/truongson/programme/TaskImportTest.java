package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * Tasks imported from the Excel template: through the same services as the API, all or nothing, every bad cell
 * named by row and column; files judged by their content; only a coordinator of the owner unit, on a draft plan.
 */
@ProgrammeTest
class TaskImportTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

    /** The downloaded template with these rows filled in from row 2; a LocalDate goes in as a date cell. */
    byte[] filled(Object[]... rows) throws IOException {
        ExportFiles.Download t = files.get("/api/v1/plans/import-template.xlsx", Programme.COORDINATOR);
        assertThat(t.status()).as(t.text()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(t.body())); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.getSheet("Nhiệm vụ");
            var dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v == null) continue;
                    var cell = row.createCell(c);
                    switch (v) {
                        case LocalDate d -> {
                            cell.setCellValue(d);
                            cell.setCellStyle(dateStyle);
                        }
                        case Number n -> cell.setCellValue(n.doubleValue());
                        default -> cell.setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    ExportFiles.Download upload(String planId, String user, byte[] content) {
        return files.upload("/api/v1/plans/" + planId + "/tasks/import", user, "nhiem-vu.xlsx", XLSX, content);
    }

    /** field → message of a problem's errors, in order. */
    static Map<String, String> errors(ExportFiles.Download d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : Api.json(d.text()).get("errors")) out.put(e.get("field").asString(), e.get("message").asString());
        return out;
    }

    @Test
    void the_template_has_the_columns_and_the_instructions() throws IOException {
        ExportFiles.Download t = files.get("/api/v1/plans/import-template.xlsx", Programme.COORDINATOR);
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.header("Content-Disposition")).isEqualTo("attachment; filename=\"mau-nhap-nhiem-vu.xlsx\"");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(t.body()))) {
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("Nhiệm vụ");
            assertThat(wb.getSheetAt(1).getSheetName()).isEqualTo("Hướng dẫn");
            List<String> header = new ArrayList<>();
            wb.getSheetAt(0).getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            assertThat(header).containsExactly("Nhóm", "Tên nhóm", "Mã nhiệm vụ", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm",
                    "Hạn hoàn thành", "Độ mật", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Cách tổng hợp", "Càng cao càng tốt");
            assertThat(wb.getSheetAt(0).getPaneInformation().isFreezePane()).isTrue();
            assertThat(wb.getSheetAt(0).getDataValidations()).hasSizeGreaterThanOrEqualTo(6);
        }
        // Reporters do not build plans.
        assertThat(files.get("/api/v1/plans/import-template.xlsx", "baocao.qk1").status()).isEqualTo(403);
    }

    @Test
    void a_filled_template_becomes_groups_tasks_and_indicators() throws IOException {
        String plan = p.plan(2026, "BTL86", 20);
        p.group(plan, 1, "Hạ tầng số");
        String decomposed = Normalizer.normalize("Xây dựng cơ sở dữ liệu dân cư phục vụ tuyển quân", Normalizer.Form.NFD);
        byte[] file = filled(
                new Object[] {1, null, "1.1", "Triển khai mạng truyền số liệu quân sự", "qk1", "QK3; BTLBP", "Mạng được nghiệm thu",
                    LocalDate.of(2026, 12, 31), "Thường", "HT", "Số đơn vị được kết nối", "đơn vị", 40, "Tổng", "Có"},
                new Object[] {null, null, null, null, null, null, null, null, null, "SC", "Số sự cố mất kết nối", "lượt", "5,5", "Trung bình", "Không"},
                new Object[] {"2", "Dữ liệu số", "2.1", decomposed, "BTL86", null, null, "30/06/2026", null, "KQ", "Số bản ghi", "bản ghi", "1.000", null,
                    null},
                new Object[] {"2", "Dữ liệu số", "2.1", decomposed, "BTL86", null, null, "30/06/2026", null, "TL", "Tỷ lệ đúng", "%", 98.5, "Nhỏ nhất",
                    null},
                new Object[] {},
                new Object[] {"2", null, "2.2", "Tập huấn cán bộ", "BTL86", null, null, LocalDate.of(2026, 9, 30)});

        ExportFiles.Download r = upload(plan, Programme.COORDINATOR, file);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode body = Api.json(r.text());
        assertThat(body.get("groupsCreated").asInt()).isEqualTo(1);
        assertThat(body.get("tasksCreated").asInt()).isEqualTo(3);
        assertThat(body.get("tasks").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(body.get("tasks").get(1).get("row").asInt()).isEqualTo(4);
        assertThat(body.get("tasks").get(2).get("row").asInt()).isEqualTo(7);

        JsonNode detail = p.api.get("/api/v1/plans/" + plan, Programme.COORDINATOR).json();
        assertThat(detail.get("groups").size()).isEqualTo(2);
        JsonNode g1 = detail.get("groups").get(0);
        assertThat(g1.get("title").asString()).isEqualTo("Hạ tầng số");
        JsonNode t11 = g1.get("tasks").get(0);
        assertThat(t11.get("code").asString()).isEqualTo("1.1");
        assertThat(t11.get("leadUnitId").asString()).isEqualTo(p.unit("QK1"));
        assertThat(t11.get("supportUnitIds").get(0).asString()).isEqualTo(p.unit("QK3"));
        assertThat(t11.get("supportUnitIds").get(1).asString()).isEqualTo(p.unit("BTLBP"));
        assertThat(t11.get("dueDate").asString()).isEqualTo("2026-12-31");
        assertThat(t11.get("expectedResult").asString()).isEqualTo("Mạng được nghiệm thu");
        assertThat(t11.get("secrecy").asString()).isEqualTo("THUONG");
        JsonNode ht = t11.get("indicators").get(0);
        assertThat(List.of(ht.get("code").asString(), ht.get("unit").asString(), ht.get("aggregation").asString()))
                .containsExactly("HT", "đơn vị", "SUM");
        assertThat(ht.get("target").decimalValue()).isEqualByComparingTo("40");
        assertThat(ht.get("higherIsBetter").asBoolean()).isTrue();
        JsonNode sc = t11.get("indicators").get(1);
        assertThat(sc.get("target").decimalValue()).isEqualByComparingTo("5.5");
        assertThat(sc.get("aggregation").asString()).isEqualTo("AVERAGE");
        assertThat(sc.get("higherIsBetter").asBoolean()).isFalse();

        JsonNode g2 = detail.get("groups").get(1);
        assertThat(g2.get("ordinal").asInt()).isEqualTo(2);
        assertThat(g2.get("title").asString()).isEqualTo("Dữ liệu số");
        JsonNode t21 = g2.get("tasks").get(0);
        assertThat(t21.get("title").asString()).isEqualTo(Normalizer.normalize(decomposed, Normalizer.Form.NFC)).isNotEqualTo(decomposed);
        assertThat(t21.get("dueDate").asString()).isEqualTo("2026-06-30");
        assertThat(t21.get("indicators").size()).isEqualTo(2);
        assertThat(t21.get("indicators").get(0).get("target").decimalValue()).isEqualByComparingTo("1000");
        assertThat(t21.get("indicators").get(1).get("aggregation").asString()).isEqualTo("MIN");
        assertThat(g2.get("tasks").get(1).get("indicators").size()).isZero();

        long audited = jdbc.sql("select count(*) from audit_event where action = 'programme.task.import' and target = ?")
                .param("plan:" + plan).query(Long.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void one_bad_cell_imports_nothing_and_every_bad_cell_is_named() throws IOException {
        String plan = p.plan(2026, "BTL86", 20);
        LocalDate due = LocalDate.of(2026, 12, 31);
        byte[] file = filled(
                new Object[] {1, "Hạ tầng số", "1.1", "Nhiệm vụ tốt", "QK1", null, null, due},
                new Object[] {1, null, "1.2", "Đơn vị không có", "QK99", null, null, due},
                new Object[] {1, null, "1.3", "Ngày sai", "QK1", null, null, "31/02/2026"},
                new Object[] {1, null, "1.4", "Chỉ tiêu trùng", "QK1", null, null, due, null, "X", "Chỉ tiêu X", null, 1},
                new Object[] {null, null, null, null, null, null, null, null, null, "X", "Chỉ tiêu X lần nữa", null, 2},
                new Object[] {1, null, "1.5", "", "QK1", null, null, due},
                new Object[] {1, null, "1.1", "Lặp lại", "QK1", null, null, due},
                new Object[] {1, null, "1.6", "Độ mật sai", "QK1", null, null, due, "Bí mật"},
                new Object[] {1, null, "1.7", "Tiếp nối khác", "QK1", null, null, due, null, "A", "Chỉ tiêu A", null, 1},
                new Object[] {null, null, "1.7", "Khác tên", null, null, null, null, null, "B", "Chỉ tiêu B", null, "nhiều"});

        ExportFiles.Download r = upload(plan, Programme.COORDINATOR, file);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        Map<String, String> errors = errors(r);
        assertThat(errors.keySet()).containsExactly(
                "row 3, column E (Đơn vị chủ trì)",
                "row 4, column H (Hạn hoàn thành)",
                "row 6, column J (Mã chỉ tiêu)",
                "row 7, column D (Tên nhiệm vụ)",
                "row 8, column C (Mã nhiệm vụ)",
                "row 9, column I (Độ mật)",
                "row 11, column D (Tên nhiệm vụ)",
                "row 11, column M (Chỉ tiêu giao)");
        assertThat(errors.get("row 3, column E (Đơn vị chủ trì)")).isEqualTo("Không có đơn vị QK99.");
        assertThat(errors.get("row 4, column H (Hạn hoàn thành)")).contains("dd/MM/yyyy");
        assertThat(errors.get("row 6, column J (Mã chỉ tiêu)")).isEqualTo("Mã chỉ tiêu X bị trùng.");
        assertThat(errors.get("row 7, column D (Tên nhiệm vụ)")).isEqualTo("Trường này là bắt buộc.");
        assertThat(errors.get("row 8, column C (Mã nhiệm vụ)")).contains("1.1", "dòng 2");
        assertThat(errors.get("row 9, column I (Độ mật)")).contains("Tối mật");
        assertThat(errors.get("row 11, column D (Tên nhiệm vụ)")).contains("dòng 10");

        // Nothing was kept: not the good task, not the group it made.
        JsonNode detail = p.api.get("/api/v1/plans/" + plan, Programme.COORDINATOR).json();
        assertThat(detail.get("groups").size()).isZero();
        assertThat(jdbc.sql("select count(*) from programme_task where plan_id = ?").param(Long.parseLong(plan)).query(Long.class).single()).isZero();

        // In English on request.
        var en = files.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(p.api.base() + "/api/v1/plans/" + plan + "/tasks/import"))
                .header("Accept-Language", "en").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(multipart(BOUNDARY, file))), Programme.COORDINATOR);
        assertThat(errors(en).get("row 8, column C (Mã nhiệm vụ)")).contains("already on row 2");
    }

    static final String BOUNDARY = "----truongson-import-7d1f2c9a4b";

    static byte[] multipart(String boundary, byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: " + XLSX + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Test
    void files_are_judged_by_their_content_and_size() throws IOException {
        String plan = p.plan(2026, "BTL86", 20);
        // A PDF, and a Word file, named .xlsx.
        byte[] pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF".getBytes(StandardCharsets.US_ASCII);
        ExportFiles.Download r = upload(plan, Programme.COORDINATOR, pdf);
        assertThat(r.status()).isEqualTo(400);
        assertThat(errors(r)).containsOnlyKeys("file");
        assertThat(errors(r).get("file")).contains("không phải bảng tính Excel");
        byte[] docx;
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("Không phải bảng tính");
            doc.write(out);
            docx = out.toByteArray();
        }
        r = upload(plan, Programme.COORDINATOR, docx);
        assertThat(r.status()).isEqualTo(400);
        assertThat(errors(r).get("file")).contains("không phải bảng tính Excel");
        // Not the template: the header row is named.
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("Sheet1").createRow(0).createCell(0).setCellValue("Tên");
            wb.write(out);
            r = upload(plan, Programme.COORDINATOR, out.toByteArray());
        }
        assertThat(r.status()).isEqualTo(400);
        assertThat(errors(r)).containsKey("row 1, column A (Nhóm)");
        // More than 5 MB.
        r = upload(plan, Programme.COORDINATOR, new byte[5 * 1024 * 1024 + 1]);
        assertThat(r.status()).isEqualTo(400);
        assertThat(errors(r).get("file")).contains("5 MB");
        // A zip bomb: a few kilobytes that would inflate to 40 MB.
        r = upload(plan, Programme.COORDINATOR, zipBomb());
        assertThat(r.status()).isEqualTo(400);
        assertThat(errors(r).get("file")).contains("bất thường");
        // Not multipart at all.
        assertThat(p.api.post("/api/v1/plans/" + plan + "/tasks/import", Programme.COORDINATOR, "{}").status()).isEqualTo(415);
    }

    static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "</Types>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 40; i++) zip.write(spaces);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void only_a_coordinator_of_the_owner_unit_imports_into_a_draft_plan() throws IOException {
        String plan = p.plan(2026, "BTL86", 20);
        byte[] file = filled(new Object[] {1, "Hạ tầng số", "1.1", "Nhiệm vụ", "QK1", null, null, LocalDate.of(2026, 12, 31)});
        // A reporter, and a coordinator of another unit, are refused whatever the file.
        assertThat(upload(plan, "baocao.btl86", file).status()).isEqualTo(403);
        assertThat(upload(plan, "dieuphoi.qk1", file).status()).isEqualTo(403);
        assertThat(upload(plan, "baocao.btl86", new byte[10]).status()).isEqualTo(403);
        assertThat(upload("999999999", Programme.COORDINATOR, file).status()).isEqualTo(404);
        // An issued plan is frozen.
        String issued = p.plan(2026, "BTL86", 20);
        p.group(issued, 1, "Nhóm");
        p.issue(issued);
        ExportFiles.Download r = upload(issued, Programme.COORDINATOR, file);
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(Api.json(r.text()).get("detail").asString()).contains("đã ban hành");
        assertThat(jdbc.sql("select count(*) from programme_task where plan_id in (?, ?)").params(Long.parseLong(plan), Long.parseLong(issued))
                .query(Long.class).single()).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired org.springframework.test.web.servlet.MockMvc mvc;

    /** The plan page's own routes: a signed-in browser has a session, not a bearer token. */
    @Test
    void the_plan_page_imports_with_its_session_and_lists_every_bad_cell() throws Exception {
        String plan = p.plan(2026, "BTL86", 20);
        var as = vn.truongson.support.Principals.as(jdbc, Programme.COORDINATOR);
        var csrf = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf();
        var template = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/office/programme/plans/import-template.xlsx").with(as)).andReturn().getResponse();
        assertThat(template.getStatus()).isEqualTo(200);
        // The same template as the API's (compared as a workbook: zip entries carry their own timestamps).
        try (XSSFWorkbook screen = new XSSFWorkbook(new ByteArrayInputStream(template.getContentAsByteArray()));
                XSSFWorkbook api = new XSSFWorkbook(new ByteArrayInputStream(files.get("/api/v1/plans/import-template.xlsx", Programme.COORDINATOR).body()))) {
            assertThat(screen.getSheetAt(0).getRow(0).getLastCellNum()).isEqualTo(api.getSheetAt(0).getRow(0).getLastCellNum());
            assertThat(screen.getSheetName(1)).isEqualTo(api.getSheetName(1));
        }

        byte[] bad = filled(new Object[] {1, "Hạ tầng số", "1.1", "Nhiệm vụ thử", "KHONG-CO", null, null, "31/12/2026"});
        var refused = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .multipart("/office/programme/plans/" + plan + "/tasks/import")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "nhiem-vu.xlsx", XLSX, bad)).with(as).with(csrf)).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(302);
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) refused.getFlashMap().get("importErrors");
        assertThat(listed).anySatisfy(e -> assertThat(e).startsWith("row 2, column E"));
        assertThat(jdbc.sql("select count(*) from programme_task where plan_id = ?::bigint").param(plan).query(Long.class).single()).isZero();

        byte[] good = filled(new Object[] {1, "Hạ tầng số", "1.1", "Triển khai mạng máy tính quân sự", "BTL86", null, "Mạng được nghiệm thu",
                "31/12/2026", "Thường", "HT", "Số đơn vị được kết nối", "đơn vị", 40, "Tổng", "Có"});
        var done = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .multipart("/office/programme/plans/" + plan + "/tasks/import")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "nhiem-vu.xlsx", XLSX, good)).with(as).with(csrf)).andReturn();
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/office/programme/plans/" + plan);
        assertThat(String.valueOf(done.getFlashMap().get("notice"))).contains("1");
        assertThat(jdbc.sql("select count(*) from programme_task where plan_id = ?::bigint").param(plan).query(Long.class).single()).isEqualTo(1);
    }
}
