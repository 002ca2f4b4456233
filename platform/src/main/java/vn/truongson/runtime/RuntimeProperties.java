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
        if (db == null) db = new Db("", "", "");
    }

    public record Db(String url, String user, String password) {
        public boolean external() { return url != null && !url.isBlank(); }
    }
}
