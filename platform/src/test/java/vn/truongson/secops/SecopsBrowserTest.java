package vn.truongson.secops;

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
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * In Debian's Chromium, in Vietnamese, at 1366 and 390 px: the ministry's security officer opens the Decree 85
 * register, sees the overdue warning, opens a system and marks one of its measures with evidence, then sees the
 * scanner's per-kind settings. No page scrolls
 * sideways at 390 px. Screenshots in target/screenshots/.
 */
@PlatformTest
class SecopsBrowserTest {

    @LocalServerPort int port;

    static void signIn(Chromium browser, String base, String username) {
        vn.truongson.support.BrowserSession.signInThroughTheForm(browser, base, username);
    }

    static void click(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", e);
        e.click();
    }

    static void noSideways(WebDriver d, String url) {
        long width = (Long) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth");
        assertThat(width).as(url).isLessThanOrEqualTo(390);
    }

    static void shoot(WebDriver d, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void the_security_officer_keeps_the_register() throws Exception {
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            d.manage().window().setSize(new Dimension(1366, 900));
            String base = "http://localhost:" + port;
            signIn(browser, base, "baomat.bqp");
            d.get(base + "/office/security");
            click(d, d.findElement(By.id("security-systems")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("systems-table")));
            assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Hệ thống thông tin theo cấp độ");
            assertThat(d.findElement(By.id("systems-overdue")).getText()).contains("quá hạn kiểm tra, đánh giá");
            assertThat(d.findElement(By.id("system-QLVB-BQP")).getText()).contains("Quá hạn kiểm tra, đánh giá định kỳ", "Đã phê duyệt");
            shoot(d, "secops-systems-1366");
            String listUrl = d.getCurrentUrl();

            click(d, d.findElement(By.cssSelector("#system-CA-BQP a")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("controls-table")));
            assertThat(d.findElement(By.id("system-level")).getText()).isEqualTo("Cấp độ 4");
            assertThat(d.findElement(By.id("system-facts")).getText()).contains("Bộ Thông tin và Truyền thông");
            click(d, d.findElement(By.cssSelector("#control-KT-DU-LIEU details summary")));
            new org.openqa.selenium.support.ui.Select(d.findElement(By.id("status-KT-DU-LIEU"))).selectByVisibleText("Thực hiện một phần");
            d.findElement(By.id("evidence-KT-DU-LIEU")).sendKeys("Sao lưu hằng ngày; chưa mã hóa bản sao lưu");
            click(d, d.findElement(By.id("save-KT-DU-LIEU")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
            assertThat(d.findElement(By.id("notice")).getText()).isEqualTo("Đã cập nhật biện pháp.");
            assertThat(d.findElement(By.id("control-KT-DU-LIEU")).getText()).contains("Thực hiện một phần", "chưa mã hóa bản sao lưu", "baomat.bqp");
            shoot(d, "secops-system-1366");
            String systemUrl = d.getCurrentUrl();

            // The scanner's per-kind settings: visible to the officer (fail closed by default), changed by an administrator only.
            d.get(base + "/office/security");
            click(d, d.findElement(By.id("security-scanner")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("scanner-kinds")));
            assertThat(d.findElement(By.id("kind-PDF")).getText()).contains("Tệp PDF", "Từ chối");
            shoot(d, "secops-scanner-1366");
            String scannerUrl = d.getCurrentUrl();

            d.manage().window().setSize(new Dimension(390, 900));
            for (String url : new String[] {listUrl, systemUrl, scannerUrl, base + "/office/security"}) {
                d.get(url);
                noSideways(d, url);
            }
            d.get(systemUrl);
            shoot(d, "secops-system-390");
        }
    }
}
