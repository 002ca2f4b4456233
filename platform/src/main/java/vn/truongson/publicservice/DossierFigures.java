package vn.truongson.publicservice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many dossiers a group of units took in over a range and how many were filed online, for the IT-adoption figures
 * (secops): read-only, no policy, no applicant data.
 */
@Component
public class DossierFigures {

    /** @param dossiers submitted to the units in the range; @param online of those, filed online (channel ONLINE) */
    public record Counts(long dossiers, long online) {}

    private final JdbcClient jdbc;

    DossierFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Counts count(Collection<Long> unitIds, Instant from, Instant to) {
        if (unitIds.isEmpty()) return new Counts(0, 0);
        return jdbc.sql("""
                select count(*), count(*) filter (where channel = 'ONLINE') from publicservice_dossier
                where unit_id = any(:units) and submitted_at >= :from and submitted_at < :to""")
                .param("units", unitIds.toArray(Long[]::new)).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2))).single();
    }
}
