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

    Compilations(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, UnitHierarchy hierarchy, JsonMapper json, AuditTrail audit) {
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
        Plan plan = store.requirePlan(planId);
        String scopePath = null;
        if (unitId != null) {
            scopePath = hierarchy.pathOf(unitId).orElseThrow(
                    () -> new DomainException.BadInput("unitId", "problem.unit.unknown", Long.toString(unitId)));
        }
        if (!policy.permits(ProgrammeRoles.READER, plan.asProtected())) {
            if (unitId == null) policy.require(ProgrammeRoles.READER, plan.asProtected());
            else policy.requireOnUnit(ProgrammeRoles.READER, unitId);
        }
        Period period = Period.parse("period", periodText);
        plan.requireWithinYear("period", period);
        int level = policy.visibility(ProgrammeRoles.READER).maxSecrecy().rank();

        String sql = SQL.replace("/*unit*/", scopePath == null ? "" : " and " + hierarchy.withinSubtreesSql("a.unit_id", "scope_paths"));
        var spec = jdbc.sql(sql).param("plan", planId).param("level", level).param("period", period.firstDay()).param("cutoffTo", period.to());
        if (scopePath != null) spec = spec.param("scope_paths", new String[] {scopePath});
        Raw raw = spec.query((rs, n) -> new Raw(rs.getLong("expected"), rs.getLong("received"), rs.getLong("on_time"), rs.getInt("secrecy"),
                rs.getString("missing"), rs.getString("tasks"), rs.getString("indicators"), rs.getString("bottlenecks"))).single();
        if (raw.secrecy() > 0) {
            // Classified tasks were compiled: a read of classified data, audited like any (Decree 85/2016 logs).
            audit.recordSeparately("classified.read", "plan:" + planId, AuditTrail.SUCCESS,
                    "compilation " + period + (unitId == null ? "" : " unit:" + unitId) + " up to " + SecrecyLevel.ofRank(raw.secrecy()));
        }

        List<Compilation.Bottleneck> bottlenecks = json.readValue(raw.bottlenecks(), new TypeReference<List<RawBottleneck>>() {}).stream()
                .map(b -> new Compilation.Bottleneck(b.taskId(), b.unitId(), b.text(), Period.ofFirstDay(b.since())))
                .toList();
        return new Compilation(planId, period, unitId, plan.deadline(period), raw.expected(), raw.received(), raw.onTime(),
                ratio(raw.received(), raw.expected()), ratio(raw.onTime(), raw.expected()),
                json.readValue(raw.missing(), new TypeReference<List<Compilation.Missing>>() {}),
                json.readValue(raw.tasks(), new TypeReference<List<Compilation.TaskProgress>>() {}),
                json.readValue(raw.indicators(), new TypeReference<List<Compilation.IndicatorResult>>() {}),
                bottlenecks);
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
        if (ids.length > 0) store.tasks("t.id = any(:ids)", Map.of("ids", ids)).forEach(t -> tasks.put(t.id(), t));
        Map<Long, Plans.Group> groups = new HashMap<>();
        for (Plans.Group g : store.groups(planId)) {
            if (tasks.values().stream().anyMatch(t -> t.groupId() == g.id())) groups.put(g.id(), g);
        }
        return new CompiledReport(plan, c, tasks, groups);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private record Raw(long expected, long received, long onTime, int secrecy, String missing, String tasks, String indicators, String bottlenecks) {}

    private record RawBottleneck(long taskId, long unitId, @Nullable String text, LocalDate since) {}

    // The rules are API.md's "Programme tracking", each at one place:
    //  scope        – the plan's assignments whose unit is in the subtree (the unit placeholder), of tasks the request may see;
    //  contributing – per assignment, its report for this period (received; on time as judged at its first submission), or
    //                 else its latest earlier one: most assignments have the former, so only the rest walk back in time;
    //  assigned     – every assignment in scope, one with no report yet counting as NOT_STARTED at 0 %;
    //  valued       – each indicator value an assignment contributes, extracted from its JSON once.
    private static final String SQL = """
            with scope as materialized (
                select a.id, a.task_id, a.unit_id
                from programme_assignment a
                join programme_task t on t.id = a.task_id
                where a.plan_id = :plan and t.secrecy <= :level /*unit*/
            ),
            contributing as materialized (
                select r.assignment_id, r.status, r.percent_complete, r.indicator_values, r.bottleneck, r.obstacles,
                       true as received, r.on_time
                from programme_report r
                join scope s on s.id = r.assignment_id
                where r.plan_id = :plan and r.period = :period
                union all
                select s.id, e.status, e.percent_complete, e.indicator_values, e.bottleneck, e.obstacles, false, false
                from scope s
                cross join lateral (
                    select e.status, e.percent_complete, e.indicator_values, e.bottleneck, e.obstacles
                    from programme_report e
                    where e.assignment_id = s.id and e.period < :period
                    order by e.period desc
                    limit 1) e
                where not exists (select 1 from programme_report r where r.assignment_id = s.id and r.period = :period)
            ),
            assigned as materialized (
                select s.id, s.task_id, s.unit_id,
                       coalesce(c.status, 'NOT_STARTED') as status,
                       coalesce(c.percent_complete, 0) as percent,
                       coalesce(c.bottleneck, false) as bottleneck,
                       c.obstacles,
                       coalesce(c.received, false) as received,
                       coalesce(c.on_time, false) as on_time
                from scope s
                left join contributing c on c.assignment_id = s.id
            ),
            valued as materialized (
                select s.task_id, v.key as code, v.value::numeric as value
                from contributing c
                join scope s on s.id = c.assignment_id
                cross join lateral jsonb_each_text(c.indicator_values) v
                where v.value is not null
            ),
            listed as materialized (
                select t.id, t.code, t.due_date, g.ordinal, t.sort_key, t.secrecy
                from programme_task t
                join programme_task_group g on g.id = t.group_id
                where t.id in (select task_id from scope)
            )
            select
                (select count(*) from assigned) as expected,
                (select coalesce(max(secrecy), 0) from listed) as secrecy,
                (select count(*) from assigned where received) as received,
                (select count(*) from assigned where on_time) as on_time,
                (select coalesce(json_agg(json_build_object('assignmentId', x.id, 'taskId', x.task_id, 'unitId', x.unit_id)
                                          order by o.ordinal, o.sort_key, x.unit_id, x.id), '[]')
                   from assigned x join listed o on o.id = x.task_id
                  where not x.received) as missing,
                (select coalesce(json_agg(json_build_object('taskId', q.id, 'code', q.code, 'status', q.status,
                                                            'percentComplete', q.percent, 'overdue', q.overdue)
                                          order by q.ordinal, q.sort_key), '[]')
                   from (select o.id, o.code, o.ordinal, o.sort_key,
                                case when bool_and(x.status = 'DONE') then 'DONE'
                                     when bool_or(x.status = 'STALLED') then 'STALLED'
                                     when bool_or(x.status <> 'NOT_STARTED') then 'IN_PROGRESS'
                                     else 'NOT_STARTED' end as status,
                                avg(x.percent) as percent,
                                o.due_date < :cutoffTo and not bool_and(x.status = 'DONE') as overdue
                           from assigned x join listed o on o.id = x.task_id
                          group by o.id, o.code, o.ordinal, o.sort_key, o.due_date) q) as tasks,
                (select coalesce(json_agg(json_build_object('taskId', q.task_id, 'code', q.code, 'target', q.target, 'actual', q.actual,
                                                            'achievement', case when q.actual is null then null
                                                                                when q.higher_is_better then q.actual / nullif(q.target, 0)
                                                                                else q.target / nullif(q.actual, 0) end)
                                          order by q.ordinal, q.sort_key, q.indicator_ordinal), '[]')
                   from (select o.id as task_id, o.ordinal, o.sort_key, i.code, i.ordinal as indicator_ordinal, i.target, i.higher_is_better,
                                case i.aggregation
                                     when 'SUM' then sum(v.value)
                                     when 'AVERAGE' then avg(v.value)
                                     when 'MIN' then min(v.value)
                                     else max(v.value) end as actual
                           from listed o
                           join programme_indicator i on i.task_id = o.id
                           left join valued v on v.task_id = o.id and v.code = i.code
                          group by o.id, o.ordinal, o.sort_key, i.code, i.ordinal, i.target, i.higher_is_better, i.aggregation) q) as indicators,
                (select coalesce(json_agg(json_build_object('taskId', x.task_id, 'unitId', x.unit_id, 'text', x.obstacles,
                                                            'since', (select min(b.period) from programme_report b
                                                                       where b.assignment_id = x.id and b.bottleneck and b.period <= :period))
                                          order by o.ordinal, o.sort_key, x.unit_id, x.id), '[]')
                   from assigned x join listed o on o.id = x.task_id
                  where x.bottleneck and x.status <> 'DONE') as bottlenecks
            """;
}
