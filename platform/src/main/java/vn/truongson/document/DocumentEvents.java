package vn.truongson.document;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.SecrecyLevel;

/**
 * What happened to a document, in the past tense (issue 19): published in the transaction of the change and heard
 * after its commit ({@code notices} sends the notifications), so a rolled-back step tells nobody. The audit record and
 * the history line are written in the transaction itself (they must commit or roll back with the change), not by a
 * listener. {@link Signed}, {@link Issued} and {@link Sent} are registered by the transitions of {@link Document}
 * ({@link Document.Step}) and published when {@link DocumentRows#save} stores the step; the listeners after the commit
 * are kept in Spring Modulith's event publication registry (V5), so a notice is not lost when the node stops.
 */
public final class DocumentEvents {

    private DocumentEvents() {}

    /** The named signer signed the draft (ký số cá nhân): the issuing unit's clerks have it to number, seal and send. */
    public record Signed(long documentId, long issuingUnitId, SecrecyLevel secrecy, String signerName, Instant at) {}

    /** A clerk issued the document: its register number and notation ("12/QĐ-BTL86") and the agency's signature. */
    public record Issued(long documentId, @Nullable Long drafterId, SecrecyLevel secrecy, String numberAndNotation, Instant at) {}

    /** A clerk sent the issued document on a channel to the recipients still waiting for it ({@code recipients}, more than none). */
    public record Sent(long documentId, @Nullable Long drafterId, SecrecyLevel secrecy, @Nullable String numberAndNotation, Channel channel,
            int recipients, Instant at) {}

    /** The signer sent the draft back to its drafter with a reason; {@code revision} is the revision sent back. */
    public record DraftSentBack(long documentId, long drafterId, int revision, String signerName, String reason) {}

    /** The drafter resubmitted the edited draft as {@code revision}, for its signer. */
    public record DraftResubmitted(long documentId, long signerId, int revision, String drafterName) {}

    /** A receiving unit returned its copy to the sender as wrongly sent; {@code issuingUnitId} null when it came by edXML. */
    public record CopyReturned(long documentId, long recipientId, String recipientName, @org.jspecify.annotations.Nullable Long issuingUnitId, String reason) {}
}
