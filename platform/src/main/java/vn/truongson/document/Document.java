package vn.truongson.document;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/**
 * An official document (văn bản): drafted and issued here (origin INTERNAL), or received from another agency by
 * edXML (origin EDXML, issuing unit null, the sender named by its mã định danh).
 *
 * @param notation the ký hiệu without the number ("QĐ-BTL86"); {@link #numberAndNotation} gives "12/QĐ-BTL86"
 */
public record Document(long id, DocumentType type, String subject, SecrecyLevel secrecy, Urgency urgency, DocumentStatus status,
        String origin, @Nullable Long issuingUnitId, @Nullable Long draftingUnitId, @Nullable Long drafterId, @Nullable Long signerId,
        @Nullable String signerName, @Nullable String signerPosition, @Nullable String fromOrganId, @Nullable String fromOrganName,
        @Nullable Integer number, @Nullable String notation, @Nullable Integer year, @Nullable Instant issuedAt, @Nullable Instant signedAt,
        @Nullable String fileSha256, @Nullable Long fileSealedId, @Nullable Integer pageCount, Instant createdAt) {

    public boolean external() {
        return "EDXML".equals(origin);
    }

    /** "12/QĐ-BTL86", numbers below 10 with a leading zero (Decree 30, Appendix I, II.3); null before issue. */
    public @Nullable String numberAndNotation() {
        if (number == null || notation == null) return notation;
        return (number < 10 ? "0" + number : number.toString()) + "/" + notation;
    }

    ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("document", id, unitId, secrecy);
    }
}
