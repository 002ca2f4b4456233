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
 * The reports list in a real browser (issue 13): the shared pager keeps the period, the Excel button carries the filter,
 * at 1366 and 390 px without sideways scrolling; printed (print media emulated) without header, menus and buttons.
 * Screenshots in target/screenshots/lists-*.
 */
@PlatformTest
class ListsBrowserTest {

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
        Files.copy(png.toPath(), SHOTS.resolve("lists-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Screenshots at 1366 and 390 px, and no sideways scrolling on the phone. */
    void bothWidths(String name) throws IOException {
        shoot(name + "-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        shoot(name + "-390");
        Object wide = js("""
                return Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('.table-responsive, .table-responsive-lg'))
                  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 6)
                  .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ');""");
        assertThat(Boolean.TRUE.equals(js("return document.documentElement.scrollWidth > window.innerWidth + 1;")))
                .as(name + " scrolls sideways at 390 px: " + wide).isFalse();
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    void signInAdmin() {
        session.signIn(base(), "admin");
    }

    void signIn(String username) {
        session.signIn(base(), username);
    }

    @Test
    void the_reports_list_pages_keep_the_filter_and_print_without_the_chrome() throws IOException {
        signIn("dieuphoi.btl86");
        String period = null;
        for (String p : java.util.List.of("2026-11", "2024-06", "2024-03")) {
            driver.get(base() + "/office/programme/reports?period=" + p);
            if (!driver.findElements(By.id("reports-pages")).isEmpty()) { period = p; break; }
        }
        assertThat(period).as("a period with more than one page of reports").isNotNull();
        assertThat(driver.findElements(By.cssSelector("#due-list tbody tr"))).hasSize(50);
        assertThat(driver.findElement(By.id("reports-export")).getAttribute("href")).contains("/office/programme/reports/export?period=" + period);
        bothWidths("reports-page1");
        // The link itself (a click after the window's resize can land on the sticky footer): it must keep the period.
        String next = driver.findElement(By.cssSelector("#reports-pages a[rel=next]")).getAttribute("href");
        assertThat(next).contains("period=" + period, "page=2");
        driver.get(next);
        final String chosen = period;
        browser.waiting().until(d -> d.getCurrentUrl().contains("page=2"));
        assertThat(driver.getCurrentUrl()).contains("period=" + chosen);
        assertThat(driver.findElement(By.cssSelector(".ts-pager")).getText()).contains("Trang 2/");
        bothWidths("reports-page2");

        ((org.openqa.selenium.chromium.HasCdp) driver).executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", "print"));
        assertThat(js("return getComputedStyle(document.querySelector('.ts-header')).display")).isEqualTo("none");
        assertThat(js("return getComputedStyle(document.querySelector('.ts-pager')).display")).isEqualTo("none");
        assertThat(js("return getComputedStyle(document.getElementById('reports-export')).display")).isEqualTo("none");
        assertThat(js("return getComputedStyle(document.getElementById('due-list')).display")).isNotEqualTo("none");
        shoot("reports-print");
    }

    /** Training (issue 17 D): the classes list pages with its filter, a class with its participants, at 1366 and 390 px. */
    @Test
    void the_training_classes_page_with_the_year_and_a_class_with_its_participants() throws IOException {
        signIn("dieuphoi.btl86");
        driver.get(base() + "/office/training?year=&topic=");
        assertThat(driver.findElements(By.cssSelector("#training-classes tbody tr"))).hasSize(20);
        bothWidths("training");
        String next = driver.findElement(By.cssSelector("#training-pages a[rel=next]")).getAttribute("href");
        assertThat(next).contains("year=", "topic=", "page=2");
        driver.get(next);
        assertThat(driver.findElement(By.cssSelector(".ts-pager")).getText()).contains("Trang 2/");
        click(driver.findElement(By.cssSelector("#training-classes tbody tr a")));
        browser.waiting().until(d -> d.getCurrentUrl().contains("/office/training/classes/"));
        assertThat(driver.findElements(By.cssSelector("#participants tbody tr"))).isNotEmpty();
        assertThat(driver.findElement(By.id("class-dates")).getText()).matches("\\d{2}/\\d{2}/\\d{4} – \\d{2}/\\d{2}/\\d{4}");
        assertThat(driver.findElement(By.id("class-excel")).getAttribute("href")).endsWith("/participants.xlsx");
        bothWidths("training-class");
    }

    /** Signs in, with the second step when the account has one. */
    void signInWithCode(String username) {
        session.signIn(base(), username);
    }

    /** Issue 13: the document boxes, the register and the one-stop queue carry the export with their filters, at 1366 and 390 px. */
    @Test
    void the_document_boxes_the_register_and_the_one_stop_queue_export_with_their_filters() throws IOException {
        signInWithCode("vanthu.btl86");
        driver.get(base() + "/office/documents?box=outgoing&urgency=THUONG");
        assertThat(driver.findElement(By.id("documents-export")).getAttribute("href")).contains("/office/documents/export?", "box=outgoing", "urgency=THUONG");
        bothWidths("documents-outgoing");
        driver.get(base() + "/office/documents/registers?direction=IN");
        assertThat(driver.findElement(By.id("register-export")).getAttribute("href")).contains("/office/documents/registers/export?", "direction=IN");
        bothWidths("register-in");

        signInWithCode("motcua.cnt");
        driver.get(base() + "/office/one-stop");
        assertThat(driver.findElements(By.cssSelector("#queue .dossier-link"))).isNotEmpty();
        String code = driver.findElement(By.cssSelector("#queue .dossier-link")).getText();
        var q = driver.findElement(By.id("queue-q"));
        q.sendKeys(code.toLowerCase());
        click(driver.findElement(By.id("queue-filter-submit")));
        browser.waiting().until(d -> d.getCurrentUrl().contains("q="));
        assertThat(driver.findElements(By.cssSelector("#queue .dossier-link"))).extracting(WebElement::getText).containsExactly(code);
        assertThat(driver.findElement(By.id("queue-export")).getAttribute("href")).contains("/office/one-stop/export?", "q=");
        bothWidths("one-stop-queue");
    }
}
