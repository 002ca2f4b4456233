package vn.truongson.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The secure inter-network gateway (docs/gateway.md): a separate process with a low listener (internet / mobile side)
 * and a high listener (military network side). It never forwards connections; it accepts whole messages of registered
 * types, checks and cleans them, holds what leaves the high side for two-person release, and logs every crossing in
 * two signed logs, one per side. Its state is its own directory ({@code gateway.data-dir}), never either side's database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
