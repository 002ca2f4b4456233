package vn.truongson.population.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.CitizenSession;
import vn.truongson.support.SandboxRegistry;

/**
 * Every refusal of the citizens' sign-in: at the platform (state, ID token checks) and at the sandbox
 * e-identity provider, driven here as a client would (client and redirect URI, PKCE, single-use codes,
 * password and one-time code, level 1 against level 2).
 */
@CitizenPlatformTest
class CitizenSignInRefusalsTest {

    static final String CLIENT = "truongson";
    static final String SECRET = "truongson-eid-demo-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired EidClient eidClient;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final String provider = SandboxRegistry.shared().url();

    // ---- at the platform ---------------------------------------------------------------------------------

    @Test
    void aCallbackWithAnotherStateIsRefusedWithAClearPage() {
        var s = new CitizenSession(port);
        var code = s.submit(s.begin("/citizen"), CitizenSession.AN, CitizenSession.PASSWORD, "");
        String forged = code.location().replaceAll("state=[^&]+", "state=forged-state");
        var r = s.follow(forged);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("data-reason=\"state\"", "Phiên đăng nhập không hợp lệ");
        assertThat(s.get("/citizen").status()).as("not signed in").isEqualTo(302);
    }

    @Test
    void aCallbackInAnotherBrowserIsRefused() {
        var victim = new CitizenSession(port);
        var code = victim.submit(victim.begin("/citizen"), CitizenSession.AN, CitizenSession.PASSWORD, "");
        var attacker = new CitizenSession(port);
        var r = attacker.follow(code.location());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("data-reason=\"state\"");
    }

    @Test
    void aCallbackReplayedAfterTheSignInIsRefused() {
        var s = new CitizenSession(port);
        var code = s.submit(s.begin("/citizen"), CitizenSession.AN, CitizenSession.PASSWORD, "");
        assertThat(s.follow(code.location()).status()).isEqualTo(302);
        var again = s.follow(code.location());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("data-reason=\"state\"");
    }

    @Test
    void cancellingAtTheProviderComesBackAsAClearRefusal() throws Exception {
        var s = new CitizenSession(port);
        String page = s.begin("/citizen");
        String request = page.replaceAll("(?s).*name=\"request\" value=\"([^\"]+)\".*", "$1");
        var r = post(provider + "/eid/authorize", Map.of("request", request, "cancel", "1"), null);
        assertThat(r.statusCode()).isEqualTo(303);
        var back = s.follow(r.headers().firstValue("location").orElseThrow());
        assertThat(back.status()).isEqualTo(403);
        assertThat(back.body()).contains("data-reason=\"cancelled\"");
    }

    @Test
    void anIdTokenSignedWithAnotherKeyOrForAnotherNonceOrAudienceIsRefused() throws Exception {
        var d = eidClient.discovery();
        String kid = JWKSet.parse(get(d.jwksUri()).body()).getKeys().getFirst().getKeyID();
        RSAKey other = new RSAKeyGenerator(2048).keyID(kid).generate();
        assertThatThrownBy(() -> eidClient.verify(token(other, d.issuer(), CLIENT, "n1"), d, "n1"))
                .isInstanceOf(EidClient.Failed.class).hasMessageContaining("signature");
        // A real token from the provider, checked against the wrong nonce: refused too.
        String real = realIdToken("n2");
        assertThat(eidClient.verify(real, d, "n2").getSubject()).isEqualTo(CitizenSession.AN);
        assertThatThrownBy(() -> eidClient.verify(real, d, "n3")).isInstanceOf(EidClient.Failed.class).hasMessageContaining("nonce");
        // Unsigned ("alg": "none") is not RS256.
        String[] parts = real.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertThatThrownBy(() -> eidClient.verify(none, d, "n2")).isInstanceOf(EidClient.Failed.class);
    }

    // ---- at the provider -----------------------------------------------------------------------------

    @Test
    void anUnknownClientOrRedirectUriGetsAnErrorPageNeverARedirect() throws Exception {
        for (String q : List.of(
                "client_id=intruder&redirect_uri=" + enc("http://localhost:1/citizen/callback"),
                "client_id=truongson&redirect_uri=" + enc("https://evil.example/citizen/callback"),
                "client_id=truongson&redirect_uri=" + enc("http://localhost:1/elsewhere"),
                "client_id=truongson&redirect_uri=" + enc("http://localhost:1/citizen/callback?x=1"),
                "client_id=truongson")) {
            var r = get(provider + "/eid/authorize?response_type=code&scope=openid&state=s&nonce=n&code_challenge_method=S256&code_challenge="
                    + challenge(verifier()) + "&" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("location")).as(q).isEmpty();
        }
    }

