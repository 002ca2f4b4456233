package vn.truongson.publicservice.web;

import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.core.DomainException;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Citizens;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.DossierPapers;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.publicservice.Procedure;
import vn.truongson.publicservice.Procedures;

/**
 * The citizens' portal: the public catalogue ({@code /procedures}, searchable without diacritics), and, signed in with
 * the e-ID, filing a dossier with its form prefilled, following it on a timeline, answering a supplement request,
 * downloading the result and rating the service ({@code /citizen/dossiers/**}).
 */
@Controller("publicServicePortalScreens")
class PortalScreens {

    private final Procedures procedures;
    private final Dossiers dossiers;
    private final DossierPapers papers;
    private final Citizens citizens;
    private final ScreenSupport screens;
    private final vn.truongson.calendar.WorkingCalendar calendar;
    private final java.time.Clock clock;

    PortalScreens(Procedures procedures, Dossiers dossiers, DossierPapers papers, Citizens citizens, ScreenSupport screens,
            vn.truongson.calendar.WorkingCalendar calendar, java.time.Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
        this.procedures = procedures;
        this.dossiers = dossiers;
        this.papers = papers;
        this.citizens = citizens;
        this.screens = screens;
    }

    @GetMapping("/procedures")
    String catalogue(@RequestParam(required = false) @Nullable String q, Model model) {
        String query = q == null ? "" : q.length() > 200 ? q.substring(0, 200) : q;
        model.addAttribute("q", query);
        model.addAttribute("procedures", procedures.list(query));
        model.addAttribute("citizen", citizens.current().orElse(null));
        return "publicservice/catalogue";
    }

    @GetMapping("/procedures/{code}")
    String procedure(@PathVariable String code, Model model) {
        model.addAttribute("p", procedures.get(code));
        model.addAttribute("citizen", citizens.current().orElse(null));
        return "publicservice/procedure";
    }

    // ---- signed in -------------------------------------------------------------------------------

    private CitizenIdentity me() {
        return citizens.current().orElseThrow(() -> new DomainException.NotFound("citizen", "-"));
    }

    @GetMapping("/citizen/dossiers")
    String mine(@org.springframework.web.bind.annotation.RequestParam(required = false) @org.jspecify.annotations.Nullable String page,
            jakarta.servlet.http.HttpServletRequest req, Model model) {
        CitizenIdentity me = me();
        model.addAttribute("citizen", me);
        var all = dossiers.ofCitizen(me);
        var paging = vn.truongson.core.Paging.of(req, vn.truongson.core.Paging.page(page), 20, all.size());
        model.addAttribute("paging", paging);
        model.addAttribute("dossiers", paging.slice(all));
        return "publicservice/citizen-dossiers";
    }

    /**
     * The filing form. For oneself (the default) the identity fields come from the e-ID and cannot be edited; filing for
     * someone else (nộp thay) is an explicit choice ({@code onBehalf=true}) with the relation stated.
     */
    @GetMapping("/citizen/dossiers/new")
    String newDossier(@RequestParam String procedure, @RequestParam(defaultValue = "false") boolean onBehalf, Model model) {
        CitizenIdentity me = me();
        Procedure p = procedures.get(procedure);
        Map<String, String> values = prefill(p, me);
        if (onBehalf) {
            // The identity fields are the other person's: not prefilled with the filer's own.
            p.form().fields().stream().filter(f -> f.prefill() != null && Dossiers.IDENTITY_PREFILLS.contains(f.prefill())).forEach(f -> values.remove(f.name()));
        }
        return form(p, me, values, Map.of(), onBehalf, Map.of(), model);
    }

    private String form(Procedure p, CitizenIdentity me, Map<String, String> values, Map<String, String> errors, boolean onBehalf,
            Map<String, String> onBehalfValues, Model model) {
        model.addAttribute("p", p);
        model.addAttribute("citizen", me);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("onBehalf", onBehalf);
        model.addAttribute("ob", onBehalfValues);
        model.addAttribute("relations", Dossier.Relation.values());
        // For oneself, the fields that name the person are the e-ID's: shown read-only (and checked again by the server).
        model.addAttribute("locked", onBehalf ? java.util.Set.of() : p.form().fields().stream()
                .filter(f -> f.prefill() != null && Dossiers.IDENTITY_PREFILLS.contains(f.prefill())).map(Procedure.Field::name)
                .collect(java.util.stream.Collectors.toSet()));
        return "publicservice/citizen-form";
    }

    /** The nộp thay part of the form: null when filing for oneself; the relation and the person otherwise (checked by Dossiers). */
    static Dossier.@org.jspecify.annotations.Nullable OnBehalf onBehalf(Map<String, String> params) {
        if (!"true".equals(params.get("onBehalf"))) return null;
        Dossier.Relation relation = null;
        String r = params.getOrDefault("ob.relation", "").strip();
        if (!r.isEmpty()) {
            try {
                relation = Dossier.Relation.valueOf(r);
            } catch (IllegalArgumentException e) {
                throw new DomainException.BadInput("onBehalf.relation", "publicservice.on-behalf.relation");
            }
        }
        String birth = params.getOrDefault("ob.dateOfBirth", "").strip();
        java.time.LocalDate b = null;
        if (!birth.isEmpty()) {
            try {
                b = ScreenSupport.date(birth);
            } catch (DomainException.BadInput e) {
                throw new DomainException.BadInput("onBehalf.dateOfBirth", "problem.field.format");
            }
        }
        return new Dossier.OnBehalf(relation, params.getOrDefault("ob.idNumber", ""), params.getOrDefault("ob.fullName", ""), b);
    }

