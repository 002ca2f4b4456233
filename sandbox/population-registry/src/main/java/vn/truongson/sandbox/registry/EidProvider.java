package vn.truongson.sandbox.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox e-identity provider, a stand-in for VNeID: OpenID Connect, authorization code flow with PKCE
 * (S256 only), confidential clients. Discovery at {@code /.well-known/openid-configuration}; keys at
 * {@code /eid/jwks}; {@code /eid/authorize} shows the sign-in page (ID number, password, one-time code);
 * {@code /eid/token} exchanges a code once; {@code /eid/userinfo} answers the citizen's registry data.
 * The ID token's {@code acr} says the e-ID level: {@value #ACR_PREFIX}1 (password) or …2 (password and
 * one-time code).
 *
 * <p>Refused: an unknown client or a redirect URI not registered for it (an error page, never a redirect),
 * a request without an S256 code challenge or a nonce, a code used twice (and the tokens issued from it are
 * revoked), a code older than {@code sandbox.eid.code-ttl}, a missing or wrong code verifier, a redirect URI
 * at the token endpoint other than the one of the request, a wrong client secret.
 */
@RestController
@RequestMapping
@EnableConfigurationProperties(EidProperties.class)
class EidProvider {

    static final String ACR_PREFIX = "urn:truongson:sandbox:eid:level:";
    private static final int MAX_FAILURES = 5;

    private final JdbcClient jdbc;
    private final EidProperties props;
    private final EidAccounts accounts;
    private final RSAKey key;
    private final SecureRandom random = new SecureRandom();
    private volatile String issuer;

    EidProvider(JdbcClient jdbc, EidProperties props, EidAccounts accounts) throws JOSEException {
        this.jdbc = jdbc;
        this.props = props;
        this.accounts = accounts;
        // A fresh signing key per start: relying parties read it from the JWKS.
        this.key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("sandbox-" + Instant.now().getEpochSecond()).generate();
        this.issuer = props.issuer();
    }

    @EventListener
    void started(WebServerInitializedEvent e) {
        if (issuer.isBlank()) issuer = "http://localhost:" + e.getWebServer().getPort();
    }

    String issuer() {
        return issuer;
    }

    // ---- discovery and keys --------------------------------------------------------------------------

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/eid/authorize");
        d.put("token_endpoint", issuer + "/eid/token");
        d.put("userinfo_endpoint", issuer + "/eid/userinfo");
        d.put("jwks_uri", issuer + "/eid/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("scopes_supported", List.of("openid", "profile", "address", "phone", "email"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("acr_values_supported", List.of(ACR_PREFIX + "1", ACR_PREFIX + "2"));
        d.put("claims_supported", List.of("sub", "name", "birthdate", "gender", "address", "phone_number", "email", "acr", "amr", "nonce"));
        return d;
    }

