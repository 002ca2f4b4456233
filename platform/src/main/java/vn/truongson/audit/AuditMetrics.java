package vn.truongson.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code truongson_audit_seal_lag_seconds}: the age of the oldest audit record not yet covered by the seal — today the
 * chain's head ({@code audit_head.last_id}), which the appender moves in the record's own transaction, so the lag is 0
 * unless something is wrong. When the audit log is sealed in batches (issue 11), this one query is the place to read
 * the sealer's state instead; the gauge's name and meaning stay. NaN when the database does not answer.
 */
@Component
class AuditMetrics implements MeterBinder {

    private final JdbcClient jdbc;

    AuditMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("truongson.audit.seal.lag", this, AuditMetrics::sealLagSeconds)
                .description("Seconds since the oldest audit record not yet covered by the seal (0 when all are)")
                .baseUnit("seconds").register(registry);
    }

    double sealLagSeconds() {
        try {
            return jdbc.sql("""
                    select coalesce(extract(epoch from now() - min(e.at)), 0) from audit_event e
                    where e.id > (select last_id from audit_head)""").query(Double.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
