package vn.truongson.files;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.files} (docs/configuration.md).
 *
 * @param store where the bytes of stored and sealed files live: {@code database} (the default: chunks in PostgreSQL,
 *     reachable from every node of a cluster and backed up with the database) or {@code disk} (under
 *     {@code <data-dir>/files}, one node only, or a directory every node mounts)
 */
@ConfigurationProperties("truongson.files")
public record FilesProperties(@DefaultValue("database") Store store) {

    public enum Store { DATABASE, DISK }

    public boolean database() {
        return store == Store.DATABASE;
    }
}
