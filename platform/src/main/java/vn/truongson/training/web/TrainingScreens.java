package vn.truongson.training.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Ids;
import vn.truongson.core.ListWorkbook;
import vn.truongson.core.Paging;
import vn.truongson.core.Problems;
import vn.truongson.org.UnitChoice;
import vn.truongson.org.Units;
import vn.truongson.training.Topic;
import vn.truongson.training.Training;

/**
 * /office/training: the classes the person may read (paged, by year and topic) and a new class, the course catalogue, a
 * class with its participants, their attendance and results, the certificates and the Excel list, an official's record.
 * The same rules as the API: what the policy hides is not found.
 */
@Controller
class TrainingScreens {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final int PAGE = 20;

    /** A participant as the page shows him. */
    record Line(Training.Participant p, String score, String result) {}

    private final Training training;
    private final AccessPolicy policy;
    private final Units units;
    private final Problems problems;

    TrainingScreens(Training training, AccessPolicy policy, Units units, Problems problems) {
        this.training = training;
        this.policy = policy;
        this.units = units;
        this.problems = problems;
    }

    // ---- classes -------------------------------------------------------------------------------

    @GetMapping("/office/training")
    String classes(@RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String topic,
            @RequestParam(required = false) @Nullable String page, HttpServletRequest req, Model model) {
        return classList(year, topic, page, req, model, Map.of(), Map.of());
    }

    private String classList(@Nullable String year, @Nullable String topic, @Nullable String page, HttpServletRequest req, Model model,
            Map<String, String> errors, Map<String, String> form) {
        Integer y = year(year);
        Topic t = topicOrNull(topic);
        long total = training.countClasses(y, t);
        Paging paging = Paging.of(req, Paging.page(page), PAGE, total);
        model.addAttribute("classes", training.classes(y, t, PAGE, paging.offset()));
        model.addAttribute("paging", paging);
        model.addAttribute("year", y == null ? "" : y.toString());
        model.addAttribute("topic", t == null ? "" : t.name());
        model.addAttribute("topics", Topic.values());
        model.addAttribute("years", years());
        boolean organiser = policy.actor().has(Role.COMMANDER) || policy.actor().has(Role.ADMIN);
        model.addAttribute("organiser", organiser);
        if (organiser) {
            model.addAttribute("courses", training.courses(null, 500, 0));
            model.addAttribute("unitOptions", UnitChoice.tree(units.list(null, null, 5000), u -> policy.permits(Training.MANAGERS, u.asProtected())));
        }
        model.addAttribute("errors", errors);
        model.addAttribute("form", form);
        model.addAttribute("date", DATE);
        return "training/classes";
    }

    @PostMapping("/office/training/classes")
    String createClass(@RequestParam(defaultValue = "") String courseId, @RequestParam(defaultValue = "") String unitId,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String startDate,
            @RequestParam(defaultValue = "") String endDate, @RequestParam(defaultValue = "") String place, HttpServletRequest req, Model model,
            Locale locale, HttpServletResponse res) {
        try {
            var k = training.createClass(optionalId("courseId", courseId), optionalId("unitId", unitId), name, startDate, endDate, place);
            return "redirect:/office/training/classes/" + k.id();
        } catch (BadInput e) {
            res.setStatus(400);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("courseId", courseId);
            form.put("unitId", unitId);
            form.put("name", name);
            form.put("startDate", startDate);
            form.put("endDate", endDate);
            form.put("place", place);
            return classList(null, null, null, req, model, errors(e, locale), form);
        }
    }

    @GetMapping("/office/training/classes/{id}")
    String trainingClass(@PathVariable("id") long classId, @RequestParam(required = false) @Nullable String page, HttpServletRequest req, Model model) {
        Training.TrainingClass k = training.get(classId);
        List<Training.Participant> all = training.participants(classId);
        Paging paging = Paging.of(req, Paging.page(page), 50, all.size());
        boolean manages = training.manages(k);
        model.addAttribute("k", k);
        model.addAttribute("lines", paging.slice(all).stream().map(p -> new Line(p, score(p.score()), result(p))).toList());
        model.addAttribute("paging", paging);
        model.addAttribute("manages", manages);
        model.addAttribute("started", !k.startDate().isAfter(training.today()));
        model.addAttribute("ended", !k.endDate().isAfter(training.today()));
        model.addAttribute("dates", DATE.format(k.startDate()) + " – " + DATE.format(k.endDate()));
        if (manages) {
            var enrolled = all.stream().map(Training.Participant::officialId).collect(java.util.stream.Collectors.toSet());
            model.addAttribute("candidates", training.candidates(classId, 500).stream().filter(o -> !enrolled.contains(o.id())).toList());
        }
        return "training/class";
    }

