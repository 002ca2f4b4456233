package vn.truongson.datasets.web;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.springframework.util.MultiValueMap;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.Problems;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.DatasetRoles;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.FieldType;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Rollup;
import vn.truongson.datasets.Rollups;
import vn.truongson.datasets.SubmissionImport;
import vn.truongson.datasets.Submissions;
import vn.truongson.datasets.Value;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * The screens, in Vietnamese: the data sets a person sees, a data set with its periods and units, the form a
 * reporter fills for his unit, and the roll-up with a drill-down unit by unit. The services decide who sees what.
 */
@Controller
class DatasetScreens {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(Submissions.ZONE_ID);

    record UnitLine(long unitId, String unitName, String deadline, String state, String stateClass, @Nullable String submittedAt,
            @Nullable Integer revision, boolean canSubmit, String formHref, String reviewHref) {}

    /** A rolled-up value: a field's, or (option not null) one option's of a field broken down by a category list. */
    record ValueLine(Field field, String value, @Nullable String option) {}

    /** A cross table as the page writes it (values displayed). */
    record CrossView(String code, String label, String aggregation, String corner, List<String> columns, List<Map.Entry<String, List<String>>> rows,
            List<String> columnTotals, String total) {
        static CrossView of(CrossTable t) {
            Field f = t.field();
            List<Map.Entry<String, List<String>>> rows = new ArrayList<>();
            for (int i = 0; i < t.rows().size(); i++) {
                List<String> cells = new ArrayList<>(t.cells().get(i).stream().map(x -> display(f, x)).toList());
                cells.add(display(f, t.rowTotals().get(i)));
                rows.add(Map.entry(t.rows().get(i), cells));
            }
            return new CrossView(f.code(), f.label(), f.aggregation().vietnamese(), t.rowTitle() + " \\ " + t.columnTitle(), t.columns(), rows,
                    t.columnTotals().stream().map(x -> display(f, x)).toList(), display(f, t.total()));
        }
    }

    record EntryLine(long unitId, String unitName, String state, String stateClass, Map<String, String> values, String drillHref,
            @Nullable String reviewHref) {}

    private final Datasets datasets;
    private final Submissions submissions;
    private final Rollups rollups;
    private final Units units;
    private final UnitHierarchy hierarchy;
    private final AccessPolicy policy;
    private final Problems problems;
    private final SubmissionImport submissionImport;

    private final vn.truongson.datasets.Reviews reviews;

    DatasetScreens(Datasets datasets, Submissions submissions, Rollups rollups, Units units, UnitHierarchy hierarchy, AccessPolicy policy,
            Problems problems, SubmissionImport submissionImport, vn.truongson.datasets.Reviews reviews) {
        this.reviews = reviews;
        this.submissionImport = submissionImport;
        this.datasets = datasets;
        this.submissions = submissions;
        this.rollups = rollups;
        this.units = units;
        this.hierarchy = hierarchy;
        this.policy = policy;
        this.problems = problems;
    }

    @GetMapping("/office/datasets")
    String list(Model model) {
        List<Dataset> all = datasets.list(500);
        model.addAttribute("datasets", all);
        model.addAttribute("owners", units.names(all.stream().map(Dataset::ownerUnitId).toList()));
        model.addAttribute("mayCreate", policy.actor().grants().stream().anyMatch(g -> DatasetRoles.COORDINATOR.contains(g.role())));
        return "datasets/list";
    }

