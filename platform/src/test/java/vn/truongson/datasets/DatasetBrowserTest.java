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

    /** The elements that reach past the window's right edge, for the message of a failed check. */
    static final String WIDE = "const w = document.documentElement.clientWidth + 1; return document.documentElement.scrollWidth + ' > ' + w + ': ' + "
            + "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w && e.parentElement"
            + " && e.parentElement.getBoundingClientRect().right <= w).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className"
            + " + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ');";

    private void shoot(String name, int width) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 900));
        driver.navigate().refresh();
        assertThat(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")).as(name + " scrolls sideways at " + width + ": " + js(WIDE))
                .isEqualTo(false);
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

    /**
     * The builder, the review and a cross table in one browser session, at 390 and 1366 px: rows added and removed by
     * the page's script (no round trip), a draft saved; the coordinator's review page and the return; the reporter's
     * form with the return, the evidence and the comments; the roll-up's cross table. None scrolls sideways.
     */
    @Test
    void theBuilderTheReviewAndTheCrossTableFitBothWidths() throws Exception {
        DatasetFixture ds = new DatasetFixture(new Api(port), jdbc);
        signIn(DatasetFixture.COORDINATOR); // without a second factor in the browser; coordinates on Bộ Quốc phòng
        driver.manage().window().setSize(new Dimension(390, 900));
        driver.get(base() + "/office/datasets/new");
        String url = driver.getCurrentUrl();
        int rows = driver.findElements(By.cssSelector("#field-rows .ts-builder-row")).size();
        click(By.cssSelector("[data-ts-add=field]"));
        click(By.cssSelector("[data-ts-add=category]"));
        assertThat(driver.findElements(By.cssSelector("#field-rows .ts-builder-row"))).hasSize(rows + 1);
        assertThat(driver.getCurrentUrl()).as("no round trip").isEqualTo(url);
        click(By.cssSelector("#category-rows [data-ts-remove]"));
        assertThat(driver.findElements(By.cssSelector("#category-rows .ts-builder-row"))).isEmpty();
        String code = DatasetFixture.uniqueCode("TRINH");
        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("title")).sendKeys("Số liệu trình duyệt");
        click(By.cssSelector("#ownerUnitId-list input[type=radio]"));
        driver.findElement(By.id("fields[0].code")).sendKeys("needed");
        driver.findElement(By.id("fields[0].label")).sendKeys("Nhu cầu");
        driver.findElement(By.id("fields[" + rows + "].code")).sendKeys("1sai");
        driver.findElement(By.id("fields[" + rows + "].label")).sendKeys("Mã sai");
        shootAsIs("builder", 390);
        click(By.id("save-button"));
        browser.waiting().until(d -> !d.findElements(By.id("builder-errors")).isEmpty());
        assertThat(driver.findElement(By.id("err-fields[" + rows + "].code")).getText()).isNotBlank();
        shootAsIs("builder-errors", 390);
        driver.findElement(By.id("fields[" + rows + "].code")).clear();
        driver.findElement(By.id("fields[" + rows + "].code")).sendKeys("deployed");
        click(By.id("save-button"));
        browser.waiting().until(d -> !d.findElements(By.id("notice")).isEmpty());
        assertThat(jdbc.sql("select jsonb_array_length(fields) from datasets_dataset where code = ?").param(code).query(Integer.class).single()).isEqualTo(2);
        shootAsIs("builder-saved", 390);

        // A crossed data set with a returned submission and evidence.
        var created = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"Quân số theo cấp bậc và loại đơn vị","ownerUnitId":"%s","periodType":"MONTHLY","categories":%s,"fields":%s}"""
                .formatted(DatasetFixture.uniqueCode("CROSS"), ds.unit("QK1"), DatasetCrossTest.CATEGORIES, DatasetCrossTest.FIELDS));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(ds.api.post("/api/v1/datasets/" + id + "/publish", DatasetFixture.COORDINATOR, "").status()).isEqualTo(200);
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2099-12-31", "SD3", "TD2");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":10,"Phòng không":2},"QNCN":{"Lục quân":5,"Phòng không":1},
                          "Hạ sĩ quan - binh sĩ":{"Lục quân":20,"Phòng không":4}},"computers":30}""").status()).isEqualTo(200);
        String sd3 = ds.unit("SD3");
        String review = "/office/datasets/" + id + "/review/" + sd3 + "/2026-12";
        driver.get(base() + review);
        driver.findElement(By.id("return-reason")).sendKeys("Quân số hạ sĩ quan - binh sĩ chưa khớp báo cáo quân lực tháng 12.");
        click(By.id("return-button"));
        browser.waiting().until(d -> !d.findElements(By.id("returned")).isEmpty());
        shoot("review", 390);
        shoot("review", 1366);
        driver.get(base() + "/office/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"));
        assertThat(driver.findElement(By.id("cross-staff")).getText()).contains("Sĩ quan", "Phòng không", "Cộng", "42");
        shoot("cross", 390);
        shoot("cross", 1366);

        signIn("sd3.02");
        driver.get(base() + "/office/datasets/" + id + "/form/" + sd3 + "/2026-12");
        Path pdf = Files.createTempFile("bien-ban", ".pdf");
        try {
            Files.writeString(pdf, "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
            driver.findElement(By.id("evidence-file")).sendKeys(pdf.toAbsolutePath().toString());
            click(By.id("evidence-button"));
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#evidence-list a")).isEmpty());
        } finally {
            Files.deleteIfExists(pdf);
        }
        assertThat(driver.findElement(By.id("returned")).getText()).contains("Lý do: Quân số hạ sĩ quan - binh sĩ chưa khớp");
        shoot("form-returned", 390);
        shoot("form-returned", 1366);
    }
}
