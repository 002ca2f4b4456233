package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.truongson.programme.ProgrammeBadInputTest.badField;
import static vn.truongson.programme.ProgrammeBadInputTest.conflict;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * Amendments (sửa đổi, bổ sung) of an issued 2028 plan: versioned, audited, all or nothing; and a period compiles
 * against the version in force on its cut-off's last day. The plan, issued on 05/01/2028:
 * <pre>
 * 1.1 lead QK1 due 30/06 CT1 SUM target 100   assigned QK1
 * 1.2 lead BTL86 due 29/02                   assigned BTLBP
 * 1.3 lead QK3 due 31/12                     assigned QK3
 * Amendment 01/QĐ-BTL86 decided 20/03/2028 (version 2): 1.2 due → 30/09, CT1 of 1.1 → 80, 1.3 cancelled, 1.4 added (assigned SD3).
 * 03/2028 (cut-off to 14/03): version 1 — 1.1, 1.2 (overdue), 1.3; target 100.
 * 04/2028 (cut-off to 14/04): version 2 — 1.1, 1.2 (not overdue), 1.4; target 80.
 * </pre>
 */
@ProgrammeTest
class AmendmentTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;

    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Built(String plan, String group, String t1, String t2, String t3, String a1, String a3) {}

    Built build() {
        String plan = p.plan(2028, "BTL86", 20);
        String g = p.group(plan, 1, "Hạ tầng số");
        String t1 = p.task(plan, g, "1.1", "QK1", "2028-06-30", Programme.indicator("CT1", "SUM", "100", true));
        String t2 = p.task(plan, g, "1.2", "BTL86", "2028-02-29", "");
        String t3 = p.task(plan, g, "1.3", "QK3", "2028-12-31", "");
        String a1 = p.assign(t1, "QK1");
        p.assign(t2, "BTLBP");
        String a3 = p.assign(t3, "QK3");
        clock.set("2028-01-05T09:00:00+07:00");
        try {
            p.issue(plan);
        } finally {
            clock.reset();
        }
        return new Built(plan, g, t1, t2, t3, a1, a3);
    }

    Api.Response amend(String at, String user, String plan, String body) {
        clock.set(at);
        try {
            return p.api.post("/api/v1/plans/" + plan + "/amendments", user, body);
        } finally {
            clock.reset();
        }
    }

    String first(Built b) {
        return """
                {"number":"01/QĐ-BTL86","reason":"Điều chỉnh theo chỉ đạo của Thủ trưởng Bộ","decidedOn":"2028-03-20",
                 "changeTasks":[{"taskId":"%s","dueDate":"2028-09-30"},{"taskId":"%s","targets":{"CT1":80}}],
                 "cancelTasks":["%s"],
                 "addTasks":[{"groupId":"%s","code":"1.4","title":"Triển khai cổng kết nối an toàn","leadUnitId":"%s","dueDate":"2028-11-30"}]}"""
                .formatted(b.t2(), b.t1(), b.t3(), b.group(), p.unit("QK1"));
    }

    JsonNode task(JsonNode c, String taskId) {
        for (JsonNode t : c.get("tasks")) if (t.get("taskId").asString().equals(taskId)) return t;
        return null;
    }

    @Test
    void an_amendment_makes_a_version_and_each_period_compiles_against_the_version_in_force() throws Exception {
        Built b = build();
        // Issued: tasks still cannot be added directly.
        var direct = p.api.post("/api/v1/plans/" + b.plan() + "/tasks", Programme.COORDINATOR, """
                {"groupId":"%s","code":"9.9","title":"x","leadUnitId":"%s","dueDate":"2028-05-01"}""".formatted(b.group(), p.unit("QK1")));
        conflict(direct);
        p.report("2028-03-10T09:00:00+07:00", "baocao.qk1", b.a1(), "2028-03", "IN_PROGRESS", 30, "\"CT1\":30", false, "");

        long audits = jdbc.sql("select count(*) from audit_event where action = 'programme.plan.amend'").query(Long.class).single();
        var r = amend("2028-03-25T10:00:00+07:00", Programme.COORDINATOR, b.plan(), first(b));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("version").asInt()).isEqualTo(2);
        List<String> kinds = new ArrayList<>();
        for (JsonNode c : r.json().get("changes")) kinds.add(c.get("kind").asString() + " " + c.get("taskCode").asString());
        assertThat(kinds).containsExactly("ADD_TASK 1.4", "DUE_DATE 1.2", "TARGET 1.1", "CANCEL_TASK 1.3");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'programme.plan.amend'").query(Long.class).single()).isEqualTo(audits + 1);
        String t4 = null;
        for (JsonNode c : r.json().get("changes")) if (c.get("kind").asString().equals("ADD_TASK")) t4 = c.get("taskId").asString();
        String a4 = p.assign(t4, "SD3");

        // March: version 1 (the amendment was decided after 14/03).
        JsonNode march = p.compilation(Programme.COORDINATOR, b.plan(), "2028-03", null);
        assertThat(march.get("planVersion").asInt()).isEqualTo(1);
        assertThat(march.get("expectedReports").asLong()).isEqualTo(3);
        assertThat(task(march, b.t3())).isNotNull();
        assertThat(task(march, t4)).isNull();
        assertThat(task(march, b.t2()).get("overdue").asBoolean()).isTrue();
        assertThat(march.get("indicators").get(0).get("target").asDouble()).isEqualTo(100);
        assertThat(march.get("indicators").get(0).get("achievement").asDouble()).isEqualTo(0.3);

        // April: version 2 — 1.3 cancelled, 1.4 added, 1.2 due in September, CT1's target 80.
        JsonNode april = p.compilation(Programme.COORDINATOR, b.plan(), "2028-04", null);
        assertThat(april.get("planVersion").asInt()).isEqualTo(2);
        assertThat(april.get("expectedReports").asLong()).isEqualTo(3);
        assertThat(task(april, b.t3())).isNull();
        assertThat(task(april, t4)).isNotNull();
        assertThat(task(april, b.t2()).get("overdue").asBoolean()).isFalse();
        assertThat(april.get("indicators").get(0).get("target").asDouble()).isEqualTo(80);
        assertThat(april.get("indicators").get(0).get("achievement").asDouble()).isEqualTo(30.0 / 80);
        for (JsonNode m : april.get("missing")) assertThat(m.get("assignmentId").asString()).isNotEqualTo(b.a3());

        // The cancelled task: March (version 1 in force) is still reported, April is refused; no new assignment.
        assertThat(p.reportAt("2028-03-26T09:00:00+07:00", "qk3.02", b.a3(), "2028-03", Programme.body("IN_PROGRESS", 10, "", false, ""))
                .status()).isEqualTo(200);
        conflict(p.reportAt("2028-04-10T09:00:00+07:00", "qk3.02", b.a3(), "2028-04", Programme.body("IN_PROGRESS", 20, "", false, "")));
        conflict(p.api.post("/api/v1/tasks/" + b.t3() + "/assignments", Programme.COORDINATOR, "{\"unitId\":\"%s\"}".formatted(p.unit("QK5"))));
        assertThat(p.report("2028-04-10T09:00:00+07:00", "baocao.sd3", a4, "2028-04", "IN_PROGRESS", 10, "", false, "")).isTrue();

        // The amendments, for a reader of the plan; the plan page shows the versions and what changed.
        var list = p.api.get("/api/v1/plans/" + b.plan() + "/amendments", "chihuy.qk1");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0).get("number").asString()).isEqualTo("01/QĐ-BTL86");
        assertThat(list.json().get(0).get("decidedOn").asString()).isEqualTo("2028-03-20");
        assertThat(list.json().get(0).get("changes").size()).isEqualTo(4);
        String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/office/programme/plans/" + b.plan())
                .with(vn.truongson.support.Principals.as(jdbc, Programme.COORDINATOR))).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("id=\"plan-versions\"", "Phiên bản 2: văn bản sửa đổi, bổ sung số 01/QĐ-BTL86 ngày 20/03/2028",
                "Điều chỉnh theo chỉ đạo của Thủ trưởng Bộ", "Nhiệm vụ 1.2: thời hạn 29/02/2028 → 30/09/2028", "Nhiệm vụ 1.1, chỉ tiêu CT1: 100 → 80",
                "Hủy bỏ nhiệm vụ 1.3", "Bổ sung nhiệm vụ 1.4: Triển khai cổng kết nối an toàn", "Đã hủy bỏ (phiên bản 2)", "Bổ sung (phiên bản 2)");

        // A second amendment makes version 3, and may not be dated before the first.
        badField(amend("2028-05-02T10:00:00+07:00", Programme.COORDINATOR, b.plan(), """
                {"number":"02/QĐ-BTL86","reason":"Lùi thời hạn","decidedOn":"2028-03-19","changeTasks":[{"taskId":"%s","dueDate":"2028-10-31"}]}"""
                .formatted(b.t1())), "decidedOn");
        var second = amend("2028-05-02T10:00:00+07:00", Programme.COORDINATOR, b.plan(), """
                {"number":"02/QĐ-BTL86","reason":"Lùi thời hạn","decidedOn":"2028-05-02","changeTasks":[{"taskId":"%s","dueDate":"2028-10-31"}]}"""
                .formatted(b.t1()));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("version").asInt()).isEqualTo(3);
        // 1.1's due date: 30/06 until version 3; a period compiled under version 2 still says so (not overdue in April either way),
        // and July under version 3 says not overdue where version 2 would have.
        JsonNode july = p.compilation(Programme.COORDINATOR, b.plan(), "2028-07", null);
        assertThat(july.get("planVersion").asInt()).isEqualTo(3);
        assertThat(task(july, b.t1()).get("overdue").asBoolean()).isFalse();
        assertThat(jdbc.sql("select due_date::text from programme_task_state where task_id = ?::bigint order by version")
                .param(b.t1()).query(String.class).list()).containsExactly("2028-06-30", "2028-06-30", "2028-10-31");
    }

    @Test
    void bad_amendments_are_refused_naming_the_field_and_change_nothing() {
        Built b = build();
        String plan = b.plan();
        String at = "2028-03-25T10:00:00+07:00";
        String qk1 = p.unit("QK1");
        String ok = "{\"taskId\":\"%s\",\"dueDate\":\"2028-09-30\"}".formatted(b.t2());
        long before = count("programme_amendment"), tasks = count("programme_task"), states = count("programme_task_state");

        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[" + ok + "]}"), "number");
        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[" + ok + "]}"), "reason");
        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"20/03/2028\",\"changeTasks\":[" + ok + "]}"),
                "decidedOn");
        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-01-04\",\"changeTasks\":[" + ok + "]}"),
                "decidedOn");
        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-26\",\"changeTasks\":[" + ok + "]}"),
                "decidedOn");
        badField(amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\"}"), "changeTasks");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[{\"taskId\":\"999999999\",\"dueDate\":\"2028-09-30\"}]}"),
                "changeTasks[0].taskId");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[{\"taskId\":\"abc\"}]}"), "changeTasks[0].taskId");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[{\"taskId\":\"%s\",\"dueDate\":\"2029-01-31\"}]}".formatted(b.t2())),
                "changeTasks[0].dueDate");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[{\"taskId\":\"%s\",\"leadUnitId\":\"999999999\"}]}".formatted(b.t2())),
                "changeTasks[0].leadUnitId");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[{\"taskId\":\"%s\",\"targets\":{\"CT9\":5}}]}".formatted(b.t1())),
                "changeTasks[0].targets.CT9");
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[" + ok + "],\"cancelTasks\":[\"%s\"]}".formatted(b.t2())),
                "cancelTasks[0]");
        // A valid change with a bad added task: nothing of it is written.
        badField(amend(at, Programme.COORDINATOR, plan, """
                {"number":"01","reason":"x","decidedOn":"2028-03-20","changeTasks":[%s],
                 "addTasks":[{"groupId":"%s","code":"1.1","title":"Trùng mã","leadUnitId":"%s","dueDate":"2028-11-30"}]}""".formatted(ok, b.group(), qk1)),
                "addTasks[0].code");
        assertThat(count("programme_amendment")).isEqualTo(before);
        assertThat(count("programme_task")).isEqualTo(tasks);
        assertThat(count("programme_task_state")).isEqualTo(states);
        assertThat(jdbc.sql("select due_date::text from programme_task where id = ?::bigint").param(b.t2()).query(String.class).single())
                .isEqualTo("2028-02-29");
        assertThat(jdbc.sql("select version from programme_plan where id = ?::bigint").param(plan).query(Integer.class).single()).isEqualTo(1);

        // The number is taken once used.
        var r = amend(at, Programme.COORDINATOR, plan, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"changeTasks\":[" + ok + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        badField(amend(at, Programme.COORDINATOR, plan,
                "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-21\",\"cancelTasks\":[\"%s\"]}".formatted(b.t3())), "number");

        // Access: a coordinator of another unit may not amend (403); a draft plan is edited, not amended (409).
        var other = amend(at, "dieuphoi.qk1", plan, "{\"number\":\"09\",\"reason\":\"x\",\"decidedOn\":\"2028-03-21\",\"cancelTasks\":[\"%s\"]}".formatted(b.t3()));
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        String draft = p.plan(2028, "BTL86", 20);
        conflict(amend(at, Programme.COORDINATOR, draft, "{\"number\":\"01\",\"reason\":\"x\",\"decidedOn\":\"2028-03-20\",\"cancelTasks\":[\"1\"]}"));
    }

    @Test
    void a_coordinator_amends_from_the_plan_page() throws Exception {
        Built b = build();
        clock.set("2028-03-25T10:00:00+07:00");
        try {
            String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/office/programme/plans/" + b.plan())
                    .with(vn.truongson.support.Principals.as(jdbc, Programme.COORDINATOR))).andReturn().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(page).contains("id=\"amendment-form\"", "value=\"25/03/2028\"");
            // A reader who does not coordinate the owner unit sees no form.
            assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/office/programme/plans/" + b.plan())
                    .with(vn.truongson.support.Principals.as(jdbc, "chihuy.qk1"))).andReturn().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("id=\"amendment-form\"");

            long before = count("programme_amendment");
            // Bad: no number, and a due date that does not exist: the form again, each field named, nothing written.
            var bad = mvc.perform(form(b.plan(), "", "20/03/2028", "Điều chỉnh", b.t2(), "CHANGE", "31/02/2028", b.t3(), "CANCEL", ""))
                    .andReturn().getResponse();
            assertThat(bad.getStatus()).isEqualTo(400);
            String badPage = bad.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(badPage).contains("id=\"amendment-errors\"", "id=\"row-0-due\"");
            assertThat(badPage).containsPattern("class=\"[^\"]*is-invalid\" name=\"changeDue\" id=\"row-0-due\"");
            // A service refusal lands on its row: cancelling the same task twice names the second row.
            var twice = mvc.perform(form(b.plan(), "02/QĐ", "20/03/2028", "Điều chỉnh", b.t3(), "CANCEL", "", b.t3(), "CANCEL", ""))
                    .andReturn().getResponse();
            assertThat(twice.getStatus()).isEqualTo(400);
            assertThat(twice.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("được nêu hơn một lần");
            assertThat(count("programme_amendment")).isEqualTo(before);

            var ok = mvc.perform(form(b.plan(), "01/QĐ-BTL86", "20/03/2028", "Điều chỉnh theo chỉ đạo", b.t2(), "CHANGE", "30/09/2028", b.t3(), "CANCEL", ""))
                    .andReturn().getResponse();
            assertThat(ok.getStatus()).isEqualTo(302);
            assertThat(count("programme_amendment")).isEqualTo(before + 1);
            assertThat(jdbc.sql("select due_date::text from programme_task where id = ?::bigint").param(b.t2()).query(String.class).single())
                    .isEqualTo("2028-09-30");
            assertThat(jdbc.sql("select cancelled_in from programme_task where id = ?::bigint").param(b.t3()).query(Integer.class).single()).isEqualTo(2);
        } finally {
            clock.reset();
        }
    }

    org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder form(String plan, String number, String decided, String reason,
            String task0, String action0, String due0, String task1, String action1, String due1) {
        return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/office/programme/plans/" + plan + "/amendments")
                .with(vn.truongson.support.Principals.as(jdbc, Programme.COORDINATOR))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("number", number).param("decidedOn", decided).param("reason", reason)
                .param("changeTask", task0, task1, "").param("changeAction", action0, action1, "CHANGE").param("changeDue", due0, due1, "")
                .param("changeLead", "", "", "");
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
