package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Number allocation from the registers (sổ đăng ký). Decree 30/2020, Art. 15 and 22: numbers start at 01 on
 * 1 January, run consecutively through the year, per register; classified documents have their own series. The
 * upsert takes the register row's lock until the caller's transaction ends, so concurrent clerks queue on it (on
 * every node alike).
 *
 * <p>Issuing reserves its number in a short transaction of its own ({@link #reserve}), seals the PDF outside the
 * register lock, then completes ({@link #complete}); a number whose sealing failed is recorded as voided
 * ({@link #voidReserved}), never given back (docs/documents-numbering.md). Every number from 1 to the register's
 * last one is therefore an issued document, a reservation in flight or a voided line.
 */
@Component
public class Registers {

    public enum Direction { OUT, IN }

    /** A reservation older than this was abandoned (its node died while sealing): the next reservation voids it. */
    static final Duration ABANDONED = Duration.ofMinutes(10);

    /** A number reserved for a document being issued. */
    record Reservation(long documentId, long unitId, int year, boolean classified, int number, Instant reservedAt) {}

    /** A voided line of a register: the number, the document it was reserved for, why. */
    public record Voided(int number, @Nullable Long documentId, String reason, Instant voidedAt) {}

    private final JdbcClient jdbc;

    Registers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next number of the register, inside the caller's transaction (which must exist). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int next(long unitId, int year, Direction direction, boolean classified) {
        return jdbc.sql("""
                insert into document_register (unit_id, year, direction, classified, last_number) values (?, ?, ?, ?, 1)
                on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1
                returning last_number""")
                .params(unitId, year, direction.name(), classified).query(Integer.class).single();
    }

    /** The last number given, 0 when none yet this year. */
    public int last(long unitId, int year, Direction direction, boolean classified) {
        return jdbc.sql("select last_number from document_register where unit_id = ? and year = ? and direction = ? and classified = ?")
                .params(unitId, year, direction.name(), classified).query(Integer.class).optional().orElse(0);
    }

    /** The reservation of this document, if one is in flight. */
    Optional<Reservation> reservation(long documentId) {
        return jdbc.sql("select document_id, unit_id, year, classified, number, reserved_at from document_number_reservation where document_id = ?")
                .param(documentId).query((rs, n) -> new Reservation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant())).optional();
    }

    /**
     * Reserves the next outgoing number for a document, in the caller's transaction (which should be short: the
     * register row stays locked until it commits). Reservations of this register abandoned for longer than
     * {@link #ABANDONED} are voided first, under the same lock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Reservation reserve(long documentId, long unitId, int year, boolean classified, long by, Instant now) {
        int number = next(unitId, year, Direction.OUT, classified);
        for (Reservation stale : jdbc.sql("""
                select document_id, unit_id, year, classified, number, reserved_at from document_number_reservation
                where unit_id = ? and year = ? and classified = ? and reserved_at < ?""")
                .params(unitId, year, classified, Timestamp.from(now.minus(ABANDONED)))
                .query((rs, n) -> new Reservation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant())).list()) {
            voidReserved(stale.documentId(), "abandoned", null, now);
        }
        jdbc.sql("""
                insert into document_number_reservation (document_id, unit_id, year, classified, number, reserved_at, reserved_by)
                values (?, ?, ?, ?, ?, ?, ?)""").params(documentId, unitId, year, classified, number, Timestamp.from(now), by).update();
        return new Reservation(documentId, unitId, year, classified, number, now);
    }

    /** The reservation is used (the document is issued with its number): true when it was still there. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean complete(Reservation r) {
        return jdbc.sql("delete from document_number_reservation where document_id = ? and number = ?").params(r.documentId(), r.number()).update() == 1;
    }

    /** Records the document's reserved number as voided in its register (its sealing failed): the number is never reused. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Reservation> voidReserved(long documentId, String reason, @Nullable Long by, Instant now) {
        Optional<Reservation> r = jdbc.sql("""
                delete from document_number_reservation where document_id = ?
                returning document_id, unit_id, year, classified, number, reserved_at""").param(documentId)
                .query((rs, n) -> new Reservation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant())).optional();
        r.ifPresent(x -> jdbc.sql("""
                insert into document_register_void (unit_id, year, direction, classified, number, document_id, reason, voided_at, voided_by)
                values (?, ?, 'OUT', ?, ?, ?, ?, ?, ?)""")
                .params(x.unitId(), x.year(), x.classified(), x.number(), x.documentId(), reason.length() > 300 ? reason.substring(0, 300) : reason,
                        Timestamp.from(now), by).update());
        return r;
    }

    /** The voided lines of an outgoing register, by number. */
    public List<Voided> voided(long unitId, int year, boolean classified) {
        return jdbc.sql("""
                select number, document_id, reason, voided_at from document_register_void
                where unit_id = ? and year = ? and direction = 'OUT' and classified = ? order by number""")
                .params(unitId, year, classified)
                .query((rs, n) -> new Voided(rs.getInt(1), (Long) rs.getObject(2), rs.getString(3), rs.getTimestamp(4).toInstant())).list();
    }
}
