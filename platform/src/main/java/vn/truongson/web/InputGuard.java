package vn.truongson.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.Problems;

/**
 * The edge's one check of what arrives, before security and before any controller: the path, every query
 * parameter and every form field must be UTF-8 without NUL or lone surrogates (400 naming the parameter); the query
 * and each header stay within {@link #MAX_QUERY} and {@link #MAX_HEADER} characters (414, 431); a body announced
 * larger than the multipart limit is refused at once (413), before a byte of it is read. JSON bodies are checked by
 * {@link TextInput}'s deserializers, multipart fields by the JSON they carry.
 *
 * <p>Tomcat's own limits (server.max-http-request-header-size) are set above these, so that these answers, in the
 * caller's language and as problem+json for the API, are the ones a client sees; what Tomcat still refuses itself
 * goes through {@link TomcatErrors}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class InputGuard extends OncePerRequestFilter {

    static final int MAX_QUERY = 8 * 1024;
    static final int MAX_HEADER = 8 * 1024;

    private final Problems problems;
    private final long maxRequestBytes;

    InputGuard(Problems problems, org.springframework.core.env.Environment env) {
        this.problems = problems;
        DataSize max = env.getProperty("spring.servlet.multipart.max-request-size", DataSize.class, DataSize.ofMegabytes(60));
        this.maxRequestBytes = max.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        Refusal r = check(req);
        if (r != null) {
            refuse(req, res, r);
            return;
        }
        chain.doFilter(req, res);
    }

    record Refusal(HttpStatus status, String key, List<FieldError> errors, Object... args) {}

    private @Nullable Refusal check(HttpServletRequest req) {
        // Headers: a 10,000-character bearer token is not a token.
        Enumeration<String> names = req.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = req.getHeaders(name);
            while (values.hasMoreElements()) {
                String v = values.nextElement();
                if (v != null && v.length() > MAX_HEADER) {
                    return new Refusal(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "problem.header.too-large", List.of(), name, MAX_HEADER);
                }
            }
        }
        String query = req.getQueryString();
        if (query != null && query.length() > MAX_QUERY) {
            return new Refusal(HttpStatus.URI_TOO_LONG, "problem.query.too-long", List.of(), MAX_QUERY);
        }
        String path = req.getRequestURI();
        if (path != null && !decodesCleanly(path, false)) return badText("path");
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name = decode(rawName, true);
                if (name == null) return badText(printable(rawName));
                if (!Inputs.validText(name) || !decodesCleanly(rawValue, true)) return badText(printable(name));
            }
        }
        long length = req.getContentLengthLong();
        if (length > maxRequestBytes) {
            return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "problem.upload.too-large", List.of());
        }
        String type = req.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // Form fields as the container decoded them (the query's were checked raw above).
            for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
                if (!Inputs.validText(e.getKey())) return badText(printable(e.getKey()));
                for (String v : e.getValue()) {
                    // U+FFFD is what the container makes of bytes that were not UTF-8 (an encoded surrogate among them).
                    if (!Inputs.validText(v) || (v != null && v.indexOf('\uFFFD') >= 0)) return badText(printable(e.getKey()));
                }
            }
        }
        return null;
    }

    private static Refusal badText(String field) {
        return new Refusal(HttpStatus.BAD_REQUEST, "problem.bad-input", List.of(new FieldError(field, Inputs.TEXT_KEY)));
    }

    /** A field name as it can be shown: the bad characters replaced, so that the answer itself is valid text. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c == '\0' || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }

    private static boolean decodesCleanly(String raw, boolean plusIsSpace) {
        String s = decode(raw, plusIsSpace);
        return s != null && Inputs.validText(s);
    }

    /** Percent-decoding as strict UTF-8: null when the bytes are not UTF-8 (an encoded surrogate among them). */
    static @Nullable String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16), lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '%') {
                return null;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, Refusal r) throws IOException {
        var locale = Problems.locale(req);
        ProblemDetail p = r.status() == HttpStatus.BAD_REQUEST && !r.errors().isEmpty()
                ? problems.fieldProblem(r.errors(), locale)
                : problems.problem(r.status(), r.key(), r.args(), locale);
        p.setInstance(java.net.URI.create(safePath(req)));
        if (r.status() == HttpStatus.CONTENT_TOO_LARGE || r.status() == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
            // The body (or what follows) is not read: the connection cannot be reused.
            res.setHeader("Connection", "close");
        }
        if (wantsPage(req)) {
            String detail = r.errors().isEmpty() ? p.getDetail()
                    : r.errors().get(0).field() + ": " + problems.message(r.errors().get(0).messageKey(), r.errors().get(0).args(), locale);
            req.setAttribute(ErrorPages.DETAIL, detail);
            req.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, safePath(req));
            res.sendError(r.status().value());
            return;
        }
        problems.write(res, p);
    }

    /** The request path as an instance URI: only its valid part, never the bytes that were refused. */
    private static String safePath(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (uri == null) return "/";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < uri.length() && i < 512; i++) {
            char c = uri.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '%' || c == '\\' || c == '"') b.append('_');
            else b.append(c);
        }
        return b.toString();
    }

    /** A browser asking for a page gets the error page; API clients and everything else a problem. */
    static boolean wantsPage(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (uri != null && (uri.startsWith("/api/") || uri.startsWith("/v3/") || uri.startsWith("/actuator/"))) return false;
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
