package vn.truongson.secops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The malware scanner ({@code truongson.secops.scanner.*}, docs/configuration.md).
 *
 * @param enabled scan uploads (default true). Off only by configuration, which an administrator of the servers sets;
 *        the start of a platform with scanning off is logged as a warning and audited.
 * @param address clamd's socket: {@code unix:/run/clamav/clamd.ctl} or {@code tcp://host:3310}. Empty: the platform
 *        starts its own clamd (managed) on a socket under {@code <data dir>/clamd}, with the signatures the project ships
 *        plus any in {@code signatures-dir}.
 * @param signaturesDir extra signature files (.cvd, .cld, .hdb, .ndb…) for the managed clamd, e.g. a directory that
 *        freshclam fills from the ministry's mirror
 * @param timeout one scan's limit, connection included
 * @param maxBytes the largest stream clamd is asked to scan (its StreamMaxLength); larger uploads are refused earlier
 *        by the upload limit (spring.servlet.multipart.max-file-size)
 */
@ConfigurationProperties("truongson.secops.scanner")
public record ScannerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("") String address,
        @DefaultValue("") String signaturesDir, @DefaultValue("30s") Duration timeout, @DefaultValue("62914560") long maxBytes) {}
