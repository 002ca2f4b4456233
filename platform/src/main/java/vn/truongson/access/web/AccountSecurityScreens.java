package vn.truongson.access.web;

import vn.truongson.access.AccessPolicy;
import vn.truongson.access.AccessProperties;
import vn.truongson.access.Accounts;
import vn.truongson.access.QrCodes;
import vn.truongson.access.Totp;
import vn.truongson.access.Actor;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * A person's own account security: whether the second factor is on, how many recovery codes are left, a
 * fresh set of recovery codes, and TOTP enrolment for someone who has none yet. It lives in the access
 * package beside {@link SignInScreens} to share {@link QrCodes} without publishing it.
 */
@Controller
class AccountSecurityScreens {

    /** The secret offered for enrolment, kept in the session until confirmed, for ten minutes at most. */
    record PendingSecret(long accountId, String secret, Instant at) implements Serializable {
        boolean fresh(long forAccount) {
            return accountId == forAccount && at.plus(Duration.ofMinutes(10)).isAfter(Instant.now());
        }
    }

    static final String PENDING = "truongson.security.enrol";
    /** Below this many unused recovery codes the page suggests a new set. */
    static final int FEW_CODES = 3;

    private final Accounts accounts;
    private final AccessPolicy policy;
    private final AccessProperties props;
    private final AuditTrail audit;
    private final MessageSource messages;

    AccountSecurityScreens(Accounts accounts, AccessPolicy policy, AccessProperties props, AuditTrail audit, MessageSource messages) {
        this.accounts = accounts;
        this.policy = policy;
        this.props = props;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/account/security")
    String page(HttpSession session, Model model) {
        return show(session, null, model);
    }

    private String show(HttpSession session, @Nullable String error, Model model) {
        Actor a = policy.actor();
        Accounts.AccountView account = accounts.ofOfficial(a.officialId()).orElseThrow(() -> new DomainException.NotFound("account", a.accountId()));
        model.addAttribute("account", account);
        model.addAttribute("required", accounts.needsSecondFactor(a.accountId()));
        if (account.totpEnabled()) {
            int unused = accounts.unusedRecoveryCodes(a.accountId());
            model.addAttribute("unusedCodes", unused);
            model.addAttribute("fewCodes", unused < FEW_CODES);
            session.removeAttribute(PENDING);
        } else {
            // The same secret across reloads, so a scan made a minute ago still works.
            PendingSecret p = session.getAttribute(PENDING) instanceof PendingSecret ps && ps.fresh(a.accountId())
                    ? ps : new PendingSecret(a.accountId(), Totp.newSecret(), Instant.now());
            session.setAttribute(PENDING, p);
            model.addAttribute("qr", QrCodes.pngDataUri(Totp.uri(props.totpIssuer(), account.username(), p.secret()), 240));
            model.addAttribute("secret", p.secret().replaceAll("(.{4})(?!$)", "$1 "));
        }
        model.addAttribute("error", error);
        return "access/security";
    }

    /**
     * A new set of recovery codes, which voids the old ones. The codes are shown in this response and never
     * again: not a redirect, because carrying them across one would put them in the session store.
     */
    @PostMapping("/account/security/password")
    String changePassword(@org.springframework.web.bind.annotation.RequestParam String currentPassword,
            @org.springframework.web.bind.annotation.RequestParam String newPassword,
            @org.springframework.web.bind.annotation.RequestParam String confirmPassword, HttpSession session, Model model,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect, java.util.Locale locale) {
        Actor a = policy.actor();
        try {
            if (!newPassword.equals(confirmPassword)) throw new DomainException.BadInput("confirmPassword", "problem.password.confirm");
            if (currentPassword.length() > 128 || newPassword.length() > 128) throw new DomainException.BadInput("newPassword", "problem.password.weak");
            accounts.changePassword(a.accountId(), currentPassword, newPassword);
        } catch (DomainException.BadInput e) {
            var fe = e.errors().get(0);
            model.addAttribute("passwordField", fe.field());
            model.addAttribute("passwordError", messages.getMessage(fe.messageKey(), fe.args(), locale));
            return show(session, null, model);
        }
        redirect.addFlashAttribute("notice", messages.getMessage("security.password.changed", null, locale));
        return "redirect:/account/security";
    }

    @PostMapping("/account/security/recovery-codes")
    String renewCodes(HttpServletResponse res, Model model) {
        Actor a = policy.actor();
        Accounts.AccountView account = accounts.ofOfficial(a.officialId()).orElseThrow(() -> new DomainException.NotFound("account", a.accountId()));
        if (!account.totpEnabled()) throw new DomainException.Conflict("security.recovery.none");
        List<String> codes = accounts.newRecoveryCodes(a.accountId());
        audit.record("account.recovery-codes.renew", "account:" + account.username(), AuditTrail.SUCCESS, null);
        return codes(codes, res, model);
    }

    @PostMapping("/account/security/totp")
    String enrol(@RequestParam(defaultValue = "") String code, HttpSession session, HttpServletResponse res, Locale locale, Model model,
            RedirectAttributes redirect) {
        Actor a = policy.actor();
        Accounts.AccountView account = accounts.ofOfficial(a.officialId()).orElseThrow(() -> new DomainException.NotFound("account", a.accountId()));
        if (account.totpEnabled()) {
            redirect.addFlashAttribute("notice", messages.getMessage("security.enrol.already", null, locale));
            return "redirect:/account/security";
        }
        if (!(session.getAttribute(PENDING) instanceof PendingSecret p) || !p.fresh(a.accountId())) return "redirect:/account/security";
        List<String> codes;
        try {
            codes = accounts.enrolTotp(a.accountId(), p.secret(), code.length() > 16 ? "" : code);
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return show(session, "signin.otp.invalid", model);
        }
        session.removeAttribute(PENDING);
        return codes(codes, res, model);
    }

    private static String codes(List<String> codes, HttpServletResponse res, Model model) {
        res.setHeader("Cache-Control", "no-store");
        model.addAttribute("codes", codes);
        return "access/security-codes";
    }
}
