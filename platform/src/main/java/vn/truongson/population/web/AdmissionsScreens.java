package vn.truongson.population.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.ResponseEntity;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import vn.truongson.access.AccessPolicy;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Problems;
import vn.truongson.population.AdmissionsList;
import vn.truongson.population.AdmissionsRules;
import vn.truongson.population.BorderList;

/** The bulk-check screens (admissions, border): upload a list, download it checked. The same engines as the API. */
@Controller
class AdmissionsScreens {

    private final AdmissionsList admissions;
    private final BorderList border;
    private final AdmissionsRules rules;
    private final AccessPolicy policy;
    private final Problems problems;
    private final Clock clock;

    AdmissionsScreens(AdmissionsList admissions, BorderList border, AdmissionsRules rules, AccessPolicy policy, Problems problems, Clock clock) {
        this.admissions = admissions;
        this.border = border;
        this.rules = rules;
        this.policy = policy;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/office/population/admissions")
    String page(Model model) {
        policy.actor();
        return show(model, String.valueOf(Year.now(clock.withZone(IdNumberController.VIETNAM)).getValue()), Map.of());
    }

    @PostMapping("/office/population/admissions")
    @Nullable ModelAndView check(@RequestParam(required = false) @Nullable MultipartFile file, @RequestParam(defaultValue = "") String year,
            Locale locale, Model model, HttpServletResponse res) throws IOException {
        policy.actor();
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            int y;
            try {
                y = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                throw new BadInput("year", "population.field.required");
            }
            AdmissionsList.Checked c = admissions.check(file.getInputStream(), y);
            res.setContentType(AdmissionsListController.XLSX.toString());
            res.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-" + y + ".xlsx").build().toString());
            res.getOutputStream().write(c.xlsx());
            return null; // written: no view

        } catch (BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = errors(e, locale);
            if (errors.containsKey("year") && !errors.containsKey("file")) errors.put("file", errors.get("year"));
            return new ModelAndView(show(model, year, errors), model.asMap());
        }
    }

    /** The empty list to fill in (issue 13): the columns the check reads, and how to fill them. */
    @GetMapping("/office/population/admissions/template.xlsx")
    ResponseEntity<byte[]> template() {
        policy.actor();
        return ResponseEntity.ok().contentType(AdmissionsListController.XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("mau-danh-sach-thi-sinh.xlsx").build().toString())
                .body(AdmissionsList.template());
    }

    /** The checked file, kept in the session for the summary's download link (the person's own, until the next check). */
    record Result(int year, byte[] xlsx) implements Serializable {}

    static final String RESULT = "population.admissions.result";

