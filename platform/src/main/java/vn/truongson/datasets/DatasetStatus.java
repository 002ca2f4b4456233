package vn.truongson.datasets;

/** DRAFT (editable, not assignable) → PUBLISHED (frozen; changes are a new version). */
public enum DatasetStatus {
    DRAFT("Dự thảo"), PUBLISHED("Đã ban hành");

    private final String vietnamese;

    DatasetStatus(String vietnamese) { this.vietnamese = vietnamese; }

    public String vietnamese() { return vietnamese; }
}
