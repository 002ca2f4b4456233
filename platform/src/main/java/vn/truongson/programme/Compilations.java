package vn.truongson.programme;

import java.time.LocalDate;
import java.util.HashMap;
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
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/**
 * The compilation (tổng hợp) of a plan for one period, computed by PostgreSQL in one statement: the reports are
 * never loaded one by one, so a ministry of thousands of units compiles in one round trip.
 */
@Service
public class Compilations {

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final CompilationCache cache;

    Compilations(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, UnitHierarchy hierarchy, JsonMapper json, AuditTrail audit,
            CompilationCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.store = store;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.json = json;
        this.audit = audit;
    }

    /**
     * Compiles the period over the subtree of {@code unitId}, or over the whole plan. Allowed to a coordinator,
     * commander or reporter covering the plan's owner unit, or covering {@code unitId}. Tasks more secret than the
     * request may carry are left out altogether.
     */
    @Transactional(readOnly = true)
    public Compilation compile(long planId, @Nullable String periodText, @Nullable Long unitId) {
        Scope scope = scope(planId, unitId);
        Period period = Period.parse("period", periodText);
        scope.plan().requireWithinYear("period", period);
        Compiled c = run(scope, period);
        if (c.secrecy() > 0) auditClassified(planId, period + (unitId == null ? "" : " unit:" + unitId), c.secrecy());
        return c.compilation();
    }

    /**
     * Whom a compilation is for: the plan, the subtree's path (null for the whole plan) and the highest secrecy of
     * the tasks it may include. Refused unless the reader covers the plan's owner unit or {@code unitId}.
     */
    record Scope(Plan plan, @Nullable Long unitId, @Nullable String path, int level) {}

    Scope scope(long planId, @Nullable Long unitId) {
        Plan plan = store.requirePlan(planId);
        String scopePath = null;
        boolean readsPlan = policy.permits(ProgrammeRoles.READER, plan.asProtected());
        if (unitId != null) {
            var path = hierarchy.pathOf(unitId);
            if (!readsPlan) {
                // Hidden and missing alike (issue 10, finding 9): to a reader who does not read the whole plan, a unit he
                // does not cover and a unit that does not exist get the same refusal, with no id in it.
                if (path.isEmpty()) throw new DomainException.Forbidden("problem.forbidden");
                try {
                    policy.requireOnUnit(ProgrammeRoles.READER, unitId);
                } catch (DomainException.Forbidden e) {
                    throw new DomainException.Forbidden("problem.forbidden");
                }
            }
            scopePath = path.orElseThrow(() -> new DomainException.BadInput("unitId", "problem.unit.unknown", Long.toString(unitId)));
        } else if (!readsPlan) {
            policy.require(ProgrammeRoles.READER, plan.asProtected());
        }
        return new Scope(plan, unitId, scopePath, policy.visibility(ProgrammeRoles.READER).maxSecrecy().rank());
    }

    /** A compilation and the highest secrecy among the tasks it compiled (0 when none is classified). */
    record Compiled(Compilation compilation, int secrecy) {}

    /** Classified tasks were compiled: a read of classified data, audited like any (Decree 85/2016 logs). */
    void auditClassified(long planId, String what, int secrecy) {
        audit.recordSeparately("classified.read", "plan:" + planId, AuditTrail.SUCCESS, "compilation " + what + " up to " + SecrecyLevel.ofRank(secrecy));
    }

    /**
     * The compilation of an allowed scope, not audited: the caller audits a classified read once for all it compiles.
     * Kept per node for the plan's data version ({@link CompilationCache}); one read of that version per call.
     */
    Compiled run(Scope scope, Period period) {
        long planId = scope.plan().id();
        // The plan's data version: the sum of its counters (V580), which every committed change raises.
        long dataVersion = jdbc.sql("select coalesce(sum(version), 0) from programme_plan_version where plan_id = ?").param(planId).query(Long.class).single();
        return cache.get(new CompilationCache.Key(planId, period, scope.path(), scope.level(), dataVersion), () -> compute(scope, period));
    }

