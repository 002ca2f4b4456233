package vn.truongson.population.jobs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Problems;

/**
 * The background checks on screen: the lists' forms post here; the job's page shows a progress bar that
 * htmx refreshes each second until the job is done; the official's jobs are listed with their downloads.
 */
@Controller
class BulkJobScreens {

    private final BulkJobs jobs;
    private final Problems problems;

    BulkJobScreens(BulkJobs jobs, Problems problems) {
        this.jobs = jobs;
        this.problems = problems;
    }

    @PostMapping("/office/population/admissions/jobs")
    String admissions(@RequestParam(required = false) @Nullable MultipartFile file, @RequestParam(defaultValue = "") String year, Locale locale,
            Model model, jakarta.servlet.http.HttpServletResponse res) throws IOException {
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            int y;
            try {
                y = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                throw new BadInput("year", "population.field.required");
            }
            return "redirect:/office/population/jobs/" + jobs.submit(BulkJobs.Kind.ADMISSIONS, y, BulkJobController.name(file), file.getBytes());
        } catch (BadInput e) {
            res.setStatus(400);
            return list(model, errors(e, locale));
        }
    }

    @PostMapping("/office/population/border/jobs")
    String border(@RequestParam(required = false) @Nullable MultipartFile file, Locale locale, Model model, jakarta.servlet.http.HttpServletResponse res)
            throws IOException {
        try {
            if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
            return "redirect:/office/population/jobs/" + jobs.submit(BulkJobs.Kind.BORDER, null, BulkJobController.name(file), file.getBytes());
        } catch (BadInput e) {
            res.setStatus(400);
            return list(model, errors(e, locale));
        }
    }

    @GetMapping("/office/population/jobs")
    String list(Model model) {
        return list(model, Map.of());
    }

    @GetMapping("/office/population/jobs/{id}")
    String job(@PathVariable long id, Model model) {
        model.addAttribute("job", jobs.get(id));
        return "population/job";
    }

    /** The progress fragment htmx polls; it stops polling once the job is finished. */
    @GetMapping("/office/population/jobs/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("job", jobs.get(id));
        return "population/job :: progress";
    }

    @GetMapping("/office/population/jobs/{id}/result.xlsx")
    ResponseEntity<byte[]> result(@PathVariable long id) {
        var r = jobs.result(id);
        return ResponseEntity.ok().contentType(BulkJobController.XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(r.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(r.xlsx());
    }

    private String list(Model model, Map<String, String> errors) {
        model.addAttribute("jobs", jobs.mine(50));
        model.addAttribute("errors", errors);
        return "population/jobs";
    }

    private Map<String, String> errors(BadInput e, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return errors;
    }
}
