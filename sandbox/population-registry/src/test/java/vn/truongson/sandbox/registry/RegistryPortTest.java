package vn.truongson.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Issue 10, finding 15: a port taken between the free-port check and the bind must not stop the sandbox. */
class RegistryPortTest {

    @TempDir
    Path data;

    @Test
    void aPortTakenAfterTheCheckIsReplacedByOneTheSandboxHoldsAndThePortFileNamesIt() throws Exception {
        try (ServerSocket thief = new ServerSocket()) {
            thief.bind(new InetSocketAddress(0));
            int stolen = thief.getLocalPort();
            // The check said "free", then another process bound it: what happened with 10 s between the two.
            try (ConfigurableApplicationContext ctx = RegistryApplication.start(
                    new String[] {"--sandbox.data-dir=" + data, "--spring.main.banner-mode=off"}, () -> stolen)) {
                int held = ((WebServerApplicationContext) ctx).getWebServer().getPort();
                assertThat(held).isPositive().isNotEqualTo(stolen);
                assertThat(Files.readString(data.resolve("sandbox-registry.port")).trim()).isEqualTo(String.valueOf(held));
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + held + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
    }
}
