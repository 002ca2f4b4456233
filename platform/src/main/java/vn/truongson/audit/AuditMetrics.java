package vn.truongson.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code truongson_audit_seal_lag_seconds}: the age of the oldest committed audit record not yet in a signed tree head
 * (issue 11): the records of transactions at or above the sealer's {@code sealed_xmin} (all of them before the first
 * seal) that have no leaf. A few seconds under load; growing means the sealer stopped (see the log). NaN when the
 * database does not answer.
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
                    select coalesce(extract(epoch from now() - min(e.at)), 0) from audit_event e, audit_seal_state s
                    where (s.sealed_xmin is null or e.tx_id >= s.sealed_xmin)
                      and not exists (select 1 from audit_leaf l where l.event_id = e.id)""").query(Double.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
