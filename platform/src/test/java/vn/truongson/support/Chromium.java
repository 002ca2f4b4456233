package vn.truongson.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by Debian's chromedriver (never a downloaded browser), headless, with a fresh
 * profile that is deleted when the browser quits. The flags keep Chromium off this machine's closed network.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser 1366 × 900; without Debian's chromium or chromedriver, fails in CI and skips loudly elsewhere. */
    public static Chromium start() {
        RealParts.require("chromium chromium-driver", BINARY, DRIVER);
        try {
            Path profile = Files.createTempDirectory("truongson-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1366,900");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            return new Chromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** A 15 s wait; htmx swaps elements while we poll them, so a stale reference means "look again", not failure. */
    /**
     * Clicks as a person would: scrolled to the middle of the window first, and aimed again while something else is
     * drawn over the point (a resize or a list that settles moves the element between aiming and clicking).
     * Only for clicks that may be repeated harmlessly (a link, a radio, a submit that leaves the page).
     */
    public void click(org.openqa.selenium.WebElement element) {
        waiting().ignoring(org.openqa.selenium.ElementClickInterceptedException.class).until(d -> {
            ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
            element.click();
            return true;
        });
    }

    public org.openqa.selenium.support.ui.WebDriverWait waiting() {
        var w = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(15));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
