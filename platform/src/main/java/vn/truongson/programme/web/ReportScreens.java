package vn.truongson.programme.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Grant;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.org.Units;
import vn.truongson.programme.Evidence;
import vn.truongson.programme.Period;
import vn.truongson.programme.ProgrammeRoles;
import vn.truongson.programme.Report;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Reports;
import vn.truongson.programme.Task;

/**
 * The reporters' screens: "Báo cáo của đơn vị", the assignments of their units with where each period's report
 * stands, and the report form of one assignment and period, with its deadline and lock, every earlier revision
 * and the evidence files. {@link Reports} and {@link Evidence} decide who may see and send what.
 */
@Controller
class ReportScreens {

    static final int MAX_ROWS = 500;

    record DueLine(Reports.Due due, String unit, String deadline, String state, String stateClass, boolean locked, String percent,
            String submittedAt, String href) {}

    record Count(String label, long count, String cssClass) {}

    record RevisionLine(Reports.Revision revision, String status, String percent, String submittedAt, String values) {}

    record EvidenceLine(Evidence.Item item, String size, String uploadedAt, String href) {}

    record ValueRow(Task.Indicator indicator, String target, String value) {}

    /** The form as typed, so that a refused one comes back as it was sent. */
    record ReportForm(String status, String percentComplete, Map<String, String> values, String obstacles, boolean bottleneck, String proposal) {}

    private final Reports reports;
    private final Evidence evidence;
    private final Units units;
    private final AccessPolicy policy;
    private final Screens screens;
    private final Clock clock;

    private final vn.truongson.audit.AuditTrail audit;
    private final vn.truongson.programme.reminders.Reminders reminders;

    ReportScreens(Reports reports, Evidence evidence, Units units, AccessPolicy policy, Screens screens, Clock clock, vn.truongson.audit.AuditTrail audit,
            vn.truongson.programme.reminders.Reminders reminders) {
        this.audit = audit;
        this.reminders = reminders;
        this.reports = reports;
        this.evidence = evidence;
        this.units = units;
        this.policy = policy;
        this.screens = screens;
        this.clock = clock;
    }

    // ---- the unit's reports ----------------------------------------------------------------------

    /** Reports per page of the list (issue 13: the list was 316 rows, 33,000 px tall). */
    static final int PAGE = 50;

    /** The list as filtered: period and unit, every line (at most MAX_ROWS) and whether more were left out. */
    private record DueList(Period period, @Nullable Long unit, List<DueLine> lines, Map<Reports.DueState, Long> counts, boolean truncated,
            Set<Long> grantUnits, Map<Long, String> names) {}

