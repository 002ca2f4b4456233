package vn.truongson.sandbox.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The sandbox's own database: the machine's PostgreSQL when configured, else an embedded one in its own directory. */
@Configuration(proxyBeanMethods = false)
class RegistryDatabase {

    private static final Logger log = LoggerFactory.getLogger(RegistryDatabase.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(Environment env) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sandbox-registry");
        cfg.setMaximumPoolSize(20);
        String url = env.getProperty("sandbox.db.url", "");
        if (!url.isBlank()) {
            cfg.setJdbcUrl(url);
            String user = env.getProperty("sandbox.db.user", "");
            if (!user.isBlank()) cfg.setUsername(user);
            String password = env.getProperty("sandbox.db.password", "");
            if (!password.isBlank()) cfg.setPassword(password);
            return new HikariDataSource(cfg);
        }
        Path dir = Path.of(env.getProperty("sandbox.data-dir", "./data")).toAbsolutePath().normalize().resolve("sandbox-registry");
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("timezone", "UTC")
                    .setLocaleConfig("encoding", "UTF8")
                    .start();
            log.info("Embedded PostgreSQL of the sandbox registry on port {}, data in {}", pg.getPort(), dir);
            cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            cfg.setUsername("postgres");
            return new HikariDataSource(cfg) {
                @Override
                public void close() {
                    super.close();
                    try {
                        pg.close();
                    } catch (IOException e) {
                        log.warn("Embedded PostgreSQL did not stop cleanly", e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }
}
