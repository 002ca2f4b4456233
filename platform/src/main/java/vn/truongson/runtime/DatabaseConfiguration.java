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

    /**
     * The server and its two roles: started here when embedded (its superuser {@code postgres} is the owner). Not a
     * {@link DataSource} bean, so that the application's pool stays the only one.
     */
    @Bean
    ServerRoles databaseServer(RuntimeProperties props, Environment env) {
        if (env.acceptsProfiles(Profiles.of("prod")) && !props.db().external()) {
            throw new IllegalStateException("The production profile needs an external PostgreSQL: set TRUONGSON_DB_URL (docs/operations.md)");
        }
        if (props.db().external()) {
            log.info("Using external PostgreSQL at {}", props.db().url().replaceAll("password=[^&]*", "password=***"));
            return new ServerRoles(DatabaseRoles.of(props.db().url(), props.db()), null);
        }
        EmbeddedPostgres pg = EmbeddedDatabase.start(Path.of(props.dataDir()), props.embeddedPort());
        RuntimeProperties.Db owner = new RuntimeProperties.Db("", "postgres", "", null, null, props.db().appUser(), props.db().appPassword(), null);
        return new ServerRoles(DatabaseRoles.of(pg.getJdbcUrl("postgres", "postgres"), owner), pg);
    }

    /** The database server's roles, and the embedded server when there is one. */
    record ServerRoles(DatabaseRoles roles, @org.jspecify.annotations.Nullable EmbeddedPostgres embedded) {}

    /** The migrations run as the owner; the grants are renewed after each. */
    @Bean
    org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer migrationsAsOwner(ServerRoles server) {
        return c -> c.dataSource(server.roles().ownerDataSource());
    }

    @Bean
    org.flywaydb.core.api.callback.Callback grantsAfterMigrations(ServerRoles server) {
        return new org.flywaydb.core.api.callback.Callback() {
            @Override
            public boolean supports(org.flywaydb.core.api.callback.Event event, org.flywaydb.core.api.callback.Context context) {
                return event == org.flywaydb.core.api.callback.Event.AFTER_MIGRATE;
            }

            @Override
            public boolean canHandleInTransaction(org.flywaydb.core.api.callback.Event event, org.flywaydb.core.api.callback.Context context) {
                return true;
            }

            @Override
            public void handle(org.flywaydb.core.api.callback.Event event, org.flywaydb.core.api.callback.Context context) {
                server.roles().grant();
            }

            @Override
            public String getCallbackName() {
                return "truongson-grants";
            }
        };
    }

    /** The application's pool: as the application role, which owns nothing (issue 11, {@link DatabaseRoles}). */
    @Bean(destroyMethod = "close")
    DataSource dataSource(RuntimeProperties props, ServerRoles server) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("truongson");
        RuntimeProperties.Pool pool = props.db().pool();
        cfg.setMaximumPoolSize(pool.maxSize());
        if (pool.minIdle() != null) cfg.setMinimumIdle(pool.minIdle());
        if (pool.idleTimeout() != null) cfg.setIdleTimeout(pool.idleTimeout().toMillis());
        // A full pool fails fast (503 with Retry-After at the API) instead of hanging a request for 30 s.
        cfg.setConnectionTimeout(pool.connectionTimeoutOrDefault().toMillis());
        DatabaseRoles roles = server.roles();
        try {
            roles.prepare();
        } catch (RuntimeException e) {
            if (server.embedded() != null) closeQuietly(server.embedded());
            throw e;
        }
        cfg.setJdbcUrl(roles.appUrl());
        if (!roles.appUser().isBlank()) cfg.setUsername(roles.appUser());
        if (!roles.appPassword().isBlank()) cfg.setPassword(roles.appPassword());
        log.info("The application connects as the database role {}", roles.appUser());
        if (server.embedded() != null) return new EmbeddedBackedDataSource(cfg, server.embedded());
        return new HikariDataSource(cfg);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
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
