package vn.truongson.programme.web;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.org.Units;
import vn.truongson.programme.Compilation;
import vn.truongson.programme.Dashboards;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanStatus;
import vn.truongson.programme.Plans;
import vn.truongson.programme.ProgrammeRoles;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Reports;
import vn.truongson.programme.Task;

/**
 * The commanders' dashboard (bảng điều hành): a plan's period over a unit's subtree, drilled down from the
 * ministry to a unit, to a task, to a unit's report, each level a link to the next that keeps the period and the
 * scope. Every figure comes from {@link Dashboards}, that is from the compilation, under its access rules.
 */
@Controller
class DashboardScreens {

    record Crumb(String label, @Nullable String href) {}

    record UnitLine(Dashboards.UnitRow row, String name, @Nullable String href, String lateness) {}

    record TaskLine(Compilation.TaskProgress progress, Task task, String href, String percent, long bottlenecks) {}

    record GroupLine(Dashboards.GroupState state, String progress, String expected, List<TaskLine> tasks) {}

    record AssignmentLine(Dashboards.AssignmentState state, String unit, String reportedPeriod, String percent, String href) {}

    private final Dashboards dashboards;
    private final Plans plans;
    private final Reports reports;
    private final Units units;
    private final UnitHierarchy hierarchy;
    private final AccessPolicy policy;
    private final JsonMapper json;
    private final Screens screens;
    private final Clock clock;

    DashboardScreens(Dashboards dashboards, Plans plans, Reports reports, Units units, UnitHierarchy hierarchy, AccessPolicy policy, JsonMapper json,
            Screens screens, Clock clock) {
        this.dashboards = dashboards;
        this.plans = plans;
        this.reports = reports;
        this.units = units;
        this.hierarchy = hierarchy;
        this.policy = policy;
        this.json = json;
        this.screens = screens;
        this.clock = clock;
    }

