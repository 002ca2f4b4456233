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
