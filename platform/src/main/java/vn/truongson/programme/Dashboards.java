package vn.truongson.programme;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.core.DomainException;

/**
 * The commanders' dashboard (bảng điều hành) of a plan for one period over a unit's subtree: every figure is a
 * {@link Compilations compilation} of that scope, or of the subtrees just below it, under the same access rules;
 * nothing is counted a second way. A classified read is audited once per dashboard, not once per compilation.
 */
@Service
public class Dashboards {

    /** Red, amber, green (đỏ, vàng, xanh) of a task group; the rule is {@link #rag}. */
    public enum Rag { RED, AMBER, GREEN }

    /** Points (percent) by which a group's mean progress may trail its expected progress before it turns amber. */
    public static final double AMBER_TOLERANCE = 10;

    /** One period of the trend: completeness and timeliness (0..1), and the mean progress (0..100) of the tasks listed. */
    public record TrendPoint(Period period, long expected, double completeness, double timeliness, double progress) {}

    /**
     * A unit just below the scope (or, {@code own}, the scope unit's own assignments, outside its children's subtrees)
     * with its reporting figures: each is the compilation of that subtree, so the rows add up to the scope's.
     *
     * @param lateness the share of expected reports not received on time: (expected − on time) ÷ expected
     */
    public record UnitRow(long unitId, boolean own, boolean drillable, long expected, long received, long onTime, long overdueTasks,
            long bottlenecks) {
        public long late() { return received - onTime; }
        public long missing() { return expected - received; }
        public double lateness() { return expected == 0 ? 0 : (double) (expected - onTime) / expected; }
    }

    /** A task group's state: its listed tasks, counts, mean progress against the expected progress, and its colour. */
    public record GroupState(Plans.Group group, List<Compilation.TaskProgress> tasks, long done, long overdue, long stalled, long bottlenecks,
            double progress, double expectedProgress, Rag rag) {}

    public record Dashboard(Plan plan, Period period, @Nullable Long unitId, Compilation compilation, Map<ReportStatus, Long> statuses,
            long overdue, List<TrendPoint> trend, List<UnitRow> units, List<GroupState> groups, Map<Long, Task> tasks) {}

    /** One assignment of a task in the scope, with the report that contributes for the period (as the compilation takes it). */
    public record AssignmentState(long assignmentId, long unitId, @Nullable Long parentId, boolean received, boolean onTime,
            @Nullable Period reportedPeriod, ReportStatus status, BigDecimal percentComplete, boolean bottleneck, @Nullable String obstacles,
            @Nullable String proposal) {}

    public record TaskDrill(Plan plan, Task task, Period period, @Nullable Long unitId, Compilation.@Nullable TaskProgress progress,
            List<AssignmentState> assignments) {}

    private final Compilations compilations;
    private final ProgrammeStore store;
    private final UnitHierarchy hierarchy;
    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final JsonMapper json;

    Dashboards(Compilations compilations, ProgrammeStore store, UnitHierarchy hierarchy, JdbcClient jdbc, AccessPolicy policy,
            JsonMapper json) {
        this.compilations = compilations;
        this.store = store;
        this.hierarchy = hierarchy;
        this.jdbc = jdbc;
        this.policy = policy;
        this.json = json;
    }

    /** The task of an assignment of the plan; not found when the assignment belongs to another plan. */
    public long taskOfAssignment(long planId, long assignmentId) {
        Assignment a = store.requireAssignment(assignmentId);
        if (a.planId() != planId) throw new DomainException.NotFound("assignment", assignmentId);
        return a.taskId();
    }

    /**
     * The period a dashboard opens at: this month when it is in the plan's year; for a plan of a past year the last
     * period anybody reported in (else December); for a future year January.
     */
    public Period defaultPeriod(long planId, java.time.YearMonth now) {
        Plan plan = store.requirePlan(planId);
        if (now.getYear() == plan.year()) return new Period(now);
        if (now.getYear() < plan.year()) return Period.of(plan.year(), 1);
        LocalDate last = jdbc.sql("select max(period) from programme_report where plan_id = ?").param(planId).query(LocalDate.class).optional()
                .orElse(null);
        return last == null ? Period.of(plan.year(), 12) : Period.ofFirstDay(last);
    }

