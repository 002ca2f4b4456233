package vn.truongson.secops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Detection over the audit trail ({@code truongson.secops.detection.*}, docs/configuration.md).
 *
 * @param enabled run the evaluator and the audit check on the cluster scheduler
 * @param interval pause between two evaluator runs
 * @param settle how old an audit row must be before the evaluator reads past it (rows of transactions still open may
 *        take lower ids)
 * @param batch at most this many new audit rows per run
 * @param verifyInterval pause between two checks of the audit log's integrity (a failure is an {@code audit.verify}
 *        FAILURE row, which the rule AUDIT_VERIFY_FAILURE turns into an alert)
 */
@ConfigurationProperties("truongson.secops.detection")
public record DetectionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval,
        @DefaultValue("2s") Duration settle, @DefaultValue("20000") int batch, @DefaultValue("6h") Duration verifyInterval) {}
