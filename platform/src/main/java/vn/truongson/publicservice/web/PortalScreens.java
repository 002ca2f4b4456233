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

    PortalScreens(Procedures procedures, Dossiers dossiers, DossierPapers papers, Citizens citizens, ScreenSupport screens) {
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
    String mine(Model model) {
        CitizenIdentity me = me();
        model.addAttribute("citizen", me);
        model.addAttribute("dossiers", dossiers.ofCitizen(me));
        return "publicservice/citizen-dossiers";
    }

    @GetMapping("/citizen/dossiers/new")
    String newDossier(@RequestParam String procedure, Model model) {
        CitizenIdentity me = me();
        Procedure p = procedures.get(procedure);
        return form(p, me, prefill(p, me), Map.of(), model);
    }

    private String form(Procedure p, CitizenIdentity me, Map<String, String> values, Map<String, String> errors, Model model) {
        model.addAttribute("p", p);
        model.addAttribute("citizen", me);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "publicservice/citizen-form";
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
        try {
            Dossier d = dossiers.fileOnline(me, p.code(), ScreenSupport.formData(params), params.get("phone"), params.get("email"),
                    ScreenSupport.uploads(request instanceof MultipartHttpServletRequest m ? m : null));
            return "redirect:/citizen/dossiers/" + d.code() + "?filed";
        } catch (DomainException.BadInput e) {
            Map<String, String> values = new LinkedHashMap<>();
            params.forEach((k, v) -> { if (k.startsWith("f.")) values.put(k.substring(2), v); });
            model.addAttribute("phone", params.get("phone"));
            model.addAttribute("email", params.get("email"));
            return form(p, me, values, screens.errors(e, locale), model);
        }
    }

    @GetMapping("/citizen/dossiers/{code}")
    String dossier(@PathVariable String code, Model model) {
        CitizenIdentity me = me();
        Dossier d = dossiers.ofCitizen(me, code);
        model.addAttribute("citizen", me);
        model.addAttribute("d", d);
        model.addAttribute("p", procedures.find(d.procedureCode()).orElse(null));
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