    @Test
    void pkceS256IsRequired() throws Exception {
        String redirect = "http://localhost:1/citizen/callback";
        for (String pkce : List.of("", "&code_challenge=" + challenge(verifier()) + "&code_challenge_method=plain",
                "&code_challenge=" + challenge(verifier()))) {
            var r = get(provider + "/eid/authorize?response_type=code&scope=openid&state=s1&nonce=n&client_id=truongson&redirect_uri=" + enc(redirect) + pkce);
            assertThat(r.statusCode()).as(pkce).isEqualTo(303);
            assertThat(r.headers().firstValue("location").orElseThrow()).as(pkce).startsWith(redirect + "?error=invalid_request").endsWith("&state=s1");
        }
    }

    @Test
    void aWrongOrMissingCodeVerifierIsRefusedAndSpendsTheCode() throws Exception {
        String verifier = verifier();
        String code = code(verifier, CitizenSession.AN, "");
        var wrong = token(code, verifier() /* another one */);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("error").asString()).isEqualTo("invalid_grant");
        // The code is gone even for the right verifier: whoever guessed wrong had it.
        assertThat(token(code, verifier).statusCode()).isEqualTo(400);

        String code2 = code(verifier, CitizenSession.AN, "");
        var missing = post(provider + "/eid/token", Map.of("grant_type", "authorization_code", "code", code2, "redirect_uri", REDIRECT,
                "client_id", CLIENT, "client_secret", SECRET), null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("code_verifier");
    }

    @Test
    void aCodeIsGoodOnceAndItsReuseRevokesTheTokens() throws Exception {
        String verifier = verifier();
        String code = code(verifier, CitizenSession.AN, "");
        var first = token(code, verifier);
        assertThat(first.statusCode()).isEqualTo(200);
        String access = JSON.readTree(first.body()).get("access_token").asString();
        assertThat(userinfo(access).statusCode()).isEqualTo(200);
        var second = token(code, verifier);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("invalid_grant", "already used");
        assertThat(userinfo(access).statusCode()).as("revoked").isEqualTo(401);
    }

    @Test
    void theTokenEndpointWantsTheClientsSecretAndTheSameRedirectUri() throws Exception {
        String verifier = verifier();
        var badSecret = post(provider + "/eid/token", Map.of("grant_type", "authorization_code", "code", code(verifier, CitizenSession.AN, ""),
                "redirect_uri", REDIRECT, "client_id", CLIENT, "client_secret", "guess", "code_verifier", verifier), null);
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(badSecret.body()).contains("invalid_client");
        var otherRedirect = post(provider + "/eid/token", Map.of("grant_type", "authorization_code", "code", code(verifier, CitizenSession.AN, ""),
                "redirect_uri", "http://localhost:2/citizen/callback", "client_id", CLIENT, "client_secret", SECRET, "code_verifier", verifier), null);
        assertThat(otherRedirect.statusCode()).isEqualTo(400);
        assertThat(otherRedirect.body()).contains("redirect_uri");
    }

    @Test
    void aWrongPasswordOrOneTimeCodeIsRefusedOnThePage() {
        var s = new CitizenSession(port);
        String page = s.begin("/citizen");
        var badPassword = s.submit(page, CitizenSession.AN, "wrong", "");
        assertThat(badPassword.status()).isEqualTo(401);
        assertThat(badPassword.body()).contains("Số định danh hoặc mật khẩu không đúng").contains("value=\"001090001234\"");
        var badOtp = s.submit(page, CitizenSession.AN, CitizenSession.PASSWORD, "000000".equals(CitizenSession.currentOtp(CitizenSession.AN)) ? "111111" : "000000");
        assertThat(badOtp.status()).isEqualTo(401);
        assertThat(badOtp.body()).contains("Mã OTP không đúng");
        var noSecondFactor = s.submit(page, CitizenSession.HA, CitizenSession.PASSWORD, CitizenSession.currentOtp(CitizenSession.HA));
        assertThat(noSecondFactor.status()).as("Hà has no OTP enrolled").isEqualTo(401);
        // Still the same request (fewer than five failures): the right answer now goes through.
        var ok = s.submit(page, CitizenSession.AN, CitizenSession.PASSWORD, "");
        assertThat(ok.status()).isEqualTo(303);
        assertThat(s.follow(ok.location()).status()).isEqualTo(302);

        page = new CitizenSession(port).begin("/citizen");
        var deceased = s.submit(page, CitizenSession.BICH, CitizenSession.PASSWORD, CitizenSession.currentOtp(CitizenSession.BICH));
        assertThat(deceased.status()).isEqualTo(401);
        var unknown = s.submit(page, "001090009999", CitizenSession.PASSWORD, "");
        assertThat(unknown.status()).isEqualTo(401);
    }

