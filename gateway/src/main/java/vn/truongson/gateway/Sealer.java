package vn.truongson.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Timestamps the transfer logs: every {@code gateway.seal-interval}, each log whose head moved gets a SEALED line with
 * an RFC 3161 token (from {@code gateway.tsa-url}, the platform's TSA) over its head hash. A TSA that does not answer
 * or does not grant is logged and tried again at the next interval; the log itself is never held up.
 */
@Component
public class Sealer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Sealer.class);
    /** DER prefix of a TimeStampReq, version 1, SHA-256 message imprint of 32 bytes; certReq TRUE follows the digest. */
    private static final byte[] REQ_PREFIX = HexFormat.of().parseHex("30390201013031300d060960864801650304020105000420");
    private static final byte[] CERT_REQ = {0x01, 0x01, (byte) 0xff};

    private final Gateway gateway;
    private final GatewayProperties props;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Side, String> sealed = new HashMap<>();
    private ScheduledExecutorService timer;

    Sealer(Gateway gateway, GatewayProperties props) {
        this.gateway = gateway;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (props.tsaUrl().isBlank()) return;
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("gateway-sealer").factory());
        long ms = props.sealInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sealAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Seals each log whose head moved since its last seal; the number of seals written. */
    public synchronized int sealAll() {
        int n = 0;
        for (Side s : Side.values()) {
            try {
                if (seal(s)) n++;
            } catch (Exception e) {
                log.warn("the {} transfer log could not be timestamped ({}): trying again later", s.key(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return n;
    }

    private boolean seal(Side s) throws Exception {
        TransferLog t = gateway.transferLog(s);
        var entries = t.entries();
        if (entries.isEmpty()) return false;
        ObjectNode head = entries.getLast();
        if ("SEALED".equals(head.path("event").asString())) return false;
        String hash = head.get("hash").asString();
        if (hash.equals(sealed.get(s))) return false;
        byte[] digest = HexFormat.of().parseHex(hash);
        byte[] req = new byte[REQ_PREFIX.length + 32 + CERT_REQ.length];
        System.arraycopy(REQ_PREFIX, 0, req, 0, REQ_PREFIX.length);
        System.arraycopy(digest, 0, req, REQ_PREFIX.length, 32);
        System.arraycopy(CERT_REQ, 0, req, REQ_PREFIX.length + 32, CERT_REQ.length);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(props.tsaUrl())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("TSA answered HTTP " + r.statusCode());
        int status = pkiStatus(r.body());
        if (status != 0 && status != 1) throw new IllegalStateException("TSA did not grant (PKIStatus " + status + ")");
        ObjectNode e = gateway.json().createObjectNode();
        e.put("event", "SEALED");
        e.put("sealedSeq", head.get("seq").asLong());
        e.put("sealedHash", hash);
        e.put("tsa", props.tsaUrl());
        e.put("tsaToken", Base64.getEncoder().encodeToString(r.body()));
        t.append(e);
        sealed.put(s, hash);
        return true;
    }

    /** The PKIStatus of a DER TimeStampResp: SEQUENCE { SEQUENCE { INTEGER status, … }, … }. */
    static int pkiStatus(byte[] der) {
        int[] at = {0};
        expect(der, at, 0x30);
        expect(der, at, 0x30);
        if (der[at[0]++] != 0x02) throw new IllegalStateException("not a TimeStampResp");
        int len = der[at[0]++];
        if (len != 1) throw new IllegalStateException("not a TimeStampResp");
        return der[at[0]];
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) throw new IllegalStateException("not a TimeStampResp");
        int first = der[at[0]++] & 0xff;
        if (first >= 0x80) at[0] += first & 0x7f;
    }

    @Override
    public void destroy() {
        if (timer != null) timer.shutdownNow();
    }
}
