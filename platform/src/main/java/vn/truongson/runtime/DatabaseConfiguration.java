package vn.truongson.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * One PostgreSQL for everything: the machine's or production's when {@code truongson.db.url} is set,
 * otherwise an embedded PostgreSQL (zonky, real binaries) whose cluster lives in {@code <data-dir>/postgres}
 * and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(RuntimeProperties props, Environment env) {
        if (env.acceptsProfiles(Profiles.of("prod")) && !props.db().external()) {
            throw new IllegalStateException("The production profile needs an external PostgreSQL: set TRUONGSON_DB_URL (docs/operations.md)");
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("truongson");
        RuntimeProperties.Pool pool = props.db().pool();
        cfg.setMaximumPoolSize(pool.maxSize());
        if (pool.minIdle() != null) cfg.setMinimumIdle(pool.minIdle());
        if (pool.idleTimeout() != null) cfg.setIdleTimeout(pool.idleTimeout().toMillis());
        // A full pool fails fast (503 with Retry-After at the API) instead of hanging a request for 30 s.
        cfg.setConnectionTimeout(pool.connectionTimeoutOrDefault().toMillis());
        if (props.db().external()) {
            cfg.setJdbcUrl(props.db().url());
            if (!props.db().user().isBlank()) cfg.setUsername(props.db().user());
            if (!props.db().password().isBlank()) cfg.setPassword(props.db().password());
            log.info("Using external PostgreSQL at {}", props.db().url().replaceAll("password=[^&]*", "password=***"));
        } else {
            EmbeddedPostgres pg = EmbeddedDatabase.start(Path.of(props.dataDir()), props.embeddedPort());
            cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            cfg.setUsername("postgres");
            return new EmbeddedBackedDataSource(cfg, pg);
        }
        return new HikariDataSource(cfg);
    }

    /** The pool, which stops the embedded server when it closes. */
    static final class EmbeddedBackedDataSource extends HikariDataSource {
        private final EmbeddedPostgres pg;

        EmbeddedBackedDataSource(HikariConfig cfg, EmbeddedPostgres pg) {
            super(cfg);
            this.pg = pg;
        }

        @Override
        public void close() {
            super.close();
            try {
                pg.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
