package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * One plan worked by hand: cascading, a revision after the deadline, a late report, a report in the deadline's
 * last second, missing reports, a report carried over from February, bottlenecks. Every expected figure below
 * is computed by hand from API.md's rules, never by the code under test.
 *
 * <pre>
 * Plan 2026, reports due on the 20th, locked 10 days later. Period 2026-03: cut-off 15/02–14/03,
 * deadline 20/03/2026 23:59:59 +07:00, lock 30/03/2026 23:59:59 +07:00.
 *
 * Group 1  1.1 lead QK1, due 31/12/2026, HT (SUM, target 100), TG (AVERAGE, target 5, lower is better)
 *          1.2 lead QK3, due 10/03/2026, MIN1 (MIN, target 80), MAX1 (MAX, target 50)
 * Group 2  2.1 lead BTLBP, due 28/02/2026, KQ (SUM, target 3)
 *
 * a1 1.1 QK1            03: 18/03 IP 50 HT30 TG4 (on time); revised 25/03 IP 60 HT40 TG6 (still on time)
 * a2 1.1 SD3    ⟵ a1    02: STALLED 10 bottleneck;   03: 22/03 STALLED 20 HT5 bottleneck "Chờ cấp thiết bị" (late)
 * a3 1.1 CHQSLS ⟵ a1    02: IP 10 bottleneck;        03: 20/03 23:59:59.4 IP 30 HT15 TG2, no bottleneck (on time)
 * a4 1.1 QK3            02: IP 40 HT10 TG3 bottleneck "Thiếu kinh phí"; 03: none (missing)
 * a5 1.2 QK3            03: 19/03 DONE 100 MIN1 90 MAX1 40 (on time)
 * a6 1.2 SD395          03: 21/03 DONE 100 MIN1 70 MAX1 60 (late)
 * a7 1.2 SD3            none; a try on 31/03 is refused (locked)
 * a8 2.1 BTLBP          02: DONE; 03: 10/03 DONE 100 (on time)
 * a9 2.1 QK1            03: 20/03 12:00 DONE 100 bottleneck (on time; done, so no bottleneck)
 * </pre>
 */
