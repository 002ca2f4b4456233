package vn.truongson.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the platform keeps its data and which database it uses.
 *
 * @param dataDir the embedded database and stored files live here (env {@code TRUONGSON_DATA_DIR})
 * @param db the external database; when {@code url} is empty the embedded PostgreSQL is started
 * @param embeddedPort port of the embedded PostgreSQL; 0 picks a free one
 */
@ConfigurationProperties("truongson")
public record RuntimeProperties(String dataDir, Db db, int embeddedPort) {

    public RuntimeProperties {
        if (dataDir == null || dataDir.isBlank()) dataDir = "./data";
        if (db == null) db = new Db("", "", "", null, null, null, null, null);
    }

    /**
     * The database and its two roles (issue 11): the <b>owner</b> runs the migrations and owns every table; the
     * <b>application</b> role the pool connects as owns nothing and may only INSERT and SELECT the audit tables.
     *
     * @param url the external server; empty: the embedded PostgreSQL
     * @param user with {@code ownerUser} empty: the owner (the platform then creates the application role
     *        {@code appUser} itself and connects as it); with {@code ownerUser} set: the application role
     * @param ownerUser when set, the owner that migrates (and {@code user} is the application role, made by the DBA)
     * @param appUser the application role the platform creates when it is given the owner only (default {@code truongson_app})
     * @param appPassword its password (set on it at every start); empty for trust or peer authentication
     * @param pool the connection pool (HikariCP): sizes and idle time, per node
     */
    public record Db(String url, String user, String password, @org.jspecify.annotations.Nullable String ownerUser,
            @org.jspecify.annotations.Nullable String ownerPassword, @org.jspecify.annotations.Nullable String appUser,
            @org.jspecify.annotations.Nullable String appPassword, Pool pool) {
        public Db {
            if (pool == null) pool = new Pool(20, null, null, null);
            if (url == null) url = "";
            if (user == null) user = "";
            if (password == null) password = "";
            if (ownerUser == null) ownerUser = "";
            if (ownerPassword == null) ownerPassword = "";
            if (appUser == null || appUser.isBlank()) appUser = "truongson_app";
            if (appPassword == null) appPassword = "";
        }

        public boolean external() { return url != null && !url.isBlank(); }
    }

    /**
     * @param maxSize connections in the pool (default 20)
     * @param minIdle idle connections kept open; empty: as many as {@code maxSize}. The tests set 1, so that their
     *        many cached contexts fit in one server's {@code max_connections}.
     * @param idleTimeout how long a connection above {@code minIdle} may stay idle; empty: HikariCP's 10 minutes
     * @param connectionTimeout how long a request waits for a free connection before it fails (the API answers 503
     *        with Retry-After); default 1.5 s, so the answer comes within 2 s; never HikariCP's 30 s hang
     */
    public record Pool(@org.springframework.boot.context.properties.bind.DefaultValue("20") int maxSize,
            @org.jspecify.annotations.Nullable Integer minIdle, java.time.@org.jspecify.annotations.Nullable Duration idleTimeout,
            java.time.@org.jspecify.annotations.Nullable Duration connectionTimeout) {

        /** The connection timeout in force: 1.5 s unless set. */
        public java.time.Duration connectionTimeoutOrDefault() {
            return connectionTimeout == null ? java.time.Duration.ofMillis(1500) : connectionTimeout;
        }
    }
}