    @Test
    void fiveFailuresEndTheRequest() {
        var s = new CitizenSession(port);
        String page = s.begin("/citizen");
        for (int i = 0; i < 4; i++) assertThat(s.submit(page, CitizenSession.AN, "wrong" + i, "").status()).isEqualTo(401);
        var fifth = s.submit(page, CitizenSession.AN, "wrong", "");
        assertThat(fifth.status()).isEqualTo(303);
        assertThat(fifth.location()).contains("error=access_denied");
        assertThat(s.submit(page, CitizenSession.AN, CitizenSession.PASSWORD, "").status()).as("request spent").isEqualTo(400);
    }

    @Test
    void aServiceAskingForLevel2RefusesThePasswordAlone() {
        var s = new CitizenSession(port);
        var toProvider = s.get("/citizen/login?level=2&next=%2Fcitizen");
        assertThat(toProvider.location()).contains("acr_values=urn");
        String page = s.follow(toProvider.location()).body();
        assertThat(page).contains("mức 2");
        var passwordOnly = s.submit(page, CitizenSession.NAM, CitizenSession.PASSWORD, "");
        assertThat(passwordOnly.status()).isEqualTo(401);
        assertThat(passwordOnly.body()).contains("yêu cầu định danh điện tử mức 2");
        var both = s.submit(page, CitizenSession.NAM, CitizenSession.PASSWORD, CitizenSession.currentOtp(CitizenSession.NAM));
        assertThat(both.status()).isEqualTo(303);
        s.follow(both.location());
        assertThat(s.get("/citizen").body()).contains("Lê Hoàng Nam", "Định danh điện tử mức 2");
    }

    @Test
    void aLevel1CitizenAskedForLevel2SignsInAgain() {
        var ha = CitizenSession.signIn(port, CitizenSession.HA, 1);
        assertThat(ha.get("/citizen/login?next=%2Fcitizen").status()).as("level 1 is enough").isEqualTo(302);
        assertThat(ha.get("/citizen/login?next=%2Fcitizen").location()).endsWith("/citizen");
        assertThat(ha.get("/citizen/login?level=2&next=%2Fcitizen").location()).contains("/eid/authorize");
    }

    // ---- a client of the provider, by hand ------------------------------------------------------------

    static final String REDIRECT = "http://localhost:1/citizen/callback";

    String code(String verifier, String idNumber, String otp) throws Exception {
        var page = get(provider + "/eid/authorize?response_type=code&scope=openid&state=st&nonce=nn&client_id=truongson&redirect_uri="
                + enc(REDIRECT) + "&code_challenge_method=S256&code_challenge=" + challenge(verifier));
        assertThat(page.statusCode()).isEqualTo(200);
        String request = page.body().replaceAll("(?s).*name=\"request\" value=\"([^\"]+)\".*", "$1");
        var r = post(provider + "/eid/authorize", Map.of("request", request, "idNumber", idNumber, "password", CitizenSession.PASSWORD, "otp", otp), null);
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1");
    }

    String realIdToken(String nonce) throws Exception {
        String verifier = verifier();
        var page = get(provider + "/eid/authorize?response_type=code&scope=openid&state=st&nonce=" + nonce + "&client_id=truongson&redirect_uri="
                + enc(REDIRECT) + "&code_challenge_method=S256&code_challenge=" + challenge(verifier));
        String request = page.body().replaceAll("(?s).*name=\"request\" value=\"([^\"]+)\".*", "$1");
        var r = post(provider + "/eid/authorize", Map.of("request", request, "idNumber", CitizenSession.AN, "password", CitizenSession.PASSWORD, "otp", ""), null);
        String code = r.headers().firstValue("location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1");
        JsonNode t = JSON.readTree(token(code, verifier).body());
        return t.get("id_token").asString();
    }

    HttpResponse<String> token(String code, String verifier) throws Exception {
        return post(provider + "/eid/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", CLIENT, "client_secret", SECRET, "code_verifier", verifier), null);
    }

    HttpResponse<String> userinfo(String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(provider + "/eid/userinfo")).header("Authorization", "Bearer " + accessToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String token(RSAKey key, String issuer, String audience, String nonce) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).subject(CitizenSession.AN).audience(audience)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("nonce", nonce)
                .claim("acr", "urn:truongson:sandbox:eid:level:2").build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, Map<String, String> form, String cookie) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"))));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String verifier() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