    @GetMapping(path = "/eid/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    // ---- authorization: the sign-in page -------------------------------------------------------------

    @GetMapping(path = "/eid/authorize", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> authorize(@RequestParam Map<String, String> p) {
        String clientId = p.get("client_id"), redirectUri = p.get("redirect_uri"), state = p.get("state");
        EidProperties.Client client = clientId == null ? null : clients().get(clientId);
        if (client == null) return errorPage(HttpStatus.BAD_REQUEST, "Ứng dụng không được đăng ký (unknown client_id).");
        if (redirectUri == null || !registered(client, redirectUri)) {
            return errorPage(HttpStatus.BAD_REQUEST, "Địa chỉ quay về không được đăng ký cho ứng dụng này (unregistered redirect_uri).");
        }
        if (!"code".equals(p.get("response_type"))) return redirectError(redirectUri, state, "unsupported_response_type", "response_type must be code");
        if (p.get("scope") == null || !List.of(p.get("scope").split(" ")).contains("openid")) {
            return redirectError(redirectUri, state, "invalid_scope", "scope must include openid");
        }
        String challenge = p.get("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}") || !"S256".equals(p.get("code_challenge_method"))) {
            return redirectError(redirectUri, state, "invalid_request", "PKCE with code_challenge_method=S256 is required");
        }
        String nonce = p.get("nonce");
        if (nonce == null || nonce.isBlank() || nonce.length() > 200) return redirectError(redirectUri, state, "invalid_request", "nonce is required");
        int minLevel = p.getOrDefault("acr_values", "").contains(ACR_PREFIX + "2") ? 2 : 1;
        // Yesterday's sign-ins, codes and tokens are of no use to anyone: the sandbox keeps its tables small.
        jdbc.sql("delete from eid_request where created_at < now() - interval '1 day'").update();
        jdbc.sql("delete from eid_code where created_at < now() - interval '1 day'").update();
        String id = randomToken();
        jdbc.sql("insert into eid_request (id, client_id, redirect_uri, state, nonce, code_challenge, min_level) values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, clientId, redirectUri, state, nonce, challenge, minLevel).update();
        return page(HttpStatus.OK, signInPage(id, client.name(), minLevel, null, ""), redirectUri);
    }

    private record Pending(String clientId, String redirectUri, String state, String nonce, String challenge, int minLevel, int failures) {}

    @PostMapping(path = "/eid/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    @Transactional
    ResponseEntity<String> signIn(@RequestParam("request") String requestId, @RequestParam(name = "idNumber", defaultValue = "") String idNumber,
            @RequestParam(name = "password", defaultValue = "") String password, @RequestParam(name = "otp", defaultValue = "") String otp,
            @RequestParam(name = "cancel", required = false) String cancel) {
        Optional<Pending> found = jdbc.sql("""
                select client_id, redirect_uri, state, nonce, code_challenge, min_level, failures from eid_request
                where id = ? and done_at is null and created_at > now() - interval '10 minutes' for update""").param(requestId)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7)))
                .optional();
        if (found.isEmpty()) return errorPage(HttpStatus.BAD_REQUEST, "Yêu cầu đăng nhập đã hết hạn hoặc đã dùng. Hãy quay lại dịch vụ và đăng nhập lại.");
        Pending r = found.get();
        String clientName = clients().get(r.clientId()).name();
        if (cancel != null) {
            jdbc.sql("update eid_request set done_at = now() where id = ?").param(requestId).update();
            return redirectError(r.redirectUri(), r.state(), "access_denied", "the citizen cancelled");
        }
        idNumber = idNumber.strip();
        otp = otp.strip();
        String refusal = null;
        int level = 0;
        var account = idNumber.matches("\\d{12}") ? accounts.find(idNumber) : Optional.<EidAccounts.Account>empty();
        boolean alive = account.isPresent() && jdbc.sql("select deceased_on is null from citizen where id_number = ?").param(idNumber)
                .query(Boolean.class).optional().orElse(false);
        if (account.isEmpty() || !EidAccounts.passwordMatches(password, account.get().passwordHash()) || !alive) {
            refusal = "Số định danh hoặc mật khẩu không đúng.";
        } else if (otp.isEmpty()) {
            level = 1;
            if (r.minLevel() > 1) refusal = "Dịch vụ này yêu cầu định danh điện tử mức 2: hãy nhập mã OTP.";
        } else if (account.get().totpSecret() == null || !accounts.useTotp(idNumber, account.get().totpSecret(), otp, Instant.now())) {
            // A code works once: one already used (this sign-in or another) is refused like a wrong one.
            refusal = "Mã OTP không đúng, đã hết hạn hoặc đã được dùng.";
        } else {
            level = 2;
        }
        if (refusal != null) {
            int failures = r.failures() + 1;
            if (failures >= MAX_FAILURES) {
                jdbc.sql("update eid_request set failures = ?, done_at = now() where id = ?").params(failures, requestId).update();
                return redirectError(r.redirectUri(), r.state(), "access_denied", "too many failed attempts");
            }
            jdbc.sql("update eid_request set failures = ? where id = ?").params(failures, requestId).update();
            return page(HttpStatus.UNAUTHORIZED, signInPage(requestId, clientName, r.minLevel(), refusal, idNumber), r.redirectUri());
        }
        jdbc.sql("update eid_request set done_at = now() where id = ?").param(requestId).update();
        String code = randomToken();
        jdbc.sql("""
                insert into eid_code (code, client_id, redirect_uri, nonce, code_challenge, id_number, level, auth_time)
                values (?, ?, ?, ?, ?, ?, ?, now())""")
                .params(code, r.clientId(), r.redirectUri(), r.nonce(), r.challenge(), idNumber, level).update();
        return redirect(r.redirectUri(), Map.of("code", code), r.state());
    }

