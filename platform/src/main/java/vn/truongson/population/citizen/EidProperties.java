package vn.truongson.population.citizen;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The e-identity provider (VNeID; in demo mode the sandbox's stand-in) the citizens sign in with
 * ({@code truongson.population.eid.*}, docs/configuration.md). An empty issuer means the registry's URL
 * ({@code truongson.population.registry-url}), where the sandbox serves both. An empty redirect URI means
 * {@code <this request's origin>/citizen/callback}.
 */
@ConfigurationProperties("truongson.population.eid")
record EidProperties(
        @DefaultValue("") String issuer,
        @DefaultValue("truongson") String clientId,
        @DefaultValue("truongson-eid-demo-secret") String clientSecret,
        @DefaultValue("") String redirectUri,
        @DefaultValue("10m") Duration signInWithin,
        @DefaultValue("60s") Duration clockSkew) {}
