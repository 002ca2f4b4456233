package vn.truongson.programme.web;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitOption;
import vn.truongson.org.Units;
import vn.truongson.programme.export.TaskImport;
import vn.truongson.programme.Aggregation;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanKind;
import vn.truongson.programme.PlanStatus;
import vn.truongson.programme.Plans;
import vn.truongson.programme.ProgrammeRoles;
import vn.truongson.programme.Task;
import vn.truongson.programme.Tasks;

/**
 * The coordinators' screens of a plan: the list, a new plan, and the plan page with its groups and tasks, where
 * a draft is built (groups, tasks with indicator rows) and issued. Every read and change goes through
 * {@link Plans} and {@link Tasks}, so a screen shows and does exactly what the API would.
 */
@Controller
class PlanScreens {

    static final int ALL_UNITS = 5000;

    record PlanLine(Plan plan, String kind, String owner, String issuedAt) {}

    record IndicatorLine(Task.Indicator indicator, String target, String aggregation) {}

    record TaskLine(Task task, String lead, String support, String due, List<IndicatorLine> indicators,
            vn.truongson.programme.Amendments.@Nullable TaskVersion version) {}

    /** One change row of the amendment form: the task, what to do with it, the new due date and lead unit as typed. */
    record ChangeRow(String taskId, String action, String dueDate, String leadUnitId) {
        static ChangeRow blank() {
            return new ChangeRow("", "CHANGE", "", "");
        }
    }

    record AmendmentForm(String number, String decidedOn, String reason, List<ChangeRow> rows) {}

    static final int AMENDMENT_ROWS = 3;

    /** An amendment as the plan page lists it: its figures, and each change as a sentence. */
    record AmendmentLine(vn.truongson.programme.Amendments.Amendment amendment, String decidedOn, List<String> changes) {}

    record GroupBlock(Plans.Group group, List<TaskLine> tasks) {}

    record Option(String value, String label) {}

    record Link(String id, String href, String label) {}

    record PlanForm(String code, String title, String year, String kind, String theme, String breakthrough, String ownerUnitId,
            String reportDueDay) {}

    record GroupForm(String ordinal, String title) {}

    /** One indicator row as typed; {@code higherIsBetter} is "true" or "false" (a select, so every row sends it). */
    record IndicatorRow(String code, String name, String unit, String target, String aggregation, String higherIsBetter) {
        static IndicatorRow blank() {
            return new IndicatorRow("", "", "", "", Aggregation.SUM.name(), "true");
        }

        boolean isBlank() {
            return code.isBlank() && name.isBlank() && unit.isBlank() && target.isBlank();
        }
    }

    record TaskForm(String groupId, String code, String title, String leadUnitId, List<String> supportUnitIds, String expectedResult,
            String dueDate, String secrecy, List<IndicatorRow> indicators) {}

    private final Plans plans;
    private final Tasks tasks;
    private final Units units;
    private final AccessPolicy policy;
    private final Screens screens;
    private final TaskImport taskImport;
    private final Clock clock;
    private final vn.truongson.programme.Amendments amendments;

    PlanScreens(Plans plans, Tasks tasks, Units units, AccessPolicy policy, Screens screens, TaskImport taskImport, Clock clock,
            vn.truongson.programme.Amendments amendments) {
        this.amendments = amendments;
        this.plans = plans;
        this.tasks = tasks;
        this.units = units;
        this.policy = policy;
        this.screens = screens;
        this.taskImport = taskImport;
        this.clock = clock;
    }

    // ---- the list --------------------------------------------------------------------------------

