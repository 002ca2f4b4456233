package vn.truongson.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    private final JdbcClient jdbc;
    private final AuditContext context;
    private final LeafKeys leafKeys;
    private final MerkleLog merkle;
    private final TransactionTemplate separate;
    /** {@code truongson.audit.sink=noop}: nothing is appended (the write-path benchmark's baseline; demo mode only). */
    private final boolean noop;

    JdbcAuditTrail(JdbcClient jdbc, AuditContext context, LeafKeys leafKeys, MerkleLog merkle, PlatformTransactionManager tx) {
        this(jdbc, context, leafKeys, merkle, tx, "database", "");
    }

    /**
     * @param sink {@code truongson.audit.sink}: {@code database} (always, in service) or {@code noop}, which drops every
     *        record — only for bench/audit-writepath.sh's baseline, refused unless {@code truongson.demo.enabled=true}
     *        is set explicitly (so never with the production profile, which refuses demo mode)
     */
    @org.springframework.beans.factory.annotation.Autowired
    JdbcAuditTrail(JdbcClient jdbc, AuditContext context, LeafKeys leafKeys, MerkleLog merkle, PlatformTransactionManager tx,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.sink:database}") String sink,
            @org.springframework.beans.factory.annotation.Value("${truongson.demo.enabled:}") String demo) {
        this.noop = switch (sink.strip()) {
            case "database", "" -> false;
            case "noop" -> {
                if (!"true".equalsIgnoreCase(demo.strip())) {
                    throw new IllegalStateException("truongson.audit.sink=noop drops the audit trail: a benchmark setting, refused outside demo mode "
                            + "(truongson.demo.enabled=true)");
                }
                org.slf4j.LoggerFactory.getLogger(JdbcAuditTrail.class).warn("AUDIT SINK IS NO-OP: nothing is recorded (benchmark baseline, demo mode)");
                yield true;
            }
            default -> throw new IllegalStateException("truongson.audit.sink: database or noop, not " + sink);
        };
        this.jdbc = jdbc;
        this.context = context;
        this.leafKeys = leafKeys;
        this.merkle = merkle;
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
     * Inside a transaction, the row is appended once that transaction has ended, whatever its outcome (so a refusal is
     * recorded after the change it refused has rolled back, and never waits on the caller's locks).
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

    /**
     * No lock shared by writers: the id comes from a sequence, the transaction id from PostgreSQL (column default), the
     * MAC is computed here with the leaf key. The sealer orders the records later.
     */
    private void append(Who who, String action, String target, String outcome, @Nullable String detail) {
        if (noop) return;
        String keyId = leafKeys.currentId();
        long id = jdbc.sql("select nextval('audit_event_id_seq')").query(Long.class).single();
        // Microseconds: what PostgreSQL keeps, so the verifier recomputes the same text.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var row = new AuditRecord(id, at, who.actor(), who.unitId(), who.zone(), who.ip(), action, target, outcome, detail);
        byte[] mac = leafKeys.mac(keyId, row);
        jdbc.sql("""
                insert into audit_event (id, at, actor, unit_id, zone, ip, action, target, outcome, detail, key_id, mac)
                values (:id, :at, :actor, :unitId, :zone, :ip, :action, :target, :outcome, :detail, :keyId, :mac)""")
                .param("id", id).param("at", Timestamp.from(at)).param("actor", row.actor()).param("unitId", row.unitId())
                .param("zone", row.zone()).param("ip", row.ip()).param("action", action).param("target", target)
                .param("outcome", outcome).param("detail", detail).param("keyId", keyId).param("mac", mac)
                .update();
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
        return jdbc.sql(sql.toString()).params(spec).query((rs, n) -> MerkleLog.map(rs)).list();
    }

    @Override
    public Verification verify() {
        return merkle.verify();
    }

    @Override
    public long seal() {
        return merkle.seal();
    }

    @Override
    public String rotateLeafKey() {
        String keyId = java.util.Objects.requireNonNull(separate.execute(t -> {
            String id = leafKeys.rotate();
            append(context.actor(), "audit.leaf-key.rotate", id, SUCCESS, "Khóa lá mới / new leaf key " + id);
            return id;
        }));
        return keyId;
    }

    @Override
    public boolean rotateLeafKeyIfOlderThan(java.time.Duration age) {
        java.time.Duration newest = leafKeys.newestKeyAge();
        if (newest == null || newest.compareTo(age) < 0) return false;
        rotateLeafKey();
        return true;
    }

    @Override
    public List<TreeHead> heads(int limit) {
        return merkle.heads(limit);
    }

    @Override
    public Consistency consistency(long from, @Nullable Long to) {
        return merkle.consistency(from, to);
    }

    @Override
    public Proof proof(long id) {
        return merkle.proof(id);
    }
}