    /**
     * The scope a reader's dashboard opens at: the whole plan for a reader covering its owner unit, else the highest
     * unit where they hold a reading grant (a commander's own command). Null when the whole plan.
     */
    public @Nullable Long defaultScope(long planId) {
        Plan plan = store.requirePlan(planId);
        if (policy.permits(ProgrammeRoles.READER, plan.asProtected())) return null;
        var unitIds = policy.actor().grants().stream().filter(g -> ProgrammeRoles.READER.contains(g.role())).map(g -> g.unitId()).distinct().toList();
        return hierarchy.pathsOf(unitIds).entrySet().stream().min(Comparator.comparingInt((Map.Entry<Long, String> e) -> e.getValue().length())
                .thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).orElse(null);
    }

    @Transactional(readOnly = true)
    public Dashboard dashboard(long planId, @Nullable String periodText, @Nullable Long unitId) {
        Compilations.Scope scope = compilations.scope(planId, unitId);
        Plan plan = scope.plan();
        Period period = Period.parse("period", periodText);
        plan.requireWithinYear("period", period);
        int secrecy = 0;

        Compilations.Compiled now = compilations.run(scope, period);
        secrecy = Math.max(secrecy, now.secrecy());
        Compilation c = now.compilation();

        List<TrendPoint> trend = new ArrayList<>();
        for (int m = 1; m <= period.month().getMonthValue(); m++) {
            Period p = Period.of(plan.year(), m);
            Compilations.Compiled k = m == period.month().getMonthValue() ? now : compilations.run(scope, p);
            secrecy = Math.max(secrecy, k.secrecy());
            Compilation x = k.compilation();
            trend.add(new TrendPoint(p, x.expectedReports(), x.completeness(), x.timeliness(), meanProgress(x.tasks())));
        }

        // The units just below the scope, found from the assigned units' paths (so a unit without assignments is no row):
        // the children of the scope unit, or for the whole plan the children of the tree's root.
        String parentPath = scope.path();
        Map<Long, String> assignedPaths = hierarchy.pathsOf(assignedUnits(scope));
        if (parentPath == null) {
            parentPath = "/";
            var roots = assignedPaths.values().stream().map(q -> segmentAfter(q, "/")).distinct().toList();
            if (roots.size() == 1) parentPath = "/" + roots.getFirst() + "/";
        }
        Map<Long, String> childPaths = new LinkedHashMap<>();
        for (String q : assignedPaths.values()) {
            if (!q.startsWith(parentPath) || q.equals(parentPath)) continue;
            long child = segmentAfter(q, parentPath);
            childPaths.put(child, parentPath + child + "/");
        }
        List<UnitRow> rows = new ArrayList<>();
        long e = 0, r = 0, o = 0;
        for (var child : childPaths.entrySet()) {
            Compilations.Compiled k = compilations.run(new Compilations.Scope(plan, child.getKey(), child.getValue(), scope.level()), period);
            secrecy = Math.max(secrecy, k.secrecy());
            Compilation x = k.compilation();
            if (x.expectedReports() == 0) continue;
            e += x.expectedReports();
            r += x.receivedReports();
            o += x.onTimeReports();
            rows.add(new UnitRow(child.getKey(), false, true, x.expectedReports(), x.receivedReports(), x.onTimeReports(),
                    x.tasks().stream().filter(Compilation.TaskProgress::overdue).count(), x.bottlenecks().size()));
        }
        // The parent's own assignments: what the scope expects beyond its children's subtrees.
        if (c.expectedReports() > e && !"/".equals(parentPath)) {
            long parentId = lastId(parentPath);
            final long pid = parentId;
            rows.add(new UnitRow(parentId, true, false, c.expectedReports() - e, c.receivedReports() - r, c.onTimeReports() - o,
                    0, c.bottlenecks().stream().filter(b -> b.unitId() == pid).count()));
        }
        rows.sort(Comparator.comparingDouble(UnitRow::lateness).reversed().thenComparing(Comparator.comparingLong(UnitRow::missing).reversed())
                .thenComparingLong(UnitRow::unitId));

        Map<ReportStatus, Long> statuses = new EnumMap<>(ReportStatus.class);
        for (ReportStatus s : ReportStatus.values()) statuses.put(s, 0L);
        c.tasks().forEach(t -> statuses.merge(t.status(), 1L, Long::sum));
        long overdue = c.tasks().stream().filter(Compilation.TaskProgress::overdue).count();

        Map<Long, Task> tasks = new HashMap<>();
        Long[] ids = c.tasks().stream().map(Compilation.TaskProgress::taskId).toArray(Long[]::new);
        if (ids.length > 0) store.asOf(store.tasks("t.id = any(:ids)", Map.of("ids", ids)), c.planVersion()).forEach(t -> tasks.put(t.id(), t));
        Map<Long, Long> bottlenecksByTask = new HashMap<>();
        c.bottlenecks().forEach(b -> bottlenecksByTask.merge(b.taskId(), 1L, Long::sum));
        List<GroupState> groups = new ArrayList<>();
        for (Plans.Group g : store.groups(planId)) {
            List<Compilation.TaskProgress> in = c.tasks().stream().filter(t -> tasks.get(t.taskId()).groupId() == g.id()).toList();
            if (in.isEmpty()) continue;
            long done = in.stream().filter(t -> t.status() == ReportStatus.DONE).count();
            long late = in.stream().filter(Compilation.TaskProgress::overdue).count();
            long stalled = in.stream().filter(t -> t.status() == ReportStatus.STALLED).count();
            long open = in.stream().mapToLong(t -> bottlenecksByTask.getOrDefault(t.taskId(), 0L)).sum();
            double progress = meanProgress(in);
            double expected = in.stream().mapToDouble(t -> expectedProgress(plan.year(), tasks.get(t.taskId()).dueDate(), period)).average().orElse(0);
            groups.add(new GroupState(g, in, done, late, stalled, open, progress, expected, rag(late, stalled, open, progress, expected)));
        }
        if (secrecy > 0) compilations.auditClassified(planId, "dashboard " + period + (unitId == null ? "" : " unit:" + unitId), secrecy);
        return new Dashboard(plan, period, unitId, c, statuses, overdue, trend, rows, groups, tasks);
    }

