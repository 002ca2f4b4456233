package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import vn.truongson.files.FileFixtures;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * The reporters' screens and the evidence API: a division reports for November 2026 (due the 28th, locked ten days
 * later) with a PDF attached, bad input changes nothing, and a reporter of another unit is refused.
 */
@ProgrammeTest
class ReportScreensTest {

    static final String REPORTER = "baocao.sd3";
    static final String STRANGER = "baocao.btlbp";
    static final String PERIOD = "2026-11";
    static final String BEFORE_DEADLINE = "2026-11-20T09:30:00+07:00";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @LocalServerPort int port;

    Programme p;
    Api api;
    String planId;
    String taskId;
    String assignmentId;

    /** An issued plan of 2026 (due day 28) with a task of two indicators given to Sư đoàn 3; then the clock stands at 20/11/2026. */
    @BeforeEach
    void setUp() {
        api = new Api(port);
        p = new Programme(api, jdbc, clock);
        // Tokens first: signing in reads the clock for its TOTP code.
        api.token(REPORTER);
        api.token(STRANGER);
        planId = p.plan(2026, "BTL86", 28);
        String group = p.group(planId, 1, "Hạ tầng số và chữ ký số");
        taskId = p.task(planId, group, "1.1", "BTL86", "2026-12-31",
                Programme.indicator("CT1", "AVERAGE", "100", true) + "," + Programme.indicator("CT2", "SUM", "12", true));
        assignmentId = p.assign(taskId, "SD3");
        p.issue(planId);
        clock.set(BEFORE_DEADLINE);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String form() {
        return "/office/programme/assignments/" + assignmentId + "/reports/" + PERIOD;
    }

    private MvcResult send(AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    private String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return body(r);
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static String element(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id).isGreaterThanOrEqualTo(0);
        int end = html.indexOf("</", at);
        return html.substring(html.lastIndexOf('<', at), end);
    }

    private long count(String sql) {
        return jdbc.sql(sql).param(Long.parseLong(assignmentId)).query(Long.class).single();
    }

    private long reports() {
        return count("select count(*) from programme_report_revision where assignment_id = ?");
    }

    private long evidence() {
        return count("select count(*) from programme_report_evidence where assignment_id = ?");
    }

    private MockMultipartHttpServletRequestBuilder report(String percent, String ct1) {
        return multipart(form()).param("status", "IN_PROGRESS").param("percentComplete", percent)
                .param("value.CT1", ct1).param("value.CT2", "")
                .param("obstacles", "Một số cán bộ đầu mối chưa được cấp thiết bị ký số (USB token); đang chờ Ban Cơ yếu cấp bổ sung.")
                .param("bottleneck", "true").param("proposal", "Đề nghị Bộ Tư lệnh 86 điều phối cấp bổ sung 15 thiết bị trong tháng 12/2026.");
    }

    // ---- reporting ---------------------------------------------------------------------------------

    @Test
    void a_reporter_sees_the_assignment_and_sends_a_report_with_an_evidence_pdf_which_is_then_listed() throws Exception {
        String due = page("/office/programme/reports?period=" + PERIOD, REPORTER);
        String row = due.substring(due.indexOf("id=\"due-" + assignmentId + "\""));
        assertThat(row).contains("Nhiệm vụ 1.1", "Sư đoàn 3", "28/11/2026 23:59", "Chưa báo cáo");
        assertThat(due).contains("từ ngày 15/10/2026 đến ngày 14/11/2026");

        String empty = page(form(), REPORTER);
        assertThat(empty).contains("Số liệu tính từ ngày 15/10/2026 đến ngày 14/11/2026", "Hạn gửi: 28/11/2026 23:59", "Khóa sổ: 08/12/2026 23:59",
                "id=\"no-evidence\"", "id=\"no-revisions\"", "Tỷ lệ hoàn thành");

        byte[] pdf = FileFixtures.pdf("Bien ban nghiem thu chu ky so");
        MvcResult sent = send(report("62,5", "80").file(new MockMultipartFile("file", "Biên bản nghiệm thu chữ ký số.pdf", "application/pdf", pdf)),
                REPORTER);
        assertThat(sent.getResponse().getStatus()).as(body(sent)).isEqualTo(302);
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo(form());
        assertThat(sent.getFlashMap().get("notice")).asString().contains("11/2026", "lần 1", "đúng hạn");

        var stored = jdbc.sql("select percent_complete, bottleneck, indicator_values::text, on_time from programme_report where assignment_id = ?")
                .param(Long.parseLong(assignmentId)).query((rs, n) -> rs.getBigDecimal(1).stripTrailingZeros().toPlainString() + " " + rs.getBoolean(2)
                        + " " + rs.getString(3) + " " + rs.getBoolean(4)).single();
        assertThat(stored).isEqualTo("62.5 true {\"CT1\": 80} true");
        String sha = jdbc.sql("select sha256 from programme_report_evidence where assignment_id = ? and original_name = ?")
                .params(Long.parseLong(assignmentId), "Biên bản nghiệm thu chữ ký số.pdf").query(String.class).single();
        assertThat(jdbc.sql("select content_type from files_object where sha256 = ?").param(sha).query(String.class).single()).isEqualTo("application/pdf");

        String after = page(form(), REPORTER);
        String list = after.substring(after.indexOf("id=\"evidence-list\""));
        assertThat(list).contains("Biên bản nghiệm thu chữ ký số.pdf", form() + "/evidence/" + sha, REPORTER);
        assertThat(after).contains("id=\"revision-1\"", "Lần 1", "62,5 %", "Điểm nghẽn", "CT1: 80", "Gửi bản sửa đổi", "value=\"62,5\"");

        MvcResult download = send(get(form() + "/evidence/" + sha), REPORTER);
        assertThat(download.getResponse().getStatus()).isEqualTo(200);
        assertThat(download.getResponse().getContentType()).isEqualTo("application/pdf");
        assertThat(download.getResponse().getHeader("Content-Disposition")).startsWith("attachment").contains("UTF-8''Bi%C3%AAn");
        assertThat(download.getResponse().getContentAsByteArray()).isEqualTo(pdf);

        // More evidence without sending the report again: a text file, by its own form.
        MvcResult more = send(multipart(form() + "/evidence").file(new MockMultipartFile("file", "danh-sach.txt", "text/plain",
                "Danh sách 15 cán bộ chờ cấp thiết bị ký số\n".getBytes(StandardCharsets.UTF_8))), REPORTER);
        assertThat(more.getResponse().getStatus()).isEqualTo(302);
        assertThat(evidence()).isEqualTo(2);
        assertThat(reports()).isEqualTo(1);

        String done = page("/office/programme/reports?period=" + PERIOD, REPORTER);
        assertThat(done.substring(done.indexOf("id=\"due-" + assignmentId + "\""))).contains("Đã báo cáo đúng hạn", "62,5 %");
    }

    @Test
    void bad_input_comes_back_with_the_field_error_and_writes_nothing_not_even_the_file() throws Exception {
        byte[] pdf = FileFixtures.pdf("Bien ban");
        MvcResult over = send(report("150", "80").file(new MockMultipartFile("file", "bien-ban.pdf", "application/pdf", pdf)), REPORTER);
        assertThat(over.getResponse().getStatus()).isEqualTo(400);
        String html = body(over);
        assertThat(element(html, "percentComplete-error")).contains("Tỷ lệ hoàn thành phải từ 0 đến 100");
        assertThat(html).contains("id=\"form-errors\"", "value=\"150\"", "chờ Ban Cơ yếu cấp bổ sung");

        MvcResult word = send(report("abc", "nhiều"), REPORTER);
        assertThat(word.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(word), "percentComplete-error")).contains("Sai kiểu dữ liệu.");
        assertThat(element(body(word), "value-CT1-error")).contains("Sai kiểu dữ liệu.");

        // A valid report with an executable called .pdf: the file is refused, and the report with it.
        MvcResult exe = send(report("40", "50").file(new MockMultipartFile("file", "bao-cao.pdf", "application/pdf", FileFixtures.executable())),
                REPORTER);
        assertThat(exe.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(exe), "file-error")).contains("không thuộc loại được chấp nhận");