    /**
     * The same check, answered with a page (issue 13): the counts by outcome, in the result file's colours, and a link to
     * the coloured file, instead of the file alone.
     */
    @PostMapping("/office/population/admissions/summary")
    ModelAndView summary(@RequestParam(required = false) @Nullable MultipartFile file, @RequestParam(defaultValue = "") String year,
            Locale locale, Model model, HttpSession session, HttpServletResponse res) throws IOException {
        policy.actor();
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            int y;
            try {
                y = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                throw new BadInput("year", "population.field.required");
            }
            AdmissionsList.Checked c = admissions.check(file.getInputStream(), y);
            session.setAttribute(RESULT, new Result(y, c.xlsx()));
            List<Map<String, Object>> lines = new ArrayList<>();
            for (AdmissionsList.Outcome o : AdmissionsList.Outcome.values()) {
                lines.add(Map.of("outcome", o.name(), "label", AdmissionsList.vietnamese(o), "count", c.counts().getOrDefault(o, 0), "badge", badge(o)));
            }
            model.addAttribute("summary", lines);
            model.addAttribute("total", c.rows().size());
            return new ModelAndView(show(model, year, Map.of()), model.asMap());
        } catch (BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = errors(e, locale);
            if (errors.containsKey("year") && !errors.containsKey("file")) errors.put("file", errors.get("year"));
            return new ModelAndView(show(model, year, errors), model.asMap());
        }
    }

    /** The coloured file of the last summary in this session; none is a 404. */
    @GetMapping("/office/population/admissions/result.xlsx")
    ResponseEntity<byte[]> result(HttpSession session) {
        policy.actor();
        if (!(session.getAttribute(RESULT) instanceof Result r)) throw new vn.truongson.core.DomainException.NotFound("file", "result");
        return ResponseEntity.ok().contentType(AdmissionsListController.XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-" + r.year() + ".xlsx").build().toString())
                .body(r.xlsx());
    }

    private static String badge(AdmissionsList.Outcome o) {
        return switch (o) {
            case OK -> "text-bg-success";
            case MISMATCH, INVALID -> "text-bg-danger";
            case INELIGIBLE -> "text-bg-warning";
            case DUPLICATE -> "text-bg-warning";
            case UNAVAILABLE -> "text-bg-secondary";
        };
    }

    @GetMapping("/office/population/border")
    String borderPage(Model model) {
        policy.actor();
        model.addAttribute("rules", rules);
        model.addAttribute("errors", Map.of());
        return "population/border";
    }

    @PostMapping("/office/population/border")
    @Nullable ModelAndView borderCheck(@RequestParam(required = false) @Nullable MultipartFile file, Locale locale, Model model,
            HttpServletResponse res) throws IOException {
        policy.actor();
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            BorderList.Checked c = border.check(file.getInputStream(), rules.maxRows());
            res.setContentType(AdmissionsListController.XLSX.toString());
            res.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-bien-phong.xlsx").build().toString());
            res.getOutputStream().write(c.xlsx());
            return null; // written: no view
        } catch (BadInput e) {
            res.setStatus(400);
            model.addAttribute("rules", rules);
            model.addAttribute("errors", errors(e, locale));
            return new ModelAndView("population/border", model.asMap());
        }
    }

    /** The empty border list to fill in (issue 13). */
    @GetMapping("/office/population/border/template.xlsx")
    ResponseEntity<byte[]> borderTemplate() {
        policy.actor();
        return ResponseEntity.ok().contentType(AdmissionsListController.XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("mau-danh-sach-bien-phong.xlsx").build().toString())
                .body(BorderList.template());
    }

    static final String BORDER_RESULT = "population.border.result";

    /** The border check answered with a page (issue 13): the counts by outcome and a link to the coloured file. */
    @PostMapping("/office/population/border/summary")
    ModelAndView borderSummary(@RequestParam(required = false) @Nullable MultipartFile file, Locale locale, Model model, HttpSession session,
            HttpServletResponse res) throws IOException {
        policy.actor();
        model.addAttribute("rules", rules);
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            BorderList.Checked c = border.check(file.getInputStream(), rules.maxRows());
            session.setAttribute(BORDER_RESULT, new Result(0, c.xlsx()));
            List<Map<String, Object>> lines = new ArrayList<>();
            for (BorderList.Outcome o : BorderList.Outcome.values()) {
                lines.add(Map.of("outcome", o.name(), "label", BorderList.vietnamese(o), "count", c.counts().getOrDefault(o, 0), "badge", borderBadge(o)));
            }
            model.addAttribute("summary", lines);
            model.addAttribute("total", c.rows().size());
            model.addAttribute("errors", Map.of());
        } catch (BadInput e) {
            res.setStatus(400);
            model.addAttribute("errors", errors(e, locale));
        }
        return new ModelAndView("population/border", model.asMap());
    }

    /** The coloured file of the last border summary in this session; none is a 404. */
    @GetMapping("/office/population/border/result.xlsx")
    ResponseEntity<byte[]> borderResult(HttpSession session) {
        policy.actor();
        if (!(session.getAttribute(BORDER_RESULT) instanceof Result r)) throw new vn.truongson.core.DomainException.NotFound("file", "result");
        return ResponseEntity.ok().contentType(AdmissionsListController.XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-bien-phong.xlsx").build().toString())
                .body(r.xlsx());
    }

    private static String borderBadge(BorderList.Outcome o) {
        return switch (o) {
            case OK -> "text-bg-success";
            case MISMATCH, INVALID -> "text-bg-danger";
            case DUPLICATE -> "text-bg-warning";
            case FOREIGN -> "text-bg-info";
            case UNAVAILABLE -> "text-bg-secondary";
        };
    }

    private Map<String, String> errors(BadInput e, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return errors;
    }

    private String show(Model model, String year, Map<String, String> errors) {
        model.addAttribute("rules", rules);
        model.addAttribute("year", year);
        model.addAttribute("errors", errors);
        return "population/admissions";
    }
}
