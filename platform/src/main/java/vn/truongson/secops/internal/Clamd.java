package vn.truongson.secops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import vn.truongson.clamd.ClamdClient;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.secops.ScannerProperties;

/**
 * The platform's clamd: the shared client of the {@code clamd/} module ({@link ClamdClient}, also used by the gateway)
 * configured from {@code truongson.secops.scanner.*}. With no address configured, the platform runs its own clamd on a
 * Unix socket under {@code <data dir>/clamd} with the signatures the project ships (docs/operations.md says how
 * production points freshclam at the ministry's mirror).
 */
@Component
public class Clamd implements DisposableBean {

    private final ScannerProperties props;
    private final ClamdClient client;

    /** What clamd said of one stream. */
    public record Verdict(boolean infected, String signature) {}

    Clamd(ScannerProperties props, RuntimeProperties runtime) {
        this.props = props;
        this.client = new ClamdClient(Path.of(runtime.dataDir()).resolve("clamd"), props.address(), props.signaturesDir(),
                props.timeout(), props.maxBytes());
    }

    static ClamdClient.SocketAddress parse(String address) {
        try {
            return ClamdClient.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("truongson.secops.scanner.address: " + e.getMessage(), e);
        }
    }

    /** Scans the stream; IOException when clamd cannot be reached or answers nonsense. */
    public Verdict scan(InputStream content) throws IOException {
        ClamdClient.Verdict v = client.scan(content);
        return new Verdict(v.infected(), v.signature());
    }

    /** PING → PONG. */
    public boolean ping() {
        return client.ping();
    }

    /** Starts the managed clamd in the background once the platform is up, so that the first upload does not wait. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void warmUp() {
        if (props.enabled()) client.warmUp();
    }

    @Override
    public void destroy() {
        client.close();
    }
}
