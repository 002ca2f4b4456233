package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import vn.truongson.support.BrowserSession;
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

    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;
    WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        browser = session.browser();
        driver = browser.driver();
        Files.createDirectories(SHOTS);
    }


    private String base() {
        return "http://localhost:" + port;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void signIn(String username) {
        session.signIn(base(), username);
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

    /** As {@link #shoot}, without reloading: a page that carries a flash message is shot as it came. */
    private void shootAsIs(String name, int width) throws IOException {
        assertThat(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")).as(name + " scrolls sideways at " + width).isEqualTo(false);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("datasets-" + name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theExcelUploadAndThePeriodComparisonFitBothWidths() throws Exception {
        DatasetFixture ds = new DatasetFixture(new Api(port), jdbc);
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-11", "2099-12-31", "SD3", "TD2");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2099-12-31", "SD3", "TD2");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-11", "{\"needed\":4,\"deployed\":1,\"readiness\":50}").status()).isEqualTo(200);
        assertThat(ds.submit("td2.02", id, "TD2", "2026-11", "{\"needed\":6,\"deployed\":2,\"readiness\":70}").status()).isEqualTo(200);
        assertThat(ds.submit("td2.02", id, "TD2", "2026-12", "{\"needed\":9,\"deployed\":3}").status()).isEqualTo(200);
        String qk1 = ds.unit("QK1");

        // The comparison of the two months on the roll-up page: the table, and the charts drawn by Chart.js.
        signIn(DatasetFixture.COORDINATOR); // covers Quân khu 1; without a second factor in the browser
        driver.get(base() + "/office/datasets/" + id + "/rollup?period=2026-12&unitId=" + qk1);
        assertThat(driver.findElement(By.id("compare-table")).getText()).contains("Tỷ lệ hoàn thành", "100 %", "50 %");
        assertThat(driver.findElement(By.id("compare-needed")).getText()).contains("10", "9");
        browser.waiting().until(d -> Boolean.TRUE.equals(js("return typeof Chart !== 'undefined' && !!Chart.getChart('chart-compare') && !!Chart.getChart('chart-compare-field');")));
        shoot("compare", 1366);
        shoot("compare", 390);

        // The upload from the data set's page, as SD3's reporter, at 390 px: a bad cell named, then a good file taken.
        signIn("sd3.02");
        byte[] template = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/api/v1/datasets/"
                        + id + "/template.xlsx?period=2026-12&unitId=" + qk1)).header("Authorization", "Bearer " + ds.api.token(DatasetFixture.COORDINATOR)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        int row = DatasetImportTest.rowOf(template, "SD3");
        Path bad = Files.createTempFile("mau-nhap-sai", ".xlsx");
        Path good = Files.createTempFile("mau-nhap", ".xlsx");
        try {
            Files.write(bad, DatasetImportTest.filled(template, java.util.Map.of("SD3", java.util.Map.of("needed", "mười", "deployed", 1))));
            Files.write(good, DatasetImportTest.filled(template, java.util.Map.of("SD3", java.util.Map.of("needed", 5, "deployed", 1))));
            for (int width : new int[] {390, 1366}) {
                driver.manage().window().setSize(new Dimension(width, 1400));
                driver.get(base() + "/office/datasets/" + id + "?period=2026-12");
                driver.findElement(By.id("import-file")).sendKeys((width == 390 ? bad : good).toAbsolutePath().toString());
                click(By.id("import-submit"));
                if (width == 390) {
                    browser.waiting().until(d -> !d.findElements(By.id("import-errors")).isEmpty());
                    assertThat(driver.findElement(By.id("import-errors")).getText()).contains("Ô D" + row, "phải là một số");
                    shootAsIs("upload-errors", width);
                } else {
                    browser.waiting().until(d -> !d.findElements(By.id("notice")).isEmpty());
                    assertThat(driver.findElement(By.id("notice")).getText()).contains("1 đơn vị");
                    shootAsIs("upload-done", width);
                }
            }
        } finally {
            Files.deleteIfExists(bad);
            Files.deleteIfExists(good);
        }
        assertThat(jdbc.sql("select count(*) from datasets_submission where dataset_id = ? and unit_id = ? and period = '2026-12'")
                .param(Long.parseLong(id)).param(Long.parseLong(ds.unit("SD3"))).query(Long.class).single()).isEqualTo(1);
    }
}
