package vn.truongson.archive.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
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
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.archive.Archive;
import vn.truongson.archive.ArchiveSearch;
import vn.truongson.archive.Description;
import vn.truongson.archive.Disposals;
import vn.truongson.archive.Records;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Problems;
import vn.truongson.org.Units;

/**
 * The archivist's screens (/office/archive): batches and a new one, a batch with its progress (htmx refreshes it while
 * OCR runs) and the upload of many scans at once, an item's review (the searchable PDF beside the proposed fields, with
 * their confidence), and the search. The same rules as the API: what the policy hides is not found.
 */
@Controller
class ArchiveScreens {

    private final Archive archive;
    private final ArchiveSearch search;
    private final AccessPolicy policy;
    private final Units units;
    private final Problems problems;
    private final Records records;
    private final Disposals disposals;

    ArchiveScreens(Archive archive, ArchiveSearch search, AccessPolicy policy, Units units, Problems problems, Records records, Disposals disposals) {
        this.records = records;
        this.disposals = disposals;
        this.archive = archive;
        this.search = search;
        this.policy = policy;
        this.units = units;
        this.problems = problems;
    }

    @GetMapping("/office/archive")
    String home(Model model) {
        return home(model, Map.of(), null, null, null);
    }

    private String home(Model model, Map<String, String> errors, @Nullable String unitId, @Nullable String year, @Nullable String title) {
        var actor = policy.actor();
        model.addAttribute("batches", archive.batches(100));
        boolean writer = actor.has(Role.ARCHIVIST);
        model.addAttribute("writer", writer);
        model.addAttribute("units", writer ? units.list(null, null, 500) : List.of());
        model.addAttribute("unitNames", unitNames());
        model.addAttribute("errors", errors);
        model.addAttribute("form", Map.of("unitId", unitId == null ? "" : unitId, "year", year == null ? "" : year, "title", title == null ? "" : title));
        return "archive/batches";
    }

    @PostMapping("/office/archive/batches")
    String create(@RequestParam(defaultValue = "") String unitId, @RequestParam(defaultValue = "") String year,
            @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String fonds, Model model, Locale locale,
            HttpServletResponse res) {
        try {
            Long u = parse(unitId, "unitId");
            Long y = parse(year, "year");
            var b = archive.create(u, y == null ? null : (int) Math.min(Integer.MAX_VALUE, y), title, fonds);
            return "redirect:/office/archive/batches/" + b.id();
        } catch (BadInput e) {
            res.setStatus(400);
            return home(model, errors(e, locale), unitId, year, title);
        }
    }

    @GetMapping("/office/archive/batches/{id}")
    String batch(@PathVariable long id, Model model) {
        return batch(id, model, Map.of());
    }

    private String batch(long id, Model model, Map<String, String> errors) {
        model.addAttribute("detail", archive.detail(id));
        model.addAttribute("writer", policy.actor().has(Role.ARCHIVIST));
        model.addAttribute("unitNames", unitNames());
        model.addAttribute("errors", errors);
        return "archive/batch";
    }

    /** The progress and the items, which htmx polls while anything is queued or running. */
    @GetMapping("/office/archive/batches/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("detail", archive.detail(id));
        return "archive/batch :: progress";
    }

    @PostMapping("/office/archive/batches/{id}/scans")
    String upload(@PathVariable long id, @RequestParam(name = "file", required = false) @Nullable List<MultipartFile> files, Model model, Locale locale,
            HttpServletResponse res) throws IOException {
        try {
            if (files == null || files.stream().allMatch(MultipartFile::isEmpty)) throw new BadInput("file", "archive.field.required");
            for (MultipartFile f : files) {
                if (f.isEmpty()) continue;
                try (InputStream in = f.getInputStream()) {
                    archive.upload(id, in, f.getOriginalFilename());
                }
            }
            return "redirect:/office/archive/batches/" + id;
        } catch (BadInput e) {
            res.setStatus(400);
            return batch(id, model, errors(e, locale));
        }
    }

    @GetMapping("/office/archive/items/{id}")
    String item(@PathVariable long id, Model model) {
        return item(id, model, Map.of(), null);
    }

