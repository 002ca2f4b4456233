package vn.truongson.exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.core.SecrecyLevel;

/**
 * The message log (nhật ký trao đổi): one row per mediated call, refusals included — who called whom, under which
 * agreement, the SHA-256 of the request and of the answer sent back, the status and the latency. The log is its own
 * evidence: sealed in batches into Merkle trees whose heads are signed and time-stamped ({@link LogSeals}); a message is
 * no longer also an audit event (it doubled the writes and serialised every call on the trail).
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
    private final TransactionTemplate tx;
    private final JdbcTemplate template;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock flushing = new ReentrantLock();
    static final int MAX_BATCH = 1000;

    MessageLog(JdbcClient jdbc, AccessPolicy policy, TransactionTemplate tx, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.tx = tx;
        this.template = template;
    }

    /**
     * Writes the row and returns once it is committed. Calls arriving together are written together (group commit): the
     * first to find no write in progress writes every row waiting, in one transaction and one batch; the others wait
     * for that commit, and whoever finds his own row still waiting after it writes the next batch. The row's time is
     * the call's, not the batch's.
     *
     * @throws RuntimeException when the batch could not be written (the call is not answered as a success then)
     */
    public void write(Message m) {
        Pending p = new Pending(m, Timestamp.from(Instant.now()));
        queue.add(p);
        flushing.lock();
        try {
            if (!p.done.isDone()) flush();
        } finally {
            flushing.unlock();
        }
        try {
            p.done.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private record Pending(Message m, Timestamp at, CompletableFuture<Void> done) {
        Pending(Message m, Timestamp at) {
            this(m, at, new CompletableFuture<>());
        }
    }

    private void flush() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
        if (batch.isEmpty()) return;
        try {
            tx.executeWithoutResult(s -> template.batchUpdate("""
                    insert into exchange_log (at, consumer, consumer_unit_id, provider, provider_unit_id, service, secrecy, agreement_id, method, status,
                                              outcome, request_digest, response_digest, latency_ms)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch.stream().map(p -> {
                Message m = p.m();
                return new Object[] {p.at(), m.consumer(), m.consumerUnitId(), clip(m.provider()), m.providerUnitId(), clip(m.service()), m.secrecy().rank(),
                        m.agreementId(), m.method(), m.status(), m.outcome(), m.requestDigest(), m.responseDigest(), m.latencyMs()};
            }).toList()));
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
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

    /** One line of operational monitoring: a provider's service, one consumer, one day (Asia/Ho_Chi_Minh). */
    public record Usage(java.time.LocalDate day, String provider, String service, @Nullable String consumer, long calls, long refusals, long errors,
            double p50Ms, double p95Ms, @Nullable Instant lastFailureAt, @Nullable Integer lastFailureStatus) {}

    /**
     * Calls, refusals (4xx), errors (5xx), p50/p95 latency and the last failure per day, provider, service and consumer
     * over the last {@code days} days, of the rows the reader may see (the same rule as {@link #list}); {@code system}
     * keeps those where it is the consumer or the provider.
     */
    public List<Usage> usage(int days, @Nullable String system) {
        var vis = policy.visibility(Agreements.READERS);
        SqlFilter onProvider = vis.where("l.provider_unit_id", "l.secrecy");
        SqlFilter onConsumer = vis.where("l.consumer_unit_id", "l.secrecy");
        String sql = """
                select (l.at at time zone 'Asia/Ho_Chi_Minh')::date as day, l.provider, l.service, l.consumer, count(*) as calls,
                       count(*) filter (where l.status between 400 and 499) as refusals, count(*) filter (where l.status >= 500) as errors,
                       percentile_cont(0.5) within group (order by l.latency_ms) as p50, percentile_cont(0.95) within group (order by l.latency_ms) as p95,
                       max(l.at) filter (where l.status >= 400) as last_failure,
                       (array_agg(l.status order by l.at desc) filter (where l.status >= 400))[1] as last_failure_status
                from exchange_log l
                where l.at >= now() - make_interval(days => :days) and ((""" + onProvider.sql() + ") or (" + onConsumer.sql() + "))"
                + (system == null ? "" : " and (l.consumer = :system or l.provider = :system)") + """
                 group by 1, 2, 3, 4 order by 1 desc, 2, 3, 4 limit 2000""";
        var spec = onConsumer.bind(onProvider.bind(jdbc.sql(sql))).param("days", Math.clamp(days, 1, 90));
        if (system != null) spec = spec.param("system", system);
        return spec.query((rs, n) -> {
            java.sql.Timestamp lf = rs.getTimestamp("last_failure");
            int st = rs.getInt("last_failure_status");
            Integer lfs = rs.wasNull() ? null : st;
            return new Usage(rs.getObject("day", java.time.LocalDate.class), rs.getString("provider"), rs.getString("service"), rs.getString("consumer"),
                    rs.getLong("calls"), rs.getLong("refusals"), rs.getLong("errors"), rs.getDouble("p50"), rs.getDouble("p95"),
                    lf == null ? null : lf.toInstant(), lfs);
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
