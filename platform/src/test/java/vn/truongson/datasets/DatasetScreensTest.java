package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.support.Principals;

/**
 * The screens over the demo's cipher-equipment survey: the list, a reporter's form (a broken rule shown in Vietnamese
 * and nothing stored, then a good submission), the roll-up with its drill-down, and the workbooks agreeing with it.
 */
@ProgrammeTest
class DatasetScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    String demo() {
        return jdbc.sql("select id::text from datasets_dataset where code = 'BQP-CY-2026'").query(String.class).single();
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    MvcResult send(AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theDemoSurveyIsListedFilledAndRolledUpOnScreen() throws Exception {
        String id = demo();
        String list = page("/office/datasets", "dieuphoi.btl86");
        assertThat(list).contains("Rà soát, tổng hợp nhu cầu thiết bị bảo mật cơ yếu (minh họa)", "Đã ban hành", "Bộ Quốc phòng");

        // The reporter of Bộ Tham mưu Quân khu 1 sees his unit's line and the form.
        String btm = unit("BTMQK1");
        String detail = page("/office/datasets/" + id, "btmqk1.02");
        assertThat(detail).contains("id=\"unit-" + btm + "\"", "Chưa nộp", "Nhập số liệu");
        String form = "/office/datasets/" + id + "/form/" + btm + "/ONCE";
        assertThat(page(form, "btmqk1.02")).contains("Số lượng cần trang bị", "Chưa nộp lần nào.");

        // A broken rule: 400, the coordinator's message in Vietnamese, nothing stored.
        MvcResult bad = send(post(form).param("v.needed", "2").param("v.deployed", "5").param("v.priority", "1"), "btmqk1.02");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(bad.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Số lượng đã triển khai không được vượt quá số lượng cần trang bị.", "id=\"broken-rules\"");
        // A bad number: named beside its field.
        MvcResult nan = send(post(form).param("v.needed", "1e5000").param("v.deployed", "0").param("v.priority", "1"), "btmqk1.02");
        assertThat(nan.getResponse().getStatus()).isEqualTo(400);
        assertThat(nan.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"err-needed\"");
        assertThat(jdbc.sql("select count(*) from datasets_submission where dataset_id = ? and unit_id = ?")
                .param(Long.parseLong(id)).param(Long.parseLong(btm)).query(Long.class).single()).isZero();

        // A good one, with a decimal comma and a Vietnamese date.
        MvcResult ok = send(post(form).param("v.needed", "7").param("v.deployed", "2").param("v.priority", "2").param("v.pilot", "true")
                .param("v.readiness", "28,5").param("v.surveyed", "05/12/2026").param("v.kind", "Máy mã thoại"), "btmqk1.02");
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(302);
        assertThat(String.valueOf(ok.getFlashMap().get("notice"))).isEqualTo("Đã nộp số liệu (lần 1, đúng hạn).");
        assertThat(page(form, "btmqk1.02")).contains("Đã nộp lần 1 (đúng hạn)", "28,5");

        // A reporter of another unit: refused.
        assertThat(send(get(form), "sd3.02").getResponse().getStatus()).isEqualTo(403);

        // The roll-up over Quân khu 1 for its commander, and the drill-down to Sư đoàn 3.
        String qk1 = unit("QK1");
        String rollup = page("/office/datasets/" + id + "/rollup?period=ONCE&unitId=" + qk1, "chihuy.qk1");
        assertThat(rollup).contains("Quân khu 1", "Sư đoàn 3", "/office/datasets/" + id + "/rollup?period=ONCE&amp;unitId=" + unit("SD3"));
        String needed = rollup.substring(rollup.indexOf("id=\"value-needed\""));
        // QK1 12 + BTMQK1 7 + SD3 8 + TD2 4 + TD12 4 = 35 (the demo's figures, and the one above).
        assertThat(needed.substring(0, needed.indexOf("</tr>"))).contains("35 bộ");

        // The workbook says the same.
        MvcResult x = send(get("/office/datasets/" + id + "/rollup.xlsx?period=ONCE&unitId=" + qk1), "chihuy.qk1");
        assertThat(x.getResponse().getStatus()).isEqualTo(200);
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(x.getResponse().getContentAsByteArray()))) {
            Sheet s = wb.getSheet("Tổng hợp");
            double found = Double.NaN;
            for (var row : s) if (row.getCell(0) != null && "needed".equals(row.getCell(0).toString())) found = row.getCell(4).getNumericCellValue();
            assertThat(found).isEqualTo(35.0);
            assertThat(wb.getSheet("Số liệu đơn vị").getLastRowNum()).isEqualTo(5);
            assertThat(wb.getSheet("Chưa nộp").getLastRowNum()).isZero();
        }
        MvcResult t = send(get("/office/datasets/" + id + "/template.xlsx?period=ONCE&unitId=" + qk1), "chihuy.qk1");
        assertThat(t.getResponse().getStatus()).isEqualTo(200);
    }

    @org.springframework.boot.test.web.server.LocalServerPort int port;

    @Test
    void aBrokenDownFieldIsEnteredPerOptionAndRolledUpPerOptionOnScreen() throws Exception {
        DatasetFixture ds = new DatasetFixture(new vn.truongson.support.Api(port), jdbc);
        String id = ds.byRank(DatasetFixture.COORDINATOR, "QK1", "YEARLY");
        ds.assign(DatasetFixture.COORDINATOR, id, "2030", "2030-12-20", "SD3", "TD2");
        String form = "/office/datasets/" + id + "/form/" + unit("SD3") + "/2030";
        assertThat(page(form, "sd3.02")).contains("id=\"v-staff-0\"", "name=\"v.staff#2\"", "Hạ sĩ quan - binh sĩ");
        // A bad option's number is named beside its own box; nothing stored.
        MvcResult bad = send(post(form).param("v.staff#0", "10").param("v.staff#1", "-3").param("v.staff#2", "20"), "sd3.02");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(bad.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"err-staff-1\"").doesNotContain("id=\"err-staff-0\"");
        MvcResult ok = send(post(form).param("v.staff#0", "10").param("v.staff#1", "5").param("v.staff#2", "20").param("v.trained#0", "4")
                .param("v.readiness#0", "62,5"), "sd3.02");
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(302);
        assertThat(page(form, "sd3.02")).contains("value=\"62,5\"", "Đã nộp lần 1");
        // Returned for correction: the reason on the form, and in the comments.
        var back = ds.api.post("/api/v1/datasets/" + id + "/submissions/" + unit("SD3") + "/2030/return", DatasetFixture.COORDINATOR,
                "{\"reason\":\"Quân số QNCN chưa khớp\"}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(page(form, "sd3.02")).contains("id=\"returned\"", "Lý do: Quân số QNCN chưa khớp", "id=\"comment-list\"");
        String rollup = page("/office/datasets/" + id + "/rollup?period=2030&unitId=" + unit("QK1"), "chihuy.qk1");
        String total = rollup.substring(rollup.indexOf("id=\"value-staff\""));
        assertThat(total.substring(0, total.indexOf("</tr>"))).contains("35");
        assertThat(rollup).contains("— Sĩ quan", "— Hạ sĩ quan - binh sĩ", "Sĩ quan: 10; QNCN: 5; Hạ sĩ quan - binh sĩ: 20");
    }
}
