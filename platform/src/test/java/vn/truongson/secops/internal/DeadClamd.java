package vn.truongson.secops.internal;

import java.nio.file.Path;
import java.time.Duration;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.secops.ScannerProperties;

/** A clamd client pointed at a socket nobody listens on: every scan fails as when the scanner is down. */
public final class DeadClamd {

    private DeadClamd() {}

    public static Clamd at(Path dir) {
        return new Clamd(new ScannerProperties(true, "unix:" + dir.resolve("nobody.sock"), "", Duration.ofSeconds(2), 1000),
                new RuntimeProperties(dir.toString(), null, 0));
    }
}
