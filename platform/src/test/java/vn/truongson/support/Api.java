package vn.truongson.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.Totp;

/**
 * A real HTTP client for the running platform: JSON in, JSON out, bearer tokens for the demo accounts
 * (signing in with the documented demo password and TOTP secret).
 */
public final class Api {

    public static final String DEMO_PASSWORD = "TruongSon@2026";
    public static final String DEMO_TOTP = "JBSWY3DPEHPK3PXP";

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            return MAPPER.readTree(body);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * {@code body} with the id {@code id} written as "#" where it stands as a path segment ("/alerts/40" → "/alerts/#"):
     * to compare a hidden record's answer with a missing one's byte for byte but for the id asked. A plain replace of the
     * digits anywhere once turned the status 404 into "#4" for an id 40.
     */
    public static String withoutId(String body, Object id) {
        return body.replaceAll("/" + java.util.regex.Pattern.quote(String.valueOf(id)) + "(?![0-9])", "/#");
    }

    /** Letters and digits with no two neighbours on the alphabet, the digit row or a QWERTY row, none repeated. */
    private static final String SPARSE = "acegikmoqsuwy02468";

    /**
     * A new password the platform's password rule always accepts: "Cay-bang-xanh-" and 16 characters no two of
     * which are neighbours on the alphabet, the digit row or a keyboard row, nor the same twice running. A random
     * UUID is not enough: "12345" or "abcde" turns up in one of a few thousand (CI once refused "…-b12345…").
     */
    public static String freshPassword() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        var s = new StringBuilder("Cay-bang-xanh-");
        char last = 0;
        for (int i = 0; i < 16; i++) {
            char c;
            do c = SPARSE.charAt(random.nextInt(SPARSE.length())); while (c == last);
            s.append(last = c);
        }
        return s.toString();
    }
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    /** A token for a demo account, cached for the run (codes cannot be replayed, so each account signs in once). */
    public String token(String username) {
        return TOKENS.computeIfAbsent(username, this::signIn);
    }

    private String signIn(String username) {
        Response r = post("/api/v1/auth/token", null, "{\"username\":\"" + username + "\",\"password\":\"" + DEMO_PASSWORD + "\"}");
        if (r.status() == 401 && r.body().contains("otpRequired")) {
            // A code may only be used once per 30 s step and account: the next step's code, else a wait (otpForAttempt).
            for (int attempt = 0; attempt < 3; attempt++) {
                String code = otpForAttempt(attempt);
                r = post("/api/v1/auth/token", null, "{\"username\":\"" + username + "\",\"password\":\"" + DEMO_PASSWORD + "\",\"otp\":\"" + code + "\"}");
                if (r.status() == 200) break;
            }
        }
        if (r.status() != 200) throw new IllegalStateException("sign-in of " + username + " failed: " + r.status() + " " + r.body());
        return r.json().get("accessToken").asString();
    }

    /**
     * The demo accounts' one-time code for a sign-in's attempt: the current step's; after a refusal (the account used
     * this step already, a code works once) the next step's, which the platform accepts for clock drift; after a second
     * refusal (that one used too) the next step's after waiting for the step to turn. Saves the 30 s waits that
     * repeated sign-ins of one account cost every browser test.
     */
    public static String otpForAttempt(int attempt) {
        if (attempt >= 2) sleepToNextStep();
        return Totp.code(DEMO_TOTP, Totp.step(Instant.now()) + (attempt == 0 ? 0 : 1));
    }

    public static void sleepToNextStep() {
        long ms = 30_000 - (System.currentTimeMillis() % 30_000) + 200;
        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    public Response get(String path, String username) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), username);
    }

    public Response post(String path, String username, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), username);
    }

    public Response put(String path, String username, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), username);
    }

    public Response delete(String path, String username) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), username);
    }

    public Response send(HttpRequest.Builder b, String username) {
        if (username != null) b.header("Authorization", "Bearer " + token(username));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String s) {
        return MAPPER.readTree(s);
    }
}
