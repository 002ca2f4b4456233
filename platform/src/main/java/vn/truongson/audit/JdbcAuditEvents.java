package vn.truongson.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@link AuditEvents} over {@code audit_event}: selects only, never a write. */
@Repository
class JdbcAuditEvents implements AuditEvents {

    private static final String COLUMNS = "id, at, actor, unit_id, zone, ip, action, target, outcome, detail";

    private final JdbcClient jdbc;

    JdbcAuditEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long settledUpTo(Duration settle) {
        return jdbc.sql("select coalesce(max(id), 0) from audit_event where at <= now() - make_interval(secs => :s)")
                .param("s", settle.toMillis() / 1000.0).query(Long.class).single();
    }

    @Override
    public List<AuditRecord> between(long afterId, long upToId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_event where id > ? and id <= ? order by id limit ?")
                .params(afterId, upToId, Math.clamp(limit, 1, 100_000)).query(JdbcAuditEvents::map).list();
    }

    @Override
    public List<AuditRecord> ofActions(Collection<String> actions, Instant from, Instant to, long upToId) {
        if (actions.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + " from audit_event where action = any(:actions) and at >= :from and at <= :to and id <= :upTo order by at, id")
                .param("actions", actions.toArray(String[]::new)).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .param("upTo", upToId).query(JdbcAuditEvents::map).list();
    }

    @Override
    public long count(String actor, String action, String outcome, Instant from, Instant to) {
        return jdbc.sql("select count(*) from audit_event where actor = ? and action = ? and outcome = ? and at >= ? and at < ?")
                .params(actor, action, outcome, Timestamp.from(from), Timestamp.from(to)).query(Long.class).single();
    }

    @Override
    public long count(String action, String outcome, Instant from, Instant to) {
        return jdbc.sql("select count(*) from audit_event where action = ? and outcome = ? and at >= ? and at < ?")
                .params(action, outcome, Timestamp.from(from), Timestamp.from(to)).query(Long.class).single();
    }

    @Override
    public Set<String> actors(String action, String outcome, Instant from, Instant to) {
        return new HashSet<>(jdbc.sql("select distinct actor from audit_event where action = ? and outcome = ? and at >= ? and at < ?")
                .params(action, outcome, Timestamp.from(from), Timestamp.from(to)).query(String.class).list());
    }

    @Override
    public List<AuditRecord> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + " from audit_event where id = any(:ids) order by id")
                .param("ids", ids.toArray(Long[]::new)).query(JdbcAuditEvents::map).list();
    }

    @Override
    @Transactional(readOnly = true)
    public void forEach(Instant from, Instant to, Consumer<AuditRecord> each) {
        jdbc.sql("select " + COLUMNS + " from audit_event where at >= ? and at < ? order by id")
                .params(Timestamp.from(from), Timestamp.from(to)).withFetchSize(1000)
                .query(rs -> { each.accept(map(rs, 0)); });
    }

    @Override
    public @Nullable AuditRecord latest(String action, @Nullable String outcome) {
        return jdbc.sql("select " + COLUMNS + " from audit_event where action = :a and (cast(:o as text) is null or outcome = :o) order by id desc limit 1")
                .param("a", action).param("o", outcome).query(JdbcAuditEvents::map).optional().orElse(null);
    }

    private static AuditRecord map(ResultSet rs, int n) throws SQLException {
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), unitId,
                rs.getString("zone"), rs.getString("ip"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("detail"));
    }
}
