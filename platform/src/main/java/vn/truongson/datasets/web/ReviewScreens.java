package vn.truongson.datasets.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import vn.truongson.access.UnitHierarchy;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.DatasetRoles;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Reviews;
import vn.truongson.datasets.Submissions;
import vn.truongson.org.Units;

/**
 * The review of a unit's submission on screen (docs/datasets.md "Evidence and review"), through {@link Reviews}: the
 * reviewer's page (the values as they stand, the revisions, the evidence, the comments, a comment and, for a data
 * coordinator covering the unit, the return for correction with a reason), and the actions the reporter's form offers
 * (attach an evidence file, comment). A refusal (a bad reason, one file too many, a locked period) is shown on the page
 * with its 4xx status; nothing is changed.
 */
@Controller
class ReviewScreens {

    /** A value line of the review page: the field's label and the value as a Vietnamese page writes it. */
    record ValueLine(String code, String label, String value) {}

    private final Datasets datasets;
    private final Submissions submissions;
    private final Reviews reviews;
    private final Units units;
    private final UnitHierarchy hierarchy;
    private final AccessPolicy policy;
    private final Problems problems;
    private final DatasetScreens screens;

    ReviewScreens(Datasets datasets, Submissions submissions, Reviews reviews, Units units, UnitHierarchy hierarchy, AccessPolicy policy,
            Problems problems, DatasetScreens screens) {
        this.datasets = datasets;
        this.submissions = submissions;
        this.reviews = reviews;
        this.units = units;
        this.hierarchy = hierarchy;
        this.policy = policy;
        this.problems = problems;
        this.screens = screens;
    }

    static String reviewPath(long datasetId, long unitId, String period) {
        return "/office/datasets/" + datasetId + "/review/" + unitId + "/" + period;
    }

    static String formPath(long datasetId, long unitId, String period) {
        return "/office/datasets/" + datasetId + "/form/" + unitId + "/" + period;
    }

    @GetMapping("/office/datasets/{id}/review/{unitId}/{period}")
    String review(@PathVariable long id, @PathVariable long unitId, @PathVariable String period, Model model) {
        long d = id;
        long unit = unitId;
        Dataset ds = datasets.get(d);
        // A reader covering the unit (403 otherwise, as the API's revisions).
        List<Submissions.Entry> revisions = submissions.revisions(d, unit, period);
        String p = ds.periodType().parse("period", period);
        List<ValueLine> values = new ArrayList<>();
        if (!revisions.isEmpty()) {
            Map<String, Object> v = revisions.getLast().values();
            for (Field f : ds.fields()) values.add(new ValueLine(f.code(), f.label(), DatasetScreens.display(f, DatasetScreens.inOrder(ds, f, v.get(f.code())))));
        }
        model.addAttribute("d", ds);
        model.addAttribute("unitId", unit);
        model.addAttribute("unitName", units.names(List.of(unit)).getOrDefault(unit, ""));
        model.addAttribute("period", p);
        model.addAttribute("periodLabel", PeriodType.label(p));
        model.addAttribute("values", values);
        model.addAttribute("current", revisions.isEmpty() ? null : revisions.getLast());
        model.addAttribute("currentAt", revisions.isEmpty() ? null : DatasetScreens.DATE_TIME.format(revisions.getLast().submittedAt()));
        model.addAttribute("revisions", revisions.reversed().stream().map(r -> Map.of("revision", r.revision(), "at",
                DatasetScreens.DATE_TIME.format(r.submittedAt()), "by", r.submittedBy())).toList());
        String path = hierarchy.pathsOf(List.of(unit)).get(unit);
        model.addAttribute("mayReturn", path != null && !revisions.isEmpty() && policy.visibility(DatasetRoles.COORDINATOR).coversUnitPath(unit, path));
        model.addAttribute("mayReport", path != null && policy.visibility(DatasetRoles.REPORTER).coversUnitPath(unit, path));
        model.addAttribute("formHref", formPath(d, unit, p));
        review(reviews, model, ds, unit, p);
        model.addAttribute("rollupHref", "/office/datasets/" + d + "/rollup?period=" + p);
        return "datasets/review";
    }

