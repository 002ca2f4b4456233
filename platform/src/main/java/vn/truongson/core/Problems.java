package vn.truongson.core;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details in the request's language (Accept-Language: vi by default, en), for the
 * exception handlers and for filters that answer before MVC (401 from the API door).
 */
@Component
public class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final MessageSource messages;
    private final JsonMapper json;

    Problems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    public static Locale locale(HttpServletRequest req) {
        String h = req.getHeader("Accept-Language");
        if (h != null && !h.isBlank()) {
            try {
                for (Locale.LanguageRange r : Locale.LanguageRange.parse(h)) {
                    if (r.getRange().startsWith("en")) return Locale.ENGLISH;
                    if (r.getRange().startsWith("vi")) return Locale.forLanguageTag("vi");
                }
            } catch (IllegalArgumentException ignored) {
                // A malformed header falls back to Vietnamese.
            }
        }
        return Locale.forLanguageTag("vi");
    }

    public String message(String key, Object[] args, Locale locale) {
        Object[] shown = shown(args, locale);
        // "Không tìm thấy văn bản", not "bản ghi": a refusal names the thing as its readers know it (never its id).
        if ("problem.not-found".equals(key) && args != null && args.length > 0 && args[0] instanceof String kind) {
            String named = messages.getMessage(key + "." + kind, shown, null, locale);
            if (named != null) return named;
        }
        return messages.getMessage(key, shown, key, locale);
    }

    /** Arguments as a reader sees them: a {@link Localized} value by its name, a collection as a list of them. */
    private static Object[] shown(Object[] args, Locale locale) {
        if (args == null) return null;
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Localized l) out[i] = l.in(locale);
            else if (out[i] instanceof java.util.Collection<?> c && !c.isEmpty() && c.stream().allMatch(Localized.class::isInstance)) {
                out[i] = String.join(", ", c.stream().map(x -> ((Localized) x).in(locale)).toList());
            }
        }
        return out;
    }

    /** A problem for a status, titled and detailed from the message key. */
    public ProblemDetail problem(HttpStatus status, String key, Object[] args, Locale locale) {
        ProblemDetail p = ProblemDetail.forStatus(status);
        p.setType(URI.create("https://truongson.mil.vn/problems/" + key.replace("problem.", "").replace('.', '-')));
        p.setTitle(message("title." + status.value(), new Object[0], locale));
        p.setDetail(message(key, args, locale));
        return p;
    }

    public ProblemDetail fieldProblem(List<DomainException.FieldError> errors, Locale locale) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "problem.bad-input", new Object[0], locale);
        List<Map<String, String>> list = new ArrayList<>();
        for (DomainException.FieldError e : errors) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("field", e.field());
            m.put("message", message(e.messageKey(), e.args(), locale));
            list.add(m);
        }
        p.setProperty("errors", list);
        return p;
    }

    public void write(HttpServletRequest req, HttpServletResponse res, HttpStatus status, String key) throws IOException {
        write(res, problem(status, key, new Object[0], locale(req)));
    }

    public void write(HttpServletResponse res, ProblemDetail p) throws IOException {
        res.setStatus(p.getStatus());
        res.setContentType(PROBLEM_JSON.toString());
        res.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.getType().toString());
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (p.getProperties() != null) body.putAll(p.getProperties());
        res.getWriter().write(json.writeValueAsString(body));
    }
}