    private Compiled compute(Scope scope, Period period) {
        long planId = scope.plan().id();
        // JIT compilation costs more than it saves here: materialized CTEs carry no statistics, so the planner's
        // estimates run far past jit_above_cost, and compiling took longer than the query itself (bench/compilation.sh).
        jdbc.sql("set local jit = off").update();
        String sql = SQL.replace("/*unit*/", scope.path() == null ? "" : " and " + UnitHierarchy.unitIn("a.unit_id", "scope_units"));
        int version = store.versionOn(planId, period.to());
        var spec = jdbc.sql(sql).param("plan", planId).param("level", scope.level()).param("period", period.firstDay()).param("cutoffTo", period.to())
                .param("version", version);
        if (scope.path() != null) spec = spec.param("scope_units", hierarchy.unitsWithin(scope.path()));
        Raw raw = spec.query((rs, n) -> new Raw(rs.getLong("expected"), rs.getLong("received"), rs.getLong("on_time"), rs.getInt("secrecy"),
                rs.getString("missing"), rs.getString("tasks"), rs.getString("indicators"), rs.getString("bottlenecks"), rs.getString("proposals"),
                rs.getString("invalid")))
                .single();

        List<Compilation.Bottleneck> bottlenecks = json.readValue(raw.bottlenecks(), new TypeReference<List<RawBottleneck>>() {}).stream()
                .map(b -> new Compilation.Bottleneck(b.taskId(), b.unitId(), b.text(), Period.ofFirstDay(b.since())))
                .toList();
        Plan plan = scope.plan();
        return new Compiled(new Compilation(planId, period, scope.unitId(), version, plan.deadline(period), raw.expected(), raw.received(), raw.onTime(),
                ratio(raw.received(), raw.expected()), ratio(raw.onTime(), raw.expected()),
                json.readValue(raw.missing(), new TypeReference<List<Compilation.Missing>>() {}),
                json.readValue(raw.tasks(), new TypeReference<List<Compilation.TaskProgress>>() {}),
                json.readValue(raw.indicators(), new TypeReference<List<Compilation.IndicatorResult>>() {}),
                bottlenecks, json.readValue(raw.proposals(), new TypeReference<List<Compilation.Proposal>>() {}),
                json.readValue(raw.invalid(), new TypeReference<List<Compilation.InvalidValue>>() {})), raw.secrecy());
    }

