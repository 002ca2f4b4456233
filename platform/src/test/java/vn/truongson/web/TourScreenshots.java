package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * The README's tour (docs/daily-use.md, "Tour"): what a new user sees, on the demo organisation, in Debian's Chromium
 * at 1366 px and on a phone at 390 px. Not a test of behaviour: it runs only when asked,
 * {@code mvn -pl platform test -Dtest=TourScreenshots -Dtruongson.tour=true}, and writes docs/screenshots/tour-*.png
 * (through pngquant when it is installed; each kept under 200 KB).
 */
@PlatformTest
@EnabledIfSystemProperty(named = "truongson.tour", matches = "true")
class TourScreenshots {

    static final Path DIR = Path.of("..", "docs", "screenshots");
    static final long MAX_BYTES = 200 * 1024;

    @LocalServerPort int port;
    Chromium browser;
    WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(DIR);
        browser = Chromium.start();
        driver = browser.driver();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
    }

    String base() {
        return "http://localhost:" + port;
    }

    void signIn(String username) {
        vn.truongson.support.BrowserSession.signInThroughTheForm(browser, base(), username);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The window as it is, as a PNG under docs/screenshots, made smaller by pngquant when it can be. */
    void shoot(String name) throws IOException, InterruptedException {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();");
        Thread.sleep(300);
        Path file = DIR.resolve("tour-" + name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        if (Files.isExecutable(Path.of("/usr/bin/pngquant"))) {
            Process p = new ProcessBuilder("/usr/bin/pngquant", "--force", "--skip-if-larger", "--quality=55-90", "--strip", "--output",
                    file.toString(), file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(Files.size(file)).as(file + " under 200 KB").isLessThan(MAX_BYTES);
    }

    @Test
    void the_tour() throws Exception {
        size(1366, 860);
        // 1. The commander's home: my work, then a tile for every menu item.
        signIn("chihuy.btl86");
        driver.get(base() + "/office");
        shoot("home");
        // 2. The programme dashboard.
        driver.get(base() + "/office/programme/dashboard");
        browser.waiting().until(d -> !d.findElements(By.tagName("canvas")).isEmpty() || !d.findElements(By.tagName("svg")).isEmpty());
        Thread.sleep(1500); // the charts' drawing
        shoot("dashboard");
        // 3. A document: the incoming box, then its first document (preview, flow, print).
        signIn("vanthu.btl86");
        driver.get(base() + "/office/documents?box=INCOMING");
        var first = driver.findElements(By.cssSelector("main table tbody a[href^='/office/documents/']"));
        if (first.isEmpty()) {
            driver.get(base() + "/office/documents?box=OUTGOING");
            first = driver.findElements(By.cssSelector("main table tbody a[href^='/office/documents/']"));
        }
        shoot("documents");
        assertThat(first).as("a document in the demo's boxes").isNotEmpty();
        driver.get(first.get(0).getAttribute("href"));
        Thread.sleep(1500); // the PDF preview
        shoot("document");
        // 4. The one-stop desk's queue.
        signIn("motcua.cnt");
        driver.get(base() + "/office/one-stop");
        shoot("one-stop");
        // 5. On a phone: the citizen's list of procedures, and the official's home.
        size(390, 844);
        driver.manage().deleteAllCookies();
        driver.get(base() + "/procedures");
        shoot("phone-procedures");
        signIn("motcua.cnt");
        driver.get(base() + "/office");
        shoot("phone-home");
    }
}