    static Map<String, String> prefill(Procedure p, CitizenIdentity me) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Procedure.Field f : p.form().fields()) {
            if (f.prefill() == null) continue;
            String value = switch (f.prefill()) {
                case "fullName" -> f.pattern() != null && f.pattern().startsWith("[A-Z") ? vn.truongson.core.VietnameseText.upperAscii(me.fullName())
                        : me.fullName();
                case "idNumber" -> me.idNumber();
                case "dateOfBirth" -> me.dateOfBirth().format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
                case "gender" -> me.gender() == vn.truongson.population.Gender.MALE ? "Nam" : "Nữ";
                case "placeOfResidence" -> me.placeOfResidence();
                case "phone" -> me.phone();
                case "email" -> me.email();
                default -> null;
            };
            if (value != null) v.put(f.name(), value);
        }
        return v;
    }

    @PostMapping("/citizen/dossiers")
    String file(@RequestParam String procedure, @RequestParam Map<String, String> params, HttpServletRequest request, Locale locale, Model model) {
        CitizenIdentity me = me();
        Procedure p = procedures.get(procedure);
        boolean forOther = "true".equals(params.get("onBehalf"));
        try {
            Dossier d = dossiers.fileOnline(me, p.code(), ScreenSupport.formData(params), params.get("phone"), params.get("email"),
                    ScreenSupport.uploads(org.springframework.web.util.WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class)), onBehalf(params));
            return "redirect:/citizen/dossiers/" + d.code() + "?filed";
        } catch (DomainException.BadInput e) {
            Map<String, String> values = new LinkedHashMap<>();
            params.forEach((k, v) -> { if (k.startsWith("f.")) values.put(k.substring(2), v); });
            // For oneself, the identity fields are shown again as the e-ID has them, never as the request sent them.
            if (!forOther) values.putAll(prefill(p, me).entrySet().stream().filter(x -> p.form().fields().stream()
                    .anyMatch(f -> f.name().equals(x.getKey()) && f.prefill() != null && Dossiers.IDENTITY_PREFILLS.contains(f.prefill())))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            Map<String, String> ob = new LinkedHashMap<>();
            params.forEach((k, v) -> { if (k.startsWith("ob.")) ob.put(k.substring(3), v); });
            model.addAttribute("phone", params.get("phone"));
            model.addAttribute("email", params.get("email"));
            return form(p, me, values, screens.errors(e, locale), forOther, ob, model);
        }
    }

    @GetMapping("/citizen/dossiers/{code}")
    String dossier(@PathVariable String code, Model model) {
        CitizenIdentity me = me();
        Dossier d = dossiers.ofCitizen(me, code);
        model.addAttribute("citizen", me);
        model.addAttribute("d", d);
        Procedure p = procedures.find(d.procedureCode()).orElse(null);
        model.addAttribute("p", p);
        model.addAttribute("componentNames", ScreenSupport.componentNames(p));
        // Not yet received: when the result would be due if the desk received it now (the legal time counts from reception).
        java.time.Instant expected = null;
        if (p != null && d.status() == vn.truongson.publicservice.DossierStatus.SUBMITTED) {
            java.time.Instant now = clock.instant();
            expected = p.inHours() ? calendar.addWorkingHours(now, p.processingWorkingHours()) : calendar.addWorkingDays(now, p.processingWorkingDays());
        }
        model.addAttribute("expected", expected);
        return "publicservice/citizen-dossier";
    }

    @PostMapping("/citizen/dossiers/{code}/supplement")
    String supplement(@PathVariable String code, @RequestParam(required = false) @Nullable String note, HttpServletRequest request, Locale locale,
            RedirectAttributes flash) {
        try {
            dossiers.answerSupplement(me(), code, note, ScreenSupport.uploads(request instanceof MultipartHttpServletRequest m ? m : null));
            flash.addFlashAttribute("done", "Đã gửi hồ sơ bổ sung.");
        } catch (DomainException.BadInput | DomainException.Conflict e) {
            flash.addFlashAttribute("problem", screens.message(e, locale));
        }
        return "redirect:/citizen/dossiers/" + code;
    }

    @PostMapping("/citizen/dossiers/{code}/rating")
    String rate(@PathVariable String code, @RequestParam(defaultValue = "0") String rating, @RequestParam(required = false) @Nullable String comment,
            Locale locale, RedirectAttributes flash) {
        try {
            int stars;
            try {
                stars = Integer.parseInt(rating);
            } catch (NumberFormatException e) {
                stars = 0;
            }
            dossiers.rate(me(), code, stars, comment);
            flash.addFlashAttribute("done", "Cảm ơn ông/bà đã đánh giá.");
        } catch (DomainException.BadInput | DomainException.Conflict e) {
            flash.addFlashAttribute("problem", screens.message(e, locale));
        }
        return "redirect:/citizen/dossiers/" + code;
    }

    /** A file the citizen attached to his own dossier; anyone else's is a 404. */
    @GetMapping("/citizen/dossiers/{code}/attachments/{sha256}")
    ResponseEntity<byte[]> attachment(@PathVariable String code, @PathVariable String sha256, @RequestParam(defaultValue = "false") boolean download) {
        return DossierController.file(dossiers.attachment(me(), code, sha256), download);
    }

    @GetMapping("/citizen/dossiers/{code}/result")
    ResponseEntity<byte[]> result(@PathVariable String code) {
        return DossierController.pdf(papers.result(me(), code), "ket-qua-" + code + ".pdf");
    }

    @GetMapping("/citizen/dossiers/{code}/forms/{form}")
    ResponseEntity<byte[]> form(@PathVariable String code, @PathVariable String form) {
        var kind = DossierController.kind(form);
        return DossierController.pdf(papers.form(me(), code, kind), "mau-" + kind.number() + "-" + code + ".pdf");
    }

    static List<String> stars() {
        return List.of("1", "2", "3", "4", "5");
    }
}
