package vn.truongson.programme;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
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
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

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

    /** Where an assignment's report for a period stands, as a reporter's list shows it. */
    public enum DueState {
        /** Not yet reported, the deadline still ahead. */
        NOT_REPORTED,
        /** Not reported, past the deadline: a late report is still accepted until the lock. */
        OVERDUE,
        ON_TIME,
        LATE,
        /** Not reported, and the period has locked. */
        MISSED
    }

    /** One assignment a reporter may report on, for one period: its task, the period's dates, and its report if any. */
    public record Due(long assignmentId, long planId, String planCode, String planTitle, long taskId, String taskCode, String taskTitle,
            SecrecyLevel secrecy, long unitId, LocalDate taskDueDate, OffsetDateTime deadline, Instant locksAt, @Nullable Report report) {

        public DueState state(Instant now) {
            if (report != null) return report.onTime() ? DueState.ON_TIME : DueState.LATE;
            if (now.isAfter(locksAt)) return DueState.MISSED;
            return now.isAfter(deadline.toInstant()) ? DueState.OVERDUE : DueState.NOT_REPORTED;
        }

        public boolean locked(Instant now) {
            return now.isAfter(locksAt);
        }
    }

    /** What a reporter needs to fill in a period's report: the task, the period's dates, the report as it stands and every revision. */
    public record Sheet(Assignment assignment, Task task, Plan plan, Period period, OffsetDateTime deadline, Instant locksAt, boolean locked,
            @Nullable Report current, List<Revision> revisions) {}

    /** An assignment and a period that the current person may report for, checked in the order {@link #submit} promises. */
    record Reporting(Assignment assignment, Task task, Plan plan, Period period) {}

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
        Reporting r = requireReporting(store.lockAssignment(assignmentId), periodText);
        Assignment a = r.assignment();
        Task task = r.task();
        Period period = r.period();
        Plan plan = r.plan();
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

    /**
     * Refuses, as {@link #submit} does, unless the current person reports for the assignment's unit (403), the
     * period is well formed and in the plan's year (400) and the plan is issued (409).
     */
    Reporting requireReporting(Assignment a, String periodText) {
        Task task = store.requireTask(a.taskId());
        policy.require(ProgrammeRoles.REPORTER, task.asProtected(a.unitId()));
        Period period = Period.parse("period", periodText);
        Plan plan = store.requirePlan(a.planId());
        plan.requireWithinYear("period", period);
        plan.requireIssued();
        return new Reporting(a, task, plan, period);
    }

    /** 409 once the period has locked. */
    void requireOpen(Reporting r) {
        Report.requireOpen(r.period(), clock.instant(), r.plan().locksAt(r.period(), props.lockDays()));
    }

    /** The report form's content, to a reporter of the assigned unit only: the same refusals as {@link #submit} but the lock. */
    public Sheet sheet(long assignmentId, String periodText) {
        Reporting r = requireReporting(store.requireAssignment(assignmentId), periodText);
        Instant locksAt = r.plan().locksAt(r.period(), props.lockDays());
        return new Sheet(r.assignment(), r.task(), r.plan(), r.period(), r.plan().deadline(r.period()), locksAt, clock.instant().isAfter(locksAt),
                find(assignmentId, r.period()).orElse(null), revisionsOf(assignmentId, r.period()));
    }

    /**
     * The assignments the current person reports on (or coordinates) in issued plans of the period's year, each with
     * its report for the period if there is one; optionally of one unit. At most {@code limit}, in plan order.
     */
    public List<Due> due(Period period, @Nullable Long unitId, int limit) {
        Visibility v = policy.visibility(ProgrammeRoles.REPORTER);
        if (v.nothing()) return List.of();
        SqlFilter acl = v.where("a.unit_id", "t.secrecy");
        var sql = new StringBuilder("""
                select a.id, a.plan_id, p.code as plan_code, p.title as plan_title, a.task_id, t.code as task_code, t.title as task_title,
                       t.secrecy, a.unit_id, t.due_date,
                       r.status, r.percent_complete, r.indicator_values::text, r.obstacles, r.bottleneck, r.proposal,
                       r.revision, r.first_submitted_at, r.on_time, r.submitted_at
                from programme_assignment a
                join programme_task t on t.id = a.task_id
                join programme_task_group g on g.id = t.group_id
                join programme_plan p on p.id = a.plan_id
                left join programme_report r on r.assignment_id = a.id and r.period = :period
                where p.status = 'ISSUED' and p.year = :year and\s""").append(acl.sql());
        if (unitId != null) sql.append(" and a.unit_id = :unit");
        sql.append(" order by p.code, g.ordinal, t.sort_key, a.unit_id limit :limit");
        var spec = acl.bind(jdbc.sql(sql.toString())).param("period", period.firstDay()).param("year", period.year())
                .param("limit", Math.clamp(limit, 1, 5000));
        if (unitId != null) spec = spec.param("unit", unitId);
        Map<Long, Plan> plans = new HashMap<>();
        List<Due> out = spec.query((rs, n) -> {
            long assignmentId = rs.getLong("id");
            Plan plan = plans.computeIfAbsent(rs.getLong("plan_id"), store::requirePlan);
            int revision = rs.getInt("revision");
            Report report = rs.wasNull() ? null : new Report(assignmentId, period, revision, content(rs, 11),
                    rs.getTimestamp("first_submitted_at").toInstant(), rs.getBoolean("on_time"), rs.getTimestamp("submitted_at").toInstant());
            return new Due(assignmentId, plan.id(), rs.getString("plan_code"), rs.getString("plan_title"), rs.getLong("task_id"),
                    rs.getString("task_code"), rs.getString("task_title"), SecrecyLevel.ofRank(rs.getInt("secrecy")), rs.getLong("unit_id"),
                    rs.getObject("due_date", LocalDate.class), plan.deadline(period), plan.locksAt(period, props.lockDays()), report);
        }).list();
        out.stream().map(Due::secrecy).max(Comparator.naturalOrder()).filter(SecrecyLevel::isClassified).ifPresent(level ->
                audit.recordSeparately("classified.read", "programme:due", AuditTrail.SUCCESS, period + " tasks up to " + level));
        return out;
    }

    /** Every revision of the assignment's reports, oldest first; optionally of one period. */
    public List<Revision> revisions(long assignmentId, @Nullable String periodText) {
        Assignment a = store.requireAssignment(assignmentId);
        Task task = store.requireTask(a.taskId());
        Plan plan = store.requirePlan(a.planId());
        Tasks.requireReadable(policy, task, plan, List.of(a.unitId()));
        Period period = periodText == null || periodText.isBlank() ? null : Period.parse("period", periodText);
        return revisionsOf(assignmentId, period);
    }

    private List<Revision> revisionsOf(long assignmentId, @Nullable Period period) {
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
