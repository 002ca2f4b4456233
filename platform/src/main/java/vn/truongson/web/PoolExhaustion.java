package vn.truongson.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;
import vn.truongson.core.Problems;

/**
 * A full connection pool is an overload, not a fault: whatever needed a connection and did not get one within the
 * pool's connection timeout (1.5 s by default, {@code truongson.db.pool.connection-timeout}) answers 503 with
 * {@code Retry-After}, as problem+json on the API and as a short page on the screens, never a 500 or a hang.
 * Outermost of the filters, so it also covers the ones that touch the database before any controller (bearer
 * tokens, browser sessions); {@link ApiProblems} maps the same exceptions thrown inside API controllers. The same
 * holds when the database itself is out of reach (refused or reset connections): 503, "database unavailable".
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class PoolExhaustion extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PoolExhaustion.class);

    /** Seconds a client is told to wait. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final Problems problems;

    PoolExhaustion(Problems problems) {
        this.problems = problems;
    }

    /**
     * Whether a failure comes from waiting in vain for a pooled connection, or from the database being out of reach
     * (a connection refused or reset: SQL state class 08, or Spring's translation of it).
     */
    public static boolean is(Throwable e) {
        return messageKey(e) != null;
    }

    /** {@code problem.database.unavailable} when the database is out of reach, {@code problem.pool.exhausted} when the pool is full, else null. */
    public static String messageKey(Throwable e) {
        boolean waited = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) return "problem.database.unavailable";
            if (c instanceof DataAccessResourceFailureException && !(c instanceof CannotGetJdbcConnectionException)) return "problem.database.unavailable";
            if (c instanceof SQLTransientConnectionException || c instanceof CannotGetJdbcConnectionException) waited = true;
            if (c.getCause() == c) break;
        }
        return waited ? "problem.pool.exhausted" : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        try {
            chain.doFilter(req, res);
        } catch (ServletException | IOException | RuntimeException e) {
            String key = messageKey(e);
            if (key == null || res.isCommitted()) throw e;
            log.warn("{} on {} {}: 503", key.equals("problem.pool.exhausted") ? "Connection pool exhausted" : "Database out of reach", req.getMethod(), req.getRequestURI());
            res.resetBuffer();
            res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            if (req.getRequestURI().startsWith(req.getContextPath() + "/api/")) {
                problems.write(res, problems.problem(HttpStatus.SERVICE_UNAVAILABLE, key,
                        new Object[] {RETRY_AFTER_SECONDS}, Problems.locale(req)));
            } else {
                var locale = Problems.locale(req);
                res.setStatus(503);
                res.setContentType("text/html;charset=UTF-8");
                String title = HtmlUtils.htmlEscape(problems.message("title.503", new Object[0], locale), "UTF-8");
                String detail = HtmlUtils.htmlEscape(problems.message(key, new Object[] {RETRY_AFTER_SECONDS}, locale), "UTF-8");
                res.getWriter().write("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>" + title
                        + "</title></head><body><h1>" + title + "</h1><p>" + detail + "</p></body></html>");
            }
        }
    }
}
