package vn.truongson.datasets.web;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Grant;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Problems;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Category;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.DatasetRoles;
import vn.truongson.datasets.DatasetStatus;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.FieldType;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Rule;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitOption;
import vn.truongson.org.Units;

/**
 * The builder of a data set on screen, for a data coordinator (docs/datasets.md "Builder"): the heading (code, title,
 * owner unit, period type, secrecy), the category lists, the fields and the rules as rows to add and remove, saved as a
 * DRAFT through {@link Datasets#create} / {@link Datasets#update} — the very checks of the API, every refusal shown
 * beside its box in Vietnamese — and published. Rows are added and removed by the page's script without a round trip;
 * without scripts the same buttons post the form and the page comes back with the row added or removed, nothing saved.
 */
@Controller
class DatasetBuilderScreens {

    record FieldRow(String code, String label, String type, String unitOfMeasure, boolean required, String min, String max, String aggregation,
            String options, String category, String category2) {
        static final FieldRow EMPTY = new FieldRow("", "", "INTEGER", "", false, "", "", "", "", "", "");

        boolean blank() {
            return code.isBlank() && label.isBlank() && unitOfMeasure.isBlank() && min.isBlank() && max.isBlank() && options.isBlank();
        }
    }

    record CategoryRow(String code, String label, String options) {
        static final CategoryRow EMPTY = new CategoryRow("", "", "");

        boolean blank() {
            return code.isBlank() && label.isBlank() && options.isBlank();
        }
    }

    record RuleRow(String expression, String message) {
        static final RuleRow EMPTY = new RuleRow("", "");

        boolean blank() {
            return expression.isBlank() && message.isBlank();
        }
    }

    /** The form as it stands: what was typed, row by row. */
    record Draft(String code, String title, String ownerUnitId, String periodType, String secrecy, List<FieldRow> fields, List<CategoryRow> categories,
            List<RuleRow> rules) {}

    /** At most this many rows of a kind are read back from a post (the service takes at most 500 fields). */
    static final int MAX_ROWS = 600;
    private static final Pattern ROW = Pattern.compile("(fields|categories|rules)\\[(\\d{1,4})]\\.(\\w{1,20})");

    private final Datasets datasets;
    private final Units units;
    private final AccessPolicy policy;
    private final Problems problems;

    DatasetBuilderScreens(Datasets datasets, Units units, AccessPolicy policy, Problems problems) {
        this.datasets = datasets;
        this.units = units;
        this.policy = policy;
        this.problems = problems;
    }

    @GetMapping("/office/datasets/new")
    String create(Model model) {
        policy.requireAnyGrant(DatasetRoles.COORDINATOR);
        return show(new Draft("", "", "", "ONCE", "THUONG", List.of(FieldRow.EMPTY), List.of(), List.of()), null, Map.of(), List.of(), model);
    }

    @GetMapping("/office/datasets/{id}/edit")
    String edit(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Dataset d = datasets.get(id);
        policy.require(DatasetRoles.COORDINATOR, d.asProtected());
        if (d.status() != DatasetStatus.DRAFT) {
            redirect.addFlashAttribute("problem", "Bộ dữ liệu đã ban hành thì không sửa được; muốn thay đổi, hãy tạo phiên bản mới.");
            return "redirect:/office/datasets/" + d.id();
        }
        return show(of(d), d, Map.of(), List.of(), model);
    }

    @PostMapping("/office/datasets/new")
    String createPost(@RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        policy.requireAnyGrant(DatasetRoles.COORDINATOR);
        return post(null, params, locale, model, redirect, res);
    }

    @PostMapping("/office/datasets/{id}/edit")
    String editPost(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        Dataset d = datasets.get(id);
        policy.require(DatasetRoles.COORDINATOR, d.asProtected());
        return post(d, params, locale, model, redirect, res);
    }

    /** Publishes a DRAFT from its page or the builder (409 shown back when already published). */
    @PostMapping("/office/datasets/{id}/publish")
    String publish(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        long d = id;
        try {
            Dataset p = datasets.publish(d);
            redirect.addFlashAttribute("notice", "Đã ban hành bộ dữ liệu " + p.code() + " (phiên bản " + p.version() + ").");
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
        }
        return "redirect:/office/datasets/" + d;
    }

