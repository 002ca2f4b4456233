package vn.truongson.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.truongson.access.Totp;

/**
 * A citizen signed in through the real flow: the platform's {@code /citizen/login}, the sandbox e-identity
 * provider's sign-in page (ID number, password, and for level 2 the TOTP code), the platform's callback.
 * Plain HTTP, every redirect followed by hand, the platform's session cookie kept. Use it with
 * {@link CitizenPlatformTest}:
 *
 * <pre>{@code
 * var an = CitizenSession.signIn(port, CitizenSession.AN, 2);
 * var page = an.get("/citizen");          // 200, "Nguyễn Văn An"
 * an.cookie();                            // "SESSION=…", for another HTTP client or MockMvc
 * }</pre>
 *
 * The steps are public too ({@link #begin}, {@link #submit}, {@link #follow}) for tests of each refusal.
 */
public final class CitizenSession {

    /** The sandbox's documented citizens (sandbox/population-registry/README.md): ID number, password, TOTP secret. */
    public static final String AN = "001090001234";        // Nguyễn Văn An, level 1 or 2
    public static final String NAM = "048203000999";       // Lê Hoàng Nam, level 1 or 2
    public static final String HA = "036307004321";        // Phạm Thị Thu Hà, a minor, level 1 only (no OTP enrolled)
    public static final String BICH = "079155000777";      // Trần Thị Bích, deceased: refused
    public static final String PASSWORD = "CongDan@2026";
    public static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";

    public record Response(int status, String body, Map<String, List<String>> headers) {
        public String location() {
            return headers.getOrDefault("location", List.of("")).getFirst();
        }
    }

    private static final Pattern REQUEST_FIELD = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public CitizenSession(int platformPort) {
        this.base = "http://localhost:" + platformPort;
    }

    /** Signs {@code idNumber} in with the demo password, at level 1 (password) or 2 (password and TOTP); fails loudly otherwise. */
    public static CitizenSession signIn(int platformPort, String idNumber, int level) {
        CitizenSession s = new CitizenSession(platformPort);
        String page = s.begin("/citizen");
        Response answer = s.submit(page, idNumber, PASSWORD, level >= 2 ? currentOtp(idNumber) : "");
        if (answer.status() != 303) throw new IllegalStateException("the provider refused the sign-in: " + answer.status() + " " + answer.body());
        Response back = s.follow(answer.location());
        if (back.status() != 302 || !back.location().endsWith("/citizen")) {
            throw new IllegalStateException("the platform refused the callback: " + back.status() + " " + back.body());
        }
        return s;
    }

    /**
     * The last time step whose code this JVM handed out, per citizen: the demo citizens share one secret, but the
     * provider remembers the last step used per citizen ({@code eid_account.totp_last_step}), so only a second code for
     * the same citizen within a step has to wait.
     */
    private static final java.util.Map<String, Long> lastHandedStep = new java.util.HashMap<>();

    /**
     * A one-time code for {@code idNumber} that this run has not handed out for that citizen before: the provider
     * takes a code once per citizen (issue 10, finding 12) and accepts one step either side, so the current step's
     * code, else the next step's, else (both given) the next step's after waiting for it.
     */
    public static synchronized String currentOtp(String idNumber) {
        long last = lastHandedStep.getOrDefault(idNumber, -1L);
        long now = Totp.step(Instant.now());
        long step = Math.max(now, last + 1);
        if (step > now + 1) {
            Api.sleepToNextStep();
            now = Totp.step(Instant.now());
            step = Math.max(now, last + 1);
        }
        lastHandedStep.put(idNumber, step);
        return Totp.code(TOTP_SECRET, step);
    }

    /** GET /citizen/login?next=…, then the provider's sign-in page: returns the page's HTML. */
    public String begin(String next) {
        Response toProvider = get("/citizen/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        if (toProvider.status() != 302) throw new IllegalStateException("/citizen/login answered " + toProvider.status() + " " + toProvider.body());
        Response page = follow(toProvider.location());
        if (page.status() != 200) throw new IllegalStateException("the provider's sign-in page answered " + page.status() + " " + page.body());
        return page.body();
    }

    /** Posts the provider's sign-in form (from the page {@link #begin} returned). A 303 carries the code back. */
    public Response submit(String signInPage, String idNumber, String password, String otp) {
        Matcher m = REQUEST_FIELD.matcher(signInPage);
        if (!m.find()) throw new IllegalStateException("no sign-in form in " + signInPage);
        URI action = URI.create(authorizeEndpoint);
        return send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("request", m.group(1), "idNumber", idNumber, "password", password, "otp", otp)))));
    }

    private String authorizeEndpoint = "";

    /** GET of an absolute URL (the provider's, or the platform's callback), with this session's cookie on the platform. */
    public Response follow(String url) {
        if (url.contains("/eid/authorize")) authorizeEndpoint = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A form POST to the platform, with the CSRF token read from {@code pageWithForm}'s {@code _csrf} field. */
    public Response post(String path, String pageWithForm, Map<String, String> fields) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(pageWithForm);
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (m.find()) all.put("_csrf", m.group(1));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(all))));
    }

    /** The platform's session cookie, as a {@code Cookie} header value. */
    public String cookie() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    public String base() {
        return base;
    }

    private Response send(HttpRequest.Builder b) {
        HttpRequest probe = b.copy().build();
        boolean platform = probe.uri().toString().startsWith(base);
        if (platform && !cookies.isEmpty()) b.header("Cookie", cookie());
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (platform) {
                for (String c : r.headers().allValues("set-cookie")) {
                    String pair = c.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty() || c.toLowerCase().contains("max-age=0")) cookies.remove(pair.substring(0, eq));
                    else cookies.put(pair.substring(0, eq), value);
                }
            }
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
