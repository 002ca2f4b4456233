package vn.truongson.audit;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The keys that make the trail verifiable, kept off the database: an SPI that the {@code signing} module implements with
 * the platform's PKCS#11 token (the audit module depends on nothing but core, as {@link AuditContext} shows).
 *
 * <ul>
 * <li>The leaves' HMAC key is made by the trail and kept in the database only wrapped by the token's master key:
 * {@link #wrap} and {@link #unwrap}.</li>
 * <li>Tree heads are signed with the platform's audit seal key on the token ({@link #sign}) and time-stamped by the
 * platform's RFC 3161 authority; {@link #sealCertificates} answers the certificates of every seal key the token holds,
 * read from the token, not from the database, so that a verifier never trusts a certificate a DBA could have put
 * there.</li>
 * </ul>
 */
public interface AuditKeys {

    /** The id of the master key {@link #wrap} uses now. */
    String wrapKeyId();

    byte[] wrap(byte[] key);

    byte[] unwrap(String wrapKeyId, byte[] wrapped);

    /** Signs {@code head} with the current audit seal key and time-stamps the signature. */
    Seal sign(byte[] head);

    /** The certificates of the seal keys on the token, current first. */
    List<X509Certificate> sealCertificates();

    /** Whether {@code token} is a valid RFC 3161 time-stamp token of the platform's authority over SHA-256 of {@code signature}. */
    boolean timestampValid(byte[] token, byte[] signature);

    /** A signature over a head, the certificate of the key that made it, and the RFC 3161 token over the signature (or null). */
    record Seal(byte[] signature, X509Certificate certificate, byte @org.jspecify.annotations.Nullable [] timestamp) {}
}
