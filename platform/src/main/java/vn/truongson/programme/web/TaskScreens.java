package vn.truongson.programme.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.core.DomainException;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitChoice;
import vn.truongson.org.Units;
import vn.truongson.programme.Assignment;
import vn.truongson.programme.Assignments;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanStatus;
import vn.truongson.programme.ProgrammeRoles;
import vn.truongson.programme.Task;
import vn.truongson.programme.Tasks;

/**
 * A task's page: what it asks, its indicators, and the units it is given to as a tree of cascades, with the
 * coordinators' forms to assign it (on the plan's owner) and to cascade an assignment to a unit below (on the
 * assigned unit). {@link Tasks} and {@link Assignments} decide; the forms only offer what they would accept.
 */
@Controller
class TaskScreens {

    /**
     * An assignment as a line of the tree: indented by how many cascades it is from the plan's own, with the
     * picker of units below it when the reader may cascade it, and the report form's address when they report for it.
     */
    record AssignmentLine(Assignment assignment, String unit, int depth, @Nullable String parentUnit, List<UnitChoice> cascadeOptions,
            @Nullable String reportHref) {
        public boolean mayCascade() { return cascadeOptions.stream().anyMatch(UnitChoice::choosable); }
    }

    private final Tasks tasks;
    private final Assignments assignments;
    private final Units units;
    private final AccessPolicy policy;
    private final Screens screens;
    private final Clock clock;

    TaskScreens(Tasks tasks, Assignments assignments, Units units, AccessPolicy policy, Screens screens, Clock clock) {
        this.tasks = tasks;
        this.assignments = assignments;
        this.units = units;
        this.policy = policy;
        this.screens = screens;
        this.clock = clock;
    }

    @GetMapping("/office/programme/tasks/{id}")
    String task(@PathVariable long id, Locale locale, Model model) {
        return show(id, "", Map.of(), null, "", Map.of(), locale, model);
    }

