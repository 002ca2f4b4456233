package vn.truongson.population.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.population.AdmissionsList;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Issue 13, admissions list: in Debian's Chromium an official downloads the template, fills it (here: the test does) and
 * checks it with "Đối chiếu và xem tóm tắt": the page shows the counts by outcome in the result file's colours and a link
 * to the coloured file, which is the checked list. No registry runs here, so a valid row is "Chưa đối chiếu được" (never
 * "Không khớp"); the invalid and the repeated rows are known without it.
 */
@PlatformTest
class AdmissionsSummaryBrowserTest {

    @LocalServerPort int port;

    @Test
    void the_template_is_filled_and_the_summary_counts_each_outcome() throws Exception {
        Path shots = Files.createDirectories(Path.of("target/screenshots"));
        byte[] template = AdmissionsList.template();
        Path list = Files.createTempFile("ds-thi-sinh-", ".xlsx");
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(template)); var out = Files.newOutputStream(list)) {
            var s = wb.getSheetAt(0);
            assertThat(s.getSheetName()).isEqualTo("Danh sách thí sinh");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Số định danh");
            assertThat(s.getLastRowNum()).isZero();
            String[][] rows = {{"036307004321", "Phạm Thị Thu Hà", "02/09/2007"}, {"123", "Nguyễn Văn A", "01/01/2007"},
                {"036307004321", "Phạm Thị Thu Hà", "02/09/2007"}};
            for (int r = 0; r < rows.length; r++) {
                var row = s.createRow(r + 1);
                for (int c = 0; c < 3; c++) row.createCell(c).setCellValue(rows[r][c]);
            }
            wb.write(out);
        }
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            String base = "http://localhost:" + port;
            d.get(base + "/login");
            d.findElement(By.id("username")).sendKeys("dieuphoi.btl86");
            d.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
            d.findElement(By.id("signin-submit")).click();
            browser.waiting().until(x -> x.getCurrentUrl().endsWith("/office"));
            d.get(base + "/office/population/admissions");
            assertThat(d.findElement(By.id("admissions-template")).getAttribute("href")).endsWith("/office/population/admissions/template.xlsx");
            // The link gives the template filled above (the same columns; zip entries carry their own times).
            String cookie = d.manage().getCookieNamed("SESSION") == null ? "" : "SESSION=" + d.manage().getCookieNamed("SESSION").getValue();
            var t = get(base + "/office/population/admissions/template.xlsx", cookie);
            assertThat(t.statusCode()).isEqualTo(200);
            try (var wb = new XSSFWorkbook(new ByteArrayInputStream(t.body()))) {
                assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("Danh sách thí sinh");
                assertThat(wb.getSheetAt(1).getSheetName()).isEqualTo("Hướng dẫn");
                var h = wb.getSheetAt(0).getRow(0);
                assertThat(new String[] {h.getCell(0).getStringCellValue(), h.getCell(1).getStringCellValue(), h.getCell(2).getStringCellValue()})
                        .containsExactly("Số định danh", "Họ và tên", "Ngày sinh");
            }

            d.findElement(By.id("year")).clear();
            d.findElement(By.id("year")).sendKeys("2026");
            d.findElement(By.id("file")).sendKeys(list.toString());
            click(d, d.findElement(By.id("admissions-summary-submit")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("admissions-summary")));
            assertThat(d.findElement(By.id("admissions-total")).getText()).isEqualTo("Tổng số: 3 dòng");
            assertThat(count(d, "UNAVAILABLE")).isEqualTo("Chưa đối chiếu được 1");
            assertThat(count(d, "INVALID")).isEqualTo("Dữ liệu không hợp lệ 1");
            assertThat(count(d, "DUPLICATE")).isEqualTo("Trùng 1");
            assertThat(count(d, "OK")).isEqualTo("Khớp 0");
            assertThat(count(d, "MISMATCH")).isEqualTo("Không khớp 0");
            Files.write(shots.resolve("population-admissions-summary.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));

            // The coloured file behind the link: the list, with the outcome of each row.
            var r = get(base + "/office/population/admissions/result.xlsx", cookie);
            assertThat(r.statusCode()).isEqualTo(200);
            try (var wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
                var s = wb.getSheetAt(0);
                assertThat(s.getRow(0).getCell(3).getStringCellValue()).isEqualTo("Kết quả đối chiếu");
                assertThat(s.getRow(1).getCell(3).getStringCellValue()).isEqualTo("Chưa đối chiếu được");
                assertThat(s.getRow(2).getCell(3).getStringCellValue()).isEqualTo("Dữ liệu không hợp lệ");
                assertThat(s.getRow(3).getCell(3).getStringCellValue()).isEqualTo("Trùng");
            }
            // Another session has no result to download.
            assertThat(get(base + "/office/population/admissions/result.xlsx", "").statusCode()).isNotEqualTo(200);
        } finally {
            Files.deleteIfExists(list);
        }
    }

    private static String count(WebDriver d, String outcome) {
        return d.findElement(By.cssSelector("#admissions-summary tr[data-outcome='" + outcome + "']")).getText().strip();
    }

    private static void click(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block:'center'})", e);
        e.click();
    }

    private static HttpResponse<byte[]> get(String url, String cookie) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (!cookie.isEmpty()) b.header("Cookie", cookie);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
