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

    // ---- transitions: each returns the document after the step, or refuses the step -------------------

    /** The named signer's personal signature: only a draft is signed. */
    Document sign(Instant at) {
        if (status != DocumentStatus.DRAFT) throw new IllegalTransition("document.sign.state", status.vietnamese());
        return with(DocumentStatus.SIGNED, number, year, issuedAt, at);
    }

    /** Refuses issuing unless the document is a signed internal one (checked before a number is taken). */
    void requireIssuable() {
        if (external()) throw new IllegalTransition("document.issue.external");
        if (status == DocumentStatus.ISSUED || status == DocumentStatus.SENT) throw new IllegalTransition("document.issue.already", numberAndNotation());
        if (status != DocumentStatus.SIGNED) throw new IllegalTransition("document.issue.not-signed");
    }

    /** Issued with the register's number for the year, at the time the number was given (Decree 30, Art. 15). */
    Document issue(int number, int year, Instant at) {
        requireIssuable();
        return with(DocumentStatus.ISSUED, number, year, at, signedAt);
    }

    /** Sent (phát hành) on a channel: an issued document, or one already sent to others. */
    Document send() {
        if (status != DocumentStatus.ISSUED && status != DocumentStatus.SENT) throw new IllegalTransition("document.send.not-issued");
        return with(DocumentStatus.SENT, number, year, issuedAt, signedAt);
    }

    private Document with(DocumentStatus s, @Nullable Integer n, @Nullable Integer y, @Nullable Instant issued, @Nullable Instant signed) {
        return new Document(id, type, subject, secrecy, urgency, s, origin, issuingUnitId, draftingUnitId, drafterId, signerId, signerName,
                signerPosition, fromOrganId, fromOrganName, n, notation, y, issued, signed, fileSha256, fileSealedId, pageCount, createdAt);
    }

    ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("document", id, unitId, secrecy);
    }
}
