package vn.truongson.org;

/** Kinds of unit (API.md), with their Vietnamese names. */
public enum UnitKind {
    MINISTRY("Bộ"),
    GENERAL_DEPARTMENT("Tổng cục"),
    COMMAND("Bộ Tư lệnh"),
    MILITARY_REGION("Quân khu"),
    SERVICE("Quân chủng"),
    ARM("Binh chủng"),
    ACADEMY("Học viện, Nhà trường"),
    DEPARTMENT("Cục, Vụ, Phòng"),
    OFFICE("Văn phòng"),
    UNIT("Đơn vị");

    private final String vietnamese;

    UnitKind(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }
}
