package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * A real browser (Debian's Chromium, headless) signs in with password and TOTP, switches language and
 * opens the unit tree. Screenshots go to target/screenshots/ for a human to look at; the layout check
 * (no sideways scrolling on a phone-sized window) makes the long Vietnamese unit names a test, not a hope.
 */
@PlatformTest
class BrowserSignInTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    WebDriver driver;

    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = session.browser();
        driver = browser.driver();
        Files.createDirectories(SHOTS);
    }


    private String base() {
        return "http://localhost:" + port;
    }

    private WebDriverWait waiting() {
        return browser.waiting();
    }

    /** Password, then the TOTP code; a code already used in this 30 s step (by another test) waits for the next one. */
    private void signIn(String username) {
        driver.get(base() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/login/otp"));
        for (int attempt = 0; attempt < 3 && driver.getCurrentUrl().contains("/login/otp"); attempt++) {
            var code = driver.findElement(By.id("code"));
            code.clear();
            code.sendKeys(Api.otpForAttempt(attempt));
            code.submit();
            waiting().until(d -> d.getCurrentUrl().endsWith("/office") || !d.findElements(By.cssSelector(".alert-danger")).isEmpty());
        }
        assertThat(driver.getCurrentUrl()).endsWith("/office");
    }

    private void shoot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the page scrolls sideways: a long name that does not wrap pushes the page wider than the window. */
    private boolean overflowsSideways() {
        Object r = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
        return Boolean.TRUE.equals(r);
    }

    private void expandTree() {
        var buttons = driver.findElements(By.cssSelector("[data-ts-tree='open']"));
        if (!buttons.isEmpty()) buttons.getFirst().click();
    }

    @Test
    void a_commander_signs_in_with_a_second_factor_switches_language_and_opens_the_unit_tree() throws IOException {
        String fullName = jdbc.sql("select o.full_name from org_official o join access_account a on a.official_id = o.id where a.username = 'chihuy.btl86'")
                .query(String.class).single();
        signIn("chihuy.btl86");

        assertThat(driver.findElement(By.id("ts-person")).getText()).contains(fullName);
        assertThat(driver.findElement(By.id("ts-person-unit")).getText()).isEqualTo("Bộ Tư lệnh 86");
        assertThat(driver.findElement(By.cssSelector("#ts-nav")).getText()).contains("Trang chủ", "Đơn vị", "Cán bộ");
        shoot("office-home-vi");

        driver.findElement(By.id("ts-lang")).click();
        waiting().until(d -> d.findElement(By.id("ts-lang")).getText().equals("Tiếng Việt"));
        String nav = driver.findElement(By.cssSelector("#ts-nav")).getText();
        assertThat(nav).contains("Home", "Units", "Officials").doesNotContain("Trang chủ");
        // The person's own menu holds account security and sign-out.
        driver.findElement(By.id("ts-person")).click();
        waiting().until(d -> d.findElement(By.id("ts-signout")).isDisplayed());
        assertThat(driver.findElement(By.id("ts-security")).getText()).isEqualTo("Account security");
        assertThat(driver.findElement(By.id("ts-signout")).getText()).isEqualTo("Sign out");
        shoot("office-home-en");

        driver.get(base() + "/office/units");
        assertThat(driver.findElement(By.id("unit-tree")).getText()).contains("Bộ Tư lệnh 86");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Organisation");
        shoot("office-units-en");

        // Search with htmx: typing without diacritics narrows the list in place, and the address follows.
        driver.get(base() + "/office/units?lang=vi");
        driver.findElement(By.id("unit-q")).sendKeys("trung tam du lieu");
        waiting().until(d -> !d.findElements(By.id("unit-hits")).isEmpty());
        assertThat(driver.findElement(By.id("unit-hits")).getText()).contains("Trung tâm Dữ liệu quân sự").doesNotContain("Văn phòng Bộ Tư lệnh 86");
        assertThat(driver.getCurrentUrl()).contains("q=trung");

        // Sign out ends the session: the screens ask for sign-in again.
        driver.findElement(By.id("ts-person")).click();
        waiting().until(d -> d.findElement(By.id("ts-signout")).isDisplayed());
        driver.findElement(By.id("ts-signout")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/login"));
        driver.get(base() + "/office");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void long_vietnamese_unit_names_wrap_on_a_wide_and_on_a_phone_sized_window() throws IOException {
        signIn("admin");
        driver.get(base() + "/office/units");
        expandTree();
        assertThat(driver.findElement(By.id("unit-tree")).getText()).contains("Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng");
        assertThat(overflowsSideways()).as("the unit tree scrolls sideways at 1366 px").isFalse();
        shoot("office-units-vi");

        // Between a phone and a wide screen: the header must still fit (menu collapsed below 1200 px).
        for (int width : new int[] {1024, 1280}) {
            driver.manage().window().setSize(new Dimension(width, 900));
            driver.get(base() + "/office/units");
            assertThat(overflowsSideways()).as("the unit tree scrolls sideways at " + width + " px").isFalse();
        }
        shoot("office-units-1280");

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base() + "/office/units");
        expandTree();
        assertThat(overflowsSideways()).as("the unit tree scrolls sideways at 390 px").isFalse();
        shoot("office-units-phone");

        long bphp = jdbc.sql("select id from org_unit where code = 'BPHP'").query(Long.class).single();
        driver.get(base() + "/office/units/" + bphp);
        assertThat(driver.findElement(By.id("unit-breadcrumb")).getText()).contains("Bộ Tư lệnh Bộ đội Biên phòng");
        assertThat(overflowsSideways()).as("the unit page scrolls sideways at 390 px").isFalse();
        shoot("unit-phone");

        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.get(base() + "/office/officials?unitId=" + bphp + "&subtree=true");
        assertThat(overflowsSideways()).as("the officials list scrolls sideways at 1366 px").isFalse();
        shoot("officials-vi");
        driver.get(base() + "/admin/units/new?parentId=" + bphp);
        driver.findElement(By.id("code")).sendKeys("mã sai");
        driver.findElement(By.id("shortName")).sendKeys("BCHQS TN");
        driver.findElement(By.id("name")).sendKeys("Ban Chỉ huy Quân sự thử nghiệm thành phố Hải Phòng");
        browser.click(driver.findElement(By.id("unit-submit"))); // below the unit picker: scrolled into view first
        assertThat(driver.findElement(By.id("code-error")).getText()).startsWith("Mã đơn vị gồm 2–32 ký tự");
        shoot("unit-form-errors-vi");
        long commander = jdbc.sql("select official_id from access_account where username = 'chihuy.btl86'").query(Long.class).single();
        driver.get(base() + "/office/officials/" + commander);
        assertThat(driver.findElement(By.id("official-grants")).getText()).contains("Chỉ huy", "Đơn vị và cấp dưới");
        shoot("official-vi");
        driver.get(base() + "/office/audit");
        driver.findElement(By.id("audit-verify")).click();
        waiting().until(d -> d.findElement(By.id("audit-verdict")).getText().contains("toàn vẹn"));
        assertThat(driver.getCurrentUrl()).endsWith("/office/audit");
        shoot("audit-verified-vi");
        driver.get(base() + "/account/security");
        shoot("security-vi");
        driver.get(base() + "/admin/zones");
        shoot("zones-vi");
    }
}
