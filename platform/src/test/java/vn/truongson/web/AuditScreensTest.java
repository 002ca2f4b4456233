package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The audit screen and its CSV export, for auditors and administrators. */
@PlatformTest
class AuditScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<Long> rowIds(String html) {
        return Pattern.compile("<tr id=\"audit-(\\d+)\"").matcher(html).results().map(m -> Long.parseLong(m.group(1))).toList();
    }

    private static List<String> badges(String html) {
        return Pattern.compile("class=\"badge ts-outcome [^\"]*\">([^<]+)<").matcher(html).results().map(m -> m.group(1)).toList();
    }

    @Test
    void the_screen_lists_newest_first_and_pages_to_older_rows() throws Exception {
        long total = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        assertThat(total).isGreaterThan(AuditScreens.PAGE);
        MvcResult r = send(get("/office/audit"), "auditor");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = body(r);
        assertThat(html).contains("Nhật ký hệ thống", "Kiểm tra tính toàn vẹn", "Xuất CSV", "Thời điểm", "Người thực hiện");
        List<Long> ids = rowIds(html);
        assertThat(ids).hasSize(AuditScreens.PAGE).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(html).containsPattern("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}</time>");
        assertThat(html).contains("href=\"/office/audit?actor=&amp;action=&amp;from=&amp;to=&amp;outcome=&amp;beforeId=" + ids.getLast() + "\"");

        String older = body(send(get("/office/audit").param("beforeId", Long.toString(ids.getLast())), "auditor"));
        assertThat(rowIds(older)).isNotEmpty().allSatisfy(id -> assertThat(id).isLessThan(ids.getLast()));
        assertThat(older).contains("« Mới nhất");
    }

    @Test
    void filters_by_actor_and_outcome_show_badges_in_vietnamese() throws Exception {
        Api api = new Api(port);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"baocao.btl86\",\"password\":\"SaiMatKhau999\"}").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"baocao.btl86\",\"password\":\"" + Api.DEMO_PASSWORD + "\"}").status()).isEqualTo(200);

        String all = body(send(get("/office/audit").param("actor", "BaoCao.BTL86"), "admin"));
        assertThat(badges(all)).contains("Thành công", "Thất bại");
        String failures = body(send(get("/office/audit").param("actor", "baocao.btl86").param("outcome", "FAILURE"), "admin"));
        assertThat(badges(failures)).isNotEmpty().containsOnly("Thất bại");
        assertThat(failures).contains("account:baocao.btl86").doesNotContain("<td>admin</td>");
        String english = body(send(get("/office/audit").param("actor", "baocao.btl86").param("lang", "en"), "admin"));
        assertThat(badges(english)).contains("Success", "Failure");
    }

    @Test
    void a_bad_date_comes_back_beside_its_field() throws Exception {
        MvcResult r = send(get("/office/audit").param("from", "31/02/2026").param("to", "hôm qua"), "auditor");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        String html = body(r);
        assertThat(html).contains("id=\"from-error\"", "id=\"to-error\"", "Thời điểm phải theo ISO 8601");
        assertThat(rowIds(html)).isEmpty();
        // dd/MM/yyyy, as the screen shows dates, is accepted.
        assertThat(send(get("/office/audit").param("from", "01/01/2026").param("to", "31/12/2099"), "auditor").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void the_integrity_check_gives_its_verdict_in_place_with_htmx_and_after_a_redirect_without() throws Exception {
        long rows = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        MvcResult htmx = send(post("/office/audit/verify").with(csrf()).header("HX-Request", "true"), "auditor");
        assertThat(htmx.getResponse().getStatus()).isEqualTo(200);
        String fragment = body(htmx);
        assertThat(fragment).startsWith("<div id=\"audit-verdict\"").contains("alert-success", "Chuỗi nhật ký toàn vẹn").doesNotContain("<html");
        long checked = Long.parseLong(fragment.replaceAll("(?s).*kiểm tra ([\\d.,]+) bản ghi.*", "$1").replaceAll("\\D", ""));
        assertThat(checked).isGreaterThanOrEqualTo(rows);

        MvcResult plain = send(post("/office/audit/verify").with(csrf()), "auditor");
        assertThat(plain.getResponse().getRedirectedUrl()).isEqualTo("/office/audit");
        assertThat(plain.getFlashMap().get("verdict")).asString().contains("Chuỗi nhật ký toàn vẹn");
    }

    @Test
    void the_csv_export_is_utf8_with_a_bom_keeps_the_filters_and_is_itself_audited() throws Exception {
        MvcResult r = send(get("/office/audit.csv").param("action", "signin").param("outcome", "SUCCESS"), "auditor");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("text/csv");
        assertThat(r.getResponse().getHeader("Content-Disposition")).startsWith("attachment; filename=\"nhat-ky-");
        byte[] bytes = r.getResponse().getContentAsByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("Số,Thời điểm,Người thực hiện,Đơn vị,Vùng mạng,Địa chỉ IP,Hành động,Đối tượng,Kết quả,Chi tiết");
        long expected = jdbc.sql("select count(*) from audit_event where action = 'signin' and outcome = 'SUCCESS'").query(Long.class).single();
        assertThat(lines).hasSize((int) expected + 1);
        assertThat(Arrays.asList(lines).subList(1, lines.length)).allSatisfy(l -> assertThat(l).contains(",signin,").contains(",Thành công,"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'audit.export' and actor = 'auditor' and detail like '%action=signin%'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void csv_cells_that_a_spreadsheet_would_run_are_neutralised() throws Exception {
        var out = new java.io.StringWriter();
        AuditScreens.row(out, "=HYPERLINK(\"x\")", "a,b", "Đơn vị \"86\"", "plain");
        assertThat(out.toString()).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",\"Đơn vị \"\"86\"\"\",plain\r\n");
    }

    @Test
    void only_administrators_and_auditors_open_the_trail() throws Exception {
        assertThat(send(get("/office/audit"), "baocao.sd3").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(get("/office/audit.csv"), "baocao.sd3").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/office/audit/verify").with(csrf()), "baocao.sd3").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(get("/office/audit"), "admin").getResponse().getStatus()).isEqualTo(200);
    }
}
