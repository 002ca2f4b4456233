package vn.truongson.population.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Chromium;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.CitizenSession;

/**
 * A citizen in a real browser (Debian's Chromium): a citizen's page sends them to the sandbox e-ID sign-in,
 * a wrong password is refused there, password and TOTP bring them back at level 2, and signing out ends it.
 * Screenshots in target/screenshots/.
 */
@CitizenPlatformTest
class CitizenBrowserSignInTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;

    @Test
    void signsInWithPasswordAndOtpAndOut() throws Exception {
        Files.createDirectories(SHOTS);
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            d.get("http://localhost:" + port + "/citizen");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("idNumber")));
            assertThat(d.getPageSource()).contains("Môi trường thử nghiệm (sandbox)", "Trường Sơn — Cổng dịch vụ công Bộ Quốc phòng");
            shot(d, "citizen-eid-signin");

            d.findElement(By.id("idNumber")).sendKeys(CitizenSession.AN);
            d.findElement(By.id("password")).sendKeys("not-the-password");
            d.findElement(By.id("signIn")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"), "mật khẩu không đúng"));

            d.findElement(By.id("password")).sendKeys(CitizenSession.PASSWORD);
            d.findElement(By.id("otp")).sendKeys(CitizenSession.currentOtp(CitizenSession.AN));
            d.findElement(By.id("signIn")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("citizen-page")));
            assertThat(d.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/citizen");
            assertThat(d.findElement(By.id("citizen-name")).getText()).isEqualTo("Xin chào, Nguyễn Văn An");
            assertThat(d.findElement(By.id("citizen-level")).getText()).isEqualTo("Định danh điện tử mức 2");
            shot(d, "citizen-home");

            d.get("http://localhost:" + port + "/office");
            assertThat(d.getCurrentUrl()).as("a citizen is sent to the officials' sign-in").endsWith("/login");

            d.get("http://localhost:" + port + "/citizen");
            d.findElement(By.id("citizen-signout")).click();
            browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/citizen")));
            d.get("http://localhost:" + port + "/citizen");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("idNumber")));
        }
    }

    private static void shot(WebDriver d, String name) throws Exception {
        Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