    /**
     * The compilation, as {@link #compile} answers it under the same checks, with the plan and the details of the
     * tasks it lists: what the exported documents print beside the figures.
     */
    @Transactional(readOnly = true)
    public CompiledReport report(long planId, @Nullable String periodText, @Nullable Long unitId) {
        Compilation c = compile(planId, periodText, unitId);
        Plan plan = store.requirePlan(planId);
        Long[] ids = c.tasks().stream().map(Compilation.TaskProgress::taskId).toArray(Long[]::new);
        Map<Long, Task> tasks = new HashMap<>();
        if (ids.length > 0) store.asOf(store.tasks("t.id = any(:ids)", Map.of("ids", ids)), c.planVersion()).forEach(t -> tasks.put(t.id(), t));
        Map<Long, Plans.Group> groups = new HashMap<>();
        for (Plans.Group g : store.groups(planId)) {
            if (tasks.values().stream().anyMatch(t -> t.groupId() == g.id())) groups.put(g.id(), g);
        }
        return new CompiledReport(plan, c, tasks, groups);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private record Raw(long expected, long received, long onTime, int secrecy, String missing, String tasks, String indicators, String bottlenecks,
            String proposals, String invalid) {}

    private record RawBottleneck(long taskId, long unitId, @Nullable String text, LocalDate since) {}

    // The rules are API.md's "Programme tracking", each at one place:
    //  assigned – every assignment in scope (the plan's, of tasks the request may see, whose unit is in the subtree: the
    //             unit placeholder) with the report that contributes: this period's (received; on time as judged at its
    //             first submission), else its latest earlier one, else none (NOT_STARTED at 0 %). This period's reports
    //             come in one pass over the period's index; only the few assignments without one walk back in time.
    //  per_task – each task's counts, status and mean progress over its assignments in scope, in one pass;
    //  listed   – those tasks with what orders them; the totals add up per_task.
    //  indicators read each task's own indicator codes out of the contributing JSON (->>), no generic expansion: once per
    //             row ("offset 0" keeps the planner from inlining the extraction into each of the four aggregates, which
    //             then ran it four times), and each row feeds only its indicator's own aggregate (filter).
    // bench/compilation.sh measures it at 2,000 units × 100 tasks × 12 months against a hand-written aggregate.
    /** The platform's range (core.Inputs, API.md) in SQL: |x| ≤ 10¹⁵, at most 6 decimals. */
    private static String valid(String numeric) {
        return "(abs(" + numeric + ") <= 1e15 and scale(" + numeric + ") <= 6)";
    }

    /** A stored JSON figure as a number when it is one within the range, else null: a poisoned value never reaches the aggregates. */
    private static String value(String jsonb) {
        return "(case when jsonb_typeof(" + jsonb + ") = 'number' then case when " + valid("(" + jsonb + ")::numeric") + " then (" + jsonb
                + ")::numeric end end)";
    }

    private static final String SQL = expand("""
            with assigned as materialized (
                select a.id, a.task_id, a.unit_id,
                       r.assignment_id is not null as received,
                       coalesce(r.on_time, false) as on_time,
                       coalesce(r.status, e.status, 'NOT_STARTED') as status,
                       coalesce(r.percent_complete, e.percent_complete, 0) as percent,
                       coalesce(r.bottleneck, e.bottleneck, false) as bottleneck,
                       coalesce(r.obstacles, e.obstacles) as obstacles,
                       coalesce(r.indicator_values, e.indicator_values) as indicator_values,
                       nullif(btrim(r.proposal), '') as proposal
                from programme_assignment a
                join programme_task t on t.id = a.task_id
                left join programme_report r on r.assignment_id = a.id and r.plan_id = :plan and r.period = :period
                left join lateral (
                    select e.status, e.percent_complete, e.indicator_values, e.bottleneck, e.obstacles
                    from programme_report e
                    where r.assignment_id is null and e.assignment_id = a.id and e.period < :period
                    order by e.period desc
                    limit 1) e on true
                where a.plan_id = :plan and t.secrecy <= :level
                  and t.added_in <= :version and (t.cancelled_in is null or t.cancelled_in > :version) /*unit*/
            ),
            per_task as materialized (
                select x.task_id,
                       count(*) as expected, count(*) filter (where x.received) as received, count(*) filter (where x.on_time) as on_time,
                       case when bool_and(x.status = 'DONE') then 'DONE'
                            when bool_or(x.status = 'STALLED') then 'STALLED'
                            when bool_or(x.status <> 'NOT_STARTED') then 'IN_PROGRESS'
                            else 'NOT_STARTED' end as status,
                       avg(x.percent) as percent
                from assigned x
                group by x.task_id
            ),
            listed as materialized (
                select t.id, t.code, coalesce(s.due_date, t.due_date) as due_date, g.ordinal, t.sort_key, t.secrecy, p.status, p.percent
                from per_task p
                join programme_task t on t.id = p.task_id
                join programme_task_group g on g.id = t.group_id
                left join lateral (select s.due_date from programme_task_state s where s.task_id = t.id and s.version <= :version
                                   order by s.version desc limit 1) s on true
            )
            select
                n.expected, n.received, n.on_time,
                (select coalesce(max(secrecy), 0) from listed) as secrecy,
                (select coalesce(json_agg(json_build_object('assignmentId', x.id, 'taskId', x.task_id, 'unitId', x.unit_id)
                                          order by o.ordinal, o.sort_key, x.unit_id, x.id), '[]')
                   from assigned x join listed o on o.id = x.task_id
                  where not x.received) as missing,
                (select coalesce(json_agg(json_build_object('taskId', o.id, 'code', o.code, 'status', o.status, 'percentComplete', o.percent,
                                                            'overdue', o.due_date < :cutoffTo and o.status <> 'DONE')
                                          order by o.ordinal, o.sort_key), '[]')
                   from listed o) as tasks,
                (select coalesce(json_agg(json_build_object('taskId', o.id, 'code', i.code, 'target', i.valid_target, 'actual', q.actual,
                                                            'achievement', case when q.actual is null then null
                                                                                when i.higher_is_better then q.actual / nullif(i.valid_target, 0)
                                                                                else i.valid_target / nullif(q.actual, 0) end)
                                          order by o.ordinal, o.sort_key, i.ordinal), '[]')
                   from listed o
                   join lateral (select j.code, j.ordinal, j.higher_is_better, case when /*valid(j.target)*/ then j.target end as valid_target
                                   from (select k.code, k.ordinal, k.higher_is_better,
                                        coalesce((select s.target from programme_indicator_state s
                                                   where s.task_id = k.task_id and s.code = k.code and s.version <= :version
                                                   order by s.version desc limit 1), k.target) as target
                                   from programme_indicator k where k.task_id = o.id) j) i on true
                   join (select v.task_id, v.code,
                                case v.aggregation
                                     when 'SUM' then sum(v.value) filter (where v.aggregation = 'SUM')
                                     when 'AVERAGE' then avg(v.value) filter (where v.aggregation = 'AVERAGE')
                                     when 'MIN' then min(v.value) filter (where v.aggregation = 'MIN')
                                     else max(v.value) filter (where v.aggregation = 'MAX') end as actual
                           from (select x.task_id, k.code, k.aggregation, /*value(x.indicator_values -> k.code)*/ as value
                                   from assigned x
                                   join programme_indicator k on k.task_id = x.task_id
                                 offset 0) v
                          group by v.task_id, v.code, v.aggregation) q on q.task_id = o.id and q.code = i.code) as indicators,
                (select coalesce(json_agg(json_build_object('taskId', x.task_id, 'unitId', x.unit_id, 'text', x.obstacles,
                                                            'since', (select min(b.period) from programme_report b
                                                                       where b.assignment_id = x.id and b.bottleneck and b.period <= :period))
                                          order by o.ordinal, o.sort_key, x.unit_id, x.id), '[]')
                   from assigned x join listed o on o.id = x.task_id
                  where x.bottleneck and x.status <> 'DONE') as bottlenecks,
                (select coalesce(json_agg(json_build_object('taskId', x.task_id, 'unitId', x.unit_id, 'text', x.proposal)
                                          order by o.ordinal, o.sort_key, x.unit_id, x.id), '[]')
                   from assigned x join listed o on o.id = x.task_id
                  where x.proposal is not null) as proposals,
                (select coalesce(json_agg(json_build_object('taskId', v.task_id, 'assignmentId', v.assignment_id, 'unitId', v.unit_id, 'field', v.field)
                                          order by v.ordinal, v.sort_key, v.unit_id nulls first, v.assignment_id nulls first, v.field), '[]')
                   from (select o.id as task_id, x.id as assignment_id, x.unit_id, 'indicatorValues.' || k.code as field, o.ordinal, o.sort_key
                           from assigned x join listed o on o.id = x.task_id join programme_indicator k on k.task_id = x.task_id
                          where jsonb_typeof(x.indicator_values -> k.code) is not null and jsonb_typeof(x.indicator_values -> k.code) <> 'null'
                            and /*value(x.indicator_values -> k.code)*/ is null
                         union all
                         select o.id, null, null, 'indicators.' || j.code || '.target', o.ordinal, o.sort_key
                           from listed o
                           join lateral (select k.code, coalesce((select s.target from programme_indicator_state s
                                                   where s.task_id = k.task_id and s.code = k.code and s.version <= :version
                                                   order by s.version desc limit 1), k.target) as target
                                           from programme_indicator k where k.task_id = o.id) j on true
                          where not (/*valid(j.target)*/)) v) as invalid
            from (select coalesce(sum(expected), 0) as expected, coalesce(sum(received), 0) as received, coalesce(sum(on_time), 0) as on_time
                    from per_task) n
            """);

    private static String expand(String sql) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/\\*(valid|value)\\((.*?)\\)\\*/").matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(m.group(1).equals("valid") ? valid(m.group(2)) : value(m.group(2))));
        return m.appendTail(b).toString();
    }
}
