package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.files.FileFixtures;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;

/**
 * The programme screens in Debian's Chromium (headless), with a plan written the way the ministry writes them:
 * long Vietnamese task titles, unit names and indicators. Screenshots go to target/screenshots/programme-*.png for
 * a person to look at; sideways scrolling at 1366 px and at phone width is a failure, not a matter of taste.
 */
@ProgrammeTest
class ProgrammeBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    WebDriver driver;

    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;

    @BeforeEach
    void startBrowser() throws IOException {
        clock.reset();
        browser = session.browser();
        driver = browser.driver();
        Files.createDirectories(SHOTS);
    }


    private String base() {
        return "http://localhost:" + port;
    }

    private WebDriverWait waiting() {
        return browser.waiting();
    }

    /** Password, then TOTP if the account has it; a code this account already used in this 30 s step (the API helper signs in too) waits for the next. */
    private void signIn(String username) {
        session.signIn(base(), username);
    }

    /** What a phone shows: the window as it is, scrolled to {@code y}. */
    private void shootWindow(String name, int y) throws IOException {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo({top: arguments[0], behavior: 'instant'});", y);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("programme-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, however long: the window is made as tall as the document for the shot. */
    private void shoot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, Math.max(before.getHeight(), height + 140))));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("programme-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(before);
    }

    /**
     * Scrolled to the middle of the window first, at once: Bootstrap makes scrolling smooth, and a click during the
     * animation lands where the control is not yet.
     */
    private void click(By by) {
        var el = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", el);
        try {
            el.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException e) {
            Object top = ((JavascriptExecutor) driver).executeScript(
                    "var r = arguments[0].getBoundingClientRect(); var t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
                            + " return (t ? t.outerHTML.substring(0, 300) : 'nothing') + ' at ' + r.x + ',' + r.y + ' in ' + window.innerWidth + 'x' + window.innerHeight;", el);
            throw new AssertionError("click on " + by + " intercepted by " + top, e);
        }
    }

    private boolean overflowsSideways() {
        Object r = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
        return Boolean.TRUE.equals(r);
    }

    /** A plan of this year as a coordinator would write it, with the first task given to two units; issued or not. */
    private record Built(String planId, String firstTask, String sd3Assignment) {}

    private Built buildPlan(Programme p, boolean issue) {
        int year = YearMonth.now(Period.ZONE).getYear();
        var r = p.api.post("/api/v1/plans", Programme.COORDINATOR, """
                {"code":"%s","title":"Kế hoạch chuyển đổi số năm %d của Bộ Quốc phòng (minh họa)","year":%d,"kind":"DIGITAL_TRANSFORMATION",
                 "theme":"Chuyển đổi số toàn diện, đồng bộ, hiệu quả; lấy dữ liệu số làm động lực","breakthrough":"Hoàn thành hạ tầng số dùng chung và ký số 100%% văn bản điện tử",
                 "ownerUnitId":"%s","reportDueDay":28}""".formatted(Programme.uniqueCode("KH-CĐS"), year, year, p.unit("BTL86")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String planId = r.json().get("id").asString();
        String g1 = p.group(planId, 1, "Hoàn thiện thể chế, nâng cao nhận thức và phát triển nguồn nhân lực số");
        String g2 = p.group(planId, 2, "Phát triển hạ tầng số, nền tảng số và bảo đảm an toàn thông tin");
        String g3 = p.group(planId, 3, "Phát triển dữ liệu số và dịch vụ công trực tuyến");
        String t11 = task(p, planId, g1, "1.1", "Triển khai chữ ký số cá nhân cho 100% cán bộ đầu mối chuyển đổi số của các cơ quan, đơn vị", "BTL86",
                new String[] {"BCTT", "QK1", "BTLBP", "HVKTQS"}, "Chứng thư số cấp cho cán bộ đầu mối; quy chế quản lý, sử dụng chữ ký số được ban hành",
                year + "-09-30",
                ind("CT1", "Tỷ lệ cán bộ đầu mối chuyển đổi số được cấp chứng thư số cá nhân", "%", "100", "AVERAGE", true) + ","
                        + ind("CT2", "Số văn bản điện tử được ký số và gửi trên trục liên thông", "văn bản", "12000", "SUM", true));
        task(p, planId, g1, "1.2", "Tổ chức tập huấn, bồi dưỡng kỹ năng số cho cán bộ, nhân viên làm công tác chuyển đổi số ở các cấp", "HVKTQS",
                new String[] {"BTL86"}, "Tài liệu tập huấn; danh sách học viên hoàn thành khóa học", year + "-11-30",
                ind("CT1", "Số lượt cán bộ được tập huấn", "lượt", "2500", "SUM", true));
        task(p, planId, g2, "2.1", "Mở rộng mạng truyền số liệu quân sự và mạng máy tính quân sự đến cấp trung đoàn và tương đương", "BCTT",
                new String[] {"QK1", "QK3", "QK5", "QK7", "QK9"}, "Các trung đoàn kết nối mạng truyền số liệu quân sự", year + "-12-31",
                ind("CT1", "Tỷ lệ trung đoàn và tương đương kết nối mạng truyền số liệu quân sự", "%", "95", "AVERAGE", true));
        task(p, planId, g2, "2.2", "Triển khai cổng kết nối an toàn giữa mạng máy tính quân sự và mạng Internet (minh họa)", "TTANM",
                new String[] {}, null, year + "-12-31", ind("CT1", "Số sự cố mất an toàn thông tin nghiêm trọng", "sự cố", "2", "SUM", false));
        task(p, planId, g3, "3.1", "Khai thác cơ sở dữ liệu quốc gia về dân cư phục vụ tuyển chọn, gọi công dân nhập ngũ và quản lý xuất nhập cảnh tại cửa khẩu biên giới",
                "BTLBP", new String[] {"CQL", "QK1"}, "Kết nối, xác thực thông tin công dân qua Đề án 06", year + "-10-31", "");
        String sd3 = p.assign(t11, "SD3");
        p.assign(t11, "BTLBP");
        if (issue) p.issue(planId);
        return new Built(planId, t11, sd3);
    }

    private static String ind(String code, String name, String unit, String target, String aggregation, boolean higher) {
        return """
                {"code":"%s","name":"%s","unit":"%s","target":%s,"aggregation":"%s","higherIsBetter":%s}""".formatted(code, name, unit, target, aggregation, higher);
    }

    private static String task(Programme p, String planId, String groupId, String code, String title, String lead, String[] support, String expected,
            String due, String indicators) {
        StringBuilder s = new StringBuilder();
        for (String u : support) s.append(s.isEmpty() ? "" : ",").append('"').append(p.unit(u)).append('"');
        var r = p.api.post("/api/v1/plans/" + planId + "/tasks", Programme.COORDINATOR, """
                {"groupId":"%s","code":"%s","title":"%s","leadUnitId":"%s","supportUnitIds":[%s],"expectedResult":%s,"dueDate":"%s",
                 "secrecy":"THUONG","indicators":[%s]}""".formatted(groupId, code, title, p.unit(lead), s, expected == null ? "null" : '"' + expected + '"',
                due, indicators));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void a_coordinator_reads_a_long_vietnamese_plan_adds_an_indicator_row_and_issues_it() throws IOException {
        Programme p = new Programme(new Api(port), jdbc, clock);
        Built b = buildPlan(p, false);
        signIn(Programme.COORDINATOR);
        driver.get(base() + "/office/programme/plans/" + b.planId());
        assertThat(driver.findElement(By.id("task-table")).getText())
                .contains("Triển khai chữ ký số cá nhân cho 100% cán bộ đầu mối chuyển đổi số của các cơ quan, đơn vị", "Bộ Tư lệnh 86", "30/09/");
        assertThat(overflowsSideways()).as("the plan page scrolls sideways at 1366 px").isFalse();

        // htmx: "add indicator" appends a row and renumbers itself.
        int rows = driver.findElements(By.cssSelector("#indicator-rows .ts-indicator-row")).size();
        click(By.id("add-indicator"));
        waiting().until(d -> d.findElements(By.cssSelector("#indicator-rows .ts-indicator-row")).size() == rows + 1);
        assertThat(driver.findElement(By.id("add-indicator")).getAttribute("hx-get")).endsWith("index=" + (rows + 1));
        driver.findElement(By.id("indicator-" + rows + "-code")).sendKeys("CT3");
        shoot("plan-draft");

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base() + "/office/programme/plans/" + b.planId());
        assertThat(overflowsSideways()).as("the plan page scrolls sideways at 390 px").isFalse();
        shootWindow("plan-phone-top", 0);
        int table = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('task-table').getBoundingClientRect().top + window.scrollY - 10;")).intValue();
        shootWindow("plan-phone-tasks", table);
        driver.manage().window().setSize(new Dimension(1366, 900));

        driver.get(base() + "/office/programme/plans/" + b.planId());
        click(By.id("issue"));
        waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(driver.switchTo().alert().getText()).startsWith("Ban hành kế hoạch");
        driver.switchTo().alert().accept();
        waiting().until(d -> !d.findElements(By.id("notice")).isEmpty());
        assertThat(driver.findElement(By.id("notice")).getText()).startsWith("Đã ban hành kế hoạch");
        shoot("plan-issued");

        driver.get(base() + "/office/programme/tasks/" + b.firstTask());
        assertThat(driver.findElement(By.id("assignments")).getText()).contains("Sư đoàn 3", "Bộ Tư lệnh Bộ đội Biên phòng");
        assertThat(overflowsSideways()).as("the task page scrolls sideways at 1366 px").isFalse();
        shoot("task");
    }

    @Test
    void a_reporter_fills_in_the_monthly_report_with_an_evidence_pdf() throws IOException {
        Programme p = new Programme(new Api(port), jdbc, clock);
        Built b = buildPlan(p, true);
        Path pdf = Files.createTempFile("bien-ban", ".pdf");
        Path named = pdf.resolveSibling("Biên bản kiểm tra chữ ký số tháng " + YearMonth.now(Period.ZONE).getMonthValue() + ".pdf");
        Files.write(named, FileFixtures.pdf("Bien ban kiem tra chu ky so"));
        try {
            signIn("baocao.sd3");
            driver.get(base() + "/office/programme/reports");
            assertThat(driver.findElement(By.id("due-" + b.sd3Assignment())).getText()).contains("Chưa báo cáo");
            assertThat(overflowsSideways()).as("the reports list scrolls sideways at 1366 px").isFalse();
            shoot("reports");

            click(By.cssSelector("#due-" + b.sd3Assignment() + " a.btn"));
            waiting().until(d -> !d.findElements(By.id("report-form")).isEmpty());
            new Select(driver.findElement(By.id("status"))).selectByValue("STALLED");
            driver.findElement(By.id("percentComplete")).sendKeys("62,5");
            driver.findElement(By.id("value-CT1")).sendKeys("75");
            driver.findElement(By.id("value-CT2")).sendKeys("3120");
            driver.findElement(By.id("obstacles")).sendKeys("Còn 15/60 cán bộ đầu mối chưa được cấp thiết bị ký số (USB token) do Ban Cơ yếu chưa cấp bổ sung; "
                    + "phần mềm quản lý văn bản ở cấp trung đoàn chưa tích hợp ký số.");
            click(By.id("bottleneck"));
            driver.findElement(By.id("proposal")).sendKeys("Đề nghị Bộ Tư lệnh 86 phối hợp Ban Cơ yếu Chính phủ cấp bổ sung 15 thiết bị ký số trong tháng tới.");
            driver.findElement(By.id("file")).sendKeys(named.toAbsolutePath().toString());
            // The slider follows the typed figure.
            assertThat(driver.findElement(By.id("percent-range")).getDomProperty("value")).isEqualTo("62.5");
            shoot("report-form-filled");
            click(By.id("report-submit"));
            waiting().until(d -> !d.findElements(By.id("notice")).isEmpty());
            assertThat(driver.findElement(By.id("evidence-list")).getText()).contains(named.getFileName().toString());
            assertThat(driver.findElement(By.id("revision-list")).getText()).contains("Lần 1", "62,5 %", "Điểm nghẽn");
            assertThat(overflowsSideways()).as("the report page scrolls sideways at 1366 px").isFalse();
            shoot("report-sent");

            driver.manage().window().setSize(new Dimension(390, 844));
            driver.navigate().refresh();
            assertThat(overflowsSideways()).as("the report page scrolls sideways at 390 px").isFalse();
            shootWindow("report-phone-top", 0);
            shootWindow("report-phone-form", 700);
        } finally {
            Files.deleteIfExists(named);
            Files.deleteIfExists(pdf);
        }
    }
}
