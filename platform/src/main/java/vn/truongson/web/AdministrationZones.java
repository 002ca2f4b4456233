package vn.truongson.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.RequestOrigin;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.Problems;

/**
 * Administration, the audit trail and the API documentation answer only from the zones allowed for them — by
 * default the military network alone — whoever asks and whatever their grants (issue 10, finding 10). Runs after
 * Spring Security, so that a refusal is audited under the person who tried; a refusal is a 403 problem for the API
 * and the documentation, the error page for the screens.
 */
@Component
@Order(0)
class AdministrationZones extends OncePerRequestFilter {

    /**
     * {@code truongson.access.administration.*}.
     *
     * @param allowedZones the zones from which administration, audit and API documentation answer (military-network)
     * @param paths path patterns refused outside those zones for every method
     * @param writePaths path patterns refused outside those zones for changes (not GET or HEAD): the admin API
     */
    @ConfigurationProperties("truongson.access.administration")
    record Settings(List<String> allowedZones, List<String> paths, List<String> writePaths) {
        Settings {
            if (allowedZones == null || allowedZones.isEmpty()) allowedZones = List.of(NetworkZone.MILITARY_NETWORK.id());
            for (String z : allowedZones) NetworkZone.of(z); // an unknown zone stops the start, not a request
            if (paths == null) {
                paths = List.of("/admin", "/admin/**", "/office/audit", "/office/audit/**", "/office/audit.csv",
                        "/api/v1/audit", "/api/v1/audit/**", "/api/v1/zones", "/api/v1/zones/**", "/api/v1/officials/*/grants", "/api/v1/officials/*/grants/**",
                        "/api/v1/pki/certificates", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**");
            }
            if (writePaths == null) {
                writePaths = List.of("/api/v1/units", "/api/v1/units/**", "/api/v1/officials", "/api/v1/officials/**",
                        "/api/v1/pki/officials/**", "/api/v1/pki/units/**", "/api/v1/calendar/days", "/api/v1/calendar/days/**");
            }
            allowedZones = List.copyOf(allowedZones);
            paths = List.copyOf(paths);
            writePaths = List.copyOf(writePaths);
        }
    }

    static final String ACTION = "access.zone.refused";

    private static final AntPathMatcher MATCHER = new AntPathMatcher();
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Settings settings;
    private final AuditTrail audit;
    private final Problems problems;

    AdministrationZones(Settings settings, AuditTrail audit, Problems problems) {
        this.settings = settings;
        this.audit = audit;
        this.problems = problems;
    }

    boolean administrative(String method, String path) {
        for (String p : settings.paths()) if (MATCHER.match(p, path)) return true;
        if (READS.contains(method)) return false;
        for (String p : settings.writePaths()) if (MATCHER.match(p, path)) return true;
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        NetworkZone zone = RequestOrigin.currentZone();
        if (settings.allowedZones().contains(zone.id()) || !administrative(req.getMethod(), path)) {
            chain.doFilter(req, res);
            return;
        }
        audit.recordSeparately(ACTION, req.getMethod() + " " + (path.length() > 200 ? path.substring(0, 200) : path), AuditTrail.DENIED, zone.id());
        var locale = Problems.locale(req);
        ProblemDetail p = problems.problem(HttpStatus.FORBIDDEN, "problem.zone.administration",
                new Object[] {locale.getLanguage().equals("en") ? zone.id() : zone.vietnamese()}, locale);
        if (InputGuard.wantsPage(req)) {
            req.setAttribute(ErrorPages.DETAIL, p.getDetail());
            res.sendError(HttpStatus.FORBIDDEN.value());
            return;
        }
        problems.write(res, p);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }
}
