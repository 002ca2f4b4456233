package vn.truongson.programme;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;

/**
 * The commanders' dashboard in Debian's Chromium: the three charts are drawn (Chart.js has a chart on each canvas and
 * the page's script ran to its end), and the drill-down ministry → unit → task → report goes by clicking. Screenshots
 * go to target/screenshots/programme-dashboard-*.png.
 */
@ProgrammeTest
class DashboardBrowserTest {

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

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private void signIn(String username) {
        session.signIn(base(), username);
    }

    private void shoot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(7000, Math.max(before.getHeight(), height + 140))));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("programme-dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(before);
    }

    private void click(By by) {
        var el = driver.findElement(by);
        js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", el);
        el.click();
    }

    /** Chart.js drew a chart on each canvas, and dashboard.js ran to its end (it marks the page last). */
    private void assertChartsDrawn(String... canvases) {
        browser.waiting().until(d -> "drawn".equals(js("return document.documentElement.getAttribute('data-charts');")));
        for (String id : canvases) {
            Object drawn = js("var c = document.getElementById(arguments[0]); return !!(c && Chart.getChart(c)) && c.width > 0 && c.height > 0;", id);
            assertThat(drawn).as("chart on #" + id).isEqualTo(true);
        }
        assertThat(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")).as("scrolls sideways").isEqualTo(false);
    }

    @Test
    void the_charts_render_and_the_drill_down_goes_from_the_ministry_to_a_report() throws IOException {
        String planId = jdbc.sql("select id::text from programme_plan where code = 'BQP-CDS-2024'").query(String.class).single();
        String qk1 = jdbc.sql("select id::text from org_unit where code = 'QK1'").query(String.class).single();
        signIn("chihuy.bqp");
        assertThat(driver.findElement(By.cssSelector("#home-programme-dashboard a")).getAttribute("href")).endsWith("/office/programme/dashboard");

        driver.get(base() + "/office/programme/plans/" + planId + "/dashboard?period=2024-06");
        assertChartsDrawn("chart-status", "chart-trend", "chart-units");
        assertThat(driver.findElement(By.id("dashboard-scope")).getText()).contains("Toàn kế hoạch");
        shoot("ministry");

        // Ministry → Quân khu 1.
        click(By.cssSelector("#unit-" + qk1 + " a.ts-drill-unit"));
        browser.waiting().until(d -> d.getCurrentUrl().contains("unitId=" + qk1));
        assertChartsDrawn("chart-status", "chart-trend", "chart-units");
        assertThat(driver.findElement(By.id("dashboard-scope")).getText()).contains("Quân khu 1");
        shoot("qk1");

        // Quân khu 1 → a task (the group's list opened first) → a unit's report, the scope kept all the way.
        js("document.querySelectorAll('details').forEach(function (d) { d.open = true; });");
        click(By.cssSelector("a.ts-drill-task"));
        browser.waiting().until(d -> d.getCurrentUrl().contains("/dashboard/tasks/"));
        assertThat(driver.getCurrentUrl()).contains("period=2024-06", "unitId=" + qk1);
        assertThat(driver.findElement(By.id("dashboard-scope")).getText()).contains("Quân khu 1");
        shoot("task");
        click(By.cssSelector("a.ts-drill-report"));
        browser.waiting().until(d -> d.getCurrentUrl().contains("/dashboard/assignments/"));
        assertThat(driver.getCurrentUrl()).contains("period=2024-06", "unitId=" + qk1);
        assertThat(driver.findElement(By.id("report-title")).getText()).contains("06/2024");
        shoot("report");
    }

    /**
     * Issue 13: a plan switcher on the dashboard (another plan, keeping the unit, and the period when it is of that
     * plan's year), and the months before a plan was issued are not drawn as 0 % (no point, not zero).
     */
    @Test
    void the_plan_switcher_keeps_the_unit_and_the_months_before_the_plan_was_issued_are_not_drawn() throws IOException {
        String planId = jdbc.sql("select id::text from programme_plan where code = 'BQP-CDS-2024'").query(String.class).single();
        String qk1 = jdbc.sql("select id::text from org_unit where code = 'QK1'").query(String.class).single();
        var issued = jdbc.sql("select issued_at from programme_plan where id = ?").param(Long.parseLong(planId)).query(java.sql.Timestamp.class).single();
        // Issued in mid-March of its year: January and February have no point.
        jdbc.sql("update programme_plan set issued_at = '2024-03-15T03:00:00Z' where id = ?").param(Long.parseLong(planId)).update();
        try {
            signIn("chihuy.bqp");
            driver.get(base() + "/office/programme/plans/" + planId + "/dashboard?period=2024-06&unitId=" + qk1);
            assertChartsDrawn("chart-status", "chart-trend", "chart-units");
            @SuppressWarnings("unchecked")
            var trend = (java.util.List<Object>) js("return Chart.getChart(document.getElementById('chart-trend')).data.datasets[0].data;");
            assertThat(trend).hasSize(6);
            assertThat(trend.get(0)).as("January, before the plan was issued").isNull();
            assertThat(trend.get(1)).as("February").isNull();
            assertThat(trend.subList(2, 6)).as("March to June are drawn").doesNotContainNull();
            shoot("switcher-1366");

            var select = new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("plan")));
            assertThat(select.getFirstSelectedOption().getAttribute("value")).isEqualTo(planId);
            // The demo's other plan (plans made by other tests in this context may have nothing to draw for QK1).
            String other = jdbc.sql("select id::text from programme_plan where code = 'BQP-DA06-2024'").query(String.class).single();
            assertThat(select.getOptions().stream().map(o -> o.getAttribute("value"))).contains(other);
            int otherYear = jdbc.sql("select year from programme_plan where id = ?").param(Long.parseLong(other)).query(Integer.class).single();
            select.selectByValue(other);
            browser.waiting().until(d -> d.getCurrentUrl().contains("/plans/" + other + "/dashboard"));
            assertThat(driver.getCurrentUrl()).contains("unitId=" + qk1);
            if (otherYear == 2024) assertThat(driver.getCurrentUrl()).contains("period=2024-06");
            else assertThat(driver.getCurrentUrl()).doesNotContain("period=2024-");
            assertThat(driver.findElement(By.id("dashboard-scope")).getText()).contains("Quân khu 1");
            assertChartsDrawn("chart-status", "chart-trend", "chart-units");

            driver.manage().window().setSize(new Dimension(390, 844));
            driver.get(base() + "/office/programme/plans/" + planId + "/dashboard?period=2024-06");
            assertThat(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")).isEqualTo(false);
            shoot("switcher-390");
            driver.manage().window().setSize(new Dimension(1366, 900));
            // A plan nobody may see, or not a plan: missing, as any.
            driver.get(base() + "/office/programme/dashboard?plan=999999999");
            assertThat(driver.findElement(By.id("error-page")).getAttribute("data-status")).isEqualTo("404");
        } finally {
            jdbc.sql("update programme_plan set issued_at = ? where id = ?").params(issued, Long.parseLong(planId)).update();
        }
    }
}