    // ---- token and userinfo --------------------------------------------------------------------------

    private record IssuedCode(String clientId, String redirectUri, String nonce, String challenge, String idNumber, int level, Instant authTime,
            boolean fresh) {}

    @PostMapping(path = "/eid/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Transactional(noRollbackFor = Refused.class)
    ResponseEntity<Map<String, Object>> token(HttpServletRequest req, @RequestParam Map<String, String> p) throws JOSEException {
        try {
            String clientId = p.get("client_id"), secret = p.get("client_secret");
            String basic = req.getHeader(HttpHeaders.AUTHORIZATION);
            if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
                String[] cs = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
                clientId = URLDecoder(cs[0]);
                secret = cs.length > 1 ? URLDecoder(cs[1]) : null;
            }
            EidProperties.Client client = clientId == null ? null : clients().get(clientId);
            if (client == null || secret == null || !MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
                throw new Refused(HttpStatus.UNAUTHORIZED, "invalid_client", "unknown client or wrong secret");
            }
            if (!"authorization_code".equals(p.get("grant_type"))) throw new Refused(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "authorization_code only");
            String code = p.get("code");
            if (code == null) throw new Refused(HttpStatus.BAD_REQUEST, "invalid_request", "code is required");
            // Spent in the statement that reads it: a code is good for one exchange, even when two race for it.
            Optional<IssuedCode> spent = jdbc.sql("""
                    update eid_code set used_at = now() where code = ? and used_at is null
                    returning client_id, redirect_uri, nonce, code_challenge, id_number, level, auth_time, created_at""")
                    .param(code)
                    .query((rs, n) -> new IssuedCode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5).strip(),
                            rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant().plus(props.codeTtl()).isAfter(Instant.now())))
                    .optional();
            if (spent.isEmpty()) {
                // Unknown, or presented again: whoever has it may have stolen it. Revoke what was issued from it.
                int revoked = jdbc.sql("delete from eid_access_token where code = ?").param(code).update();
                boolean known = jdbc.sql("select count(*) from eid_code where code = ?").param(code).query(Integer.class).single() > 0;
                throw new Refused(HttpStatus.BAD_REQUEST, "invalid_grant", known ? "code already used" + (revoked > 0 ? "; its tokens are revoked" : "") : "unknown code");
            }
            IssuedCode c = spent.get();
            if (!c.fresh()) throw new Refused(HttpStatus.BAD_REQUEST, "invalid_grant", "code expired");
            if (!c.clientId().equals(clientId)) throw new Refused(HttpStatus.BAD_REQUEST, "invalid_grant", "code issued to another client");
            if (!c.redirectUri().equals(p.get("redirect_uri"))) throw new Refused(HttpStatus.BAD_REQUEST, "invalid_grant", "redirect_uri differs from the request's");
            String verifier = p.get("code_verifier");
            if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}") || !s256(verifier).equals(c.challenge())) {
                throw new Refused(HttpStatus.BAD_REQUEST, "invalid_grant", "code_verifier does not match the code_challenge");
            }
            String accessToken = randomToken();
            Instant now = Instant.now();
            jdbc.sql("insert into eid_access_token (token, code, id_number, client_id, expires_at) values (?, ?, ?, ?, ?)")
                    .params(accessToken, code, c.idNumber(), clientId, java.sql.Timestamp.from(now.plus(props.tokenTtl()))).update();
            String name = jdbc.sql("select full_name from citizen where id_number = ?").param(c.idNumber()).query(String.class).single();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer).subject(c.idNumber()).audience(clientId)
                    .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(300)))
                    .claim("auth_time", c.authTime().getEpochSecond()).claim("nonce", c.nonce())
                    .claim("acr", ACR_PREFIX + c.level()).claim("amr", c.level() == 2 ? List.of("pwd", "otp") : List.of("pwd"))
                    .claim("name", name)
                    .build();
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            idToken.sign(new RSASSASigner(key));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", accessToken);
            body.put("token_type", "Bearer");
            body.put("expires_in", props.tokenTtl().toSeconds());
            body.put("scope", "openid profile address phone email");
            body.put("id_token", idToken.serialize());
            return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
        } catch (Refused r) {
            return ResponseEntity.status(r.status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(Map.of("error", r.error, "error_description", r.getMessage()));
        }
    }

    @RequestMapping(path = "/eid/userinfo", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> userinfo(HttpServletRequest req) {
        String h = req.getHeader(HttpHeaders.AUTHORIZATION);
        String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
        Optional<String> idNumber = jdbc.sql("select id_number from eid_access_token where token = ? and expires_at > now()").param(token)
                .query(String.class).optional();
        if (idNumber.isEmpty()) {
            return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").build();
        }
        var account = accounts.find(idNumber.get()).orElseThrow();
        return ResponseEntity.ok(jdbc.sql("""
                select c.id_number, c.full_name, c.date_of_birth, c.gender, h.address, h.province_code
                from citizen c join household h on h.id = c.household_id where c.id_number = ?""").param(idNumber.get())
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sub", rs.getString(1));
                    m.put("id_number", rs.getString(1));
                    m.put("name", rs.getString(2));
                    m.put("birthdate", rs.getObject(3, LocalDate.class).toString());
                    m.put("gender", "MALE".equals(rs.getString(4)) ? "male" : "female");
                    String residence = rs.getString(5);
                    m.put("address", Map.of("formatted", residence, "region", Provinces.NAMES.getOrDefault(rs.getString(6), ""), "country", "VN"));
                    if (account.phone() != null) m.put("phone_number", account.phone());
                    if (account.email() != null) m.put("email", account.email());
                    return m;
                }).single());
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String error;

        Refused(HttpStatus status, String error, String description) {
            super(description);
            this.status = status;
            this.error = error;
        }
    }

    private static String URLDecoder(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private Map<String, EidProperties.Client> clients() {
        return props.clients() == null ? Map.of() : props.clients();
    }

    /** Exactly a registered URI; on the loopback host, any port (RFC 8252 §7.3). */
    static boolean registered(EidProperties.Client client, String redirectUri) {
        URI u;
        try {
            u = URI.create(redirectUri);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getHost() == null) return false;
        for (String r : client.redirectUris()) {
            URI reg = URI.create(r.strip());
            boolean loopback = "localhost".equals(reg.getHost()) || "127.0.0.1".equals(reg.getHost());
            if (reg.getScheme().equals(u.getScheme()) && reg.getHost().equals(u.getHost()) && reg.getRawPath().equals(u.getRawPath())
                    && (loopback || reg.getPort() == u.getPort())) {
                return true;
            }
        }
        return false;
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static ResponseEntity<String> redirectError(String redirectUri, String state, String error, String description) {
        return redirect(redirectUri, orderedParams("error", error, "error_description", description), state);
    }

    /** Query parameters in the order given (Map.of iterates in an order that changes from run to run). */
    private static Map<String, String> orderedParams(String k1, String v1, String k2, String v2) {
        var m = new java.util.LinkedHashMap<String, String>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static ResponseEntity<String> redirect(String redirectUri, Map<String, String> params, String state) {
        StringBuilder sb = new StringBuilder(redirectUri).append('?');
        params.forEach((k, v) -> sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        if (state != null) sb.append("state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8)).append('&');
        sb.setLength(sb.length() - 1);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(sb.toString())).build();
    }

    private static ResponseEntity<String> page(HttpStatus status, String html) {
        return page(status, html, null);
    }

    /** The form posts here and is redirected on to the client: CSP's form-action must allow both. */
    private static ResponseEntity<String> page(HttpStatus status, String html, String redirectUri) {
        String formAction = "'self'";
        if (redirectUri != null) {
            URI u = URI.create(redirectUri);
            formAction += " " + u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        }
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action " + formAction)
                .body(html);
    }

    private static ResponseEntity<String> errorPage(HttpStatus status, String message) {
        return page(status, shell("Không thể đăng nhập", "<div class=\"error\" role=\"alert\">" + esc(message) + "</div>"));
    }

    private static String signInPage(String requestId, String clientName, int minLevel, String error, String idNumber) {
        return shell("Đăng nhập bằng định danh điện tử", """
                <p>Ứng dụng <strong>%s</strong> yêu cầu xác thực định danh điện tử%s.</p>
                %s
                <form method="post" action="/eid/authorize">
                  <input type="hidden" name="request" value="%s">
                  <label for="idNumber">Số định danh cá nhân</label>
                  <input id="idNumber" name="idNumber" inputmode="numeric" autocomplete="username" maxlength="12" required value="%s">
                  <label for="password">Mật khẩu</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <label for="otp">Mã OTP (để trống: mức 1; nhập mã: mức 2)</label>
                  <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
                  <div class="actions"><button type="submit" id="signIn">Đăng nhập</button>
                  <button type="submit" name="cancel" value="1" formnovalidate class="secondary">Hủy</button></div>
                </form>
                <details><summary>Tài khoản thử nghiệm (sandbox)</summary>
                <p>Mật khẩu của mọi tài khoản thử nghiệm: xem README của sandbox. Mã OTP: TOTP với khóa thử nghiệm
                (Google Authenticator hoặc <code>oathtool --totp -b</code>).</p></details>
                """.formatted(esc(clientName), minLevel > 1 ? " mức 2" : "",
                        error == null ? "" : "<div class=\"error\" role=\"alert\">" + esc(error) + "</div>", esc(requestId), esc(idNumber)));
    }

    private static String shell(String title, String body) {
        return """
                <!doctype html>
                <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s — VNeID (sandbox)</title>
                <style>body{font-family:sans-serif;margin:0;background:#f4f6f8}.sandbox{background:#fff3cd;border-bottom:2px solid #d39e00;padding:.75rem 1rem;font-weight:bold}
                main{max-width:26rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
                h1{font-size:1.3rem;color:#b71c1c}label{display:block;margin-top:1rem;font-weight:600}input{width:100%%;box-sizing:border-box;padding:.5rem;font-size:1rem}
                .actions{margin-top:1.5rem;display:flex;gap:.5rem}button{padding:.6rem 1.2rem;font-size:1rem;background:#b71c1c;color:#fff;border:0;border-radius:4px}
                button.secondary{background:#777}.error{background:#fdecea;border:1px solid #b71c1c;padding:.6rem;margin:1rem 0;color:#7f0000}
                details{margin-top:1.5rem;font-size:.9rem;color:#555}</style></head>
                <body><div class="sandbox">Môi trường thử nghiệm (sandbox) — không phải VNeID thật; dữ liệu công dân là giả lập</div>
                <main><h1>%s</h1>%s</main></body></html>
                """.formatted(esc(title), esc(title), body);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
