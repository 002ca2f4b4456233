package vn.truongson.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real sandbox personnel records system (sandbox/personnel-system), as a separate JVM from its built jar, on a
 * port it binds itself and writes to {@code target/sandbox-personnel-<name>/port}. One per test JVM ({@link #shared}).
 */
public final class SandboxPersonnel {

    private static final Path JAR = Path.of("../sandbox/personnel-system/target/truongson-sandbox-personnel.jar");
    private static volatile SandboxPersonnel shared;

    private final Process process;
    private final String url;

    private SandboxPersonnel(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static synchronized SandboxPersonnel shared() {
        if (shared == null || !shared.process.isAlive()) shared = start("shared");
        return shared;
    }

    public static SandboxPersonnel start(String name) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build it first (mvn -pl sandbox/personnel-system package, or the reactor)");
        }
        try {
            Path dir = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("sandbox-personnel-" + name));
            Path portFile = dir.resolve("port");
            Files.deleteIfExists(portFile);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar", JAR.toAbsolutePath().toString(), "--port=0",
                    "--port-file=" + portFile, "--count=200"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("personnel.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (!p.isAlive()) throw new IllegalStateException("the sandbox personnel system exited; see " + dir.resolve("personnel.log"));
                if (Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IllegalStateException("the sandbox personnel system did not start in 60 s");
                }
                Thread.sleep(50);
            }
            return new SandboxPersonnel(p, "http://localhost:" + Files.readString(portFile).strip() + "/personnel");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The base address to register as the system's endpoint ({@code http://localhost:port/personnel}). */
    public String url() { return url; }

    public long pid() { return process.pid(); }
}
