package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.RealParts;
import vn.truongson.access.Totp;

/**
 * In Debian's Chromium, in Vietnamese: the archivist creates a batch, uploads a scan, watches htmx refresh the progress
 * until OCR is done, opens the item (the PDF beside the proposed fields), corrects the subject, and finds the document
 * by words without diacritics. Every page fits 390 px without sideways scrolling. Screenshots in target/screenshots/.
 */
@PlatformTest
class ArchiveBrowserTest {

    @LocalServerPort int port;

    @Test
    void an_archivist_digitises_reviews_and_finds_a_document() throws Exception {
        RealParts.require("ocrmypdf tesseract-ocr-vie poppler-utils", Path.of("/usr/bin/ocrmypdf"), Path.of("/usr/bin/pdftoppm"));
        Path shots = Files.createDirectories(Path.of("target/screenshots"));
        Path scan = Files.createTempFile("qd-12-", ".png");
        Files.write(scan, Scans.png(Scans.decision(), 200));
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            String base = "http://localhost:" + port;
            d.get(base + "/login");
            d.findElement(By.id("username")).sendKeys("luutru.btl86");
            d.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
            d.findElement(By.id("signin-submit")).click();
            // Cleared Mật: a TOTP code follows the password (a code is used once: wait for the next step if taken).
            browser.waiting().until(x -> x.getCurrentUrl().contains("/login/otp") || x.getCurrentUrl().endsWith("/office"));
            for (int attempt = 0; attempt < 3 && d.getCurrentUrl().contains("/login/otp"); attempt++) {
                var code = d.findElement(By.id("code"));
                code.clear();
                code.sendKeys(Api.otpForAttempt(attempt));
                code.submit();
                browser.waiting().until(x -> x.getCurrentUrl().endsWith("/office") || !x.findElements(By.cssSelector(".alert-danger")).isEmpty());
            }
            assertThat(d.getCurrentUrl()).endsWith("/office");
            assertThat(d.findElement(By.id("nav-archive")).getText()).isEqualTo("Lưu trữ");

            d.get(base + "/office/archive");
            d.findElement(By.cssSelector("#archive-page details summary")).click();
            d.findElement(By.id("year")).sendKeys("2024");
            d.findElement(By.id("title")).sendKeys("Văn bản đi năm 2024 (thử trình duyệt)");
            new org.openqa.selenium.support.ui.Select(d.findElement(By.id("unitId"))).selectByVisibleText("BTL86 — Bộ Tư lệnh 86");
            d.findElement(By.id("batch-create")).click();
            WebDriverWait slow = new WebDriverWait(d, Duration.ofSeconds(90));
            slow.ignoring(StaleElementReferenceException.class);
            slow.withMessage(() -> d.getCurrentUrl() + ": " + d.findElement(By.tagName("main")).getText());
            slow.until(x -> x.getCurrentUrl().matches(".*/office/archive/batches/\\d+"));
            d.findElement(By.id("file")).sendKeys(scan.toString());
            d.findElement(By.id("upload-submit")).click();
            slow.until(ExpectedConditions.presenceOfElementLocated(By.id("items-table")));
            String batchUrl = d.getCurrentUrl();
            shoot(d, shots, "archive-batch-running");
            new WebDriverWait(d, Duration.ofMinutes(5)).ignoring(StaleElementReferenceException.class)
                    .until(x -> "DONE".equals(x.findElement(By.id("batch-progress")).getAttribute("data-status")));
            assertThat(d.getCurrentUrl()).isEqualTo(batchUrl); // refreshed by htmx, not reloaded
            assertThat(d.findElement(By.id("items-table")).getText()).contains("Đã nhận dạng", "12/QĐ-BTL86", "05/03/2024", "Quyết định");
            shoot(d, shots, "archive-batch-done");

            d.findElement(By.cssSelector("#items-table a")).click();
            slow.until(ExpectedConditions.presenceOfElementLocated(By.id("describe-form")));
            assertThat(d.findElement(By.id("numberAndNotation")).getAttribute("value")).isEqualTo("12/QĐ-BTL86");
            assertThat(d.findElement(By.id("item-pdf")).getAttribute("src")).contains("/pdf");
            shoot(d, shots, "archive-item");
            var subject = d.findElement(By.id("subject"));
            subject.clear();
            subject.sendKeys("Về việc ban hành Kế hoạch chuyển đổi số năm 2024 của Bộ Tư lệnh 86");
            var save = d.findElement(By.id("describe-save"));
            ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", save);
            save.click();
            slow.until(ExpectedConditions.presenceOfElementLocated(By.id("item-saved")));
            assertThat(d.findElement(By.id("item-saved")).getText()).isEqualTo("Đã lưu thông tin mô tả.");
            assertThat(d.findElement(By.id("item-described")).getText()).contains("luutru.btl86");

            d.get(base + "/office/archive/search?q=ke+hoach+chuyen+doi+so+bo+tu+lenh+86");
            assertThat(d.findElement(By.id("search-hits")).getText()).contains("của Bộ Tư lệnh 86", "trang 1", "«");
            shoot(d, shots, "archive-search");

            d.manage().window().setSize(new Dimension(390, 900));
            for (String url : new String[] {base + "/office/archive", batchUrl, d.getCurrentUrl()}) {
                d.get(url);
                long width = (Long) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth");
                assertThat(width).as(url).isLessThanOrEqualTo(390);
            }
            d.get(batchUrl);
            shoot(d, shots, "archive-batch-390");
        } finally {
            Files.deleteIfExists(scan);
        }
    }

    private static void shoot(WebDriver d, Path dir, String name) throws Exception {
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }
}
