package vn.truongson.document;

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
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.signing.Signatures;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * The whole path in the UI, as new users would try it, in Debian's Chromium: in BTL86 the drafter writes a công văn
 * in the form, the signer signs it with his PIN, the clerk issues and sends it; in QK1 the clerk receives it, the commander assigns
 * it, the handler records progress and closes it; back in BTL86 the clerk sees every status notice. Without the
 * signing module on this build, the signing and issuing steps are done by a fixture (the rest still runs in the UI).
 * Screenshots: target/screenshots/document-*.png.
 */
@PlatformTest
class DocumentBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectProvider<Signatures> signatures;
    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;
    WebDriver driver;
    DocumentFixtures f;

    @BeforeEach
    void start() throws IOException {
        browser = session.browser();
        driver = browser.driver();
        Files.createDirectories(SHOTS);
        f = new DocumentFixtures(new Api(port), jdbc);
    }


    String base() {
        return "http://localhost:" + port;
    }

    void signIn(String username) {
        session.signIn(base(), username);
    }

    void click(String id) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", e);
        e.click();
    }

    void shoot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(5000, Math.max(before.getHeight(), height + 140))));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("document-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(before);
    }

    String notice() {
        return browser.waiting().until(d -> d.findElements(By.id("notice")).isEmpty() && d.findElements(By.id("problem")).isEmpty() ? null
                : d.findElements(By.id("notice")).isEmpty() ? "PROBLEM: " + d.findElement(By.id("problem")).getText() : d.findElement(By.id("notice")).getText());
    }

    /** Issue 13, item 1: the document page's preview frame shows the PDF (it was blank: the file refused any framing). */
    @Test
    void the_document_page_previews_the_pdf_in_its_frame() throws IOException {
        long id = jdbc.sql("select d.id from document_document d join org_unit u on u.id = d.issuing_unit_id "
                + "where d.status in ('ISSUED', 'SENT') and d.secrecy = 'THUONG' and u.code = 'BTL86' order by d.id limit 1").query(Long.class).single();
        signIn("soanthao.btl86");
        driver.get(base() + "/office/documents/" + id);
        WebElement frame = browser.waiting().until(d -> d.findElement(By.id("pdf-viewer")));
        Object type = browser.waiting().until(d -> ((JavascriptExecutor) d).executeScript(
                "const f = document.getElementById('pdf-viewer'); const doc = f.contentDocument;"
                        + "return doc && doc.readyState === 'complete' && doc.contentType !== 'text/html' ? doc.contentType : null;"));
        assertThat(type).as("the frame holds the PDF, not a refusal page").isEqualTo("application/pdf");
        assertThat(frame.getSize().getHeight()).isGreaterThan(300);
        shoot("pdf-preview");
    }

    @Test
    void drafter_signer_and_clerk_in_btl86_then_clerk_and_handler_in_qk1() throws IOException {
        String subject = "Về việc thử nghiệm luồng văn bản điện tử " + System.nanoTime();
        // 1. The drafter writes a công văn in the form.
        signIn(DocumentFixtures.DRAFTER);
        driver.get(base() + "/office/documents");
        click("new-document");
        new Select(driver.findElement(By.id("type"))).selectByValue("CV");
        new Select(driver.findElement(By.id("issuingUnitId"))).selectByValue(f.unit("BTL86"));
        new Select(driver.findElement(By.id("signerId"))).selectByValue(f.official(DocumentFixtures.SIGNER));
        driver.findElement(By.id("subject")).sendKeys(subject);
        new Select(driver.findElement(By.id("urgency"))).selectByValue("THUONG_KHAN");
        // The recipients are the one unit picker (issue 13): typed without diacritics, ticked.
        driver.findElement(By.id("recipientUnitIds-q")).sendKeys("quan khu 1");
        click("recipientUnitIds-" + f.unit("QK1"));
        driver.findElement(By.id("body")).sendKeys("Đề nghị Quân khu 1 phối hợp thử nghiệm gửi, nhận văn bản điện tử có chữ ký số.");
        shoot("form");
        click("save-draft");
        browser.waiting().until(d -> d.getCurrentUrl().matches(".*/office/documents/\\d+$"));
        String id = driver.getCurrentUrl().replaceAll(".*/", "");
        assertThat(driver.findElement(By.id("document-title")).getText()).contains(subject);
        assertThat(driver.getPageSource()).contains("Thượng khẩn");

        boolean signing = signatures.getIfAvailable() != null;
        if (signing) {
            // 2. The signer signs with his PIN.
            signIn(DocumentFixtures.SIGNER);
            driver.get(base() + "/office/documents?box=to-sign");
            driver.findElement(By.id("doc-" + id)).findElement(By.tagName("a")).click();
            driver.findElement(By.id("pin")).sendKeys(DocumentFixtures.PIN);
            click("sign-submit");
            assertThat(notice()).doesNotStartWith("PROBLEM");
            // 3. The clerk issues and sends it.
            signIn(DocumentFixtures.CLERK);
            driver.get(base() + "/office/documents/" + id);
            click("issue-submit");
            assertThat(notice()).doesNotStartWith("PROBLEM");
            assertThat(driver.findElement(By.id("document-number")).getText()).matches("\\d{2,}/BTL86-VP");
        } else {
            jdbc.sql("update document_document set status = 'ISSUED', number = 900000 + id, year = extract(year from now()), issued_at = now() where id = ?")
                    .param(Long.parseLong(id)).update();
            signIn(DocumentFixtures.CLERK);
            driver.get(base() + "/office/documents/" + id);
        }
        new Select(driver.findElement(By.id("channel"))).selectByValue("MILITARY_NETWORK");
        click("send-submit");
        assertThat(notice()).doesNotStartWith("PROBLEM");
        shoot("sent");

        // 4. In QK1 the clerk finds it in the incoming box (marked urgent), receives and assigns it.
        signIn(DocumentFixtures.CLERK_QK1);
        driver.get(base() + "/office/documents?box=incoming");
        shoot("incoming");
        WebElement row = driver.findElement(By.id("doc-" + id));
        assertThat(row.getText()).contains("Thượng khẩn");
        row.findElement(By.cssSelector("a[href='/office/documents/" + id + "']")).click();
        click("receive-submit");
        assertThat(notice()).doesNotStartWith("PROBLEM");
        shoot("received");

        // 5. The commander of QK1 assigns it to the handler, due in 5 working days.
        signIn(DocumentFixtures.COMMANDER_QK1);
        driver.get(base() + "/office/documents/" + id);
        new Select(driver.findElement(By.id("target"))).selectByValue("o:" + f.official(DocumentFixtures.HANDLER_QK1));
        new Select(driver.findElement(By.id("role"))).selectByValue("LEAD");
        driver.findElement(By.id("dueWorkingDays")).sendKeys("5");
        click("assign-submit");
        assertThat(notice()).doesNotStartWith("PROBLEM");

        // 6. The handler records progress and closes it.
        signIn(DocumentFixtures.HANDLER_QK1);
        driver.get(base() + "/office/documents?box=work");
        driver.findElement(By.linkText(subject)).click();
        WebElement progress = driver.findElement(By.cssSelector(".progress-form"));
        progress.findElement(By.name("text")).sendKeys("Đã thử nghiệm nhận văn bản, kết quả tốt.");
        progress.findElement(By.name("percent")).sendKeys("80");
        progress.findElement(By.cssSelector("button")).click();
        assertThat(notice()).doesNotStartWith("PROBLEM");
        WebElement close = driver.findElement(By.cssSelector(".close-form"));
        close.findElement(By.name("text")).sendKeys("Hoàn thành thử nghiệm.");
        close.findElement(By.cssSelector("button")).click();
        assertThat(notice()).doesNotStartWith("PROBLEM");
        shoot("handled");

        // 7. Back in BTL86, the clerk sees every status notice.
        signIn(DocumentFixtures.CLERK);
        driver.get(base() + "/office/documents/" + id);
        String history = driver.findElement(By.id("history")).getAttribute("innerHTML");
        for (String code : new String[] {"01", "03", "04", "05", "06"}) assertThat(history).contains("data-code=\"" + code + "\"");
        shoot("notices");
    }
}
