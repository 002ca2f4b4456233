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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Issue 13, item 6: error pages as a signed-in official meets them, in Debian's Chromium. Each message is Vietnamese
 * (English when chosen), names the thing ("Không tìm thấy văn bản"), shows no id and no role code, and an unknown
 * address keeps the signed-in header. A hidden task and a missing one read alike. Screenshots: target/screenshots/error-*.png.
 */
@PlatformTest
class ErrorPagesBrowserTest {

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


    String base() {
        return "http://localhost:" + port;
    }

    void signIn(String username) {
        session.signIn(base(), username);
    }

    String alert() {
        return driver.findElement(By.cssSelector("main .alert")).getText();
    }

    void shoot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("error-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    String status() {
        return driver.findElement(By.id("error-page")).getAttribute("data-status");
    }

    String detail() {
        return driver.findElement(By.id("error-detail")).getText();
    }

    boolean signedInHeader() {
        return !driver.findElements(By.id("ts-person")).isEmpty() && driver.findElements(By.cssSelector("a[href='/login']")).isEmpty();
    }

    @Test
    void an_unknown_address_keeps_the_signed_in_header_and_speaks_vietnamese_then_english() throws IOException {
        signIn("vanthu.btl86");
        driver.get(base() + "/khong-co-trang-nay");
        assertThat(status()).isEqualTo("404");
        assertThat(alert()).contains("Không tìm thấy trang").doesNotContain("404");
        assertThat(driver.getTitle()).doesNotContain("404");
        assertThat(signedInHeader()).as("the signed-in header on an unknown address").isTrue();
        assertThat(driver.findElement(By.id("ts-person-unit")).getText()).isNotBlank();
        shoot("unknown-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base() + "/khong-co-trang-nay");
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;")).isFalse();
        shoot("unknown-390");
        driver.manage().window().setSize(new Dimension(1366, 900));

        // A method the address does not take: its own message, not a missing key.
        driver.get(base() + "/office/notifications/1/open");
        assertThat(alert()).doesNotContain("??").contains("không dùng được");
        assertThat(signedInHeader()).isTrue();

        driver.get(base() + "/office/documents/99999?lang=en");
        assertThat(detail()).contains("No such document").doesNotContain("99", "Không");
        driver.get(base() + "/khong-co-trang-nay");
        assertThat(alert()).contains("No such page");
        assertThat(signedInHeader()).isTrue();
        driver.get(base() + "/office?lang=vi");
    }

    /**
     * Errors answered outside the request's own filters keep the signed-in header (issue 13): Tomcat's own (an encoded
     * slash, refused before any filter of ours), in the screens' language.
     */
    @Test
    void tomcats_own_errors_keep_the_signed_in_header_in_the_screens_language() throws IOException {
        signIn("vanthu.btl86");
        driver.get(base() + "/office/a%2Fb");
        assertThat(status()).isEqualTo("400");
        assertThat(signedInHeader()).as("the signed-in header on Tomcat's own error page").isTrue();
        assertThat(driver.findElement(By.id("ts-person-unit")).getText()).isNotBlank();
        assertThat(driver.getPageSource()).doesNotContain("Tomcat", "vanthu.btl86", "Invalid");
        assertThat(driver.findElement(By.tagName("h1")).getText()).as("in the screens' language, Vietnamese").isEqualTo("Dữ liệu không hợp lệ");
        shoot("tomcat-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base() + "/office/a%2Fb");
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;")).isFalse();
        shoot("tomcat-390");
        driver.manage().window().setSize(new Dimension(1366, 900));
        // Signed out: no person in the header.
        driver.manage().deleteAllCookies();
        driver.get(base() + "/office/a%2Fb");
        assertThat(driver.findElements(By.id("ts-person"))).isEmpty();
    }

    @Test
    void a_missing_record_is_named_as_users_know_it_with_no_id() throws IOException {
        signIn("vanthu.btl86");
        for (String[] c : new String[][] {
                {"/office/documents/99999", "Không tìm thấy văn bản"},
                {"/office/documents/1234567", "Không tìm thấy văn bản"},
                {"/office/programme/plans/999", "Không tìm thấy kế hoạch"},
                {"/office/programme/tasks/99999", "Không tìm thấy nhiệm vụ"},
                {"/office/units/999999", "Không tìm thấy đơn vị"},
                {"/office/officials/999999", "Không tìm thấy cán bộ"}}) {
            driver.get(base() + c[0]);
            assertThat(alert()).as(c[0]).doesNotContainPattern("\\d{3}").doesNotContain("document", "plan", "task");
            assertThat(detail()).as(c[0]).contains(c[1]).doesNotContain("bản ghi");
            assertThat(status()).isEqualTo("404");
            assertThat(signedInHeader()).isTrue();
        }
        shoot("document-missing");
    }

    @Test
    void a_refusal_names_roles_in_vietnamese_never_by_code() throws IOException {
        signIn("vanthu.btl86");
        driver.get(base() + "/office/audit");
        String text = alert();
        assertThat(status()).isEqualTo("403");
        assertThat(text).contains("Quản trị hệ thống", "Kiểm tra nhật ký").doesNotContain("ADMIN", "AUDITOR", "[");
        shoot("forbidden");
        driver.get(base() + "/admin/zones");
        assertThat(alert()).contains("quản trị hệ thống").doesNotContain("ADMIN");
        driver.get(base() + "/office/audit?lang=en");
        assertThat(alert()).contains("Administrator", "Auditor").doesNotContain("ADMIN", "AUDITOR");
        driver.get(base() + "/office?lang=vi");
    }

    @Test
    void a_hidden_task_and_a_missing_one_read_alike() {
        // Mật tasks of the demo plans: dieuphoi.btl86 (Thường) may not know they exist (as in ExistenceOracleTest).
        long secret = jdbc.sql("select id from programme_task where secrecy > 0 order by id limit 1").query(Long.class).single();
        signIn("dieuphoi.btl86");
        driver.get(base() + "/office/programme/tasks/" + secret);
        String hidden = alert();
        String hiddenTitle = driver.getTitle();
        driver.get(base() + "/office/programme/tasks/999999999");
        assertThat(alert()).isEqualTo(hidden).contains("Không tìm thấy nhiệm vụ");
        assertThat(driver.getTitle()).isEqualTo(hiddenTitle);
    }
}
