package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Issue 13 in Debian's Chromium, as officials meet it every day: the one unit picker (the true tree after a unit is
 * given the task, searched without diacritics, at 1366 and 390 px; the document recipients as the same picker), the
 * cascade button's wording, the audit screen and /admin/zones in Vietnamese, the report form's percentage over 100,
 * static files fingerprinted, cacheable and compressed, and the header's contrast. Screenshots: target/screenshots/daily-*.png.
 */
@PlatformTest
class DailyUseBrowserTest {

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

    long id(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void signIn(String username) {
        session.signIn(base(), username);
    }

    void shoot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("daily-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    boolean overflowsSideways() {
        return Boolean.TRUE.equals(js("return document.documentElement.scrollWidth > window.innerWidth + 1;"));
    }

    /**
     * The picker's lines as drawn: each line's parent is a line drawn before it and less indented, and a line's
     * parent is its true parent in org's tree (the nearest shown unit on its path).
     */
    @SuppressWarnings("unchecked")
    void assertTrueTree(String pickerId) {
        List<Map<String, Object>> lines = (List<Map<String, Object>>) js("""
                return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ts-unit-choice')).map(li => ({
                  id: li.dataset.id, parent: li.dataset.parent || null, indent: parseFloat(getComputedStyle(li).paddingLeft)}));""", pickerId);
        assertThat(lines).as("the picker " + pickerId + " has lines").isNotEmpty();
        Map<String, Double> indent = new java.util.HashMap<>();
        for (Map<String, Object> l : lines) {
            String parent = (String) l.get("parent");
            double in = ((Number) l.get("indent")).doubleValue();
            if (parent != null) {
                assertThat(indent).as("unit " + l.get("id") + " is drawn after its parent " + parent).containsKey(parent);
                assertThat(in).as("unit " + l.get("id") + " is indented under its parent").isGreaterThan(indent.get(parent));
                String path = jdbc.sql("select path from org_unit where id = ?").param(Long.parseLong((String) l.get("id"))).query(String.class).single();
                assertThat(path).as("unit " + l.get("id") + " is really below " + parent).contains("/" + parent + "/");
            }
            indent.put((String) l.get("id"), in);
        }
    }

    @Test
    void the_cascade_picker_keeps_the_true_tree_after_a_unit_is_given_the_task_and_finds_units_without_diacritics() throws IOException {
        long qk1 = id("select id from org_unit where code = 'QK1'");
        long sd3 = id("select id from org_unit where code = 'SD3'");
        long parent = id("""
                select a.id from programme_assignment a join programme_task t on t.id = a.task_id join programme_plan p on p.id = a.plan_id
                where p.status = 'ISSUED' and a.unit_id = ? and t.secrecy = 0 and t.cancelled_in is null
                  and not exists (select 1 from programme_assignment b where b.task_id = a.task_id and b.unit_id = ?)
                order by a.id desc limit 1""", qk1, sd3);
        long task = id("select task_id from programme_assignment where id = ?", parent);
        String picker = "cascade-unit-" + parent;
        signIn("dieuphoi.qk1");
        driver.get(base() + "/office/programme/tasks/" + task);
        WebElement form = driver.findElement(By.id("cascade-" + parent));
        assertThat(form.findElement(By.cssSelector("button[type=submit]")).getText()).isEqualTo("Giao cho đơn vị cấp dưới");
        assertTrueTree(picker);

        // Typed without diacritics (đ → d): Sư đoàn 3 shows, with QK1 above it; a unit elsewhere is hidden.
        WebElement q = driver.findElement(By.id(picker + "-q"));
        q.sendKeys("su doan 3");
        browser.waiting().until(d -> !d.findElement(By.id(picker + "-status")).getText().isBlank());
        assertThat(driver.findElement(By.id(picker + "-" + sd3)).isDisplayed()).isTrue();
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) js("return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ts-unit-choice')).filter(li => !li.hidden)"
                + ".map(li => li.textContent.replace(/\\s+/g, ' ').trim());", picker);
        assertThat(shown).allMatch(t -> t.contains("Sư đoàn 3") || t.contains("Quân khu 1") || t.contains("QK1"), "only Sư đoàn 3, its own and the units above it");
        shoot("picker-search-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(overflowsSideways()).as("the task page with the picker scrolls sideways at 390 px").isFalse();
        shoot("picker-search-390");
        driver.manage().window().setSize(new Dimension(1366, 900));
        // The resize is applied asynchronously: wait for the wide layout before aiming at a point on the page.
        browser.waiting().until(d -> ((Number) js("return window.innerWidth;")).intValue() > 1000);

        // Keyboard: the radio takes focus and space; the form posts the unit.
        WebElement radio = driver.findElement(By.id(picker + "-" + sd3));
        browser.click(radio);
        browser.click(form.findElement(By.cssSelector("button[type=submit]")));
        browser.waiting().until(d -> d.getCurrentUrl().contains("#assignment-"));
        long child = id("select id from programme_assignment where parent_id = ? and unit_id = ?", parent, sd3);
        assertThat(driver.getCurrentUrl()).contains("#assignment-" + child);

        // Once given the task, Sư đoàn 3 is no longer a choice, but its regiments stay under it, not under another unit.
        assertThat(driver.findElements(By.id(picker + "-" + sd3))).isEmpty();
        assertTrueTree(picker);
        long regiment = id("select id from org_unit where parent_id = ? order by id limit 1", sd3);
        WebElement line = driver.findElement(By.cssSelector("#" + picker + " .ts-unit-choice[data-id='" + regiment + "']"));
        assertThat(line.getDomAttribute("data-parent")).isEqualTo(Long.toString(sd3));
        shoot("picker-after-cascade");
    }

    /** The forms that ask for one unit (an official's unit, a unit's parent) use the same picker, with radios. */
    @Test
    void single_unit_forms_use_the_picker_with_radios() throws IOException {
        long qk1 = id("select id from org_unit where code = 'QK1'");
        signIn("admin");
        for (String[] form : new String[][] {{"/admin/officials/new", "unitId"}, {"/admin/units/new?parentId=" + qk1, "parentId"}}) {
            driver.get(base() + form[0]);
            assertThat(driver.findElements(By.cssSelector("select[name='" + form[1] + "']"))).as(form[0]).isEmpty();
            assertTrueTree(form[1]);
            WebElement q = driver.findElement(By.id(form[1] + "-q"));
            q.sendKeys("quan khu 1");
            WebElement radio = driver.findElement(By.id(form[1] + "-" + qk1));
            assertThat(radio.getDomAttribute("type")).isEqualTo("radio");
            assertThat(radio.isDisplayed()).isTrue();
        }
        // The unit given in the address is the one chosen.
        assertThat(driver.findElement(By.id("parentId-" + qk1)).isSelected()).isTrue();
        shoot("single-unit-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(overflowsSideways()).as("the unit form scrolls sideways at 390 px").isFalse();
        shoot("single-unit-390");
    }

    @Test
    void the_document_recipients_are_the_same_picker_with_checkboxes() throws IOException {
        long qk1 = id("select id from org_unit where code = 'QK1'");
        signIn("soanthao.btl86");
        driver.get(base() + "/office/documents/new");
        assertThat(driver.findElements(By.cssSelector("select#recipientUnitIds"))).isEmpty();
        assertTrueTree("recipientUnitIds");
        WebElement q = driver.findElement(By.id("recipientUnitIds-q"));
        q.sendKeys("quan khu 1");
        WebElement box = driver.findElement(By.id("recipientUnitIds-" + qk1));
        assertThat(box.getDomAttribute("type")).isEqualTo("checkbox");
        assertThat(box.isDisplayed()).isTrue();
        js("arguments[0].scrollIntoView({block: 'center'});", box);
        box.click();
        q.clear();
        q.sendKeys("x");
        q.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
        // A ticked unit stays in view whatever is typed.
        q.sendKeys("bien phong");
        assertThat(box.isDisplayed()).isTrue();
        assertThat(box.isSelected()).isTrue();
        shoot("recipients-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(overflowsSideways()).as("the document form scrolls sideways at 390 px").isFalse();
        shoot("recipients-390");
    }

    @Test
    void the_audit_screen_and_the_zones_speak_vietnamese() throws IOException {
        session.signInThroughTheForm(base(), "admin"); // its own sign-in is among the newest rows of the audit screen
        driver.get(base() + "/office/audit");
        String table = driver.findElement(By.cssSelector("table")).getText();
        assertThat(table).contains("Đăng nhập", "Mạng truyền số liệu quân sự").doesNotContain("0:0:0:0:0:0:0:1");
        @SuppressWarnings("unchecked")
        List<String> zoneCells = (List<String>) js("return Array.from(document.querySelectorAll('tbody tr')).map(tr => tr.children[4].textContent.trim());");
        assertThat(zoneCells).isNotEmpty().noneMatch(z -> z.matches("[a-z-]+"));
        driver.findElement(By.id("action")).sendKeys("đăng nhập");
        driver.findElement(By.id("action")).submit();
        browser.waiting().until(d -> d.getCurrentUrl().contains("action="));
        @SuppressWarnings("unchecked")
        List<String> actions = (List<String>) js("return Array.from(document.querySelectorAll('tbody tr')).map(tr => tr.children[6].getAttribute('title'));");
        assertThat(actions).isNotEmpty().allMatch(a -> a.startsWith("signin"));
        shoot("audit-vi");
        driver.get(base() + "/admin/zones");
        String zones = driver.findElement(By.tagName("main")).getText();
        assertThat(zones).contains("Địa chỉ nội bộ của chính máy chủ").doesNotContain("Loopback", "placeholder range", "Example:");
        shoot("zones-vi");
    }

    /** A plan of this year, issued, with one task given to Sư đoàn 3 (the demo's plans are of past years, their periods locked). */
    long assignmentOfThisYear() {
        Api api = new Api(port);
        int year = java.time.Year.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getValue();
        long btl86 = id("select id from org_unit where code = 'BTL86'");
        long sd3 = id("select id from org_unit where code = 'SD3'");
        var plan = api.post("/api/v1/plans", "dieuphoi.btl86", """
                {"code":"KH-%s","title":"Kế hoạch chuyển đổi số năm %d","year":%d,"kind":"DIGITAL_TRANSFORMATION",
                 "theme":"Dữ liệu số","breakthrough":"Hạ tầng số","ownerUnitId":"%d","reportDueDay":25}"""
                .formatted(java.util.UUID.randomUUID().toString().substring(0, 8), year, year, btl86));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        String planId = plan.json().get("id").asString();
        var group = api.post("/api/v1/plans/" + planId + "/groups", "dieuphoi.btl86", "{\"ordinal\":1,\"title\":\"Hạ tầng số\"}");
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        var task = api.post("/api/v1/plans/" + planId + "/tasks", "dieuphoi.btl86", """
                {"groupId":"%s","code":"1.1","title":"Triển khai chữ ký số chuyên dùng","leadUnitId":"%d","supportUnitIds":[],
                 "expectedResult":"Hoàn thành đúng hạn","dueDate":"%d-12-31","secrecy":"THUONG","indicators":[]}"""
                .formatted(group.json().get("id").asString(), btl86, year));
        assertThat(task.status()).as(task.body()).isEqualTo(201);
        var assigned = api.post("/api/v1/tasks/" + task.json().get("id").asString() + "/assignments", "dieuphoi.btl86", "{\"unitId\":\"" + sd3 + "\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
        var issued = api.post("/api/v1/plans/" + planId + "/issue", "dieuphoi.btl86", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return Long.parseLong(assigned.json().get("id").asString());
    }

    @Test
    void a_percentage_over_100_is_caught_on_the_first_submit_with_the_fields_own_message() throws IOException {
        long assignment = assignmentOfThisYear();
        signIn("baocao.sd3");
        String href = "/office/programme/assignments/" + assignment + "/reports/" + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
        driver.get(base() + href);
        if (driver.findElements(By.id("percentComplete")).isEmpty()) {
            throw new AssertionError("no report form open for assignment " + assignment + " at " + href + ": " + driver.findElement(By.tagName("main")).getText());
        }
        WebElement pct = driver.findElement(By.id("percentComplete"));
        pct.clear();
        pct.sendKeys("150");
        // The button submits its form as a click does (constraint validation, then the submit event); a click at a
        // point could land on whatever a 1366 px page briefly lays over it while it scrolls.
        js("arguments[0].form.requestSubmit(arguments[0]);", driver.findElement(By.id("report-submit")));
        browser.waiting().until(d -> !d.findElements(By.id("percentComplete-error")).isEmpty()
                || Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !document.getElementById('percentComplete').checkValidity();")));
        String message = driver.findElements(By.id("percentComplete-error")).isEmpty()
                ? (String) js("return document.getElementById('percentComplete').validationMessage;")
                : driver.findElement(By.id("percentComplete-error")).getText();
        assertThat(message).contains("Tỷ lệ hoàn thành phải từ 0 đến 100");
        shoot("report-percent");
    }

    @Test
    void static_files_are_fingerprinted_cacheable_and_compressed_and_a_second_visit_reuses_them() throws Exception {
        signIn("chihuy.btl86");
        driver.get(base() + "/office");
        String html = driver.getPageSource();
        String links = String.join("\n", Pattern.compile("<(?:link|script)[^>]*>").matcher(html).results().map(m -> m.group()).toList());
        Matcher css = Pattern.compile("href=\"(/webjars/bootstrap/[^\"]*bootstrap\\.min-[0-9a-f]{32}\\.css)\"").matcher(html);
        assertThat(css.find()).as("bootstrap's CSS under a fingerprinted URL: " + links).isTrue();
        Matcher js = Pattern.compile("src=\"(/webjars/htmx\\.org/[^\"]*htmx\\.min-[0-9a-f]{32}\\.js)\"").matcher(html);
        assertThat(js.find()).as("htmx under a fingerprinted URL: " + links).isTrue();
        assertThat(html).as("our own style sheet too").containsPattern("/css/truongson-[0-9a-f]{32}\\.css");
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(css.group(1), js.group(1))) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).contains("max-age=31536000").contains("public").doesNotContain("no-store");
        }
        // The page itself is compressed too, and never cached.
        HttpResponse<byte[]> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(login.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(login.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        // A second visit: every script and style sheet from the cache (nothing transferred).
        driver.get(base() + "/office/units");
        driver.get(base() + "/office");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) js(
                "return performance.getEntriesByType('resource').filter(e => /\\.(css|js)$/.test(new URL(e.name).pathname))"
                        + ".map(e => ({name: e.name, transfer: e.transferSize}));");
        assertThat(entries).isNotEmpty();
        long transferred = entries.stream().mapToLong(e -> ((Number) e.get("transfer")).longValue()).sum();
        assertThat(transferred).as("bytes of CSS and JS transferred on a second visit: " + entries).isZero();
    }

    int tile(String id) {
        return Integer.parseInt(driver.findElement(By.cssSelector("#" + id + " .fs-3")).getText().replace("+", ""));
    }

    @Test
    void my_work_counts_link_to_the_work_and_every_menu_item_has_its_tile() throws IOException {
        signIn("xuly.qk1");
        driver.get(base() + "/office");
        int toHandle = tile("work-to-handle");
        WebElement handle = driver.findElement(By.id("work-to-handle"));
        assertThat(handle.getText()).contains("Văn bản cần xử lý");
        assertThat(driver.findElements(By.id("home-documents"))).as("a document handler has the Văn bản tile").hasSize(1);
        assertThat(driver.findElements(By.id("work-to-sign"))).as("no signing count for a handler").isEmpty();
        shoot("home-handler-1366");
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base() + "/office");
        assertThat(overflowsSideways()).as("the home page scrolls sideways at 390 px").isFalse();
        shoot("home-handler-390");
        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.get(base() + "/office");
        driver.findElement(By.id("work-to-handle")).click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("box=work"));
        assertThat(driver.findElements(By.cssSelector("#work-list tbody tr"))).as("the count is the list it links to").hasSize(toHandle);

        signIn("vanthu.btl86");
        assertThat(driver.findElements(By.id("home-documents"))).as("a clerk has the Văn bản tile").hasSize(1);
        assertThat(driver.findElement(By.id("work-to-receive")).getText()).contains("Văn bản đến chờ tiếp nhận");
        assertThat(driver.findElement(By.id("work-notifications")).getDomAttribute("href")).isEqualTo("/office/notifications?unread=true");

        signIn("motcua.bdbp");
        assertThat(driver.findElements(By.id("home-one-stop"))).as("a one-stop officer has the Một cửa tile").hasSize(1);
        int dossiers = tile("work-dossiers");
        assertThat(dossiers).isGreaterThanOrEqualTo(0);
        assertThat(driver.findElement(By.id("work-dossiers")).getDomAttribute("href")).isEqualTo("/office/one-stop");
        shoot("home-one-stop");

        signIn("baocao.sd3");
        assertThat(driver.findElement(By.id("work-reports")).getText()).contains("Báo cáo tháng này chưa gửi");
        assertThat(driver.findElements(By.id("home-documents"))).isEmpty();
    }

    @Test
    void the_header_links_stand_out_at_least_4_5_to_1() {
        signIn("admin");
        driver.get(base() + "/office");
        @SuppressWarnings("unchecked")
        List<String> colours = (List<String>) js("return Array.from(document.querySelectorAll('#ts-nav .nav-link')).map(a => getComputedStyle(a).color);");
        assertThat(colours).isNotEmpty();
        // Against the header's lighter end (--ts-green-2, #3d5e36), the harder case.
        double[] bg = {0x3d, 0x5e, 0x36};
        for (String c : colours) {
            Matcher m = Pattern.compile("rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?\\)").matcher(c);
            assertThat(m.find()).as(c).isTrue();
            double alpha = m.group(4) == null ? 1 : Double.parseDouble(m.group(4));
            double[] fg = new double[3];
            for (int i = 0; i < 3; i++) fg[i] = alpha * Double.parseDouble(m.group(i + 1)) + (1 - alpha) * bg[i];
            double ratio = (luminance(fg) + 0.05) / (luminance(bg) + 0.05);
            assertThat(ratio).as("contrast of " + c).isGreaterThanOrEqualTo(4.5);
        }
    }

    static double luminance(double[] rgb) {
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = rgb[i] / 255;
            l[i] = s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }
}
