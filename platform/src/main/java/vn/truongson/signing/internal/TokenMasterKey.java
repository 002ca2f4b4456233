package vn.truongson.signing.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.audit.AuditTrail;
import vn.truongson.files.MasterKey;

/**
 * {@link MasterKey} with an AES-256 key made on the platform's PKCS#11 token and never taken off it: a data key
 * is wrapped as {@code iv(12) || AES-GCM(dataKey) || tag(16)}, encrypted on the token.
 */
@Component
public class TokenMasterKey implements MasterKey {

    private static final int IV = 12;
    private final CertificateAuthority ca;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final SecureRandom random = new SecureRandom();
    private volatile @Nullable String current;

    TokenMasterKey(CertificateAuthority ca, JdbcClient jdbc, AuditTrail audit, org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.ca = ca;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    public String keyId() {
        String id = current;
        if (id != null) return id;
        // The token first, outside this key's monitor: opening it takes the CA's monitor and writes audit records (which
        // may wait on the audit trail's leaf-key lock); a thread holding this monitor must never wait for the CA's.
        ca.platform();
        synchronized (this) {
            if (current != null) return current;
            // Nodes of a cluster sealing their first file together: one makes the master key, the others find it.
            current = tx.execute(s -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtext('signing.master-key'))").query().singleRow();
                Optional<String> existing = jdbc.sql("select key_id from signing_master_key where current order by created_at desc limit 1")
                        .query(String.class).optional();
                if (existing.isPresent()) return existing.get();
                String keyId = "mk-" + ca.platform().installation() + "-1";
                ca.generateSecretKey(keyId);
                jdbc.sql("insert into signing_master_key (key_id, key_label) values (?, ?)").param(keyId).param(keyId).update();
                audit.record("signing.master-key.create", "master-key:" + keyId, AuditTrail.SUCCESS, null);
                return keyId;
            });
            return current;
        }
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        String keyId = keyId();
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", ca.platformProvider());
            c.init(Cipher.ENCRYPT_MODE, ca.secretKey(label(keyId)), new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(dataKey);
            return ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token would not wrap the data key", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        if (wrapped.length <= IV + 16) throw new IllegalArgumentException("Not a wrapped key");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", ca.platformProvider());
            c.init(Cipher.DECRYPT_MODE, ca.secretKey(label(keyId)), new GCMParameterSpec(128, Arrays.copyOf(wrapped, IV)));
            return c.doFinal(wrapped, IV, wrapped.length - IV);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("The wrapped key does not unwrap under " + keyId, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token would not unwrap the data key", e);
        }
    }

    private String label(String keyId) {
        return jdbc.sql("select key_label from signing_master_key where key_id = ?").param(keyId).query(String.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("No master key " + keyId));
    }
}
