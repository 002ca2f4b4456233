package vn.truongson.calendar;

/** How a stored day departs from the Monday-to-Friday week. */
public enum DayKind {

    /** A day off: a public holiday (ngày nghỉ lễ, Tết), a compensatory day (nghỉ bù) or a swapped weekday (nghỉ hoán đổi). */
    HOLIDAY("Ngày nghỉ"),

    /** A Saturday or Sunday that is worked (ngày làm bù) in exchange for a swapped weekday. */
    MAKEUP_WORKDAY("Ngày làm bù");

    private final String vietnamese;

    DayKind(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }
}