    /**
     * The home page's and the menu's entry: the dashboard of the latest issued plan the reader may see; with
     * {@code plan}, the plan switcher (issue 13): that plan's dashboard, keeping the period when it is of the plan's
     * year and the unit when the reader may look at it. A plan he may not see is missing (404), as any.
     */
    @GetMapping("/office/programme/dashboard")
    String latest(@RequestParam(required = false) @Nullable String plan, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Long asked = ProgrammeViews.optionalId("plan", plan);
        if (asked == null) {
            return plans.list(null).stream().filter(p -> p.status() == PlanStatus.ISSUED).findFirst()
                    .map(p -> "redirect:/office/programme/plans/" + p.id() + "/dashboard").orElse("redirect:/office/programme");
        }
        Plan chosen = plans.list(null).stream().filter(p -> p.id() == asked).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("plan", asked));
        Period keep = null;
        try {
            Period p = period == null || period.isBlank() ? null : Period.parse("period", period.strip());
            if (p != null && p.month().getYear() == chosen.year()) keep = p;
        } catch (DomainException.BadInput e) {
            // not a period: the plan's own
        }
        Long unit = null;
        try {
            Long u = ProgrammeViews.optionalId("unitId", unitId);
            if (u != null && (policy.permits(ProgrammeRoles.READER, chosen.asProtected())
                    || policy.visibility(ProgrammeRoles.READER).coversUnitPath(u, hierarchy.pathsOf(List.of(u)).getOrDefault(u, "")))) unit = u;
        } catch (DomainException.BadInput e) {
            // not a unit: where the reader's dashboard opens
        }
        if (keep == null && unit == null) return "redirect:/office/programme/plans/" + chosen.id() + "/dashboard";
        if (keep == null) keep = Period.parse("period", periodOf(chosen.id(), null));
        return "redirect:" + dashboardHref(chosen.id(), keep, unit);
    }

    /** The plans the switcher offers: those issued that the reader may see, and the one shown. */
    private List<PlanScreens.Option> planOptions(Plan shown) {
        List<PlanScreens.Option> out = new ArrayList<>();
        for (Plan p : plans.list(null)) {
            if (p.status() == PlanStatus.ISSUED || p.id() == shown.id()) out.add(new PlanScreens.Option(Ids.str(p.id()), p.code() + " — " + p.title()));
        }
        return out;
    }

    /** The months before the plan was issued (it did not exist yet) and those where nothing was due are not drawn. */
    static boolean drawn(Plan plan, Dashboards.TrendPoint t) {
        if (t.expected() == 0) return false;
        if (plan.issuedAt() == null) return true;
        YearMonth issued = YearMonth.from(plan.issuedAt().atZone(Period.ZONE));
        return !t.period().month().isBefore(issued);
    }

    @GetMapping("/office/programme/plans/{id}/dashboard")
    String dashboard(@PathVariable("id") long planId, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId, Locale locale, Model model) {
        Long scope = scopeOf(planId, unitId);
        String chosen = periodOf(planId, period);
        Dashboards.Dashboard d = dashboards.dashboard(planId, chosen, scope);
        Plan plan = d.plan();
        Compilation c = d.compilation();

        Set<Long> ids = new HashSet<>();
        d.units().forEach(u -> ids.add(u.unitId()));
        Map<Long, String> names = units.names(ids);
        List<UnitLine> unitLines = d.units().stream().map(u -> new UnitLine(u,
                names.getOrDefault(u.unitId(), "#" + u.unitId()) + (u.own() ? " " + msg(locale, "programme.ui.dashboard.units.own") : ""),
                u.drillable() ? dashboardHref(planId, d.period(), u.unitId()) : null, percent(u.lateness() * 100))).toList();

        Map<Long, Long> bottlenecks = new LinkedHashMap<>();
        c.bottlenecks().forEach(b -> bottlenecks.merge(b.taskId(), 1L, Long::sum));
        List<GroupLine> groups = d.groups().stream().map(g -> new GroupLine(g, percent(g.progress()), percent(g.expectedProgress()),
                g.tasks().stream().map(t -> new TaskLine(t, d.tasks().get(t.taskId()), taskHref(planId, t.taskId(), d.period(), scope),
                        percent(t.percentComplete()), bottlenecks.getOrDefault(t.taskId(), 0L))).toList())).toList();

        model.addAttribute("plan", plan);
        model.addAttribute("period", d.period());
        model.addAttribute("periodShown", Screens.month(d.period()));
        model.addAttribute("cutoff", Screens.date(c.cutoffFrom()) + " – " + Screens.date(c.cutoffTo()));
        model.addAttribute("deadline", Screens.dateTime(c.deadline().toInstant()));
        model.addAttribute("periods", periods(plan));
        model.addAttribute("planOptions", planOptions(plan));
        model.addAttribute("unitId", scope == null ? "" : Ids.str(scope));
        model.addAttribute("crumbs", crumbs(plan, d.period(), scope, locale));
        model.addAttribute("c", c);
        model.addAttribute("completeness", percent(c.completeness() * 100));
        model.addAttribute("timeliness", percent(c.timeliness() * 100));
        model.addAttribute("progress", percent(d.trend().getLast().progress()));
        model.addAttribute("overdue", d.overdue());
        model.addAttribute("statuses", d.statuses());
        model.addAttribute("unitLines", unitLines);
        model.addAttribute("groups", groups);
        model.addAttribute("tolerance", percent(Dashboards.AMBER_TOLERANCE));
        model.addAttribute("chartJson", chartJson(d, unitLines, locale));
        // Stored figures outside the platform's range (issue 10, finding 6): left out of every figure above, named here.
        Map<Long, String> invalidUnits = units.names(c.invalidValues().stream().map(Compilation.InvalidValue::unitId).filter(java.util.Objects::nonNull).toList());
        model.addAttribute("invalidValues", c.invalidValues().stream().map(v -> {
            var task = d.tasks().get(v.taskId());
            return (task == null ? "#" + v.taskId() : task.code()) + (v.unitId() == null ? "" : ", " + invalidUnits.getOrDefault(v.unitId(), "#" + v.unitId()))
                    + ", " + v.field();
        }).toList());
        model.addAttribute("compilationHref", "/api/v1/plans/" + planId + "/compilation?period=" + d.period() + (scope == null ? "" : "&unitId=" + scope));
        model.addAttribute("pdfHref", "/office/programme/plans/" + planId + "/compilation.pdf?period=" + d.period() + (scope == null ? "" : "&unitId=" + scope));
        return "programme/dashboard";
    }

    @GetMapping("/office/programme/plans/{id}/dashboard/tasks/{taskId}")
    String task(@PathVariable("id") long planId, @PathVariable long taskId, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId, Locale locale, Model model) {
        Long scope = scopeOf(planId, unitId);
        Dashboards.TaskDrill d = dashboards.task(planId, taskId, periodOf(planId, period), scope);
        Set<Long> ids = new HashSet<>();
        d.assignments().forEach(a -> ids.add(a.unitId()));
        ids.add(d.task().leadUnitId());
        Map<Long, String> names = units.names(ids);
        model.addAttribute("plan", d.plan());
        model.addAttribute("task", d.task());
        model.addAttribute("period", d.period());
        model.addAttribute("periodShown", Screens.month(d.period()));
        model.addAttribute("unitId", scope == null ? "" : Ids.str(scope));
        model.addAttribute("lead", names.getOrDefault(d.task().leadUnitId(), "#" + d.task().leadUnitId()));
        model.addAttribute("due", Screens.date(d.task().dueDate()));
        model.addAttribute("progress", d.progress());
        model.addAttribute("percent", d.progress() == null ? "" : percent(d.progress().percentComplete()));
        List<Crumb> crumbs = new ArrayList<>(crumbs(d.plan(), d.period(), scope, locale));
        crumbs.add(new Crumb(msg(locale, "programme.ui.task.crumb", d.task().code()), null));
        model.addAttribute("crumbs", crumbs);
        model.addAttribute("dashboardHref", dashboardHref(planId, d.period(), scope));
        model.addAttribute("lines", d.assignments().stream().map(a -> new AssignmentLine(a, names.getOrDefault(a.unitId(), "#" + a.unitId()),
                a.reportedPeriod() == null ? "—" : Screens.month(a.reportedPeriod()), percent(a.percentComplete().doubleValue()),
                reportHref(planId, a.assignmentId(), d.period(), scope))).toList());
        return "programme/dashboard-task";
    }

    /** The report level: every revision of one unit's report for the period, as the reporters wrote them. */
    @GetMapping("/office/programme/plans/{id}/dashboard/assignments/{assignmentId}")
    String report(@PathVariable("id") long planId, @PathVariable("assignmentId") long aid, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId, Locale locale, Model model) {
        Long scope = scopeOf(planId, unitId);
        Dashboards.TaskDrill d = dashboards.task(planId, dashboards.taskOfAssignment(planId, aid), periodOf(planId, period), scope);
        Dashboards.AssignmentState state = d.assignments().stream().filter(a -> a.assignmentId() == aid).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("assignment", aid));
        List<Reports.Revision> revisions = reports.revisions(aid, null).stream().filter(r -> r.period().compareTo(d.period()) <= 0).toList().reversed();
        Map<Long, String> names = units.names(List.of(state.unitId()));
        String unit = names.getOrDefault(state.unitId(), "#" + state.unitId());
        model.addAttribute("plan", d.plan());
        model.addAttribute("task", d.task());
        model.addAttribute("state", state);
        model.addAttribute("unit", unit);
        model.addAttribute("period", d.period());
        model.addAttribute("periodShown", Screens.month(d.period()));
        model.addAttribute("revisions", revisions.stream().map(r -> new RevisionLine(r, Screens.month(r.period()), Screens.dateTime(r.submittedAt()),
                percent(r.content().percentComplete().doubleValue()))).toList());
        List<Crumb> crumbs = new ArrayList<>(crumbs(d.plan(), d.period(), scope, locale));
        crumbs.add(new Crumb(msg(locale, "programme.ui.task.crumb", d.task().code()), taskHref(planId, d.task().id(), d.period(), scope)));
        crumbs.add(new Crumb(unit, null));
        model.addAttribute("crumbs", crumbs);
        return "programme/dashboard-report";
    }

    record RevisionLine(Reports.Revision revision, String period, String submittedAt, String percent) {}

    // ---- helpers ---------------------------------------------------------------------------------

    /** The scope asked for, else where the reader's dashboard opens. */
    private @Nullable Long scopeOf(long planId, @Nullable String unitId) {
        Long asked = ProgrammeViews.optionalId("unitId", unitId);
        return asked != null ? asked : dashboards.defaultScope(planId);
    }

    /** The period asked for, else the plan's current one, or for a past year the last period anybody reported. */
    private String periodOf(long planId, @Nullable String period) {
        if (period != null && !period.isBlank()) return period.strip();
        return dashboards.defaultPeriod(planId, YearMonth.now(clock.withZone(Period.ZONE))).toString();
    }

    private List<Crumb> crumbs(Plan plan, Period period, @Nullable Long scope, Locale locale) {
        List<Crumb> out = new ArrayList<>();
        boolean ownerCovered = policy.permits(ProgrammeRoles.READER, plan.asProtected());
        out.add(new Crumb(msg(locale, "programme.ui.dashboard.scope.all"), ownerCovered ? dashboardHref(plan.id(), period, null) : null));
        if (scope == null) return out;
        String path = hierarchy.pathOf(scope).orElse("/");
        List<Long> chain = new ArrayList<>();
        for (String part : path.split("/")) if (!part.isEmpty()) chain.add(Long.parseLong(part));
        Map<Long, String> names = units.names(chain);
        Map<Long, String> paths = hierarchy.pathsOf(chain);
        Visibility v = policy.visibility(ProgrammeRoles.READER);
        for (long u : chain) {
            boolean may = ownerCovered || v.coversUnitPath(u, paths.getOrDefault(u, ""));
            if (!may && u != scope) continue;
            out.add(new Crumb(names.getOrDefault(u, "#" + u), dashboardHref(plan.id(), period, u)));
        }
        return out;
    }

    private List<PlanScreens.Option> periods(Plan plan) {
        List<PlanScreens.Option> out = new ArrayList<>();
        for (int m = 1; m <= 12; m++) out.add(new PlanScreens.Option(Period.of(plan.year(), m).toString(), Screens.month(Period.of(plan.year(), m))));
        return out;
    }

    static String dashboardHref(long planId, Period period, @Nullable Long unitId) {
        var b = UriComponentsBuilder.fromPath("/office/programme/plans/" + planId + "/dashboard").queryParam("period", period.toString());
        if (unitId != null) b.queryParam("unitId", unitId);
        return b.toUriString();
    }

    static String taskHref(long planId, long taskId, Period period, @Nullable Long unitId) {
        var b = UriComponentsBuilder.fromPath("/office/programme/plans/" + planId + "/dashboard/tasks/" + taskId).queryParam("period", period.toString());
        if (unitId != null) b.queryParam("unitId", unitId);
        return b.toUriString();
    }

    static String reportHref(long planId, long assignmentId, Period period, @Nullable Long unitId) {
        var b = UriComponentsBuilder.fromPath("/office/programme/plans/" + planId + "/dashboard/assignments/" + assignmentId)
                .queryParam("period", period.toString());
        if (unitId != null) b.queryParam("unitId", unitId);
        return b.toUriString();
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", v).replace('.', ',') + "%";
    }

    private String msg(Locale locale, String key, Object... args) {
        return screens.msg(key, locale, args);
    }

    /** What the charts draw, as JSON for dashboard.js; '<' escaped so no text can close the script element. */
    private String chartJson(Dashboards.Dashboard d, List<UnitLine> unitLines, Locale locale) {
        boolean en = Screens.english(locale);
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> statusLabels = new ArrayList<>();
        List<Long> statusCounts = new ArrayList<>();
        for (ReportStatus s : ReportStatus.values()) {
            statusLabels.add(en ? s.english() : s.vietnamese());
            statusCounts.add(d.statuses().get(s));
        }
        out.put("status", Map.of("labels", statusLabels, "counts", statusCounts));
        out.put("trend", Map.of(
                "labels", d.trend().stream().map(t -> Screens.month(t.period())).toList(),
                "completeness", d.trend().stream().map(t -> drawn(d.plan(), t) ? round(t.completeness() * 100) : null).toList(),
                "timeliness", d.trend().stream().map(t -> drawn(d.plan(), t) ? round(t.timeliness() * 100) : null).toList(),
                "progress", d.trend().stream().map(t -> drawn(d.plan(), t) ? round(t.progress()) : null).toList()));
        List<UnitLine> top = unitLines.stream().limit(15).toList();
        out.put("units", Map.of(
                "labels", top.stream().map(UnitLine::name).toList(),
                "onTime", top.stream().map(u -> u.row().onTime()).toList(),
                "late", top.stream().map(u -> u.row().late()).toList(),
                "missing", top.stream().map(u -> u.row().missing()).toList()));
        out.put("text", Map.of(
                "completeness", msg(locale, "programme.ui.dashboard.completeness"),
                "timeliness", msg(locale, "programme.ui.dashboard.timeliness"),
                "progress", msg(locale, "programme.ui.dashboard.progress"),
                "onTime", msg(locale, "programme.ui.dashboard.units.on-time"),
                "late", msg(locale, "programme.ui.dashboard.units.late"),
                "missing", msg(locale, "programme.ui.dashboard.units.missing")));
        return json.writeValueAsString(out).replace("<", "\\u003c");
    }

    private static @Nullable Double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
