package vn.truongson.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

/**
 * One Chromium for a test class, and one sign-in per demo account for the whole test run: the suite's browser tests
 * used to start a browser and sign in through the form again for every test method (a Chromium start, a password
 * hash and a one-time code each; a demo account takes one code per 30 s step, so the third sign-in of an account in
 * a step waited for the next one). Register it in the class:
 *
 * <pre>{@code @RegisterExtension static final BrowserSession session = new BrowserSession();}</pre>
 *
 * Before each test the browser is put back as a fresh one would be: no cookies, 1366 × 900, no emulated media or
 * device metrics, the origin's storage cleared. {@link #signIn} signs in through the form once per account and
 * server (the form itself is BrowserSignInTest's); later sign-ins of that account put its session cookie back and
 * open /office, and go through the form again when the session has ended (signed out, password changed, expired).
 */
public final class BrowserSession implements BeforeEachCallback, AfterAllCallback {

    /** base URL + "|" + username → that account's session cookie, for every class of the JVM. */
    private static final Map<String, Cookie> SESSIONS = new ConcurrentHashMap<>();

    private Chromium browser;

    /** The class's browser, started on first use. */
    public Chromium browser() {
        if (browser == null) browser = Chromium.start();
        return browser;
    }

    public WebDriver driver() {
        return browser().driver();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (browser != null) reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) browser.close();
        browser = null;
    }

    /** As a freshly started browser: no cookies, no storage of the pages visited, the starting window and media. */
    public void reset() {
        WebDriver driver = browser.driver();
        try {
            driver.switchTo().alert().dismiss(); // left open by a test that failed
        } catch (org.openqa.selenium.NoAlertPresentException ignored) {
            // the usual case
        }
        String url = driver.getCurrentUrl();
        HasCdp cdp = (HasCdp) driver;
        if (url != null && url.startsWith("http")) {
            String origin = java.net.URI.create(url).resolve("/").toString().replaceAll("/$", "");
            cdp.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        driver.manage().deleteAllCookies();
        cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        cdp.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.get("about:blank");
    }

    /**
     * Signs {@code username} in (demo password, and the one-time code when the account has a second step) and ends on
     * /office, as the form does; the account's session of an earlier sign-in in this run when it is still valid.
     */
    public void signIn(String base, String username) {
        WebDriver driver = driver();
        String key = base + "|" + username;
        Cookie kept = SESSIONS.get(key);
        if (kept != null) {
            driver.manage().deleteAllCookies();
            driver.get(base + "/login");
            driver.manage().addCookie(kept);
            driver.get(base + "/office");
            if (driver.getCurrentUrl().endsWith("/office") && !driver.findElements(By.id("ts-person")).isEmpty()) return;
            SESSIONS.remove(key);
        }
        signInThroughTheForm(base, username);
        Cookie session = driver.manage().getCookieNamed("SESSION");
        if (session != null) SESSIONS.put(key, session);
    }

    /** The sign-in form, always (the session is not kept for later sign-ins). */
    public void signInThroughTheForm(String base, String username) {
        signInThroughTheForm(browser(), base, username);
    }

    /**
     * The sign-in form in {@code browser}, whatever its life: the demo password, then the one-time code when the account
     * has a second step (the next step's code first, {@link Api#otpForAttempt}); ends on /office. The one copy of the
     * form's steps for every browser test.
     */
    public static void signInThroughTheForm(Chromium browser, String base, String username) {
        WebDriver driver = browser.driver();
        driver.manage().deleteAllCookies();
        driver.get(base + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
        browser.click(driver.findElement(By.id("signin-submit")));
        browser.waiting().until(d -> d.getCurrentUrl().contains("/login/otp") || d.getCurrentUrl().endsWith("/office"));
        for (int attempt = 0; attempt < 3 && driver.getCurrentUrl().contains("/login/otp"); attempt++) {
            var code = driver.findElement(By.id("code"));
            code.clear();
            code.sendKeys(Api.otpForAttempt(attempt));
            code.submit();
            browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office") || !d.findElements(By.cssSelector(".alert-danger")).isEmpty());
        }
        assertThat(driver.getCurrentUrl()).as("signed in as " + username).endsWith("/office");
    }

    /** Forgets the kept session of {@code username} (a test that signs it out or changes its password calls this). */
    public static void forget(String base, String username) {
        SESSIONS.remove(base + "|" + username);
    }
}
