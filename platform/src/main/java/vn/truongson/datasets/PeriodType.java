package vn.truongson.datasets;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;

/**
 * How often a data set is collected, and how its periods are written: {@code ONCE} (the period is the word
 * {@code ONCE}), {@code MONTHLY} ({@code 2026-12}), {@code QUARTERLY} ({@code 2026-Q4}), {@code YEARLY} ({@code 2026}).
 */
public enum PeriodType {
    ONCE("Một lần"), MONTHLY("Hằng tháng"), QUARTERLY("Hằng quý"), YEARLY("Hằng năm");

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    private final String vietnamese;

    PeriodType(String vietnamese) { this.vietnamese = vietnamese; }

    public String vietnamese() { return vietnamese; }

    /** The period as this type writes it, or a 400 naming {@code field}. */
    public String parse(String field, @Nullable String text) {
        if (text == null || text.isBlank()) throw new DomainException.BadInput(field, "problem.field.required");
        String t = text.strip();
        boolean ok = switch (this) {
            case ONCE -> t.equals("ONCE");
            case MONTHLY -> MONTH.matcher(t).matches() && yearOk(t.substring(0, 4));
            case QUARTERLY -> QUARTER.matcher(t).matches() && yearOk(t.substring(0, 4));
            case YEARLY -> YEAR.matcher(t).matches() && yearOk(t);
        };
        if (!ok) throw new DomainException.BadInput(field, "datasets.period.format", example());
        return t;
    }

    private static boolean yearOk(String y) {
        int year = Integer.parseInt(y);
        return year >= 2000 && year <= 2100;
    }

    public String example() {
        return switch (this) {
            case ONCE -> "ONCE";
            case MONTHLY -> "2026-12";
            case QUARTERLY -> "2026-Q4";
            case YEARLY -> "2026";
        };
    }

    /** The period in Vietnamese: "Tháng 12/2026", "Quý IV/2026", "Năm 2026", "Một lần". */
    public static String label(String period) {
        if (period.equals("ONCE")) return "Một lần";
        if (MONTH.matcher(period).matches()) return "Tháng " + period.substring(5) + "/" + period.substring(0, 4);
        if (QUARTER.matcher(period).matches()) {
            return "Quý " + new String[] {"I", "II", "III", "IV"}[period.charAt(6) - '1'] + "/" + period.substring(0, 4);
        }
        return "Năm " + period;
    }
}
