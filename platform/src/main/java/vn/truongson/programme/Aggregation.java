package vn.truongson.programme;

/** How an indicator's values from several units add up to one figure. */
public enum Aggregation {
    SUM("Tổng", "Sum"),
    AVERAGE("Trung bình", "Average"),
    MIN("Nhỏ nhất", "Minimum"),
    MAX("Lớn nhất", "Maximum");

    private final String vietnamese;
    private final String english;

    Aggregation(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    public String vietnamese() { return vietnamese; }

    public String english() { return english; }
}
