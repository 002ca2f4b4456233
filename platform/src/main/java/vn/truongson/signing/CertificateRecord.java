package vn.truongson.signing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A certificate the platform's CA issued, as recorded: {@code kind} ROOT, ISSUING, TSA, PERSONAL or UNIT;
 * {@code status} VALID, REVOKED or SUPERSEDED. {@code locked}: too many wrong PINs (personal keys).
 */
public record CertificateRecord(String serial, String kind, @Nullable Long officialId, @Nullable Long unitId, String subject,
        Instant notBefore, Instant notAfter, String status, @Nullable Instant revokedAt, int pinFailures, boolean locked,
        @Nullable String issuedBy, Instant createdAt) {

    public boolean valid() {
        return "VALID".equals(status) && notAfter.isAfter(Instant.now());
    }
}
