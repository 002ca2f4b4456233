package vn.truongson.programme;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
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

    /**
     * A report as an earlier record gives it (the Excel files kept before the platform, or the demo data): what
     * was reported, when it arrived, and who sent it, as that record names them.
     */
    public record HistoricalReport(long assignmentId, String period, Submission submission, Instant submittedAt, String reportedBy) {}

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


    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final ProgrammeProperties props;
    private final JsonMapper json;
    private final Clock clock;

    Reports(JdbcClient jdbc, NamedParameterJdbcTemplate named, ProgrammeStore store, AccessPolicy policy, AuditTrail audit, ApplicationEventPublisher events,
            ProgrammeProperties props, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
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
        Report.Content content = contentOf(s, task);

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
        // A task cancelled by an amendment in force at the period's end is no longer reported on (Amendments).
        Integer cancelled = store.cancelledIn(task.id());
        if (cancelled != null && store.versionOn(plan.id(), period.to()) >= cancelled) {
            throw new DomainException.Conflict("programme.task.cancelled", task.code());
        }
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

    /**
     * Back-fills reports that were submitted before the platform kept them (migration from the Excel files, and
     * the demo data), each at its real submission time rather than now: whether it was on time is judged against
     * that time, and a time after the period's lock is refused, exactly as a live submission then would have been.
     * Several reports for one assignment and period are its revisions, in the order given, which must be the
     * order of their times. For a coordinator of the plan's owner unit, who must also be cleared for every task
     * concerned. All or nothing: a bad report is named by its index ({@code reports[3].period}). The import is
     * audited once, as {@code programme.report.import} by the importing coordinator; each revision keeps
     * {@code reportedBy} as its sender. Answers the number of reports written.
     */
    @Transactional
    public int importHistorical(long planId, List<HistoricalReport> reports) {
        Plan plan = store.requirePlan(planId);
        policy.require(ProgrammeRoles.COORDINATOR, plan.asProtected());
        plan.requireIssued();
        Map<Long, Assignment> assignments = store.lockAssignments(reports.stream().map(HistoricalReport::assignmentId).distinct().toList());
        Map<Long, Task> tasks = new HashMap<>();
        for (Task t : store.tasks("t.plan_id = :plan", Map.of("plan", planId))) tasks.put(t.id(), t);
        Set<Long> cleared = new HashSet<>();
        Instant now = clock.instant();
        // Each report's predecessor: one look-up for the batch, then the batch's own reports as they are decided.
        Set<Period> asked = new HashSet<>();
        for (HistoricalReport h : reports) {
            try {
                asked.add(Period.parse("period", h.period()));
            } catch (DomainException.BadInput e) {
                // Named, with its index, in the loop below.
            }
        }
        Map<String, Report> latest = findAll(assignments.keySet(), asked);
        List<Saved> written = new ArrayList<>(reports.size());
        TreeSet<Period> periods = new TreeSet<>();
        for (int i = 0; i < reports.size(); i++) {
            HistoricalReport h = reports.get(i);
            String at = "reports[" + i + "].";
            Assignment a = assignments.get(h.assignmentId());
            if (a == null || a.planId() != planId) {
                throw new DomainException.BadInput(at + "assignmentId", "programme.report.import.assignment", Long.toString(h.assignmentId()), plan.code());
            }
            Task task = tasks.get(a.taskId());
            if (cleared.add(task.id())) policy.require(ProgrammeRoles.COORDINATOR, task.asProtected(plan.ownerUnitId()));
            Period period = Period.parse(at + "period", h.period());
            plan.requireWithinYear(at + "period", period);
            List<FieldError> errors = new ArrayList<>();
            Checks.text(errors, at + "reportedBy", h.reportedBy(), 200, false);
            if (h.submittedAt().isAfter(now)) errors.add(new FieldError(at + "submittedAt", "programme.historical.future"));
            else if (plan.issuedAt() != null && h.submittedAt().isBefore(plan.issuedAt())) {
                errors.add(new FieldError(at + "submittedAt", "programme.report.import.before-issue", plan.code()));
            }
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Report.Content content = prefixed(at, () -> contentOf(h.submission(), task));

            String key = a.id() + "/" + period;
            Report previous = latest.get(key);
            if (previous != null && h.submittedAt().isBefore(previous.submittedAt())) {
                throw new DomainException.BadInput(at + "submittedAt", "programme.report.import.order", period.toString());
            }
            Report report = Report.submit(previous, a.id(), period, content, h.submittedAt(), plan.deadline(period).toInstant(),
                    plan.locksAt(period, props.lockDays()));
            latest.put(key, report);
            written.add(new Saved(report, h.reportedBy().strip()));
            periods.add(period);
        }
        if (written.isEmpty()) return 0;
        save(written, plan.id());
        long late = written.stream().map(Saved::report).filter(r -> r.revision() == 1 && !r.onTime()).count();
        audit.record("programme.report.import", "plan:" + planId, AuditTrail.SUCCESS, written.size() + " historical reports of "
                + assignments.size() + " assignments, " + periods.first() + ".." + periods.last() + ", " + late + " first submitted late");
        for (Saved saved : written) {
            Report r = saved.report();
            Assignment a = assignments.get(r.assignmentId());
            events.publishEvent(new ReportSubmitted(a.id(), plan.id(), a.unitId(), r.period().toString(), r.revision(), r.onTime(), r.submittedAt()));
        }
        return written.size();
    }

    /** The submission as content for the task: status and percentage required, indicators the task's own. */
    private static Report.Content contentOf(Submission s, Task task) {
        if (s.status() == null) throw new DomainException.BadInput("status", "problem.field.required");
        if (s.percentComplete() == null) throw new DomainException.BadInput("percentComplete", "problem.field.required");
        Report.Content content = new Report.Content(s.status(), s.percentComplete(), s.indicatorValues() == null ? Map.of() : s.indicatorValues(),
                s.obstacles(), Boolean.TRUE.equals(s.bottleneck()), s.proposal());
        content.requireValidFigures();
        content.requireIndicatorsOf(task);
        return content;
    }

    /** Runs a check whose field errors name bare fields, naming them under {@code prefix} instead. */
    private static <T> T prefixed(String prefix, Supplier<T> check) {
        try {
            return check.get();
        } catch (DomainException.BadInput e) {
            throw new DomainException.BadInput(e.errors().stream().map(f -> new FieldError(prefix + f.field(), f.messageKey(), f.args())).toList());
        }
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
        return reportsWhere("assignment_id = :a and period = :p", Map.of("a", assignmentId, "p", period.firstDay())).stream().findFirst();
    }

    /** The reports, as they stand, of the assignments and periods a batch concerns, by {@code assignment/period}. */
    private Map<String, Report> findAll(Set<Long> assignmentIds, Set<Period> periods) {
        Map<String, Report> out = new HashMap<>();
        if (assignmentIds.isEmpty()) return out;
        reportsWhere("assignment_id = any(:a) and period = any(cast(:p as date[]))", Map.of("a", assignmentIds.toArray(Long[]::new),
                "p", periods.stream().map(p -> p.firstDay().toString()).toArray(String[]::new)))
                .forEach(r -> out.put(r.assignmentId() + "/" + r.period(), r));
        return out;
    }

    private List<Report> reportsWhere(String where, Map<String, ?> params) {
        var spec = jdbc.sql("""
                select assignment_id, period, revision, status, percent_complete, indicator_values::text, obstacles, bottleneck, proposal,
                       first_submitted_at, on_time, submitted_at
                from programme_report where\s""" + where);
        for (var e : params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        return spec.query((rs, n) -> new Report(rs.getLong(1), Period.ofFirstDay(rs.getObject(2, LocalDate.class)), rs.getInt(3), content(rs, 4),
                        rs.getTimestamp(10).toInstant(), rs.getBoolean(11), rs.getTimestamp(12).toInstant())).list();
    }

    private static final String SAVE_REPORT = """
            insert into programme_report (assignment_id, period, plan_id, revision, status, percent_complete, indicator_values, obstacles,
                                          bottleneck, proposal, first_submitted_at, on_time, submitted_at)
            values (:a, :p, :plan, :rev, :status, :pct, cast(:values as jsonb), :obstacles, :bottleneck, :proposal, :first, :onTime, :at)
            on conflict (assignment_id, period) do update set
                revision = excluded.revision, status = excluded.status, percent_complete = excluded.percent_complete,
                indicator_values = excluded.indicator_values, obstacles = excluded.obstacles, bottleneck = excluded.bottleneck,
                proposal = excluded.proposal, submitted_at = excluded.submitted_at""";

    private static final String SAVE_REVISION = """
            insert into programme_report_revision (assignment_id, period, revision, status, percent_complete, indicator_values, obstacles,
                                                   bottleneck, proposal, submitted_at, submitted_by)
            values (:a, :p, :rev, :status, :pct, cast(:values as jsonb), :obstacles, :bottleneck, :proposal, :at, :by)""";

    /** A report as it now stands, and the revision that made it, sent by {@code by}. */
    private record Saved(Report report, String by) {}

    private void save(Report r, long planId, String by) {
        save(List.of(new Saved(r, by)), planId);
    }

    /** Writes the reports and their revisions in two batches (each report before its revision row, which refers to it). */
    private void save(List<Saved> saved, long planId) {
        List<MapSqlParameterSource> rows = new ArrayList<>(saved.size());
        for (Saved s : saved) {
            Report r = s.report();
            Report.Content c = r.content();
            rows.add(new MapSqlParameterSource()
                    .addValue("a", r.assignmentId()).addValue("p", r.period().firstDay()).addValue("plan", planId).addValue("rev", r.revision())
                    .addValue("status", c.status().name()).addValue("pct", c.percentComplete())
                    .addValue("values", json.writeValueAsString(c.indicatorValues()))
                    .addValue("obstacles", c.obstacles()).addValue("bottleneck", c.bottleneck()).addValue("proposal", c.proposal())
                    .addValue("first", Timestamp.from(r.firstSubmittedAt())).addValue("onTime", r.onTime())
                    .addValue("at", Timestamp.from(r.submittedAt())).addValue("by", s.by()));
        }
        SqlParameterSource[] batch = rows.toArray(SqlParameterSource[]::new);
        if (batch.length == 1) {
            // One live submission: two plain statements.
            named.update(SAVE_REPORT, batch[0]);
            named.update(SAVE_REVISION, batch[0]);
        } else {
            named.batchUpdate(SAVE_REPORT, batch);
            named.batchUpdate(SAVE_REVISION, batch);
        }
    }

    /**
     * The stored figures, whatever was stored (issue 10, finding 6): a number of any length is read (a value stored before
     * the range held must not break the read; the readers mark it with {@code core.Inputs.validNumber}), what is not a
     * number is left out (the migration V520 marked it).
     */
    static Map<String, BigDecimal> storedValues(String text) {
        tools.jackson.databind.JsonNode n = STORED.readTree(text);
        Map<String, BigDecimal> values = new java.util.LinkedHashMap<>();
        if (n != null && n.isObject()) {
            for (var e : n.properties()) if (e.getValue().isNumber()) values.put(e.getKey(), e.getValue().decimalValue());
        }
        return values;
    }

    private static final tools.jackson.databind.json.JsonMapper STORED = tools.jackson.databind.json.JsonMapper.builder(
                    tools.jackson.core.json.JsonFactory.builder().streamReadConstraints(
                            tools.jackson.core.StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build()).build())
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** Columns from {@code first}: status, percent_complete, indicator_values, obstacles, bottleneck, proposal. */
    private Report.Content content(ResultSet rs, int first) throws SQLException {
        Map<String, BigDecimal> values = storedValues(rs.getString(first + 2));
        return new Report.Content(ReportStatus.valueOf(rs.getString(first)), rs.getBigDecimal(first + 1), values, rs.getString(first + 3),
                rs.getBoolean(first + 4), rs.getString(first + 5));
    }
}
