package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Who may do what, decided by the one access policy: coordinators of the owner unit build and assign; a
 * coordinator of an assigned unit cascades; reporters of the assigned unit report; readers see a plan through
 * its owner or the tasks of their units; classified tasks are hidden from whoever may not see them.
 */
@ProgrammeTest
class ProgrammeAccessTest {

    static final String C = Programme.COORDINATOR;
    static final String AT = "2026-03-18T09:00:00+07:00";

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

    List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asString()));
        return out;
    }

    List<String> taskIds(JsonNode plan) {
        List<String> out = new ArrayList<>();
        plan.get("groups").forEach(g -> g.get("tasks").forEach(t -> out.add(t.get("id").asString())));
        return out;
    }

    long classifiedReads(String target) {
        return jdbc.sql("select count(*) from audit_event where action = 'classified.read' and target = ? and outcome = 'SUCCESS'")
                .param(target).query(Long.class).single();
    }

    @Test
    void building_and_assigning_needs_a_coordinator_of_the_owner_unit() {
        // dieuphoi.qk1 coordinates QK1's subtree only.
        var r = api.post("/api/v1/plans", "dieuphoi.qk1", """
                {"code":"%s","title":"Kế hoạch Bộ","year":2026,"kind":"OTHER","ownerUnitId":"%s"}""".formatted(Programme.uniqueCode("KH"), p.unit("BQP")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(api.post("/api/v1/plans", "baocao.qk1", """
                {"code":"%s","title":"Kế hoạch","year":2026,"kind":"OTHER","ownerUnitId":"%s"}""".formatted(Programme.uniqueCode("KH"), p.unit("QK1")))
                .status()).isEqualTo(403);
        String own = p.plan("dieuphoi.qk1", 2026, "QK1", 20);
        assertThat(own).isNotBlank();

        String plan = p.plan(2026, "BTL86", 20);
        String g = p.group(plan, 1, "Nhóm");
        String t = p.task(plan, g, "1.1", "QK1", "2026-12-31", "");
        assertThat(api.post("/api/v1/plans/" + plan + "/groups", "dieuphoi.qk1", "{\"ordinal\":2,\"title\":\"Nhóm\"}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/plans/" + plan + "/tasks", "dieuphoi.qk1", """
                {"groupId":"%s","code":"1.2","title":"x","leadUnitId":"%s","dueDate":"2026-12-31"}""".formatted(g, p.unit("QK1"))).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/tasks/" + t + "/assignments", "dieuphoi.qk1", "{\"unitId\":\"" + p.unit("QK1") + "\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/plans/" + plan + "/issue", "dieuphoi.qk1", "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/plans/" + plan + "/issue", "baocao.btl86", "").status()).isEqualTo(403);

        // Each change is audited.
        long audited = jdbc.sql("select count(*) from audit_event where action in ('programme.plan.create', 'programme.task.create', "
                + "'programme.group.create') and (target = ? or target = ?)").params("plan:" + plan, "task:" + t).query(Long.class).single();
        assertThat(audited).isEqualTo(3);
    }

    @Test
    void cascading_needs_a_coordinator_of_the_assigned_unit_and_reporting_a_grant_on_it() {
        String plan = p.plan(2026, "BQP", 20);
        String t = p.task(plan, p.group(plan, 1, "Nhóm"), "1.1", "QK1", "2026-12-31", "");
        String qk1 = p.assign(t, "QK1");
        String qk3 = p.assign(t, "QK3");
        assertThat(api.post("/api/v1/assignments/" + qk3 + "/cascade", "dieuphoi.qk1", "{\"unitId\":\"" + p.unit("SD395") + "\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/assignments/" + qk1 + "/cascade", "baocao.qk1", "{\"unitId\":\"" + p.unit("SD3") + "\"}").status())
                .isEqualTo(403);
        String sd3 = p.cascade("dieuphoi.qk1", qk1, "SD3");
        p.issue(plan);

        String good = Programme.body("IN_PROGRESS", 30, "", false, "");
        // A reporter of another unit, and a reporter whose grant covers QK1 alone (not SD3 below it): 403, nothing written.
        assertThat(p.reportAt(AT, "baocao.sd3", qk1, "2026-03", good).status()).isEqualTo(403);
        assertThat(p.reportAt(AT, "qk3.02", qk1, "2026-03", good).status()).isEqualTo(403);
        assertThat(p.reportAt(AT, "baocao.qk1", sd3, "2026-03", good).status()).isEqualTo(403);
        assertThat(p.reportAt(AT, "baocao.btlbp", qk3, "2026-03", good).status()).isEqualTo(403);
        assertThat(p.revisions(qk1) + p.revisions(sd3) + p.revisions(qk3)).isZero();
        // The unit's own reporter, and a coordinator covering the unit.
        assertThat(p.reportAt(AT, "baocao.qk1", qk1, "2026-03", good).status()).isEqualTo(200);
        assertThat(p.reportAt(AT, "baocao.sd3", sd3, "2026-03", good).status()).isEqualTo(200);
        assertThat(p.reportAt(AT, "dieuphoi.qk1", sd3, "2026-03", good).status()).isEqualTo(200);
        assertThat(p.revisions(sd3)).isEqualTo(2);
    }

    @Test
    void a_reader_sees_a_plan_through_its_owner_or_the_tasks_of_their_units() {
        String plan = p.plan(2026, "BTL86", 20);
        String g = p.group(plan, 1, "Nhóm");
        String forSd3 = p.task(plan, g, "1.1", "QK3", "2026-12-31", "");
        String forBp = p.task(plan, g, "1.2", "BTLBP", "2026-12-31", "");
        p.assign(forSd3, "SD3");
        p.assign(forBp, "BTLBP");

        // The owner's reporter (BTL86) sees both; SD3's reporter only the task assigned to SD3.
        assertThat(taskIds(api.get("/api/v1/plans/" + plan, "baocao.btl86").json())).containsExactly(forSd3, forBp);
        assertThat(taskIds(api.get("/api/v1/plans/" + plan, "baocao.sd3").json())).containsExactly(forSd3);
        assertThat(api.get("/api/v1/tasks/" + forSd3, "baocao.sd3").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tasks/" + forBp, "baocao.sd3").status()).isEqualTo(403);
        // QK1's coordinator sees it through SD3, below QK1; QK5's reporter not at all.
        assertThat(taskIds(api.get("/api/v1/plans/" + plan, "dieuphoi.qk1").json())).containsExactly(forSd3);
        assertThat(api.get("/api/v1/plans/" + plan, "qk5.02").status()).isEqualTo(403);
        assertThat(ids(api.get("/api/v1/plans", "baocao.sd3").json())).contains(plan);
        assertThat(ids(api.get("/api/v1/plans?year=2026", "qk5.02").json())).doesNotContain(plan);
        assertThat(ids(api.get("/api/v1/plans?year=2025", "baocao.btl86").json())).doesNotContain(plan);
        // Roles outside the programme see nothing.
        assertThat(api.get("/api/v1/plans/" + plan, "vanthu.btl86").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/plans/" + plan + "/compilation?period=2026-03", "vanthu.btl86").status()).isEqualTo(403);
    }

    @Test
    void classified_tasks_are_hidden_from_whoever_may_not_see_them() {
        String cleared = "dieuphoi.mat" + (System.nanoTime() % 100000);
        var o = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Trần Văn Mật","unitId":"%s","position":"Trợ lý kế hoạch","clearance":"MAT",
                 "password":"%s","totpSecret":"%s"}""".formatted(cleared, p.unit("PTMBTL86"), Api.DEMO_PASSWORD, Api.DEMO_TOTP));
        assertThat(o.status()).as(o.body()).isEqualTo(201);
        // Above Thường, the clearance waits for a second person (issue 10): the security officer approves it.
        String request = o.json().get("pendingClearance").get("requestId").asString();
        assertThat(api.post("/api/v1/clearance-requests/" + request + "/approve", "baomat.bqp", "").status()).isEqualTo(200);
        var grant = api.post("/api/v1/officials/" + o.json().get("id").asString() + "/grants", "admin",
                "{\"role\":\"PROGRAMME_COORDINATOR\",\"unitId\":\"%s\",\"scope\":\"SUBTREE\"}".formatted(p.unit("BQP")));
        assertThat(grant.status()).as(grant.body()).isIn(200, 201);

        String plan = p.plan(cleared, 2026, "BTL86", 20);
        var g = api.post("/api/v1/plans/" + plan + "/groups", cleared, "{\"ordinal\":1,\"title\":\"Nhóm\"}");
        String group = g.json().get("id").asString();
        String open = p.task(cleared, plan, group, "1.1", "QK1", "2026-12-31", "THUONG", "");
        String secret = p.task(cleared, plan, group, "1.2", "QK1", "2026-12-31", "MAT", "");
        String openA = p.assign(cleared, open, "QK1");
        String secretA = p.assign(cleared, secret, "QK1");
        var issue = api.post("/api/v1/plans/" + plan + "/issue", cleared, "");
        assertThat(issue.status()).isEqualTo(200);

        // A Thường-cleared coordinator may not make one, nor see one.
        String other = p.plan(2026, "BTL86", 20);
        String otherGroup = p.group(other, 1, "Nhóm");
        assertThat(api.post("/api/v1/plans/" + other + "/tasks", C, """
                {"groupId":"%s","code":"9","title":"Mật","leadUnitId":"%s","dueDate":"2026-12-31","secrecy":"MAT"}"""
                .formatted(otherGroup, p.unit("QK1"))).status()).isEqualTo(403);
        assertThat(taskIds(api.get("/api/v1/plans/" + plan, C).json())).containsExactly(open);
        assertThat(api.get("/api/v1/tasks/" + secret, C).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tasks/" + open, C).status()).isEqualTo(200);
        // Its assignment does not exist for a Thường-cleared reporter: 404, not 403.
        String good = Programme.body("IN_PROGRESS", 30, "", false, "");
        assertThat(p.reportAt(AT, "baocao.qk1", secretA, "2026-03", good).status()).isEqualTo(404);
        assertThat(p.reportAt(AT, "baocao.qk1", openA, "2026-03", good).status()).isEqualTo(200);

        // The compilation leaves it out for the Thường-cleared, and counts it for the cleared.
        JsonNode thuong = p.compilation(C, plan, "2026-03", null);
        assertThat(thuong.get("expectedReports").asLong()).isEqualTo(1);
        assertThat(thuong.get("tasks").size()).isEqualTo(1);
        assertThat(thuong.toString()).doesNotContain("\"" + secret + "\"");
        JsonNode mat = p.compilation(cleared, plan, "2026-03", null);
        assertThat(mat.get("expectedReports").asLong()).isEqualTo(2);
        assertThat(mat.get("missing").get(0).get("taskId").asString()).isEqualTo(secret);

        // Reading the classified task, or a plan or compilation that shows it, is audited; the Thường view is not.
        assertThat(api.get("/api/v1/tasks/" + secret, cleared).status()).isEqualTo(200);
        assertThat(classifiedReads("task:" + secret)).isPositive();
        long planReads = classifiedReads("plan:" + plan);
        assertThat(planReads).isEqualTo(1); // the cleared compilation above
        assertThat(taskIds(api.get("/api/v1/plans/" + plan, cleared).json())).containsExactly(open, secret);
        assertThat(classifiedReads("plan:" + plan)).isEqualTo(2);
        p.compilation(C, plan, "2026-03", null);
        assertThat(classifiedReads("plan:" + plan)).isEqualTo(2);
    }
}
