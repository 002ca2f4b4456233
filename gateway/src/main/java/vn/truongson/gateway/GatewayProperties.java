package vn.truongson.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.*} (docs/gateway.md).
 *
 * @param dataDir the gateway's own state: messages, quarantine, the two signed logs, its signing key
 * @param low the low listener (internet / mobile side)
 * @param high the high listener (military network side)
 * @param maxMessageBytes the largest request body either listener reads (a type may set less)
 * @param dirtyWords words that may not leave the high side (matched case-insensitively, whole words, after NFC)
 * @param autoRelease types that leave the high side without two-person release once their checks pass
 * @param releaseRole the role an official must hold (asserted by the high node, which checks it by AccessPolicy)
 * @param claimLease how long a claimed message stays reserved for the claimer before it is offered again
 * @param clamd the malware scanner
 * @param tsaUrl an RFC 3161 time-stamp authority (the platform's {@code POST /api/v1/pki/tsa}); each log's head is sealed with
 *        its token every {@code sealInterval} when it changed. Blank: no seals.
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(@DefaultValue("./data/gateway") String dataDir, @DefaultValue Listener low, @DefaultValue Listener high,
        @DefaultValue("41943040") long maxMessageBytes, @DefaultValue({}) List<String> dirtyWords,
        @DefaultValue("dossier.notice") List<String> autoRelease, @DefaultValue("GATEWAY_RELEASER") String releaseRole,
        @DefaultValue("60s") Duration claimLease, @DefaultValue Clamd clamd,
        @DefaultValue("") String tsaUrl, @DefaultValue("60s") Duration sealInterval) {

    /**
     * @param address the interface to bind (127.0.0.1 by default; in production the side's own interface)
     * @param port 0: any free port, written to {@code port-file}
     * @param token the bearer token the side's node presents (blank: none required — only for a test on loopback)
     * @param portFile where the bound port is written once the listener accepts (blank: nowhere)
     */
    public record Listener(@DefaultValue("127.0.0.1") String address, @DefaultValue("0") int port, @DefaultValue("") String token,
            @DefaultValue("") String portFile) {}

    /**
     * @param enabled scan files (default true; off only in a measurement that says so)
     * @param address clamd's {@code unix:/path} or {@code tcp://host:port}; blank: the gateway runs its own under
     *        {@code <data-dir>/clamd} with the shipped signatures
     * @param signaturesDir extra signatures (a directory freshclam fills from the ministry's mirror)
     */
    public record Clamd(@DefaultValue("true") boolean enabled, @DefaultValue("") String address, @DefaultValue("") String signaturesDir,
            @DefaultValue("30s") Duration timeout) {}
}