    private String item(long id, Model model, Map<String, String> errors, @Nullable Map<String, String> entered) {
        Archive.Item item = archive.item(id);
        model.addAttribute("item", item);
        model.addAttribute("batch", archive.batch(item.batchId()));
        model.addAttribute("writer", policy.actor().has(Role.ARCHIVIST));
        Description shown = item.described() != null ? item.described() : item.proposed();
        Map<String, @Nullable String> values = new LinkedHashMap<>(shown.asMap());
        if (entered != null) values.putAll(entered);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("pageText", item.status() == Archive.ItemStatus.DONE && item.pages() != null && item.pages() > 0 ? archive.pageText(id, 1) : "");
        return "archive/item";
    }

    @PostMapping("/office/archive/items/{id}")
    String describe(@PathVariable long id, @RequestParam Map<String, String> form, Model model, Locale locale, HttpServletResponse res) {
        var fields = new LinkedHashMap<String, String>();
        for (String k : Description.EMPTY.asMap().keySet()) if (form.containsKey(k)) fields.put(k, form.get(k));
        try {
            archive.describe(id, fields);
            return "redirect:/office/archive/items/" + id + "?saved";
        } catch (BadInput e) {
            res.setStatus(400);
            return item(id, model, errors(e, locale), fields);
        }
    }

