package vn.truongson.programme;

/** A unit's progress on an assignment, as it reports it; also the status a task compiles to. */
public enum ReportStatus {
    NOT_STARTED("Chưa triển khai", "Not started"),
    IN_PROGRESS("Đang triển khai", "In progress"),
    DONE("Hoàn thành", "Done"),
    STALLED("Vướng mắc, chậm tiến độ", "Stalled");

    private final String vietnamese;
    private final String english;

    ReportStatus(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    public String vietnamese() { return vietnamese; }

    public String english() { return english; }
}