    @PostMapping("/office/programme/tasks/{id}/assignments")
    String assign(@PathVariable("id") long taskId, @RequestParam(defaultValue = "") String unitId, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        try {
            var errors = new ArrayList<DomainException.FieldError>();
            Long unit = Screens.id("unitId", unitId, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Assignment a;
            try {
                a = assignments.assign(taskId, unit);
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("unitId", e.messageKey(), unitName(unit));
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.assignment.added", locale, unitName(a.unitId())));
            return "redirect:/office/programme/tasks/" + taskId + "#assignment-" + a.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return show(taskId, unitId, screens.fieldErrors(e, locale), null, "", Map.of(), locale, model);
        }
    }

    @PostMapping("/office/programme/assignments/{id}/cascade")
    String cascade(@PathVariable long id, @RequestParam(defaultValue = "") String unitId, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        long assignmentId = id;
        Assignment parent = assignments.get(assignmentId);
        try {
            var errors = new ArrayList<DomainException.FieldError>();
            Long unit = Screens.id("unitId", unitId, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Assignment a;
            try {
                a = assignments.cascade(assignmentId, unit);
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("unitId", e.messageKey(), unitName(unit));
            } catch (DomainException.BadInput e) {
                // The service names units by id; a person reads their names.
                if (e.errors().size() != 1 || !"programme.cascade.not-below".equals(e.errors().getFirst().messageKey())) throw e;
                throw new DomainException.BadInput("unitId", "programme.cascade.not-below", unitName(unit), unitName(parent.unitId()));
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.assignment.cascaded", locale, unitName(parent.unitId()), unitName(a.unitId())));
            return "redirect:/office/programme/tasks/" + parent.taskId() + "#assignment-" + a.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return show(parent.taskId(), "", Map.of(), assignmentId, unitId, screens.fieldErrors(e, locale), locale, model);
        }
    }

    private String show(long taskId, String assignUnit, Map<String, String> assignErrors, @Nullable Long cascadeFrom, String cascadeUnit,
            Map<String, String> cascadeErrors, Locale locale, Model model) {
        Tasks.TaskDetail d = tasks.get(taskId);
        Task t = d.task();
        Plan plan = d.plan();
        List<Unit> visible = units.list(null, null, PlanScreens.ALL_UNITS);
        Set<Long> ids = new HashSet<>();
        ids.add(t.leadUnitId());
        ids.add(plan.ownerUnitId());
        ids.addAll(t.supportUnitIds());
        d.assignments().forEach(a -> ids.add(a.unitId()));
        Map<Long, String> names = units.names(ids);

        Period period = Screens.periodFor(plan.year(), YearMonth.now(clock.withZone(Period.ZONE)));
        List<AssignmentLine> lines = new ArrayList<>();
        Map<Long, List<Assignment>> childrenOf = new HashMap<>();
        Map<Long, Assignment> byId = new HashMap<>();
        List<Assignment> roots = new ArrayList<>();
        for (Assignment a : d.assignments()) byId.put(a.id(), a);
        for (Assignment a : d.assignments()) {
            if (a.parentId() != null && byId.containsKey(a.parentId())) childrenOf.computeIfAbsent(a.parentId(), k -> new ArrayList<>()).add(a);
            else roots.add(a);
        }
        Set<Long> assigned = new HashSet<>();
        d.assignments().forEach(a -> assigned.add(a.unitId()));
        for (Assignment r : roots) walk(r, 0, childrenOf, byId, names, visible, assigned, t, plan, period, lines);

        boolean mayAssign = policy.permits(ProgrammeRoles.COORDINATOR, t.asProtected(plan.ownerUnitId()));
        model.addAttribute("task", t);
        model.addAttribute("plan", plan);
        model.addAttribute("lead", names.getOrDefault(t.leadUnitId(), "#" + t.leadUnitId()));
        model.addAttribute("support", t.supportUnitIds().stream().map(u -> names.getOrDefault(u, "#" + u)).toList());
        model.addAttribute("due", Screens.date(t.dueDate()));
        model.addAttribute("indicators", t.indicators().stream()
                .map(i -> new PlanScreens.IndicatorLine(i, Screens.number(i.target(), locale), screens.msg("programme.ui.aggregation." + i.aggregation().name(), locale)))
                .toList());
        model.addAttribute("lines", lines);
        model.addAttribute("period", period);
        model.addAttribute("periodShown", Screens.month(period));
        model.addAttribute("mayAssign", mayAssign);
        model.addAttribute("assignOptions", mayAssign ? UnitChoice.tree(visible, u -> !assigned.contains(u.id())) : List.of());
        model.addAttribute("assignUnit", assignUnit);
        model.addAttribute("errors", assignErrors);
        model.addAttribute("cascadeFrom", cascadeFrom == null ? 0L : cascadeFrom);
        model.addAttribute("cascadeUnit", cascadeUnit);
        model.addAttribute("cascadeErrors", cascadeErrors);
        return "programme/task";
    }

    private void walk(Assignment a, int depth, Map<Long, List<Assignment>> childrenOf, Map<Long, Assignment> byId, Map<Long, String> names,
            List<Unit> visible, Set<Long> assigned, Task t, Plan plan, Period period, List<AssignmentLine> out) {
        List<UnitChoice> below = List.of();
        if (policy.permits(ProgrammeRoles.COORDINATOR, t.asProtected(a.unitId()))) {
            // Units strictly below the assigned one (its id is in their path), not yet given the task.
            String marker = "/" + a.unitId() + "/";
            below = UnitChoice.tree(visible, u -> u.id() != a.unitId() && u.path().contains(marker) && !assigned.contains(u.id()));
        }
        String report = plan.status() == PlanStatus.ISSUED && policy.permits(ProgrammeRoles.REPORTER, t.asProtected(a.unitId()))
                ? "/office/programme/assignments/" + a.id() + "/reports/" + period : null;
        Assignment parent = a.parentId() == null ? null : byId.get(a.parentId());
        out.add(new AssignmentLine(a, names.getOrDefault(a.unitId(), "#" + a.unitId()), depth,
                parent == null ? null : names.getOrDefault(parent.unitId(), "#" + parent.unitId()), below, report));
        for (Assignment c : childrenOf.getOrDefault(a.id(), List.of())) walk(c, depth + 1, childrenOf, byId, names, visible, assigned, t, plan, period, out);
    }

    private String unitName(long unitId) {
        return units.names(List.of(unitId)).getOrDefault(unitId, "#" + unitId);
    }
}
