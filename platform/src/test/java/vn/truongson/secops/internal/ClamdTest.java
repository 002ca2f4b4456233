package vn.truongson.secops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.secops.Eicar;
import vn.truongson.secops.ScannerProperties;
import vn.truongson.support.RealParts;

/** The client against a real clamd (Debian's clamav-daemon) started the way the platform starts its own. */
class ClamdTest {

    @TempDir
    Path data;

    private Clamd managed() {
        RealParts.require("clamav-daemon", Path.of("/usr/sbin/clamd"));
        return new Clamd(new ScannerProperties(true, "", "", Duration.ofSeconds(20), 62914560), new RuntimeProperties(data.toString(), null, 0));
    }

    @Test
    void theShippedSignaturesFindTheTestFileAloneInsideAPdfAndInsideAZipAndPassCleanFiles() throws Exception {
        Clamd clamd = managed();
        try {
            assertThat(clamd.scan(new ByteArrayInputStream(Eicar.file())).signature()).startsWith("TruongSon.Test.EICAR");
            assertThat(clamd.scan(new ByteArrayInputStream(Eicar.insidePdf())).infected()).isTrue();
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(zip)) {
                z.putNextEntry(new ZipEntry("tai-lieu/bao-cao.txt"));
                z.write(Eicar.file());
            }
            assertThat(clamd.scan(new ByteArrayInputStream(zip.toByteArray())).infected()).as("inside an archive").isTrue();
            assertThat(clamd.scan(new ByteArrayInputStream("Báo cáo tháng 6".getBytes())).infected()).isFalse();
            assertThat(clamd.scan(new ByteArrayInputStream(new byte[5_000_000])).infected()).as("5 MB of zeros").isFalse();

            // Twelve at once, half infected: each verdict is its own.
            var pool = Executors.newFixedThreadPool(12);
            List<Future<Boolean>> verdicts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] content = i % 2 == 0 ? Eicar.insidePdf() : ("sạch " + i).getBytes();
                verdicts.add(pool.submit((Callable<Boolean>) () -> clamd.scan(new ByteArrayInputStream(content)).infected()));
            }
            for (int i = 0; i < 12; i++) assertThat(verdicts.get(i).get()).as("scan " + i).isEqualTo(i % 2 == 0);
            pool.shutdown();
        } finally {
            clamd.destroy();
        }
        // Stopped: the next scan fails (the platform then answers 503), it never passes a file unscanned.
        Clamd gone = new Clamd(new ScannerProperties(true, "unix:" + data.resolve("clamd/clamd.sock"), "", Duration.ofSeconds(2), 1000), new RuntimeProperties(data.toString(), null, 0));
        assertThatThrownBy(() -> gone.scan(new ByteArrayInputStream(Eicar.file()))).isInstanceOf(IOException.class);
    }

    @Test
    void aScannerThatDoesNotAnswerFailsWithinItsTimeout() throws Exception {
        // A TCP listener that accepts and never answers: the scan gives up after the timeout.
        try (var silent = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Clamd clamd = new Clamd(new ScannerProperties(true, "tcp://127.0.0.1:" + silent.getLocalPort(), "", Duration.ofSeconds(1), 1000),
                    new RuntimeProperties(data.toString(), null, 0));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> clamd.scan(new ByteArrayInputStream("x".getBytes()))).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(Files.exists(data.resolve("clamd"))).isFalse();
    }
}