    @GetMapping("/office/datasets/{id}")
    String dataset(@PathVariable long id, @RequestParam(required = false) @Nullable String period, Model model) {
        Dataset d = datasets.get(id);
        List<Datasets.AssignedUnit> all = datasets.assignments(d.id(), null);
        Set<String> periods = new LinkedHashSet<>();
        all.forEach(a -> periods.add(a.period()));
        String shown = period != null && periods.contains(period) ? period : periods.stream().findFirst().orElse(null);
        List<Datasets.AssignedUnit> lines = all.stream().filter(a -> a.period().equals(shown)).toList();
        Map<Long, Unit> named = units.named(lines.stream().map(Datasets.AssignedUnit::unitId).toList());
        Map<Long, String> paths = hierarchy.pathsOf(lines.stream().map(Datasets.AssignedUnit::unitId).toList());
        Visibility reporter = policy.visibility(DatasetRoles.REPORTER);
        List<UnitLine> out = new ArrayList<>();
        for (Datasets.AssignedUnit a : lines) {
            Unit u = named.get(a.unitId());
            if (u == null) continue;
            boolean can = paths.containsKey(a.unitId()) && reporter.coversUnitPath(a.unitId(), paths.get(a.unitId()));
            String state = a.submittedAt() == null ? "Chưa nộp" : Boolean.TRUE.equals(a.onTime()) ? "Đúng hạn" : "Nộp muộn";
            String css = a.submittedAt() == null ? "text-bg-secondary" : Boolean.TRUE.equals(a.onTime()) ? "text-bg-success" : "text-bg-warning";
            out.add(new UnitLine(a.unitId(), u.name(), DATE.format(a.deadline()), state, css,
                    a.submittedAt() == null ? null : DATE_TIME.format(a.submittedAt()), a.revision(), can,
                    ReviewScreens.formPath(d.id(), a.unitId(), a.period()), ReviewScreens.reviewPath(d.id(), a.unitId(), a.period())));
        }
        model.addAttribute("d", d);
        model.addAttribute("mayEdit", policy.permits(DatasetRoles.COORDINATOR, d.asProtected()));
        model.addAttribute("owner", units.names(List.of(d.ownerUnitId())).getOrDefault(d.ownerUnitId(), ""));
        model.addAttribute("periods", periods.stream().map(p -> Map.entry(p, PeriodType.label(p))).toList());
        model.addAttribute("period", shown);
        model.addAttribute("periodLabel", shown == null ? "" : PeriodType.label(shown));
        model.addAttribute("lines", out);
        model.addAttribute("mayUpload", out.stream().anyMatch(UnitLine::canSubmit));
        return "datasets/dataset";
    }

    /**
     * The filled template uploaded from the data set's page: all or nothing (docs/datasets.md, "Excel upload"); the
     * result, or every bad cell with its message, shown back on the page.
     */
    @PostMapping(path = "/office/datasets/{id}/import", consumes = "multipart/form-data")
    String importWorkbook(@PathVariable("id") long datasetId, @RequestParam(required = false) @Nullable String period,
            @RequestParam("file") org.springframework.web.multipart.MultipartFile file, java.util.Locale locale, RedirectAttributes redirect) {
        try {
            SubmissionImport.Result r = submissionImport.importWorkbook(datasetId, period, file.getSize(), file);
            redirect.addFlashAttribute("notice", "Đã nộp số liệu của " + r.rows().size() + " đơn vị từ tệp Excel.");
        } catch (vn.truongson.core.DomainException.BadInput e) {
            redirect.addFlashAttribute("importErrors", e.errors().stream()
                    .map(fe -> ("file".equals(fe.field()) ? "Tệp" : "Ô " + fe.field().replace("row ", "dòng ")) + ": "
                            + problems.message(fe.messageKey(), fe.args(), locale)).toList());
        }
        return "redirect:/office/datasets/" + datasetId + (period == null || !period.matches("[0-9A-Za-z-]{1,10}") ? "" : "?period=" + period);
    }

    // ------------------------------------------------------------------ the form

    @GetMapping("/office/datasets/{id}/form/{unitId}/{period}")
    String form(@PathVariable("id") long d, @PathVariable("unitId") long unit, @PathVariable String period, Model model) {
        Dataset ds = datasets.get(d);
        policy.requireOnUnit(DatasetRoles.REPORTER, unit);
        List<Submissions.Entry> revisions = submissions.revisions(d, unit, period);
        Map<String, String> form = new LinkedHashMap<>();
        if (!revisions.isEmpty()) revisions.getLast().values().forEach((k, v) -> form.put(k, shown(v)));
        // A field broken down by a category list: one box per option, "code#j".
        for (Field f : ds.fields()) {
            if (!f.disaggregated()) continue;
            Object v = revisions.isEmpty() ? null : revisions.getLast().values().get(f.code());
            form.remove(f.code());
            List<String> options = ds.options(f);
            for (int j = 0; j < options.size(); j++) {
                Object part = v instanceof Map<?, ?> m ? m.get(options.get(j)) : null;
                if (part != null) form.put(f.code() + "#" + j, shown(part));
            }
        }
        // Dates as people write them here: dd/MM/yyyy (the service keeps yyyy-MM-dd).
        for (Field f : ds.fields()) {
            String v = form.get(f.code());
            if (f.type() == FieldType.DATE && v != null && v.length() == 10 && v.charAt(4) == '-') form.put(f.code(), DATE.format(java.time.LocalDate.parse(v)));
        }
        return show(ds, unit, period, form, Map.of(), List.of(), revisions, model);
    }

