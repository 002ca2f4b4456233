package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts of documents per group of units and time range, for the IT-adoption figures (secops): read-only, no policy
 * (the caller decides who may see the units), no content — only how many.
 */
@Component
public class DocumentFigures {

    /**
     * @param issued documents the units issued in the range (origin INTERNAL, issued_at in range)
     * @param issuedSigned of those, the ones carrying the platform's digital signature (signed_at set)
     * @param incoming documents the units received (recorded in the incoming register) in the range
     * @param incomingHandled of those, the ones whose lead handling assignment was closed on the platform
     */
    public record Counts(long issued, long issuedSigned, long incoming, long incomingHandled) {}

    private final JdbcClient jdbc;

    DocumentFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Counts count(Collection<Long> unitIds, Instant from, Instant to) {
        if (unitIds.isEmpty()) return new Counts(0, 0, 0, 0);
        Long[] units = unitIds.toArray(Long[]::new);
        var issued = jdbc.sql("""
                select count(*), count(*) filter (where signed_at is not null) from document_document
                where origin = :internal and issuing_unit_id = any(:units) and issued_at >= :from and issued_at < :to""")
                .param("internal", Document.INTERNAL).param("units", units).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        var incoming = jdbc.sql("""
                select count(*), count(*) filter (where exists (select 1 from document_assignment a
                        where a.recipient_id = r.id and a.role = :lead and a.status = :closed))
                from document_recipient r where r.unit_id = any(:units) and r.received_at >= :from and r.received_at < :to""")
                .param("lead", HandlingRole.LEAD.name()).param("closed", AssignmentStatus.CLOSED.name())
                .param("units", units).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        return new Counts(issued[0], issued[1], incoming[0], incoming[1]);
    }
}
