package vn.truongson.document;

/**
 * Where an outgoing document stands (soạn thảo → trình ký → cấp số, ký số cơ quan → phát hành). A draft the signer
 * sends back is RETURNED to its drafter until resubmitted as a new revision of the draft.
 */
public enum DocumentStatus {
    DRAFT("Dự thảo"), RETURNED("Trả lại để sửa"), SIGNED("Đã ký"), ISSUED("Đã ban hành"), SENT("Đã gửi"), RECEIVED("Văn bản đến");

    private final String vietnamese;

    DocumentStatus(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }
}
