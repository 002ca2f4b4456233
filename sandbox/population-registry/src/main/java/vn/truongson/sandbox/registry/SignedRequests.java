package vn.truongson.sandbox.registry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Client authentication of the registry API by a signed token, and the access log.
 *
 * <p>Every request to {@code /registry/**} carries {@code X-Registry-Client}, {@code X-Registry-Timestamp}
 * (epoch seconds), {@code X-Registry-Nonce} and {@code X-Registry-Signature}: Base64 of HMAC-SHA256, with
 * the client's shared secret, over {@code METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBase64(SHA-256(body))}.
 * A timestamp more than the allowed skew (5 minutes) away is refused, and so is a nonce already seen:
 * a captured request can be neither replayed nor altered. {@code X-Purpose} states why the data is
 * processed (Decree 13/2023/NĐ-CP); every request, refused or not, is written to {@code access_log}.
 */
@Component
class SignedRequests extends OncePerRequestFilter {

    static final String CLIENT = "X-Registry-Client";
    static final String TIMESTAMP = "X-Registry-Timestamp";
    static final String NONCE = "X-Registry-Nonce";
    static final String SIGNATURE = "X-Registry-Signature";
    static final String PURPOSE = "X-Purpose";

    private final Map<String, String> secrets;
    private final Duration skew;
    private final JdbcClient jdbc;

    SignedRequests(Environment env, JdbcClient jdbc) {
        this.secrets = new HashMap<>(Binder.get(env).bind("sandbox.clients", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        this.skew = env.getProperty("sandbox.clock-skew", Duration.class, Duration.ofMinutes(5));
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/registry/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        byte[] body = req.getInputStream().readAllBytes();
        String client = req.getHeader(CLIENT);
        String refusal = refusal(req, client, body);
        String path = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        if (refusal != null) {
            res.setStatus(401);
            res.setContentType("application/problem+json");
            res.setCharacterEncoding("UTF-8");
            res.getWriter().write("{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"" + refusal + "\"}");
            log(client, req.getMethod(), path, req.getHeader(PURPOSE), "REFUSED: " + refusal, 401);
            return;
        }
        try {
            chain.doFilter(new Replayed(req, body), res);
        } finally {
            log(client, req.getMethod(), path, req.getHeader(PURPOSE), res.getStatus() < 400 ? "OK" : "ERROR", res.getStatus());
        }
    }

    private String refusal(HttpServletRequest req, String client, byte[] body) {
        String secret = client == null ? null : secrets.get(client);
        if (secret == null) return "unknown client";
        String ts = req.getHeader(TIMESTAMP);
        String nonce = req.getHeader(NONCE);
        String signature = req.getHeader(SIGNATURE);
        if (ts == null || nonce == null || signature == null || nonce.isBlank() || nonce.length() > 100) return "missing signature headers";
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > skew.toSeconds()) return "timestamp outside the allowed window";
        String path = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        String expected = sign(secret, req.getMethod(), path, ts, nonce, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return "bad signature";
        }
        // Seen nonces outlive the window; older ones would be refused by their timestamp anyway.
        jdbc.sql("delete from request_nonce where seen_at < now() - make_interval(secs => ?)").param(2 * skew.toSeconds()).update();
        int fresh = jdbc.sql("insert into request_nonce (nonce) values (?) on conflict do nothing").param(client + ":" + nonce).update();
        if (fresh == 0) return "nonce already used";
        return null;
    }

    static String sign(String secret, String method, String pathAndQuery, String timestamp, String nonce, byte[] body) {
        try {
            String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
            String canonical = method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private void log(String client, String method, String path, String purpose, String outcome, int status) {
        jdbc.sql("insert into access_log (client_id, method, path, purpose, outcome, status) values (?, ?, ?, ?, ?, ?)")
                .params(client == null ? "unknown" : truncate(client), method, truncate(path), purpose == null ? null : truncate(purpose), outcome, status)
                .update();
    }

    private static String truncate(String s) { return s.length() > 200 ? s.substring(0, 200) : s; }

    /** The request with its body, already read for the signature, readable again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener l) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