    /** The PDF for the review's frame: this response alone may be framed, by our own pages (as the documents' file). */
    @GetMapping("/office/archive/items/{id}/pdf")
    ResponseEntity<InputStreamResource> pdf(@PathVariable long id) {
        Archive.Item i = archive.item(id);
        boolean done = i.status() == Archive.ItemStatus.DONE;
        return ResponseEntity.ok().contentType(done ? MediaType.APPLICATION_PDF : MediaType.parseMediaType(i.sourceType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename("tai-lieu-" + id + (done ? ".pdf" : "")).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Frame-Options", "SAMEORIGIN")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
                .body(new InputStreamResource(archive.open(id, false)));
    }

    /** Records (hồ sơ): the list with retention and status, and a new one. */
    @GetMapping("/office/archive/records")
    String records(Model model) {
        return records(model, Map.of(), Map.of());
    }

    private String records(Model model, Map<String, String> errors, Map<String, String> form) {
        boolean writer = policy.actor().has(Role.ARCHIVIST);
        model.addAttribute("records", records.list(200));
        model.addAttribute("writer", writer);
        model.addAttribute("levels", levels());
        model.addAttribute("units", writer ? units.list(null, null, 500) : List.of());
        model.addAttribute("unitNames", unitNames());
        model.addAttribute("errors", errors);
        var filled = new LinkedHashMap<String, String>();
        for (String k : List.of("unitId", "code", "year", "title", "retention", "retentionYears", "secrecy")) filled.put(k, form.getOrDefault(k, ""));
        model.addAttribute("form", filled);
        return "archive/records";
    }

    @PostMapping("/office/archive/records")
    String createRecord(@RequestParam Map<String, String> form, Model model, Locale locale, HttpServletResponse res) {
        try {
            Long u = parse(form.getOrDefault("unitId", ""), "unitId");
            Long y = parse(form.getOrDefault("year", ""), "year");
            boolean permanent = "permanent".equals(form.get("retention"));
            Long years = permanent ? null : parse(form.getOrDefault("retentionYears", ""), "retentionYears");
            var r = records.create(u, form.get("code"), form.get("title"), y == null ? null : (int) Math.clamp(y, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    years == null ? null : (int) Math.clamp(years, Integer.MIN_VALUE, Integer.MAX_VALUE), permanent, form.get("secrecy"));
            return "redirect:/office/archive/records/" + r.id();
        } catch (BadInput e) {
            res.setStatus(400);
            return records(model, errors(e, locale), form);
        }
    }

    @GetMapping("/office/archive/records/{id}")
    String record(@PathVariable long id, Model model) {
        return record(id, model, Map.of());
    }

    private String record(long id, Model model, Map<String, String> errors) {
        var actor = policy.actor();
        Records.ArchiveRecord r = records.get(id);
        model.addAttribute("record", r);
        model.addAttribute("unitName", unitNames().get(r.unitId()));
        model.addAttribute("writer", actor.has(Role.ARCHIVIST));
        model.addAttribute("commander", actor.has(Role.COMMANDER));
        model.addAttribute("candidates", actor.has(Role.ARCHIVIST) && r.status() == Records.Status.OPEN ? records.candidates(id) : List.of());
        model.addAttribute("expired", records.expired(r));
        model.addAttribute("disposal", records.pendingDisposal(id));
        model.addAttribute("errors", errors);
        model.addAttribute("levels", levels());
        return "archive/record";
    }

    /**
     * The secrecy levels this archivist may give a record: up to what he may see here, the lower of his clearance and
     * what the request's network zone carries (the service refuses anything above it all the same).
     */
    private List<SecrecyLevel> levels() {
        var actor = policy.actor();
        SecrecyLevel top = actor.effectiveLevel(policy.zoneMax(actor.zone()));
        return java.util.Arrays.stream(SecrecyLevel.values()).filter(top::covers).toList();
    }

    /** A record's secrecy level changed while it is open (raised, or lowered no further than its most secret document). */
    @PostMapping("/office/archive/records/{id}/secrecy")
    String reclassify(@PathVariable long id, @RequestParam(defaultValue = "") String secrecy, Model model, Locale locale, HttpServletResponse res) {
        try {
            records.reclassify(id, secrecy);
            return "redirect:/office/archive/records/" + id;
        } catch (BadInput e) {
            res.setStatus(400);
            return record(id, model, errors(e, locale));
        }
    }

    @PostMapping("/office/archive/records/{id}/items")
    String fileItems(@PathVariable long id, @RequestParam(name = "itemId", required = false) @Nullable List<String> itemIds, Model model, Locale locale,
            HttpServletResponse res) {
        try {
            var ids = new java.util.ArrayList<Object>();
            if (itemIds != null) for (String s : itemIds) ids.add(parse(s, "itemIds"));
            records.file(id, ids);
            return "redirect:/office/archive/records/" + id;
        } catch (BadInput e) {
            res.setStatus(400);
            return record(id, model, errors(e, locale));
        }
    }

    @PostMapping("/office/archive/records/{id}/hand-over")
    String handOver(@PathVariable long id) {
        records.handOver(id);
        return "redirect:/office/archive/records/" + id;
    }

    @PostMapping("/office/archive/records/{id}/disposal")
    String proposeDisposal(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model, Locale locale, HttpServletResponse res) {
        try {
            Records.ArchiveRecord r = records.get(id);
            disposals.propose(r.unitId(), List.of(id), reason);
            return "redirect:/office/archive/records/" + id;
        } catch (BadInput e) {
            res.setStatus(400);
            return record(id, model, errors(e, locale));
        }
    }

    @PostMapping("/office/archive/disposals/{id}/{decision:approve|reject}")
    String decide(@PathVariable long id, @PathVariable String decision, @RequestParam(defaultValue = "0") long record) {
        disposals.decide(id, "approve".equals(decision));
        return record > 0 ? "redirect:/office/archive/records/" + record : "redirect:/office/archive/records";
    }

    @GetMapping("/office/archive/search")
    String search(@RequestParam(required = false) @Nullable String q, Model model, Locale locale, HttpServletResponse res) {
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("errors", Map.of());
        model.addAttribute("hits", List.of());
        if (q != null && !q.isBlank()) {
            try {
                model.addAttribute("hits", search.search(q, 50));
            } catch (BadInput e) {
                res.setStatus(400);
                model.addAttribute("errors", errors(e, locale));
            }
        }
        return "archive/search";
    }

    private Map<Long, String> unitNames() {
        var m = new LinkedHashMap<Long, String>();
        for (var u : units.list(null, null, 5000)) m.put(u.id(), u.shortName());
        return m;
    }

    private static @Nullable Long parse(String s, String field) {
        if (s.isBlank()) return null;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInput(field, "archive.field.number");
        }
    }

    private Map<String, String> errors(BadInput e, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return errors;
    }
}
