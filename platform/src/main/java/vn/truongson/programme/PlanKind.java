package vn.truongson.programme;

/** What a plan carries out: the digital-transformation programme, Đề án 06, or something else. */
public enum PlanKind {
    DIGITAL_TRANSFORMATION("Chuyển đổi số", "Digital transformation"),
    PROJECT_06("Đề án 06", "Project 06"),
    OTHER("Khác", "Other");

    private final String vietnamese;
    private final String english;

    PlanKind(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    public String vietnamese() { return vietnamese; }

    public String english() { return english; }
}
