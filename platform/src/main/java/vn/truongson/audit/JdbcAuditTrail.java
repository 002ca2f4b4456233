package vn.truongson.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcAuditTrail implements AuditTrail {

    /** Advisory-lock key that serialises appends, so ids, commit order and the chain agree. */
    private static final long CHAIN_LOCK = 0x7275_6f6e_6753_6f6eL;

    private final JdbcClient jdbc;
    private final AuditContext context;
    private final TransactionTemplate separate;

    JdbcAuditTrail(JdbcClient jdbc, AuditContext context, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.context = context;
        this.separate = new TransactionTemplate(tx);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    @Transactional
    public void record(String action, String target, String outcome, @Nullable String detail) {
        append(context.actor(), action, target, outcome, detail);
    }

    @Override
    public void recordSeparately(String action, String target, String outcome, @Nullable String detail) {
        recordSeparately(context.actor(), action, target, outcome, detail);
    }

    /**
     * Inside a transaction, the row is appended once that transaction has ended, whatever its outcome:
     * the caller's transaction may already hold the chain lock, and waiting for it from a second
     * connection would deadlock.
     */
    @Override
    public void recordSeparately(String actor, String action, String target, String outcome, @Nullable String detail) {
        Who who = new Who(actor, context.unitId(), context.zone(), context.ip());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    separate.executeWithoutResult(t -> append(who, action, target, outcome, detail));
                }
            });
        } else {
            separate.executeWithoutResult(t -> append(who, action, target, outcome, detail));
        }
    }

    private record Who(String actor, @Nullable Long unitId, String zone, String ip) {}

    private void append(String actor, String action, String target, String outcome, @Nullable String detail) {
        append(new Who(actor, context.unitId(), context.zone(), context.ip()), action, target, outcome, detail);
    }

    private void append(Who who, String action, String target, String outcome, @Nullable String detail) {
        String actor = who.actor();
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        var head = jdbc.sql("select last_id, last_hash from audit_head").query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        long id = (Long) head[0] + 1;
        String prev = (String) head[1];
        // Microseconds: what PostgreSQL keeps, so the verifier recomputes the same text.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var row = new AuditRecord(id, at, actor, who.unitId(), who.zone(), who.ip(), action, target, outcome, detail);
        String hash = hash(prev, row);
        jdbc.sql("""
                insert into audit_event (id, at, actor, unit_id, zone, ip, action, target, outcome, detail, prev_hash, hash)
                values (:id, :at, :actor, :unitId, :zone, :ip, :action, :target, :outcome, :detail, :prev, :hash)""")
                .param("id", id).param("at", Timestamp.from(at)).param("actor", actor).param("unitId", row.unitId())
                .param("zone", row.zone()).param("ip", row.ip()).param("action", action).param("target", target)
                .param("outcome", outcome).param("detail", detail).param("prev", prev).param("hash", hash)
                .update();
        jdbc.sql("update audit_head set last_id = ?, last_hash = ?").params(id, hash).update();
    }

    /** SHA-256 over the previous hash and every field, each length-prefixed so no two rows share a text. */
    static String hash(String prev, AuditRecord r) {
        StringBuilder b = new StringBuilder(256).append(prev);
        for (Object f : new Object[] {r.id(), r.at().getEpochSecond() * 1_000_000 + r.at().getNano() / 1000, r.actor(),
                r.unitId(), r.zone(), r.ip(), r.action(), r.target(), r.outcome(), r.detail()}) {
            String s = f == null ? "\u0000" : f.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> search(Query q) {
        var sql = new StringBuilder("select id, at, actor, unit_id, zone, ip, action, target, outcome, detail from audit_event where true");
        var spec = new ArrayList<Object>();
        if (q.actor() != null) { sql.append(" and actor = ?"); spec.add(q.actor()); }
        if (q.action() != null) {
            // "a|b": any of several actions or patterns (the audit screen's filter by name, issue 13).
            String[] any = java.util.Arrays.stream(q.action().split("\\|")).map(x -> x.replace("*", "%")).toArray(String[]::new);
            sql.append(" and action like any(?)");
            spec.add(any);
        }
        if (q.target() != null) { sql.append(" and target = ?"); spec.add(q.target()); }
        if (q.outcome() != null) { sql.append(" and outcome = ?"); spec.add(q.outcome()); }
        if (q.from() != null) { sql.append(" and at >= ?"); spec.add(Timestamp.from(q.from())); }
        if (q.to() != null) { sql.append(" and at < ?"); spec.add(Timestamp.from(q.to())); }
        if (q.beforeId() > 0) { sql.append(" and id < ?"); spec.add(q.beforeId()); }
        sql.append(" order by id desc limit ?");
        spec.add(Math.clamp(q.limit(), 1, 1000));
        return jdbc.sql(sql.toString()).params(spec).query(JdbcAuditTrail::map).list();
    }

    @Override
    @Transactional(readOnly = true)
    public Verification verify() {
        var walk = new Object() {
            String prev = "0".repeat(64);
            long expectedId = 1;
            long checked = 0;
            @Nullable Long broken = null;
        };
        jdbc.sql("select id, at, actor, unit_id, zone, ip, action, target, outcome, detail, prev_hash, hash from audit_event order by id")
                .withFetchSize(2000)
                .query(rs -> {
                    if (walk.broken != null) return;
                    AuditRecord r = map(rs, 0);
                    walk.checked++;
                    boolean linked = r.id() == walk.expectedId && walk.prev.equals(rs.getString("prev_hash"));
                    String hash = rs.getString("hash");
                    if (!linked || !hash(walk.prev, r).equals(hash)) {
                        walk.broken = r.id();
                        return;
                    }
                    walk.prev = hash;
                    walk.expectedId++;
                });
        if (walk.broken == null) {
            var head = jdbc.sql("select last_id, last_hash from audit_head").query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
            long lastId = (Long) head[0];
            if (lastId != walk.expectedId - 1 || !walk.prev.equals(head[1])) {
                // Rows were cut off the end: the first missing one is the first broken.
                walk.broken = walk.expectedId;
            }
        }
        return new Verification(walk.broken == null, walk.checked, walk.broken);
    }

    private static AuditRecord map(ResultSet rs, int n) throws SQLException {
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), unitId,
                rs.getString("zone"), rs.getString("ip"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("detail"));
    }
}
