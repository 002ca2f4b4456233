package vn.truongson.programme;

import vn.truongson.core.Inputs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;

/** Plans and their task groups: built and issued by a coordinator of the owner unit, read through the policy. */
@Service
public class Plans {

    public record NewPlan(String code, String title, int year, PlanKind kind, @Nullable String theme, @Nullable String breakthrough,
            long ownerUnitId, int reportDueDay) {}

    public record NewGroup(int ordinal, String title) {}

    /** A group of tasks (nhóm nhiệm vụ), numbered within its plan. */
    public record Group(long id, long planId, int ordinal, String title) {}

    /** A plan with its groups and the tasks the reader may see. */
    public record PlanDetail(Plan plan, List<Group> groups, List<Task> tasks) {}

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Plans(JdbcClient jdbc, ProgrammeStore store, AccessPolicy policy, UnitHierarchy hierarchy, AuditTrail audit,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ---- reads -----------------------------------------------------------------------------------

    /**
     * Plans the reader may see: those whose owner unit a grant covers, and those with a task the reader may see
     * (led by or assigned to a unit in their grants).
     */
    public List<Plan> list(@Nullable Integer year) {
        Visibility v = policy.visibility(ProgrammeRoles.READER);
        if (v.nothing()) return List.of();
        SqlFilter owner = v.where("p.owner_unit_id", null);
        SqlFilter task = ProgrammeStore.visibleTasks(v, "p.id", false);
        var sql = new StringBuilder("select " + ProgrammeStore.PLAN_COLUMNS + " from programme_plan p where ((" + owner.sql()
                + ") or exists (select 1 from programme_task t where " + task.sql() + "))");
        if (year != null) sql.append(" and p.year = :year");
        sql.append(" order by p.year desc, p.code");
        var spec = task.bind(owner.bind(jdbc.sql(sql.toString())));
        if (year != null) spec = spec.param("year", year);
        return spec.query(ProgrammeStore::plan).list();
    }

    /** The plan with its groups and visible tasks; 403 to a reader who covers neither its owner nor any of its tasks. */
    public PlanDetail get(long id) {
        Plan plan = store.requirePlan(id);
        boolean ownerCovered = policy.permits(ProgrammeRoles.READER, plan.asProtected());
        SqlFilter visible = ProgrammeStore.visibleTasks(policy.visibility(ProgrammeRoles.READER), ":plan", ownerCovered);
        var params = new HashMap<String, Object>(visible.params());
        params.put("plan", plan.id());
        List<Task> tasks = store.tasks(visible.sql(), params);
        if (!ownerCovered && tasks.isEmpty()) policy.require(ProgrammeRoles.READER, plan.asProtected());
        tasks.stream().map(Task::secrecy).max(Comparator.naturalOrder()).filter(SecrecyLevel::isClassified).ifPresent(level ->
                audit.recordSeparately("classified.read", "plan:" + id, AuditTrail.SUCCESS, "tasks up to " + level));
        return new PlanDetail(plan, groups(plan.id()), tasks);
    }

    List<Group> groups(long planId) {
        return store.groups(planId);
    }

    // ---- changes ---------------------------------------------------------------------------------

    /** A draft plan, by a coordinator of its owner unit. */
    @Transactional
    public Plan create(NewPlan n) {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "code", n.code(), 64, false);
        Checks.text(errors, "title", n.title(), 1000, false);
        Checks.optionalText(errors, "theme", n.theme(), 2000, true);
        Checks.optionalText(errors, "breakthrough", n.breakthrough(), 2000, true);
        if (n.year() < Plan.MIN_YEAR || n.year() > Plan.MAX_YEAR) {
            errors.add(new FieldError("year", "programme.plan.year", Integer.toString(Plan.MIN_YEAR), Integer.toString(Plan.MAX_YEAR)));
        }
        if (n.reportDueDay() < Plan.MIN_DUE_DAY || n.reportDueDay() > Plan.MAX_DUE_DAY) {
            errors.add(new FieldError("reportDueDay", "programme.plan.due-day", Integer.toString(Plan.MIN_DUE_DAY), Integer.toString(Plan.MAX_DUE_DAY)));
        }
        if (hierarchy.pathOf(n.ownerUnitId()).isEmpty()) {
            errors.add(new FieldError("ownerUnitId", "problem.unit.unknown", Long.toString(n.ownerUnitId())));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(ProgrammeRoles.COORDINATOR, n.ownerUnitId());
        String code = n.code().strip();
        Long id = jdbc.sql("""
                insert into programme_plan (code, title, year, kind, theme, breakthrough, owner_unit_id, report_due_day)
                values (:code, :title, :year, :kind, :theme, :breakthrough, :owner, :dueDay)
                on conflict (code) do nothing returning id""")
                .param("code", code).param("title", n.title().strip()).param("year", n.year()).param("kind", n.kind().name())
                .param("theme", Inputs.blankToNull(n.theme())).param("breakthrough", Inputs.blankToNull(n.breakthrough()))
                .param("owner", n.ownerUnitId()).param("dueDay", n.reportDueDay())
                .query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.Conflict("programme.plan.code-taken", code);
        audit.record("programme.plan.create", "plan:" + id, AuditTrail.SUCCESS, code + " (" + n.year() + ")");
        return store.requirePlan(id);
    }

    /**
     * The plan, locked until the transaction ends, for a change to its groups or tasks: only a coordinator of its
     * owner unit may make one, and only while it is a draft. A change of many parts (an import) asks first, so
     * that it is refused before any part is looked at.
     */
    @Transactional
    public Plan editable(long planId) {
        Plan plan = store.lockPlan(planId);
        policy.require(ProgrammeRoles.COORDINATOR, plan.asProtected());
        plan.requireDraft();
        return plan;
    }

    @Transactional
    public Group addGroup(long planId, NewGroup n) {
        editable(planId);
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "title", n.title(), 1000, false);
        if (n.ordinal() < 1 || n.ordinal() > 999) errors.add(new FieldError("ordinal", "programme.group.ordinal"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        String title = n.title().strip();
        Long id = jdbc.sql("insert into programme_task_group (plan_id, ordinal, title) values (?, ?, ?) on conflict do nothing returning id")
                .params(planId, n.ordinal(), title).query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.Conflict("programme.group.ordinal-taken", Integer.toString(n.ordinal()));
        audit.record("programme.group.create", "plan:" + planId, AuditTrail.SUCCESS, "group:" + id + " " + n.ordinal() + ". " + title);
        return new Group(id, planId, n.ordinal(), title);
    }

    /** Issues the plan (ban hành): from now on it is reported on, and its tasks are frozen. */
    @Transactional
    public Plan issue(long planId) {
        return issue(planId, clock.instant(), "programme.plan.issue", "", false);
    }

    /**
     * Records that a plan was issued on paper at a past moment (its decision's date), for plans brought over
     * from the files kept before the platform, and for the demo data; their reports are then imported with
     * {@link Reports#importHistorical}. Audited as {@code programme.plan.issue-historical}, naming that moment.
     */
    @Transactional
    public Plan issueHistorical(long planId, Instant issuedAt) {
        if (issuedAt.isAfter(clock.instant())) throw new DomainException.BadInput("issuedAt", "programme.historical.future");
        return issue(planId, issuedAt, "programme.plan.issue-historical", " issued " + issuedAt, true);
    }

    private Plan issue(long planId, Instant at, String action, String detail, boolean historical) {
        Plan plan = store.lockPlan(planId);
        policy.require(ProgrammeRoles.COORDINATOR, plan.asProtected());
        Plan issued = plan.issue(at);
        jdbc.sql("update programme_plan set status = ?, issued_at = ? where id = ?")
                .params(issued.status().name(), Timestamp.from(at), planId).update();
        audit.record(action, "plan:" + planId, AuditTrail.SUCCESS, plan.code() + detail);
        events.publishEvent(new PlanIssued(planId, plan.code(), plan.year(), plan.ownerUnitId(), at, historical));
        return issued;
    }
}
