package vn.truongson.document;

/** A handling assignment: open until its handler closes it; a closed one takes no opinion nor a second closing (409). */
public enum AssignmentStatus {
    OPEN("Đang xử lý"), CLOSED("Đã hoàn thành");

    private final String vietnamese;

    AssignmentStatus(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }

    /** An opinion or progress is taken only while open. */
    void requireOpen() {
        if (this != OPEN) throw new IllegalTransition("document.assignment.closed");
    }

    AssignmentStatus close() {
        requireOpen();
        return CLOSED;
    }
}