    /**
     * The rule written on the dashboard: RED when a task of the group is overdue or stalled; else AMBER when a
     * bottleneck is open or the group's mean progress trails its expected progress by more than
     * {@link #AMBER_TOLERANCE} points; else GREEN.
     */
    public static Rag rag(long overdue, long stalled, long bottlenecks, double progress, double expectedProgress) {
        if (overdue > 0 || stalled > 0) return Rag.RED;
        if (bottlenecks > 0 || progress < expectedProgress - AMBER_TOLERANCE) return Rag.AMBER;
        return Rag.GREEN;
    }

    /**
     * Where a task should stand at the period's end if it moved evenly from the plan year's first day to its due
     * date: elapsed ÷ allowed, 0..100.
     */
    public static double expectedProgress(int year, LocalDate due, Period period) {
        LocalDate start = LocalDate.of(year, 1, 1);
        long allowed = ChronoUnit.DAYS.between(start, due) + 1;
        if (allowed <= 0) return 100;
        long elapsed = ChronoUnit.DAYS.between(start, period.to()) + 1;
        return Math.clamp(100.0 * elapsed / allowed, 0, 100);
    }

    static double meanProgress(List<Compilation.TaskProgress> tasks) {
        return tasks.stream().mapToDouble(Compilation.TaskProgress::percentComplete).average().orElse(0);
    }

    /** The id that follows {@code prefix} in a unit's path: '/1/5/23/' after '/1/' is 5. */
    static long segmentAfter(String path, String prefix) {
        int from = prefix.length();
        int to = path.indexOf('/', from);
        return Long.parseLong(path.substring(from, to));
    }

    /** The unit a path ends with: '/1/5/' is 5. */
    static long lastId(String path) {
        String p = path.substring(0, path.length() - 1);
        return Long.parseLong(p.substring(p.lastIndexOf('/') + 1));
    }