    /** The review's part of a page: the standing return, the comments, the evidence files with their download links. */
    static void review(Reviews reviews, Model model, Dataset d, long unit, String period) {
        model.addAttribute("returned", reviews.returned(d.id(), period, unit).orElse(null));
        model.addAttribute("comments", reviews.comments(d.id(), unit, period).stream().map(c -> Map.of("kind", c.kind(), "body", c.body(), "author", c.author(),
                "at", DatasetScreens.DATE_TIME.format(c.createdAt()), "revision", c.revision() == null ? "" : String.valueOf(c.revision()))).toList());
        model.addAttribute("evidence", reviews.evidence(d.id(), unit, period).stream().map(e -> Map.of("name", e.name(), "size", size(e.size()),
                "href", reviewPath(d.id(), unit, period) + "/evidence/" + e.sha256(), "by", e.uploadedBy(),
                "at", DatasetScreens.DATE_TIME.format(e.uploadedAt()))).toList());
        model.addAttribute("evidenceMax", Reviews.MAX_FILES);
        model.addAttribute("evidenceClassified", d.secrecy().isClassified());
        model.addAttribute("reviewBase", reviewPath(d.id(), unit, period));
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) return (bytes + 1023) / 1024 + " KB";
        return new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(Locale.of("vi"))).format(bytes / 1048576.0) + " MB";
    }

    @GetMapping("/office/datasets/{id}/review/{unitId}/{period}/evidence/{sha256}")
    ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable long unitId, @PathVariable String period,
            @PathVariable String sha256) {
        Reviews.Download x = reviews.open(id, unitId, period, sha256);
        Reviews.EvidenceItem e = x.item();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(e.contentType())).contentLength(e.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(e.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff").cacheControl(CacheControl.noStore()).body(new InputStreamResource(x.content()));
    }

    /** An evidence file attached from the reporter's form; back to the form, or the form again with the refusal. */
    @PostMapping(path = "/office/datasets/{id}/review/{unitId}/{period}/evidence", consumes = "multipart/form-data")
    String attach(@PathVariable long id, @PathVariable long unitId, @PathVariable String period,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) throws IOException {
        long d = id;
        long unit = unitId;
        try {
            if (file == null || file.isEmpty()) throw new DomainException.BadInput("file", "problem.field.required");
            Reviews.EvidenceItem e;
            try (InputStream in = file.getInputStream()) {
                e = reviews.attach(d, unit, period, new Reviews.Upload(in, file.getOriginalFilename()));
            }
            redirect.addFlashAttribute("notice", "Đã đính kèm tệp minh chứng " + e.name() + ".");
            return "redirect:" + formPath(d, unit, e.period());
        } catch (DomainException.BadInput | DomainException.Conflict e) {
            return refused(e, locale, model, res, () -> screens.form(id, unitId, period, model));
        }
    }

    /** A comment, from the reporter's form ({@code from=form}) or the review page; back to where it was written. */
    @PostMapping("/office/datasets/{id}/review/{unitId}/{period}/comments")
    String comment(@PathVariable long id, @PathVariable long unitId, @PathVariable String period, @RequestParam(required = false) @Nullable String body,
            @RequestParam(required = false) @Nullable String from, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        long d = id;
        long unit = unitId;
        boolean fromForm = "form".equals(from);
        try {
            Reviews.Comment c = reviews.comment(d, unit, period, body);
            redirect.addFlashAttribute("notice", "Đã gửi ý kiến.");
            return "redirect:" + (fromForm ? formPath(d, unit, c.period()) : reviewPath(d, unit, c.period())) + "#comment-list";
        } catch (DomainException.BadInput | DomainException.Conflict e) {
            model.addAttribute("commentDraft", body == null ? "" : body);
            return refused(e, locale, model, res, () -> fromForm ? screens.form(id, unitId, period, model) : review(id, unitId, period, model));
        }
    }

    /** The return for correction, with its reason: a data coordinator covering the unit (403 otherwise). */
    @PostMapping("/office/datasets/{id}/review/{unitId}/{period}/return")
    String returnForCorrection(@PathVariable long id, @PathVariable long unitId, @PathVariable String period,
            @RequestParam(required = false) @Nullable String reason, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        long d = id;
        long unit = unitId;
        try {
            Reviews.Returned r = reviews.returnForCorrection(d, unit, period, reason);
            redirect.addFlashAttribute("notice", "Đã trả lại lần nộp " + r.revision() + " để đơn vị chỉnh sửa.");
            return "redirect:" + reviewPath(d, unit, r.period());
        } catch (DomainException.BadInput | DomainException.Conflict e) {
            model.addAttribute("reasonDraft", reason == null ? "" : reason);
            return refused(e, locale, model, res, () -> review(id, unitId, period, model));
        }
    }

    /** The page again with the refusal in Vietnamese, 400 (bad input) or 409 (conflict). */
    private String refused(RuntimeException e, Locale locale, Model model, HttpServletResponse res, java.util.function.Supplier<String> page) {
        if (e instanceof DomainException.BadInput b) {
            res.setStatus(400);
            model.addAttribute("reviewErrors", b.errors().stream().map(fe -> label(fe.field()) + ": " + problems.message(fe.messageKey(), fe.args(), locale))
                    .toList());
        } else {
            DomainException.Conflict c = (DomainException.Conflict) e;
            res.setStatus(409);
            model.addAttribute("reviewErrors", List.of(problems.message(c.messageKey(), c.args(), locale)));
        }
        return page.get();
    }

    private static String label(String field) {
        return switch (field) {
            case "file" -> "Tệp minh chứng";
            case "body" -> "Ý kiến";
            case "reason" -> "Lý do trả lại";
            case "period" -> "Kỳ";
            default -> field;
        };
    }
}
