package vn.truongson.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real outside parts a test needs (Chromium, Poppler, SoftHSM…). In CI ({@code CI=true}) a missing part
 * fails the test: CI installs every part, so a gap there is a broken machine, not a reason to skip. Locally the
 * test is skipped with one loud line on standard error naming the Debian package (and {@code ./truongson setup}).
 */
public final class RealParts {

    private RealParts() {
    }

    /** Whether missing parts fail (CI) rather than skip (a developer's machine). */
    static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires the executables, else fails in CI or skips loudly elsewhere. */
    public static void require(String debianPackages, Path... executables) {
        for (Path p : executables) {
            if (Files.isExecutable(p)) continue;
            String reason = p + " is missing (Debian package " + debianPackages + "; ./truongson setup installs it)";
            if (strict()) {
                throw new AssertionError("CI needs every real part: " + reason);
            }
            System.err.println("!!! SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
    }
}
