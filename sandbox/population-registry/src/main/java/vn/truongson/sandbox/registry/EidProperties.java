package vn.truongson.sandbox.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The sandbox e-identity provider's settings ({@code sandbox.eid.*}, README.md). */
@ConfigurationProperties("sandbox.eid")
record EidProperties(
        @DefaultValue("") String issuer,
        @DefaultValue("CongDan@2026") String demoPassword,
        @DefaultValue("JBSWY3DPEHPK3PXP") String demoTotpSecret,
        @DefaultValue("60s") Duration codeTtl,
        @DefaultValue("10m") Duration tokenTtl,
        Map<String, Client> clients) {

    /** A relying party: its display name, its secret (client_secret_basic or _post) and its exact redirect URIs. */
    record Client(String name, String secret, List<String> redirectUris) {}
}
