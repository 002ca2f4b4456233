package vn.truongson.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a gateway in this JVM on a data directory, listeners on free loopback ports. */
final class GatewayTestSupport {

    static final String LOW_TOKEN = "low-token-for-tests";
    static final String HIGH_TOKEN = "high-token-for-tests";

    private GatewayTestSupport() {}

    static ConfigurableApplicationContext start(Path data, boolean clamd, String... extra) {
        List<String> args = new ArrayList<>(List.of("--gateway.data-dir=" + data, "--gateway.low.token=" + LOW_TOKEN,
                "--gateway.high.token=" + HIGH_TOKEN, "--gateway.clamd.enabled=" + clamd));
        for (String e : extra) args.add("--" + e);
        return new SpringApplication(GatewayApplication.class).run(args.toArray(String[]::new));
    }
}
