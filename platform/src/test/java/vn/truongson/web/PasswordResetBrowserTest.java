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
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Forgot password in a real browser (issue 13): the official asks from the sign-in page, the system administrator
 * finds the request, issues a code (shown once), and the official sets a new password with it and signs in. Each
 * page at 1366 and at 390 px, without sideways scrolling; screenshots in target/screenshots/reset-*.
 */
@PlatformTest
class PasswordResetBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");
    static final String NEW_PASSWORD = "dong song lam xanh biec";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;
    WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        browser = session.browser();
        driver = browser.driver();
        driver.manage().window().setSize(new Dimension(1366, 900));
        Files.createDirectories(SHOTS);
    }


    String base() {
        return "http://localhost:" + port;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void click(WebElement e) {
        js("arguments[0].scrollIntoView({block:'center'});", e);
        e.click();
    }

    void shoot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("reset-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Screenshots at 1366 and 390 px, and no sideways scrolling on the phone. */
    void bothWidths(String name) throws IOException {
        shoot(name + "-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(Boolean.TRUE.equals(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")))
                .as(name + " scrolls sideways at 390 px").isFalse();
        shoot(name + "-390");
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    void signInAdmin() {
        session.signIn(base(), "admin");
    }

    @Test
    void an_official_who_forgot_his_password_gets_a_code_from_the_administrator_and_signs_in_again() throws IOException {
        String username = "quen" + Long.toString(System.nanoTime(), 36);
        String unit = jdbc.sql("select id::text from org_unit where code = 'SD3'").query(String.class).single();
        var api = new Api(port);
        var made = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Hoàng Văn Nhớ","unitId":"%s","position":"Trợ lý tác chiến","clearance":"THUONG","password":"MatKhau2026!x"}"""
                .formatted(username, unit));
        assertThat(made.status()).as(made.body()).isEqualTo(201);

        // 1. The official asks, from the sign-in page.
        driver.get(base() + "/login");
        click(driver.findElement(By.id("signin-forgot")));
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/login/forgot"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Quên mật khẩu");
        driver.findElement(By.id("username")).sendKeys(username);
        bothWidths("forgot");
        click(driver.findElement(By.id("forgot-submit")));
        browser.waiting().until(d -> !d.findElements(By.id("forgot-sent")).isEmpty());
        assertThat(driver.findElement(By.id("forgot-sent")).getText()).contains("quản trị viên đơn vị");
        bothWidths("forgot-sent");

        // 2. The administrator finds it in the menu and issues a code.
        signInAdmin();
        driver.get(base() + "/admin/password-resets");
        var row = driver.findElement(By.id("reset-" + username));
        assertThat(row.getText()).contains("Hoàng Văn Nhớ", "Sư đoàn 3", "Chờ cấp mã");
        bothWidths("admin-list");
        js("window.confirm = function () { return true; };");
        click(row.findElement(By.cssSelector("button[type=submit]")));
        browser.waiting().until(d -> !d.findElements(By.id("reset-code")).isEmpty());
        String code = driver.findElement(By.id("reset-code")).getText();
        assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
        bothWidths("admin-code");

        // 3. The official types it with a new password, and signs in with that.
        driver.manage().deleteAllCookies();
        driver.get(base() + "/login/forgot");
        click(driver.findElement(By.id("have-code")));
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/login/reset"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("code")).sendKeys(code.toLowerCase());
        driver.findElement(By.id("newPassword")).sendKeys("password12");
        driver.findElement(By.id("confirmPassword")).sendKeys("password12");
        click(driver.findElement(By.id("reset-submit")));
        browser.waiting().until(d -> !d.findElements(By.id("newPassword-error")).isEmpty());
        assertThat(driver.findElement(By.id("newPassword-error")).getText()).contains("phổ biến");
        bothWidths("refused");
        driver.findElement(By.id("newPassword")).sendKeys(NEW_PASSWORD);
        driver.findElement(By.id("confirmPassword")).sendKeys(NEW_PASSWORD);
        click(driver.findElement(By.id("reset-submit")));
        browser.waiting().until(d -> !d.findElements(By.id("signin-reset-done")).isEmpty());
        bothWidths("done");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
        click(driver.findElement(By.id("signin-submit")));
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office"));
        assertThat(driver.findElement(By.id("ts-person")).getText()).contains("Hoàng Văn Nhớ");
    }
}
