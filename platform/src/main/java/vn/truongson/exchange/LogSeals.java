package vn.truongson.exchange;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditKeys;
import vn.truongson.audit.AuditTrail;
import vn.truongson.audit.MerkleTrees;
import vn.truongson.signing.Signatures;

/**
 * Seals the message log in batches (X-Road's batch signatures): every {@value #EVERY_SECONDS} seconds the rows not yet
 * sealed (at most 50,000) become the leaves of one RFC 9162 Merkle tree, in id order. A row's leaf data is its own
 * fields as text ({@link #text}), its leaf hash SHA-256(0x00 || text); the tree's root is time-stamped by the platform's
 * RFC 3161 TSA, and the seal's head ({@link #head}: rows, first and last id, root, time) is signed with the platform's
 * audit seal key (through {@link AuditKeys}, the signature time-stamped too). A message's proof is its text, its index,
 * the O(log n) inclusion path, the root, the token and the signed head: anyone recomputes the root from the path and
 * checks both with openssl (docs/exchange.md). Rows are claimed with {@code for update skip locked}, so a row
 * committed late goes to the next batch, and two nodes never seal the same row. Seals made before V1500 are 'flat'
 * (root = SHA-256 of the hex leaves, one a line) and keep that proof.
 */
@Service
public class LogSeals {

    static final long EVERY_SECONDS = 5;
    static final String RFC9162 = "rfc9162";

    public record Seal(long id, Instant sealedAt, long firstId, long lastId, int rows, String root, byte[] token, String scheme,
            byte @Nullable [] head, byte @Nullable [] signature, byte @Nullable [] certificate, byte @Nullable [] signatureToken) {}

    /** A message's proof under a Merkle seal. */
    public record Proof(Seal seal, String text, String leafHash, long leafIndex, List<String> path) {}

    private final JdbcClient jdbc;
    private final Signatures signatures;
    private final ObjectProvider<AuditKeys> keys;
    private final AuditTrail audit;

    LogSeals(JdbcClient jdbc, Signatures signatures, ObjectProvider<AuditKeys> keys, AuditTrail audit) {
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.keys = keys;
        this.audit = audit;
    }

    private static final String COLUMNS = "id, at, consumer, provider, service, agreement_id, method, status, outcome, request_digest, response_digest, latency_ms";

