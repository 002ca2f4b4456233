package vn.truongson.signing.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.truongson.audit.AuditKeys;

/**
 * {@link AuditKeys} on the platform's PKCS#11 token: the leaves' HMAC key is wrapped by the token's master key
 * ({@link TokenMasterKey}), tree heads are signed by the audit seal key made on the token and time-stamped by the
 * platform's TSA. Certificates are read from the token, never from the database.
 */
@Component
class TokenAuditKeys implements AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(TokenAuditKeys.class);

    private final CertificateAuthority ca;
    private final TokenMasterKey master;
    private final TimestampAuthority tsa;

    TokenAuditKeys(CertificateAuthority ca, TokenMasterKey master, TimestampAuthority tsa) {
        this.ca = ca;
        this.master = master;
        this.tsa = tsa;
    }

    @Override
    public String wrapKeyId() {
        return master.keyId();
    }

    @Override
    public byte[] wrap(byte[] key) {
        return master.wrap(key);
    }

    @Override
    public byte[] unwrap(String wrapKeyId, byte[] wrapped) {
        return master.unwrap(wrapKeyId, wrapped);
    }

    @Override
    public Seal sign(byte[] head) {
        var key = ca.auditSealKey();
        PrivateKey k = key.getKey();
        try {
            Signature s = Signature.getInstance(CertificateAuthority.signatureAlgorithm(k), ca.platformProvider());
            s.initSign(k);
            s.update(head);
            byte[] signature = s.sign();
            byte[] timestamp = null;
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(signature);
                timestamp = tsa.getTimeStampResponse(DigestAlgorithm.SHA256, digest).getBytes();
            } catch (RuntimeException e) {
                // The head is signed; a missing time-stamp is reported by the verifier, it does not stop sealing.
                log.warn("Audit: the tree head could not be time-stamped: {}", e.toString());
            }
            return new Seal(signature, key.getValue(), timestamp);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The token would not sign the audit tree head", e);
        }
    }

    @Override
    public List<X509Certificate> sealCertificates() {
        return ca.auditSealCertificates();
    }

    @Override
    public boolean timestampValid(byte[] token, byte[] signature) {
        try {
            TimeStampToken t = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(signature);
            if (!Arrays.equals(digest, t.getTimeStampInfo().getMessageImprintDigest())) return false;
            t.validate(new JcaSimpleSignerInfoVerifierBuilder().build(ca.tokenTsaCertificate()));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
