package vn.truongson.signing;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PAdES signing and validation (DOMAIN-VN.md §8, API.md "Documents and signatures"): signatures are
 * PAdES B-T made with EU DSS, timestamped by the platform's RFC 3161 service, with keys on the PKCS#11
 * token. The visible appearance follows Decree 30. This is the module's API for other modules; the
 * {@code /api/v1/pki/**} and {@code /api/v1/signatures/validate} endpoints sit on top of it.
 */
public interface Signatures {

    /**
     * The official's personal signature over the whole PDF: key unlocked by {@code pin}; visible appearance
     * (the signer's blue signature image, name and time) in the signer block of the last page.
     *
     * @throws vn.truongson.core.DomainException.BadInput on field {@code pin} when the PIN is wrong
     * @throws vn.truongson.core.DomainException.Conflict when the official has no valid certificate, or the
     *         key is locked after too many wrong PINs
     */
    byte[] signPersonal(long officialId, char[] pin, byte[] pdf);

    /**
     * The unit's organisation signature (its seal) over the PDF as it stands: the red seal placed over the
     * left third of the last personal signature's image (or the signer block, when there is none).
     *
     * @throws vn.truongson.core.DomainException.Conflict when the unit has no valid organisation certificate
     */
    byte[] signAsUnit(long unitId, byte[] pdf);

    /** DSS's verdict on every signature in the PDF; {@code valid} when there is at least one and all passed. */
    Validation validate(byte[] pdf);

    /**
     * An RFC 3161 time-stamp token (DER) from the platform's TSA over a SHA-256 digest: for records other modules seal
     * in batches (the exchange's message log). Verifiable with {@code openssl ts -verify -digest … -in … -CAfile}.
     */
    byte[] timestamp(byte[] sha256);

    boolean hasPersonalCertificate(long officialId);

    boolean hasUnitCertificate(long unitId);

    record Validation(boolean valid, List<Verdict> signatures) {}

    /**
     * One signature, in API.md's words: {@code certificateStatus} GOOD, REVOKED or UNKNOWN; {@code indication}
     * TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED.
     */
    record Verdict(String signer, @Nullable Instant signedAt, boolean timestamped, String certificateStatus, boolean intact,
            String indication) {}
}
