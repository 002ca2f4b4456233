package vn.truongson.datasets;

/** A field's type (API.md "Data collection"). */
public enum FieldType {
    INTEGER("Số nguyên"), DECIMAL("Số thập phân"), PERCENT("Tỷ lệ (%)"), TEXT("Văn bản"), CHOICE("Chọn một"), MULTI_CHOICE("Chọn nhiều"),
    DATE("Ngày"), YES_NO("Có/Không");

    private final String vietnamese;

    FieldType(String vietnamese) { this.vietnamese = vietnamese; }

    public String vietnamese() { return vietnamese; }

    public boolean numeric() { return this == INTEGER || this == DECIMAL || this == PERCENT; }

    /** The aggregation when none is given. */
    public Aggregation defaultAggregation() {
        return switch (this) {
            case INTEGER, DECIMAL -> Aggregation.SUM;
            case PERCENT -> Aggregation.AVERAGE;
            case YES_NO -> Aggregation.COUNT_YES;
            default -> Aggregation.NONE;
        };
    }

    public boolean allows(Aggregation a) {
        return switch (this) {
            case INTEGER, DECIMAL, PERCENT -> a != Aggregation.COUNT_YES;
            case YES_NO -> a == Aggregation.COUNT_YES || a == Aggregation.NONE;
            case DATE -> a == Aggregation.MIN || a == Aggregation.MAX || a == Aggregation.NONE;
            default -> a == Aggregation.NONE;
        };
    }
}
