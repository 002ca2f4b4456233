package vn.truongson.document;

/** Chuyển giao văn bản đến: chủ trì, phối hợp, để biết. */
public enum HandlingRole {
    LEAD("Chủ trì"), SUPPORT("Phối hợp"), INFO("Để biết");

    private final String vietnamese;

    HandlingRole(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }
}
