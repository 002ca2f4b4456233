package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import vn.truongson.core.DomainException;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * Back-filling reports from the files kept before the platform: each judged on time or late by its real past
 * time, refused after the lock as it would have been then, all or nothing, and only for the plan's coordinator.
 *
 * <pre>
 * Plan 2025, due on the 20th, issued (historically) 06/01/2025. Period 2025-03: deadline 20/03/2025 23:59:59 +07:00,
 * lock 30/03/2025 23:59:59 +07:00. Task 1.1 (indicator HT, SUM 100) assigned to QK1 (a1), cascaded to SD3 (a2).
 * </pre>
 */
@ProgrammeTest
class HistoricalImportTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired Plans plans;
    @Autowired Reports reports;
    Programme p;
    String plan;
    String task;
    long a1;
    long a2;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
        plan = p.plan(2025, "BTL86", 20);
        String group = p.group(plan, 1, "Hạ tầng số");
        task = p.task(plan, group, "1.1", "QK1", "2025-12-31", Programme.indicator("HT", "SUM", "100", true));
        a1 = Long.parseLong(p.assign(task, "QK1"));
        a2 = Long.parseLong(p.cascade("dieuphoi.qk1", Long.toString(a1), "SD3"));
    }

    <T> T as(String username, Supplier<T> work) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(Principals.of(jdbc, username), null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    void issueOnPaper() {
        as(Programme.COORDINATOR, () -> plans.issueHistorical(Long.parseLong(plan), at("2025-01-06T09:00:00+07:00")));
    }

    static Instant at(String t) {
        return OffsetDateTime.parse(t).toInstant();
    }

    static Reports.HistoricalReport report(long assignment, String period, int percent, String at, String by) {
        return new Reports.HistoricalReport(assignment, period, new Reports.Submission(ReportStatus.IN_PROGRESS, BigDecimal.valueOf(percent),
                Map.of("HT", BigDecimal.valueOf(percent / 2)), null, false, null), at(at), by);
    }

    int importAs(String user, List<Reports.HistoricalReport> batch) {
        return as(user, () -> reports.importHistorical(Long.parseLong(plan), batch));
    }

    long reportRows() {
        return jdbc.sql("select count(*) from programme_report_revision where assignment_id in (?, ?)").params(a1, a2).query(Long.class).single();
    }

    @Test
    void reports_are_judged_by_their_real_past_times_and_keep_their_senders() {
        issueOnPaper();
        JsonNode issued = p.api.get("/api/v1/plans/" + plan, Programme.COORDINATOR).json();
        assertThat(issued.get("status").asString()).isEqualTo("ISSUED");
        assertThat(issued.get("issuedAt").asString()).isEqualTo("2025-01-06T09:00:00+07:00");

        int n = importAs(Programme.COORDINATOR, List.of(
                report(a1, "2025-03", 40, "2025-03-18T10:00:00+07:00", "baocao.qk1"),
                report(a1, "2025-03", 50, "2025-03-25T10:00:00+07:00", "baocao.qk1"),
                report(a2, "2025-03", 20, "2025-03-22T08:30:00+07:00", "Đại úy Ngô Văn Bình")));
        assertThat(n).isEqualTo(3);

        JsonNode march = p.compilation(Programme.COORDINATOR, plan, "2025-03", null);
        assertThat(march.get("expectedReports").asLong()).isEqualTo(2);
        assertThat(march.get("receivedReports").asLong()).isEqualTo(2);
        assertThat(march.get("onTimeReports").asLong()).isEqualTo(1);
        // (50 + 20) / 2: the revision counts, judged on time by its first submission.
        assertThat(march.get("tasks").get(0).get("percentComplete").asDouble()).isEqualTo(35.0);

        JsonNode revisions = p.api.get("/api/v1/assignments/" + a1 + "/reports?period=2025-03", Programme.COORDINATOR).json();
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(1).get("revision").asInt()).isEqualTo(2);
        assertThat(revisions.get(1).get("submittedAt").asString()).isEqualTo("2025-03-25T10:00:00+07:00");
        assertThat(revisions.get(1).get("submittedBy").asString()).isEqualTo("baocao.qk1");
        assertThat(revisions.get(1).get("onTime").asBoolean()).isTrue();
        JsonNode late = p.api.get("/api/v1/assignments/" + a2 + "/reports", Programme.COORDINATOR).json();
        assertThat(late.get(0).get("submittedBy").asString()).isEqualTo("Đại úy Ngô Văn Bình");
        assertThat(late.get(0).get("onTime").asBoolean()).isFalse();

        assertThat(jdbc.sql("select detail from audit_event where action = 'programme.report.import' and target = ? and actor = ?")
                .params("plan:" + plan, Programme.COORDINATOR).query(String.class).single())
                .contains("3 historical reports", "2025-03..2025-03", "1 first submitted late");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'programme.plan.issue-historical' and target = ?")
                .param("plan:" + plan).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_report_after_the_lock_is_refused_and_the_whole_batch_with_it() {
        issueOnPaper();
        assertThatThrownBy(() -> importAs(Programme.COORDINATOR, List.of(
                report(a1, "2025-03", 40, "2025-03-18T10:00:00+07:00", "baocao.qk1"),
                report(a2, "2025-03", 20, "2025-03-31T00:00:00+07:00", "baocao.sd3"))))
                .isInstanceOf(DomainException.Conflict.class);
        assertThat(reportRows()).isZero();
    }

    @Test
    void bad_reports_are_named_by_their_index() {
        issueOnPaper();
        var good = report(a1, "2025-03", 40, "2025-03-18T10:00:00+07:00", "baocao.qk1");
        long otherPlanAssignment = jdbc.sql("select id from programme_assignment where plan_id <> ? order by id limit 1")
                .param(Long.parseLong(plan)).query(Long.class).single();
        Map<String, List<Reports.HistoricalReport>> cases = Map.of(
                "reports[1].submittedAt", List.of(good, report(a2, "2025-03", 20, "2099-03-18T10:00:00+07:00", "baocao.sd3")),
                "reports[0].period", List.of(report(a1, "2024-12", 40, "2025-03-18T10:00:00+07:00", "baocao.qk1")),
                "reports[0].assignmentId", List.of(report(otherPlanAssignment, "2025-03", 40, "2025-03-18T10:00:00+07:00", "x")),
                "reports[1].percentComplete", List.of(good, report(a2, "2025-03", 120, "2025-03-18T10:00:00+07:00", "baocao.sd3")),
                "reports[0].reportedBy", List.of(report(a1, "2025-03", 40, "2025-03-18T10:00:00+07:00", " ")),
                "reports[0].submittedAt", List.of(report(a1, "2025-01", 10, "2025-01-02T10:00:00+07:00", "baocao.qk1")));
        cases.forEach((field, batch) -> assertThatThrownBy(() -> importAs(Programme.COORDINATOR, batch))
                .as(field).isInstanceOfSatisfying(DomainException.BadInput.class,
                        e -> assertThat(e.errors()).extracting(DomainException.FieldError::field).contains(field)));
        // Revisions out of the order of their times.
        assertThatThrownBy(() -> importAs(Programme.COORDINATOR, List.of(good, report(a1, "2025-03", 50, "2025-03-17T10:00:00+07:00", "baocao.qk1"))))
                .isInstanceOfSatisfying(DomainException.BadInput.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("reports[1].submittedAt"));
        assertThat(reportRows()).isZero();
    }

    @Test
    void only_a_coordinator_of_the_plans_owner_imports_and_only_into_an_issued_plan() {
        var batch = List.of(report(a1, "2025-03", 40, "2025-03-18T10:00:00+07:00", "baocao.qk1"));
        assertThatThrownBy(() -> importAs(Programme.COORDINATOR, batch)).isInstanceOf(DomainException.Conflict.class);
        assertThatThrownBy(() -> as(Programme.COORDINATOR, () -> plans.issueHistorical(Long.parseLong(plan), Instant.now().plusSeconds(3600))))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("issuedAt"));
        issueOnPaper();
        // A reporter of the unit, and the coordinator of Quân khu 1, do not coordinate the plan's owner (Bộ Tư lệnh 86).
        assertThatThrownBy(() -> importAs("baocao.qk1", batch)).isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(() -> importAs("dieuphoi.qk1", batch)).isInstanceOf(DomainException.Forbidden.class);
        assertThat(reportRows()).isZero();
        assertThat(importAs(Programme.COORDINATOR, batch)).isEqualTo(1);
    }
}
