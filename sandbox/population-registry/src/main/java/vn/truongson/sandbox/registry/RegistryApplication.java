package vn.truongson.sandbox.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The sandbox of the national population registry (CSDL quốc gia về dân cư): synthetic citizens behind a
 * signed-request API, so that the platform's connector can be built and tested where the real registry
 * cannot be reached.
 */
@SpringBootApplication
public class RegistryApplication {

    private static final Logger log = LoggerFactory.getLogger(RegistryApplication.class);

    public static void main(String[] args) {
        start(args, () -> nextFreePort(portFrom(args)));
    }

    /**
     * Starts on the preferred port (the next free one from sandbox.port-from; --server.port, a higher-precedence
     * source, overrides it). A free port can be taken by another process between the check and Tomcat's bind, seconds
     * later: then the sandbox binds any free port (0) instead of failing, and reports the port it holds, in the log and
     * in {@code sandbox-registry.port}, only once it is bound and ready.
     */
    static ConfigurableApplicationContext start(String[] args, IntSupplier preferred) {
        int port = preferred.getAsInt();
        try {
            return run(args, port);
        } catch (RuntimeException e) {
            if (!portInUse(e)) throw e;
            log.warn("Port {} was taken between the check and the bind; binding any free port instead", port);
            return run(args, 0);
        }
    }

    private static ConfigurableApplicationContext run(String[] args, int port) {
        SpringApplication app = new SpringApplication(RegistryApplication.class);
        app.setDefaultProperties(Map.of("server.port", String.valueOf(port)));
        return app.run(args);
    }

    private static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getClass().getSimpleName().equals("PortInUseException")) return true;
        }
        return false;
    }

    private static int portFrom(String[] args) {
        for (String a : args) if (a.startsWith("--sandbox.port-from=")) return Integer.parseInt(a.substring(20));
        return 8091;
    }

    static int nextFreePort(int from) {
        for (int p = from; p < from + 100; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(p));
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        return 0;
    }

    /** Announces the port once the citizens are loaded: in the log, and in a file the launcher and tests read. */
    @EventListener
    void ready(ApplicationReadyEvent e) {
        if (!(e.getApplicationContext() instanceof WebServerApplicationContext web)) return;
        int port = web.getWebServer().getPort();
        Environment env = e.getApplicationContext().getEnvironment();
        Path file = Path.of(env.getProperty("sandbox.data-dir", "./data")).toAbsolutePath().normalize().resolve("sandbox-registry.port");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, port + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        log.info("Sandbox population registry (synthetic data) ready on http://localhost:{}/ (port written to {})", port, file);
    }
}
