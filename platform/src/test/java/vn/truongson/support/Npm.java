package vn.truongson.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Outside checkers from npm, installed at test time into {@code target/npm} (once; later runs reuse it) and run with
 * the machine's Node.js (Debian's {@code nodejs} and {@code npm}): Redocly's OpenAPI linter, a strict Prometheus
 * text-format parser. Versions are pinned here.
 */
public final class Npm {

    public static final String REDOCLY_CLI = "@redocly/cli@2.77.0";
    public static final String PROMETHEUS_PARSER = "parse-prometheus-text-format@1.1.1";

    public static final Path DIR = Path.of("target/npm").toAbsolutePath();

    private Npm() {}

    public record Run(int exitCode, String stdout, String stderr) {}

    /** Installs the packages (name@version) into target/npm unless each is there already. */
    public static synchronized void install(String... packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            String name = p.substring(0, p.lastIndexOf('@'));
            if (!Files.exists(DIR.resolve("node_modules").resolve(name).resolve("package.json"))) missing.add(p);
        }
        if (missing.isEmpty()) return;
        List<String> cmd = new ArrayList<>(List.of("npm", "install", "--prefix", DIR.toString(), "--no-audit", "--no-fund", "--loglevel=error"));
        cmd.addAll(missing);
        Run r = run(cmd, null, DIR.getParent(), 300);
        assertThat(r.exitCode()).as("npm install %s (Debian packages nodejs, npm):%n%s%n%s", missing, r.stdout(), r.stderr()).isZero();
    }

    /** Runs a program of target/npm/node_modules/.bin. */
    public static Run bin(String name, List<String> args, Path workDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(DIR.resolve("node_modules/.bin").resolve(name).toString());
        cmd.addAll(args);
        return run(cmd, null, workDir, 300);
    }

    /** Runs a Node.js script (given as text) with target/npm/node_modules on its module path, the input on its stdin. */
    public static Run node(String script, String stdin) {
        try {
            Path js = Files.createTempFile(DIR, "check-", ".cjs");
            try {
                Files.writeString(js, script);
                return run(List.of("node", js.toString()), stdin, DIR, 120);
            } finally {
                Files.deleteIfExists(js);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(List<String> cmd, String stdin, Path workDir, int timeoutSeconds) {
        try {
            Files.createDirectories(DIR);
            Path out = Files.createTempFile("npm-out", ".txt");
            Path err = Files.createTempFile("npm-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("NODE_PATH", DIR.resolve("node_modules").toString());
                pb.environment().put("REDOCLY_TELEMETRY", "off");
                pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(cmd + " did not finish in " + timeoutSeconds + " s");
                }
                return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(cmd.getFirst() + " could not run (Debian packages nodejs and npm are needed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
