package vn.truongson.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * qpdf's structural check (Debian package qpdf), an independent reader beside Poppler's pdfsig: cross-reference
 * tables, object counts and stream encodings. qpdf exits 0 when clean, 3 when it found only warnings, 2 on errors;
 * a PDF the platform writes must give 0 with no "WARNING" line.
 */
public final class Qpdf {

    private static final Path QPDF = Path.of("/usr/bin/qpdf");

    private Qpdf() {}

    public record Check(int exitCode, String output) {
        public boolean clean() {
            return exitCode == 0 && !output.contains("WARNING") && output.contains("No syntax or stream encoding errors found");
        }
    }

    /** Runs {@code qpdf --check} on the bytes. */
    public static Check check(byte[] pdf) {
        assertThat(QPDF).as("qpdf (Debian package qpdf) is installed").isExecutable();
        try {
            Path f = Files.createTempFile("qpdf-check", ".pdf");
            try {
                Files.write(f, pdf);
                Process p = new ProcessBuilder(QPDF.toString(), "--check", f.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Check(p.waitFor(), out);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("qpdf (Debian package qpdf) is needed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails, with qpdf's own words, unless {@code qpdf --check} finds the PDF clean. */
    public static void assertClean(byte[] pdf, String what) {
        assertThat(pdf).as(what).isNotEmpty();
        Check c = check(pdf);
        assertThat(c.clean()).as("qpdf --check on %s (exit %d):%n%s", what, c.exitCode(), c.output()).isTrue();
    }
}
