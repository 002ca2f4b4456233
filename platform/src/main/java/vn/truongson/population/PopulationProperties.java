package vn.truongson.population;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The connection to the population registry (docs/configuration.md). An empty {@code registryUrl} means no
 * registry is configured: every verification is then "registry unavailable", never "not matched".
 */
@ConfigurationProperties("truongson.population")
public record PopulationProperties(
        @DefaultValue("") String registryUrl,
        @DefaultValue("truongson") String clientId,
        @DefaultValue("truongson-sandbox-demo-secret") String registrySecret,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("10") int breakerWindow,
        @DefaultValue("5") int breakerMinimumCalls,
        @DefaultValue("50") float breakerFailureRatePercent,
        @DefaultValue("15s") Duration breakerOpenFor) {}
