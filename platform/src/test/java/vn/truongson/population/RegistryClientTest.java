package vn.truongson.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's failure modes, from a misbehaving HTTP server: each is "unavailable", never "not matched".
 * The good answers are tested against the real sandbox in {@code web.VerificationApiTest}.
 */
class RegistryClientTest {

    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    final AtomicReference<Behaviour> behaviour = new AtomicReference<>();

    interface Behaviour { void answer(com.sun.net.httpserver.HttpExchange x) throws Exception; }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            hits.incrementAndGet();
            try {
                behaviour.get().answer(x);
            } catch (Exception e) {
                // the client gave up
            } finally {
                x.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    RegistryClient client(String url) {
        return new RegistryClient(new PopulationProperties(url, "truongson", "secret", Duration.ofMillis(300), Duration.ofMillis(400),
                3, Duration.ofMillis(20), 10, 5, 50f, Duration.ofSeconds(30)));
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    static Behaviour status(int code, String body) {
        return x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(code, b.length);
            x.getResponseBody().write(b);
        };
    }

    RegistryClient.Match call(RegistryClient c) {
        return c.match("001090001234", "Nguyễn Văn An", "1990-05-14", Purpose.ADMISSIONS);
    }

    @Test
    void aGoodAnswerIsReadAndTheRequestIsSigned() {
        AtomicReference<String> signature = new AtomicReference<>();
        behaviour.set(x -> {
            signature.set(x.getRequestHeaders().getFirst("X-Registry-Signature") + "|" + x.getRequestHeaders().getFirst("X-Purpose"));
            status(200, "{\"matched\":false,\"mismatches\":[\"fullName\"],\"status\":\"ALIVE\"}").answer(x);
        });
        assertThat(call(client(url()))).isEqualTo(new RegistryClient.Match(false, java.util.List.of("fullName")));
        assertThat(signature.get()).matches("[A-Za-z0-9+/=]{44}\\|ADMISSIONS");
    }

    @Test
    void fiveHundredIsRetriedWithBackoffThenUnavailable() {
        behaviour.set(status(500, "{\"error\":\"boom\"}"));
        assertThatThrownBy(() -> call(client(url()))).isInstanceOf(RegistryUnavailable.class);
        assertThat(hits.get()).isEqualTo(3);
    }

    @Test
    void aSlowRegistryTimesOutAsUnavailable() {
        behaviour.set(x -> {
            Thread.sleep(10_000);
            status(200, "{\"matched\":true,\"mismatches\":[]}").answer(x);
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> call(client(url()))).isInstanceOf(RegistryUnavailable.class);
        // Three tries of 400 ms each give up long before the registry's 10 s answer; the margin is for a shared
        // machine's scheduling (under load a bound of 1.9 s failed at 1.985 s), not for the client.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(6_000));
    }

    @Test
    void garbageIsUnavailableNotNotMatched() {
        for (String garbage : new String[] {"<html>proxy error</html>", "{\"matched\":\"no\"}", "{\"matched\":false}",
                "{\"matched\":false,\"mismatches\":[\"shoeSize\"]}", "{\"matched\":false,\"mismatches\":[]}",
                "{\"matched\":true,\"mismatches\":[\"fullName\"]}", "", "null", "[]"}) {
            behaviour.set(status(200, garbage));
            assertThatThrownBy(() -> call(client(url()))).as(garbage).isInstanceOf(RegistryUnavailable.class);
        }
    }

    @Test
    void noRegistryListeningIsUnavailable() {
        server.stop(0);
        assertThatThrownBy(() -> call(client(url()))).isInstanceOf(RegistryUnavailable.class);
        assertThatThrownBy(() -> call(client(""))).isInstanceOf(RegistryUnavailable.class);
    }

    @Test
    void theBreakerOpensAndThenAnswersWithoutCalling() {
        behaviour.set(status(503, "down"));
        RegistryClient c = client(url());
        for (int i = 0; i < 5; i++) assertThatThrownBy(() -> call(c)).isInstanceOf(RegistryUnavailable.class);
        assertThat(c.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = hits.get();
        behaviour.set(status(200, "{\"matched\":true,\"mismatches\":[]}"));
        assertThatThrownBy(() -> call(c)).isInstanceOf(RegistryUnavailable.class).hasMessageContaining("registry-unavailable");
        assertThat(hits.get()).isEqualTo(before);
    }
}