    @PostMapping("/office/datasets/{id}/form/{unitId}/{period}")
    String submit(@PathVariable("id") long d, @PathVariable("unitId") long unit, @PathVariable String period,
            @RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        Dataset ds = datasets.get(d);
        policy.requireOnUnit(DatasetRoles.REPORTER, unit);
        Map<String, Value> values = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();
        for (Field f : ds.fields()) {
            if (f.disaggregated()) {
                Map<String, Value> parts = new LinkedHashMap<>();
                List<String> options = ds.options(f);
                for (int j = 0; j < options.size(); j++) {
                    String x = params.getOrDefault("v." + f.code() + "#" + j, List.of("")).getFirst();
                    if (!x.isBlank()) parts.put(options.get(j), new Value.Text(x));
                    form.put(f.code() + "#" + j, x);
                }
                values.put(f.code(), parts.isEmpty() ? new Value.Empty() : new Value.Parts(parts));
                continue;
            }
            List<String> raw = params.getOrDefault("v." + f.code(), List.of());
            String first = raw.isEmpty() ? "" : raw.getFirst();
            switch (f.type()) {
                case YES_NO -> values.put(f.code(), first.isBlank() ? new Value.Empty() : new Value.Bool("true".equals(first)));
                case MULTI_CHOICE -> values.put(f.code(), new Value.Texts(raw.stream().map(s -> (Value) new Value.Text(s)).toList()));
                case DATE -> values.put(f.code(), first.isBlank() ? new Value.Empty() : new Value.Text(isoDate(first)));
                default -> values.put(f.code(), first.isBlank() ? new Value.Empty() : new Value.Text(first));
            }
            form.put(f.code(), f.type() == FieldType.MULTI_CHOICE ? String.join("\n", raw) : first);
        }
        try {
            Submissions.Submitted s = submissions.submit(d, unit, period, values);
            redirect.addFlashAttribute("notice", "Đã nộp số liệu (lần " + s.revision() + (s.onTime() ? ", đúng hạn)." : ", muộn hạn)."));
            return "redirect:/office/datasets/" + d + "/form/" + unit + "/" + period;
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = new LinkedHashMap<>();
            List<String> broken = new ArrayList<>();
            for (FieldError fe : e.errors()) {
                String msg = problems.message(fe.messageKey(), fe.args(), locale);
                if (fe.field().startsWith("rules[")) broken.add(msg);
                else errors.merge(formKey(ds, fe.field().startsWith("values.") ? fe.field().substring(7) : fe.field()), msg, (a, b) -> a + " " + b);
            }
            return show(ds, unit, period, form, errors, broken, submissions.revisions(d, unit, period), model);
        } catch (DomainException.Conflict e) {
            res.setStatus(409);
            model.addAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
            return show(ds, unit, period, form, Map.of(), List.of(), submissions.revisions(d, unit, period), model);
        }
    }

