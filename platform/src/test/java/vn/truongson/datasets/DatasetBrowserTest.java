package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;

/**
 * The data-collection screens in a real browser at 1366 and 390 px: no page scrolls sideways, the drill-down goes from
 * the ministry to a unit. Screenshots go to target/screenshots/datasets-*.png.
 */
@ProgrammeTest
class DatasetBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    Chromium browser;
    WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        browser = Chromium.start();
        driver = browser.driver();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void signIn(String username) {
        driver.manage().deleteAllCookies();
        driver.get(base() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office"));
    }

    private void click(By by) {
        var el = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", el);
        el.click();
    }

    private void shoot(String name, int width) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 900));
        driver.navigate().refresh();
        assertThat(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")).as(name + " scrolls sideways at " + width).isEqualTo(false);
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(7000, Math.max(900, height + 140))));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("datasets-" + name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theListTheFormAndTheRollupFitBothWidthsAndDrillDown() throws IOException {
        String id = jdbc.sql("select id::text from datasets_dataset where code = 'BQP-CY-2026'").query(String.class).single();
        String qk1 = jdbc.sql("select id::text from org_unit where code = 'QK1'").query(String.class).single();
        String sd3 = jdbc.sql("select id::text from org_unit where code = 'SD3'").query(String.class).single();

        signIn("dieuphoi.btl86");
        driver.get(base() + "/office/datasets");
        assertThat(driver.findElement(By.id("dataset-list")).getText()).contains("Rà soát, tổng hợp nhu cầu thiết bị bảo mật cơ yếu (minh họa)");
        shoot("list", 1366);
        shoot("list", 390);

        driver.get(base() + "/office/datasets/" + id + "/rollup?period=ONCE");
        assertThat(driver.findElement(By.id("fig-expected")).getText()).isEqualTo("14");
        shoot("rollup", 1366);
        shoot("rollup", 390);
        // Drill down: the ministry → Quân khu 1 → Sư đoàn 3.
        driver.manage().window().setSize(new Dimension(1366, 900));
        click(By.cssSelector("#row-" + qk1 + " a"));
        browser.waiting().until(d -> d.getCurrentUrl().contains("unitId=" + qk1));
        assertThat(driver.findElement(By.id("scope-name")).getText()).isEqualTo("Quân khu 1");
        click(By.cssSelector("#row-" + sd3 + " a"));
        browser.waiting().until(d -> d.getCurrentUrl().contains("unitId=" + sd3));
        assertThat(driver.findElement(By.id("fig-expected")).getText()).isEqualTo("3");
        shoot("rollup-sd3", 1366);

        signIn("td12.02");
        String td12 = jdbc.sql("select id::text from org_unit where code = 'TD12'").query(String.class).single();
        driver.get(base() + "/office/datasets/" + id + "/form/" + td12 + "/ONCE");
        assertThat(driver.findElement(By.id("dataset-form")).getText()).contains("Số lượng cần trang bị");
        shoot("form", 1366);
        shoot("form", 390);
    }
}
