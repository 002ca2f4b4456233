package vn.truongson.document.web;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Grant;
import vn.truongson.access.Role;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.Document;
import vn.truongson.document.DocumentList;
import vn.truongson.document.DocumentStatus;
import vn.truongson.document.DocumentType;
import vn.truongson.document.DocumentViews;
import vn.truongson.document.Documents;
import vn.truongson.document.HandlingRole;
import vn.truongson.document.Urgency;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitOption;
import vn.truongson.org.Units;
import vn.truongson.paper.Figures;

/**
 * The office's document screens (/office/documents): the boxes and the work list, drafting (a form rendered to a
 * Decree-30 PDF, or an uploaded PDF) and the document page with the whole flow; the registers are {@link RegisterScreens}. Every read and
 * change goes through {@link Documents} and {@link DocumentList}, so a screen does exactly what the API does.
 */
@Controller
class DocumentScreens {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(WorkingCalendar.ZONE);
    static final DateTimeFormatter TYPED_DATE = DateTimeFormatter.ofPattern("d/M/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    record Option(String value, String label) {}

    record Line(DocumentViews.Row row, String when, String due) {}

    record WorkLine(DocumentList.WorkItem item, String due) {}

    private final Documents documents;
    private final DocumentList lists;
    private final Units units;
    private final Officials officials;
    private final AccessPolicy policy;
    private final Problems problems;
    private final vn.truongson.document.EdxmlExchange exchange;

    DocumentScreens(Documents documents, DocumentList lists, Units units, Officials officials, AccessPolicy policy, Problems problems,
            vn.truongson.document.EdxmlExchange exchange) {
        this.exchange = exchange;
        this.documents = documents;
        this.lists = lists;
        this.units = units;
        this.officials = officials;
        this.policy = policy;
        this.problems = problems;
    }

    static String when(@Nullable Instant i) {
        return i == null ? "" : DATE_TIME.format(i);
    }

    static String date(@Nullable LocalDate d) {
        return d == null ? "" : Figures.date(d);
    }

    // ---- boxes -----------------------------------------------------------------------------------

    @GetMapping("/office/documents")
    String list(@RequestParam(required = false) @Nullable String box, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String secrecy, @RequestParam(required = false) @Nullable String urgency,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String due, @RequestParam(required = false) @Nullable String page,
            jakarta.servlet.http.HttpServletRequest req, Locale locale, Model model) {
        String chosen = box == null || box.isBlank() ? "incoming" : box;
        int p = Math.min(vn.truongson.core.Paging.page(page), 10_000);
        model.addAttribute("exportLink", vn.truongson.core.Paging.sameFilters(req, "/office/documents/export"));
        model.addAttribute("box", chosen);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("filter", Map.of("status", s(status), "type", s(type), "secrecy", s(secrecy), "urgency", s(urgency),
                "from", s(from), "to", s(to), "due", s(due)));
        model.addAttribute("types", types());
        model.addAttribute("statuses", List.of(DocumentStatus.values()));
        model.addAttribute("secrecies", List.of(SecrecyLevel.values()));
        model.addAttribute("urgencies", List.of(Urgency.values()));
        model.addAttribute("mayDraft", !policy.actor().grants().stream().filter(g -> Set.of(Role.DOCUMENT_HANDLER, Role.CLERK, Role.SIGNER,
                Role.COMMANDER).contains(g.role())).toList().isEmpty());
        model.addAttribute("problem", null);
        if (chosen.equals("work")) {
            var all = lists.workList();
            var paging = vn.truongson.core.Paging.of(req, p, PAGE, all.size());
            model.addAttribute("paging", paging);
            model.addAttribute("work", paging.slice(all).stream().map(w -> new WorkLine(w, date(w.assignment().dueDate()))).toList());
            model.addAttribute("lines", List.of());
            return "document/list";
        }
        try {
            var query = boxQuery(chosen, q, status, type, secrecy, urgency, from, to, due);
            // One more than a page tells whether there is a next page without counting (as the officials list).
            var found = lists.list(query.withLimit(PAGE + 1), (p - 1) * PAGE);
            model.addAttribute("paging", vn.truongson.core.Paging.open(req, p, PAGE, found.size() > PAGE));
            model.addAttribute("lines", found.stream().limit(PAGE).map(DocumentScreens::line).toList());
        } catch (DomainException.BadInput e) {
            model.addAttribute("problem", message(e, locale));
            model.addAttribute("lines", List.of());
            model.addAttribute("paging", vn.truongson.core.Paging.open(req, 1, PAGE, false));
        }
        model.addAttribute("work", List.of());
        return "document/list";
    }

    /** Rows of a box on one page of the screens (core.Paging). */
    static final int PAGE = 50;

    /** A box with its filters as the screens take them (dates typed dd/MM/yyyy): the list and its export alike. */
    static DocumentList.Query boxQuery(String box, @Nullable String q, @Nullable String status, @Nullable String type, @Nullable String secrecy,
            @Nullable String urgency, @Nullable String from, @Nullable String to, @Nullable String due) {
        return DocumentList.Query.parse(box, null, q, status, type, secrecy, urgency, isoDate(from), isoDate(to), due, null);
    }

    static Line line(DocumentViews.Row r) {
        return new Line(r, when(r.arrivedAt() != null ? r.arrivedAt() : r.document().issuedAt() != null ? r.document().issuedAt()
                : r.document().createdAt()), date(r.dueDate()));
    }

    private static String s(@Nullable String v) {
        return v == null ? "" : v;
    }

    /** dd/MM/yyyy as people type it, to the API's yyyy-MM-dd; anything else is passed on to be refused there. */
    static @Nullable String isoDate(@Nullable String typed) {
        if (typed == null || typed.isBlank()) return null;
        try {
            return LocalDate.parse(typed.strip(), TYPED_DATE).toString();
        } catch (DateTimeParseException e) {
            return typed;
        }
    }

    static List<Option> types() {
        List<Option> out = new ArrayList<>();
        for (DocumentType t : DocumentType.values()) out.add(new Option(t.code(), t.vietnamese() + (t.hasAbbreviation() ? " (" + t.code() + ")" : "")));
        return out;
    }

    // ---- drafting --------------------------------------------------------------------------------

    @GetMapping("/office/documents/new")
    String newForm(Model model) {
        return form(model, Map.of("type", "CV", "secrecy", "THUONG", "urgency", "THUONG"), List.of(), Map.of());
    }

    private String form(Model model, Map<String, String> values, List<String> chosenRecipients, Map<String, String> errors) {
        Actor me = policy.actor();
        List<Long> grantUnits = me.grants().stream().filter(g -> Set.of(Role.DOCUMENT_HANDLER, Role.CLERK, Role.SIGNER, Role.COMMANDER)
                .contains(g.role())).map(Grant::unitId).distinct().toList();
        List<Unit> issuing = new ArrayList<>(units.named(grantUnits).values());
        issuing.sort(java.util.Comparator.comparing(Unit::path));
        model.addAttribute("issuingUnits", UnitOption.of(issuing));
        // Only those who may sign for the unit (SIGNER covering it), not everyone of it (issue 13).
        List<Option> signers = new ArrayList<>();
        Set<String> offered = new java.util.HashSet<>();
        for (Unit u : issuing) {
            for (Official o : documents.signersFor(u.id())) {
                if (offered.add(Long.toString(o.id()))) signers.add(new Option(Long.toString(o.id()),
                        (o.rankTitle() == null ? "" : o.rankTitle() + " ") + o.fullName() + " · " + o.position()));
            }
        }
        model.addAttribute("authorities", List.of(vn.truongson.document.SignerAuthority.values()));
        model.addAttribute("signers", signers);
        model.addAttribute("recipientUnits", vn.truongson.org.UnitChoice.tree(units.directory(5000), u -> true));
        model.addAttribute("chosenRecipients", chosenRecipients);
        model.addAttribute("types", types());
        model.addAttribute("secrecies", List.of(SecrecyLevel.values()));
        model.addAttribute("urgencies", List.of(Urgency.values()));
        model.addAttribute("v", values);
        model.addAttribute("errors", errors);
        return "document/form";
    }

    @PostMapping("/office/documents/new")
    String create(@RequestParam Map<String, String> params, @RequestParam(name = "recipientUnitIds", required = false) @Nullable List<String> recipientUnitIds,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file, Locale locale, Model model) throws IOException {
        List<Documents.RecipientInput> recipients = new ArrayList<>();
        List<String> chosen = recipientUnitIds == null ? List.of() : recipientUnitIds;
        for (String u : chosen) recipients.add(new Documents.RecipientInput(u, null, null));
        String organ = params.getOrDefault("organId", "").strip();
        if (!organ.isEmpty()) recipients.add(new Documents.RecipientInput(null, organ, params.getOrDefault("organName", "")));
        byte[] pdf = file == null || file.isEmpty() ? null : file.getBytes();
        try {
            Document d = documents.draft(new Documents.Draft(params.get("type"), params.get("subject"), params.get("secrecy"), params.get("urgency"),
                    params.get("issuingUnitId"), params.get("signerId"), recipients, pdf == null ? params.get("body") : null,
                    params.get("signerAuthority"), params.get("signerFor")), pdf);
            return "redirect:/office/documents/" + d.id();
        } catch (DomainException.BadInput e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (DomainException.FieldError fe : e.errors()) {
                String field = fe.field().startsWith("recipients") ? "recipients" : fe.field();
                errors.merge(field, problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
            }
            return form(model, params, chosen, errors);
        } catch (DomainException e) {
            return form(model, params, chosen, Map.of("form", problems.message(e.messageKey(), e.args(), locale)));
        }
    }

    // ---- the document page -----------------------------------------------------------------------

    @GetMapping("/office/documents/{id}")
    String page(@PathVariable long id, Model model) {
        var detail = documents.get(id);
        model.addAttribute("d", detail);
        model.addAttribute("dates", new Dates());
        model.addAttribute("doc", detail.document());
        model.addAttribute("channels", List.of(vn.truongson.document.Channel.values()));
        model.addAttribute("roles", List.of(HandlingRole.values()));
        Map<Long, String> eventsRecipient = new LinkedHashMap<>();
        detail.recipients().forEach(r -> eventsRecipient.put(r.id(), r.name()));
        model.addAttribute("recipientNames", eventsRecipient);
        if (detail.actions().assign()) {
            List<Option> targets = new ArrayList<>();
            Long unit = detail.recipients().stream().filter(r -> r.status() == vn.truongson.document.RecipientStatus.RECEIVED && r.unitId() != null).map(r -> r.unitId()).findFirst().orElse(null);
            if (unit != null) {
                for (Official o : officials.list(unit, true, null, 300, 0)) {
                    targets.add(new Option("o:" + o.id(), (o.rankTitle() == null ? "" : o.rankTitle() + " ") + o.fullName() + " · " + o.position()));
                }
                units.list(unit, null, 200).forEach(u -> targets.add(new Option("u:" + u.id(), u.name())));
            }
            model.addAttribute("targets", targets);
        }
        return "document/document";
    }

    @GetMapping("/office/documents/{id}/file")
    ResponseEntity<byte[]> file(@PathVariable long id, @RequestParam(required = false) @Nullable String disposition) {
        Documents.Access access = "download".equals(disposition) ? Documents.Access.DOWNLOAD
                : "print".equals(disposition) ? Documents.Access.PRINT : Documents.Access.OPEN;
        byte[] pdf = documents.file(id, access);
        ContentDisposition cd = (access == Documents.Access.DOWNLOAD ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename("van-ban-" + id + ".pdf").build();
        // The document page previews the file in a frame: this response alone may be framed, and only by our own pages
        // (the rest of the platform keeps frame-ancestors 'none'); Spring Security's header writers keep what is set here.
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).header(HttpHeaders.CONTENT_DISPOSITION, cd.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Frame-Options", "SAMEORIGIN")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
                .body(pdf);
    }

    @GetMapping("/office/documents/{id}/edxml")
    ResponseEntity<byte[]> edxml(@PathVariable long id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("van-ban-" + id + ".edxml").build().toString())
                .body(exchange.export(id));
    }

    interface Step {
        void run();
    }

    /** A reason typed on the document page (send back, return to sender). */
    record ReasonForm(@Nullable String reason) {}

    /** The drafter's resubmission: a new subject (optional) and a new body or PDF. */
    record ResubmitForm(@Nullable String subject, @Nullable String body, @Nullable MultipartFile file) {}

    @PostMapping("/office/documents/{id}/send-back")
    String sendBack(@PathVariable long id, @ModelAttribute ReasonForm form, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.sent-back", () -> documents.sendBack(id, form.reason()));
    }

    @PostMapping("/office/documents/{id}/resubmit")
    String resubmit(@PathVariable long id, @ModelAttribute ResubmitForm form, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.resubmitted", () -> {
            byte[] pdf;
            try {
                pdf = form.file() == null || form.file().isEmpty() ? null : form.file().getBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            documents.resubmit(id, form.subject(), pdf == null ? form.body() : null, pdf);
        });
    }

    @PostMapping("/office/documents/{id}/return")
    String returnToSender(@PathVariable long id, @ModelAttribute ReasonForm form, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.returned", () -> documents.returnToSender(id, null, form.reason()));
    }

    private String act(long id, RedirectAttributes flash, Locale locale, String done, Step step) {
        try {
            step.run();
            flash.addFlashAttribute("notice", problems.message(done, new Object[0], locale));
        } catch (DomainException e) {
            flash.addFlashAttribute("problem", message(e, locale));
        }
        return "redirect:/office/documents/" + id;
    }

    private String message(DomainException e, Locale locale) {
        if (e instanceof DomainException.BadInput b) {
            return String.join(" ", b.errors().stream().map(fe -> problems.message(fe.messageKey(), fe.args(), locale)).toList());
        }
        return problems.message(e.messageKey(), e.args(), locale);
    }

    @PostMapping("/office/documents/{id}/sign")
    String sign(@PathVariable long id, @RequestParam(required = false) @Nullable String pin, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.signed", () -> {
            if (pin == null || pin.isEmpty()) throw new DomainException.BadInput("pin", "problem.field.required");
            documents.sign(id, pin.toCharArray());
        });
    }

    @PostMapping("/office/documents/{id}/issue")
    String issue(@PathVariable long id, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.issued", () -> documents.issue(id));
    }

    @PostMapping("/office/documents/{id}/send")
    String send(@PathVariable long id, @RequestParam(required = false) @Nullable String channel, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.sent", () -> documents.send(id, channel));
    }

    @PostMapping("/office/documents/{id}/receive")
    String receive(@PathVariable long id, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.received", () -> documents.receive(id, null));
    }

    @PostMapping("/office/documents/{id}/assign")
    String assign(@PathVariable long id, @RequestParam(required = false) @Nullable String target, @RequestParam(required = false) @Nullable String role,
            @RequestParam(required = false) @Nullable String dueDate, @RequestParam(required = false) @Nullable String dueWorkingDays,
            RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.assigned", () -> {
            String t = target == null ? "" : target;
            Integer days = null;
            if (dueWorkingDays != null && !dueWorkingDays.isBlank()) {
                try {
                    days = Integer.parseInt(dueWorkingDays.strip());
                } catch (NumberFormatException e) {
                    throw new DomainException.BadInput("dueWorkingDays", "problem.field.range", 1, 365);
                }
            }
            documents.assign(id, new Documents.AssignmentInput(t.startsWith("u:") ? t.substring(2) : null,
                    t.startsWith("o:") ? t.substring(2) : null, role, isoDate(dueDate), days));
        });
    }

    @PostMapping("/office/documents/{id}/assignments/{aid}/progress")
    String progress(@PathVariable long id, @PathVariable long aid, @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String percent, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.progress.saved", () -> {
            Integer p = null;
            if (percent != null && !percent.isBlank()) {
                try {
                    p = Integer.parseInt(percent.strip());
                } catch (NumberFormatException e) {
                    throw new DomainException.BadInput("percent", "problem.field.range", 0, 100);
                }
            }
            documents.progress(aid, text, p);
        });
    }

    @PostMapping("/office/documents/{id}/assignments/{aid}/close")
    String close(@PathVariable long id, @PathVariable long aid, @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String replyDocumentId, RedirectAttributes flash, Locale locale) {
        return act(id, flash, locale, "document.ui.closed", () -> documents.close(aid, text, replyDocumentId));
    }
}