    private DueList dueList(@Nullable String period, @Nullable String unitId, Locale locale) {
        policy.requireAnyGrant(ProgrammeRoles.REPORTER);
        Period p = currentPeriod();
        if (period != null && !period.isBlank()) {
            try {
                p = Period.parse("period", period);
            } catch (DomainException.BadInput e) {
                // A filter that names no period shows the current one.
            }
        }
        Long unit = null;
        if (unitId != null && !unitId.isBlank()) {
            try {
                unit = Ids.parse("unitId", unitId);
            } catch (DomainException.BadInput e) {
                unit = null;
            }
        }
        List<Reports.Due> rows = reports.due(p, unit, MAX_ROWS + 1);
        Instant now = clock.instant();
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.unitId()));
        Set<Long> grantUnits = new HashSet<>();
        for (Grant g : policy.actor().grants()) if (ProgrammeRoles.REPORTER.contains(g.role())) grantUnits.add(g.unitId());
        ids.addAll(grantUnits);
        Map<Long, String> names = units.names(ids);
        Map<Reports.DueState, Long> counts = new EnumMap<>(Reports.DueState.class);
        List<DueLine> lines = new ArrayList<>();
        for (Reports.Due d : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            Reports.DueState state = d.state(now);
            counts.merge(state, 1L, Long::sum);
            Report r = d.report();
            lines.add(new DueLine(d, names.getOrDefault(d.unitId(), "#" + d.unitId()), Screens.dateTime(d.deadline().toInstant()),
                    screens.msg("programme.ui.due." + state.name(), locale), stateClass(state), d.locked(now),
                    r == null ? "" : Screens.number(r.content().percentComplete(), locale) + " %",
                    r == null ? "" : Screens.dateTime(r.submittedAt()),
                    "/office/programme/assignments/" + d.assignmentId() + "/reports/" + p));
        }
        return new DueList(p, unit, lines, counts, rows.size() > MAX_ROWS, grantUnits, names);
    }

    /** The same list as an Excel workbook (core.ListWorkbook), every line of the filter, not only the page. */
    @GetMapping("/office/programme/reports/export")
    ResponseEntity<byte[]> export(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId,
            Locale locale) {
        DueList list = dueList(period, unitId, locale);
        var headers = List.of(screens.msg("programme.ui.export.plan", locale), screens.msg("programme.ui.reports.task", locale),
                screens.msg("programme.ui.reports.unit", locale), screens.msg("programme.ui.reports.deadline", locale),
                screens.msg("programme.ui.reports.state", locale), screens.msg("programme.ui.export.percent", locale),
                screens.msg("programme.ui.export.submitted", locale), screens.msg("programme.ui.export.revision", locale));
        List<List<Object>> rows = new ArrayList<>();
        for (DueLine l : list.lines()) {
            var r = l.due().report();
            var line = new ArrayList<Object>();
            line.add(l.due().planCode());
            line.add(l.due().taskCode() + ". " + l.due().taskTitle());
            line.add(l.unit());
            line.add(l.deadline());
            line.add(l.state());
            line.add(r == null ? null : r.content().percentComplete());
            line.add(r == null ? null : l.submittedAt());
            line.add(r == null ? null : r.revision());
            rows.add(line);
        }
        audit.recordSeparately("programme.reports.export", "period:" + list.period(), vn.truongson.audit.AuditTrail.SUCCESS, rows.size() + " rows");
        String sheet = screens.msg("programme.ui.reports.heading", locale);
        return vn.truongson.core.ListWorkbook.download("bao-cao-" + list.period() + ".xlsx",
                vn.truongson.core.ListWorkbook.xlsx(sheet + " " + list.period(), headers, rows));
    }

    /**
     * Manual chasing (đôn đốc, issue 13): a coordinator ticks lines of the list not yet reported and sends their units'
     * reporters a reminder now, with a message. Once a day per line; it counts as the stage's automatic reminder.
     */
    @PostMapping("/office/programme/reports/chase")
    String chase(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(name = "assignmentId", required = false) @Nullable List<String> assignmentIds, @RequestParam(defaultValue = "") String message,
            Locale locale, RedirectAttributes redirect) {
        policy.requireAnyGrant(Set.of(vn.truongson.access.Role.PROGRAMME_COORDINATOR));
        DueList list = dueList(period, unitId, locale);
        String back = "redirect:/office/programme/reports?period=" + list.period() + (list.unit() == null ? "" : "&unitId=" + Ids.str(list.unit()));
        if (assignmentIds == null || assignmentIds.isEmpty() || assignmentIds.size() > MAX_ROWS) {
            redirect.addFlashAttribute("problem", screens.msg("programme.ui.chase.none", locale));
            return back;
        }
        Set<Long> chosen = new HashSet<>();
        for (String id : assignmentIds) {
            try {
                chosen.add(Ids.parse("assignmentId", id));
            } catch (DomainException.BadInput e) {
                // not a line of the list: ignored below
            }
        }
        var lines = list.lines().stream().map(DueLine::due).filter(d -> chosen.contains(d.assignmentId())).toList();
        if (lines.isEmpty()) {
            redirect.addFlashAttribute("problem", screens.msg("programme.ui.chase.none", locale));
            return back;
        }
        try {
            var c = reminders.chase(lines, list.period(), message);
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.chase.done", locale, c.told(), c.alreadyToday(), c.skipped()));
        } catch (DomainException.BadInput e) {
            redirect.addFlashAttribute("problem", screens.msg("programme.ui.chase.message", locale, vn.truongson.programme.reminders.Reminders.MAX_CHASE_MESSAGE));
        }
        return back;
    }

    @GetMapping("/office/programme/reports")
    String due(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(required = false) @Nullable String page, jakarta.servlet.http.HttpServletRequest req, Locale locale, Model model) {
        DueList list = dueList(period, unitId, locale);
        Period p = list.period();
        Long unit = list.unit();
        Map<Reports.DueState, Long> counts = list.counts();
        Set<Long> grantUnits = list.grantUnits();
        Map<Long, String> names = list.names();
        var paging = vn.truongson.core.Paging.of(req, vn.truongson.core.Paging.page(page), PAGE, list.lines().size());
        List<DueLine> lines = paging.slice(list.lines());
        model.addAttribute("paging", paging);
        model.addAttribute("mayChase", policy.actor().has(vn.truongson.access.Role.PROGRAMME_COORDINATOR));
        model.addAttribute("exportLink", vn.truongson.core.Paging.sameFilters(req, "/office/programme/reports/export"));
        List<Count> summary = new ArrayList<>();
        for (Reports.DueState s : Reports.DueState.values()) {
            summary.add(new Count(screens.msg("programme.ui.due." + s.name(), locale), counts.getOrDefault(s, 0L), stateClass(s)));
        }
        Map<String, String> unitOptions = new LinkedHashMap<>();
        grantUnits.stream().sorted().forEach(u -> unitOptions.put(Ids.str(u), names.getOrDefault(u, "#" + u)));
        model.addAttribute("period", p);
        model.addAttribute("periodShown", Screens.month(p));
        model.addAttribute("cutoffFrom", Screens.date(p.from()));
        model.addAttribute("cutoffTo", Screens.date(p.to()));
        model.addAttribute("lines", lines);
        model.addAttribute("truncated", list.truncated());
        model.addAttribute("maxRows", MAX_ROWS);
        model.addAttribute("summary", summary);
        model.addAttribute("unitOptions", unitOptions);
        model.addAttribute("unitId", unit == null ? "" : Ids.str(unit));
        return "programme/reports";
    }

    private static String stateClass(Reports.DueState s) {
        return switch (s) {
            case ON_TIME -> "text-bg-success";
            case LATE -> "text-bg-warning";
            case OVERDUE -> "text-bg-danger";
            case MISSED -> "text-bg-dark";
            case NOT_REPORTED -> "text-bg-secondary";
        };
    }

    private Period currentPeriod() {
        return new Period(YearMonth.now(clock.withZone(Period.ZONE)));
    }

    // ---- the report form -------------------------------------------------------------------------

    @GetMapping("/office/programme/assignments/{id}/reports/{period}")
    String form(@PathVariable("id") long assignmentId, @PathVariable String period, Locale locale, Model model) {
        Reports.Sheet sheet = reports.sheet(assignmentId, period);
        // A figure stored before the platform's range held (issue 10, finding 6): named at its field, left blank to type again.
        Map<String, String> invalid = new LinkedHashMap<>();
        if (sheet.current() != null) {
            sheet.current().content().indicatorValues().forEach((code, v) -> {
                if (!vn.truongson.core.Inputs.validNumber(v)) invalid.put("indicatorValues." + code, screens.msg("problem.number.stored", locale));
            });
        }
        return show(sheet, formOf(sheet.current(), locale), invalid, locale, model);
    }

    @PostMapping("/office/programme/assignments/{id}/reports/{period}")
    String submit(@PathVariable("id") long assignmentId, @PathVariable String period, @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String percentComplete, @RequestParam Map<String, String> params,
            @RequestParam(defaultValue = "") String obstacles, @RequestParam(defaultValue = "false") boolean bottleneck,
            @RequestParam(defaultValue = "") String proposal, @RequestParam(required = false) @Nullable MultipartFile file, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        // The sheet first: a stranger is refused (403) before anything they sent is looked at.
        Reports.Sheet sheet = reports.sheet(assignmentId, period);
        Map<String, String> values = new LinkedHashMap<>();
        for (Task.Indicator i : sheet.task().indicators()) values.put(i.code(), params.getOrDefault("value." + i.code(), "").strip());
        var form = new ReportForm(status, percentComplete.strip(), values, obstacles, bottleneck, proposal);
        try {
            var errors = new ArrayList<FieldError>();
            ReportStatus s = Screens.enumeration(ReportStatus.class, "status", status, errors);
            BigDecimal pct = Screens.decimal("percentComplete", form.percentComplete(), errors);
            if (pct == null && form.percentComplete().isBlank()) errors.add(new FieldError("percentComplete", "problem.field.required"));
            // Out of 0–100 said with the other mistakes of this submit, not after they are put right (issue 13).
            if (pct != null && (pct.signum() < 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0)) {
                errors.add(new FieldError("percentComplete", "programme.report.percent", Screens.number(pct, locale)));
            }
            Map<String, BigDecimal> numbers = new LinkedHashMap<>();
            values.forEach((code, v) -> numbers.put(code, Screens.decimal("indicatorValues." + code, v, errors)));
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            var submission = new Reports.Submission(s, pct, numbers, obstacles, bottleneck, proposal);
            Report r;
            if (file != null && !file.isEmpty()) {
                try (InputStream in = file.getInputStream()) {
                    r = evidence.submitWith(assignmentId, period, submission, new Evidence.Upload(in, file.getOriginalFilename()));
                }
            } else {
                r = reports.submit(assignmentId, period, submission);
            }
            redirect.addFlashAttribute("notice", screens.msg(r.onTime() ? "programme.ui.report.sent" : "programme.ui.report.sent-late", locale,
                    Screens.month(r.period()), r.revision()));
            return "redirect:/office/programme/assignments/" + assignmentId + "/reports/" + r.period();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return show(sheet, form, screens.fieldErrors(e, locale), locale, model);
        } catch (DomainException.Conflict e) {
            // Locked meanwhile (or a classified task's file): said above the form, which keeps what was typed.
            res.setStatus(409);
            model.addAttribute("problem", screens.problem(e, locale));
            return show(reports.sheet(assignmentId, period), form, Map.of(), locale, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PostMapping("/office/programme/assignments/{id}/reports/{period}/evidence")
    String attach(@PathVariable("id") long assignmentId, @PathVariable String period, @RequestParam(required = false) @Nullable MultipartFile file, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        Reports.Sheet sheet = reports.sheet(assignmentId, period);
        try {
            if (file == null || file.isEmpty()) throw new DomainException.BadInput("evidenceFile", "problem.field.required");
            Evidence.Item item;
            try (InputStream in = file.getInputStream()) {
                item = evidence.attach(assignmentId, period, new Evidence.Upload(in, file.getOriginalFilename()));
            }
            redirect.addFlashAttribute("notice", screens.msg("programme.ui.evidence.added", locale, item.name()));
            return "redirect:/office/programme/assignments/" + assignmentId + "/reports/" + sheet.period() + "#evidence";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return show(sheet, formOf(sheet.current(), locale), screens.fieldErrors(e, locale, f -> "file".equals(f) ? "evidenceFile" : f), locale,
                    model);
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", screens.problem(e, locale));
            return "redirect:/office/programme/assignments/" + assignmentId + "/reports/" + sheet.period();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/office/programme/assignments/{id}/reports/{period}/evidence/{sha256}")
    ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable String period, @PathVariable String sha256) {
        return ProgrammeViews.download(evidence.open(id, period, sha256));
    }

    /** The report as it stands, to revise; figures as the reader writes them. */
    private static ReportForm formOf(@Nullable Report current, Locale locale) {
        if (current == null) return new ReportForm(ReportStatus.IN_PROGRESS.name(), "", Map.of(), "", false, "");
        Report.Content c = current.content();
        Map<String, String> values = new LinkedHashMap<>();
        c.indicatorValues().forEach((k, v) -> values.put(k, vn.truongson.core.Inputs.validNumber(v) ? Screens.editable(v, locale) : ""));
        return new ReportForm(c.status().name(), Screens.editable(c.percentComplete(), locale), values,
                c.obstacles() == null ? "" : c.obstacles(), c.bottleneck(), c.proposal() == null ? "" : c.proposal());
    }

    private String show(Reports.Sheet sheet, ReportForm form, Map<String, String> errors, Locale locale, Model model) {
        Instant now = clock.instant();
        long unitId = sheet.assignment().unitId();
        Map<Long, String> names = units.names(List.of(unitId, sheet.task().leadUnitId()));
        Period p = sheet.period();
        String base = "/office/programme/assignments/" + sheet.assignment().id() + "/reports/" + p;
        model.addAttribute("sheet", sheet);
        model.addAttribute("task", sheet.task());
        model.addAttribute("plan", sheet.plan());
        model.addAttribute("unit", names.getOrDefault(unitId, "#" + unitId));
        model.addAttribute("periodShown", Screens.month(p));
        model.addAttribute("cutoffFrom", Screens.date(p.from()));
        model.addAttribute("cutoffTo", Screens.date(p.to()));
        model.addAttribute("deadline", Screens.dateTime(sheet.deadline().toInstant()));
        model.addAttribute("locksAt", Screens.dateTime(sheet.locksAt()));
        model.addAttribute("overdue", sheet.current() == null && now.isAfter(sheet.deadline().toInstant()));
        model.addAttribute("taskDue", Screens.date(sheet.task().dueDate()));
        model.addAttribute("statuses", ReportStatus.values());
        model.addAttribute("form", form);
        // The slider shows what the number field holds, when that is a number it can show.
        BigDecimal typed = Screens.decimal("percentComplete", form.percentComplete(), new ArrayList<>());
        model.addAttribute("percentValue", typed == null ? "0" : typed.max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)).toPlainString());
        model.addAttribute("errors", errors);
        model.addAttribute("valueRows", sheet.task().indicators().stream()
                .map(i -> new ValueRow(i, Screens.number(i.target(), locale), form.values().getOrDefault(i.code(), ""))).toList());
        model.addAttribute("revisions", sheet.revisions().reversed().stream().map(r -> new RevisionLine(r,
                Screens.english(locale) ? r.content().status().english() : r.content().status().vietnamese(),
                Screens.number(r.content().percentComplete(), locale) + " %", Screens.dateTime(r.submittedAt()),
                String.join("; ", r.content().indicatorValues().entrySet().stream()
                        .map(e -> e.getKey() + ": " + (vn.truongson.core.Inputs.validNumber(e.getValue()) ? Screens.number(e.getValue(), locale)
                                : screens.msg("problem.number.invalid-short", locale))).toList()))).toList());
        model.addAttribute("evidence", evidence.list(sheet.assignment().id(), p.toString()).stream()
                .map(e -> new EvidenceLine(e, size(e.size()), Screens.dateTime(e.uploadedAt()), base + "/evidence/" + e.sha256())).toList());
        model.addAttribute("action", base);
        model.addAttribute("evidenceAllowed", !sheet.task().secrecy().isClassified());
        model.addAttribute("maxMegabytes", Evidence.MAX_BYTES / (1024 * 1024));
        return "programme/report";
    }

    /** 1,2 MB / 350 KB, as a file manager shows them. */
    private static String size(long bytes) {
        if (bytes >= 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0).replace('.', ',');
        return Math.max(1, (bytes + 1023) / 1024) + " KB";
    }
}
