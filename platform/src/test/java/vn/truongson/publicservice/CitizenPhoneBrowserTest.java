package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.CitizenSession;

/**
 * Issue 13 in a real browser. On a phone (390 px, emulated as a mobile viewport): every citizen page has no sideways
 * scroll, lists are cards, required fields say so to assistive technology, and the whole filing completes; the dossier
 * page shows what was submitted and what happens next. At the one-stop desk (1366 px): each attachment opens under its
 * Vietnamese name with a readable size; receiving with the two starred components unticked is refused, naming them, with
 * the supplement request (Mẫu 02) offered; a waiver with its reason lets it in, shown with the officer's full name.
 */
@CitizenPlatformTest
class CitizenPhoneBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void a_citizen_files_from_a_phone_and_the_desk_checks_the_components() throws Exception {
        Files.createDirectories(SHOTS);
        Path dir = Files.createTempDirectory("ho-so");
        Path phieu = dir.resolve("Phiếu đăng ký sơ tuyển.pdf");
        Files.writeString(phieu, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + "%".repeat(40_000) + "\n");
        Path hocBa = dir.resolve("hoc-ba.pdf");
        Files.writeString(hocBa, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        String code;
        try (Chromium browser = Chromium.start()) {
            WebDriver driver = browser.driver();
            // The catalogue on a desktop first: codes on one line.
            driver.get(base() + "/procedures");
            assertThat(num(driver, "const r = document.createRange(); r.selectNodeContents(document.querySelector('#procedures td.ts-code'));"
                    + " return r.getClientRects().length")).as("line boxes of a procedure code").isEqualTo(1);
            shoot(driver, "desktop-catalogue");
            phone(driver);
            driver.get(base() + "/procedures");
            assertNoSidewaysScroll(driver, "/procedures");
            // Cards, not six squeezed columns.
            assertThat(js(driver, "return getComputedStyle(document.querySelector('#procedures tbody tr')).display")).isEqualTo("block");
            assertThat(js(driver, "return getComputedStyle(document.querySelector('#procedures thead')).display")).isEqualTo("none");
            shoot(driver, "phone-catalogue");

            driver.get(base() + "/procedures/BQP-TS-01");
            assertNoSidewaysScroll(driver, "a procedure");
            assertThumbSized(driver, By.id("file-online"));
            shoot(driver, "phone-procedure");
            click(driver, By.id("file-online"));
            browser.waiting().until(d -> !d.findElements(By.id("idNumber")).isEmpty());
            eidSignIn(driver, CitizenSession.NAM);
            browser.waiting().until(d -> !d.findElements(By.id("dossier-form")).isEmpty());
            assertNoSidewaysScroll(driver, "the filing form");
            // Required fields say so (required and aria-required), not only with a red star; required files with aria-required.
            var school = driver.findElement(By.id("f-school"));
            assertThat(school.getAttribute("required")).isNotNull();
            assertThat(school.getAttribute("aria-required")).isEqualTo("true");
            assertThat(driver.findElement(By.id("f-height")).getAttribute("aria-required")).isEqualTo("true");
            assertThat(driver.findElement(By.id("f-height")).getAttribute("inputmode")).isEqualTo("numeric");
            assertThat(driver.findElement(By.id("att-hocBa")).getAttribute("aria-required")).isEqualTo("true");
            assertThat(driver.findElement(By.id("att-anh")).getAttribute("aria-required")).isNull();
            // One column: each field as wide as the form.
            long formWidth = num(driver, "return document.getElementById('dossier-form').getBoundingClientRect().width");
            assertThat(num(driver, "return document.getElementById('f-school').getBoundingClientRect().width")).isGreaterThan(formWidth - 40);
            assertThumbSized(driver, By.id("submit"));
            shoot(driver, "phone-form");

            new Select(school).selectByVisibleText("Học viện Quân y");
            new Select(driver.findElement(By.id("f-combination"))).selectByVisibleText("B00");
            driver.findElement(By.id("f-height")).sendKeys("168");
            var phone = driver.findElement(By.id("f-phone"));
            if (phone.getAttribute("value").isBlank()) phone.sendKeys("0987654321");
            var residence = driver.findElement(By.id("f-placeOfResidence"));
            if (residence.getAttribute("value").isBlank()) residence.sendKeys("Phường Hải Châu, Đà Nẵng");
            driver.findElement(By.id("att-phieuSoTuyen")).sendKeys(phieu.toAbsolutePath().toString());
            driver.findElement(By.id("att-hocBa")).sendKeys(hocBa.toAbsolutePath().toString());
            click(driver, By.id("submit"));
            try {
                browser.waiting().until(d -> !d.findElements(By.id("filed")).isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError("filing at 390 px: " + driver.findElement(By.tagName("main")).getText(), e);
            }
            code = driver.findElement(By.id("dossier-code")).getText();
            assertNoSidewaysScroll(driver, "the citizen's dossier");
            // What was submitted (dates as dd/MM/yyyy, never ISO), the files with a readable size, and what happens next.
            String submitted = driver.findElement(By.id("submitted-form")).getText();
            assertThat(submitted).contains("Chiều cao (cm)").contains("168").contains("Học viện Quân y").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
            assertThat(submitted).containsPattern("\\d{2}/\\d{2}/\\d{4}");
            assertThat(driver.findElement(By.id("submitted-files")).getText()).contains("Phiếu đăng ký sơ tuyển.pdf").contains("(39 KB)")
                    .contains("hoc-ba.pdf");
            String next = driver.findElement(By.id("next")).getText();
            assertThat(next).contains("chờ bộ phận một cửa").contains("10 ngày làm việc").containsPattern("ngày hẹn trả kết quả là \\d{2}:\\d{2} \\d{2}/\\d{2}/\\d{4}");
            shoot(driver, "phone-dossier-submitted");
            driver.get(base() + "/citizen/dossiers");
            assertNoSidewaysScroll(driver, "/citizen/dossiers");
            assertThat(js(driver, "return getComputedStyle(document.querySelector('#my-dossiers tbody tr')).display")).isEqualTo("block");
            assertThat(driver.findElement(By.id("my-dossiers")).getText()).contains(code).contains("Sau khi tiếp nhận");
            shoot(driver, "phone-my-dossiers");
            // The citizen opens his own file too.
            String own = fetch(driver, driver.getCurrentUrl().replace("/citizen/dossiers", "/citizen/dossiers/" + code + "/attachments/")
                    + jdbc.sql("select a.sha256 from publicservice_attachment a join publicservice_dossier d on d.id = a.dossier_id where d.code = ? "
                            + "and a.component = 'hocBa'").param(code).query(String.class).single());
            assertThat(own).startsWith("200|");

            // The one-stop desk, on a desktop.
            desktop(driver);
            signInOfficial(browser, "motcua.cnt");
            driver.get(base() + "/office/one-stop/dossiers/" + code);
            var link = driver.findElement(By.id("att-open-phieuSoTuyen"));
            assertThat(link.getText()).isEqualTo("Phiếu đăng ký sơ tuyển.pdf");
            assertThat(driver.findElement(By.id("attachments")).getText()).contains("Phiếu đăng ký sơ tuyển có xác nhận của Ban CHQS cấp xã")
                    .contains("(39 KB)").contains("(45 byte)").contains("Tải về").doesNotContain("application/pdf");
            String opened = fetch(driver, driver.findElement(By.id("att-download-phieuSoTuyen")).getAttribute("href"));
            assertThat(opened).startsWith("200|attachment;");
            String ext = opened.substring(opened.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
            assertThat(URLDecoder.decode(ext, StandardCharsets.UTF_8)).isEqualTo("Phiếu đăng ký sơ tuyển.pdf");
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'publicservice.dossier.attachment' and target = ?")
                    .param("dossier:" + code).query(Long.class).single()).isGreaterThanOrEqualTo(2);

            // The walk-through: both starred components unticked, then "receive".
            untick(driver, "chk-phieuSoTuyen");
            untick(driver, "chk-hocBa");
            click(driver, By.id("receive"));
            browser.waiting().until(d -> !d.findElements(By.id("problem")).isEmpty());
            assertThat(driver.findElement(By.id("problem")).getText()).contains("Chưa tiếp nhận")
                    .contains("Phiếu đăng ký sơ tuyển có xác nhận của Ban CHQS cấp xã").contains("Bản sao học bạ THPT").contains("Mẫu 02");
            assertThat(driver.findElements(By.id("done"))).isEmpty();
            assertThat(driver.findElement(By.id("status")).getText()).doesNotContain("Đã tiếp nhận");
            assertThat(driver.findElement(By.id("supplement-reason")).getAttribute("value")).contains("Bản sao học bạ THPT");
            assertThat(jdbc.sql("select status from publicservice_dossier where code = ?").param(code).query(String.class).single()).isEqualTo("SUBMITTED");
            shoot(driver, "desk-refused");
            // The boxes stay as the officer left them. One ticked, the other waived with its reason: received.
            assertThat(driver.findElement(By.id("chk-phieuSoTuyen")).isSelected()).isFalse();
            assertThat(driver.findElement(By.id("chk-hocBa")).isSelected()).isFalse();
            click(driver, By.id("chk-phieuSoTuyen"));
            driver.findElement(By.id("waive-hocBa")).sendKeys("Thí sinh nộp bản chính tại buổi sơ tuyển");
            click(driver, By.id("receive"));
            browser.waiting().until(d -> d.findElement(By.id("status")).getText().contains("Đã tiếp nhận"));
            assertThat(driver.findElement(By.id("waivers")).getText()).contains("Bản sao học bạ THPT").contains("Thí sinh nộp bản chính tại buổi sơ tuyển")
                    .contains("Hà Thị Ngọc Ánh");
            assertThat(driver.findElement(By.id("applicant")).getText()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
            assertThat(driver.findElement(By.id("form-values")).getText()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
            shoot(driver, "desk-received");
            phone(driver);
            driver.navigate().refresh();
            assertNoSidewaysScroll(driver, "the desk's dossier page");
            shoot(driver, "phone-desk-dossier");

            // The citizen again, on the phone: the appointment, and the step under way.
            driver.manage().deleteAllCookies();
            driver.get(base() + "/citizen/login?next=/citizen/dossiers/" + code);
            browser.waiting().until(d -> !d.findElements(By.id("idNumber")).isEmpty());
            eidSignIn(driver, CitizenSession.NAM);
            browser.waiting().until(d -> !d.findElements(By.id("next")).isEmpty());
            assertNoSidewaysScroll(driver, "the citizen's received dossier");
            String appointment = driver.findElement(By.id("appointment")).getText();
            assertThat(appointment).matches("\\d{2}:\\d{2} \\d{2}/\\d{2}/\\d{4}");
            assertThat(driver.findElement(By.id("next")).getText()).contains("Ngày hẹn trả kết quả: " + appointment).contains("bước 1/3");
            assertThat(driver.findElement(By.id("steps")).getText()).contains("Tiếp nhận, kiểm tra hồ sơ").contains("Phê duyệt kết quả sơ tuyển");
            shoot(driver, "phone-dossier-received");
            desktop(driver);
            shoot(driver, "desktop-dossier-received");
        }
    }

    private static void phone(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    private static void desktop(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private static void assertNoSidewaysScroll(WebDriver driver, String page) {
        long client = num(driver, "return document.documentElement.clientWidth");
        long scroll = num(driver, "return document.documentElement.scrollWidth");
        assertThat(client).as("viewport of " + page).isBetween(360L, 414L);
        assertThat(scroll).as("sideways scroll on " + page + ": " + js(driver,
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                        + ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')")).isLessThanOrEqualTo(client);
    }

    /** A button a thumb finds: at least 44 px tall (WCAG 2.5.5) and most of the screen's width. */
    private static void assertThumbSized(WebDriver driver, By by) {
        var r = driver.findElement(by).getRect();
        assertThat(r.getHeight()).as(by + " height").isGreaterThanOrEqualTo(44);
        assertThat(r.getWidth()).as(by + " width").isGreaterThan(300);
    }

    private static void untick(WebDriver driver, String id) {
        var box = driver.findElement(By.id(id));
        if (box.isSelected()) click(driver, By.id(id));
    }

    /** Fetches a URL in the page's session: "status|content-disposition". */
    private static String fetch(WebDriver driver, String url) {
        return String.valueOf(((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status + '|' + r.headers.get('content-disposition')))"
                        + ".catch(e => done('error|' + e));", url));
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static long num(WebDriver driver, String script) {
        return ((Number) js(driver, script)).longValue();
    }

    private static void eidSignIn(WebDriver driver, String idNumber) {
        driver.findElement(By.id("idNumber")).clear();
        driver.findElement(By.id("idNumber")).sendKeys(idNumber);
        driver.findElement(By.id("password")).sendKeys(CitizenSession.PASSWORD);
        driver.findElement(By.id("signIn")).click();
    }

    private void signInOfficial(Chromium browser, String username) {
        WebDriver driver = browser.driver();
        driver.manage().deleteAllCookies();
        driver.get(base() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Api.DEMO_PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office"));
    }

    private static void click(WebDriver driver, By by) {
        var el = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", el);
        el.click();
    }

    /** The whole page, at the current width. */
    private static void shoot(WebDriver driver, String name) throws IOException {
        var cdp = (ChromeDriver) driver;
        long height = num(driver, "return document.documentElement.scrollHeight");
        long width = num(driver, "return document.documentElement.clientWidth");
        boolean mobile = width < 500;
        cdp.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", mobile ? 390 : 1366, "height", (int) Math.min(6000, Math.max(mobile ? 844 : 900, height)), "deviceScaleFactor", 1,
                        "mobile", mobile));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("publicservice-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        if (mobile) phone(driver);
        else desktop(driver);
    }
}
