package vn.truongson.exchange;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.SecrecyLevel;

/**
 * The message log (nhật ký trao đổi): one row per mediated call, refusals included — who called whom, under which
 * agreement, the SHA-256 of the request and of the answer sent back, the status and the latency. Each row is also an
 * audit event ({@code exchange.message}) written in the same transaction, so the audit chain covers it.
 */
@Service
public class MessageLog {

    public record Entry(long id, Instant at, @Nullable String consumer, String provider, String service, @Nullable Long agreementId, String method,
            int status, String outcome, String requestDigest, String responseDigest, int latencyMs) {}

    /** What the mediator writes. */
    public record Message(@Nullable String consumer, @Nullable Long consumerUnitId, String provider, @Nullable Long providerUnitId, String service,
            SecrecyLevel secrecy, @Nullable Long agreementId, String method, int status, String outcome, String requestDigest, String responseDigest,
            int latencyMs) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    MessageLog(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.tx = tx;
    }

    public long write(Message m) {
        String provider = clip(m.provider());
        String service = clip(m.service());
        return tx.execute(s -> {
            long id = jdbc.sql("""
                    insert into exchange_log (consumer, consumer_unit_id, provider, provider_unit_id, service, secrecy, agreement_id, method, status, outcome,
                                              request_digest, response_digest, latency_ms)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(m.consumer(), m.consumerUnitId(), provider, m.providerUnitId(), service, m.secrecy().rank(), m.agreementId(), m.method(),
                            m.status(), m.outcome(), m.requestDigest(), m.responseDigest(), m.latencyMs())
                    .query(Long.class).single();
            audit.record("exchange.message", "exchange-log:" + id, m.status() < 400 ? AuditTrail.SUCCESS : AuditTrail.DENIED,
                    (m.consumer() == null ? "?" : m.consumer()) + " → " + provider + "/" + service + " " + m.method() + " " + m.status() + " " + m.outcome()
                            + (m.agreementId() == null ? "" : " agreement:" + m.agreementId()) + " req:" + m.requestDigest() + " res:" + m.responseDigest());
            return id;
        });
    }

    /** Entries whose consumer or provider system is owned within the reader's grants (owners, administrators, auditors), within his level. */
    public List<Entry> list(@Nullable String consumer, @Nullable String provider, @Nullable String service, int limit) {
        var vis = policy.visibility(Agreements.READERS);
        SqlFilter onProvider = vis.where("l.provider_unit_id", "l.secrecy");
        SqlFilter onConsumer = vis.where("l.consumer_unit_id", "l.secrecy");
        var sql = new StringBuilder("select l.id, l.at, l.consumer, l.provider, l.service, l.agreement_id, l.method, l.status, l.outcome, "
                + "l.request_digest, l.response_digest, l.latency_ms from exchange_log l where ((" + onProvider.sql() + ") or (" + onConsumer.sql() + "))");
        if (consumer != null) sql.append(" and l.consumer = :consumer");
        if (provider != null) sql.append(" and l.provider = :provider");
        if (service != null) sql.append(" and l.service = :service");
        sql.append(" order by l.id desc limit :limit");
        var spec = onConsumer.bind(onProvider.bind(jdbc.sql(sql.toString()))).param("limit", Math.clamp(limit, 1, 1000));
        if (consumer != null) spec = spec.param("consumer", consumer);
        if (provider != null) spec = spec.param("provider", provider);
        if (service != null) spec = spec.param("service", service);
        return spec.query((rs, n) -> {
            long agreement = rs.getLong("agreement_id");
            Long a = rs.wasNull() ? null : agreement;
            return new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("consumer"), rs.getString("provider"), rs.getString("service"),
                    a, rs.getString("method"), rs.getInt("status"), rs.getString("outcome"), rs.getString("request_digest"), rs.getString("response_digest"),
                    rs.getInt("latency_ms"));
        }).list();
    }

    /** Whether the reader may see this log row (the same rule as {@link #list}). */
    public boolean visible(long id) {
        var vis = policy.visibility(Agreements.READERS);
        SqlFilter onProvider = vis.where("l.provider_unit_id", "l.secrecy");
        SqlFilter onConsumer = vis.where("l.consumer_unit_id", "l.secrecy");
        String sql = "select count(*) from exchange_log l where l.id = :id and ((" + onProvider.sql() + ") or (" + onConsumer.sql() + "))";
        return onConsumer.bind(onProvider.bind(jdbc.sql(sql))).param("id", id).query(Long.class).single() > 0;
    }

    /** Codes as the caller typed them in the path, bounded and printable (a refused call may name anything). */
    private static String clip(String s) {
        String v = s.length() > 64 ? s.substring(0, 64) : s;
        return v.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
