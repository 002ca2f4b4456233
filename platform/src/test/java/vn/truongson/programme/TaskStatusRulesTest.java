package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * API.md's task status over the assignments in scope: DONE when every one is done, else STALLED when any is,
 * else IN_PROGRESS when any has begun, else NOT_STARTED; percentComplete their mean; overdue when due before
 * the period's last day (14/03 for 2026-03) and not done. Each task has two assignments, QK1 and QK3.
 */
@ProgrammeTest
class TaskStatusRulesTest {

    static final String MARCH = "2026-03-18T09:00:00+07:00";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Row(String code, String due, String qk1Status, int qk1Percent, String qk3Status, int qk3Percent) {}

    JsonNode task(JsonNode compilation, String code) {
        for (JsonNode t : compilation.get("tasks")) if (t.get("code").asString().equals(code)) return t;
        throw new AssertionError("no task " + code);
    }

    @Test
    void status_precedence_mean_progress_and_overdue() {
        String plan = p.plan(2026, "BQP", 20);
        String g = p.group(plan, 1, "Nhóm 1");
        // code, due date, QK1's March report, QK3's March report (null: none).
        Row[] rows = {
                new Row("1", "2026-03-13", "DONE", 100, "DONE", 100),             // all done → DONE, not overdue though due before 14/03
                new Row("2", "2026-12-31", "DONE", 100, "STALLED", 30),           // one stalled → STALLED, mean 65
                new Row("3", "2026-03-14", "NOT_STARTED", 0, null, 0),            // nothing begun → NOT_STARTED; due on the last day: not overdue
                new Row("4", "2026-03-13", "IN_PROGRESS", 50, null, 0),           // one begun → IN_PROGRESS, mean 25, overdue
                new Row("6", "2026-03-01", "STALLED", 10, "NOT_STARTED", 0),      // STALLED over NOT_STARTED, overdue
                new Row("8", "2026-12-31", "IN_PROGRESS", 40, "STALLED", 20),     // STALLED over IN_PROGRESS, mean 30
                new Row("9", "2026-03-13", "DONE", 100, "IN_PROGRESS", 90),       // DONE + IN_PROGRESS → IN_PROGRESS, mean 95, overdue
        };
        String[][] assignments = new String[rows.length][2];
        for (int i = 0; i < rows.length; i++) {
            String t = p.task(plan, g, rows[i].code(), "QK1", rows[i].due(), "");
            assignments[i][0] = p.assign(t, "QK1");
            assignments[i][1] = p.assign(t, "QK3");
        }
        // Task 5: the latest report for the period or an earlier one counts, a later period's never.
        String t5 = p.task(plan, g, "5", "QK1", "2026-12-31", "");
        String a5qk1 = p.assign(t5, "QK1");
        String a5qk3 = p.assign(t5, "QK3");
        p.issue(plan);

        for (int i = 0; i < rows.length; i++) {
            p.report(MARCH, "baocao.qk1", assignments[i][0], "2026-03", rows[i].qk1Status(), rows[i].qk1Percent(), "", false, "");
            if (rows[i].qk3Status() != null) {
                p.report(MARCH, "qk3.02", assignments[i][1], "2026-03", rows[i].qk3Status(), rows[i].qk3Percent(), "", false, "");
            }
        }
        p.report("2026-02-18T09:00:00+07:00", "baocao.qk1", a5qk1, "2026-02", "DONE", 100, "", false, "");
        p.report(MARCH, "baocao.qk1", a5qk1, "2026-03", "IN_PROGRESS", 80, "", false, "");
        p.report(MARCH, "qk3.02", a5qk3, "2026-04", "DONE", 100, "", false, "");

        JsonNode c = p.compilation("dieuphoi.btl86", plan, "2026-03", null);
        String[][] expected = {
                // code, status, percent, overdue
                {"1", "DONE", "100", "false"},
                {"2", "STALLED", "65", "false"},
                {"3", "NOT_STARTED", "0", "false"},
                {"4", "IN_PROGRESS", "25", "true"},
                {"5", "IN_PROGRESS", "40", "false"},
                {"6", "STALLED", "5", "true"},
                {"8", "STALLED", "30", "false"},
                {"9", "IN_PROGRESS", "95", "true"},
        };
        assertThat(c.get("tasks").size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            JsonNode t = c.get("tasks").get(i);
            assertThat(t.get("code").asString()).as("order").isEqualTo(expected[i][0]);
            assertThat(t.get("status").asString()).as(expected[i][0]).isEqualTo(expected[i][1]);
            assertThat(t.get("percentComplete").asDouble()).as(expected[i][0]).isCloseTo(Double.parseDouble(expected[i][2]), within(1e-9));
            assertThat(t.get("overdue").asBoolean()).as(expected[i][0]).isEqualTo(Boolean.parseBoolean(expected[i][3]));
        }
        // Task 5's QK3 assignment has only an April report: missing in March.
        assertThat(c.get("missing").toString()).contains(a5qk3);
        // In April it counts, and is DONE; QK1 still contributes its March report (IN_PROGRESS 80).
        JsonNode april = p.compilation("dieuphoi.btl86", plan, "2026-04", null);
        assertThat(task(april, "5").get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(task(april, "5").get("percentComplete").asDouble()).isCloseTo(90, within(1e-9));
        // By then every task due before 14/04 that is not done is overdue: 2 and 8 (due 31/12) are not.
        assertThat(task(april, "3").get("overdue").asBoolean()).isTrue();
        assertThat(task(april, "2").get("overdue").asBoolean()).isFalse();
        assertThat(task(april, "1").get("overdue").asBoolean()).isFalse();
    }

    @Test
    void an_assignment_without_any_report_is_not_started_at_zero() {
        String plan = p.plan(2026, "BQP", 20);
        String g = p.group(plan, 1, "Nhóm 1");
        String t = p.task(plan, g, "1.1", "QK1", "2026-01-10", Programme.indicator("HT", "SUM", "10", true));
        p.assign(t, "QK1");
        p.issue(plan);
        JsonNode c = p.compilation("dieuphoi.btl86", plan, "2026-01", null);
        assertThat(c.get("expectedReports").asLong()).isEqualTo(1);
        assertThat(c.get("receivedReports").asLong()).isZero();
        assertThat(c.get("completeness").asDouble()).isZero();
        assertThat(c.get("timeliness").asDouble()).isZero();
        assertThat(c.get("tasks").get(0).get("status").asString()).isEqualTo("NOT_STARTED");
        assertThat(c.get("tasks").get(0).get("percentComplete").asDouble()).isZero();
        assertThat(c.get("tasks").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(c.get("indicators").get(0).get("actual").isNull()).isTrue();
        assertThat(c.get("bottlenecks").size()).isZero();
        // A task with no assignment in scope is not listed: scope SD3 has none.
        JsonNode sd3 = p.compilation("dieuphoi.btl86", plan, "2026-01", "SD3");
        assertThat(sd3.get("expectedReports").asLong()).isZero();
        assertThat(sd3.get("tasks").size()).isZero();
        assertThat(sd3.get("indicators").size()).isZero();
    }
}
