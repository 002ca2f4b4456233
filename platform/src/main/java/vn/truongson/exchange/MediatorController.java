package vn.truongson.exchange;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.RequestOrigin;
import vn.truongson.core.Problems;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.exchange.Agreements.Agreement;
import vn.truongson.exchange.Credentials.Caller;
import vn.truongson.exchange.Model.InfoSystem;

/**
 * The mediator (máy chủ trung gian): {@code /x/{provider}/{service}[/…]}, any method. In order: the consumer system's
 * bearer token (401); an agreement of the consumer on that service in force (404 — one body — when the system or the
 * service is missing or above what the consumer holds or its zone carries; 403 when it may know of it but has no
 * agreement; a suspended, revoked or expired agreement is named, the consumer knows of it); the request's zone may carry
 * the service's secrecy and is one the consumer runs in (403); the agreement's rate across the cluster
 * ({@link ClusterRate}; 429 with Retry-After); the body's size (413). Lookups come from {@link ExchangeCache}, checked
 * against the catalogue's version once per call. Then it forwards to the provider's endpoint (or the platform's own
 * service in process) with timeouts and a circuit breaker per provider (503 with Retry-After), refuses what it cannot
 * filter (502), filters the JSON answer to the agreed fields, and writes the message log — refusals included.
 */
@RestController
class MediatorController {

