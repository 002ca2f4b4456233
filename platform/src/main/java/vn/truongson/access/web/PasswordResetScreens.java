package vn.truongson.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.access.PasswordResets;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;

/**
 * Forgotten passwords on the screens (docs/security.md, "Password reset"): {@code /login/forgot} (ask),
 * {@code /login/reset} (set a new password with the administrator's code), {@code /admin/password-resets} (the
 * administrators' list and the issue of a code, shown once).
 */
@Controller
@ConditionalOnWebApplication
class PasswordResetScreens {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy", Locale.ROOT).withZone(vn.truongson.core.Vietnam.ZONE);

    private final PasswordResets resets;
    private final Problems problems;

    PasswordResetScreens(PasswordResets resets, Problems problems) {
        this.resets = resets;
        this.problems = problems;
    }

    @GetMapping("/login/forgot")
    String forgotForm() {
        return "access/forgot";
    }

    @PostMapping("/login/forgot")
    String forgot(@RequestParam(defaultValue = "") String username, HttpServletResponse res, Model model) {
        if (username.isBlank()) {
            res.setStatus(400);
            model.addAttribute("error", "reset.username.required");
            return "access/forgot";
        }
        return switch (resets.request(username)) {
            case PasswordResets.Outcome.Throttled t -> retryLater(res, model, 429, "signin.throttled", t.retryAfter(), "access/forgot");
            case PasswordResets.Outcome.Busy b -> retryLater(res, model, 503, "signin.busy", b.retryAfter(), "access/forgot");
            default -> {
                // The same page, word for word, for every username: whether it exists is not told here.
                model.addAttribute("sent", true);
                yield "access/forgot";
            }
        };
    }

    @GetMapping("/login/reset")
    String resetForm(Model model) {
        model.addAttribute("errors", Map.of());
        return "access/reset";
    }

    @PostMapping("/login/reset")
    String reset(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String confirmPassword,
            Locale locale, HttpServletResponse res, Model model) {
        model.addAttribute("username", username.length() > 64 ? "" : username);
        model.addAttribute("code", code.length() > 64 ? "" : code);
        model.addAttribute("errors", Map.of());
        if (newPassword.length() > 1024 || confirmPassword.length() > 1024) {
            res.setStatus(400);
            model.addAttribute("errors", Map.of("newPassword", problems.message("problem.password.length", new Object[] {12, 128}, locale)));
            return "access/reset";
        }
        try {
            return switch (resets.redeem(username, code, newPassword, confirmPassword)) {
                case PasswordResets.Outcome.Accepted a -> "redirect:/login?reset";
                case PasswordResets.Outcome.Invalid i -> {
                    res.setStatus(400);
                    model.addAttribute("error", "reset.code.invalid");
                    yield "access/reset";
                }
                case PasswordResets.Outcome.Throttled t -> retryLater(res, model, 429, "signin.throttled", t.retryAfter(), "access/reset");
                case PasswordResets.Outcome.Busy b -> retryLater(res, model, 503, "signin.busy", b.retryAfter(), "access/reset");
            };
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = new LinkedHashMap<>();
            for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (x, y) -> x + " " + y);
            model.addAttribute("errors", errors);
            return "access/reset";
        }
    }

    private static String retryLater(HttpServletResponse res, Model model, int status, String key, Duration after, String view) {
        long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
        res.setStatus(status);
        res.setHeader("Retry-After", Long.toString(seconds));
        model.addAttribute("error", key);
        model.addAttribute("minutes", seconds);
        model.addAttribute("errors", Map.of());
        return view;
    }

    // ---- the administrators ------------------------------------------------------------------------

    @GetMapping("/admin/password-resets")
    String list(Model model) {
        model.addAttribute("pending", resets.pending());
        model.addAttribute("shown", SHOWN);
        return "access/password-resets";
    }

    @PostMapping("/admin/password-resets/{officialId}/issue")
    String issue(@PathVariable long officialId, @RequestParam(defaultValue = "false") boolean resetTotp, HttpServletResponse res, Model model) {
        var issued = resets.issue(officialId, resetTotp);
        // Shown once: not kept by the browser, not in a redirect's flash (which lives in the session store).
        res.setHeader("Cache-Control", "no-store");
        model.addAttribute("issued", issued);
        model.addAttribute("officialId", officialId);
        model.addAttribute("expires", SHOWN.format(issued.expires()));
        return "access/password-reset-code";
    }
}
