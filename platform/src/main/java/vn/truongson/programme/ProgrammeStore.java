package vn.truongson.programme;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/** The programme's rows as records, without policy checks: the services above it decide who may see what. */
@Component
class ProgrammeStore {

    static final String PLAN_COLUMNS = """
            p.id, p.code, p.title, p.year, p.kind, p.theme, p.breakthrough, p.owner_unit_id, p.report_due_day, p.status, p.issued_at""";
    static final String TASK_COLUMNS = """
            t.id, t.plan_id, t.group_id, t.code, t.title, t.lead_unit_id, t.support_unit_ids, t.expected_result, t.due_date, t.secrecy""";
    static final String ASSIGNMENT_COLUMNS = "a.id, a.plan_id, a.task_id, a.unit_id, a.parent_id";

    private final JdbcClient jdbc;

    ProgrammeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- plans -----------------------------------------------------------------------------------

    Optional<Plan> plan(long id) {
        return jdbc.sql("select " + PLAN_COLUMNS + " from programme_plan p where p.id = ?").param(id).query(ProgrammeStore::plan).optional();
    }

    Plan requirePlan(long id) {
        return plan(id).orElseThrow(() -> new DomainException.NotFound("plan", id));
    }

    /** The plan, its row locked until the transaction ends, so that changes to it (issuing, adding tasks) take turns. */
    Plan lockPlan(long id) {
        return jdbc.sql("select " + PLAN_COLUMNS + " from programme_plan p where p.id = ? for update").param(id).query(ProgrammeStore::plan)
                .optional().orElseThrow(() -> new DomainException.NotFound("plan", id));
    }

    static Plan plan(ResultSet rs, int n) throws SQLException {
        Timestamp issued = rs.getTimestamp("issued_at");
        return new Plan(rs.getLong("id"), rs.getString("code"), rs.getString("title"), rs.getInt("year"), PlanKind.valueOf(rs.getString("kind")),
                rs.getString("theme"), rs.getString("breakthrough"), rs.getLong("owner_unit_id"), rs.getInt("report_due_day"),
                PlanStatus.valueOf(rs.getString("status")), issued == null ? null : issued.toInstant());
    }

    // ---- versions (amendments) -------------------------------------------------------------------

    /** The plan's current version: 1 as issued, one more for each amendment. */
    int planVersion(long planId) {
        return jdbc.sql("select version from programme_plan where id = ?").param(planId).query(Integer.class).single();
    }

    /** The version in force on a day: the latest amendment decided on or before it, else 1 (Amendments). */
    int versionOn(long planId, java.time.LocalDate day) {
        return jdbc.sql("select coalesce(max(version), 1) from programme_amendment where plan_id = ? and decided_on <= ?")
                .params(planId, java.sql.Date.valueOf(day)).query(Integer.class).single();
    }

    /** The version that cancelled the task, or null while it stands. */
    @org.jspecify.annotations.Nullable Integer cancelledIn(long taskId) {
        return jdbc.sql("select cancelled_in from programme_task where id = ?").param(taskId).query(Integer.class).optional().orElse(null);
    }

    /** The plan's cancelled tasks and the version that cancelled each. */
    Map<Long, Integer> cancelledTasks(long planId) {
        Map<Long, Integer> out = new HashMap<>();
        jdbc.sql("select id, cancelled_in from programme_task where plan_id = ? and cancelled_in is not null").param(planId)
                .query(rs -> { out.put(rs.getLong(1), rs.getInt(2)); });
        return out;
    }

