package vn.truongson.population.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * The admissions screen on the shared platform context, which has no registry configured: the page, its
 * bad-input answers, and a list whose rows all come back "not checked" rather than "not matched".
 */
@PlatformTest
class AdmissionsScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void thePageExplainsTheRules() throws Exception {
        var r = mvc.perform(get("/office/population/admissions").with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Đối chiếu danh sách thí sinh tuyển sinh quân sự", "17–21 tuổi", "Tối đa 10.000 dòng", "_csrf=", "enctype=\"multipart/form-data\"");
    }

    @Test
    void theBorderPageAndItsBadInput() throws Exception {
        var page = mvc.perform(get("/office/population/border").with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(page.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Đối chiếu danh sách thuyền viên, hành khách", "viết hoa không dấu", "/office/population/border?_csrf=", "Đối chiếu dân cư");
        byte[] xlsx;
        try (var wb = new XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            wb.createSheet().createRow(0).createCell(0).setCellValue("Họ và tên");
            wb.write(out);
            xlsx = out.toByteArray();
        }
        var r = mvc.perform(multipart("/office/population/border").file(new MockMultipartFile("file", "ds.xlsx", null, xlsx))
                .with(csrf()).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Thiếu cột: Giới tính, Ngày sinh, Quốc tịch, Số giấy tờ");
    }

    /** Issue 13: the border list too has its template and an on-screen summary (counts by outcome) beside the coloured file. */
    @Test
    void theBorderTemplateFilledInGivesASummaryByOutcomeAndTheColouredFile() throws Exception {
        var t = mvc.perform(get("/office/population/border/template.xlsx").with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(t.getResponse().getStatus()).isEqualTo(200);
        byte[] filled;
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(t.getResponse().getContentAsByteArray())); var out = new java.io.ByteArrayOutputStream()) {
            var s = wb.getSheetAt(0);
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Họ và tên");
            assertThat(s.getRow(0).getCell(4).getStringCellValue()).isEqualTo("Số giấy tờ");
            String[][] rows = {{"NGUYEN VAN DAT", "M", "02/09/1990", "Việt Nam", "001090012345", "Thuyền trưởng"},
                {"JOHN SMITH", "M", "01/01/1980", "Anh", "P1234567", "Hành khách"},
                {"TRAN THI HOA", "F", "03/04/1995", "Việt Nam", "00119500123", "Thuyền viên"}};
            for (int r = 0; r < rows.length; r++) {
                var row = s.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) row.createCell(c).setCellValue(rows[r][c]);
            }
            wb.write(out);
            filled = out.toByteArray();
        }
        var r = mvc.perform(multipart("/office/population/border/summary").file(new MockMultipartFile("file", "ds.xlsx", null, filled))
                .with(csrf()).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String page = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("id=\"border-summary\"", "Tổng số: 3 dòng", "data-outcome=\"FOREIGN\"", "Không đối chiếu (người nước ngoài)",
                "/office/population/border/result.xlsx");
        // The person's session (Spring Session, by its cookie) keeps the checked file for the download link.
        var cookie = r.getResponse().getCookie("SESSION");
        assertThat(cookie).as("the summary keeps the file in the person's session").isNotNull();
        var file = mvc.perform(get("/office/population/border/result.xlsx").cookie(cookie).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(file.getResponse().getStatus()).isEqualTo(200);
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(file.getResponse().getContentAsByteArray()))) {
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(3);
            // The reason of an invalid number is written in Vietnamese, never as its code.
            StringBuilder row3 = new StringBuilder();
            wb.getSheetAt(0).getRow(3).forEach(cell -> row3.append(cell.toString()).append(" | "));
            assertThat(row3.toString()).contains("Số định danh phải có đúng 12 chữ số (đang có 11 ký tự)").doesNotContain("LENGTH");
        }
        // No summary in this session: nothing to download. No file: 400 naming it, on the page.
        assertThat(mvc.perform(get("/office/population/border/result.xlsx").with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        var none = mvc.perform(multipart("/office/population/border/summary").with(csrf()).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(none.getResponse().getStatus()).isEqualTo(400);
        assertThat(none.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"border-error\"").doesNotContain("id=\"border-summary\"");
    }

    @Test
    void aFileThatIsNotAWorkbookIsShownAsAnError() throws Exception {
        var r = mvc.perform(multipart("/office/population/admissions").file(new MockMultipartFile("file", "x.xlsx", null, "hello".getBytes()))
                .param("year", "2026").with(csrf()).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Tệp không phải bảng tính Excel (.xlsx).");
    }

    @Test
    void withoutARegistryEveryRowIsNotCheckedNeverNotMatched() throws Exception {
        byte[] xlsx;
        try (var wb = new XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            var s = wb.createSheet();
            var h = s.createRow(0);
            h.createCell(0).setCellValue("Số định danh");
            h.createCell(1).setCellValue("Họ và tên");
            h.createCell(2).setCellValue("Ngày sinh");
            var row = s.createRow(1);
            row.createCell(0).setCellValue(36307004321d); // typed as a number: the leading 0 is lost, and put back
            row.createCell(1).setCellValue("Phạm Thị Thu Hà");
            row.createCell(2).setCellValue("02/09/2007");
            wb.write(out);
            xlsx = out.toByteArray();
        }
        var r = mvc.perform(multipart("/office/population/admissions").file(new MockMultipartFile("file", "ds.xlsx", null, xlsx))
                .param("year", "2026").with(csrf()).with(Principals.as(jdbc, "dieuphoi.btl86"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader("Content-Disposition")).contains("ket-qua-doi-chieu-2026.xlsx");
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()))) {
            assertThat(wb.getSheetAt(0).getRow(1).getCell(3).getStringCellValue()).isEqualTo("Chưa đối chiếu được");
            assertThat(wb.getSheetAt(0).getRow(0).getCell(3).getStringCellValue()).isEqualTo("Kết quả đối chiếu");
        }
    }
}
