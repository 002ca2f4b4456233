package vn.truongson.programme;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.paper.Figures;

/**
 * Amendments (sửa đổi, bổ sung) of an issued plan. Each has a number, a reason and the date it was decided, and
 * makes a new plan version; it may add tasks, change tasks' due dates, lead units and indicator targets, and cancel
 * tasks. Only a coordinator of the plan's owner unit amends, all of an amendment or nothing, audited.
 *
 * <p>What a period compiles against: the version in force at the period's end (its cut-off's last day, the 14th),
 * that is the latest amendment decided on or before that day, else the plan as issued. Tasks added by a later
 * amendment, and tasks cancelled by an amendment in force, are not expected in that period; due dates and targets
 * are those of the version in force.
 */
@Service
public class Amendments {

    /** A change to one task: each field left null stays as it is; {@code targets} by indicator code. */
    public record TaskChange(@Nullable Long taskId, @Nullable LocalDate dueDate, @Nullable Long leadUnitId, @Nullable Map<String, BigDecimal> targets) {}

    public record NewAmendment(@Nullable String number, @Nullable String reason, @Nullable LocalDate decidedOn, List<Tasks.NewTask> addTasks,
            List<TaskChange> changeTasks, List<Long> cancelTasks) {}

    public enum ChangeKind { ADD_TASK, DUE_DATE, LEAD_UNIT, TARGET, CANCEL_TASK }

    /** One line of what an amendment changed: the task (by id and code), the indicator for a target, old and new values as text. */
    public record Change(ChangeKind kind, long taskId, String taskCode, @Nullable String indicator, @Nullable String from, @Nullable String to) {}

    public record Amendment(long id, long planId, int version, String number, String reason, LocalDate decidedOn, String createdBy,
            List<Change> changes) {}

    /** A task's place in the versions: the version that added it (1: as issued), and the one that cancelled it. */
    public record TaskVersion(int addedIn, @Nullable Integer cancelledIn) {}

    static final int MAX_CHANGES = 500;

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final Tasks tasks;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final AuditTrail audit;
    private final Clock clock;

