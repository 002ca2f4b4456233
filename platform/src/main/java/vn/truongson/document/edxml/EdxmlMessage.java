package vn.truongson.document.edxml;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An edXML message (QCVN 102:2016/BTTTT, amended by Circular 01/2022/TT-BTTTT; DOMAIN-VN.md §2): the MessageHeader
 * fields, the TraceHeaderList, the Signature and the attachments. Text fields are kept exactly as they came, so a
 * message imported and exported again carries the same header.
 */
public record EdxmlMessage(Organ from, List<Organ> to, String codeNumber, String codeNotation, String place, String promulgationDate,
        String type, String typeName, String subject, @Nullable String content, Signer signer, @Nullable String dueDate, List<String> toPlaces,
        OtherInfo otherInfo, @Nullable ResponseFor responseFor, @Nullable String steeringType, String documentId, List<Trace> traces,
        @Nullable String signature, List<Attachment> attachments) {

    public EdxmlMessage {
        to = List.copyOf(to);
        toPlaces = List.copyOf(toPlaces);
        traces = List.copyOf(traces);
        attachments = List.copyOf(attachments);
    }

    /** From / To: an organisation by its mã định danh. */
    public record Organ(String organId, String organName, @Nullable String organizationInCharge, @Nullable String organAdd,
            @Nullable String email, @Nullable String telephone, @Nullable String fax, @Nullable String website) {}

    public record Signer(@Nullable String competence, @Nullable String position, String fullName) {}

    /** Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
    public record OtherInfo(String priority, @Nullable String sphereOfPromulgation, @Nullable String typerNotation,
            @Nullable String promulgationAmount, @Nullable String pageAmount, List<String> appendixes) {
        public OtherInfo {
            appendixes = List.copyOf(appendixes);
        }
    }

    public record ResponseFor(@Nullable String organId, @Nullable String code, @Nullable String promulgationDate, @Nullable String documentId) {}

    public record Trace(String organId, String timestamp) {}

    /** A file carried base64-encoded in AttachmentEncoded, named in the Manifest by its content id. */
    public record Attachment(String contentId, String name, String contentType, @Nullable String description, byte[] content) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Attachment a && contentId.equals(a.contentId) && name.equals(a.name) && contentType.equals(a.contentType)
                    && Objects.equals(description, a.description) && Arrays.equals(content, a.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(contentId, name, contentType, description, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "Attachment[" + contentId + ", " + name + ", " + contentType + ", " + content.length + " bytes]";
        }
    }

    /** The header alone (attachments' bytes dropped), to keep beside an imported document. */
    public EdxmlMessage withoutContent() {
        return new EdxmlMessage(from, to, codeNumber, codeNotation, place, promulgationDate, type, typeName, subject, content, signer, dueDate,
                toPlaces, otherInfo, responseFor, steeringType, documentId, traces, signature,
                attachments.stream().map(a -> new Attachment(a.contentId(), a.name(), a.contentType(), a.description(), new byte[0])).toList());
    }
}
