package vn.truongson.programme;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Monthly progress reports (báo cáo định kỳ, Decree 09/2019/NĐ-CP): submitted and revised by a reporter of the
 * assigned unit until the period locks, every revision kept.
 */
@Service
public class Reports {

    /** A report as it arrives, checked only once the sender is known to be allowed to send it. */
    public record Submission(@Nullable ReportStatus status, @Nullable BigDecimal percentComplete,
            @Nullable Map<String, BigDecimal> indicatorValues, @Nullable String obstacles, @Nullable Boolean bottleneck,
            @Nullable String proposal) {}

    /** One revision as submitted, and whether the period's report was on time (judged by the first). */
    public record Revision(long assignmentId, Period period, int revision, Report.Content content, Instant submittedAt,
            String submittedBy, boolean onTime) {}

    private static final TypeReference<Map<String, BigDecimal>> VALUES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final ProgrammeProperties props;
    private final JsonMapper json;
    private final Clock clock;

    Reports(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, AuditTrail audit, ApplicationEventPublisher events,
            ProgrammeProperties props, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Submits or revises the assignment's report for a period. Refused, with nothing written: 403 without a
     * reporter's grant on the assigned unit; 400 for a malformed period, one outside the plan's year, or a bad
     * field; 409 on a draft plan or once the period has locked.
     */
    @Transactional
    public Report submit(long assignmentId, String periodText, Submission s) {
        Assignment a = store.lockAssignment(assignmentId);
        Task task = store.requireTask(a.taskId());
        policy.require(ProgrammeRoles.REPORTER, task.asProtected(a.unitId()));
        Period period = Period.parse("period", periodText);
        Plan plan = store.requirePlan(a.planId());
        plan.requireWithinYear("period", period);
        plan.requireIssued();
        if (s.status() == null) throw new DomainException.BadInput("status", "problem.field.required");
        if (s.percentComplete() == null) throw new DomainException.BadInput("percentComplete", "problem.field.required");
        Report.Content content = new Report.Content(s.status(), s.percentComplete(), s.indicatorValues() == null ? Map.of() : s.indicatorValues(),
                s.obstacles(), Boolean.TRUE.equals(s.bottleneck()), s.proposal());
        content.requireIndicatorsOf(task);

        Report previous = find(a.id(), period).orElse(null);
        Report report = Report.submit(previous, a.id(), period, content, clock.instant(), plan.deadline(period).toInstant(),
                plan.locksAt(period, props.lockDays()));
        save(report, plan.id(), policy.actor().username());
        audit.record("programme.report.submit", "assignment:" + a.id(), AuditTrail.SUCCESS,
                period + " revision " + report.revision() + (report.onTime() ? " on time" : " late") + " " + content.status());
        events.publishEvent(new ReportSubmitted(a.id(), plan.id(), a.unitId(), period.toString(), report.revision(), report.onTime(),
                report.submittedAt()));
        return report;
    }

    /** Every revision of the assignment's reports, oldest first; optionally of one period. */
    public List<Revision> revisions(long assignmentId, @Nullable String periodText) {
        Assignment a = store.requireAssignment(assignmentId);
        Task task = store.requireTask(a.taskId());
        Plan plan = store.requirePlan(a.planId());
        Tasks.requireReadable(policy, task, plan, List.of(a.unitId()));
        Period period = periodText == null || periodText.isBlank() ? null : Period.parse("period", periodText);
        var sql = new StringBuilder("""
                select v.assignment_id, v.period, v.revision, v.status, v.percent_complete, v.indicator_values::text, v.obstacles,
                       v.bottleneck, v.proposal, v.submitted_at, v.submitted_by, r.on_time
                from programme_report_revision v
                join programme_report r on r.assignment_id = v.assignment_id and r.period = v.period
                where v.assignment_id = :a""");
        if (period != null) sql.append(" and v.period = :p");
        sql.append(" order by v.period, v.revision");
        var spec = jdbc.sql(sql.toString()).param("a", assignmentId);
        if (period != null) spec = spec.param("p", period.firstDay());
        return spec.query((rs, n) -> new Revision(rs.getLong(1), Period.ofFirstDay(rs.getObject(2, LocalDate.class)), rs.getInt(3),
                content(rs, 4), rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getBoolean(12))).list();
    }

    Optional<Report> find(long assignmentId, Period period) {
        return jdbc.sql("""
                select assignment_id, period, revision, status, percent_complete, indicator_values::text, obstacles, bottleneck, proposal,
                       first_submitted_at, on_time, submitted_at
                from programme_report where assignment_id = ? and period = ?""")
                .params(assignmentId, period.firstDay())
                .query((rs, n) -> new Report(rs.getLong(1), Period.ofFirstDay(rs.getObject(2, LocalDate.class)), rs.getInt(3), content(rs, 4),
                        rs.getTimestamp(10).toInstant(), rs.getBoolean(11), rs.getTimestamp(12).toInstant()))
                .optional();
    }

    private void save(Report r, long planId, String by) {
        Report.Content c = r.content();
        String values = json.writeValueAsString(c.indicatorValues());
        jdbc.sql("""
                insert into programme_report (assignment_id, period, plan_id, revision, status, percent_complete, indicator_values, obstacles,
                                              bottleneck, proposal, first_submitted_at, on_time, submitted_at)
                values (:a, :p, :plan, :rev, :status, :pct, cast(:values as jsonb), :obstacles, :bottleneck, :proposal, :first, :onTime, :at)
                on conflict (assignment_id, period) do update set
                    revision = excluded.revision, status = excluded.status, percent_complete = excluded.percent_complete,
                    indicator_values = excluded.indicator_values, obstacles = excluded.obstacles, bottleneck = excluded.bottleneck,
                    proposal = excluded.proposal, submitted_at = excluded.submitted_at""")
                .param("a", r.assignmentId()).param("p", r.period().firstDay()).param("plan", planId).param("rev", r.revision())
                .param("status", c.status().name()).param("pct", c.percentComplete()).param("values", values)
                .param("obstacles", c.obstacles()).param("bottleneck", c.bottleneck()).param("proposal", c.proposal())
                .param("first", Timestamp.from(r.firstSubmittedAt())).param("onTime", r.onTime()).param("at", Timestamp.from(r.submittedAt()))
                .update();
        jdbc.sql("""
                insert into programme_report_revision (assignment_id, period, revision, status, percent_complete, indicator_values, obstacles,
                                                       bottleneck, proposal, submitted_at, submitted_by)
                values (:a, :p, :rev, :status, :pct, cast(:values as jsonb), :obstacles, :bottleneck, :proposal, :at, :by)""")
                .param("a", r.assignmentId()).param("p", r.period().firstDay()).param("rev", r.revision())
                .param("status", c.status().name()).param("pct", c.percentComplete()).param("values", values)
                .param("obstacles", c.obstacles()).param("bottleneck", c.bottleneck()).param("proposal", c.proposal())
                .param("at", Timestamp.from(r.submittedAt())).param("by", by)
                .update();
    }

    /** Columns from {@code first}: status, percent_complete, indicator_values, obstacles, bottleneck, proposal. */
    private Report.Content content(ResultSet rs, int first) throws SQLException {
        Map<String, BigDecimal> values = json.readValue(rs.getString(first + 2), VALUES);
        return new Report.Content(ReportStatus.valueOf(rs.getString(first)), rs.getBigDecimal(first + 1), values, rs.getString(first + 3),
                rs.getBoolean(first + 4), rs.getString(first + 5));
    }
}
