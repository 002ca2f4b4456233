package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * The commanders' dashboard on the demo plan BQP-CDS-2024 at June 2024: every figure it shows is checked against the
 * compilation API for the same scope (the whole plan, each unit row's subtree, each month of the trend), a commander
 * sees only his command, classified tasks only to the cleared, and each drill-down link opens.
 */
@ProgrammeTest
class DashboardTest {

    static final String PERIOD = "2024-06";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private MvcResult send(String path, String user) throws Exception {
        return mvc.perform(get(path).with(Principals.as(jdbc, user)).locale(Locale.forLanguageTag("vi"))).andReturn();
    }

    private String page(String path, String user) throws Exception {
        MvcResult r = send(path, user);
        assertThat(r.getResponse().getStatus()).as(path + " " + r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private JsonNode compilation(String planId, String period, String unitId, String user) throws Exception {
        return Api.json(page("/api/v1/plans/" + planId + "/compilation?period=" + period + (unitId == null ? "" : "&unitId=" + unitId), user));
    }

    private String plan() {
        return jdbc.sql("select id::text from programme_plan where code = 'BQP-CDS-2024'").query(String.class).single();
    }

    private String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    private static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(m.find()).as("#" + id).isTrue();
        return m.group(1).strip();
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", v).replace('.', ',') + "%";
    }

    /** The unit table's rows: id (with "-own" for a unit's own assignments) → expected, on time, late, missing, in page order. */
    private static Map<String, long[]> unitRows(String html, List<String> order) {
        Map<String, long[]> out = new HashMap<>();
        Matcher row = Pattern.compile("<tr id=\"unit-([0-9]+(?:-own)?)\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        while (row.find()) {
            Matcher cell = Pattern.compile("<td class=\"text-end\">([0-9]+)</td>").matcher(row.group(2));
            List<Long> v = new ArrayList<>();
            while (cell.find()) v.add(Long.parseLong(cell.group(1)));
            out.put(row.group(1), new long[] {v.get(0), v.get(1), v.get(2), v.get(3)});
            order.add(row.group(1));
        }
        return out;
    }

    @Test
    void the_ministry_dashboard_shows_what_the_compilation_says() throws Exception {
        String planId = plan();
        String user = "chihuy.bqp";
        String html = page("/office/programme/plans/" + planId + "/dashboard?period=" + PERIOD, user);
        JsonNode c = compilation(planId, PERIOD, null, user);
        long expected = c.get("expectedReports").asLong();
        assertThat(expected).isPositive();
        assertThat(text(html, "figure-completeness")).isEqualTo(percent(c.get("completeness").asDouble() * 100));
        assertThat(text(html, "figure-timeliness")).isEqualTo(percent(c.get("timeliness").asDouble() * 100));

        // Status distribution and overdue count: the compilation's tasks, counted.
        Map<String, Integer> statuses = new HashMap<>();
        int overdue = 0;
        double progress = 0;
        for (JsonNode t : c.get("tasks")) {
            statuses.merge(t.get("status").asString(), 1, Integer::sum);
            if (t.get("overdue").asBoolean()) overdue++;
            progress += t.get("percentComplete").asDouble();
        }
        assertThat(statuses.keySet()).hasSizeGreaterThan(1);
        for (String s : List.of("NOT_STARTED", "IN_PROGRESS", "DONE", "STALLED")) {
            Matcher m = Pattern.compile("id=\"status-" + s + "\">.*?<strong>([0-9]+)</strong>", Pattern.DOTALL).matcher(html);
            assertThat(m.find()).as(s).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(s).isEqualTo(statuses.getOrDefault(s, 0));
        }
        assertThat(text(html, "figure-overdue")).isEqualTo(Integer.toString(overdue));
        assertThat(text(html, "figure-progress")).isEqualTo(percent(progress / c.get("tasks").size()));

        // Units ranked by lateness: each row is the compilation of its subtree, the rows add up to the whole.
        List<String> order = new ArrayList<>();
        Map<String, long[]> rows = unitRows(html, order);
        assertThat(rows).hasSizeGreaterThan(3);
        long sumExpected = 0, sumOnTime = 0, sumReceived = 0;
        double previous = 2;
        for (String id : order) {
            long[] r = rows.get(id);
            sumExpected += r[0];
            sumOnTime += r[1];
            sumReceived += r[1] + r[2];
            double lateness = (double) (r[0] - r[1]) / r[0];
            assertThat(lateness).as("ranked by lateness at " + id).isLessThanOrEqualTo(previous);
            previous = lateness;
            if (id.endsWith("-own")) continue;
            JsonNode sub = compilation(planId, PERIOD, id, user);
            assertThat(r[0]).as("expected of " + id).isEqualTo(sub.get("expectedReports").asLong());
            assertThat(r[1]).as("on time of " + id).isEqualTo(sub.get("onTimeReports").asLong());
            assertThat(r[1] + r[2]).as("received of " + id).isEqualTo(sub.get("receivedReports").asLong());
            assertThat(r[3]).as("missing of " + id).isEqualTo(sub.get("missing").size());
        }
        assertThat(sumExpected).isEqualTo(expected);
        assertThat(sumOnTime).isEqualTo(c.get("onTimeReports").asLong());
        assertThat(sumReceived).isEqualTo(c.get("receivedReports").asLong());

        // The trend: one point per month up to the period, each the month's compilation.
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(data.find()).isTrue();
        JsonNode chart = Api.json(data.group(1));
        assertThat(chart.get("trend").get("labels")).hasSize(6);
        for (int m = 1; m <= 6; m++) {
            JsonNode k = compilation(planId, "2024-0" + m, null, user);
            assertThat(chart.get("trend").get("completeness").get(m - 1).asDouble()).as("completeness 2024-0" + m)
                    .isCloseTo(k.get("completeness").asDouble() * 100, org.assertj.core.data.Offset.offset(0.051));
            assertThat(chart.get("trend").get("timeliness").get(m - 1).asDouble()).as("timeliness 2024-0" + m)
                    .isCloseTo(k.get("timeliness").asDouble() * 100, org.assertj.core.data.Offset.offset(0.051));
        }

        // RAG: a group with an overdue or stalled task is red; the rule is written on the page.
        assertThat(html).contains("id=\"rag-rule\"", "quá hạn hoặc đình trệ");
        Map<String, String> groupOfTask = new HashMap<>();
        jdbc.sql("select t.id::text, g.ordinal::text from programme_task t join programme_task_group g on g.id = t.group_id where t.plan_id = ?::bigint")
                .param(planId).query((rs, n) -> groupOfTask.put(rs.getString(1), rs.getString(2))).list();
        for (JsonNode t : c.get("tasks")) {
            if (!t.get("overdue").asBoolean() && !"STALLED".equals(t.get("status").asString())) continue;
            String group = groupOfTask.get(t.get("taskId").asString());
            Matcher m = Pattern.compile("id=\"rag-group-" + group + "\">.*?data-rag=\"([A-Z]+)\"", Pattern.DOTALL).matcher(html);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).as("group " + group).isEqualTo("RED");
        }
        // Chart.js under its fingerprinted name (static files carry a content hash: chart.umd-<md5>.js).
        assertThat(html).containsPattern("/chart\\.umd-[0-9a-f]{32}\\.js").contains("id=\"chart-status\"", "id=\"chart-trend\"", "id=\"chart-units\"");
    }

    @Test
    void a_commander_sees_his_command_only_and_drills_down_to_a_report() throws Exception {
        String planId = plan();
        String qk1 = unit("QK1");
        // No unit asked: the dashboard opens on his command.
        String html = page("/office/programme/plans/" + planId + "/dashboard?period=" + PERIOD, "chihuy.qk1");
        JsonNode c = compilation(planId, PERIOD, qk1, "chihuy.qk1");
        assertThat(text(html, "figure-completeness")).isEqualTo(percent(c.get("completeness").asDouble() * 100));
        assertThat(html).contains("name=\"unitId\" value=\"" + qk1 + "\"");
        assertThat(html).doesNotContain(">Toàn kế hoạch</a>");

        // The whole plan and another command are refused.
        assertThat(send("/office/programme/plans/" + planId + "/dashboard?period=" + PERIOD + "&unitId=" + unit("BTL86"), "chihuy.qk1")
                .getResponse().getStatus()).isEqualTo(403);

        // Unit → task → report, each link keeping the period and the scope.
        Matcher unitLink = Pattern.compile("href=\"([^\"]*dashboard\\?period=" + PERIOD + "&amp;unitId=[0-9]+)\" class=\"ts-drill-unit\"").matcher(html);
        assertThat(unitLink.find()).as("a unit below Quân khu 1 to drill into").isTrue();
        String unitHref = unitLink.group(1).replace("&amp;", "&");
        String unitPage = page(unitHref, "chihuy.qk1");
        String scope = unitHref.substring(unitHref.indexOf("unitId=") + 7);
        Matcher taskLink = Pattern.compile("href=\"([^\"]*/dashboard/tasks/[0-9]+\\?period=" + PERIOD + "&amp;unitId=" + scope + ")\" class=\"ts-drill-task\"")
                .matcher(unitPage);
        assertThat(taskLink.find()).as("a task of unit " + scope).isTrue();
        String taskPage = page(taskLink.group(1).replace("&amp;", "&"), "chihuy.qk1");
        Matcher reportLink = Pattern.compile("href=\"([^\"]*/dashboard/assignments/[0-9]+\\?period=" + PERIOD + "&amp;unitId=" + scope + ")\" class=\"ts-drill-report\"")
                .matcher(taskPage);
        assertThat(reportLink.find()).as("an assignment in unit " + scope).isTrue();
        String reportPage = page(reportLink.group(1).replace("&amp;", "&"), "chihuy.qk1");
        assertThat(reportPage).contains("id=\"report-title\"");

        // A task drill outside his command: refused.
        String btl86Task = jdbc.sql("""
                select t.id::text from programme_task t join programme_assignment a on a.task_id = t.id
                where t.plan_id = ?::bigint and a.unit_id = ?::bigint and t.secrecy = 0 limit 1""").params(planId, unit("BTL86")).query(String.class).single();
        assertThat(send("/office/programme/plans/" + planId + "/dashboard/tasks/" + btl86Task + "?period=" + PERIOD, "chihuy.qk1")
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void classified_tasks_only_to_the_cleared() throws Exception {
        String planId = plan();
        String secret = jdbc.sql("select id::text from programme_task where plan_id = ?::bigint and secrecy > 0 order by id limit 1")
                .param(planId).query(String.class).single();
        // dieuphoi.btl86 coordinates the plan but is cleared Thường; kehoach.btl86 is cleared Mật.
        String uncleared = page("/office/programme/plans/" + planId + "/dashboard?period=" + PERIOD, "dieuphoi.btl86");
        assertThat(uncleared).doesNotContain("id=\"dash-task-" + secret + "\"");
        assertThat(send("/office/programme/plans/" + planId + "/dashboard/tasks/" + secret + "?period=" + PERIOD, "dieuphoi.btl86")
                .getResponse().getStatus()).isEqualTo(404);
        String cleared = page("/office/programme/plans/" + planId + "/dashboard?period=" + PERIOD, "kehoach.btl86");
        assertThat(cleared).contains("id=\"dash-task-" + secret + "\"");
        assertThat(page("/office/programme/plans/" + planId + "/dashboard/tasks/" + secret + "?period=" + PERIOD, "kehoach.btl86"))
                .contains("id=\"assignment-table\"");
    }

    @Test
    void bad_input_is_refused_naming_the_field() throws Exception {
        String planId = plan();
        String base = "/office/programme/plans/" + planId + "/dashboard";
        for (String q : List.of("?period=2023-06", "?period=2024-13", "?period=tháng-6", "?period=2024-06&unitId=abc", "?period=2024-06&unitId=999999999")) {
            MvcResult r = send(base + q, "chihuy.bqp");
            assertThat(r.getResponse().getStatus()).as(q).isEqualTo(400);
        }
        assertThat(send("/office/programme/plans/999999999/dashboard", "chihuy.bqp").getResponse().getStatus()).isEqualTo(404);
        assertThat(send(base + "/tasks/999999999?period=2024-06", "chihuy.bqp").getResponse().getStatus()).isEqualTo(404);
        // Someone without a reading grant: refused.
        assertThat(send(base + "?period=2024-06", "motcua.cnt").getResponse().getStatus()).isEqualTo(403);
    }
}