    @GetMapping("/office/programme")
    String list(@RequestParam(required = false) @Nullable String year, Locale locale, Model model) {
        List<Plan> all = plans.list(null);
        Integer chosen = null;
        if (year != null && !year.isBlank()) {
            try {
                chosen = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                chosen = null; // A filter that names no year filters nothing.
            }
        }
        TreeSet<Integer> years = new TreeSet<>(java.util.Comparator.reverseOrder());
        all.forEach(p -> years.add(p.year()));
        years.add(YearMonth.now(clock.withZone(Period.ZONE)).getYear());
        Map<Long, String> owners = units.names(all.stream().map(Plan::ownerUnitId).toList());
        final Integer filter = chosen;
        model.addAttribute("plans", all.stream().filter(p -> filter == null || p.year() == filter)
                .map(p -> new PlanLine(p, kindLabel(p.kind(), locale), owners.getOrDefault(p.ownerUnitId(), "#" + p.ownerUnitId()),
                        p.issuedAt() == null ? "" : Screens.dateTime(p.issuedAt())))
                .toList());
        model.addAttribute("years", years);
        model.addAttribute("year", chosen == null ? "" : chosen.toString());
        model.addAttribute("mayCreate", !policy.visibility(ProgrammeRoles.COORDINATOR).nothing());
        model.addAttribute("mayReport", !policy.visibility(ProgrammeRoles.REPORTER).nothing());
        return "programme/plans";
    }

    // ---- a new plan ------------------------------------------------------------------------------

    @GetMapping("/office/programme/plans/new")
    String newPlan(Locale locale, Model model) {
        policy.requireAnyGrant(ProgrammeRoles.COORDINATOR);
        List<Unit> owners = ownerUnits();
        var form = new PlanForm("", "", Integer.toString(YearMonth.now(clock.withZone(Period.ZONE)).getYear()), PlanKind.DIGITAL_TRANSFORMATION.name(),
                "", "", owners.size() == 1 ? Ids.str(owners.getFirst().id()) : "", Integer.toString(Plan.DEFAULT_REPORT_DUE_DAY));
        return planForm(form, Map.of(), owners, locale, model);
    }

