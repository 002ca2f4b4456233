package vn.truongson.population.citizen;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import vn.truongson.population.Gender;
import vn.truongson.population.PopulationProperties;

/**
 * The relying party's side of OpenID Connect with the e-identity provider: discovery, the authorization
 * request (state, nonce, PKCE S256), the code exchange, the ID token's checks (signature against the JWKS,
 * RS256 only, issuer, audience, expiry, nonce) and the userinfo look-up.
 */
@Component
class EidClient {

    /** The level is the digit at the end of {@code acr} (the sandbox: {@code urn:truongson:sandbox:eid:level:2}). */
    static final String ACR_LEVEL_2 = "urn:truongson:sandbox:eid:level:2";

    /** Why a sign-in failed; {@code reason} names a message (citizen.error.*). */
    static final class Failed extends RuntimeException {
        final String reason;

        Failed(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        Failed(String reason, String detail, Throwable cause) {
            super(detail, cause);
            this.reason = reason;
        }
    }

    record Discovery(String issuer, String authorizationEndpoint, String tokenEndpoint, String userinfoEndpoint, String jwksUri) {}

    private final EidProperties props;
    private final PopulationProperties population;
    private final RestClient http;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<@Nullable Discovery> discovery = new AtomicReference<>();

    EidClient(EidProperties props, PopulationProperties population) {
        this.props = props;
        this.population = population;
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(population.connectTimeout()).build());
        factory.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    String issuer() {
        String i = props.issuer().isBlank() ? population.registryUrl() : props.issuer();
        return i.endsWith("/") ? i.substring(0, i.length() - 1) : i;
    }

    PendingSignIn start(String redirectUri, String next) {
        return new PendingSignIn(randomToken(), randomToken(), randomToken() + randomToken().substring(0, 20), redirectUri, next, Instant.now());
    }

    URI authorizationUri(PendingSignIn p, boolean requireLevel2) {
        var b = UriComponentsBuilder.fromUriString(discovery().authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", props.clientId())
                .queryParam("redirect_uri", p.redirectUri())
                .queryParam("scope", "openid profile address phone email")
                .queryParam("state", p.state())
                .queryParam("nonce", p.nonce())
                .queryParam("code_challenge", s256(p.codeVerifier()))
                .queryParam("code_challenge_method", "S256");
        if (requireLevel2) b.queryParam("acr_values", ACR_LEVEL_2);
        return b.encode().build().toUri();
    }

    /** Exchanges the code, checks the ID token, and reads the citizen's data. */
    SignedInCitizen complete(String code, PendingSignIn p) {
        Discovery d = discovery();
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", p.redirectUri());
        form.add("client_id", props.clientId());
        form.add("client_secret", props.clientSecret());
        form.add("code_verifier", p.codeVerifier());
        Map<?, ?> tokens;
        try {
            tokens = http.post().uri(d.tokenEndpoint()).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form)
                    .retrieve().onStatus(s -> s.isError(), (req, res) -> {
                        throw new Failed("token", "the provider refused the code: " + res.getStatusCode() + " "
                                + new String(res.getBody().readNBytes(500), StandardCharsets.UTF_8));
                    }).body(Map.class);
        } catch (RestClientException e) {
            throw new Failed("unavailable", "token endpoint: " + e.getMessage(), e);
        }
        if (tokens == null || !(tokens.get("id_token") instanceof String idToken) || !(tokens.get("access_token") instanceof String accessToken)) {
            throw new Failed("token", "no id_token or access_token in the token response");
        }
        JWTClaimsSet claims = verify(idToken, d, p.nonce());
        Map<?, ?> info;
        try {
            info = http.get().uri(d.userinfoEndpoint()).header("Authorization", "Bearer " + accessToken).retrieve().body(Map.class);
        } catch (RestClientException e) {
            throw new Failed("unavailable", "userinfo: " + e.getMessage(), e);
        }
        if (info == null || !claims.getSubject().equals(info.get("sub"))) throw new Failed("token", "userinfo is about another subject");
        try {
            String acr = String.valueOf(claims.getClaim("acr"));
            int level = acr.endsWith(":2") ? 2 : acr.endsWith(":1") ? 1 : 0;
            if (level == 0) throw new Failed("token", "unknown acr " + acr);
            String idNumber = String.valueOf(info.get("id_number") != null ? info.get("id_number") : claims.getSubject());
            String residence = info.get("address") instanceof Map<?, ?> a && a.get("formatted") != null ? String.valueOf(a.get("formatted")) : "";
            return new SignedInCitizen(idNumber, vn.truongson.core.VietnameseText.nfc(String.valueOf(info.get("name"))),
                    LocalDate.parse(String.valueOf(info.get("birthdate"))),
                    "female".equals(info.get("gender")) ? Gender.FEMALE : Gender.MALE,
                    vn.truongson.core.VietnameseText.nfc(residence),
                    info.get("phone_number") == null ? null : String.valueOf(info.get("phone_number")),
                    info.get("email") == null ? null : String.valueOf(info.get("email")), level, Instant.now());
        } catch (RuntimeException e) {
            if (e instanceof Failed f) throw f;
            throw new Failed("token", "unreadable userinfo: " + e.getMessage(), e);
        }
    }

