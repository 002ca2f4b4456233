package vn.truongson.exchange;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.Inputs;

/**
 * {@code POST /oauth2/token}: the client-credentials grant (RFC 6749 §4.4) for registered systems, the client
 * authenticated with HTTP Basic (§2.3.1). Errors are OAuth's own JSON ({@code invalid_client}, 401;
 * {@code unsupported_grant_type}, {@code invalid_request}, 400), as clients of that RFC expect.
 */
@RestController
class TokenEndpoint {

    private final Credentials credentials;

    TokenEndpoint(Credentials credentials) {
        this.credentials = credentials;
    }

    @PostMapping(path = "/oauth2/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(HttpServletRequest req) {
        String grant = req.getParameter("grant_type");
        if (grant == null || grant.isBlank()) return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        if (!"client_credentials".equals(grant)) return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "only client_credentials");
        Optional<String[]> basic = basic(req.getHeader("Authorization"));
        if (basic.isEmpty()) return error(HttpStatus.UNAUTHORIZED, "invalid_client", "HTTP Basic client authentication is required");
        String clientId = basic.get()[0];
        String secret = basic.get()[1];
        Optional<Credentials.Token> t = credentials.token(clientId, secret);
        if (t.isEmpty()) return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.get().accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", t.get().expiresIn());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }

    /** client id and secret from {@code Authorization: Basic …}, form-urlencoded inside as RFC 6749 §2.3.1 says. */
    static Optional<String[]> basic(String h) {
        if (h == null || h.length() > 1024 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) return Optional.empty();
            String id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (!Inputs.validText(id) || !Inputs.validText(secret) || id.isEmpty() || secret.isEmpty()) return Optional.empty();
            return Optional.of(new String[] {id, secret});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        var b = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
        if (status == HttpStatus.UNAUTHORIZED) b = b.header("WWW-Authenticate", "Basic realm=\"truongson-exchange\"");
        return b.body(body);
    }
}
