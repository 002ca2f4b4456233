package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.CitizenSession;

/**
 * In a real browser: a citizen finds a procedure without diacritics, signs in with the (sandbox) e-ID, files the
 * prefilled form with its components (refused field by field first), and follows the dossier; the one-stop officer
 * receives it and does step 1, the processing officer does steps 2 (late: its start is back-dated a month) and 3, the
 * desk hands the result back; the citizen downloads it and rates the service.
 */
@CitizenPlatformTest
class PublicServiceBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void a_citizen_files_a_dossier_from_sign_in_to_result() throws Exception {
        Files.createDirectories(SHOTS);
        Path pdf = Files.createTempFile("ho-so", ".pdf");
        Files.writeString(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        Path fake = Files.createTempFile("gia-mao", ".pdf");
        Files.writeString(fake, "MZ this is not a PDF at all");
        String code;
        try (Chromium browser = Chromium.start()) {
            WebDriver driver = browser.driver();
            // The public catalogue, searched without diacritics.
            driver.get(base() + "/procedures?q=so%20tuyen%20truong%20quan%20doi");
            assertThat(driver.findElement(By.id("procedures")).getText()).contains("Đăng ký sơ tuyển vào các trường quân đội").contains("minh họa");
            shoot(driver, "catalogue");
            driver.findElement(By.linkText("Đăng ký sơ tuyển vào các trường quân đội")).click();
            driver.findElement(By.id("file-online")).click();
            // The platform sends the citizen to the e-ID provider (sandbox), and back to the form.
            browser.waiting().until(d -> !d.findElements(By.id("idNumber")).isEmpty());
            assertThat(driver.getCurrentUrl()).contains("/eid/authorize").contains("redirect_uri=" + base() + "/citizen/callback");
            eidSignIn(driver, CitizenSession.AN);
            try {
                browser.waiting().until(d -> !d.findElements(By.id("dossier-form")).isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError("after sign-in at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText(), e);
            }
            assertThat(driver.findElement(By.id("f-fullName")).getAttribute("value")).isEqualTo("Nguyễn Văn An");
            assertThat(driver.findElement(By.id("f-idNumber")).getAttribute("value")).isEqualTo(CitizenSession.AN);
            assertThat(driver.findElement(By.id("f-dateOfBirth")).getAttribute("value")).isEqualTo("14/05/1990");
            new Select(driver.findElement(By.id("f-school"))).selectByVisibleText("Học viện Kỹ thuật quân sự");
            new Select(driver.findElement(By.id("f-combination"))).selectByVisibleText("A01");
            driver.findElement(By.id("f-height")).sendKeys("120");
            if (driver.findElement(By.id("f-phone")).getAttribute("value").isBlank()) driver.findElement(By.id("f-phone")).sendKeys("0912345678");
            driver.findElement(By.id("att-phieuSoTuyen")).sendKeys(fake.toAbsolutePath().toString());
            click(driver, By.id("submit"));
            // Refused field by field, in Vietnamese: the height, the missing transcript, the file that is not a PDF.
            browser.waiting().until(d -> !d.findElements(By.id("form-errors")).isEmpty());
            assertThat(driver.findElement(By.id("err-height")).getText()).contains("Chiều cao (cm)").contains("140").contains("220");
            assertThat(driver.findElement(By.id("err-att-hocBa")).getText()).contains("Thiếu thành phần hồ sơ bắt buộc");
            shoot(driver, "citizen-form-errors");
            assertThat(jdbc.sql("select count(*) from publicservice_dossier where applicant_id_number = ?").param(CitizenSession.AN)
                    .query(Long.class).single()).isZero();
            driver.findElement(By.id("f-height")).clear();
            driver.findElement(By.id("f-height")).sendKeys("172");
            driver.findElement(By.id("att-phieuSoTuyen")).sendKeys(pdf.toAbsolutePath().toString());
            driver.findElement(By.id("att-hocBa")).sendKeys(pdf.toAbsolutePath().toString());
            click(driver, By.id("submit"));
            browser.waiting().until(d -> !d.findElements(By.id("filed")).isEmpty());
            code = driver.findElement(By.id("dossier-code")).getText();
            assertThat(code).matches("CNT-\\d{6}-\\d{4}");
            assertThat(driver.findElement(By.id("timeline")).getText()).contains("Nộp trực tuyến");
            shoot(driver, "citizen-filed");

            // The officers, in their own session.
            signInOfficial(browser, "motcua.cnt");
            driver.get(base() + "/office/one-stop");
            assertThat(driver.findElement(By.id("queue")).getText()).contains(code);
            shoot(driver, "reception-queue");
            driver.findElement(By.linkText(code)).click();
            click(driver, By.id("receive"));
            browser.waiting().until(d -> d.findElement(By.id("status")).getText().contains("Đã tiếp nhận"));
            click(driver, By.id("advance"));
            browser.waiting().until(d -> d.findElement(By.id("status")).getText().contains("Đang giải quyết"));
            // Step 2 began a month ago (back-dated): it will be late.
            jdbc.sql("""
                    update publicservice_dossier_step set started_at = started_at - interval '30 days', due_at = due_at - interval '30 days'
                    where ordinal = 2 and dossier_id = (select id from publicservice_dossier where code = ?)""").param(code).update();

            signInOfficial(browser, "giaiquyet.cnt");
            driver.get(base() + "/office/one-stop/processing");
            assertThat(driver.findElement(By.id("queue")).getText()).contains(code);
            shoot(driver, "processing-queue");
            driver.findElement(By.linkText(code)).click();
            driver.findElement(By.id("advance-note")).sendKeys("Đủ điều kiện sơ tuyển");
            click(driver, By.id("advance"));
            browser.waiting().until(d -> !d.findElements(By.id("done")).isEmpty());
            click(driver, By.id("advance"));
            browser.waiting().until(d -> d.findElement(By.id("status")).getText().contains("Đã có kết quả"));
            assertThat(driver.findElement(By.id("control-slip")).getText()).contains("Quá hạn").contains("Đúng hạn");
            shoot(driver, "control-slip");

            signInOfficial(browser, "motcua.cnt");
            driver.get(base() + "/office/one-stop/dossiers/" + code);
            click(driver, By.id("return-result"));
            browser.waiting().until(d -> d.findElement(By.id("status")).getText().contains("Đã trả kết quả"));
            assertThat(driver.findElement(By.id("returned")).getText()).contains("đúng hạn");
            // The leaders' dashboard counts it, and ranks the unit by the index.
            driver.get(base() + "/office/one-stop/statistics");
            assertThat(driver.findElement(By.id("ranking")).getText()).contains("Cục Nhà trường");
            shoot(driver, "dashboard");

            // Back to the citizen: a fresh session, signed in again.
            driver.manage().deleteAllCookies();
            driver.manage().deleteAllCookies();
            driver.get(base() + "/citizen/login?next=/citizen/dossiers/" + code);
            browser.waiting().until(d -> !d.findElements(By.id("idNumber")).isEmpty());
            eidSignIn(driver, CitizenSession.AN);
            browser.waiting().until(d -> !d.findElements(By.id("download-result")).isEmpty());
            assertThat(driver.findElement(By.id("timeline")).getText()).contains("Bước 2").contains("quá hạn").contains("Trả kết quả đúng hạn");
            assertThat(driver.findElement(By.id("signed")).getText()).isNotBlank();
            driver.findElement(By.id("rating-4")).click();
            driver.findElement(By.id("comment")).sendKeys("Thủ tục nhanh, cán bộ hướng dẫn tận tình");
            click(driver, By.id("rate"));
            browser.waiting().until(d -> !d.findElements(By.id("rated")).isEmpty());
            shoot(driver, "citizen-result");
        }
        // The result the citizen downloads is a PDF, through the same session rules.
        var an = CitizenSession.signIn(port, CitizenSession.AN, 1);
        var result = an.get("/citizen/dossiers/" + code + "/result");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).startsWith("%PDF");
        assertThat(an.get("/citizen/dossiers/" + code + "/forms/01").body()).startsWith("%PDF");
        // Another citizen does not see it.
        var nam = CitizenSession.signIn(port, CitizenSession.NAM, 1);
        assertThat(nam.get("/citizen/dossiers/" + code).status()).isEqualTo(404);
        assertThat(jdbc.sql("select rating from publicservice_dossier where code = ?").param(code).query(Integer.class).single()).isEqualTo(4);
    }

    /** On the e-ID provider's page (sandbox): ID number and password, level 1. */
    private static void eidSignIn(WebDriver driver, String idNumber) {
        driver.findElement(By.id("idNumber")).clear();
        driver.findElement(By.id("idNumber")).sendKeys(idNumber);
        driver.findElement(By.id("password")).sendKeys(CitizenSession.PASSWORD);
        driver.findElement(By.id("signIn")).click();
    }

    private void signInOfficial(Chromium browser, String username) {
        WebDriver driver = browser.driver();
        driver.manage().deleteAllCookies();
        driver.get(base() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office"));
    }

    private static void click(WebDriver driver, By by) {
        var el = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", el);
        el.click();
    }

    private static void shoot(WebDriver driver, String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, Math.max(before.getHeight(), height + 140))));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("publicservice-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(before);
    }
}
