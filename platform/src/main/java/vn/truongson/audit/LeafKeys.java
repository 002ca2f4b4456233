package vn.truongson.audit;

import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The HMAC-SHA-256 key of the leaves. Made once per installation (32 random bytes), kept in {@code audit_leaf_key}
 * only wrapped by the token's master key ({@link AuditKeys#wrap}), unwrapped into memory on first use: a DBA or a
 * stolen backup has the wrapped bytes and nothing to unwrap them with. The leaf data of a record is
 * HMAC(key, "truongson-audit-leaf/v1" and every field, length-prefixed).
 */
@Component
class LeafKeys {

    private static final String DOMAIN = "truongson-audit-leaf/v1";

    private final JdbcClient jdbc;
    /** Lazily: the signing module that implements it records to this trail itself. */
    private final ObjectProvider<AuditKeys> keys;
    private final ThreadLocal<String> pending = new ThreadLocal<>();
    private final Map<String, SecretKeySpec> unwrapped = new ConcurrentHashMap<>();
    private volatile @Nullable String current;
    /** When {@link #current} was read: another node's rotation is picked up within {@link #REFRESH_NANOS}. */
    private volatile long currentAt;
    private static final long REFRESH_NANOS = 30_000_000_000L;

    LeafKeys(JdbcClient jdbc, ObjectProvider<AuditKeys> keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /**
     * The id of the key new records are keyed with. The first time, in the caller's transaction (it may itself be the
     * one making the token's master key, whose record needs a leaf key: everything stays on one connection, so the
     * advisory locks are re-entrant and nothing waits on itself); until that transaction commits, this thread keys with
     * the new key and other threads wait on the lock, then find it.
     */
    String currentId() {
        var mine = pending.get();
        if (mine != null) return mine;
        String id = current;
        if (id != null && System.nanoTime() - currentAt < REFRESH_NANOS) return id;
        if (id != null) {
            // A key made since (rotation, maybe on another node): new records take it.
            var newest = jdbc.sql("select key_id from audit_leaf_key order by created_at desc, key_id limit 1").query(String.class).optional();
            current = newest.orElse(id);
            currentAt = System.nanoTime();
            return current;
        }
        // The token's wrapping key before the lock, never while holding it: the token's first opening (on another thread,
        // under the signing module's monitors) writes audit records that wait on this lock, so taking the lock first and
        // then waiting for the token deadlocked a start (the sealer against the demo's loader). Lock order: the token's
        // monitors, then 'audit.leaf-key'.
        keys.getObject().wrapKeyId();
        jdbc.sql("select pg_advisory_xact_lock(hashtext('audit.leaf-key'))").query().singleRow();
        var existing = jdbc.sql("select key_id from audit_leaf_key order by created_at desc, key_id limit 1").query(String.class).optional();
        if (existing.isPresent()) {
            current = existing.get();
            currentAt = System.nanoTime();
            return current;
        }
        // A trail that already has keyed records but lost its key was tampered with: never make a new key over it.
        if (jdbc.sql("select exists (select 1 from audit_event where mac is not null)").query(Boolean.class).single()) {
            throw new KeyMissing("The audit trail has keyed records but no leaf key: audit_leaf_key was removed");
        }
        return makeKey();
    }

    /**
     * Rotation: a new leaf key, made in the caller's transaction, which new records take once it commits (on this node at
     * once, on the others within 30 s). Old records keep naming the key they were made with, which stays (wrapped) in
     * {@code audit_leaf_key}: they verify as before.
     */
    String rotate() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('audit.leaf-key'))").query().singleRow();
        return makeKey();
    }

    /** How long ago the newest leaf key was made; null when there is none. */
    java.time.@Nullable Duration newestKeyAge() {
        // -1 when there is no key yet (the first record makes it).
        double seconds = jdbc.sql("select coalesce(extract(epoch from now() - max(created_at))::float8, -1) from audit_leaf_key").query(Double.class).single();
        return seconds < 0 ? null : java.time.Duration.ofMillis((long) (seconds * 1000));
    }

    private String makeKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        String keyId = "lk-" + HexFormat.of().formatHex(Merkle.sha256().digest(k), 0, 6);
        unwrapped.put(keyId, new SecretKeySpec(k, "HmacSHA256"));
        pending.set(keyId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                current = keyId;
                currentAt = System.nanoTime();
            }

            @Override
            public void afterCompletion(int status) {
                pending.remove();
            }
        });
        String master = keys.getObject().wrapKeyId();
        jdbc.sql("insert into audit_leaf_key (key_id, master_key_id, wrapped) values (?, ?, ?)").param(keyId).param(master)
                .param(keys.getObject().wrap(k)).update();
        return keyId;
    }

    /** The key {@code keyId}, unwrapped (once, then kept in memory) on the caller's connection. */
    SecretKeySpec key(String keyId) {
        SecretKeySpec k = unwrapped.get(keyId);
        if (k != null) return k;
        var row = jdbc.sql("select master_key_id, wrapped from audit_leaf_key where key_id = ?").param(keyId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2))).optional()
                .orElseThrow(() -> new KeyMissing("No leaf key " + keyId));
        byte[] raw;
        try {
            raw = keys.getObject().unwrap(row.getKey(), row.getValue());
        } catch (RuntimeException e) {
            throw new KeyMissing("The leaf key " + keyId + " does not unwrap under " + row.getKey() + ": " + e.getMessage());
        }
        SecretKeySpec spec = new SecretKeySpec(raw, "HmacSHA256");
        // The id names the key: a wrapped key swapped for another one unwraps to bytes that do not hash to the id.
        if (!keyId.equals("lk-" + HexFormat.of().formatHex(Merkle.sha256().digest(raw), 0, 6))) {
            throw new KeyMissing("The leaf key " + keyId + " unwraps to another key");
        }
        unwrapped.put(keyId, spec);
        return spec;
    }

    /** The leaf data of {@code r}: HMAC-SHA-256 under {@code keyId} over the record's fields. */
    byte[] mac(String keyId, AuditRecord r) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key(keyId));
            return mac.doFinal(canonical(r));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MAC engine keyed with {@code key}, for one thread: the verifier's workers keep one per key. */
    static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf data of {@code r} with an engine from {@link #newMac} (left ready for the next record). */
    static byte[] mac(Mac mac, AuditRecord r) {
        return mac.doFinal(canonical(r));
    }

    /** Every field, each length-prefixed, so that no two records share a text. Microseconds: what PostgreSQL keeps. */
    static byte[] canonical(AuditRecord r) {
        StringBuilder b = new StringBuilder(256).append(DOMAIN);
        for (Object f : new Object[] {r.id(), r.at().getEpochSecond() * 1_000_000 + r.at().getNano() / 1000, r.actor(),
                r.unitId(), r.zone(), r.ip(), r.action(), r.target(), r.outcome(), r.detail()}) {
            String s = f == null ? "\u0000" : f.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The key cannot be had: removed, swapped, or the token's master key is not the one that wrapped it. */
    static final class KeyMissing extends RuntimeException {
        KeyMissing(String message) {
            super(message);
        }
    }
}
