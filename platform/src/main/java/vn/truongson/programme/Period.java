package vn.truongson.programme;

import vn.truongson.core.Vietnam;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;

/**
 * A monthly reporting period, written yyyy-MM. Decree 09/2019/NĐ-CP: the figures of a monthly report are cut
 * off (thời gian chốt số liệu) from the 15th of the previous month to the 14th of the reporting month.
 */
public record Period(YearMonth month) implements Comparable<Period> {

    public static final ZoneId ZONE = Vietnam.ZONE;
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{2}");

    public Period {
        if (month.getYear() < 1000 || month.getYear() > 9999) throw new IllegalArgumentException("period year out of range: " + month);
    }

    public static Period of(int year, int month) {
        return new Period(YearMonth.of(year, month));
    }

    /** Parses yyyy-MM, or refuses with a 400 naming {@code field}. */
    public static Period parse(String field, @Nullable String text) {
        if (text == null || text.isBlank()) throw new DomainException.BadInput(field, "problem.field.required");
        String t = text.strip();
        if (!FORMAT.matcher(t).matches()) throw new DomainException.BadInput(field, "programme.period.format", t);
        try {
            return new Period(YearMonth.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(5))));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new DomainException.BadInput(field, "programme.period.format", t);
        }
    }

    /** The period whose first day is {@code firstDay} (how periods are stored). */
    public static Period ofFirstDay(LocalDate firstDay) {
        return new Period(YearMonth.from(firstDay));
    }

    public int year() {
        return month.getYear();
    }

    /** First day of the cut-off: the 15th of the previous month. */
    public LocalDate from() {
        return month.minusMonths(1).atDay(15);
    }

    /** Last day of the cut-off: the 14th of the month. */
    public LocalDate to() {
        return month.atDay(14);
    }

    /** The report is due on day {@code dueDay} of the month, at 23:59:59 Vietnam time. */
    public OffsetDateTime deadline(int dueDay) {
        return month.atDay(dueDay).atTime(23, 59, 59).atZone(ZONE).toOffsetDateTime();
    }

    public Instant deadlineInstant(int dueDay) {
        return deadline(dueDay).toInstant();
    }

    /** The first day of the month: the stored key. */
    public LocalDate firstDay() {
        return month.atDay(1);
    }

    @Override
    public int compareTo(Period o) {
        return month.compareTo(o.month);
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