    /** The units that hold an assignment of a task the scope may include. */
    private List<Long> assignedUnits(Compilations.Scope scope) {
        String sql = """
                select distinct a.unit_id from programme_assignment a join programme_task t on t.id = a.task_id
                where a.plan_id = :plan and t.secrecy <= :level /*unit*/""".replace("/*unit*/",
                scope.path() == null ? "" : " and " + UnitHierarchy.unitIn("a.unit_id", "scope_units"));
        var spec = jdbc.sql(sql).param("plan", scope.plan().id()).param("level", scope.level());
        if (scope.path() != null) spec = spec.param("scope_units", hierarchy.unitsWithin(scope.path()));
        return spec.query(Long.class).list();
    }

    /**
     * A task of the plan drilled into from the dashboard: its assignments within the scope, each with the report
     * that contributes to the period's compilation. The same refusals as the compilation of that scope; a task more
     * secret than the request may carry is not found.
     */
    @Transactional(readOnly = true)
    public TaskDrill task(long planId, long taskId, @Nullable String periodText, @Nullable Long unitId) {
        Compilations.Scope scope = compilations.scope(planId, unitId);
        Period period = Period.parse("period", periodText);
        scope.plan().requireWithinYear("period", period);
        Task task = store.task(taskId).filter(t -> t.planId() == planId && t.secrecy().rank() <= scope.level())
                .orElseThrow(() -> new DomainException.NotFound("task", taskId));
        String sql = """
                select a.id, a.unit_id, a.parent_id,
                       r.assignment_id is not null as received, coalesce(r.on_time, false) as on_time,
                       coalesce(r.period, e.period) as reported_period,
                       coalesce(r.status, e.status, 'NOT_STARTED') as status,
                       coalesce(r.percent_complete, e.percent_complete, 0) as percent,
                       coalesce(r.bottleneck, e.bottleneck, false) as bottleneck,
                       coalesce(r.obstacles, e.obstacles) as obstacles,
                       coalesce(r.proposal, e.proposal) as proposal
                from programme_assignment a
                left join programme_report r on r.assignment_id = a.id and r.period = :period
                left join lateral (
                    select e.period, e.status, e.percent_complete, e.bottleneck, e.obstacles, e.proposal
                    from programme_report e
                    where r.assignment_id is null and e.assignment_id = a.id and e.period < :period
                    order by e.period desc limit 1) e on true
                where a.task_id = :task /*unit*/
                order by a.id""".replace("/*unit*/", scope.path() == null ? "" : " and " + UnitHierarchy.unitIn("a.unit_id", "scope_units"));
        var spec = jdbc.sql(sql).param("task", taskId).param("period", period.firstDay());
        if (scope.path() != null) spec = spec.param("scope_units", hierarchy.unitsWithin(scope.path()));
        List<AssignmentState> states = spec.query(Dashboards::state).list();
        if (states.isEmpty()) throw new DomainException.NotFound("task", taskId);
        Compilations.Compiled c = compilations.run(scope, period);
        if (task.secrecy().isClassified()) compilations.auditClassified(planId, "task:" + taskId + " " + period, task.secrecy().rank());
        var progress = c.compilation().tasks().stream().filter(t -> t.taskId() == taskId).findFirst().orElse(null);
        return new TaskDrill(scope.plan(), task, period, unitId, progress, states);
    }

    private static AssignmentState state(ResultSet rs, int n) throws SQLException {
        long parent = rs.getLong("parent_id");
        Long parentId = rs.wasNull() ? null : parent;
        LocalDate reported = rs.getObject("reported_period", LocalDate.class);
        return new AssignmentState(rs.getLong("id"), rs.getLong("unit_id"), parentId, rs.getBoolean("received"), rs.getBoolean("on_time"),
                reported == null ? null : Period.ofFirstDay(reported), ReportStatus.valueOf(rs.getString("status")), rs.getBigDecimal("percent"),
                rs.getBoolean("bottleneck"), rs.getString("obstacles"), rs.getString("proposal"));
    }
}
