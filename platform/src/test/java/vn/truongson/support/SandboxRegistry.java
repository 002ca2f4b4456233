package vn.truongson.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real sandbox population registry, as a separate JVM from its built jar (the reactor builds
 * {@code sandbox/population-registry} before the platform), on a random port with its own embedded
 * PostgreSQL under {@code target/sandbox-registry-test}. Tests can stop it to see the registry fail.
 */
public final class SandboxRegistry {

    private static final Path JAR = Path.of("../sandbox/population-registry/target/truongson-sandbox-registry.jar");
    private static final Path BASE = Path.of("target").toAbsolutePath();
    private static volatile SandboxRegistry shared;

    private final Process process;
    private final String url;

    private SandboxRegistry(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static SandboxRegistry start() {
        return start("test");
    }

    /**
     * One sandbox for the whole test JVM, never stopped by a test (for the citizens' sign-in through its
     * e-identity provider: {@link CitizenPlatformTest}). Tests that stop their sandbox {@link #start()} their own.
     */
    public static synchronized SandboxRegistry shared() {
        if (shared == null || !shared.running()) shared = start("shared");
        return shared;
    }

    /** Points the platform at the shared sandbox (registry and e-identity provider). */
    public static final class SharedInitializer
            implements org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext> {
        @Override
        public void initialize(org.springframework.context.ConfigurableApplicationContext ctx) {
            org.springframework.test.context.support.TestPropertySourceUtils.addInlinedPropertiesToEnvironment(ctx,
                    "truongson.population.registry-url=" + shared().url());
        }
    }

    /** A sandbox with its own directory {@code target/sandbox-registry-<name>}. */
    public static SandboxRegistry start(String name) {
        Path dir = BASE.resolve("sandbox-registry-" + name);
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build it first "
                    + "(mvn -o -pl sandbox/population-registry package -DskipTests, or the whole reactor)");
        }
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            Files.createDirectories(dir);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                    "--server.port=0", "--sandbox.data-dir=" + dir, "--sandbox.citizens.count=5000"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sandbox.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            Path portFile = dir.resolve("sandbox-registry.port");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (!p.isAlive()) throw new IllegalStateException("the sandbox registry exited; see " + dir.resolve("sandbox.log"));
                if (Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IllegalStateException("the sandbox registry did not start in 240 s; see " + dir.resolve("sandbox.log"));
                }
                Thread.sleep(200);
            }
            return new SandboxRegistry(p, "http://localhost:" + Files.readString(portFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() { return url; }

    public boolean running() { return process.isAlive(); }

    /** Stops it the way an operator would (SIGTERM), and waits. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