    private String post(@Nullable Dataset existing, MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        Draft draft = read(params, existing);
        String op = first(params, "op");
        // Rows added or removed without scripts: the page again, nothing saved.
        if (op.startsWith("add-") || op.startsWith("remove-")) return show(rowOp(draft, op), existing, Map.of(), List.of(), model);
        boolean publish = "publish".equals(op);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        // Blank rows are left out; the service's errors name the rows it was given, mapped back to the rows on screen.
        List<Integer> fieldAt = new ArrayList<>();
        List<Integer> categoryAt = new ArrayList<>();
        List<Integer> ruleAt = new ArrayList<>();
        Datasets.NewDataset n = toNew(draft, errors, fieldAt, categoryAt, ruleAt);
        if (!errors.isEmpty()) {
            res.setStatus(400);
            return show(draft, existing, errors, general, model);
        }
        try {
            Dataset saved = existing == null ? datasets.create(n) : datasets.update(existing.id(), n);
            if (publish) {
                Dataset p = datasets.publish(saved.id());
                redirect.addFlashAttribute("notice", "Đã lưu và ban hành bộ dữ liệu " + p.code() + " (phiên bản " + p.version() + ").");
                return "redirect:/office/datasets/" + p.id();
            }
            redirect.addFlashAttribute("notice", "Đã lưu bản nháp bộ dữ liệu " + saved.code() + ".");
            return "redirect:/office/datasets/" + saved.id() + "/edit";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            for (FieldError fe : e.errors()) {
                String key = onScreen(fe.field(), fieldAt, categoryAt, ruleAt);
                String msg = problems.message(fe.messageKey(), fe.args(), locale);
                if (key.equals("fields") || key.equals("categories") || key.equals("rules")) general.add(msg);
                else errors.merge(key, msg, (a, b) -> a + " " + b);
            }
            return show(draft, existing, errors, general, model);
        } catch (DomainException.Conflict e) {
            res.setStatus(409);
            general.add(problems.message(e.messageKey(), e.args(), locale));
            return show(draft, existing, errors, general, model);
        }
    }

    /** {@code fields[2].label} as the service names the third row it was given → the row's place on screen. */
    static String onScreen(String field, List<Integer> fieldAt, List<Integer> categoryAt, List<Integer> ruleAt) {
        Matcher m = Pattern.compile("(fields|categories|rules)\\[(\\d+)](.*)").matcher(field);
        if (!m.matches()) return field;
        List<Integer> at = switch (m.group(1)) {
            case "fields" -> fieldAt;
            case "categories" -> categoryAt;
            default -> ruleAt;
        };
        int i = Integer.parseInt(m.group(2));
        String rest = m.group(3);
        // An option of a category list, categories[0].options[3]: the list's box of options.
        if (rest.startsWith(".options[")) rest = ".options";
        return m.group(1) + "[" + (i < at.size() ? at.get(i) : i) + "]" + (rest.isEmpty() ? ".code" : rest);
    }

    private Draft rowOp(Draft d, String op) {
        List<FieldRow> fields = new ArrayList<>(d.fields());
        List<CategoryRow> categories = new ArrayList<>(d.categories());
        List<RuleRow> rules = new ArrayList<>(d.rules());
        switch (op) {
            case "add-field" -> fields.add(FieldRow.EMPTY);
            case "add-category" -> categories.add(CategoryRow.EMPTY);
            case "add-rule" -> rules.add(RuleRow.EMPTY);
            default -> {
                Matcher m = Pattern.compile("remove-(field|category|rule)-(\\d{1,4})").matcher(op);
                if (m.matches()) {
                    int i = Integer.parseInt(m.group(2));
                    List<?> list = switch (m.group(1)) {
                        case "field" -> fields;
                        case "category" -> categories;
                        default -> rules;
                    };
                    if (i < list.size()) list.remove(i);
                }
            }
        }
        return new Draft(d.code(), d.title(), d.ownerUnitId(), d.periodType(), d.secrecy(), fields, categories, rules);
    }