    /** Seals what is waiting; empty when nothing was. */
    @Transactional
    public Optional<Seal> sealNow() {
        List<Row> rows = jdbc.sql("select " + COLUMNS + " from exchange_log where seal_id is null order by id limit 50000 for update skip locked")
                .query(LogSeals::row).list();
        if (rows.isEmpty()) return Optional.empty();
        List<byte[]> leaves = new ArrayList<>(rows.size());
        for (Row r : rows) leaves.add(MerkleTrees.leafHash(text(r).getBytes(StandardCharsets.UTF_8)));
        byte[] root = MerkleTrees.root(leaves);
        String rootHex = HexFormat.of().formatHex(root);
        byte[] token = signatures.timestamp(root);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        byte[] head = head(rows.size(), rows.getFirst().id(), rows.getLast().id(), rootHex, at);
        AuditKeys.Seal signed = keys.getObject().sign(head);
        byte[] cert;
        try {
            cert = signed.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        long id = jdbc.sql("""
                insert into exchange_log_seal (sealed_at, first_id, last_id, rows, root, token, scheme, signed_text, signature, certificate, signature_token)
                values (?, ?, ?, ?, ?, ?, 'rfc9162', ?, ?, ?, ?) returning id""")
                .params(Timestamp.from(at), rows.getFirst().id(), rows.getLast().id(), rows.size(), rootHex, token, head, signed.signature(), cert,
                        signed.timestamp())
                .query(Long.class).single();
        jdbc.sql("update exchange_log set seal_id = ? where id = any(?)").params(id, rows.stream().map(Row::id).toArray(Long[]::new)).update();
        audit.record("exchange.log.seal", "exchange-log-seal:" + id, AuditTrail.SUCCESS, rows.size() + " rows " + rows.getFirst().id() + ".."
                + rows.getLast().id() + " root:" + rootHex);
        return find(id);
    }

    /** The signed head of a seal: the scheme, the number of rows, the first and last id, the root (hex) and the time, one a line. */
    static byte[] head(int rows, long firstId, long lastId, String rootHex, Instant at) {
        return ("truongson-exchange-seal/v1\n" + rows + "\n" + firstId + "\n" + lastId + "\n" + rootHex + "\n" + at + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public Optional<Seal> find(long id) {
        return jdbc.sql("""
                select id, sealed_at, first_id, last_id, rows, root, token, scheme, signed_text, signature, certificate, signature_token
                from exchange_log_seal where id = ?""").param(id)
                .query((rs, n) -> new Seal(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getString(6),
                        rs.getBytes(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10), rs.getBytes(11), rs.getBytes(12))).optional();
    }

    /** The seal of a log row, if it has one yet. */
    public Optional<Long> sealOf(long logId) {
        return jdbc.sql("select seal_id from exchange_log where id = ? and seal_id is not null").param(logId).query(Long.class).optional();
    }

    /** A row's proof under its Merkle seal: its text, leaf hash, index and inclusion path (bottom-up, hex). */
    public Optional<Proof> proof(long logId) {
        Optional<Seal> seal = sealOf(logId).flatMap(this::find).filter(s -> RFC9162.equals(s.scheme()));
        if (seal.isEmpty()) return Optional.empty();
        List<Row> rows = jdbc.sql("select " + COLUMNS + " from exchange_log where seal_id = ? order by id").param(seal.get().id()).query(LogSeals::row).list();
        List<byte[]> leaves = new ArrayList<>(rows.size());
        int index = -1;
        String text = null;
        for (int i = 0; i < rows.size(); i++) {
            String t = text(rows.get(i));
            leaves.add(MerkleTrees.leafHash(t.getBytes(StandardCharsets.UTF_8)));
            if (rows.get(i).id() == logId) {
                index = i;
                text = t;
            }
        }
        if (index < 0 || text == null) return Optional.empty();
        List<String> path = MerkleTrees.inclusionPath(leaves, index).stream().map(HexFormat.of()::formatHex).toList();
        return Optional.of(new Proof(seal.get(), text, HexFormat.of().formatHex(leaves.get(index)), index, path));
    }

    /** Flat seals (before V1500): the leaves of a seal's rows, in order, the root being the SHA-256 of them one a line. */
    public List<String> leaves(long sealId) {
        return jdbc.sql("select " + COLUMNS + " from exchange_log where seal_id = ? order by id").param(sealId).query(LogSeals::row).list().stream()
                .map(LogSeals::leaf).toList();
    }

    /** Flat seals: one row's leaf. */
    public Optional<String> leafOf(long logId) {
        return jdbc.sql("select " + COLUMNS + " from exchange_log where id = ?").param(logId).query(LogSeals::row).optional().map(LogSeals::leaf);
    }

    record Row(long id, Instant at, String consumer, String provider, String service, String agreement, String method, int status, String outcome,
            String requestDigest, String responseDigest, int latencyMs) {}

    /** A row's text: its fields joined by "|", the instant in ISO 8601 UTC to the microsecond, empty strings for nulls. */
    static String text(Row r) {
        return String.join("|", Long.toString(r.id()), r.at().toString(), r.consumer(), r.provider(), r.service(), r.agreement(), r.method(),
                Integer.toString(r.status()), r.outcome(), r.requestDigest(), r.responseDigest(), Integer.toString(r.latencyMs()));
    }

    /** A row's flat leaf (seals before V1500): SHA-256 (hex) of its text. */
    static String leaf(Row r) {
        return HexFormat.of().formatHex(sha256(text(r)));
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

    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        RecurringTask<Void> exchangeLogSeal(LogSeals seals, ClusterRate rate) {
            return Tasks.recurring("exchange-log-seal", Schedules.fixedDelay(Duration.ofSeconds(EVERY_SECONDS))).execute((instance, context) -> {
                seals.sealNow();
                rate.prune();
            });
        }
    }
}
