package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;

/**
 * Bad input on the programme endpoints: each is a 4xx problem naming the field (or, for a state, a 409), and a
 * rejected request changes nothing.
 */
@ProgrammeTest
class ProgrammeBadInputTest {

    static final String C = Programme.COORDINATOR;
    static final String ON_TIME = "2026-03-18T09:00:00+07:00";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        p = new Programme(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String field(Api.Response r) {
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
        return r.json().get("errors").get(0).get("field").asString();
    }

    static void badField(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(field(r)).as(r.body()).isEqualTo(field);
    }

    static void conflict(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    String planBody(String owner, String year, String dueDay, String kind) {
        return """
                {"code":"%s","title":"Kế hoạch thử","year":%s,"kind":"%s","theme":"","breakthrough":"","ownerUnitId":"%s","reportDueDay":%s}"""
                .formatted(Programme.uniqueCode("BAD"), year, kind, owner, dueDay);
    }

    @Test
    void bad_plans_are_refused_naming_the_field() {
        long plans = count("programme_plan");
        String bqp = p.unit("BQP");
        badField(api.post("/api/v1/plans", C, planBody("999999999", "2026", "20", "OTHER")), "ownerUnitId");
        badField(api.post("/api/v1/plans", C, planBody("abc", "2026", "20", "OTHER")), "ownerUnitId");
        badField(api.post("/api/v1/plans", C, planBody(bqp, "2026", "31", "OTHER")), "reportDueDay");
        badField(api.post("/api/v1/plans", C, planBody(bqp, "2026", "10", "OTHER")), "reportDueDay");
        badField(api.post("/api/v1/plans", C, planBody(bqp, "1999", "20", "OTHER")), "year");
        badField(api.post("/api/v1/plans", C, planBody(bqp, "2026", "20", "PLANET")), "kind");
        badField(api.post("/api/v1/plans", C, "{\"title\":\"x\",\"year\":2026,\"kind\":\"OTHER\",\"ownerUnitId\":\"" + bqp + "\"}"), "code");
        assertThat(count("programme_plan")).isEqualTo(plans);
        // reportDueDay defaults to 20.
        var r = api.post("/api/v1/plans", C, """
                {"code":"%s","title":"Mặc định","year":2026,"kind":"PROJECT_06","ownerUnitId":"%s"}""".formatted(Programme.uniqueCode("DEF"), bqp));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("reportDueDay").asInt()).isEqualTo(20);
        assertThat(r.json().get("status").asString()).isEqualTo("DRAFT");
        // The same code twice.
        String code = Programme.uniqueCode("DUP");
        String body = """
                {"code":"%s","title":"Trùng mã","year":2026,"kind":"OTHER","ownerUnitId":"%s"}""".formatted(code, bqp);
        assertThat(api.post("/api/v1/plans", C, body).status()).isEqualTo(201);
        conflict(api.post("/api/v1/plans", C, body));
    }

    String taskBody(String group, String code, String lead, String support, String indicators) {
        return """
                {"groupId":"%s","code":"%s","title":"Nhiệm vụ","leadUnitId":"%s","supportUnitIds":[%s],"dueDate":"2026-12-31",
                 "secrecy":"THUONG","indicators":[%s]}""".formatted(group, code, lead, support, indicators);
    }

    @Test
    void bad_tasks_are_refused_naming_the_field_and_an_issued_plan_is_frozen() {
        String plan = p.plan(2026, "BQP", 20);
        String g = p.group(plan, 1, "Nhóm");
        String other = p.group(p.plan(2026, "BQP", 20), 1, "Nhóm của kế hoạch khác");
        String qk1 = p.unit("QK1");
        String path = "/api/v1/plans/" + plan + "/tasks";
        long tasks = count("programme_task");
        long indicators = count("programme_indicator");

        badField(api.post(path, C, taskBody(g, "1.1", "999999999", "", "")), "leadUnitId");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "\"" + p.unit("SD3") + "\",\"999999999\"", "")), "supportUnitIds[1]");
        badField(api.post(path, C, taskBody(other, "1.1", qk1, "", "")), "groupId");
        badField(api.post(path, C, taskBody(g, "1 1", qk1, "", "")), "code");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "", Programme.indicator("HT", "MEDIAN", "10", true))), "indicators[0].aggregation");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "",
                Programme.indicator("HT", "SUM", "10", true) + "," + Programme.indicator("HT", "MAX", "5", true))), "indicators[1].code");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "", "{\"code\":\"HT\",\"name\":\"Hạ tầng\",\"aggregation\":\"SUM\"}")),
                "indicators[0].target");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "", "{\"code\":\"HT\",\"name\":\"Hạ tầng\",\"target\":\"nhiều\"}")),
                "indicators[0].target");
        badField(api.post(path, C, taskBody(g, "1.1", qk1, "", "").replace("2026-12-31", "2026-02-30")), "dueDate");
        assertThat(count("programme_task")).isEqualTo(tasks);
        assertThat(count("programme_indicator")).isEqualTo(indicators);

        assertThat(api.post(path, C, taskBody(g, "1.1", qk1, "", Programme.indicator("HT", "SUM", "10", true))).status()).isEqualTo(201);
        conflict(api.post(path, C, taskBody(g, "1.1", qk1, "", "")));
        // Group numbers are unique in a plan.
        conflict(api.post("/api/v1/plans/" + plan + "/groups", C, "{\"ordinal\":1,\"title\":\"Trùng số\"}"));

        p.issue(plan);
        // Issuing freezes the plan: no more tasks or groups, and it cannot be issued twice.
        conflict(api.post(path, C, taskBody(g, "1.2", qk1, "", "")));
        conflict(api.post("/api/v1/plans/" + plan + "/groups", C, "{\"ordinal\":2,\"title\":\"Nhóm mới\"}"));
        conflict(api.post("/api/v1/plans/" + plan + "/issue", C, ""));
        assertThat(count("programme_task")).isEqualTo(tasks + 1);
    }

    @Test
    void bad_assignments_and_cascades_are_refused() {
        String plan = p.plan(2026, "BQP", 20);
        String t = p.task(plan, p.group(plan, 1, "Nhóm"), "1.1", "QK1", "2026-12-31", "");
        long assignments = count("programme_assignment");
        badField(api.post("/api/v1/tasks/" + t + "/assignments", C, "{\"unitId\":\"999999999\"}"), "unitId");
        badField(api.post("/api/v1/tasks/" + t + "/assignments", C, "{\"unitId\":\"x\"}"), "unitId");
        badField(api.post("/api/v1/tasks/" + t + "/assignments", C, "{}"), "unitId");
        String a = p.assign(t, "QK1");
        conflict(api.post("/api/v1/tasks/" + t + "/assignments", C, "{\"unitId\":\"" + p.unit("QK1") + "\"}"));
        // Cascading goes strictly down: not sideways, not to itself, not up.
        badField(api.post("/api/v1/assignments/" + a + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"" + p.unit("QK3") + "\"}"), "unitId");
        badField(api.post("/api/v1/assignments/" + a + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"" + p.unit("QK1") + "\"}"), "unitId");
        badField(api.post("/api/v1/assignments/" + a + "/cascade", C, "{\"unitId\":\"" + p.unit("BQP") + "\"}"), "unitId");
        badField(api.post("/api/v1/assignments/" + a + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"999999999\"}"), "unitId");
        assertThat(count("programme_assignment")).isEqualTo(assignments + 1);
        // Two levels down is below too.
        String sd3 = p.cascade("dieuphoi.qk1", a, "SD3");
        p.cascade("dieuphoi.qk1", sd3, "TD2");
        conflict(api.post("/api/v1/assignments/" + a + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"" + p.unit("TD2") + "\"}"));
        assertThat(api.post("/api/v1/assignments/999999999/cascade", C, "{\"unitId\":\"" + p.unit("TD2") + "\"}").status()).isEqualTo(404);
    }

    @Test
    void bad_reports_are_refused_and_change_nothing() {
        String plan = p.plan(2026, "BQP", 20);
        String t = p.task(plan, p.group(plan, 1, "Nhóm"), "1.1", "QK1", "2026-12-31", Programme.indicator("HT", "SUM", "10", true));
        String a = p.assign(t, "QK1");
        String url = "/api/v1/assignments/" + a + "/reports/";
        String good = Programme.body("IN_PROGRESS", 40, "\"HT\":4", false, "");

        // On a draft plan: 409.
        clock.set(ON_TIME);
        conflict(api.put(url + "2026-03", "baocao.qk1", good));
        clock.reset();
        assertThat(p.revisions(a)).isZero();

        p.issue(plan);
        clock.set(ON_TIME);
        assertThat(api.put(url + "2026-03", "baocao.qk1", good).status()).isEqualTo(200);
        long revisions = p.revisions(a);
        String before = report(a);

        List<String> malformed = List.of("2026-3", "2026-13", "2026-00", "mar-2026", "2026-03-01", "2026-3-1");
        for (String period : malformed) badField(api.put(url + period, "baocao.qk1", good), "period");
        // Outside the plan's year.
        badField(api.put(url + "2025-12", "baocao.qk1", good), "period");
        badField(api.put(url + "2027-01", "baocao.qk1", good), "period");
        // Percentages outside 0–100.
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("IN_PROGRESS", 101, "", false, "")), "percentComplete");
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("IN_PROGRESS", -1, "", false, "")), "percentComplete");
        badField(api.put(url + "2026-03", "baocao.qk1", "{\"status\":\"IN_PROGRESS\"}"), "percentComplete");
        badField(api.put(url + "2026-03", "baocao.qk1", "{\"percentComplete\":10}"), "status");
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("FINISHED", 10, "", false, "")), "status");
        // Unknown indicators, and values that are not numbers.
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("IN_PROGRESS", 10, "\"XYZ\":1", false, "")), "indicatorValues.XYZ");
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("IN_PROGRESS", 10, "\"HT\":\"nhiều\"", false, "")), "indicatorValues.HT");
        badField(api.put(url + "2026-03", "baocao.qk1", Programme.body("IN_PROGRESS", 10, "", false, "x".repeat(4001))), "obstacles");
        // Someone without a grant on the assignment's unit: 403, whatever the body.
        var stranger = api.put(url + "2026-03", "baocao.sd3", good);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(api.put(url + "2026-13", "baocao.sd3", good).status()).isEqualTo(403);
        // No such assignment: 404.
        assertThat(api.put("/api/v1/assignments/999999999/reports/2026-03", "baocao.qk1", good).status()).isEqualTo(404);
        clock.reset();

        // After the lock (deadline 20/03 + 10 days): 409, for a revision and for a first report alike.
        clock.set("2026-03-31T00:00:00+07:00");
        conflict(api.put(url + "2026-03", "baocao.qk1", good));
        conflict(api.put(url + "2026-02", "baocao.qk1", good));
        clock.reset();

        assertThat(p.revisions(a)).isEqualTo(revisions);
        assertThat(report(a)).isEqualTo(before);
        // Problems speak English when asked.
        var en = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + url + "2026-13"))
                .header("Content-Type", "application/json").header("Accept-Language", "en")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(good)), "baocao.qk1");
        assertThat(en.json().get("errors").get(0).get("message").asString()).contains("yyyy-MM");
    }

    String report(String assignmentId) {
        return jdbc.sql("select revision || ' ' || percent_complete || ' ' || indicator_values::text from programme_report where assignment_id = ?")
                .param(Long.parseLong(assignmentId)).query(String.class).list().toString();
    }

    @Test
    void bad_compilation_queries_are_refused_naming_the_parameter() {
        String plan = p.plan(2026, "BQP", 20);
        String q = "/api/v1/plans/" + plan + "/compilation";
        badField(api.get(q, C), "period");
        badField(api.get(q + "?period=2026-3", C), "period");
        badField(api.get(q + "?period=2025-12", C), "period");
        badField(api.get(q + "?period=2026-03&unitId=999999999", C), "unitId");
        badField(api.get(q + "?period=2026-03&unitId=abc", C), "unitId");
        assertThat(api.get("/api/v1/plans/999999999/compilation?period=2026-03", C).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/plans/abc", C).status()).isEqualTo(404);
        badField(api.get("/api/v1/plans?year=abc", C), "year");
    }
}