    private static String first(MultiValueMap<String, String> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.getFirst() == null ? "" : v.getFirst();
    }

    /** The rows as posted, in the order of their numbers (the script numbers added rows after the others). */
    static Draft read(MultiValueMap<String, String> params, @Nullable Dataset existing) {
        Map<String, TreeMap<Integer, Map<String, String>>> rows = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            Matcher m = ROW.matcher(e.getKey());
            if (!m.matches() || e.getValue().isEmpty()) continue;
            TreeMap<Integer, Map<String, String>> kind = rows.computeIfAbsent(m.group(1), k -> new TreeMap<>());
            int i = Integer.parseInt(m.group(2));
            if (!kind.containsKey(i) && kind.size() >= MAX_ROWS) continue;
            kind.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(m.group(3), e.getValue().getFirst() == null ? "" : e.getValue().getFirst());
        }
        List<FieldRow> fields = new ArrayList<>();
        for (Map<String, String> r : rows.getOrDefault("fields", new TreeMap<>()).values()) {
            fields.add(new FieldRow(g(r, "code"), g(r, "label"), g(r, "type"), g(r, "unitOfMeasure"), "true".equals(r.get("required")), g(r, "min"),
                    g(r, "max"), g(r, "aggregation"), g(r, "options"), g(r, "category"), g(r, "category2")));
        }
        List<CategoryRow> categories = new ArrayList<>();
        for (Map<String, String> r : rows.getOrDefault("categories", new TreeMap<>()).values()) {
            categories.add(new CategoryRow(g(r, "code"), g(r, "label"), g(r, "options")));
        }
        List<RuleRow> rules = new ArrayList<>();
        for (Map<String, String> r : rows.getOrDefault("rules", new TreeMap<>()).values()) rules.add(new RuleRow(g(r, "expression"), g(r, "message")));
        return new Draft(existing != null ? existing.code() : first(params, "code"), first(params, "title"),
                existing != null ? Long.toString(existing.ownerUnitId()) : first(params, "ownerUnitId"), first(params, "periodType"),
                first(params, "secrecy"), fields, categories, rules);
    }

    private static String g(Map<String, String> r, String k) {
        return r.getOrDefault(k, "");
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\\R")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static @Nullable String blankToNull(String s) {
        return s.isBlank() ? null : s.strip();
    }

    /** A number as typed here: a decimal comma or point; 400 on the box otherwise. */
    private static @Nullable BigDecimal number(String s, String at, Map<String, String> errors) {
        if (s.isBlank()) return null;
        String t = s.strip().replace(" ", "");
        if (t.indexOf(',') >= 0) t = t.replace(".", "").replace(',', '.');
        if (!t.matches("-?\\d{1,16}(\\.\\d{1,6})?")) {
            errors.put(at, "Số không hợp lệ: nhập số như 10 hoặc 2,5.");
            return null;
        }
        return new BigDecimal(t);
    }

    private static <E extends Enum<E>> @Nullable E enumOf(Class<E> type, String s, String at, Map<String, String> errors) {
        if (s.isBlank()) return null;
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            errors.put(at, "Giá trị không thuộc danh sách cho phép.");
            return null;
        }
    }

    private static Datasets.NewDataset toNew(Draft d, Map<String, String> errors, List<Integer> fieldAt, List<Integer> categoryAt, List<Integer> ruleAt) {
        List<Datasets.NewField> fields = new ArrayList<>();
        for (int i = 0; i < d.fields().size(); i++) {
            FieldRow r = d.fields().get(i);
            if (r.blank()) continue;
            String at = "fields[" + i + "].";
            FieldType type = enumOf(FieldType.class, r.type(), at + "type", errors);
            Aggregation agg = enumOf(Aggregation.class, r.aggregation(), at + "aggregation", errors);
            List<String> options = lines(r.options());
            fields.add(new Datasets.NewField(r.code().strip(), r.label().strip(), type, r.required(), number(r.min(), at + "min", errors),
                    number(r.max(), at + "max", errors), agg, options.isEmpty() ? null : options, blankToNull(r.unitOfMeasure()), blankToNull(r.category()),
                    blankToNull(r.category2())));
            fieldAt.add(i);
        }
        List<Datasets.NewCategory> categories = new ArrayList<>();
        for (int i = 0; i < d.categories().size(); i++) {
            CategoryRow r = d.categories().get(i);
            if (r.blank()) continue;
            categories.add(new Datasets.NewCategory(r.code().strip(), r.label().strip(), lines(r.options())));
            categoryAt.add(i);
        }
        List<Datasets.NewRule> rules = new ArrayList<>();
        for (int i = 0; i < d.rules().size(); i++) {
            RuleRow r = d.rules().get(i);
            if (r.blank()) continue;
            rules.add(new Datasets.NewRule(r.expression().strip(), r.message().strip()));
            ruleAt.add(i);
        }
        PeriodType pt = enumOf(PeriodType.class, d.periodType(), "periodType", errors);
        SecrecyLevel secrecy = enumOf(SecrecyLevel.class, d.secrecy(), "secrecy", errors);
        return new Datasets.NewDataset(d.code().strip(), d.title().strip(), blankToNull(d.ownerUnitId()), pt, secrecy, fields, rules, categories);
    }

    private static Draft of(Dataset d) {
        List<FieldRow> fields = new ArrayList<>();
        for (Field f : d.fields()) {
            fields.add(new FieldRow(f.code(), f.label(), f.type().name(), f.unitOfMeasure() == null ? "" : f.unitOfMeasure(), f.required(),
                    f.min() == null ? "" : f.min().toPlainString().replace('.', ','), f.max() == null ? "" : f.max().toPlainString().replace('.', ','),
                    f.aggregation().name(), String.join("\n", f.options()), f.category() == null ? "" : f.category(),
                    f.category2() == null ? "" : f.category2()));
        }
        List<CategoryRow> categories = new ArrayList<>();
        for (Category c : d.categories()) categories.add(new CategoryRow(c.code(), c.label(), String.join("\n", c.options())));
        List<RuleRow> rules = new ArrayList<>();
        for (Rule r : d.rules()) rules.add(new RuleRow(r.expression(), r.message()));
        return new Draft(d.code(), d.title(), Long.toString(d.ownerUnitId()), d.periodType().name(), d.secrecy().name(), fields, categories, rules);
    }

    private String show(Draft draft, @Nullable Dataset existing, Map<String, String> errors, List<String> general, Model model) {
        model.addAttribute("draft", draft);
        model.addAttribute("existing", existing);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("action", existing == null ? "/office/datasets/new" : "/office/datasets/" + existing.id() + "/edit");
        List<Long> owners = policy.actor().grants().stream().filter(g -> DatasetRoles.COORDINATOR.contains(g.role())).map(Grant::unitId).distinct().toList();
        List<Unit> list = new ArrayList<>(units.named(owners).values());
        list.sort(java.util.Comparator.comparing(Unit::path));
        model.addAttribute("ownerOptions", UnitOption.of(list));
        model.addAttribute("ownerName", existing == null ? "" : units.names(List.of(existing.ownerUnitId())).getOrDefault(existing.ownerUnitId(), ""));
        model.addAttribute("types", Arrays.stream(FieldType.values()).map(t -> Map.entry(t.name(), t.vietnamese())).toList());
        model.addAttribute("aggregations", Arrays.stream(Aggregation.values()).map(a -> Map.entry(a.name(), a.vietnamese())).toList());
        model.addAttribute("periodTypes", Arrays.stream(PeriodType.values()).map(p -> Map.entry(p.name(), p.vietnamese())).toList());
        model.addAttribute("secrecies", Arrays.stream(SecrecyLevel.values()).map(s -> Map.entry(s.name(), s.vietnamese())).toList());
        model.addAttribute("emptyField", FieldRow.EMPTY);
        model.addAttribute("emptyCategory", CategoryRow.EMPTY);
        model.addAttribute("emptyRule", RuleRow.EMPTY);
        return "datasets/builder";
    }
}