    @PostMapping("/office/training/classes/{id}/participants")
    String enrol(@PathVariable("id") long classId, @RequestParam(name = "officialId", required = false) @Nullable List<String> officialIds, Locale locale,
            RedirectAttributes flash) {
        try {
            training.enrol(classId, officialIds == null ? null : new ArrayList<Object>(officialIds));
            flash.addFlashAttribute("notice", problems.message("training.saved", new Object[0], locale));
        } catch (BadInput e) {
            flash.addFlashAttribute("problem", String.join(" ", errors(e, locale).values()));
        }
        return "redirect:/office/training/classes/" + classId;
    }

    @PostMapping("/office/training/classes/{id}/participants/{officialId}/result")
    String result(@PathVariable("id") long classId, @PathVariable long officialId, @RequestParam(defaultValue = "") String attended,
            @RequestParam(defaultValue = "") String result, @RequestParam(defaultValue = "") String score, @RequestParam(defaultValue = "") String note,
            @RequestParam(defaultValue = "") String page, Locale locale, RedirectAttributes flash) {
        try {
            BigDecimal s = null;
            if (!score.isBlank()) {
                try {
                    if (score.length() > 12) throw new NumberFormatException();
                    s = new BigDecimal(score.strip().replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new BadInput("score", "training.score.range");
                }
            }
            Boolean a = attended.isBlank() ? null : "true".equals(attended);
            training.record(classId, officialId, a, result, s, note);
            flash.addFlashAttribute("notice", problems.message("training.saved", new Object[0], locale));
        } catch (BadInput e) {
            flash.addFlashAttribute("problem", String.join(" ", errors(e, locale).values()));
        } catch (DomainException.Conflict e) {
            flash.addFlashAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
        }
        return "redirect:/office/training/classes/" + classId + (page.matches("\\d{1,5}") ? "?page=" + page : "") + "#p-" + officialId;
    }

    @PostMapping("/office/training/classes/{id}/certificates")
    String issue(@PathVariable("id") long classId, Locale locale, RedirectAttributes flash) {
        try {
            int n = training.issueCertificates(classId).size();
            flash.addFlashAttribute("notice", problems.message("training.class.issued", new Object[] {n}, locale));
        } catch (DomainException.Conflict e) {
            flash.addFlashAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
        }
        return "redirect:/office/training/classes/" + classId;
    }

    /** The class list as an Excel workbook (core.ListWorkbook): every participant with his result and certificate. */
    @GetMapping("/office/training/classes/{id}/participants.xlsx")
    ResponseEntity<byte[]> export(@PathVariable("id") long classId, Locale locale) {
        Training.TrainingClass k = training.get(classId);
        List<Training.Participant> all = training.participants(classId);
        var headers = List.of("STT", msg("training.participant", locale), msg("training.participant.unit", locale), msg("training.attended", locale),
                msg("training.result", locale), msg("training.score", locale), msg("training.certificate", locale), msg("training.note", locale));
        List<List<Object>> rows = new ArrayList<>();
        int i = 1;
        for (Training.Participant p : all.subList(0, Math.min(all.size(), ListWorkbook.MAX_ROWS))) {
            rows.add(Arrays.asList(i++, person(p.rankTitle(), p.fullName()), p.unitName(),
                    p.attended() == null ? null : msg(p.attended() ? "training.attended" : "training.absent", locale),
                    p.result() == null ? null : msg("training.result." + p.result(), locale), p.score(), p.certificateNumber(), p.note()));
        }
        training.recordExport(classId, rows.size());
        return ListWorkbook.download("danh-sach-lop-" + classId + ".xlsx", ListWorkbook.xlsx(k.name(), headers, rows));
    }

    @GetMapping("/office/training/certificates/{id}.pdf")
    ResponseEntity<byte[]> certificate(@PathVariable long id) throws IOException {
        return TrainingController.pdfResponse(training, id);
    }

    // ---- courses -------------------------------------------------------------------------------

    @GetMapping("/office/training/courses")
    String courses(@RequestParam(required = false) @Nullable String topic, @RequestParam(required = false) @Nullable String page,
            HttpServletRequest req, Model model) {
        return courseList(topic, page, req, model, Map.of(), Map.of());
    }

    private String courseList(@Nullable String topic, @Nullable String page, HttpServletRequest req, Model model, Map<String, String> errors,
            Map<String, String> form) {
        Topic t = topicOrNull(topic);
        int p = Paging.page(page);
        List<Training.Course> found = training.courses(t, PAGE + 1, (p - 1) * PAGE);
        model.addAttribute("courses", found.stream().limit(PAGE).toList());
        model.addAttribute("paging", Paging.open(req, p, PAGE, found.size() > PAGE));
        model.addAttribute("topic", t == null ? "" : t.name());
        model.addAttribute("topics", Topic.values());
        boolean organiser = policy.actor().has(Role.COMMANDER) || policy.actor().has(Role.ADMIN);
        model.addAttribute("organiser", organiser);
        if (organiser) {
            model.addAttribute("unitOptions", UnitChoice.tree(units.list(null, null, 5000), u -> policy.permits(Training.MANAGERS, u.asProtected())));
        }
        model.addAttribute("errors", errors);
        model.addAttribute("form", form);
        return "training/courses";
    }

    @PostMapping("/office/training/courses")
    String createCourse(@RequestParam(defaultValue = "") String unitId, @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String topic, @RequestParam(defaultValue = "") String hours,
            @RequestParam(defaultValue = "") String description, HttpServletRequest req, Model model, Locale locale, HttpServletResponse res) {
        try {
            Integer h = null;
            if (!hours.isBlank()) {
                if (!hours.strip().matches("\\d{1,6}")) throw new BadInput("hours", "training.hours.range", Training.MAX_HOURS);
                h = Integer.parseInt(hours.strip());
            }
            training.createCourse(optionalId("unitId", unitId), code, title, topic, h, description);
            return "redirect:/office/training/courses";
        } catch (BadInput e) {
            res.setStatus(400);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("unitId", unitId);
            form.put("code", code);
            form.put("title", title);
            form.put("topic", topic);
            form.put("hours", hours);
            form.put("description", description);
            return courseList(null, null, req, model, errors(e, locale), form);
        }
    }

    // ---- records -------------------------------------------------------------------------------

    @GetMapping("/office/training/me")
    String mine(Model model) {
        return record(training.mine(), model);
    }

    @GetMapping("/office/training/officials/{id}")
    String official(@PathVariable long id, Model model) {
        return record(training.officialRecord(id), model);
    }

    private String record(Training.OfficialRecord r, Model model) {
        model.addAttribute("r", r);
        model.addAttribute("person", person(r.rankTitle(), r.fullName()));
        model.addAttribute("date", DATE);
        model.addAttribute("scores", r.entries().stream().map(e -> score(e.score())).toList());
        return "training/record";
    }

    // ---- helpers -------------------------------------------------------------------------------

    static String person(@Nullable String rank, String name) {
        return rank == null || rank.isBlank() ? name : rank + " " + name;
    }

    static String score(@Nullable BigDecimal s) {
        return s == null ? "" : s.stripTrailingZeros().toPlainString().replace('.', ',');
    }

    private String result(Training.Participant p) {
        return p.result() == null ? "" : p.result().name();
    }

    private List<Integer> years() {
        int now = training.today().getYear();
        List<Integer> out = new ArrayList<>();
        for (int y = now + 1; y >= now - 5; y--) out.add(y);
        return out;
    }

    private @Nullable Integer year(@Nullable String s) {
        if (s == null || !s.strip().matches("\\d{4}")) return null;
        return Integer.parseInt(s.strip());
    }

    private static @Nullable Topic topicOrNull(@Nullable String s) {
        if (s == null) return null;
        for (Topic t : Topic.values()) if (t.name().equals(s.strip())) return t;
        return null;
    }

    private static @Nullable Long optionalId(String field, String s) {
        return s.isBlank() ? null : Ids.parse(field, s);
    }

    private String msg(String key, Locale locale) {
        return problems.message(key, new Object[0], locale);
    }

    private Map<String, String> errors(BadInput e, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return errors;
    }
}
