package vn.truongson.population.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.CitizenPlatformTest;

/**
 * In Debian's Chromium: an official sends a 300-row list to the background, the job's page shows the
 * progress bar, htmx refreshes it without a reload until the download link appears, and the job is in
 * their list. Screenshots in target/screenshots/.
 */
@CitizenPlatformTest
class BulkJobBrowserTest {

    @LocalServerPort int port;

    @Test
    void theProgressBarFillsAndTheDownloadAppears() throws Exception {
        Path shots = Files.createDirectories(Path.of("target/screenshots"));
        Path list = Files.createTempFile("ds-thi-sinh-", ".xlsx");
        Files.write(list, BulkJobsTest.admissionsList(300, 7));
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            String base = "http://localhost:" + port;
            d.get(base + "/login");
            d.findElement(By.id("username")).sendKeys("dieuphoi.btl86");
            d.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
            d.findElement(By.id("signin-submit")).click();
            browser.waiting().until(x -> x.getCurrentUrl().endsWith("/office"));
            d.get(base + "/office/population/admissions");
            d.findElement(By.id("file")).sendKeys(list.toString());
            d.findElement(By.id("admissions-background")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("job-progress")));
            String jobUrl = d.getCurrentUrl();
            assertThat(jobUrl).matches(".*/office/population/jobs/\\d+");
            Files.write(shots.resolve("population-job-running.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
            // The same page, refreshed by htmx only: the link comes without navigating.
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(120))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("job-download")));
            assertThat(d.getCurrentUrl()).isEqualTo(jobUrl);
            assertThat(d.findElement(By.id("job-progress")).getAttribute("data-status")).isEqualTo("DONE");
            assertThat(d.findElement(By.cssSelector("#job-progress .progress-bar")).getText()).isEqualTo("100%");
            assertThat(d.findElement(By.id("job-status")).getText()).contains("300 / 300 dòng");
            Files.write(shots.resolve("population-job-done.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
            d.get(base + "/office/population/jobs");
            assertThat(d.findElement(By.id("jobs-table")).getText()).contains("Đã xong", list.getFileName().toString());
            Files.write(shots.resolve("population-jobs.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
        } finally {
            Files.deleteIfExists(list);
        }
    }
}
