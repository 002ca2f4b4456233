package vn.truongson.population.citizen;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.truongson.audit.AuditTrail;
import vn.truongson.population.Citizens;
import vn.truongson.population.IdNumber;

/**
 * {@code /citizen/login?next=<path>} sends the citizen to the e-identity provider; {@code /citizen/callback}
 * takes them back (state, then the code exchange and the ID token's checks) and opens the citizen's
 * session; {@code POST /citizen/logout} closes it; {@code /citizen} is the citizen's own page.
 */
@Controller
class CitizenSignIn {

    private static final Logger log = LoggerFactory.getLogger(CitizenSignIn.class);
    /** Sign-ins started in other tabs, kept at most this many per session. */
    private static final int MAX_PENDING = 5;

    private final EidClient eid;
    private final EidProperties props;
    private final AuditTrail audit;
    private final Citizens citizens;

    CitizenSignIn(EidClient eid, EidProperties props, AuditTrail audit, Citizens citizens) {
        this.eid = eid;
        this.props = props;
        this.audit = audit;
        this.citizens = citizens;
    }

    @GetMapping("/citizen/login")
    String login(@RequestParam(name = "next", required = false) @Nullable String next, @RequestParam(name = "level", defaultValue = "1") int level,
            HttpServletRequest req, HttpServletResponse res, Model model) {
        String target = safeNext(next);
        var current = SessionCitizens.signedIn(req);
        if (current.isPresent() && current.get().assuranceLevel() >= level) return "redirect:" + target;
        String redirectUri = props.redirectUri().isBlank()
                ? ServletUriComponentsBuilder.fromContextPath(req).replaceQuery(null).path("/citizen/callback").build().toUriString()
                : props.redirectUri();
        PendingSignIn p = eid.start(redirectUri, target);
        try {
            String uri = eid.authorizationUri(p, level >= 2).toString();
            remember(req.getSession(true), p);
            return "redirect:" + uri;
        } catch (EidClient.Failed e) {
            log.warn("Citizen sign-in cannot start: {}", e.getMessage());
            return failure(res, model, e.reason, 503);
        }
    }

    @GetMapping("/citizen/callback")
    String callback(@RequestParam(name = "state", required = false) @Nullable String state, @RequestParam(name = "code", required = false) @Nullable String code,
            @RequestParam(name = "error", required = false) @Nullable String error, HttpServletRequest req, HttpServletResponse res, Model model) {
        HttpSession session = req.getSession(false);
        PendingSignIn p = null;
        if (session != null && state != null) {
            var m = new LinkedHashMap<>(pending(session));
            p = m.remove(state);
            session.setAttribute(PendingSignIn.ATTRIBUTE, m);
        }
        if (p == null) {
            audit.recordSeparately("citizen", "citizen.signin", "eid", AuditTrail.DENIED, "unknown state");
            return failure(res, model, "state", 400);
        }
        if (p.startedAt().plus(props.signInWithin()).isBefore(Instant.now())) {
            return failure(res, model, "expired", 400);
        }
        if (error != null) {
            audit.recordSeparately("citizen", "citizen.signin", "eid", AuditTrail.DENIED, "provider: " + error);
            return failure(res, model, "access_denied".equals(error) ? "cancelled" : "provider", 403);
        }
        if (code == null || code.isBlank()) return failure(res, model, "token", 400);
        SignedInCitizen citizen;
        try {
            citizen = eid.complete(code, p);
        } catch (EidClient.Failed e) {
            log.warn("Citizen sign-in refused: {}", e.getMessage());
            audit.recordSeparately("citizen", "citizen.signin", "eid", AuditTrail.FAILURE, e.getMessage());
            return failure(res, model, e.reason, "unavailable".equals(e.reason) ? 503 : 400);
        }
        // A new session id for the signed-in citizen (no fixation), without an official's context in it.
        req.changeSessionId();
        session.removeAttribute("SPRING_SECURITY_CONTEXT");
        session.setAttribute(SignedInCitizen.ATTRIBUTE, citizen);
        audit.recordSeparately("citizen:" + IdNumber.masked(citizen.idNumber()), "citizen.signin", "eid", AuditTrail.SUCCESS,
                "level " + citizen.assuranceLevel());
        return "redirect:" + p.next();
    }

    @PostMapping("/citizen/logout")
    String logout(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            SessionCitizens.signedIn(req).ifPresent(c ->
                    audit.recordSeparately("citizen:" + IdNumber.masked(c.idNumber()), "citizen.signout", "eid", AuditTrail.SUCCESS, null));
            session.invalidate();
        }
        return "redirect:/?signedOut";
    }

    @GetMapping("/citizen")
    String home(Model model) {
        model.addAttribute("citizen", citizens.current().orElseThrow());
        return "population/citizen-home";
    }

    private String failure(HttpServletResponse res, Model model, String reason, int status) {
        res.setStatus(status);
        model.addAttribute("reason", reason);
        return "population/citizen-error";
    }

    /** Only a path of this site, and never the officials' side. */
    static String safeNext(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r") || next.contains("\n")) {
            return "/citizen";
        }
        for (String closed : new String[] {"/office", "/admin", "/api", "/login", "/logout", "/account", "/citizen/login", "/citizen/callback", "/citizen/logout"}) {
            if (next.equals(closed) || next.startsWith(closed + "/") || next.startsWith(closed + "?")) return "/citizen";
        }
        return next;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, PendingSignIn> pending(HttpSession session) {
        Object o = session.getAttribute(PendingSignIn.ATTRIBUTE);
        return o instanceof LinkedHashMap<?, ?> m ? (Map<String, PendingSignIn>) m : new LinkedHashMap<>();
    }

    private static void remember(HttpSession session, PendingSignIn p) {
        var m = new LinkedHashMap<>(pending(session));
        m.put(p.state(), p);
        while (m.size() > MAX_PENDING) m.remove(m.keySet().iterator().next());
        session.setAttribute(PendingSignIn.ATTRIBUTE, m);
    }
}
