package vn.truongson.signing.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.signing.CertificateRecord;
import vn.truongson.signing.Certificates;
import vn.truongson.signing.Signatures;

/**
 * The PKI on screen: {@code /admin/pki} (certificates with their status; issue for an official or a unit, revoke,
 * unlock), {@code /office/signatures/validate} (anyone signed in checks a PDF), {@code /account/certificate} (one's
 * own certificate and signature image).
 */
@Controller
class PkiScreens {

    record IssueForm(String username, String unitCode) {}

    private final Certificates certificates;
    private final Signatures signatures;
    private final AccessPolicy policy;
    private final Accounts accounts;
    private final Units units;
    private final Problems problems;
    private final MessageSource messages;

    PkiScreens(Certificates certificates, Signatures signatures, AccessPolicy policy, Accounts accounts, Units units, Problems problems,
            MessageSource messages) {
        this.certificates = certificates;
        this.signatures = signatures;
        this.policy = policy;
        this.accounts = accounts;
        this.units = units;
        this.problems = problems;
        this.messages = messages;
    }

    // ---------------------------------------------------------------- /admin/pki

    @GetMapping("/admin/pki")
    String admin(Model model) {
        policy.requireAnyGrant(Set.of(Role.ADMIN));
        return showAdmin(new IssueForm("", ""), Map.of(), model);
    }

    @PostMapping("/admin/pki/officials")
    String issuePersonal(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String pin, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(Set.of(Role.ADMIN));
        IssueForm form = new IssueForm(username.strip(), "");
        try {
            if (form.username().isEmpty()) throw new DomainException.BadInput("username", "problem.field.required");
            long officialId = accounts.principalOf(form.username()).map(AccountPrincipal::officialId)
                    .orElseThrow(() -> new DomainException.BadInput("username", "signing.ui.unknown-user", form.username()));
            CertificateRecord r = certificates.issuePersonal(officialId, pin);
            redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.issued", new Object[] {r.serial(), cn(r.subject())}, locale));
            return "redirect:/admin/pki";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return showAdmin(form, errors(e, locale), model);
        }
    }

    @PostMapping("/admin/pki/units")
    String issueUnit(@RequestParam(defaultValue = "") String unitCode, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(Set.of(Role.ADMIN));
        IssueForm form = new IssueForm("", unitCode.strip().toUpperCase(Locale.ROOT));
        try {
            if (form.unitCode().isEmpty()) throw new DomainException.BadInput("unitCode", "problem.field.required");
            Unit u = units.byCodes(List.of(form.unitCode())).get(form.unitCode());
            if (u == null) throw new DomainException.BadInput("unitCode", "signing.ui.unknown-unit", form.unitCode());
            CertificateRecord r = certificates.issueUnit(u.id());
            redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.issued", new Object[] {r.serial(), cn(r.subject())}, locale));
            return "redirect:/admin/pki";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return showAdmin(form, errors(e, locale), model);
        }
    }

    @PostMapping("/admin/pki/officials/{id}/revoke")
    String revokePersonal(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        CertificateRecord r = certificates.revokePersonal(id);
        redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.revoked", new Object[] {r.serial()}, locale));
        return "redirect:/admin/pki";
    }

    @PostMapping("/admin/pki/units/{id}/revoke")
    String revokeUnit(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        CertificateRecord r = certificates.revokeUnit(id);
        redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.revoked", new Object[] {r.serial()}, locale));
        return "redirect:/admin/pki";
    }

    @PostMapping("/admin/pki/officials/{id}/unlock")
    String unlock(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        CertificateRecord r = certificates.unlock(id);
        redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.unlocked", new Object[] {r.serial()}, locale));
        return "redirect:/admin/pki";
    }

    private String showAdmin(IssueForm form, Map<String, String> errors, Model model) {
        List<CertificateRecord> all = certificates.list(500);
        model.addAttribute("certificates", all.stream().map(r -> new Row(r, cn(r.subject()))).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "signing/admin";
    }

    /** A certificate on screen, with the subject's common name. */
    record Row(CertificateRecord r, String name) {}

    // ---------------------------------------------------------------- /office/signatures/validate

    @GetMapping("/office/signatures/validate")
    String validatePage(Model model) {
        policy.actor();
        model.addAttribute("errors", Map.of());
        return "signing/validate";
    }

    @PostMapping("/office/signatures/validate")
    String validate(@RequestParam(name = "file", required = false) @Nullable MultipartFile file, Locale locale, Model model, HttpServletResponse res)
            throws IOException {
        policy.actor();
        try {
            if (file == null || file.isEmpty()) throw new DomainException.BadInput("file", "problem.field.required");
            Signatures.Validation v = signatures.validate(file.getBytes());
            model.addAttribute("result", v);
            model.addAttribute("fileName", file.getOriginalFilename() == null ? "" : VietnameseText.nfc(file.getOriginalFilename()));
            model.addAttribute("errors", Map.of());
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            model.addAttribute("errors", errors(e, locale));
        }
        return "signing/validate";
    }

    // ---------------------------------------------------------------- /account/certificate

    @GetMapping("/account/certificate")
    String mine(Model model) {
        policy.actor();
        return showMine(Map.of(), model);
    }

    @PostMapping("/account/certificate/image")
    String image(@RequestParam(name = "image", required = false) @Nullable MultipartFile image, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) throws IOException {
        policy.actor();
        try {
            certificates.setSignatureImage(image == null ? new byte[0] : image.getBytes());
            redirect.addFlashAttribute("notice", messages.getMessage("signing.ui.image.saved", null, locale));
            return "redirect:/account/certificate";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return showMine(errors(e, locale), model);
        }
    }

    private String showMine(Map<String, String> errors, Model model) {
        CertificateRecord r = certificates.mine().orElse(null);
        model.addAttribute("certificate", r);
        model.addAttribute("name", r == null ? "" : cn(r.subject()));
        model.addAttribute("hasImage", certificates.hasSignatureImage());
        String name = r == null ? policy.actor().fullName() : cn(r.subject());
        model.addAttribute("preview", dataUri(vn.truongson.signing.internal.Appearances.personal(name, java.time.Instant.now(),
                certificates.signatureImage().orElse(null))));
        model.addAttribute("errors", errors);
        return "signing/mine";
    }

    private Map<String, String> errors(DomainException.BadInput e, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return errors;
    }

    static String cn(String subject) {
        for (String part : subject.split(",(?=(?:[A-Za-z.0-9]+)=)")) {
            if (part.strip().startsWith("CN=")) return part.strip().substring(3);
        }
        return subject;
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
