package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.core.VietnameseText;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Records screens in Debian's Chromium, in Vietnamese, at 1366 and 390 px: the archivist opens a record with a
 * retention of 10 years (refused first without a title), files a document into it, sees the list of its documents,
 * and, the retention having expired, proposes it for disposal: the record is held and nothing is destroyed.
 */
@PlatformTest
class RecordsBrowserTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    long document(String subject) {
        long u = jdbc.sql("select id from org_unit where code = 'BTL86'").query(Long.class).single();
        long batch = jdbc.sql("insert into archive_batch (unit_id, year, title, created_by) values (?, 2000, 'Lô cũ', 'test') returning id").param(u)
                .query(Long.class).single();
        long item = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, file_name, source_sha256, source_type, source_size, status, created_by, pages, proposed)
                values (?, ?, 'cu.pdf', ?, 'application/pdf', 10, 'DONE', 'test', 1, ?) returning id""")
                .params(batch, u, "0".repeat(64), "{\"subject\":\"" + subject + "\",\"numberAndNotation\":\"07/BC-BTL86\",\"date\":\"20/12/2000\"}")
                .query(Long.class).single();
        jdbc.sql("insert into archive_page (item_id, page_no, text, folded) values (?, 1, ?, ?)").params(item, subject, VietnameseText.fold(subject)).update();
        return item;
    }

    @Test
    void an_archivist_opens_a_record_files_a_document_and_proposes_its_disposal() throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String subject = "Báo cáo tổng kết năm 2000 " + run;
        long item = document(subject);
        Path shots = Files.createDirectories(Path.of("target/screenshots"));
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            d.manage().window().setSize(new Dimension(1366, 900));
            String base = "http://localhost:" + port;
            d.get(base + "/login");
            d.findElement(By.id("username")).sendKeys("luutru.btl86");
            d.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
            d.findElement(By.id("signin-submit")).click();
            browser.waiting().until(x -> x.getCurrentUrl().contains("/login/otp") || x.getCurrentUrl().endsWith("/office"));
            for (int attempt = 0; attempt < 3 && d.getCurrentUrl().contains("/login/otp"); attempt++) {
                var code = d.findElement(By.id("code"));
                code.clear();
                code.sendKeys(Api.otpForAttempt(attempt));
                code.submit();
                browser.waiting().until(x -> x.getCurrentUrl().endsWith("/office") || !x.findElements(By.cssSelector(".alert-danger")).isEmpty());
            }
            assertThat(d.getCurrentUrl()).endsWith("/office");

            d.get(base + "/office/archive");
            click(d, d.findElement(By.id("records-link")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("records-page")));
            click(d, d.findElement(By.cssSelector("#records-page details summary")));
            new Select(d.findElement(By.id("unitId"))).selectByVisibleText("BTL86 — Bộ Tư lệnh 86");
            d.findElement(By.id("code")).sendKeys("BC-" + run);
            d.findElement(By.id("year")).sendKeys("2000");
            d.findElement(By.id("retentionYears")).sendKeys("10");
            click(d, d.findElement(By.id("record-create")));
            // No title: refused in Vietnamese, the form kept.
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("records-errors")));
            assertThat(d.findElement(By.id("code")).getAttribute("value")).isEqualTo("BC-" + run);
            d.findElement(By.id("title")).sendKeys("Hồ sơ báo cáo tổng kết năm 2000");
            click(d, d.findElement(By.id("record-create")));
            browser.waiting().until(x -> x.getCurrentUrl().matches(".*/office/archive/records/\\d+"));
            String recordUrl = d.getCurrentUrl();
            assertThat(d.findElement(By.id("record-status")).getText()).isEqualTo("Đang lập");
            assertThat(d.findElement(By.id("record-retention")).getText()).isEqualTo("10 năm (đến hết năm 2010)");

            click(d, d.findElement(By.id("cand-" + item)));
            click(d, d.findElement(By.id("file-submit")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("record-items")));
            assertThat(d.findElement(By.id("record-items")).getText()).contains(subject, "07/BC-BTL86", "20/12/2000");
            shoot(d, shots, "archive-record-1366");

            d.findElement(By.id("reason")).sendKeys("Hết thời hạn bảo quản 10 năm; Hội đồng xác định giá trị tài liệu đã thẩm định");
            click(d, d.findElement(By.id("disposal-propose")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("disposal-pending")));
            assertThat(d.findElement(By.id("record-status")).getText()).isEqualTo("Đang đề nghị tiêu hủy");
            assertThat(d.findElements(By.id("disposal-approve"))).isEmpty(); // the archivist cannot approve
            assertThat(jdbc.sql("select count(*) from archive_page where item_id = ?").param(item).query(Long.class).single()).isEqualTo(1);

            d.get(base + "/office/archive/records");
            assertThat(d.findElement(By.id("records-table")).getText()).contains("BC-" + run, "Đang đề nghị tiêu hủy");
            shoot(d, shots, "archive-records-1366");

            d.manage().window().setSize(new Dimension(390, 900));
            for (String url : new String[] {base + "/office/archive/records", recordUrl}) {
                d.get(url);
                long width = (Long) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth");
                assertThat(width).as(url).isLessThanOrEqualTo(390);
            }
            shoot(d, shots, "archive-record-390");
        }
    }

    private static void click(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", e);
        e.click();
    }

    private static void shoot(WebDriver d, Path dir, String name) throws Exception {
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }
}
