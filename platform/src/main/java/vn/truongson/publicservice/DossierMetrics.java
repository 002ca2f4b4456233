package vn.truongson.publicservice;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code truongson_dossiers_overdue}: dossiers received and neither returned nor refused whose appointment (Mẫu 01)
 * has passed — Statistics' "overdue" for the whole ministry, now. One count on the dossier table per scrape; NaN when
 * the database does not answer. (Received and returned are counters: {@code core.DomainMetrics}.)
 */
@Component
class DossierMetrics implements MeterBinder {

    private final JdbcClient jdbc;

    DossierMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("truongson.dossiers.overdue", this, DossierMetrics::overdue)
                .description("Public-service dossiers received, not yet returned nor rejected, past their appointment")
                .register(registry);
    }

    double overdue() {
        try {
            return jdbc.sql("""
                    select count(*) from publicservice_dossier
                    where received_at is not null and returned_at is null and status <> 'REJECTED' and appointment_at < now()""")
                    .query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
