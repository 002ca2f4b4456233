package vn.truongson.document;

/** Where an outgoing document stands (soạn thảo → trình ký → cấp số, ký số cơ quan → phát hành). */
public enum DocumentStatus {
    DRAFT("Dự thảo"), SIGNED("Đã ký"), ISSUED("Đã ban hành"), SENT("Đã gửi"), RECEIVED("Văn bản đến");

    private final String vietnamese;

    DocumentStatus(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }
}
