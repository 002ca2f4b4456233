package vn.truongson.calendar.lunar;

/**
 * A day of the Vietnamese lunisolar calendar (âm lịch).
 *
 * @param year the lunar year, numbered like the solar year in which its first month begins
 * @param month 1 (tháng Giêng) to 12 (tháng Chạp)
 * @param day 1 to 30
 * @param leap whether the month is the intercalary one (tháng nhuận) that repeats {@code month}
 */
public record LunarDate(int year, int month, int day, boolean leap) {

    public LunarDate {
        if (month < 1 || month > 12) throw new IllegalArgumentException("lunar month out of range: " + month);
        if (day < 1 || day > 30) throw new IllegalArgumentException("lunar day out of range: " + day);
    }

    public static LunarDate of(int year, int month, int day) {
        return new LunarDate(year, month, day, false);
    }

    /** How Vietnamese name the day: "mùng 1 tháng Giêng", "29 tháng Chạp", "10 tháng 3 nhuận". */
    public String vietnamese() {
        String d = day <= 10 ? "mùng " + day : Integer.toString(day);
        String m = switch (month) {
            case 1 -> "tháng Giêng";
            case 12 -> "tháng Chạp";
            default -> "tháng " + month;
        };
        return d + " " + m + (leap ? " nhuận" : "");
    }

    @Override
    public String toString() {
        return day + "/" + month + (leap ? "N" : "") + "/" + year + " (âm lịch)";
    }
}
