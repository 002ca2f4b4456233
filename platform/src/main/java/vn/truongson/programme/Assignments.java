package vn.truongson.programme;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Tasks given to units (giao nhiệm vụ): by a coordinator of the plan's owner, or cascaded by a coordinator of
 * an assigned unit to a unit below it (giao tiếp cho đơn vị cấp dưới).
 */
@Service
public class Assignments {

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    Assignments(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, UnitHierarchy hierarchy, AuditTrail audit,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.store = store;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.events = events;
    }

    public Assignment get(long id) {
        Assignment a = store.requireAssignment(id);
        Task task = store.requireTask(a.taskId());
        Plan plan = store.requirePlan(a.planId());
        Tasks.requireReadable(policy, task, plan, List.of(a.unitId()));
        return a;
    }

    /** Assigns a task to a unit; a draft's tasks may be assigned before issue, an issued plan's after. */
    @Transactional
    public Assignment assign(long taskId, long unitId) {
        Task task = store.requireTask(taskId);
        Plan plan = store.requirePlan(task.planId());
        policy.require(ProgrammeRoles.COORDINATOR, task.asProtected(plan.ownerUnitId()));
        if (store.cancelledIn(taskId) != null) throw new DomainException.Conflict("programme.task.cancelled", task.code());
        if (hierarchy.pathOf(unitId).isEmpty()) throw new DomainException.BadInput("unitId", "problem.unit.unknown", Long.toString(unitId));
        Assignment a = insert(plan.id(), taskId, unitId, null);
        audit.record("programme.assignment.create", "assignment:" + a.id(), AuditTrail.SUCCESS, "task:" + taskId + " unit:" + unitId);
        return a;
    }

    /** Passes a unit's assignment down to a unit below it; both then report. */
    @Transactional
    public Assignment cascade(long assignmentId, long unitId) {
        Assignment parent = store.requireAssignment(assignmentId);
        Task task = store.requireTask(parent.taskId());
        policy.require(ProgrammeRoles.COORDINATOR, task.asProtected(parent.unitId()));
        if (store.cancelledIn(task.id()) != null) throw new DomainException.Conflict("programme.task.cancelled", task.code());
        String below = hierarchy.pathOf(unitId).orElseThrow(
                () -> new DomainException.BadInput("unitId", "problem.unit.unknown", Long.toString(unitId)));
        String from = hierarchy.pathOf(parent.unitId()).orElse("\0");
        if (!below.startsWith(from) || below.equals(from)) {
            throw new DomainException.BadInput("unitId", "programme.cascade.not-below", Long.toString(unitId), Long.toString(parent.unitId()));
        }
        Assignment a = insert(parent.planId(), parent.taskId(), unitId, parent.id());
        audit.record("programme.assignment.cascade", "assignment:" + a.id(), AuditTrail.SUCCESS,
                "from assignment:" + parent.id() + " task:" + parent.taskId() + " unit:" + unitId);
        return a;
    }

    private Assignment insert(long planId, long taskId, long unitId, @Nullable Long parentId) {
        Long id = jdbc.sql("""
                insert into programme_assignment (plan_id, task_id, unit_id, parent_id) values (?, ?, ?, ?)
                on conflict (task_id, unit_id) do nothing returning id""")
                .params(planId, taskId, unitId, parentId).query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.Conflict("programme.assignment.exists", Long.toString(unitId));
        boolean issued = "ISSUED".equals(jdbc.sql("select status from programme_plan where id = ?").param(planId).query(String.class).single());
        events.publishEvent(new TaskAssigned(id, planId, taskId, unitId, parentId, issued));
        return new Assignment(id, planId, taskId, unitId, parentId);
    }
}
