package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/** Builds plans through the API, as the demo accounts would, for the programme tests. */
final class Programme {

    static final String COORDINATOR = "dieuphoi.btl86";

    final Api api;
    final JdbcClient jdbc;
    final TestClock clock;

    Programme(Api api, JdbcClient jdbc, TestClock clock) {
        this.api = api;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    static String uniqueCode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String plan(int year, String ownerCode, int dueDay) {
        return plan(COORDINATOR, year, ownerCode, dueDay);
    }

    String plan(String user, int year, String ownerCode, int dueDay) {
        var r = api.post("/api/v1/plans", user, """
                {"code":"%s","title":"Kế hoạch chuyển đổi số năm %d","year":%d,"kind":"DIGITAL_TRANSFORMATION",
                 "theme":"Dữ liệu số","breakthrough":"Hạ tầng số","ownerUnitId":"%s","reportDueDay":%d}"""
                .formatted(uniqueCode("KH"), year, year, unit(ownerCode), dueDay));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("DRAFT");
        return r.json().get("id").asString();
    }

    String group(String planId, int ordinal, String title) {
        var r = api.post("/api/v1/plans/" + planId + "/groups", COORDINATOR, "{\"ordinal\":%d,\"title\":\"%s\"}".formatted(ordinal, title));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A task; {@code indicators} is the JSON array's content. */
    String task(String planId, String groupId, String code, String leadCode, String dueDate, String indicators) {
        return task(COORDINATOR, planId, groupId, code, leadCode, dueDate, "THUONG", indicators);
    }

    String task(String user, String planId, String groupId, String code, String leadCode, String dueDate, String secrecy, String indicators) {
        var r = api.post("/api/v1/plans/" + planId + "/tasks", user, """
                {"groupId":"%s","code":"%s","title":"Nhiệm vụ %s","leadUnitId":"%s","supportUnitIds":[],
                 "expectedResult":"Hoàn thành đúng hạn","dueDate":"%s","secrecy":"%s","indicators":[%s]}"""
                .formatted(groupId, code, code, unit(leadCode), dueDate, secrecy, indicators));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String indicator(String code, String aggregation, String target, boolean higherIsBetter) {
        return """
                {"code":"%s","name":"Chỉ tiêu %s","unit":"%%","target":%s,"aggregation":"%s","higherIsBetter":%s}"""
                .formatted(code, code, target, aggregation, higherIsBetter);
    }

    String assign(String taskId, String unitCode) {
        return assign(COORDINATOR, taskId, unitCode);
    }

    String assign(String user, String taskId, String unitCode) {
        var r = api.post("/api/v1/tasks/" + taskId + "/assignments", user, "{\"unitId\":\"%s\"}".formatted(unit(unitCode)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    String cascade(String user, String assignmentId, String unitCode) {
        var r = api.post("/api/v1/assignments/" + assignmentId + "/cascade", user, "{\"unitId\":\"%s\"}".formatted(unit(unitCode)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("parentId").asString()).isEqualTo(assignmentId);
        return r.json().get("id").asString();
    }

    void issue(String planId) {
        var r = api.post("/api/v1/plans/" + planId + "/issue", COORDINATOR, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ISSUED");
    }

    /** Submits at the given moment (ISO 8601 with offset) and answers the response. */
    Api.Response reportAt(String at, String user, String assignmentId, String period, String body) {
        clock.set(at);
        try {
            return api.put("/api/v1/assignments/" + assignmentId + "/reports/" + period, user, body);
        } finally {
            clock.reset();
        }
    }

    /** Submits and expects it accepted; answers onTime. */
    boolean report(String at, String user, String assignmentId, String period, String status, int percent, String values, boolean bottleneck,
            String obstacles) {
        var r = reportAt(at, user, assignmentId, period, body(status, percent, values, bottleneck, obstacles));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("onTime").asBoolean();
    }

    static String body(String status, int percent, String values, boolean bottleneck, String obstacles) {
        return """
                {"status":"%s","percentComplete":%d,"indicatorValues":{%s},"obstacles":"%s","bottleneck":%s,"proposal":"Đề nghị hỗ trợ"}"""
                .formatted(status, percent, values, obstacles, bottleneck);
    }

    JsonNode compilation(String user, String planId, String period, String unitCode) {
        var r = api.get("/api/v1/plans/" + planId + "/compilation?period=" + period + (unitCode == null ? "" : "&unitId=" + unit(unitCode)), user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    long revisions(String assignmentId) {
        return jdbc.sql("select count(*) from programme_report_revision where assignment_id = ?").param(Long.parseLong(assignmentId))
                .query(Long.class).single();
    }
}
