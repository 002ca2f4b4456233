package vn.truongson.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.core.DomainException;

/**
 * The browser sign-in: password, then (for administrators and anyone cleared above Thường) a TOTP code,
 * or the enrolment of a first authenticator with a QR code and recovery codes.
 */
@Controller
@ConditionalOnWebApplication
class SignInScreens {

    /** A password checked, awaiting its second factor; good for five minutes. */
    record Pending(long accountId, String username, Instant at, String enrolSecret) implements Serializable {
        boolean fresh() { return at.plus(Duration.ofMinutes(5)).isAfter(Instant.now()); }
    }

    static final String PENDING = "truongson.signin.pending";

    private final Accounts accounts;
    private final SecurityContextRepository contexts;
    private final AccessProperties props;
    private final SignInAudit refusals;

    SignInScreens(Accounts accounts, SecurityContextRepository contexts, AccessProperties props, SignInAudit refusals) {
        this.refusals = refusals;
        this.accounts = accounts;
        this.contexts = contexts;
        this.props = props;
    }

    @GetMapping("/login")
    String login() {
        return "access/login";
    }

    @PostMapping("/login")
    String password(@RequestParam String username, @RequestParam String password, HttpServletRequest req, HttpServletResponse res, Model model) {
        if (username.length() > 64 || password.length() > 128) {
            // Refused unchecked, but a failed sign-in all the same: audited (the name cut to its allowed length).
            refusals.refused(Accounts.normaliseUsername(username.length() > 64 ? username.substring(0, 64) : username), "oversized credentials");
            return refuse(model, "signin.invalid", null);
        }
        Accounts.SignIn result = accounts.signIn(username, password, null);
        return switch (result) {
            case Accounts.SignIn.Success s -> establish(s.principal(), req, res);
            case Accounts.SignIn.SecondFactorRequired r -> {
                req.getSession(true).setAttribute(PENDING, new Pending(r.accountId(), Accounts.normaliseUsername(username), Instant.now(),
                        r.enrolled() ? "" : Totp.newSecret()));
                yield r.enrolled() ? "redirect:/login/otp" : "redirect:/login/enrol";
            }
            case Accounts.SignIn.Invalid i -> refuse(model, "signin.invalid", username);
            case Accounts.SignIn.Locked l -> {
                model.addAttribute("minutes", Math.max(1, Duration.between(Instant.now(), l.until()).toMinutes() + 1));
                yield refuse(model, "signin.locked", username);
            }
            case Accounts.SignIn.Throttled t -> retryLater(res, model, 429, "signin.throttled", t.retryAfter(), username);
            case Accounts.SignIn.Busy b -> retryLater(res, model, 503, "signin.busy", b.retryAfter(), username);
        };
    }

    /** 429 or 503 with Retry-After, on the sign-in page with its message (the field "minutes" carries the seconds). */
    private static String retryLater(HttpServletResponse res, Model model, int status, String key, Duration after, String username) {
        long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
        res.setStatus(status);
        res.setHeader("Retry-After", Long.toString(seconds));
        model.addAttribute("minutes", seconds);
        return refuse(model, key, username);
    }

    @GetMapping("/login/otp")
    String otpForm(HttpSession session) {
        return pending(session) == null ? "redirect:/login" : "access/login-otp";
    }

    @PostMapping("/login/otp")
    String otp(@RequestParam String code, HttpServletRequest req, HttpServletResponse res, Model model) {
        Pending p = pending(req.getSession());
        if (p == null || !p.enrolSecret().isEmpty()) return "redirect:/login";
        if (code.length() > 16) code = "";
        return switch (accounts.secondFactor(p.accountId(), code)) {
            case Accounts.SignIn.Success s -> establish(s.principal(), req, res);
            case Accounts.SignIn.Locked l -> {
                req.getSession().removeAttribute(PENDING);
                model.addAttribute("minutes", Math.max(1, Duration.between(Instant.now(), l.until()).toMinutes() + 1));
                yield refuse(model, "signin.locked", p.username());
            }
            default -> {
                model.addAttribute("error", "signin.otp.invalid");
                yield "access/login-otp";
            }
        };
    }

    @GetMapping("/login/enrol")
    String enrolForm(HttpSession session, Model model) {
        Pending p = pending(session);
        if (p == null || p.enrolSecret().isEmpty()) return "redirect:/login";
        showSecret(model, p.username(), p.enrolSecret());
        return "access/enrol";
    }

    @PostMapping("/login/enrol")
    String enrol(@RequestParam String code, HttpServletRequest req, HttpServletResponse res, Model model) {
        Pending p = pending(req.getSession());
        if (p == null || p.enrolSecret().isEmpty()) return "redirect:/login";
        List<String> codes;
        try {
            codes = accounts.enrolTotp(p.accountId(), p.enrolSecret(), code.length() > 16 ? "" : code);
        } catch (DomainException.BadInput e) {
            model.addAttribute("error", "signin.otp.invalid");
            showSecret(model, p.username(), p.enrolSecret());
            return "access/enrol";
        }
        establish(new AccountPrincipal(p.accountId(), accounts.officialOf(p.accountId()), p.username()), req, res);
        model.addAttribute("codes", codes);
        return "access/recovery-codes";
    }

    private void showSecret(Model model, String username, String secret) {
        String uri = Totp.uri(props.totpIssuer(), username, secret);
        model.addAttribute("qr", QrCodes.pngDataUri(uri, 240));
        model.addAttribute("secret", secret.replaceAll("(.{4})(?!$)", "$1 "));
    }

    private static Pending pending(HttpSession session) {
        if (session == null) return null;
        Object o = session.getAttribute(PENDING);
        if (o instanceof Pending p && p.fresh()) return p;
        session.removeAttribute(PENDING);
        return null;
    }

    private static String refuse(Model model, String key, String username) {
        model.addAttribute("error", key);
        model.addAttribute("username", username);
        return "access/login";
    }

    /** A new session id (no fixation), the person in its security context. */
    private String establish(AccountPrincipal principal, HttpServletRequest req, HttpServletResponse res) {
        HttpSession old = req.getSession(false);
        if (old != null) old.removeAttribute(PENDING);
        req.getSession(true);
        req.changeSessionId();
        var ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, SecurityConfiguration.AUTHORITIES));
        SecurityContextHolder.setContext(ctx);
        contexts.saveContext(ctx, req, res);
        return "redirect:/office";
    }
}