    /**
     * The tasks as they stood at a plan version: due date, lead unit and targets as the amendments in force had set
     * them (a task no amendment changed is as it is now).
     */
    List<Task> asOf(List<Task> tasks, int version) {
        if (tasks.isEmpty()) return tasks;
        Long[] ids = tasks.stream().map(Task::id).toArray(Long[]::new);
        record State(java.time.LocalDate due, long lead) {}
        Map<Long, State> states = new HashMap<>();
        jdbc.sql("""
                select distinct on (task_id) task_id, due_date, lead_unit_id from programme_task_state
                where task_id = any(:ids) and version <= :v order by task_id, version desc""")
                .param("ids", ids).param("v", version)
                .query(rs -> { states.put(rs.getLong(1), new State(rs.getObject(2, java.time.LocalDate.class), rs.getLong(3))); });
        Map<String, java.math.BigDecimal> targets = new HashMap<>();
        jdbc.sql("""
                select distinct on (task_id, code) task_id, code, target from programme_indicator_state
                where task_id = any(:ids) and version <= :v order by task_id, code, version desc""")
                .param("ids", ids).param("v", version)
                .query(rs -> { targets.put(rs.getLong(1) + "/" + rs.getString(2), rs.getBigDecimal(3)); });
        if (states.isEmpty() && targets.isEmpty()) return tasks;
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            State st = states.get(t.id());
            List<Task.Indicator> inds = t.indicators().stream().map(i -> {
                java.math.BigDecimal target = targets.get(t.id() + "/" + i.code());
                return target == null ? i : new Task.Indicator(i.code(), i.name(), i.unit(), target, i.aggregation(), i.higherIsBetter());
            }).toList();
            out.add(new Task(t.id(), t.planId(), t.groupId(), t.code(), t.title(), st == null ? t.leadUnitId() : st.lead(), t.supportUnitIds(),
                    t.expectedResult(), st == null ? t.dueDate() : st.due(), t.secrecy(), inds));
        }
        return out;
    }

    // ---- groups ----------------------------------------------------------------------------------

    List<Plans.Group> groups(long planId) {
        return jdbc.sql("select id, plan_id, ordinal, title from programme_task_group where plan_id = ? order by ordinal").param(planId)
                .query((rs, n) -> new Plans.Group(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4))).list();
    }

    // ---- tasks -----------------------------------------------------------------------------------

    Optional<Task> task(long id) {
        return tasks("t.id = :id", Map.of("id", id)).stream().findFirst();
    }

    Task requireTask(long id) {
        return task(id).orElseThrow(() -> new DomainException.NotFound("task", id));
    }

    /**
     * The condition, on alias {@code t}, for the tasks of a plan that a reader may see: no more secret than the
     * request may carry, and, unless the reader covers the plan's owner, led by or assigned to a unit they cover.
     */
    static SqlFilter visibleTasks(Visibility v, String planIdSql, boolean ownerCovered) {
        Map<String, Object> params = new HashMap<>();
        params.put("prog_level", v.maxSecrecy().rank());
        StringBuilder sql = new StringBuilder("t.plan_id = " + planIdSql + " and t.secrecy <= :prog_level");
        if (!ownerCovered) {
            SqlFilter lead = v.where("t.lead_unit_id", null);
            SqlFilter assigned = v.where("va.unit_id", null);
            params.putAll(lead.params());
            params.putAll(assigned.params());
            sql.append(" and ((").append(lead.sql()).append(") or exists (select 1 from programme_assignment va where va.task_id = t.id and (")
                    .append(assigned.sql()).append(")))");
        }
        return new SqlFilter(sql.toString(), params);
    }

    /** Tasks matching a condition on alias {@code t}, in plan order, each with its indicators. */
    List<Task> tasks(String where, Map<String, ?> params) {
        var spec = jdbc.sql("select " + TASK_COLUMNS + " from programme_task t join programme_task_group g on g.id = t.group_id where " + where
                + " order by g.ordinal, t.sort_key");
        for (var e : params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        List<Task> bare = spec.query(ProgrammeStore::bareTask).list();
        if (bare.isEmpty()) return bare;
        Map<Long, List<Task.Indicator>> indicators = new HashMap<>();
        jdbc.sql("""
                select task_id, code, name, measure, target, aggregation, higher_is_better from programme_indicator
                where task_id = any(:ids) order by task_id, ordinal""")
                .param("ids", bare.stream().map(Task::id).toArray(Long[]::new))
                .query(rs -> {
                    indicators.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Task.Indicator(rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getBigDecimal(5), Aggregation.valueOf(rs.getString(6)), rs.getBoolean(7)));
                });
        List<Task> out = new ArrayList<>(bare.size());
        for (Task t : bare) {
            out.add(new Task(t.id(), t.planId(), t.groupId(), t.code(), t.title(), t.leadUnitId(), t.supportUnitIds(), t.expectedResult(),
                    t.dueDate(), t.secrecy(), indicators.getOrDefault(t.id(), List.of())));
        }
        return out;
    }

    private static Task bareTask(ResultSet rs, int n) throws SQLException {
        List<Long> support = new ArrayList<>();
        Array a = rs.getArray("support_unit_ids");
        if (a != null) {
            for (Object o : (Object[]) a.getArray()) support.add(((Number) o).longValue());
        }
        return new Task(rs.getLong("id"), rs.getLong("plan_id"), rs.getLong("group_id"), rs.getString("code"), rs.getString("title"),
                rs.getLong("lead_unit_id"), support, rs.getString("expected_result"), rs.getObject("due_date", java.time.LocalDate.class),
                SecrecyLevel.ofRank(rs.getInt("secrecy")), List.of());
    }

    // ---- assignments -----------------------------------------------------------------------------

    Optional<Assignment> assignment(long id) {
        return jdbc.sql("select " + ASSIGNMENT_COLUMNS + " from programme_assignment a where a.id = ?").param(id)
                .query(ProgrammeStore::assignment).optional();
    }

    Assignment requireAssignment(long id) {
        return assignment(id).orElseThrow(() -> new DomainException.NotFound("assignment", id));
    }

    /** The assignment, locked: one submission at a time per assignment, so revisions number without gaps. */
    Assignment lockAssignment(long id) {
        return jdbc.sql("select " + ASSIGNMENT_COLUMNS + " from programme_assignment a where a.id = ? for update").param(id)
                .query(ProgrammeStore::assignment).optional().orElseThrow(() -> new DomainException.NotFound("assignment", id));
    }

    /** The assignments among {@code ids} that exist, by id, locked in id order (so that two batches cannot deadlock). */
    Map<Long, Assignment> lockAssignments(List<Long> ids) {
        Map<Long, Assignment> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        jdbc.sql("select " + ASSIGNMENT_COLUMNS + " from programme_assignment a where a.id = any(:ids) order by a.id for update")
                .param("ids", ids.toArray(Long[]::new))
                .query(ProgrammeStore::assignment).list().forEach(a -> out.put(a.id(), a));
        return out;
    }

    List<Assignment> assignmentsOf(long taskId) {
        return jdbc.sql("select " + ASSIGNMENT_COLUMNS + " from programme_assignment a where a.task_id = ? order by a.id").param(taskId)
                .query(ProgrammeStore::assignment).list();
    }

    static Assignment assignment(ResultSet rs, int n) throws SQLException {
        long parent = rs.getLong("parent_id");
        return new Assignment(rs.getLong("id"), rs.getLong("plan_id"), rs.getLong("task_id"), rs.getLong("unit_id"), rs.wasNull() ? null : parent);
    }
}