    @PostMapping("/office/programme/plans/new")
    String createPlan(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String year, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String theme, @RequestParam(defaultValue = "") String breakthrough,
            @RequestParam(defaultValue = "") String ownerUnitId, @RequestParam(defaultValue = "") String reportDueDay, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(ProgrammeRoles.COORDINATOR);
        var form = new PlanForm(code.strip(), title.strip(), year.strip(), kind, theme.strip(), breakthrough.strip(), ownerUnitId, reportDueDay.strip());
        try {
            var errors = new ArrayList<FieldError>();
            Integer y = Screens.integer("year", form.year(), errors);
            PlanKind k = Screens.enumeration(PlanKind.class, "kind", kind, errors);
            Long owner = Screens.id("ownerUnitId", ownerUnitId, errors);
            Integer due = Screens.integer("reportDueDay", form.reportDueDay(), errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Plan p;
            try {
                p = plans.create(new Plans.NewPlan(form.code(), form.title(), y, k, form.theme(), form.breakthrough(), owner, due));
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("code", e.messageKey(), e.args());
            } catch (DomainException.Forbidden e) {
                // A coordinator of one command picking a unit outside it: said beside the picker.
                throw new DomainException.BadInput("ownerUnitId", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.plan.created", locale, p.code()));
            return "redirect:/office/programme/plans/" + p.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return planForm(form, screens.fieldErrors(e, locale), ownerUnits(), locale, model);
        }
    }

    private String planForm(PlanForm form, Map<String, String> errors, List<Unit> owners, Locale locale, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("ownerOptions", UnitOption.of(owners));
        model.addAttribute("kinds", kindOptions(locale));
        model.addAttribute("minDueDay", Plan.MIN_DUE_DAY);
        model.addAttribute("maxDueDay", Plan.MAX_DUE_DAY);
        return "programme/plan-form";
    }

    /** The units where the person coordinates: the only owners a new plan may have. */
    private List<Unit> ownerUnits() {
        Visibility v = policy.visibility(ProgrammeRoles.COORDINATOR);
        return units.list(null, null, ALL_UNITS).stream().filter(u -> v.coversUnitPath(u.id(), u.path())).toList();
    }

    // ---- the plan page ---------------------------------------------------------------------------

    @GetMapping("/office/programme/plans/{id}")
    String plan(@PathVariable long id, Locale locale, Model model) {
        return showPlan(id, null, Map.of(), null, Map.of(), locale, model);
    }

    @PostMapping("/office/programme/plans/{id}/groups")
    String addGroup(@PathVariable("id") long planId, @RequestParam(defaultValue = "") String groupOrdinal,
            @RequestParam(defaultValue = "") String groupTitle, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        var form = new GroupForm(groupOrdinal.strip(), groupTitle.strip());
        try {
            var errors = new ArrayList<FieldError>();
            Integer ordinal = Screens.integer("ordinal", form.ordinal(), errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Plans.Group g;
            try {
                g = plans.addGroup(planId, new Plans.NewGroup(ordinal, form.title()));
            } catch (DomainException.Conflict e) {
                if (!"programme.group.ordinal-taken".equals(e.messageKey())) throw e;
                throw new DomainException.BadInput("ordinal", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.group.added", locale, g.ordinal(), g.title()));
            return "redirect:/office/programme/plans/" + planId + "#group-" + g.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            var errors = screens.fieldErrors(e, locale, f -> "group" + Character.toUpperCase(f.charAt(0)) + f.substring(1));
            return showPlan(planId, form, errors, null, Map.of(), locale, model);
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", screens.problem(e, locale));
            return "redirect:/office/programme/plans/" + planId;
        }
    }

    @PostMapping("/office/programme/plans/{id}/tasks")
    String addTask(@PathVariable("id") long planId, @RequestParam(defaultValue = "") String groupId, @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String leadUnitId,
            @RequestParam(required = false) @Nullable List<String> supportUnitIds, @RequestParam(defaultValue = "") String expectedResult,
            @RequestParam(defaultValue = "") String dueDate, @RequestParam(defaultValue = "") String secrecy,
            @RequestParam(required = false) @Nullable List<String> indicatorCode, @RequestParam(required = false) @Nullable List<String> indicatorName,
            @RequestParam(required = false) @Nullable List<String> indicatorUnit,
            @RequestParam(required = false) @Nullable List<String> indicatorTarget,
            @RequestParam(required = false) @Nullable List<String> indicatorAggregation,
            @RequestParam(required = false) @Nullable List<String> indicatorHigherIsBetter, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        // Rows left blank are not indicators; the rest keep their order, so the service's indicators[k] is row k as shown again.
        List<IndicatorRow> rows = new ArrayList<>();
        int n = indicatorCode == null ? 0 : indicatorCode.size();
        for (int i = 0; i < n; i++) {
            var row = new IndicatorRow(at(indicatorCode, i), at(indicatorName, i), at(indicatorUnit, i), at(indicatorTarget, i),
                    at(indicatorAggregation, i).isBlank() ? Aggregation.SUM.name() : at(indicatorAggregation, i),
                    "false".equals(at(indicatorHigherIsBetter, i)) ? "false" : "true");
            if (!row.isBlank()) rows.add(row);
        }
        var form = new TaskForm(groupId, code.strip(), title.strip(), leadUnitId, supportUnitIds == null ? List.of() : supportUnitIds,
                expectedResult.strip(), dueDate.strip(), secrecy, rows);
        try {
            var errors = new ArrayList<FieldError>();
            Long group = Screens.id("groupId", groupId, errors);
            Long lead = Screens.id("leadUnitId", leadUnitId, errors);
            List<Long> support = Screens.ids("supportUnitIds", form.supportUnitIds(), errors);
            LocalDate due = Screens.localDate("dueDate", form.dueDate(), errors);
            SecrecyLevel level = secrecy.isBlank() ? SecrecyLevel.THUONG : Screens.enumeration(SecrecyLevel.class, "secrecy", secrecy, errors);
            List<Task.Indicator> indicators = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                IndicatorRow r = rows.get(k);
                String at = "indicators[" + k + "].";
                BigDecimal target = Screens.decimal(at + "target", r.target(), errors);
                if (target == null && r.target().isBlank()) errors.add(new FieldError(at + "target", "problem.field.required"));
                Aggregation aggregation = Screens.enumeration(Aggregation.class, at + "aggregation", r.aggregation(), errors);
                indicators.add(new Task.Indicator(r.code(), r.name(), r.unit().isBlank() ? null : r.unit(), target == null ? BigDecimal.ZERO : target,
                        aggregation == null ? Aggregation.SUM : aggregation, Boolean.parseBoolean(r.higherIsBetter())));
            }
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Task t;
            try {
                t = tasks.create(planId, new Tasks.NewTask(group, form.code(), form.title(), lead, support, form.expectedResult(), due, level, indicators));
            } catch (DomainException.Conflict e) {
                if (!"programme.task.code-taken".equals(e.messageKey())) throw e;
                throw new DomainException.BadInput("code", e.messageKey(), e.args());
            } catch (DomainException.Forbidden e) {
                if (!"programme.task.secrecy-above-clearance".equals(e.messageKey())) throw e;
                throw new DomainException.BadInput("secrecy", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.task.added", locale, t.code(), t.indicators().size()));
            return "redirect:/office/programme/plans/" + planId + "#task-" + t.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return showPlan(planId, null, Map.of(), form, screens.fieldErrors(e, locale, PlanScreens::taskField), locale, model);
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", screens.problem(e, locale));
            return "redirect:/office/programme/plans/" + planId;
        }
    }

    /** The service names support units one by one; the form has one picker for them all. */
    private static String taskField(String field) {
        return field.startsWith("supportUnitIds[") ? "supportUnitIds" : field;
    }

    private static String at(@Nullable List<String> values, int i) {
        return values == null || i >= values.size() || values.get(i) == null ? "" : VietnameseText.nfc(values.get(i)).strip();
    }

    /** htmx: one more blank indicator row, and the button again, now numbering the row after it. */
    @GetMapping("/office/programme/plans/{id}/indicator-row")
    String indicatorRow(@PathVariable("id") long planId, @RequestParam(defaultValue = "0") int index, Locale locale, Model model) {
        int k = Math.clamp(index, 0, 49);
        model.addAttribute("planId", planId);
        model.addAttribute("row", IndicatorRow.blank());
        model.addAttribute("k", k);
        model.addAttribute("next", k + 1);
        model.addAttribute("errors", Map.of());
        model.addAttribute("aggregations", aggregationOptions(locale));
        return "programme/fragments :: newIndicatorRow";
    }

    /** The Excel import from the plan page: all or nothing, every bad cell listed back on the page. */
    @PostMapping(path = "/office/programme/plans/{id}/tasks/import", consumes = "multipart/form-data")
    String importTasks(@PathVariable("id") long planId, @RequestParam("file") org.springframework.web.multipart.MultipartFile file, Locale locale,
            RedirectAttributes redirect) {
        try {
            TaskImport.Result r = taskImport.importTasks(planId, file.getSize(), file, file.getOriginalFilename());
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.plan.import.done", locale, r.tasks().size(), r.groupsCreated()));
        } catch (vn.truongson.core.DomainException.BadInput e) {
            redirect.addFlashAttribute("importErrors", e.errors().stream()
                    .map(fe -> fe.field() + ": " + screens.msg(fe.messageKey(), locale, fe.args())).toList());
        }
        return "redirect:/office/programme/plans/" + planId;
    }

    /**
     * An amendment from the plan page: number, date, reason and up to {@value #AMENDMENT_ROWS} rows, each changing a
     * task's due date or lead unit, or cancelling it (adding tasks and changing targets: the API). Rows without a task
     * are ignored; a refusal shows the form again with each field's message.
     */
    @PostMapping("/office/programme/plans/{id}/amendments")
    String amend(@PathVariable("id") long planId, @RequestParam(defaultValue = "") String number, @RequestParam(defaultValue = "") String decidedOn,
            @RequestParam(defaultValue = "") String reason, @RequestParam(required = false) @Nullable List<String> changeTask,
            @RequestParam(required = false) @Nullable List<String> changeAction, @RequestParam(required = false) @Nullable List<String> changeDue,
            @RequestParam(required = false) @Nullable List<String> changeLead, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        List<ChangeRow> rows = new ArrayList<>();
        int n = changeTask == null ? 0 : Math.min(changeTask.size(), 50);
        for (int i = 0; i < n; i++) rows.add(new ChangeRow(at(changeTask, i), at(changeAction, i).isBlank() ? "CHANGE" : at(changeAction, i), at(changeDue, i),
                at(changeLead, i)));
        var form = new AmendmentForm(VietnameseText.nfc(number).strip(), decidedOn.strip(), VietnameseText.nfc(reason).strip(), rows);
        try {
            var errors = new ArrayList<FieldError>();
            LocalDate decided = Screens.localDate("decidedOn", form.decidedOn(), errors);
            List<vn.truongson.programme.Amendments.TaskChange> changes = new ArrayList<>();
            List<Long> cancels = new ArrayList<>();
            // The service names changeTasks[k] and cancelTasks[k] by their place in its own lists: keep each row's index.
            List<Integer> changeRowOf = new ArrayList<>();
            List<Integer> cancelRowOf = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                ChangeRow r = rows.get(i);
                if (r.taskId().isBlank()) continue;
                Long task = Screens.id("rows[" + i + "].taskId", r.taskId(), errors);
                if ("CANCEL".equals(r.action())) {
                    cancels.add(task);
                    cancelRowOf.add(i);
                    continue;
                }
                LocalDate due = r.dueDate().isBlank() ? null : Screens.localDate("rows[" + i + "].dueDate", r.dueDate(), errors);
                Long lead = r.leadUnitId().isBlank() ? null : Screens.id("rows[" + i + "].leadUnitId", r.leadUnitId(), errors);
                changes.add(new vn.truongson.programme.Amendments.TaskChange(task, due, lead, null));
                changeRowOf.add(i);
            }
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            try {
                var a = amendments.amend(planId, new vn.truongson.programme.Amendments.NewAmendment(form.number(), form.reason(), decided, List.of(),
                        changes, cancels));
                redirect.addFlashAttribute("notice", screens.msg("programme.ui.amendment.done", locale, a.number(), a.version()));
                return "redirect:/office/programme/plans/" + planId + "#plan-versions";
            } catch (DomainException.BadInput e) {
                throw new DomainException.BadInput(e.errors().stream().map(fe -> new FieldError(rowField(fe.field(), changeRowOf, cancelRowOf),
                        fe.messageKey(), fe.args())).toList());
            }
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            model.addAttribute("amendmentForm", form);
            model.addAttribute("amendmentErrors", screens.fieldErrors(e, locale));
            return showPlan(planId, null, Map.of(), null, Map.of(), locale, model);
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", screens.problem(e, locale));
            return "redirect:/office/programme/plans/" + planId;
        }
    }

    /** changeTasks[1].dueDate → rows[k].dueDate, cancelTasks[0] → rows[k].taskId, "changeTasks" (nothing changed) → rows. */
    private static String rowField(String field, List<Integer> changeRowOf, List<Integer> cancelRowOf) {
        var m = java.util.regex.Pattern.compile("(changeTasks|cancelTasks)\\[(\\d+)\\](?:\\.(\\w+))?.*").matcher(field);
        if (!m.matches()) return "changeTasks".equals(field) ? "rows" : field;
        int k = Integer.parseInt(m.group(2));
        List<Integer> rows = m.group(1).equals("changeTasks") ? changeRowOf : cancelRowOf;
        int row = k < rows.size() ? rows.get(k) : k;
        String sub = m.group(3) == null ? "taskId" : m.group(3);
        return "rows[" + row + "]." + sub;
    }

    @PostMapping("/office/programme/plans/{id}/issue")
    String issue(@PathVariable("id") long planId, Locale locale, RedirectAttributes redirect) {
        try {
            Plan p = plans.issue(planId);
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.plan.issued", locale, p.code()));
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", screens.problem(e, locale));
        }
        return "redirect:/office/programme/plans/" + planId;
    }

    private String showPlan(long planId, @Nullable GroupForm groupForm, Map<String, String> groupErrors, @Nullable TaskForm taskForm,
            Map<String, String> taskErrors, Locale locale, Model model) {
        Plans.PlanDetail d = plans.get(planId);
        Plan p = d.plan();
        Set<Long> unitIds = new HashSet<>();
        unitIds.add(p.ownerUnitId());
        for (Task t : d.tasks()) {
            unitIds.add(t.leadUnitId());
            unitIds.addAll(t.supportUnitIds());
        }
        List<vn.truongson.programme.Amendments.Amendment> history = p.status() == PlanStatus.ISSUED ? amendments.list(p.id()) : List.of();
        for (var a : history) {
            for (var c : a.changes()) {
                if (c.kind() == vn.truongson.programme.Amendments.ChangeKind.LEAD_UNIT) {
                    unitIds.add(Long.parseLong(c.from()));
                    unitIds.add(Long.parseLong(c.to()));
                }
            }
        }
        Map<Long, String> names = units.names(unitIds);
        var versions = amendments.taskVersions(p.id());
        List<GroupBlock> groups = new ArrayList<>();
        for (Plans.Group g : d.groups()) {
            List<TaskLine> lines = d.tasks().stream().filter(t -> t.groupId() == g.id()).map(t -> taskLine(t, names, locale, versions.get(t.id()))).toList();
            groups.add(new GroupBlock(g, lines));
        }
        boolean mayBuild = p.status() == PlanStatus.DRAFT && policy.permits(ProgrammeRoles.COORDINATOR, p.asProtected());
        model.addAttribute("plan", p);
        model.addAttribute("kind", kindLabel(p.kind(), locale));
        model.addAttribute("owner", names.getOrDefault(p.ownerUnitId(), "#" + p.ownerUnitId()));
        model.addAttribute("issuedAt", p.issuedAt() == null ? "" : Screens.dateTime(p.issuedAt()));
        model.addAttribute("groups", groups);
        model.addAttribute("amendments", history.stream().map(a -> new AmendmentLine(a, Screens.date(a.decidedOn()),
                a.changes().stream().map(c -> changeText(c, names, locale)).toList())).toList());
        model.addAttribute("taskCount", d.tasks().size());
        model.addAttribute("mayBuild", mayBuild);
        boolean mayAmend = p.status() == PlanStatus.ISSUED && policy.permits(ProgrammeRoles.COORDINATOR, p.asProtected());
        model.addAttribute("mayAmend", mayAmend);
        if (mayAmend) {
            if (!model.containsAttribute("amendmentForm")) {
                List<ChangeRow> blank = new ArrayList<>();
                for (int i = 0; i < AMENDMENT_ROWS; i++) blank.add(ChangeRow.blank());
                model.addAttribute("amendmentForm", new AmendmentForm("", Screens.date(LocalDate.now(clock.withZone(Period.ZONE))), "", blank));
                model.addAttribute("amendmentErrors", Map.of());
            }
            model.addAttribute("amendTasks", d.tasks().stream().filter(t -> versions.get(t.id()) == null || versions.get(t.id()).cancelledIn() == null)
                    .map(t -> new Option(Ids.str(t.id()), t.code() + ". " + t.title())).toList());
            model.addAttribute("amendUnits", UnitOption.of(units.list(null, null, ALL_UNITS)));
        }
        model.addAttribute("links", links(p, locale));
        model.addAttribute("importAction", mayBuild ? "/office/programme/plans/" + p.id() + "/tasks/import" : "");
        if (mayBuild) {
            int nextOrdinal = d.groups().stream().mapToInt(Plans.Group::ordinal).max().orElse(0) + 1;
            model.addAttribute("groupForm", groupForm != null ? groupForm : new GroupForm(Integer.toString(nextOrdinal), ""));
            model.addAttribute("groupErrors", groupErrors);
            TaskForm tf = taskForm != null ? taskForm
                    : new TaskForm(d.groups().isEmpty() ? "" : Ids.str(d.groups().getLast().id()), "", "", "", List.of(), "", "",
                            SecrecyLevel.THUONG.name(), List.of(IndicatorRow.blank()));
            if (tf.indicators().isEmpty()) tf = new TaskForm(tf.groupId(), tf.code(), tf.title(), tf.leadUnitId(), tf.supportUnitIds(),
                    tf.expectedResult(), tf.dueDate(), tf.secrecy(), List.of(IndicatorRow.blank()));
            model.addAttribute("taskForm", tf);
            model.addAttribute("taskErrors", taskErrors);
            model.addAttribute("unitOptions", UnitOption.of(units.list(null, null, ALL_UNITS)));
            SecrecyLevel max = policy.visibility(ProgrammeRoles.COORDINATOR).maxSecrecy();
            model.addAttribute("levels", java.util.Arrays.stream(SecrecyLevel.values()).filter(max::covers).toList());
            model.addAttribute("aggregations", aggregationOptions(locale));
        }
        return "programme/plan";
    }

    private TaskLine taskLine(Task t, Map<Long, String> names, Locale locale, vn.truongson.programme.Amendments.@Nullable TaskVersion version) {
        List<String> support = t.supportUnitIds().stream().map(u -> names.getOrDefault(u, "#" + u)).toList();
        List<IndicatorLine> indicators = t.indicators().stream()
                .map(i -> new IndicatorLine(i, Screens.number(i.target(), locale), aggregationLabel(i.aggregation(), locale))).toList();
        return new TaskLine(t, names.getOrDefault(t.leadUnitId(), "#" + t.leadUnitId()), String.join("; ", support), Screens.date(t.dueDate()),
                indicators, version);
    }

    /**
     * The import and export files of a plan, where this build serves them: the Excel template and task import for
     * a draft's builder, the compiled report of the plan's current period for its readers.
     */
    private List<Link> links(Plan p, Locale locale) {
        List<Link> out = new ArrayList<>();
        boolean builder = p.status() == PlanStatus.DRAFT && policy.permits(ProgrammeRoles.COORDINATOR, p.asProtected());
        if (builder) {
            out.add(new Link("import-template", "/office/programme/plans/import-template.xlsx", screens.msg("programme.ui.plan.import-template", locale)));
        }
        Period period = Screens.periodFor(p.year(), YearMonth.now(clock.withZone(Period.ZONE)));
        if (p.status() == PlanStatus.ISSUED) {
            out.add(new Link("dashboard", "/office/programme/plans/" + p.id() + "/dashboard", screens.msg("programme.ui.dashboard.open", locale)));
            for (String ext : List.of("pdf", "docx", "xlsx")) {
                out.add(new Link("export-" + ext, "/office/programme/plans/" + p.id() + "/compilation." + ext + "?period=" + period,
                        screens.msg("programme.ui.plan.export." + ext, locale, Screens.month(period))));
            }
        }
        return out;
    }

    /** "1.3: thời hạn 30/09/2024 → 31/12/2024" and the like, in the reader's language. */
    private String changeText(vn.truongson.programme.Amendments.Change c, Map<Long, String> names, Locale locale) {
        String key = "programme.ui.amendment.change." + c.kind().name();
        return switch (c.kind()) {
            case ADD_TASK, CANCEL_TASK -> screens.msg(key, locale, c.taskCode(), c.to() == null ? "" : c.to());
            case DUE_DATE -> screens.msg(key, locale, c.taskCode(), Screens.date(LocalDate.parse(c.from())), Screens.date(LocalDate.parse(c.to())));
            case LEAD_UNIT -> screens.msg(key, locale, c.taskCode(), names.getOrDefault(Long.parseLong(c.from()), "#" + c.from()),
                    names.getOrDefault(Long.parseLong(c.to()), "#" + c.to()));
            case TARGET -> screens.msg(key, locale, c.taskCode(), c.indicator(), Screens.number(new BigDecimal(c.from()), locale),
                    Screens.number(new BigDecimal(c.to()), locale));
        };
    }

    // ---- labels ----------------------------------------------------------------------------------

    private static String kindLabel(PlanKind k, Locale locale) {
        return Screens.english(locale) ? k.english() : k.vietnamese();
    }

    private List<Option> kindOptions(Locale locale) {
        return java.util.Arrays.stream(PlanKind.values()).map(k -> new Option(k.name(), kindLabel(k, locale))).toList();
    }

    private String aggregationLabel(Aggregation a, Locale locale) {
        return screens.msg("programme.ui.aggregation." + a.name(), locale);
    }

    private List<Option> aggregationOptions(Locale locale) {
        return java.util.Arrays.stream(Aggregation.values()).map(a -> new Option(a.name(), aggregationLabel(a, locale))).toList();
    }

}