    private static final Logger log = LoggerFactory.getLogger(MediatorController.class);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final Credentials credentials;
    private final Catalogue catalogue;
    private final Agreements agreements;
    private final MessageLog messages;
    private final AccessPolicy policy;
    private final Problems problems;
    private final JsonMapper json;
    private final ExchangeProperties props;
    private final Map<String, LocalService> local;
    private final HttpClient http;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private final ExchangeCache cache;
    private final ClusterRate rate;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    MediatorController(Credentials credentials, Catalogue catalogue, Agreements agreements, MessageLog messages, AccessPolicy policy, Problems problems,
            JsonMapper json, ExchangeProperties props, List<LocalService> local, ExchangeCache cache, ClusterRate rate,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.cache = cache;
        this.rate = rate;
        this.credentials = credentials;
        this.catalogue = catalogue;
        this.agreements = agreements;
        this.messages = messages;
        this.policy = policy;
        this.problems = problems;
        this.json = json;
        this.props = props;
        this.local = local.stream().collect(Collectors.toMap(LocalService::service, Function.identity()));
        this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What the log needs to know of a call, filled in as the checks go. */
    private static final class Call {
        final long started = System.nanoTime();
        final String method;
        final String provider;
        final String service;
        final String requestDigest;
        @Nullable Caller caller;
        @Nullable Agreement agreement;

        Call(String method, String provider, String service, String requestDigest) {
            this.method = method;
            this.provider = provider;
            this.service = service;
            this.requestDigest = requestDigest;
        }
    }

    @RequestMapping({"/x/{provider}/{service}", "/x/{provider}/{service}/**"})
    void call(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        // The raw path, as sent: /x/{provider}/{service}{rest}.
        String raw = req.getRequestURI().substring(req.getContextPath().length());
        String[] parts = raw.split("/", 5);
        String provider = parts.length > 2 ? parts[2] : "";
        String service = parts.length > 3 ? parts[3] : "";
        String rest = parts.length > 4 ? "/" + parts[4] : "";
        String query = req.getQueryString();
        byte[] body = readBody(req);
        String requestDigest = sha256(method + " " + raw + (query == null ? "" : "?" + query) + "\n", body == null ? new byte[0] : body);
        Call c = new Call(METHODS.contains(method) ? method : "OTHER", provider, service, requestDigest);

        // One read of the catalogue's version: whatever changed since the last call is forgotten first (ExchangeCache).
        cache.sync();
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) c.caller = credentials.resolve(h.substring(7).trim()).orElse(null);
        else if (h == null) c.caller = certificateCaller(req);
        if (c.caller == null) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"truongson-exchange\"");
            refuse(req, res, c, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "problem.exchange.unauthenticated", null);
            return;
        }
        if (!METHODS.contains(method)) {
            refuse(req, res, c, HttpStatus.METHOD_NOT_ALLOWED, "METHOD", "problem.method", null, method.length() > 10 ? "?" : method);
            return;
        }
        c.agreement = agreements.forCall(c.caller.systemId(), provider, service).orElse(null);
        Agreement a = c.agreement;
        NetworkZone zone = RequestOrigin.currentZone();
        InfoSystem consumer = catalogue.cachedById(c.caller.systemId()).orElseThrow();
        if (a == null) {
            // Missing or hidden from this consumer: one 404, byte for byte; seen but not agreed: 403.
            if (visible(consumer, zone, provider, service)) {
                refuse(req, res, c, HttpStatus.FORBIDDEN, "NO_AGREEMENT", "problem.exchange.no-agreement", null);
            } else {
                refuse(req, res, c, HttpStatus.NOT_FOUND, "UNKNOWN", "problem.exchange.unknown-service", null);
            }
            return;
        }
        if (a.status() != Agreements.Status.ACTIVE) {
            String why = a.status().name().toLowerCase(Locale.ROOT);
            refuse(req, res, c, HttpStatus.FORBIDDEN, a.status().name(), "problem.exchange.agreement-" + why, null, Long.toString(a.id()));
            return;
        }
        if (!policy.zoneMax(zone).covers(a.secrecy()) || !consumer.zones().contains(zone)) {
            refuse(req, res, c, HttpStatus.FORBIDDEN, "ZONE", "problem.exchange.zone", null, zone.vietnamese());
            return;
        }
        ClusterRate.Decision d = rate.take(a.id(), a.ratePerMinute());
        if (!d.allowed()) {
            res.setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
            refuse(req, res, c, HttpStatus.TOO_MANY_REQUESTS, "RATE", "problem.exchange.rate", null, a.ratePerMinute());
            return;
        }
        if (body == null) {
            refuse(req, res, c, HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE", "problem.exchange.too-large", null, props.maxRequestBytes());
            return;
        }
        if (!safeRest(rest) || (query != null && query.length() > 4096)) {
            refuse(req, res, c, HttpStatus.BAD_REQUEST, "BAD_PATH", "problem.exchange.bad-path", null);
            return;
        }
        InfoSystem providerSystem = catalogue.cachedById(a.providerId()).orElseThrow();
        Model.Service svc = providerSystem.services().stream().filter(s -> s.id() == a.serviceId()).findFirst().orElseThrow();
        forward(req, res, c, providerSystem, svc, rest, query, body);
    }

    private void forward(HttpServletRequest req, HttpServletResponse res, Call c, InfoSystem provider, Model.Service svc, String rest,
            @Nullable String query, byte[] body) throws IOException {
        Agreement a = c.agreement;
        int status;
        byte[] answer;
        if (Catalogue.PLATFORM.equals(provider.code()) && local.containsKey(svc.code())) {
            LocalService.Answer ans = local.get(svc.code()).call(c.method, rest, queryOf(req));
            status = ans.status();
            answer = json.writeValueAsBytes(ans.body());
        } else {
            if (provider.endpointBaseUrl() == null) {
                refuse(req, res, c, HttpStatus.SERVICE_UNAVAILABLE, "NO_ENDPOINT", "problem.exchange.unavailable", props.retryAfterSeconds());
                return;
            }
            CircuitBreaker breaker = breakers.computeIfAbsent(provider.code(), k -> CircuitBreaker.of("exchange-" + k, CircuitBreakerConfig.custom()
                    .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10)).build()));
            if (!breaker.tryAcquirePermission()) {
                refuse(req, res, c, HttpStatus.SERVICE_UNAVAILABLE, "BREAKER_OPEN", "problem.exchange.unavailable", props.retryAfterSeconds());
                return;
            }
            long t0 = System.nanoTime();
            try {
                URI target = URI.create(provider.endpointBaseUrl() + svc.path() + rest + (query == null ? "" : "?" + query));
                HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(props.readTimeout())
                        .header("Accept", "application/json")
                        .header("X-Consumer-System", a.consumer())
                        .header("X-Agreement-Id", Long.toString(a.id()))
                        .header("X-Request-Id", UUID.randomUUID().toString())
                        .method(c.method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                String type = req.getContentType();
                if (type != null && body.length > 0 && type.length() < 200) b.header("Content-Type", type);
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    answer = in.readNBytes(props.maxResponseBytes() + 1);
                }
                status = r.statusCode();
                if (status >= 500) {
                    breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, new IOException("provider answered " + status));
                    refuse(req, res, c, HttpStatus.BAD_GATEWAY, "PROVIDER_ERROR", "problem.exchange.bad-gateway", null);
                    return;
                }
                breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                if (answer.length > props.maxResponseBytes()) {
                    refuse(req, res, c, HttpStatus.BAD_GATEWAY, "PROVIDER_TOO_LARGE", "problem.exchange.bad-gateway", null);
                    return;
                }
            } catch (IOException | IllegalArgumentException e) {
                breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
                log.info("Provider {} unavailable for {}: {}", provider.code(), svc.code(), e.toString());
                refuse(req, res, c, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "problem.exchange.unavailable", props.retryAfterSeconds());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refuse(req, res, c, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "problem.exchange.unavailable", props.retryAfterSeconds());
                return;
            }
        }
        byte[] out;
        if (answer.length == 0 && (status == 204 || status >= 400)) {
            out = answer;
        } else {
            JsonNode n;
            try {
                n = json.readTree(answer);
            } catch (JacksonException e) {
                // What cannot be filtered does not leave.
                refuse(req, res, c, HttpStatus.BAD_GATEWAY, "PROVIDER_GARBAGE", "problem.exchange.bad-gateway", null);
                return;
            }
            out = json.writeValueAsBytes(AnswerFilter.filter(n, a.fields()));
        }
        // Logged before the answer leaves: a consumer never holds an answer the log does not have.
        if (!write(c, status, "OK", out)) {
            c.agreement = a;
            refuse(req, res, c, HttpStatus.SERVICE_UNAVAILABLE, "LOG_UNAVAILABLE", "problem.exchange.log-unavailable", props.retryAfterSeconds());
            return;
        }
        res.setStatus(status);
        res.setHeader("X-Agreement-Id", Long.toString(a.id()));
        if (out.length > 0) res.setContentType("application/json");
        res.setContentLength(out.length);
        res.getOutputStream().write(out);
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, Call c, HttpStatus status, String outcome, String key,
            @Nullable Integer retryAfter, Object... args) throws IOException {
        if (retryAfter != null) res.setHeader("Retry-After", Integer.toString(retryAfter));
        ProblemDetail p = problems.problem(status, key, args, Problems.locale(req));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.getType().toString());
        m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        m.put("detail", p.getDetail());
        byte[] out = json.writeValueAsBytes(m);
        write(c, status.value(), outcome, out);
        res.setStatus(status.value());
        res.setContentType(Problems.PROBLEM_JSON.toString());
        res.setCharacterEncoding("UTF-8");
        res.setContentLength(out.length);
        res.getOutputStream().write(out);
    }

    /** Whether the row was written. */
    private boolean write(Call c, int status, String outcome, byte[] answer) {
        Caller caller = c.caller;
        Agreement a = c.agreement;
        long nanos = System.nanoTime() - c.started;
        int ms = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos));
        // Prometheus: per provider, service and outcome; codes only from an agreement (a refused call may name anything).
        io.micrometer.core.instrument.Timer.builder("truongson.exchange.calls")
                .description("Calls through the mediator by consumer, provider, service and outcome (OK, NO_AGREEMENT, RATE, UNAVAILABLE, …), with their latency")
                .tag("consumer", a == null ? "-" : a.consumer()).tag("provider", a == null ? "-" : a.provider()).tag("service", a == null ? "-" : a.service()).tag("outcome", outcome)
                .publishPercentileHistogram().register(meters).record(nanos, TimeUnit.NANOSECONDS);
        try {
            messages.write(new MessageLog.Message(caller == null ? null : caller.code(), caller == null ? null : caller.ownerUnitId(),
                    a == null ? c.provider : a.provider(), a == null ? null : a.providerUnitId(), a == null ? c.service : a.service(),
                    a == null ? SecrecyLevel.THUONG : a.secrecy(), a == null ? null : a.id(), c.method, status, outcome, c.requestDigest,
                    sha256("", answer), ms));
            return true;
        } catch (RuntimeException e) {
            log.error("Message log write failed for {}/{}", c.provider, c.service, e);
            return false;
        }
    }

    /**
     * Whether the consumer system may know of this provider's service: it exists, and neither it nor its system is
     * above what the consumer holds or what the request's zone may carry. What it may not know of answers as missing.
     */
    private boolean visible(InfoSystem consumer, NetworkZone zone, String provider, String service) {
        SecrecyLevel max = policy.zoneMax(zone);
        SecrecyLevel limit = max.covers(consumer.secrecy()) ? consumer.secrecy() : max;
        return catalogue.cachedByCode(provider).filter(p -> limit.covers(p.secrecy()))
                .flatMap(p -> p.services().stream().filter(v -> v.code().equals(service)).findFirst())
                .filter(v -> limit.covers(v.secrecy())).isPresent();
    }

    /** The body, or null when over the limit. */
    private byte @Nullable [] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > props.maxRequestBytes()) return null;
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(props.maxRequestBytes() + 1);
            return b.length > props.maxRequestBytes() ? null : b;
        }
    }

    /** The rest of the path: plain segments only — no dot segments, no encoded slash, dot or backslash. */
    static boolean safeRest(String rest) {
        if (rest.isEmpty()) return true;
        if (rest.length() > 1024 || rest.contains("//")) return false;
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c") || lower.contains("%00") || lower.contains("\\")) return false;
        for (String seg : rest.substring(1).split("/", -1)) if (seg.equals(".") || seg.equals("..")) return false;
        return rest.matches("/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*");
    }

    private static Map<String, List<String>> queryOf(HttpServletRequest req) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    /**
     * The system whose TLS client certificate the trusted reverse proxy verified: its SHA-256 in the configured header,
     * believed only when the request comes straight from one of {@code truongson.exchange.client-cert-proxies} (the
     * socket's address, never a forwarded one). Null otherwise.
     */
    private Credentials.@org.jspecify.annotations.Nullable Caller certificateCaller(HttpServletRequest req) {
        if (props.clientCertProxies().isEmpty()) return null;
        String f = req.getHeader(props.clientCertHeader());
        if (f == null || f.length() > 200 || !props.clientCertProxies().contains(req.getRemoteAddr())) return null;
        return credentials.resolveCertificate(f).orElse(null);
    }

    static String sha256(String head, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(head.getBytes(StandardCharsets.UTF_8));
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
