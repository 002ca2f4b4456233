package vn.truongson.population;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the registry: signed requests (HMAC-SHA256 over method, path, timestamp, nonce and body,
 * as sandbox/population-registry/README.md describes), timeouts, retries with exponential backoff, and a
 * circuit breaker that answers at once while the registry is known to be down. Anything but a well-formed
 * answer is {@link RegistryUnavailable}. Nothing is cached: each call asks the registry afresh.
 */
@Component
class RegistryClient {

    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

    /** The fields the registry may name as mismatched; anything else is a garbled answer. */
    static final Set<String> FIELDS = Set.of("idNumber", "fullName", "dateOfBirth", "status");

    record Match(boolean matched, List<String> mismatches) {}

    /** A failure worth retrying and counting against the breaker. */
    static final class Failed extends RuntimeException {
        Failed(String message, @org.jspecify.annotations.Nullable Throwable cause) { super(message, cause, false, false); }
    }

    private final PopulationProperties props;
    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final CircuitBreaker breaker;
    private final Retry retry;

    RegistryClient(PopulationProperties props) {
        this.props = props;
        HttpClient client = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(props.readTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
        this.retry = Retry.of("population-registry", RetryConfig.custom()
                .maxAttempts(props.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(props.retryBackoff(), 2.0))
                .retryExceptions(Failed.class)
                .build());
        this.breaker = CircuitBreaker.of("population-registry", CircuitBreakerConfig.custom()
                .slidingWindowSize(props.breakerWindow())
                .minimumNumberOfCalls(props.breakerMinimumCalls())
                .failureRateThreshold(props.breakerFailureRatePercent())
                .waitDurationInOpenState(props.breakerOpenFor())
                .recordExceptions(Failed.class)
                .build());
    }

    CircuitBreaker.State breakerState() { return breaker.getState(); }

    /** The breaker itself, for {@link RegistryMetrics} (its events and state). */
    CircuitBreaker breaker() { return breaker; }

    /** Matches a person; the purpose travels to the registry, which logs it too. */
    Match match(String idNumber, String fullName, String dateOfBirth, Purpose purpose) {
        if (props.registryUrl().isBlank()) throw new RegistryUnavailable("no registry configured (truongson.population.registry-url)", null);
        byte[] body = json.writeValueAsBytes(java.util.Map.of("idNumber", idNumber, "fullName", fullName, "dateOfBirth", dateOfBirth));
        try {
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, () -> call(body, purpose))).get();
        } catch (CallNotPermittedException e) {
            throw new RegistryUnavailable("circuit open", e);
        } catch (Failed e) {
            log.warn("Population registry unavailable after {} attempts: {}", props.maxAttempts(), e.getMessage());
            throw new RegistryUnavailable(e.getMessage(), e);
        }
    }

    private Match call(byte[] body, Purpose purpose) {
        Answer a = send("POST", "/registry/v1/citizens/match", body, purpose);
        if (a.status() != 200) throw new Failed("registry answered " + a.status(), null);
        return parse(a.body());
    }

    /** A registered person as the registry holds them, for comparisons the match endpoint does not make. */
    record Person(String fullName, java.time.LocalDate dateOfBirth, Gender gender, boolean deceased) {}

    /** The person with this number, or empty when the registry has none (a real answer, not a failure). */
    java.util.Optional<Person> lookup(String idNumber, Purpose purpose) {
        if (props.registryUrl().isBlank()) throw new RegistryUnavailable("no registry configured (truongson.population.registry-url)", null);
        try {
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, () -> {
                Answer a = send("GET", "/registry/v1/citizens/" + idNumber, new byte[0], purpose);
                if (a.status() == 404) return java.util.Optional.<Person>empty();
                if (a.status() != 200) throw new Failed("registry answered " + a.status(), null);
                return java.util.Optional.of(person(a.body()));
            })).get();
        } catch (CallNotPermittedException e) {
            throw new RegistryUnavailable("circuit open", e);
        } catch (Failed e) {
            log.warn("Population registry unavailable after {} attempts: {}", props.maxAttempts(), e.getMessage());
            throw new RegistryUnavailable(e.getMessage(), e);
        }
    }

    Person person(String answer) {
        try {
            JsonNode n = json.readTree(answer);
            String name = n.get("fullName").asString();
            var dob = java.time.LocalDate.parse(n.get("dateOfBirth").asString());
            Gender g = Gender.valueOf(n.get("gender").asString());
            String status = n.get("status").asString();
            if (name.isBlank() || !(status.equals("ALIVE") || status.equals("DECEASED"))) throw new IllegalArgumentException(status);
            return new Person(name, dob, g, status.equals("DECEASED"));
        } catch (RuntimeException e) {
            throw new Failed("registry answered an unreadable person", e);
        }
    }

    private record Answer(int status, String body) {}

    private Answer send(String method, String path, byte[] body, Purpose purpose) {
        String ts = String.valueOf(Instant.now().getEpochSecond()); // wall-clock time: the registry checks it
        String nonce = UUID.randomUUID().toString();
        try {
            var spec = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(props.registryUrl().replaceAll("/+$", "") + path)
                    .header("X-Registry-Client", props.clientId())
                    .header("X-Registry-Timestamp", ts)
                    .header("X-Registry-Nonce", nonce)
                    .header("X-Registry-Signature", sign(props.registrySecret(), method, path, ts, nonce, body))
                    .header("X-Purpose", purpose.name());
            if (body.length > 0) spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
            return spec.exchange((req, res) -> {
                HttpStatusCode status = res.getStatusCode();
                String text = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (status.is5xxServerError()) throw new Failed("registry answered " + status.value(), null);
                return new Answer(status.value(), text);
            });
        } catch (Failed e) {
            throw e;
        } catch (RuntimeException e) {
            // Connection refused, timeouts, resets: all the same to the caller.
            throw new Failed(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Strict: a boolean {@code matched}, a list of known fields, and the two agreeing. */
    Match parse(String answer) {
        JsonNode node;
        try {
            node = json.readTree(answer);
        } catch (RuntimeException e) {
            throw new Failed("registry answered something that is not JSON", e);
        }
        if (node == null || !node.isObject() || !node.path("matched").isBoolean() || !node.path("mismatches").isArray()) {
            throw new Failed("registry answer lacks matched/mismatches", null);
        }
        List<String> mismatches = new ArrayList<>();
        for (JsonNode m : node.get("mismatches")) {
            if (!m.isString() || !FIELDS.contains(m.asString())) throw new Failed("registry named an unknown field", null);
            mismatches.add(m.asString());
        }
        boolean matched = node.get("matched").asBoolean();
        if (matched != mismatches.isEmpty()) throw new Failed("registry answer contradicts itself", null);
        return new Match(matched, List.copyOf(mismatches));
    }

    static String sign(String secret, String method, String pathAndQuery, String timestamp, String nonce, byte[] body) {
        try {
            String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String canonical = method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