        assertThat(reports()).isZero();
        assertThat(evidence()).isZero();
        assertThat(count("select count(*) from programme_report where assignment_id = ?")).isZero();
    }

    @Test
    void a_reporter_of_another_unit_is_refused_the_form_and_the_submission() throws Exception {
        assertThat(send(get(form()), STRANGER).getResponse().getStatus()).isEqualTo(403);
        MvcResult post = send(report("50", "10").file(new MockMultipartFile("file", "x.pdf", "application/pdf", FileFixtures.pdf("x"))), STRANGER);
        assertThat(post.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(post)).contains("Bạn không có quyền truy cập trang này.");
        assertThat(reports()).isZero();
        assertThat(evidence()).isZero();
        assertThat(page("/office/programme/reports?period=" + PERIOD, STRANGER)).doesNotContain("id=\"due-" + assignmentId + "\"");
    }

    @Test
    void after_the_lock_the_form_is_closed_and_a_late_post_is_refused_with_the_reason() throws Exception {
        clock.set("2026-12-09T00:00:01+07:00");
        String html = page(form(), REPORTER);
        assertThat(html).contains("id=\"period-locked\"", "<fieldset disabled=\"disabled\">").doesNotContain("id=\"evidence-form\"");
        MvcResult late = send(report("50", "10"), REPORTER);
        assertThat(late.getResponse().getStatus()).isEqualTo(409);
        assertThat(element(body(late), "problem")).contains("đã khóa sổ");
        assertThat(reports()).isZero();
        String due = page("/office/programme/reports?period=" + PERIOD, REPORTER);
        assertThat(due.substring(due.indexOf("id=\"due-" + assignmentId + "\""))).contains("Không báo cáo", "Đã khóa sổ");
    }

    // ---- the evidence API ----------------------------------------------------------------------------

    private Api.Response upload(String user, String name, byte[] content) {
        String boundary = "----ts" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/assignments/" + assignmentId + "/reports/" + PERIOD + "/evidence"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())), user);
    }

    @Test
    void the_evidence_api_attaches_lists_and_serves_files_under_the_reporting_rules() {
        String text = "Kết quả kiểm tra: 45/60 cán bộ đầu mối đã có chứng thư số.\n";
        Api.Response created = upload(REPORTER, "ket-qua.txt", text.getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode e = created.json();
        assertThat(e.get("name").asString()).isEqualTo("ket-qua.txt");
        assertThat(e.get("contentType").asString()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(e.get("uploadedBy").asString()).isEqualTo(REPORTER);
        assertThat(e.get("uploadedAt").asString()).isEqualTo("2026-11-20T09:30:00+07:00");

        Api.Response list = api.get("/api/v1/assignments/" + assignmentId + "/reports/" + PERIOD + "/evidence", REPORTER);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(1);
        Api.Response file = api.get(e.get("href").asString(), REPORTER);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(text);
        assertThat(file.headers().get("x-content-type-options")).containsExactly("nosniff");
        // The plan's coordinator reads it too; a reporter of another unit may neither read nor attach.
        assertThat(api.get("/api/v1/assignments/" + assignmentId + "/reports/" + PERIOD + "/evidence", Programme.COORDINATOR).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/assignments/" + assignmentId + "/reports/" + PERIOD + "/evidence", STRANGER).status()).isEqualTo(403);
        assertThat(upload(STRANGER, "x.txt", "x".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);

        Api.Response exe = upload(REPORTER, "setup.pdf", FileFixtures.executable());
        assertThat(exe.status()).isEqualTo(400);
        assertThat(exe.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
        Api.Response outside = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/assignments/" + assignmentId + "/reports/2025-11/evidence"))
                .GET(), REPORTER);
        assertThat(outside.status()).isEqualTo(200); // Reading a period with nothing in it is an empty list, not an error.
        assertThat(outside.json().size()).isZero();
        assertThat(evidence()).isEqualTo(1);
    }
}
