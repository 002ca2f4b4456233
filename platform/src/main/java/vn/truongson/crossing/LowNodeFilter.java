package vn.truongson.crossing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a low node (the internet side) there is no office and no classified data: the office screens and the APIs of
 * official documents answer 404, as a path that does not exist. The portal, the citizens' e-ID, the catalogue and
 * {@code POST /api/v1/exchange/edxml} stay.
 */
@Component
@ConditionalOnProperty(name = "truongson.node.role", havingValue = "low")
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class LowNodeFilter extends OncePerRequestFilter {

    static final List<String> HIDDEN = List.of("/office", "/api/v1/documents", "/api/v1/archive", "/api/v1/programme", "/api/v1/plans", "/api/v1/security");

    static boolean hidden(String path) {
        for (String h : HIDDEN) if (path.equals(h) || path.startsWith(h + "/")) return true;
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (hidden(path)) {
            res.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(req, res);
    }
}
