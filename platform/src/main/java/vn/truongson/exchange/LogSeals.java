package vn.truongson.exchange;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.signing.Signatures;

/**
 * Seals the message log in batches (X-Road's batch time-stamping): every {@value #EVERY_SECONDS} seconds the rows not
 * yet sealed (at most 50,000) get one seal. Each row's leaf is the SHA-256 of its own fields ({@link #leaf}); the
 * batch's root is the SHA-256 of the leaves (hex, one per line, in id order); the root is timestamped by the
 * platform's RFC 3161 TSA (its key on the platform token). To prove a record later: recompute its leaf and the root
 * from the batch's rows, then {@code openssl ts -verify -digest <root> -in token.tsr -token_in -CAfile ca.pem
 * -untrusted tsa.pem} (docs/exchange.md). Rows are claimed with {@code for update skip locked}, so a row committed late
 * goes to the next batch, and two nodes never seal the same row.
 */
@Service
public class LogSeals {

    static final long EVERY_SECONDS = 5;

    public record Seal(long id, Instant sealedAt, long firstId, long lastId, int rows, String root, byte[] token) {}

    private final JdbcClient jdbc;
    private final Signatures signatures;
    private final AuditTrail audit;

    LogSeals(JdbcClient jdbc, Signatures signatures, AuditTrail audit) {
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.audit = audit;
    }

    /** Seals what is waiting; empty when nothing was. */
    @Transactional
    public Optional<Seal> sealNow() {
        List<Row> rows = jdbc.sql("""
                select id, at, consumer, provider, service, agreement_id, method, status, outcome, request_digest, response_digest, latency_ms
                from exchange_log where seal_id is null order by id limit 50000 for update skip locked""").query(LogSeals::row).list();
        if (rows.isEmpty()) return Optional.empty();
        StringBuilder leaves = new StringBuilder();
        for (Row r : rows) leaves.append(leaf(r)).append('\n');
        byte[] root = sha256(leaves.toString());
        byte[] token = signatures.timestamp(root);
        String rootHex = HexFormat.of().formatHex(root);
        long id = jdbc.sql("insert into exchange_log_seal (first_id, last_id, rows, root, token) values (?, ?, ?, ?, ?) returning id")
                .params(rows.getFirst().id(), rows.getLast().id(), rows.size(), rootHex, token).query(Long.class).single();
        jdbc.sql("update exchange_log set seal_id = ? where id = any(?)").params(id, rows.stream().map(Row::id).toArray(Long[]::new)).update();
        audit.record("exchange.log.seal", "exchange-log-seal:" + id, AuditTrail.SUCCESS, rows.size() + " rows " + rows.getFirst().id() + ".." + rows.getLast().id()
                + " root:" + rootHex);
        return find(id);
    }

    public Optional<Seal> find(long id) {
        return jdbc.sql("select id, sealed_at, first_id, last_id, rows, root, token from exchange_log_seal where id = ?").param(id)
                .query((rs, n) -> new Seal(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getString(6),
                        rs.getBytes(7))).optional();
    }

    /** The seal of a log row, if it has one yet. */
    public Optional<Long> sealOf(long logId) {
        return jdbc.sql("select seal_id from exchange_log where id = ? and seal_id is not null").param(logId).query(Long.class).optional();
    }

    /** The leaves of a seal's rows, in order: what its root is the SHA-256 of (one hex leaf per line). */
    public List<String> leaves(long sealId) {
        return jdbc.sql("""
                select id, at, consumer, provider, service, agreement_id, method, status, outcome, request_digest, response_digest, latency_ms
                from exchange_log where seal_id = ? order by id""").param(sealId).query(LogSeals::row).list().stream().map(LogSeals::leaf).toList();
    }

    /** One row's leaf. */
    public Optional<String> leafOf(long logId) {
        return jdbc.sql("""
                select id, at, consumer, provider, service, agreement_id, method, status, outcome, request_digest, response_digest, latency_ms
                from exchange_log where id = ?""").param(logId).query(LogSeals::row).optional().map(LogSeals::leaf);
    }

    record Row(long id, Instant at, String consumer, String provider, String service, String agreement, String method, int status, String outcome,
            String requestDigest, String responseDigest, int latencyMs) {}

    /** A row's leaf: SHA-256 (hex) of its fields joined by "|", the instant in ISO 8601 UTC to the microsecond. */
    static String leaf(Row r) {
        String s = String.join("|", Long.toString(r.id()), r.at().toString(), r.consumer(), r.provider(), r.service(), r.agreement(), r.method(),
                Integer.toString(r.status()), r.outcome(), r.requestDigest(), r.responseDigest(), Integer.toString(r.latencyMs()));
        return HexFormat.of().formatHex(sha256(s));
    }

    static Row row(ResultSet rs, int n) throws SQLException {
        long a = rs.getLong("agreement_id");
        String agreement = rs.wasNull() ? "" : Long.toString(a);
        String consumer = rs.getString("consumer");
        return new Row(rs.getLong("id"), rs.getTimestamp("at").toInstant(), consumer == null ? "" : consumer, rs.getString("provider"),
                rs.getString("service"), agreement, rs.getString("method"), rs.getInt("status"), rs.getString("outcome"), rs.getString("request_digest"),
                rs.getString("response_digest"), rs.getInt("latency_ms"));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        RecurringTask<Void> exchangeLogSeal(LogSeals seals) {
            return Tasks.recurring("exchange-log-seal", Schedules.fixedDelay(Duration.ofSeconds(EVERY_SECONDS))).execute((instance, context) -> seals.sealNow());
        }
    }
}
