package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * The shared pager and the Excel export (issue 13) on the reports list (it was 316 rows on one page) and the officials
 * list: pages of 50 with the filters kept in the links, any page number answered without a 500, the export holding
 * every line of the filter as the screen shows it (same policy), in Vietnamese, audited.
 */
@PlatformTest
class ListPagingExportTest {

    static final String COORDINATOR = "dieuphoi.btl86";
    static final Pattern ROWS = Pattern.compile("Dòng (\\d+)–(\\d+) trên (\\d+)");
    static final Pattern DUE = Pattern.compile("id=\"due-(\\d+)\"");

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    MvcResult as(String username, String path) throws Exception {
        return as(username, get(path));
    }

    MvcResult as(String username, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static Set<String> dueIds(String html) {
        Set<String> ids = new HashSet<>();
        Matcher m = DUE.matcher(html);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    static Sheet sheet(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.getResponse().getHeader("Content-Disposition")).startsWith("attachment");
        return new XSSFWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray())).getSheetAt(0);
    }

    /** The busiest period of the demo plans for the coordinator: the one with the most lines. */
    String busyPeriod() throws Exception {
        String best = null;
        int most = -1;
        for (String p : List.of("2024-03", "2024-06", "2024-09", "2026-11", "2026-12")) {
            Matcher m = ROWS.matcher(body(as(COORDINATOR, "/office/programme/reports?period=" + p)));
            int n = m.find() ? Integer.parseInt(m.group(3)) : 0;
            if (n > most) { most = n; best = p; }
        }
        return best;
    }

    @Test
    void the_reports_list_comes_in_pages_of_fifty_and_the_export_holds_every_line() throws Exception {
        String period = busyPeriod();
        String first = body(as(COORDINATOR, "/office/programme/reports?period=" + period));
        Matcher m = ROWS.matcher(first);
        assertThat(m.find()).as("the demo coordinator sees more than one page of reports").isTrue();
        int total = Integer.parseInt(m.group(3));
        assertThat(total).isGreaterThan(50);
        assertThat(m.group(1) + "–" + m.group(2)).isEqualTo("1–50");
        assertThat(dueIds(first)).hasSize(50);
        // The next link keeps the period.
        assertThat(first).contains("id=\"reports-pages\"", "href=\"/office/programme/reports?period=" + period + "&amp;page=2\"");

        String second = body(as(COORDINATOR, "/office/programme/reports?period=" + period + "&page=2"));
        assertThat(dueIds(second)).isNotEmpty().doesNotContainAnyElementsOf(dueIds(first));

        Set<String> all = new HashSet<>();
        int pages = (total + 49) / 50;
        for (int p = 1; p <= pages; p++) all.addAll(dueIds(body(as(COORDINATOR, "/office/programme/reports?period=" + period + "&page=" + p))));
        assertThat(all).hasSize(total);

        // Any page number: a bad one is page 1, one past the end is the last page; never a 500.
        for (String bad : List.of("-1", "0", "abc", "1e9", "99999999999", "2147483648", "１")) {
            var r = as(COORDINATOR, "/office/programme/reports?period=" + period + "&page=" + bad);
            assertThat(r.getResponse().getStatus()).as(bad).isEqualTo(200);
        }
        assertThat(body(as(COORDINATOR, "/office/programme/reports?period=" + period + "&page=" + (pages + 5)))).contains("trên " + total);

        long before = jdbc.sql("select count(*) from audit_event where action = 'programme.reports.export'").query(Long.class).single();
        Sheet s = sheet(as(COORDINATOR, "/office/programme/reports/export?period=" + period + "&page=2"));
        assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Kế hoạch");
        assertThat(s.getRow(0).getCell(2).getStringCellValue()).isEqualTo("Đơn vị");
        assertThat(s.getLastRowNum()).as("every line, not the page").isEqualTo(total);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'programme.reports.export'").query(Long.class).single()).isEqualTo(before + 1);
    }

    @Test
    void a_reporter_exports_only_his_units_lines_and_twelve_exports_at_once_agree() throws Exception {
        String period = "2026-11";
        String page = body(as("baocao.sd3", "/office/programme/reports?period=" + period));
        int shown = dueIds(page).size();
        Matcher m = ROWS.matcher(page);
        int total = m.find() ? Integer.parseInt(m.group(3)) : shown;
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) tasks.add(() -> sheet(as("baocao.sd3", "/office/programme/reports/export?period=" + period)).getLastRowNum());
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (var f : pool.invokeAll(tasks)) assertThat(f.get()).isEqualTo(total);
        }
        // Without a reporter's grant: refused, as the list is.
        String nobody = newOfficial("Phí Văn Xuất");
        assertThat(as(nobody, "/office/programme/reports/export?period=" + period).getResponse().getStatus()).isEqualTo(403);
    }

    String newOfficial(String fullName) {
        String username = "xl" + Long.toString(System.nanoTime(), 36);
        String unit = jdbc.sql("select id::text from org_unit where code = 'BTL86'").query(String.class).single();
        var r = new Api(port).post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"%s","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"MatKhau2026!x"}"""
                .formatted(username, fullName, unit));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return username;
    }

    @Test
    void the_officials_export_follows_the_filter_and_the_policy() throws Exception {
        String name = "Khúc Thị Xuất Bảng " + Long.toString(System.nanoTime(), 36).toUpperCase();
        newOfficial(name);
        String q = "khuc thi xuat bang";
        Sheet mine = sheet(as("admin", get("/office/officials/export").param("q", q)));
        assertThat(mine.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Họ và tên");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= mine.getLastRowNum(); i++) names.add(mine.getRow(i).getCell(0).getStringCellValue());
        assertThat(names).contains(name);
        // A clerk of Quân khu 1 does not see officials of Bộ Tư lệnh 86: not in his export either.
        Sheet theirs = sheet(as("vanthu.qk1", get("/office/officials/export").param("q", q)));
        for (int i = 1; i <= theirs.getLastRowNum(); i++) assertThat(theirs.getRow(i).getCell(0).getStringCellValue()).isNotEqualTo(name);
        // The list page links to the export with its filter.
        assertThat(body(as("admin", get("/office/officials").param("q", q)))).contains("id=\"officials-export\"", "/office/officials/export?q=khuc");
        assertThat(as("admin", "/office/officials?page=abc").getResponse().getStatus()).isEqualTo(200);
    }
}
