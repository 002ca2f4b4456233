package vn.truongson.datasets;

/** How a field rolls up across units. */
public enum Aggregation {
    SUM("Tổng"), AVERAGE("Trung bình"), MIN("Nhỏ nhất"), MAX("Lớn nhất"), COUNT_YES("Số đơn vị trả lời Có"), NONE("Không tổng hợp");

    private final String vietnamese;

    Aggregation(String vietnamese) { this.vietnamese = vietnamese; }

    public String vietnamese() { return vietnamese; }
}