@ProgrammeTest
class CompilationExampleTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;

    String plan;
    String t11;
    String t12;
    String t21;
    Map<String, String> a = new HashMap<>();

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    void build() {
        HandComputedExample x = HandComputedExample.build(p);
        plan = x.plan();
        t11 = x.t11();
        t12 = x.t12();
        t21 = x.t21();
        a.putAll(x.assignments());
    }

    JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode n : array) if (n.get(key).asString().equals(value)) return n;
        throw new AssertionError("no " + key + "=" + value + " in " + array);
    }

    JsonNode indicator(JsonNode c, String taskId, String code) {
        for (JsonNode n : c.get("indicators")) {
            if (n.get("taskId").asString().equals(taskId) && n.get("code").asString().equals(code)) return n;
        }
        throw new AssertionError("no indicator " + code);
    }

    @Test
    void the_whole_plan_compiles_to_the_hand_computed_figures() {
        build();
        JsonNode c = p.compilation("dieuphoi.btl86", plan, "2026-03", null);

        assertThat(c.get("period").asString()).isEqualTo("2026-03");
        assertThat(c.get("cutoff").get("from").asString()).isEqualTo("2026-02-15");
        assertThat(c.get("cutoff").get("to").asString()).isEqualTo("2026-03-14");
        assertThat(c.get("deadline").asString()).isEqualTo("2026-03-20T23:59:59+07:00");
        assertThat(c.get("unitId").isNull()).isTrue();

        // 9 assignments; March reports from a1 a2 a3 a5 a6 a8 a9; on time: a1 a3 a5 a8 a9.
        assertThat(c.get("expectedReports").asLong()).isEqualTo(9);
        assertThat(c.get("receivedReports").asLong()).isEqualTo(7);
        assertThat(c.get("onTimeReports").asLong()).isEqualTo(5);
        assertThat(c.get("completeness").asDouble()).isCloseTo(7.0 / 9, within(1e-9));
        assertThat(c.get("timeliness").asDouble()).isCloseTo(5.0 / 9, within(1e-9));

        assertThat(c.get("missing").size()).isEqualTo(2);
        JsonNode m4 = find(c.get("missing"), "assignmentId", a.get("a4"));
        assertThat(m4.get("taskId").asString()).isEqualTo(t11);
        assertThat(m4.get("unitId").asString()).isEqualTo(p.unit("QK3"));
        JsonNode m7 = find(c.get("missing"), "assignmentId", a.get("a7"));
        assertThat(m7.get("taskId").asString()).isEqualTo(t12);
        assertThat(m7.get("unitId").asString()).isEqualTo(p.unit("SD3"));

        // Tasks in plan order. 1.1: a1 IP 60, a2 STALLED 20, a3 IP 30, a4 (February) IP 40 → STALLED, 150/4.
        JsonNode tasks = c.get("tasks");
        assertThat(tasks.size()).isEqualTo(3);
        assertThat(tasks.get(0).get("taskId").asString()).isEqualTo(t11);
        assertThat(tasks.get(0).get("code").asString()).isEqualTo("1.1");
        assertThat(tasks.get(0).get("status").asString()).isEqualTo("STALLED");
        assertThat(tasks.get(0).get("percentComplete").asDouble()).isCloseTo(37.5, within(1e-9));
        assertThat(tasks.get(0).get("overdue").asBoolean()).isFalse();
        // 1.2: DONE, DONE, nothing (NOT_STARTED 0) → IN_PROGRESS, 200/3; due 10/03 before 14/03 and not done → overdue.
        assertThat(tasks.get(1).get("code").asString()).isEqualTo("1.2");
        assertThat(tasks.get(1).get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(tasks.get(1).get("percentComplete").asDouble()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(tasks.get(1).get("overdue").asBoolean()).isTrue();
        // 2.1: DONE, DONE → DONE, 100; due 28/02 but done → not overdue.
        assertThat(tasks.get(2).get("code").asString()).isEqualTo("2.1");
        assertThat(tasks.get(2).get("status").asString()).isEqualTo("DONE");
        assertThat(tasks.get(2).get("percentComplete").asDouble()).isCloseTo(100, within(1e-9));
        assertThat(tasks.get(2).get("overdue").asBoolean()).isFalse();

        // HT: SUM 40 + 5 + 15 + 10 = 70 → 70/100.
        JsonNode ht = indicator(c, t11, "HT");
        assertThat(ht.get("target").asDouble()).isEqualTo(100);
        assertThat(ht.get("actual").asDouble()).isCloseTo(70, within(1e-9));
        assertThat(ht.get("achievement").asDouble()).isCloseTo(0.7, within(1e-9));
        // TG: AVERAGE of 6, 2, 3 (a2 gave none) = 11/3; lower is better → 5 ÷ 11/3 = 15/11.
        JsonNode tg = indicator(c, t11, "TG");
        assertThat(tg.get("actual").asDouble()).isCloseTo(11.0 / 3, within(1e-9));
        assertThat(tg.get("achievement").asDouble()).isCloseTo(15.0 / 11, within(1e-9));
        // MIN1: min(90, 70) = 70 → 70/80. MAX1: max(40, 60) = 60 → 60/50.
        assertThat(indicator(c, t12, "MIN1").get("actual").asDouble()).isCloseTo(70, within(1e-9));
        assertThat(indicator(c, t12, "MIN1").get("achievement").asDouble()).isCloseTo(0.875, within(1e-9));
        assertThat(indicator(c, t12, "MAX1").get("actual").asDouble()).isCloseTo(60, within(1e-9));
        assertThat(indicator(c, t12, "MAX1").get("achievement").asDouble()).isCloseTo(1.2, within(1e-9));
        // KQ: nobody gave a value.
        assertThat(indicator(c, t21, "KQ").get("actual").isNull()).isTrue();
        assertThat(indicator(c, t21, "KQ").get("achievement").isNull()).isTrue();
        assertThat(c.get("indicators").size()).isEqualTo(5);

        // Bottlenecks: a2 (flagged in March, since February) and a4 (its February report contributes). Not a3 (no longer
        // flagged), not a9 (done).
        JsonNode b = c.get("bottlenecks");
        assertThat(b.size()).isEqualTo(2);
        JsonNode b2 = find(b, "unitId", p.unit("SD3"));
        assertThat(b2.get("taskId").asString()).isEqualTo(t11);
        assertThat(b2.get("text").asString()).isEqualTo("Chờ cấp thiết bị");
        assertThat(b2.get("since").asString()).isEqualTo("2026-02");
        JsonNode b4 = find(b, "unitId", p.unit("QK3"));
        assertThat(b4.get("taskId").asString()).isEqualTo(t11);
        assertThat(b4.get("text").asString()).isEqualTo("Thiếu kinh phí");
        assertThat(b4.get("since").asString()).isEqualTo("2026-02");

        // Proposals: one per assignment with a March report (each proposes "Đề nghị hỗ trợ"); a4's February proposal
        // is not carried into March, though its February report contributes status and bottleneck.
        JsonNode proposals = c.get("proposals");
        assertThat(proposals.size()).isEqualTo(c.get("receivedReports").asInt());
        java.util.Set<String> proposed = new java.util.HashSet<>();
        for (JsonNode x : proposals) {
            assertThat(x.get("text").asString()).isEqualTo("Đề nghị hỗ trợ");
            proposed.add(x.get("taskId").asString() + "/" + x.get("unitId").asString());
        }
        for (JsonNode m : c.get("missing")) assertThat(proposed).doesNotContain(m.get("taskId").asString() + "/" + m.get("unitId").asString());

        qk1_coordinator_sees_only_the_qk1_subtree();
        revisions_are_kept_and_the_first_decides_on_time();
        february_compiles_from_february_reports_only();
    }

    /**
     * Scope QK1: a1 (QK1), a2 (SD3), a3 (CHQSLS), a7 (SD3), a9 (QK1). Received a1 a2 a3 a9; on time a1 a3 a9.
     */
    void qk1_coordinator_sees_only_the_qk1_subtree() {
        JsonNode c = p.compilation("dieuphoi.qk1", plan, "2026-03", "QK1");
        assertThat(c.get("unitId").asString()).isEqualTo(p.unit("QK1"));
        assertThat(c.get("expectedReports").asLong()).isEqualTo(5);
        assertThat(c.get("receivedReports").asLong()).isEqualTo(4);
        assertThat(c.get("onTimeReports").asLong()).isEqualTo(3);
        assertThat(c.get("completeness").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(c.get("timeliness").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(c.get("missing").size()).isEqualTo(1);
        assertThat(c.get("missing").get(0).get("assignmentId").asString()).isEqualTo(a.get("a7"));

        // 1.1 over a1 IP 60, a2 STALLED 20, a3 IP 30; 1.2 over a7 alone; 2.1 over a9.
        JsonNode tasks = c.get("tasks");
        assertThat(tasks.size()).isEqualTo(3);
        assertThat(tasks.get(0).get("status").asString()).isEqualTo("STALLED");
        assertThat(tasks.get(0).get("percentComplete").asDouble()).isCloseTo(110.0 / 3, within(1e-9));
        assertThat(tasks.get(1).get("status").asString()).isEqualTo("NOT_STARTED");
        assertThat(tasks.get(1).get("percentComplete").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(tasks.get(1).get("overdue").asBoolean()).isTrue();
        assertThat(tasks.get(2).get("status").asString()).isEqualTo("DONE");

        // HT 40 + 5 + 15 = 60; TG (6 + 2) / 2 = 4 → 5/4; 1.2's indicators have no value in scope.
        assertThat(indicator(c, t11, "HT").get("actual").asDouble()).isCloseTo(60, within(1e-9));
        assertThat(indicator(c, t11, "HT").get("achievement").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(indicator(c, t11, "TG").get("actual").asDouble()).isCloseTo(4, within(1e-9));
        assertThat(indicator(c, t11, "TG").get("achievement").asDouble()).isCloseTo(1.25, within(1e-9));
        assertThat(indicator(c, t12, "MIN1").get("actual").isNull()).isTrue();
        assertThat(indicator(c, t12, "MAX1").get("achievement").isNull()).isTrue();

        assertThat(c.get("bottlenecks").size()).isEqualTo(1);
        assertThat(c.get("bottlenecks").get(0).get("unitId").asString()).isEqualTo(p.unit("SD3"));

        // Outside its subtree, and the whole plan (owned by BTL86), are refused to the QK1 coordinator.
        String q = "/api/v1/plans/" + plan + "/compilation?period=2026-03";
        assertThat(p.api.get(q + "&unitId=" + p.unit("QK3"), "dieuphoi.qk1").status()).isEqualTo(403);
        assertThat(p.api.get(q + "&unitId=" + p.unit("BQP"), "dieuphoi.qk1").status()).isEqualTo(403);
        assertThat(p.api.get(q, "dieuphoi.qk1").status()).isEqualTo(403);
        // A reporter of QK1 compiles QK1 too; a reporter of SD3 may compile SD3 but not QK1.
        assertThat(p.compilation("baocao.qk1", plan, "2026-03", "QK1").get("expectedReports").asLong()).isEqualTo(5);
        assertThat(p.compilation("baocao.sd3", plan, "2026-03", "SD3").get("expectedReports").asLong()).isEqualTo(2);
        assertThat(p.api.get(q + "&unitId=" + p.unit("QK1"), "baocao.sd3").status()).isEqualTo(403);
    }

    void revisions_are_kept_and_the_first_decides_on_time() {
        JsonNode revisions = p.api.get("/api/v1/assignments/" + a.get("a1") + "/reports", "baocao.qk1").json();
        assertThat(revisions.size()).isEqualTo(2);
        assertThat(revisions.get(0).get("revision").asInt()).isEqualTo(1);
        assertThat(revisions.get(0).get("percentComplete").asInt()).isEqualTo(50);
        assertThat(revisions.get(0).get("submittedAt").asString()).isEqualTo("2026-03-18T10:00:00+07:00");
        assertThat(revisions.get(1).get("revision").asInt()).isEqualTo(2);
        assertThat(revisions.get(1).get("percentComplete").asInt()).isEqualTo(60);
        assertThat(revisions.get(1).get("indicatorValues").get("HT").asInt()).isEqualTo(40);
        assertThat(revisions.get(1).get("submittedBy").asString()).isEqualTo("baocao.qk1");
        assertThat(revisions.get(1).get("onTime").asBoolean()).isTrue();
        // Another unit's reporter may not read them.
        assertThat(p.api.get("/api/v1/assignments/" + a.get("a1") + "/reports", "qk3.02").status()).isEqualTo(403);
        // Each change is in the audit trail.
        long audited = jdbc.sql("select count(*) from audit_event where action = 'programme.report.submit' and target = ?")
                .param("assignment:" + a.get("a1")).query(Long.class).single();
        assertThat(audited).isEqualTo(2);
    }

    /** February: only a2 a3 a4 a8 reported, all on time; a1's March report does not count for February. */
    void february_compiles_from_february_reports_only() {
        JsonNode c = p.compilation("dieuphoi.btl86", plan, "2026-02", null);
        assertThat(c.get("deadline").asString()).isEqualTo("2026-02-20T23:59:59+07:00");
        assertThat(c.get("cutoff").get("from").asString()).isEqualTo("2026-01-15");
        assertThat(c.get("expectedReports").asLong()).isEqualTo(9);
        assertThat(c.get("receivedReports").asLong()).isEqualTo(4);
        assertThat(c.get("onTimeReports").asLong()).isEqualTo(4);
        // 1.1 over a1 (none: 0), a2 STALLED 10, a3 IP 10, a4 IP 40 → STALLED, 60/4.
        assertThat(c.get("tasks").get(0).get("status").asString()).isEqualTo("STALLED");
        assertThat(c.get("tasks").get(0).get("percentComplete").asDouble()).isCloseTo(15, within(1e-9));
        // Bottlenecks in February: a2, a3, a4.
        assertThat(c.get("bottlenecks").size()).isEqualTo(3);
    }
}
