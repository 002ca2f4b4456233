package vn.truongson.population;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The population registry's calls and its circuit breaker, at /actuator/prometheus:
 * {@code truongson_registry_calls_total{outcome}} — one per call as the breaker saw it (after the retries):
 * {@code success}, {@code failure} (the registry failed or timed out every attempt) or {@code rejected} (the breaker was
 * open, no request went out) — and {@code truongson_registry_circuit_state{state}}, 1 for the breaker's current state
 * ({@code closed}, {@code open}, {@code half_open}, …), 0 for the others.
 */
@Component
class RegistryMetrics implements MeterBinder {

    private final CircuitBreaker breaker;

    RegistryMetrics(RegistryClient client) {
        this.breaker = client.breaker();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Counter success = calls(registry, "success");
        Counter failure = calls(registry, "failure");
        Counter rejected = calls(registry, "rejected");
        breaker.getEventPublisher().onSuccess(e -> success.increment());
        breaker.getEventPublisher().onError(e -> failure.increment());
        breaker.getEventPublisher().onCallNotPermitted(e -> rejected.increment());
        for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
            Gauge.builder("truongson.registry.circuit.state", breaker, b -> b.getState() == s ? 1 : 0)
                    .description("The population registry's circuit breaker: 1 for its current state, 0 for the others")
                    .tag("state", s.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    private static Counter calls(MeterRegistry registry, String outcome) {
        return Counter.builder("truongson.registry.calls")
                .description("Calls to the population registry by outcome (success, failure after the retries, rejected by the open breaker)")
                .tag("outcome", outcome).register(registry);
    }
}
