package vn.truongson.exchange.web;

import vn.truongson.core.Vietnam;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.core.Problems;
import vn.truongson.exchange.Agreements;
import vn.truongson.exchange.Catalogue;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.org.Units;

/**
 * The exchange's screens: the catalogue (danh mục hệ thống, dịch vụ chia sẻ dữ liệu) with folded search, and a system's
 * page with its services, fields and agreements; the provider's owners decide there (the same rules as the API).
 */
@Controller
class ExchangeScreens {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(Vietnam.ZONE);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);

    private final Catalogue catalogue;
    private final Agreements agreements;
    private final Units units;
    private final Problems problems;
    private final vn.truongson.exchange.MessageLog messages;
    private final vn.truongson.exchange.Databases databases;
    private final vn.truongson.exchange.OpenApiDocuments documents;

    ExchangeScreens(Catalogue catalogue, Agreements agreements, Units units, Problems problems, vn.truongson.exchange.MessageLog messages,
            vn.truongson.exchange.Databases databases, vn.truongson.exchange.OpenApiDocuments documents) {
        this.documents = documents;
        this.databases = databases;
        this.messages = messages;
        this.catalogue = catalogue;
        this.agreements = agreements;
        this.units = units;
        this.problems = problems;
    }

    record Line(Agreements.Agreement a, String requestedAt, String validUntil, boolean mayDecide, boolean mayRevoke) {}

    @GetMapping("/office/exchange")
    String list(@RequestParam(defaultValue = "") String q, Model model) {
        String query = q.length() > 200 ? q.substring(0, 200) : q;
        List<InfoSystem> systems = catalogue.list(query, 500);
        model.addAttribute("q", query);
        model.addAttribute("systems", systems);
        model.addAttribute("unitNames", units.names(systems.stream().map(InfoSystem::ownerUnitId).toList()));
        return "exchange/catalogue";
    }

    @GetMapping("/office/exchange/systems/{code}")
    String system(@PathVariable String code, Model model) {
        InfoSystem s = catalogue.get(code);
        Map<Long, String> names = units.names(List.of(s.ownerUnitId()));
        model.addAttribute("system", s);
        model.addAttribute("ownerName", names.getOrDefault(s.ownerUnitId(), ""));
        model.addAttribute("mayManage", catalogue.mayManage(s));
        model.addAttribute("databases", databases.list(s.code()));
        model.addAttribute("ownDocs", documents.present(s.services().stream().map(vn.truongson.exchange.Model.Service::id).toList()));
        model.addAttribute("lines", agreements.list(s.code(), 500).stream().map(a -> new Line(a, SHOWN.format(a.requestedAt()), DAY.format(a.validUntil()),
                a.status() == Agreements.Status.REQUESTED && agreements.mayDecide(a), agreements.mayRevoke(a))).toList());
        return "exchange/system";
    }

    /** The provider's own OpenAPI document, for a person signed in on the screens. */
    @GetMapping("/office/exchange/systems/{code}/services/{service}/openapi")
    org.springframework.http.ResponseEntity<byte[]> openapiDocument(@PathVariable String code, @PathVariable String service) throws java.io.IOException {
        return ExchangeApiController.serve(documents, code, service);
    }

    /** Upload (a file) or fetch (from the system's address) a service's OpenAPI document; a refusal shows the page again (400) with the reason. */
    @PostMapping("/office/exchange/systems/{code}/services/{service}/openapi")
    String storeOpenapi(@PathVariable String code, @PathVariable String service,
            @RequestParam(value = "file", required = false) org.springframework.web.multipart.MultipartFile file,
            @RequestParam(defaultValue = "") String fetch, Locale locale, Model model, RedirectAttributes redirect,
            jakarta.servlet.http.HttpServletResponse res) throws java.io.IOException {
        try {
            if (!fetch.isEmpty()) {
                documents.fetch(code, service, null);
            } else {
                if (file == null || file.isEmpty()) throw new DomainException.BadInput("file", "problem.field.required");
                try (var in = file.getInputStream()) {
                    documents.upload(code, service, in, file.getOriginalFilename());
                }
            }
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.openapi", new Object[] {service}, locale));
            return "redirect:/office/exchange/systems/" + catalogue.get(code).code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            var fe = e.errors().getFirst();
            model.addAttribute("problem", problems.message(fe.messageKey(), fe.args(), locale));
            model.addAttribute("openapiError", service);
            return system(code, model);
        }
    }

    record UsageLine(String day, String provider, String service, String consumer, String calls, String refusals, String errors, String p50, String p95,
            String lastFailure) {}

    /** Operational monitoring (giám sát vận hành): the last 7 days of the log the reader may see, per day, service and consumer. */
    @GetMapping("/office/exchange/monitor")
    String monitor(@RequestParam(defaultValue = "7") String days, Model model) {
        int d = days.matches("[0-9]{1,2}") ? Math.clamp(Integer.parseInt(days), 1, 90) : 7;
        java.text.NumberFormat whole = java.text.NumberFormat.getIntegerInstance(Locale.forLanguageTag("vi-VN"));
        java.text.NumberFormat ms = java.text.NumberFormat.getNumberInstance(Locale.forLanguageTag("vi-VN"));
        ms.setMaximumFractionDigits(1);
        ms.setMinimumFractionDigits(1);
        model.addAttribute("days", d);
        model.addAttribute("lines", messages.usage(d, null).stream().map(u -> new UsageLine(DAY.format(u.day()), u.provider(), u.service(),
                u.consumer() == null ? "—" : u.consumer(), whole.format(u.calls()), whole.format(u.refusals()), whole.format(u.errors()), ms.format(u.p50Ms()),
                ms.format(u.p95Ms()), u.lastFailureAt() == null ? "" : SHOWN.format(u.lastFailureAt()) + " (" + u.lastFailureStatus() + ")")).toList());
        return "exchange/monitor";
    }

    @PostMapping("/office/exchange/agreements/{id}/{action}")
    String decide(@PathVariable long id, @PathVariable String action, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String back, Locale locale, RedirectAttributes redirect) {
        long aid = id;
        try {
            Agreements.Agreement a = switch (action) {
                case "approve" -> agreements.approve(aid, new Agreements.Approval(null, null, null));
                case "refuse" -> agreements.refuse(aid, reason);
                case "suspend" -> agreements.suspend(aid, reason.isBlank() ? null : reason);
                case "resume" -> agreements.resume(aid);
                case "revoke" -> agreements.revoke(aid, reason.isBlank() ? null : reason);
                default -> throw new DomainException.NotFound("exchange-agreement", id);
            };
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done." + action, new Object[] {Ids.str(a.id())}, locale));
        } catch (DomainException.Forbidden | DomainException.Conflict | DomainException.BadInput e) {
            String text = e instanceof DomainException.BadInput b ? problems.message(b.errors().getFirst().messageKey(), b.errors().getFirst().args(), locale)
                    : problems.message(e.messageKey(), e.args(), locale);
            redirect.addFlashAttribute("problem", text);
        }
        return back.matches("[A-Z0-9][A-Z0-9_-]{1,31}") ? "redirect:/office/exchange/systems/" + back : "redirect:/office/exchange";
    }
}
