package vn.truongson.publicservice.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.org.Units;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.DossierPapers;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.publicservice.Procedure;
import vn.truongson.publicservice.Procedures;

/**
 * The one-stop back office: the desk's reception queue (receive, supplement, refuse, hand back; walk-in entry) and the
 * processing officers' queue sorted by due time (advance, send back, escalate, apology), a dossier with its control
 * slip (Mẫu 05) and timeline, and every form as a PDF.
 */
@Controller("publicServiceOfficeScreens")
@RequestMapping("/office/one-stop")
class OfficeScreens {

    private final Dossiers dossiers;
    private final Procedures procedures;
    private final DossierPapers papers;
    private final AccessPolicy policy;
    private final Units units;
    private final ScreenSupport screens;
    private final vn.truongson.audit.AuditTrail audit;

    OfficeScreens(Dossiers dossiers, Procedures procedures, DossierPapers papers, AccessPolicy policy, Units units, ScreenSupport screens,
            vn.truongson.audit.AuditTrail audit) {
        this.audit = audit;
        this.dossiers = dossiers;
        this.procedures = procedures;
        this.papers = papers;
        this.policy = policy;
        this.units = units;
        this.screens = screens;
    }

    /** Rows of a queue on one page (core.Paging). */
    static final int PAGE = 50;

