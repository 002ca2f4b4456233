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
 * @param signerAuthority KT., TM., Q., TL. or TUQ. above the signer's title; null when the head signs plainly
 * @param signerFor the title (or collective body) signed for: "TƯ LỆNH" in "KT. TƯ LỆNH"
 * @param revision 1 as drafted, one more on each resubmission after a send-back
 */
public record Document(long id, DocumentType type, String subject, SecrecyLevel secrecy, Urgency urgency, DocumentStatus status,
        String origin, @Nullable Long issuingUnitId, @Nullable Long draftingUnitId, @Nullable Long drafterId, @Nullable Long signerId,
        @Nullable String signerName, @Nullable String signerPosition, @Nullable String fromOrganId, @Nullable String fromOrganName,
        @Nullable Integer number, @Nullable String notation, @Nullable Integer year, @Nullable Instant issuedAt, @Nullable Instant signedAt,
        @Nullable String fileSha256, @Nullable Long fileSealedId, @Nullable Integer pageCount, Instant createdAt,
        @Nullable SignerAuthority signerAuthority, @Nullable String signerFor, int revision) {

    /** {@link #origin}: drafted and issued here, or received from another agency by edXML. */
    public static final String INTERNAL = "INTERNAL", EDXML = "EDXML";

    public boolean external() {
        return EDXML.equals(origin);
    }

    /** "12/QĐ-BTL86", numbers below 10 with a leading zero (Decree 30, Appendix I, II.3); null before issue. */
    public @Nullable String numberAndNotation() {
        if (number == null || notation == null) return notation;
        return (number < 10 ? "0" + number : number.toString()) + "/" + notation;
    }

    // ---- transitions: each returns the document after the step, or refuses the step -------------------

    /** A transition's outcome: the document after the step and the event it registered (published when the step is saved). */
    record Step(Document after, Object event) {}

    /** The named signer's personal signature: only a draft is signed. */
    Step sign(Instant at) {
        if (status != DocumentStatus.DRAFT) throw new IllegalTransition("document.sign.state", status.vietnamese());
        Document after = with(DocumentStatus.SIGNED, number, year, issuedAt, at);
        return new Step(after, new DocumentEvents.Signed(id, java.util.Objects.requireNonNull(issuingUnitId), secrecy, String.valueOf(signerName), at));
    }

    /** Refuses issuing unless the document is a signed internal one (checked before a number is taken). */
    void requireIssuable() {
        if (external()) throw new IllegalTransition("document.issue.external");
        if (status == DocumentStatus.ISSUED || status == DocumentStatus.SENT) throw new IllegalTransition("document.issue.already", numberAndNotation());
        if (status != DocumentStatus.SIGNED) throw new IllegalTransition("document.issue.not-signed");
    }

    /** Issued with the register's number for the year, at the time the number was given (Decree 30, Art. 15). */
    Step issue(int number, int year, Instant at) {
        requireIssuable();
        Document after = with(DocumentStatus.ISSUED, number, year, at, signedAt);
        return new Step(after, new DocumentEvents.Issued(id, drafterId, secrecy, String.valueOf(after.numberAndNotation()), at));
    }

    /** Refuses sending before issue (checked before the channel and the recipients). */
    void requireSendable() {
        if (status != DocumentStatus.ISSUED && status != DocumentStatus.SENT) throw new IllegalTransition("document.send.not-issued");
    }

    /** Sent (phát hành) on a channel to {@code recipients} copies waiting: an issued document, or one already sent to others. */
    Step send(Channel channel, int recipients, Instant at) {
        requireSendable();
        return new Step(with(DocumentStatus.SENT, number, year, issuedAt, signedAt),
                new DocumentEvents.Sent(id, drafterId, secrecy, numberAndNotation(), channel, recipients, at));
    }

    /** The signer sends the draft back to its drafter (with a reason, kept by the caller): only a draft, before signing. */
    Document sendBack() {
        if (status != DocumentStatus.DRAFT) throw new IllegalTransition("document.sendback.state", status.vietnamese());
        return with(DocumentStatus.RETURNED, number, year, issuedAt, signedAt);
    }

    /** The drafter resubmits a returned draft, edited: a draft again, as the next revision. */
    Document resubmit() {
        if (status != DocumentStatus.RETURNED) throw new IllegalTransition("document.resubmit.state", status.vietnamese());
        return new Document(id, type, subject, secrecy, urgency, DocumentStatus.DRAFT, origin, issuingUnitId, draftingUnitId, drafterId, signerId,
                signerName, signerPosition, fromOrganId, fromOrganName, number, notation, year, issuedAt, signedAt, fileSha256, fileSealedId,
                pageCount, createdAt, signerAuthority, signerFor, revision + 1);
    }

    /** The title lines of the signer's block: "KT. TƯ LỆNH" then "PHÓ TƯ LỆNH"; "Q. TƯ LỆNH" alone; the title alone when plain. */
    public java.util.List<String> signerTitleLines() {
        return titleLines(signerAuthority, signerFor, signerPosition == null ? "" : signerPosition);
    }

    static java.util.List<String> titleLines(@Nullable SignerAuthority authority, @Nullable String signedFor, String position) {
        java.util.Locale vi = java.util.Locale.forLanguageTag("vi");
        String own = position.strip().toUpperCase(vi);
        if (authority == null || signedFor == null || signedFor.isBlank()) return own.isEmpty() ? java.util.List.of() : java.util.List.of(own);
        if (authority == SignerAuthority.Q) return java.util.List.of(authority.line(signedFor));
        return own.isEmpty() ? java.util.List.of(authority.line(signedFor)) : java.util.List.of(authority.line(signedFor), own);
    }

    private Document with(DocumentStatus s, @Nullable Integer n, @Nullable Integer y, @Nullable Instant issued, @Nullable Instant signed) {
        return new Document(id, type, subject, secrecy, urgency, s, origin, issuingUnitId, draftingUnitId, drafterId, signerId, signerName,
                signerPosition, fromOrganId, fromOrganName, n, notation, y, issued, signed, fileSha256, fileSealedId, pageCount, createdAt,
                signerAuthority, signerFor, revision);
    }

    ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("document", id, unitId, secrecy);
    }
}