    Amendments(JdbcClient jdbc, ProgrammeStore store, Tasks tasks, AccessPolicy policy, UnitHierarchy hierarchy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.tasks = tasks;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Amends an issued plan. Refused with nothing written: 403 unless a coordinator of the owner unit; 409 on a draft
     * (a draft is edited directly); 400 naming the field for a blank or taken number, a blank reason, a date before the
     * issue or the previous amendment or after today, no change at all, an unknown or cancelled task, an unknown unit
     * or indicator, a due date outside the plan's year, or a bad added task ({@code addTasks[0].code}).
     */
    @Transactional
    public Amendment amend(long planId, NewAmendment n) {
        Plan plan = store.lockPlan(planId);
        policy.require(ProgrammeRoles.COORDINATOR, plan.asProtected());
        plan.requireIssued();
        int version = store.planVersion(planId) + 1;

        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "number", n.number(), 64, false);
        Checks.text(errors, "reason", n.reason(), 4000, true);
        LocalDate today = LocalDate.now(clock.withZone(Period.ZONE));
        LocalDate issuedOn = plan.issuedAt() == null ? today : plan.issuedAt().atZone(Period.ZONE).toLocalDate();
        LocalDate previous = jdbc.sql("select max(decided_on) from programme_amendment where plan_id = ?").param(planId)
                .query(LocalDate.class).optional().orElse(null);
        if (n.decidedOn() == null) errors.add(new FieldError("decidedOn", "problem.field.required"));
        else if (n.decidedOn().isAfter(today)) errors.add(new FieldError("decidedOn", "programme.amendment.future"));
        else if (n.decidedOn().isBefore(issuedOn)) errors.add(new FieldError("decidedOn", "programme.amendment.before-issue", Figures.date(issuedOn)));
        else if (previous != null && n.decidedOn().isBefore(previous)) {
            errors.add(new FieldError("decidedOn", "programme.amendment.before-previous", Figures.date(previous)));
        }
        int count = n.addTasks().size() + n.changeTasks().size() + n.cancelTasks().size();
        if (count == 0) errors.add(new FieldError("changeTasks", "programme.amendment.empty"));
        if (count > MAX_CHANGES) errors.add(new FieldError("changeTasks", "programme.task.too-many", Integer.toString(MAX_CHANGES)));
        if (n.number() != null && !n.number().isBlank() && jdbc.sql("select count(*) from programme_amendment where plan_id = ? and number = ?")
                .params(planId, n.number().strip()).query(Long.class).single() > 0) {
            errors.add(new FieldError("number", "programme.amendment.number-taken", n.number().strip()));
        }

        // The tasks changed or cancelled: of this plan, not cancelled, each at most once per amendment.
        Map<Long, Task> byId = new HashMap<>();
        for (Task t : store.tasks("t.plan_id = :plan", Map.of("plan", planId))) byId.put(t.id(), t);
        Map<Long, Integer> cancelledIn = store.cancelledTasks(planId);
        Set<Long> touched = new HashSet<>();
        for (int i = 0; i < n.changeTasks().size(); i++) {
            TaskChange c = n.changeTasks().get(i);
            String at = "changeTasks[" + i + "].";
            Task t = c.taskId() == null ? null : byId.get(c.taskId());
            if (t == null) {
                errors.add(new FieldError(at + "taskId", "programme.amendment.task-unknown", String.valueOf(c.taskId())));
                continue;
            }
            if (cancelledIn.containsKey(t.id())) errors.add(new FieldError(at + "taskId", "programme.amendment.task-cancelled", t.code()));
            if (!touched.add(t.id())) errors.add(new FieldError(at + "taskId", "programme.amendment.task-twice", t.code()));
            if (c.dueDate() == null && c.leadUnitId() == null && (c.targets() == null || c.targets().isEmpty())) {
                errors.add(new FieldError(at + "taskId", "programme.amendment.nothing", t.code()));
            }
            if (c.dueDate() != null && c.dueDate().getYear() != plan.year()) {
                errors.add(new FieldError(at + "dueDate", "programme.amendment.due-outside-year", Integer.toString(plan.year())));
            }
            if (c.leadUnitId() != null && hierarchy.pathOf(c.leadUnitId()).isEmpty()) {
                errors.add(new FieldError(at + "leadUnitId", "problem.unit.unknown", Long.toString(c.leadUnitId())));
            }
            if (c.targets() != null) {
                Set<String> codes = new HashSet<>();
                t.indicators().forEach(ind -> codes.add(ind.code()));
                for (var e : c.targets().entrySet()) {
                    if (!codes.contains(e.getKey())) errors.add(new FieldError(at + "targets." + e.getKey(), "programme.report.indicator-unknown", e.getKey(), t.code()));
                    else if (e.getValue() == null) errors.add(new FieldError(at + "targets." + e.getKey(), "problem.field.required"));
                    else vn.truongson.core.Inputs.checkNumber(errors, at + "targets." + e.getKey(), e.getValue());
                }
            }
        }
        for (int i = 0; i < n.cancelTasks().size(); i++) {
            Long id = n.cancelTasks().get(i);
            Task t = id == null ? null : byId.get(id);
            String at = "cancelTasks[" + i + "]";
            if (t == null) errors.add(new FieldError(at, "programme.amendment.task-unknown", String.valueOf(id)));
            else if (cancelledIn.containsKey(t.id())) errors.add(new FieldError(at, "programme.amendment.task-cancelled", t.code()));
            else if (!touched.add(t.id())) errors.add(new FieldError(at, "programme.amendment.task-twice", t.code()));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);

        String number = n.number().strip();
        String by = policy.actor().username();
        long id = jdbc.sql("""
                insert into programme_amendment (plan_id, version, number, reason, decided_on, created_by)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(planId, version, number, n.reason().strip(), Date.valueOf(n.decidedOn()), by).query(Long.class).single();
        List<Change> changes = new ArrayList<>();

        for (int i = 0; i < n.addTasks().size(); i++) {
            Tasks.NewTask nt = n.addTasks().get(i);
            Task t = prefixed("addTasks[" + i + "].", () -> tasks.insert(planId, nt, version));
            changes.add(new Change(ChangeKind.ADD_TASK, t.id(), t.code(), null, null, t.title()));
        }
        for (TaskChange c : n.changeTasks()) {
            Task t = byId.get(c.taskId());
            keepState(t, version);
            if (c.dueDate() != null && !c.dueDate().equals(t.dueDate())) {
                changes.add(new Change(ChangeKind.DUE_DATE, t.id(), t.code(), null, t.dueDate().toString(), c.dueDate().toString()));
            }
            if (c.leadUnitId() != null && c.leadUnitId() != t.leadUnitId()) {
                changes.add(new Change(ChangeKind.LEAD_UNIT, t.id(), t.code(), null, Long.toString(t.leadUnitId()), Long.toString(c.leadUnitId())));
            }
            LocalDate due = c.dueDate() == null ? t.dueDate() : c.dueDate();
            long lead = c.leadUnitId() == null ? t.leadUnitId() : c.leadUnitId();
            jdbc.sql("update programme_task set due_date = ?, lead_unit_id = ? where id = ?").params(Date.valueOf(due), lead, t.id()).update();
            jdbc.sql("""
                    insert into programme_task_state (task_id, version, due_date, lead_unit_id) values (?, ?, ?, ?)
                    on conflict (task_id, version) do update set due_date = excluded.due_date, lead_unit_id = excluded.lead_unit_id""")
                    .params(t.id(), version, Date.valueOf(due), lead).update();
            if (c.targets() != null) {
                for (Task.Indicator ind : t.indicators()) {
                    BigDecimal target = c.targets().get(ind.code());
                    if (target == null || target.compareTo(ind.target()) == 0) continue;
                    changes.add(new Change(ChangeKind.TARGET, t.id(), t.code(), ind.code(), ind.target().toPlainString(), target.toPlainString()));
                    jdbc.sql("update programme_indicator set target = ? where task_id = ? and code = ?").params(target, t.id(), ind.code()).update();
                    jdbc.sql("insert into programme_indicator_state (task_id, code, version, target) values (?, ?, ?, ?)")
                            .params(t.id(), ind.code(), version, target).update();
                }
            }
        }
        for (Long taskId : n.cancelTasks()) {
            Task t = byId.get(taskId);
            jdbc.sql("update programme_task set cancelled_in = ? where id = ?").params(version, t.id()).update();
            changes.add(new Change(ChangeKind.CANCEL_TASK, t.id(), t.code(), null, null, null));
        }
        if (changes.isEmpty()) throw new DomainException.BadInput("changeTasks", "programme.amendment.empty");
        int ordinal = 0;
        for (Change c : changes) {
            jdbc.sql("""
                    insert into programme_amendment_change (amendment_id, ordinal, kind, task_id, indicator, old_value, new_value)
                    values (?, ?, ?, ?, ?, ?, ?)""").params(id, ++ordinal, c.kind().name(), c.taskId(), c.indicator(), c.from(), c.to()).update();
        }
        jdbc.sql("update programme_plan set version = ? where id = ?").params(version, planId).update();
        audit.record("programme.plan.amend", "plan:" + planId, AuditTrail.SUCCESS,
                plan.code() + " " + number + " version " + version + " decided " + n.decidedOn() + ": " + summary(changes));
        return new Amendment(id, planId, version, number, n.reason().strip(), n.decidedOn(), by, changes);
    }

    /** Before a task's first change, the state it had until now, from the version it was added in. */
    private void keepState(Task t, int version) {
        int from = jdbc.sql("select added_in from programme_task where id = ?").param(t.id()).query(Integer.class).single();
        jdbc.sql("""
                insert into programme_task_state (task_id, version, due_date, lead_unit_id)
                select ?, ?, ?, ? where not exists (select 1 from programme_task_state where task_id = ?)""")
                .params(t.id(), from, Date.valueOf(t.dueDate()), t.leadUnitId(), t.id()).update();
        for (Task.Indicator ind : t.indicators()) {
            jdbc.sql("""
                    insert into programme_indicator_state (task_id, code, version, target)
                    select ?, ?, ?, ? where not exists (select 1 from programme_indicator_state where task_id = ? and code = ?)""")
                    .params(t.id(), ind.code(), from, ind.target(), t.id(), ind.code()).update();
        }
    }

    private static String summary(List<Change> changes) {
        Map<ChangeKind, Integer> n = new LinkedHashMap<>();
        changes.forEach(c -> n.merge(c.kind(), 1, Integer::sum));
        return n.toString();
    }

    /** The plan's amendments, oldest first, with what each changed; to whoever may read the plan. */
    public List<Amendment> list(long planId) {
        Plan plan = store.requirePlan(planId);
        Visible visible = visibleTasks(plan);
        Map<Long, List<Change>> changes = new HashMap<>();
        jdbc.sql("""
                select c.amendment_id, c.kind, c.task_id, t.code, c.indicator, c.old_value, c.new_value, t.secrecy
                from programme_amendment_change c join programme_task t on t.id = c.task_id
                join programme_amendment a on a.id = c.amendment_id
                where a.plan_id = ? order by c.amendment_id, c.ordinal""").param(planId)
                .query(rs -> {
                    // A change to a task more secret than the reader may see is left out, as the task is.
                    if (rs.getInt(8) > visible.level()) return;
                    changes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Change(ChangeKind.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                });
        return jdbc.sql("select id, plan_id, version, number, reason, decided_on, created_by from programme_amendment where plan_id = ? order by version")
                .param(planId)
                .query((rs, k) -> new Amendment(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, LocalDate.class), rs.getString(7), changes.getOrDefault(rs.getLong(1), List.of())))
                .list();
    }

    /**
     * The plan's tasks that an amendment added or cancelled, by id: labels for tasks the caller already shows (the plan
     * page), so no check of its own.
     */
    public Map<Long, TaskVersion> taskVersions(long planId) {
        Map<Long, TaskVersion> out = new HashMap<>();
        jdbc.sql("select id, added_in, cancelled_in from programme_task where plan_id = ? and (added_in > 1 or cancelled_in is not null)")
                .param(planId).query(rs -> {
                    int c = rs.getInt(3);
                    out.put(rs.getLong(1), new TaskVersion(rs.getInt(2), rs.wasNull() ? null : c));
                });
        return out;
    }

    private record Visible(int level) {}

    /** Reading the amendments needs what reading the plan needs (Plans.get); the level bounds the tasks named. */
    private Visible visibleTasks(Plan plan) {
        boolean owner = policy.permits(ProgrammeRoles.READER, plan.asProtected());
        if (!owner) {
            var v = policy.visibility(ProgrammeRoles.READER);
            var f = ProgrammeStore.visibleTasks(v, ":plan", false);
            var spec = jdbc.sql("select count(*) from programme_task t where " + f.sql()).param("plan", plan.id());
            for (var e : f.params().entrySet()) spec = spec.param(e.getKey(), e.getValue());
            if (spec.query(Long.class).single() == 0) policy.require(ProgrammeRoles.READER, plan.asProtected());
        }
        return new Visible(policy.visibility(ProgrammeRoles.READER).maxSecrecy().rank());
    }

    /** Runs a check whose field errors name bare fields, naming them under {@code prefix} instead. */
    private static <T> T prefixed(String prefix, Supplier<T> check) {
        try {
            return check.get();
        } catch (DomainException.BadInput e) {
            throw new DomainException.BadInput(e.errors().stream().map(f -> new FieldError(prefix + f.field(), f.messageKey(), f.args())).toList());
        } catch (DomainException.Conflict e) {
            throw new DomainException.BadInput(prefix + "code", e.messageKey(), e.args());
        }
    }
}
