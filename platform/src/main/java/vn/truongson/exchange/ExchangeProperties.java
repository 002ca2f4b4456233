package vn.truongson.exchange;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mediator's limits ({@code truongson.exchange.*}).
 *
 * @param connectTimeout to open a connection to a provider
 * @param readTimeout for the provider's whole answer
 * @param maxRequestBytes a larger request body is refused (413)
 * @param maxResponseBytes a larger answer from a provider is a bad gateway (502)
 * @param retryAfterSeconds told to the consumer when the provider is unavailable (503)
 * @param clientCertProxies addresses of the reverse proxies that terminate TLS with client certificates and pass the
 *     verified certificate's SHA-256 in {@code clientCertHeader}; the header is believed from these addresses only
 *     (none by default: no certificate is believed)
 * @param clientCertHeader the header the proxy sets (and always overwrites) with the verified certificate's SHA-256
 */
@ConfigurationProperties("truongson.exchange")
public record ExchangeProperties(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("1048576") int maxRequestBytes, @DefaultValue("4194304") int maxResponseBytes, @DefaultValue("5") int retryAfterSeconds,
        @DefaultValue java.util.List<String> clientCertProxies, @DefaultValue("X-Client-Cert-SHA256") String clientCertHeader) {}
