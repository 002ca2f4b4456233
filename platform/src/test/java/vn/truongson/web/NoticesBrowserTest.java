package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.access.Totp;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.support.Api;
import vn.truongson.support.BrowserSession;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Issue 13, item 5: a document sent to Quân khu 1 tells its clerk, and a task cascaded to Sư đoàn 3 tells its reporter,
 * in the application (the bell, the list, the link), once: twelve identical requests at once give one notification.
 * Screenshots: target/screenshots/notice-*.png.
 */
@PlatformTest
class NoticesBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;
    @RegisterExtension static final BrowserSession session = new BrowserSession();
    Chromium browser;
    WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        api = new Api(port);
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

    void signIn(String username) {
        session.signIn(base(), username);
    }

    void shoot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve("notice-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Twelve identical requests at once; answers their statuses. */
    List<Integer> twelveAtOnce(Callable<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) all.add(pool.submit(request));
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : all) out.add(f.get());
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** Notifications with this dedupe key prefix, once the listener (after the commit, on its own thread) has run. */
    long noticesEventually(String keyPrefix, long expectedAtLeast) throws InterruptedException {
        long n = 0;
        for (int i = 0; i < 100; i++) {
            n = jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param(keyPrefix + "%").query(Long.class).single();
            if (n >= expectedAtLeast) break;
            Thread.sleep(200);
        }
        Thread.sleep(1000); // late duplicates would show now
        return jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param(keyPrefix + "%").query(Long.class).single();
    }

    static byte[] pdf(String subject) {
        return Decree30.pdf(new Decree30Document("Bộ Quốc phòng", "Bộ Tư lệnh 86", DocumentNumber.notIssued("BTL86-VP"), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", LocalDate.of(2026, 11, 20)), "Công văn", subject,
                List.of(new Decree30Document.Section(null, List.of(new Decree30Document.Paragraph(subject + ". Nội dung.")))),
                new Decree30Document.Signature(List.of("PHÓ TƯ LỆNH"), "Đại tá Nguyễn Văn Phúc"), List.of("Như trên", "Lưu: VT")));
    }

    long issuedDocumentToQk1(String subject) {
        long btl86 = id("select id from org_unit where code = 'BTL86'");
        long qk1 = id("select id from org_unit where code = 'QK1'");
        long signer = id("select official_id from access_account where username = 'ky.btl86'");
        String metadata = """
                {"type":"CV","subject":"%s","secrecy":"THUONG","urgency":"THUONG","issuingUnitId":"%d","signerId":"%d","recipients":[{"unitId":"%d"}]}"""
                .formatted(subject, btl86, signer, qk1);
        String boundary = "----doc" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cong-van.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf(subject));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                "soanthao.btl86");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long doc = Long.parseLong(r.json().get("id").asString());
        // As the issue step leaves it (numbered from the real register), as DocumentFixtures does where signing is not the point.
        int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
        int n = jdbc.sql("""
                insert into document_register (unit_id, year, direction, classified, last_number) values (?, ?, 'OUT', false, 1)
                on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1
                returning last_number""").params(btl86, year).query(Integer.class).single();
        jdbc.sql("update document_document set status = 'ISSUED', number = ?, year = ?, issued_at = now(), signed_at = now() where id = ?")
                .params(n, year, doc).update();
        return doc;
    }

    @Test
    void a_document_sent_to_a_unit_tells_its_clerk_once() throws Exception {
        String subject = "Về việc kiểm tra thông báo văn bản đến " + System.nanoTime();
        long doc = issuedDocumentToQk1(subject);
        long clerk = id("select official_id from access_account where username = 'vanthu.qk1'");
        List<Integer> statuses = twelveAtOnce(() -> api.post("/api/v1/documents/" + doc + "/send", "vanthu.btl86", "{\"channel\":\"MILITARY_NETWORK\"}").status());
        assertThat(statuses).allMatch(s -> s == 200);
        long recipient = id("select id from document_recipient where document_id = ?", doc);
        assertThat(noticesEventually("document.arrived:" + recipient + ":", 1)).as("one notice per copy and clerk").isEqualTo(1);
        var notice = jdbc.sql("select official_id, title, body, link from notify_notification where dedupe_key = ?")
                .param("document.arrived:" + recipient + ":" + clerk).query((rs, i) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single();
        assertThat(notice.get(1)).isEqualTo("Văn bản đến chờ tiếp nhận");
        assertThat(notice.get(2)).contains(subject, "Bộ Tư lệnh 86", "Quân khu 1");
        assertThat(notice.get(3)).isEqualTo("/office/documents/" + doc);
        // The sender's clerk is not told of his own sending.
        long sender = id("select official_id from access_account where username = 'vanthu.btl86'");
        assertThat(jdbc.sql("select count(*) from notify_notification where official_id = ? and dedupe_key like ?").params(sender, "document.arrived:" + recipient + ":%")
                .query(Long.class).single()).isZero();

        signIn("vanthu.qk1");
        assertThat(driver.findElement(By.id("ts-bell-count")).getText()).isNotBlank();
        driver.get(base() + "/office/notifications");
        assertThat(driver.findElement(By.id("notification-list")).getText()).contains("Văn bản đến chờ tiếp nhận", subject);
        shoot("document-arrived");
        long nid = jdbc.sql("select id from notify_notification where dedupe_key = ?").param("document.arrived:" + recipient + ":" + clerk).query(Long.class).single();
        driver.findElement(By.cssSelector("#notification-" + nid + " form button")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/office/documents/" + doc));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isNotBlank();
    }

    @Test
    void a_task_cascaded_to_a_unit_tells_its_reporter_once() throws Exception {
        long qk1 = id("select id from org_unit where code = 'QK1'");
        long sd3 = id("select id from org_unit where code = 'SD3'");
        // An issued plan's Thường task given to QK1, not yet to SD3 (below QK1).
        long parent = id("""
                select a.id from programme_assignment a join programme_task t on t.id = a.task_id join programme_plan p on p.id = a.plan_id
                where p.status = 'ISSUED' and a.unit_id = ? and t.secrecy = 0 and t.cancelled_in is null
                  and not exists (select 1 from programme_assignment b where b.task_id = a.task_id and b.unit_id = ?)
                order by a.id limit 1""", qk1, sd3);
        List<Integer> statuses = twelveAtOnce(() -> api.post("/api/v1/assignments/" + parent + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"" + sd3 + "\"}").status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).allMatch(s -> s == 409);
        long child = id("select a.id from programme_assignment a where a.parent_id = ? and a.unit_id = ?", parent, sd3);
        long reporter = id("select official_id from access_account where username = 'baocao.sd3'");
        long told = noticesEventually("programme.assigned:" + child + ":", 1);
        assertThat(told).as("one notice per reporter of Sư đoàn 3, whoever they are").isEqualTo(jdbc.sql(
                "select count(distinct official_id) from notify_notification where dedupe_key like ?").param("programme.assigned:" + child + ":%")
                .query(Long.class).single());
        assertThat(jdbc.sql("select count(*) from notify_notification where dedupe_key = ?").param("programme.assigned:" + child + ":" + reporter)
                .query(Long.class).single()).isEqualTo(1);
        String code = jdbc.sql("select t.code from programme_task t join programme_assignment a on a.task_id = t.id where a.id = ?").param(child)
                .query(String.class).single();
        var notice = jdbc.sql("select title, body from notify_notification where dedupe_key = ?").param("programme.assigned:" + child + ":" + reporter)
                .query((rs, i) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(notice.get(0)).isEqualTo("Nhiệm vụ mới giao cho đơn vị: " + code);
        assertThat(notice.get(1)).contains("Sư đoàn 3");

        signIn("baocao.sd3");
        driver.get(base() + "/office/notifications");
        assertThat(driver.findElement(By.id("notification-list")).getText()).contains("Nhiệm vụ mới giao cho đơn vị: " + code);
        shoot("task-assigned");
        long nid = jdbc.sql("select id from notify_notification where dedupe_key = ?").param("programme.assigned:" + child + ":" + reporter).query(Long.class).single();
        driver.findElement(By.cssSelector("#notification-" + nid + " form button")).click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("/office/programme/"));
        assertThat(driver.findElements(By.id("error-page"))).as("the link opens a page the reporter may see").isEmpty();
    }
}
