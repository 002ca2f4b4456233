package vn.truongson.programme;

import vn.truongson.core.Inputs;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;

/** Tasks of a plan with their indicators: added by a coordinator of the owner unit while the plan is a draft. */
@Service
public class Tasks {

    /** "1.3", "2.10a", "NV-05": letters and digits, then also . - _ / */
    static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]{0,31}");
    static final Pattern INDICATOR_CODE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,31}");
    static final int MAX_INDICATORS = 50;
    static final int MAX_SUPPORT_UNITS = 200;

    public record NewTask(long groupId, String code, String title, long leadUnitId, List<Long> supportUnitIds,
            @Nullable String expectedResult, LocalDate dueDate, SecrecyLevel secrecy, List<Task.Indicator> indicators) {}

    /** A task with the plan it belongs to and every unit it is assigned to. */
    public record TaskDetail(Task task, Plan plan, List<Assignment> assignments) {}

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final AuditTrail audit;

    Tasks(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, UnitHierarchy hierarchy, AuditTrail audit) {
        this.jdbc = jdbc;
        this.store = store;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.audit = audit;
    }

    /** The task, to a reader who covers its plan's owner, its lead unit or a unit it is assigned to. */
    public TaskDetail get(long taskId) {
        Task task = store.requireTask(taskId);
        Plan plan = store.requirePlan(task.planId());
        List<Assignment> assignments = store.assignmentsOf(taskId);
        requireReadable(policy, task, plan, assignments.stream().map(Assignment::unitId).toList());
        return new TaskDetail(task, plan, assignments);
    }

    /**
     * Refuses unless one of the units the task concerns is covered for a reader. The first covered one goes
     * through {@code require}, so that reading a classified task is audited; with none, the refusal is the
     * policy's own (404 when too secret, 403 otherwise).
     */
    static void requireReadable(AccessPolicy policy, Task task, Plan plan, List<Long> assignedUnits) {
        List<ProtectedRecord> candidates = new ArrayList<>();
        candidates.add(task.asProtected(plan.ownerUnitId()));
        candidates.add(task.asProtected(task.leadUnitId()));
        for (long u : new LinkedHashSet<>(assignedUnits)) candidates.add(task.asProtected(u));
        for (ProtectedRecord r : candidates) {
            if (policy.permits(ProgrammeRoles.READER, r)) {
                policy.require(ProgrammeRoles.READER, r);
                return;
            }
        }
        policy.require(ProgrammeRoles.READER, task.asProtected(task.leadUnitId()));
    }

    @Transactional
    public Task create(long planId, NewTask n) {
        Plan plan = store.lockPlan(planId);
        policy.require(ProgrammeRoles.COORDINATOR, plan.asProtected());
        plan.requireDraft();
        return insert(planId, n, 1);
    }

    /**
     * Checks and writes a task added in plan version {@code addedIn} (1 while drafting, an amendment's version after
     * issue). The caller has locked the plan and checked that the person coordinates it.
     */
    Task insert(long planId, NewTask n, int addedIn) {
        List<FieldError> errors = new ArrayList<>();
        if (jdbc.sql("select count(*) from programme_task_group where id = ? and plan_id = ?").params(n.groupId(), planId)
                .query(Long.class).single() == 0) {
            errors.add(new FieldError("groupId", "programme.group.unknown", Long.toString(n.groupId())));
        }
        Checks.text(errors, "code", n.code(), 32, false);
        if (n.code() != null && !n.code().isBlank() && !CODE.matcher(n.code().strip()).matches()) {
            errors.add(new FieldError("code", "programme.task.code"));
        }
        Checks.text(errors, "title", n.title(), 2000, false);
        Checks.optionalText(errors, "expectedResult", n.expectedResult(), 4000, true);
        if (hierarchy.pathOf(n.leadUnitId()).isEmpty()) errors.add(new FieldError("leadUnitId", "problem.unit.unknown", Long.toString(n.leadUnitId())));
        List<Long> support = List.copyOf(new LinkedHashSet<>(n.supportUnitIds()));
        if (support.size() > MAX_SUPPORT_UNITS) {
            errors.add(new FieldError("supportUnitIds", "programme.task.too-many", Integer.toString(MAX_SUPPORT_UNITS)));
        } else if (!support.isEmpty()) {
            Map<Long, String> known = hierarchy.pathsOf(support);
            for (int i = 0; i < n.supportUnitIds().size(); i++) {
                long u = n.supportUnitIds().get(i);
                if (!known.containsKey(u)) errors.add(new FieldError("supportUnitIds[" + i + "]", "problem.unit.unknown", Long.toString(u)));
            }
        }
        checkIndicators(n.indicators(), errors);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        // Nobody makes a record they could not read back: the secrecy is at most what this request may see.
        if (!policy.visibility(ProgrammeRoles.COORDINATOR).maxSecrecy().covers(n.secrecy())) {
            throw new DomainException.Forbidden("programme.task.secrecy-above-clearance", n.secrecy().name());
        }
        String code = n.code().strip();
        Long id = jdbc.sql("""
                insert into programme_task (plan_id, group_id, code, sort_key, title, lead_unit_id, support_unit_ids, expected_result, due_date, secrecy,
                                            added_in)
                values (:plan, :group, :code, :sortKey, :title, :lead, :support, :expected, :due, :secrecy, :addedIn)
                on conflict (plan_id, code) do nothing returning id""")
                .param("plan", planId).param("group", n.groupId()).param("code", code).param("sortKey", Task.sortKey(code))
                .param("title", n.title().strip()).param("lead", n.leadUnitId()).param("support", support.toArray(Long[]::new))
                .param("expected", Inputs.blankToNull(n.expectedResult())).param("due", n.dueDate()).param("secrecy", n.secrecy().rank())
                .param("addedIn", addedIn)
                .query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.Conflict("programme.task.code-taken", code);
        int ordinal = 0;
        for (Task.Indicator i : n.indicators()) {
            jdbc.sql("""
                    insert into programme_indicator (task_id, code, ordinal, name, measure, target, aggregation, higher_is_better)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, i.code().strip(), ++ordinal, i.name().strip(), Inputs.blankToNull(i.unit()), i.target(), i.aggregation().name(),
                            i.higherIsBetter())
                    .update();
        }
        audit.record("programme.task.create", "task:" + id, AuditTrail.SUCCESS, "plan:" + planId + " " + code + " " + n.secrecy().name());
        return store.requireTask(id);
    }

    private static void checkIndicators(List<Task.Indicator> indicators, List<FieldError> errors) {
        if (indicators.size() > MAX_INDICATORS) {
            errors.add(new FieldError("indicators", "programme.task.too-many", Integer.toString(MAX_INDICATORS)));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < indicators.size(); k++) {
            Task.Indicator i = indicators.get(k);
            String at = "indicators[" + k + "].";
            Checks.text(errors, at + "code", i.code(), 32, false);
            if (i.code() != null && !i.code().isBlank()) {
                if (!INDICATOR_CODE.matcher(i.code().strip()).matches()) errors.add(new FieldError(at + "code", "programme.indicator.code"));
                else if (!seen.add(i.code().strip())) errors.add(new FieldError(at + "code", "programme.indicator.duplicate", i.code().strip()));
            }
            Checks.text(errors, at + "name", i.name(), 1000, false);
            Checks.optionalText(errors, at + "unit", i.unit(), 64, false);
            vn.truongson.core.Inputs.checkNumber(errors, at + "target", i.target());
        }
    }
}