    JWTClaimsSet verify(String idToken, Discovery d, String nonce) {
        try {
            SignedJWT jwt = SignedJWT.parse(idToken);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) throw new Failed("token", "ID token not RS256");
            JWKSet keys = JWKSet.parse(http.get().uri(d.jwksUri()).retrieve().body(String.class));
            JWK jwk = jwt.getHeader().getKeyID() == null ? null : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (!(jwk instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) throw new Failed("token", "ID token signature does not verify");
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Instant now = Instant.now();
            if (!d.issuer().equals(c.getIssuer())) throw new Failed("token", "ID token from another issuer: " + c.getIssuer());
            if (c.getAudience() == null || !c.getAudience().contains(props.clientId())) throw new Failed("token", "ID token for another audience");
            if (c.getExpirationTime() == null || c.getExpirationTime().before(Date.from(now.minus(props.clockSkew())))) throw new Failed("token", "ID token expired");
            if (c.getIssueTime() != null && c.getIssueTime().after(Date.from(now.plus(props.clockSkew())))) throw new Failed("token", "ID token issued in the future");
            if (!MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8), String.valueOf(c.getClaim("nonce")).getBytes(StandardCharsets.UTF_8))) {
                throw new Failed("token", "ID token nonce differs from the one sent");
            }
            if (c.getSubject() == null) throw new Failed("token", "ID token without subject");
            return c;
        } catch (ParseException | JOSEException e) {
            throw new Failed("token", "unreadable ID token: " + e.getMessage(), e);
        } catch (RestClientException e) {
            throw new Failed("unavailable", "jwks: " + e.getMessage(), e);
        }
    }

    Discovery discovery() {
        Discovery d = discovery.get();
        if (d != null) return d;
        String issuer = issuer();
        if (issuer.isBlank()) throw new Failed("unavailable", "no e-identity provider configured (truongson.population.eid.issuer)");
        try {
            Map<?, ?> m = http.get().uri(issuer + "/.well-known/openid-configuration").retrieve().body(Map.class);
            if (m == null || !issuer.equals(m.get("issuer"))) throw new Failed("unavailable", "discovery document of another issuer: " + (m == null ? null : m.get("issuer")));
            d = new Discovery(issuer, (String) m.get("authorization_endpoint"), (String) m.get("token_endpoint"), (String) m.get("userinfo_endpoint"),
                    (String) m.get("jwks_uri"));
            discovery.set(d);
            return d;
        } catch (RestClientException e) {
            throw new Failed("unavailable", "discovery: " + e.getMessage(), e);
        }
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