    @GetMapping
    String reception(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String page, HttpServletRequest req, Model model) {
        policy.requireAnyGrant(Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER));
        model.addAttribute("queue", "reception");
        queuePage(false, q, status, page, req, model);
        model.addAttribute("procedures", deskProcedures());
        return "publicservice/office-queue";
    }

    @GetMapping("/processing")
    String processing(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String page, HttpServletRequest req, Model model) {
        policy.requireAnyGrant(Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER));
        model.addAttribute("queue", "processing");
        queuePage(true, q, status, page, req, model);
        model.addAttribute("procedures", deskProcedures());
        return "publicservice/office-queue";
    }

    /** The queues as Excel workbooks (core.ListWorkbook): the same module query and filters as the screen, audited. */
    @GetMapping({"/export", "/processing/export"})
    ResponseEntity<byte[]> queueExport(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String status,
            HttpServletRequest req) {
        policy.requireAnyGrant(Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER));
        boolean processing = req.getRequestURI().endsWith("/processing/export");
        // Every matching line (not only the page), at most ListWorkbook.MAX_ROWS, read by the same module query as the screen.
        List<Dossier> found = queue(processing, Dossiers.QueueFilter.of(q, status), 0, vn.truongson.core.ListWorkbook.MAX_ROWS).dossiers();
        var headers = List.of("Mã hồ sơ", "Thủ tục", "Người nộp", "Hình thức", "Ngày nộp", "Bước hiện tại", "Hạn bước", "Hẹn trả", "Trạng thái");
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (Dossier d : found) {
            var st = d.current().orElse(null);
            rows.add(java.util.Arrays.asList(d.code(), d.procedureName(), d.applicant().fullName(),
                    d.channel().name().equals("ONLINE") ? "Trực tuyến" : "Trực tiếp", screens.time(d.submittedAt()),
                    st == null ? null : st.ordinal() + ". " + st.name(), st == null ? null : screens.time(st.dueAt()),
                    screens.time(d.appointmentAt()), d.status().vietnamese()));
        }
        String name = processing ? "processing" : "reception";
        audit.recordSeparately("publicservice.queue.export", "queue:" + name, vn.truongson.audit.AuditTrail.SUCCESS, rows.size() + " rows");
        return vn.truongson.core.ListWorkbook.download(processing ? "ho-so-can-giai-quyet.xlsx" : "ho-so-tiep-nhan.xlsx",
                vn.truongson.core.ListWorkbook.xlsx(processing ? "Hồ sơ cần giải quyết" : "Hồ sơ tiếp nhận, trả kết quả", headers, rows));
    }

    private Dossiers.QueuePage queue(boolean processing, Dossiers.QueueFilter filter, int offset, int limit) {
        return processing ? dossiers.processingQueue(filter, offset, limit) : dossiers.receptionQueue(filter, offset, limit);
    }

    /** One page of a queue, paged in the database (core.Paging over the module's count and page). */
    private void queuePage(boolean processing, @Nullable String q, @Nullable String status, @Nullable String page, HttpServletRequest req, Model model) {
        var filter = Dossiers.QueueFilter.of(q, status);
        int asked = vn.truongson.core.Paging.page(page);
        var found = queue(processing, filter, (asked - 1) * PAGE, PAGE);
        var paging = vn.truongson.core.Paging.of(req, asked, PAGE, found.total());
        model.addAttribute("dossiers", found.dossiers());
        model.addAttribute("paging", paging);
        model.addAttribute("q", q == null ? "" : q.strip());
        model.addAttribute("status", status == null ? "" : status.strip());
        model.addAttribute("statuses", Dossiers.queueStatuses(processing));
        model.addAttribute("exportLink", vn.truongson.core.Paging.sameFilters(req, processing
                ? "/office/one-stop/processing/export" : "/office/one-stop/export"));
    }

    private List<Procedure> deskProcedures() {
        return procedures.list(null).stream().filter(p -> policy.permits(Set.of(Role.ONE_STOP_OFFICER), p.asProtected())).toList();
    }

    @GetMapping("/dossiers/{code}")
    String dossier(@PathVariable String code, Model model) {
        Dossier d = dossiers.get(code);
        model.addAttribute("d", d);
        model.addAttribute("p", procedures.find(d.procedureCode()).orElse(null));
        model.addAttribute("stepUnits", units.names(d.steps().stream().map(Dossier.Step::unitId).toList()));
        model.addAttribute("today", LocalDate.now(vn.truongson.calendar.WorkingCalendar.ZONE).plusDays(7)
                .format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")));
        model.addAttribute("waivers", dossiers.waivers(d));
        model.addAttribute("componentNames", ScreenSupport.componentNames(procedures.find(d.procedureCode()).orElse(null)));
        return "publicservice/office-dossier";
    }

    @PostMapping("/dossiers/{code}/{action}")
    String act(@PathVariable String code, @PathVariable String action, @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String note, @RequestParam(required = false) @Nullable String newAppointmentAt,
            @RequestParam(required = false) @Nullable List<String> checkedComponents, @RequestParam Map<String, String> params, Locale locale,
            RedirectAttributes flash) {
        try {
            switch (action) {
                case "receive" -> receive(code, checkedComponents, params);
                case "advance" -> dossiers.advance(code, note);
                case "request-supplement" -> dossiers.requestSupplement(code, reason);
                case "supplement" -> dossiers.answerSupplementAtDesk(code, note, List.of());
                case "reject" -> dossiers.reject(code, reason);
                case "send-back" -> dossiers.sendBack(code, reason);
                case "escalate" -> dossiers.escalate(code, reason);
                case "apology" -> dossiers.apologise(code, reason, DossierController.when(newAppointmentAt));
                case "return-result" -> dossiers.returnResult(code);
                default -> throw new DomainException.NotFound("action", action);
            }
            flash.addFlashAttribute("done", "Đã thực hiện.");
        } catch (DomainException.BadInput e) {
            List<DomainException.FieldError> missing = e.errors().stream().filter(x -> x.messageKey().equals("publicservice.receive.missing")).toList();
            if (action.equals("receive") && !missing.isEmpty()) {
                // Not received: which required components are missing, and the supplement request (Mẫu 02) offered with them.
                List<String> names = missing.stream().map(x -> String.valueOf(x.args()[0])).toList();
                flash.addFlashAttribute("problem", "Chưa tiếp nhận: thiếu thành phần hồ sơ bắt buộc " + names.stream().map(n -> "«" + n + "»")
                        .collect(java.util.stream.Collectors.joining(", ")) + ". Đánh dấu đã có, ghi lý do miễn, hoặc yêu cầu công dân bổ sung (Mẫu 02).");
                flash.addFlashAttribute("missing", missing.stream().map(x -> String.valueOf(x.args()[1])).toList());
                // The boxes as the officer left them, not as they first were.
                flash.addFlashAttribute("checked", checkedComponents == null ? List.of() : checkedComponents);
                flash.addFlashAttribute("supplementReason", "Đề nghị bổ sung: " + String.join("; ", names) + ".");
            } else {
                flash.addFlashAttribute("problem", screens.message(e, locale));
            }
        } catch (DomainException.Conflict e) {
            flash.addFlashAttribute("problem", screens.message(e, locale));
        }
        return "redirect:/office/one-stop/dossiers/" + code;
    }

    /**
     * The reception form always says what was ticked (an empty list when nothing was: the hidden field "componentsChecked"),
     * and a reason typed beside a required component waives it.
     */
    private void receive(String code, @Nullable List<String> checkedComponents, Map<String, String> params) {
        List<String> checked = checkedComponents != null ? checkedComponents : "true".equals(params.get("componentsChecked")) ? List.of() : null;
        List<Dossiers.Waiver> waivers = params.entrySet().stream().filter(x -> x.getKey().startsWith("waive.") && x.getValue() != null && !x.getValue().isBlank())
                .filter(x -> checked == null || !checked.contains(x.getKey().substring("waive.".length())))
                .map(x -> new Dossiers.Waiver(x.getKey().substring("waive.".length()), x.getValue())).toList();
        dossiers.receive(code, checked, waivers);
    }

    @GetMapping("/dossiers/{code}/attachments/{sha256}")
    ResponseEntity<byte[]> attachment(@PathVariable String code, @PathVariable String sha256, @RequestParam(defaultValue = "false") boolean download) {
        return DossierController.file(dossiers.attachment(code, sha256, download), download);
    }

    @GetMapping("/dossiers/{code}/forms/{form}")
    ResponseEntity<byte[]> form(@PathVariable String code, @PathVariable String form) {
        var kind = DossierController.kind(form);
        return DossierController.pdf(papers.form(code, kind), "mau-" + kind.number() + "-" + code + ".pdf");
    }

    @GetMapping("/dossiers/{code}/result")
    ResponseEntity<byte[]> result(@PathVariable String code) {
        return DossierController.pdf(papers.result(dossiers.get(code)), "ket-qua-" + code + ".pdf");
    }

    // ---- walk-in entry ---------------------------------------------------------------------------

    @GetMapping("/new")
    String walkIn(@RequestParam String procedure, Model model) {
        Procedure p = procedures.get(procedure);
        policy.requireOnUnit(Set.of(Role.ONE_STOP_OFFICER), p.implementingUnitId());
        return walkInForm(p, Map.of(), Map.of(), model);
    }

    private String walkInForm(Procedure p, Map<String, String> values, Map<String, String> errors, Model model) {
        model.addAttribute("p", p);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "publicservice/office-new";
    }

    @PostMapping("/new")
    String fileWalkIn(@RequestParam String procedure, @RequestParam Map<String, String> params, HttpServletRequest request, Locale locale, Model model) {
        Procedure p = procedures.get(procedure);
        try {
            LocalDate birth = params.get("a.dateOfBirth") == null || params.get("a.dateOfBirth").isBlank() ? null
                    : vn.truongson.publicservice.web.ScreenSupport.date(params.get("a.dateOfBirth"));
            var applicant = new Dossier.Applicant(params.getOrDefault("a.idNumber", ""), params.getOrDefault("a.fullName", ""), birth,
                    params.get("a.phone"), params.get("a.email"));
            Dossier d = dossiers.fileByOfficer(new Dossiers.NewDossier(p.code(), applicant, ScreenSupport.formData(params)), Dossier.Channel.WALK_IN,
                    ScreenSupport.uploads(request instanceof MultipartHttpServletRequest m ? m : null));
            return "redirect:/office/one-stop/dossiers/" + d.code();
        } catch (DomainException.BadInput e) {
            Map<String, String> values = new LinkedHashMap<>();
            params.forEach((k, v) -> values.put(k.startsWith("f.") ? k.substring(2) : k, v));
            return walkInForm(p, values, screens.errors(e, locale), model);
        }
    }
}
