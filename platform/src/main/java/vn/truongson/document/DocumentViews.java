package vn.truongson.document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the document module answers: a document's recipients, history, handling, and list rows. */
public final class DocumentViews {

    private DocumentViews() {}

    /** A recipient (nơi nhận) and where its copy stands ({@link RecipientStatus}); a returned copy carries the reason. */
    public record Recipient(long id, @Nullable Long unitId, @Nullable String organId, String name, RecipientStatus status, @Nullable String channel,
            @Nullable Instant deliveredAt, @Nullable Integer arrivalNumber, @Nullable Instant receivedAt, @Nullable String returnedReason,
            @Nullable Instant returnedAt) {}

    /** An earlier revision of a draft, sent back by the signer with the reason; the file is that revision's. */
    public record Revision(long id, int revision, String subject, String returnedBy, String reason, Instant returnedAt,
            @Nullable Instant resubmittedAt) {}

    /** A step in the history; {@code code} is the edXML status code (01 … 06) when the step is a status notice. */
    public record Event(long id, @Nullable Long recipientId, @Nullable String code, String action, @Nullable String actorName,
            @Nullable String detail, Instant at) {}

    public record Opinion(long id, String authorName, String text, @Nullable Integer percent, Instant at) {}

    public record Assignment(long id, long documentId, long recipientId, @Nullable Long unitId, @Nullable Long officialId, String assigneeName,
            HandlingRole role, @Nullable LocalDate dueDate, AssignmentStatus status, Instant assignedAt, @Nullable Instant closedAt,
            @Nullable Long replyDocumentId, List<Opinion> opinions, boolean overdue) {}

    /** What the reader may do next, for the screens. */
    public record Actions(boolean sign, boolean issue, boolean send, boolean receive, boolean assign, boolean handle, boolean sendBack,
            boolean resubmit, boolean returnToSender) {}

    public record Detail(Document document, @Nullable String issuingUnitName, List<Recipient> recipients, List<Event> events,
            List<Assignment> assignments, Actions actions, List<Revision> revisions) {}

    /** A row of a box: the document, and for incoming boxes the recipient copy it is about. */
    public record Row(Document document, @Nullable String issuerName, @Nullable Long recipientId, @Nullable String recipientName,
            @Nullable String recipientStatus, @Nullable Integer arrivalNumber, @Nullable Instant arrivedAt, @Nullable LocalDate dueDate,
            boolean overdue) {}

    public record Delivery(String recipient, RecipientStatus status) {}

    public record Receipt(long recipientId, int arrivalNumber, Instant arrivedAt) {}
}