    /** dd/MM/yyyy as typed, or yyyy-MM-dd from a date input: the service judges the ISO form. */
    private static String isoDate(String s) {
        String t = s.strip();
        var m = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})").matcher(t);
        if (m.matches()) return "%s-%02d-%02d".formatted(m.group(3), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        return t;
    }

    /** A broken-down value with its options in the category's order (jsonb keeps its keys in an order of its own). */
    static @Nullable Object inOrder(Dataset d, Field f, @Nullable Object v) {
        if (!(v instanceof Map<?, ?> m)) return v;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String o : d.options(f)) if (m.get(o) != null) out.put(o, m.get(o));
        return out;
    }

    /** An error's field as the form names its box: {@code staff.QNCN} → {@code staff#1} for a field broken down. */
    private static String formKey(Dataset d, String field) {
        for (Field f : d.fields()) {
            if (!f.disaggregated() || !field.startsWith(f.code() + ".")) continue;
            int j = d.options(f).indexOf(field.substring(f.code().length() + 1));
            if (j >= 0) return f.code() + "#" + j;
        }
        return field;
    }

    private static String shown(Object v) {
        return switch (v) {
            case BigDecimal n -> n.toPlainString().replace('.', ',');
            case Boolean b -> b.toString();
            case List<?> l -> String.join("\n", l.stream().map(String::valueOf).toList());
            default -> String.valueOf(v);
        };
    }

    private String show(Dataset d, long unit, String period, Map<String, String> form, Map<String, String> errors, List<String> broken,
            List<Submissions.Entry> revisions, Model model) {
        model.addAttribute("d", d);
        model.addAttribute("unitId", unit);
        model.addAttribute("unitName", units.names(List.of(unit)).getOrDefault(unit, ""));
        model.addAttribute("period", period);
        model.addAttribute("periodLabel", PeriodType.label(period));
        model.addAttribute("form", form);
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (Field f : d.fields()) if (f.disaggregated()) parts.put(f.code(), d.options(f));
        model.addAttribute("parts", parts);
        // A field broken down by two lists: a grid, the first list's options as rows, the second's as columns ("code#j",
        // j = row × columns + column, as the pairs are listed).
        Map<String, Map<String, Object>> grids = new LinkedHashMap<>();
        for (Field f : d.fields()) {
            if (!f.crossed()) continue;
            grids.put(f.code(), Map.of("rows", d.categoryOptions(f.category()), "columns", d.categoryOptions(f.category2()),
                    "corner", d.categoryLabel(java.util.Objects.requireNonNull(f.category())) + " \\ " + d.categoryLabel(java.util.Objects.requireNonNull(f.category2()))));
        }
        model.addAttribute("grids", grids);
        Map<String, List<String>> selected = new LinkedHashMap<>();
        form.forEach((k, v) -> selected.put(k, List.of(v.split("\n"))));
        model.addAttribute("selected", selected);
        model.addAttribute("errors", errors);
        model.addAttribute("broken", broken);
        model.addAttribute("revisions", revisions.reversed().stream().map(r -> Map.of("revision", r.revision(), "at", DATE_TIME.format(r.submittedAt()),
                "by", r.submittedBy())).toList());
        model.addAttribute("current", revisions.isEmpty() ? null : revisions.getLast());
        // The review: a standing return and its reason, the comments, the evidence files (with their links), and the actions.
        String p = revisions.isEmpty() ? d.periodType().parse("period", period) : revisions.getLast().period();
        ReviewScreens.review(reviews, model, d, unit, p);
        model.addAttribute("action", "/office/datasets/" + d.id() + "/form/" + unit + "/" + period);
        return "datasets/form";
    }

    // ------------------------------------------------------------------ the roll-up

    @GetMapping("/office/datasets/{id}/rollup")
    String rollup(@PathVariable("id") long d, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId, Model model) {
        Dataset ds = datasets.get(d);
        String p = period;
        if (p == null || p.isBlank()) p = datasets.assignments(d, null).stream().map(Datasets.AssignedUnit::period).findFirst().orElse(null);
        if (p == null) {
            model.addAttribute("d", ds);
            model.addAttribute("empty", true);
            return "datasets/rollup";
        }
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        Rollups.Scope s = rollups.scope(d, p, unit);
        Rollup r = rollups.rollup(s);
        List<Submissions.Entry> entries = rollups.entries(s);
        List<Long> assigned = rollups.assignedUnits(s);
        List<Long> ids = new ArrayList<>(assigned);
        ids.add(s.unitId());
        Map<Long, Unit> named = units.named(ids);
        Map<Long, Submissions.Entry> byUnit = new LinkedHashMap<>();
        entries.forEach(e -> byUnit.put(e.unitId(), e));
        List<EntryLine> lines = new ArrayList<>();
        for (long u : assigned) {
            Unit x = named.get(u);
            if (x == null) continue;
            Submissions.Entry e = byUnit.get(u);
            Map<String, String> vals = new LinkedHashMap<>();
            if (e != null) for (Field f : ds.fields()) vals.put(f.code(), display(f, inOrder(ds, f, e.values().get(f.code()))));
            String state = e == null ? "Chưa nộp" : e.onTime() ? "Đúng hạn" : "Nộp muộn";
            String css = e == null ? "text-bg-secondary" : e.onTime() ? "text-bg-success" : "text-bg-warning";
            lines.add(new EntryLine(u, x.name(), state, css, vals, "/office/datasets/" + d + "/rollup?period=" + s.period() + "&unitId=" + u,
                    e == null ? null : ReviewScreens.reviewPath(d, u, s.period())));
        }
        List<ValueLine> values = new ArrayList<>();
        for (Field f : ds.fields()) {
            if (f.aggregation() == Aggregation.NONE) continue;
            values.add(new ValueLine(f, display(f, r.values().get(f.code())), null));
            Map<String, @Nullable Object> parts = r.categories().get(f.code());
            // A field broken down by two lists: its pairs in the cross table below, not as lines here.
            if (parts != null && !f.crossed()) parts.forEach((o, x) -> values.add(new ValueLine(f, display(f, x), o)));
        }
        model.addAttribute("crossTables", CrossTable.of(ds, r).stream().map(t -> CrossView.of(t)).toList());
        Unit scope = named.get(s.unitId());
        model.addAttribute("d", ds);
        model.addAttribute("r", r);
        model.addAttribute("scopeName", scope == null ? "" : scope.name());
        model.addAttribute("ancestors", scope == null ? List.of() : units.ancestors(scope).stream()
                .filter(a -> rollupAllowed(a)).map(a -> Map.entry("/office/datasets/" + d + "/rollup?period=" + s.period() + "&unitId=" + a.id(), a.name()))
                .toList());
        model.addAttribute("period", s.period());
        model.addAttribute("periodLabel", PeriodType.label(s.period()));
        model.addAttribute("periods", datasets.assignments(d, null).stream().map(Datasets.AssignedUnit::period).distinct()
                .map(x -> Map.entry(x, PeriodType.label(x))).toList());
        model.addAttribute("completeness", percent(r.completeness()));
        model.addAttribute("timeliness", percent(r.timeliness()));
        model.addAttribute("values", values);
        model.addAttribute("lines", lines);
        model.addAttribute("query", "?period=" + s.period() + "&unitId=" + s.unitId());
        comparison(model, ds, s.unitId());
        model.addAttribute("empty", false);
        return "datasets/rollup";
    }

    /** A row of the comparison table: a figure across the periods. */
    record CompareLine(String key, String label, List<String> cells) {}

    /**
     * The periods side by side (the latest {@value Rollups#MAX_COMPARED} assigned): completeness, timeliness and every
     * rolled-up field, as a table, and the numbers the chart draws (#compare-data), so the page reads without scripts.
     */
    private void comparison(Model model, Dataset ds, long unit) {
        List<Rollup> all = rollups.compare(ds.id(), null, unit);
        List<CompareLine> table = new ArrayList<>();
        table.add(new CompareLine("completeness", "Tỷ lệ hoàn thành", all.stream().map(x -> percent(x.completeness())).toList()));
        table.add(new CompareLine("timeliness", "Tỷ lệ đúng hạn", all.stream().map(x -> percent(x.timeliness())).toList()));
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", all.stream().map(x -> PeriodType.label(x.period())).toList());
        chart.put("completeness", all.stream().map(x -> Math.round(x.completeness() * 1000) / 10.0).toList());
        chart.put("timeliness", all.stream().map(x -> Math.round(x.timeliness() * 1000) / 10.0).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        for (Field f : ds.fields()) {
            if (f.aggregation() == Aggregation.NONE) continue;
            table.add(new CompareLine(f.code(), f.label(), all.stream().map(x -> display(f, x.values().get(f.code()))).toList()));
            if (f.type() == FieldType.DATE) continue;
            List<@Nullable Double> points = new ArrayList<>();
            for (Rollup x : all) points.add(x.values().get(f.code()) instanceof java.math.BigDecimal n ? n.doubleValue() : null);
            series.add(Map.of("label", f.label(), "data", points));
        }
        chart.put("fields", series);
        model.addAttribute("comparePeriods", all.stream().map(x -> PeriodType.label(x.period())).toList());
        model.addAttribute("compareLines", table);
        model.addAttribute("compareJson", Json.WRITER.writeValueAsString(chart).replace("</", "<\\/"));
    }

    /** JSON for a page's script element. */
    private static final class Json {
        static final tools.jackson.databind.json.JsonMapper WRITER = tools.jackson.databind.json.JsonMapper.builder().build();
    }

    private boolean rollupAllowed(Unit u) {
        return policy.visibility(DatasetRoles.READER).coversUnitPath(u.id(), u.path());
    }

    private static String percent(double ratio) {
        return new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(Locale.of("vi"))).format(ratio * 100) + " %";
    }

    /** A value as a Vietnamese page writes it: decimal commas, dd/MM/yyyy, Có/Không. */
    static String display(Field f, @Nullable Object v) {
        if (v == null) return "—";
        return switch (v) {
            case BigDecimal n -> {
                var fmt = new java.text.DecimalFormat("#,##0.######", java.text.DecimalFormatSymbols.getInstance(Locale.of("vi")));
                yield fmt.format(n) + (f.unitOfMeasure() == null || f.aggregation() == Aggregation.COUNT_YES ? "" : " " + f.unitOfMeasure());
            }
            case Number n -> n.toString();
            case Boolean b -> b ? "Có" : "Không";
            case List<?> l -> String.join("; ", l.stream().map(String::valueOf).toList());
            case Map<?, ?> m -> String.join("; ", m.entrySet().stream().map(e -> e.getKey() + ": " + display(f, e.getValue())).toList());
            default -> {
                String s = String.valueOf(v);
                yield f.type() == FieldType.DATE && s.length() == 10 ? DATE.format(java.time.LocalDate.parse(s)) : s;
            }
        };
    }
}
