package vn.truongson.document;

/**
 * What happened to a document, in the past tense (issue 19): published in the transaction of the change and heard
 * after its commit ({@code notices} sends the notifications), so a rolled-back step tells nobody. The audit record is
 * written in the transaction itself (it must commit or roll back with the change), not by a listener.
 */
public final class DocumentEvents {

    private DocumentEvents() {}

    /** The signer sent the draft back to its drafter with a reason; {@code revision} is the revision sent back. */
    public record DraftSentBack(long documentId, long drafterId, int revision, String signerName, String reason) {}

    /** The drafter resubmitted the edited draft as {@code revision}, for its signer. */
    public record DraftResubmitted(long documentId, long signerId, int revision, String drafterName) {}

    /** A receiving unit returned its copy to the sender as wrongly sent; {@code issuingUnitId} null when it came by edXML. */
    public record CopyReturned(long documentId, long recipientId, String recipientName, @org.jspecify.annotations.Nullable Long issuingUnitId, String reason) {}
}
