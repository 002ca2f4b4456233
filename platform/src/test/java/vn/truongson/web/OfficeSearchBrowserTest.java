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
 * The header's search box in a real browser (issue 13): typed without diacritics, the hits come grouped by kind and
 * open where they point; at 1366 and 390 px without sideways scrolling; screenshots in target/screenshots/search-*.
 */
@PlatformTest
class OfficeSearchBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

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
        Files.copy(png.toPath(), SHOTS.resolve("search-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
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
    void a_commander_searches_the_office_from_the_header_without_diacritics() throws IOException {
        signInAdmin();
        var box = driver.findElement(By.id("ts-search-q"));
        box.sendKeys("trung tam du lieu");
        box.submit();
        browser.waiting().until(d -> !d.findElements(By.id("search-page")).isEmpty());
        assertThat(driver.getCurrentUrl()).contains("/office/search?q=trung");
        var units = driver.findElement(By.id("search-unit"));
        assertThat(units.getText()).contains("Đơn vị", "Trung tâm Dữ liệu quân sự");
        assertThat(driver.findElement(By.id("search-count")).getText()).contains("kết quả cho “trung tam du lieu”");
        bothWidths("units");

        driver.get(base() + "/office/search?q=" + java.net.URLEncoder.encode("nguyen quang huy", java.nio.charset.StandardCharsets.UTF_8));
        var people = driver.findElement(By.id("search-official"));
        assertThat(people.getText()).contains("Nguyễn Quang Huy");
        bothWidths("officials");
        click(people.findElement(By.linkText("Nguyễn Quang Huy")));
        browser.waiting().until(d -> d.getCurrentUrl().contains("/office/officials/"));

        driver.get(base() + "/office/search?q=" + "x".repeat(201));
        assertThat(driver.findElement(By.id("search-error")).getText()).isNotBlank();
    }
}
