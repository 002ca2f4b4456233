package vn.truongson.calendar.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import vn.truongson.calendar.CalendarDay;
import vn.truongson.calendar.DayKind;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException.BadInput;

/**
 * Reads the calendar's request parameters as text and refuses bad ones with a field error, so that a
 * missing or malformed value is a 400 naming the field, in the caller's language.
 */
final class CalendarInput {

    /** Ten years: more than any legal processing time, and a bound on the work one request may ask. */
    static final int MAX_WORKING_DAYS = 3650;
    /** Ten years of clock hours. */
    static final long MAX_WORKING_HOURS = 3650L * 24;

    /** yyyy-MM-dd, strictly (no 2025-02-30). */
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** dd/MM/yyyy, as Vietnamese users type a date. */
    private static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("d/M/uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** An instant in Vietnam's offset, always with seconds: 2025-02-03T09:00:00+07:00. */
    private static final DateTimeFormatter OFFSET_INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffsetId()
            .toFormatter(Locale.ROOT);

    private CalendarInput() {}

    static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) throw new BadInput(field, "calendar.param.required");
        return value.strip();
    }

    /** An ISO 8601 instant with its offset: 2025-01-24T09:00:00+07:00 or 2025-01-24T02:00:00Z. */
    static Instant instant(String field, @Nullable String value) {
        String text = required(field, value);
        // An unencoded '+' in a query string arrives as a space: "2025-01-24T09:00:00 07:00".
        if (text.length() > 19 && text.charAt(text.length() - 6) == ' ') {
            text = text.substring(0, text.length() - 6) + '+' + text.substring(text.length() - 5);
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new BadInput(field, "calendar.instant.invalid", text);
        }
        CalendarDay.requireYear(field, t.atZoneSameInstant(WorkingCalendar.ZONE).getYear());
        return t.toInstant();
    }

    /** A date as yyyy-MM-dd. */
    static LocalDate date(String field, @Nullable String value) {
        String text = required(field, value);
        LocalDate d;
        try {
            d = LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new BadInput(field, "calendar.date.invalid", text);
        }
        CalendarDay.requireYear(field, d.getYear());
        return d;
    }

    /** A date as yyyy-MM-dd (what an HTML date input sends) or dd/MM/yyyy (what a person types). */
    static LocalDate screenDate(String field, @Nullable String value) {
        String text = required(field, value);
        if (text.contains("/")) {
            try {
                LocalDate d = LocalDate.parse(text, VN_DATE);
                CalendarDay.requireYear(field, d.getYear());
                return d;
            } catch (DateTimeException e) {
                throw new BadInput(field, "calendar.date.invalid", text);
            }
        }
        return date(field, text);
    }

    static int year(String field, @Nullable String value) {
        String text = required(field, value);
        int year;
        try {
            year = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadInput(field, "calendar.year.range", CalendarDay.FIRST_YEAR, CalendarDay.LAST_YEAR);
        }
        return CalendarDay.requireYear(field, year);
    }

    static long count(String field, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadInput(field, "calendar.count.range", 0, max);
        }
        if (n < 0 || n > max) throw new BadInput(field, "calendar.count.range", 0, max);
        return n;
    }

    static DayKind kind(String field, @Nullable String value) {
        String text = required(field, value);
        try {
            return DayKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInput(field, "calendar.kind.unknown", text);
        }
    }

    /** The instant in Vietnam's offset, as the API answers it. */
    static String format(Instant instant) {
        return OFFSET_INSTANT.format(instant.atZone(WorkingCalendar.ZONE).toOffsetDateTime());
    }
}
