package vn.truongson.paper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Numbers and dates as Vietnamese documents write them: a decimal comma and a dot between thousands
 * ("1.234,5"), dates dd/MM/yyyy. Rounding is half up, as people round by hand.
 */
public final class Figures {

    private Figures() {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private static DecimalFormat format(String pattern) {
        DecimalFormatSymbols s = new DecimalFormatSymbols(Decree30Document.VIETNAMESE);
        s.setDecimalSeparator(',');
        s.setGroupingSeparator('.');
        s.setMinusSign('-');
        DecimalFormat f = new DecimalFormat(pattern, s);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f;
    }

    /** 1234.5 → "1.234,5"; at most two decimals. */
    public static String number(double value) {
        return format("#,##0.##").format(value);
    }

    public static String number(BigDecimal value) {
        return format("#,##0.##").format(value);
    }

    /** A percentage given as such: 37.5 → "37,5%"; one decimal at most. */
    public static String percent(double percent) {
        return format("#,##0.#").format(percent) + "%";
    }

    /** A ratio as a percentage: 7/9 → "77,8%". */
    public static String percentOfRatio(double ratio) {
        return percent(ratio * 100);
    }

    /** 05/02/2024 */
    public static String date(LocalDate date) {
        return DATE.format(date);
    }
}
