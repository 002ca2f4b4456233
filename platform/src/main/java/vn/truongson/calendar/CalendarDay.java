package vn.truongson.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;
import vn.truongson.core.VietnameseText;

/**
 * A day that departs from the Monday-to-Friday week: a holiday, or a weekend day that is worked.
 *
 * @param date the day, in Vietnam
 * @param kind holiday or make-up working day
 * @param name what users see, in Vietnamese: "Tết Nguyên đán (mùng 1 Tết)"
 * @param source the legal text or announcement it comes from, when known
 */
public record CalendarDay(LocalDate date, DayKind kind, String name, @Nullable String source) {

    /** The years the calendar accepts, in its API and on screen. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;

    static final int MAX_NAME = 200;
    static final int MAX_SOURCE = 300;

    public CalendarDay {
        requireYear("date", date.getYear());
        name = VietnameseText.nfc(name.strip());
        if (name.isEmpty()) throw new DomainException.BadInput("name", "calendar.name.required");
        if (name.length() > MAX_NAME) throw new DomainException.BadInput("name", "calendar.name.too-long", MAX_NAME);
        if (VietnameseText.firstControlChar(name, false) >= 0) throw new DomainException.BadInput("name", "calendar.name.control-char");
        if (source != null) {
            source = VietnameseText.nfc(source.strip());
            if (source.isEmpty()) source = null;
            else if (source.length() > MAX_SOURCE) throw new DomainException.BadInput("source", "calendar.source.too-long", MAX_SOURCE);
            else if (VietnameseText.firstControlChar(source, false) >= 0) throw new DomainException.BadInput("source", "calendar.name.control-char");
        }
        // A make-up working day replaces a weekly rest day; on a weekday it would mean nothing.
        if (kind == DayKind.MAKEUP_WORKDAY && !isWeekend(date)) {
            throw new DomainException.BadInput("kind", "calendar.makeup.not-weekend");
        }
    }

    public boolean isHoliday() { return kind == DayKind.HOLIDAY; }

    public boolean isMakeupWorkday() { return kind == DayKind.MAKEUP_WORKDAY; }

    /** Saturday and Sunday: the weekly rest days of state agencies (Decision 188/1999/QĐ-TTg, the 40-hour week). */
    public static boolean isWeekend(LocalDate date) {
        DayOfWeek d = date.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }

    /** Refuses a year outside {@value #FIRST_YEAR}..{@value #LAST_YEAR} with a field error. */
    public static int requireYear(String field, int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new DomainException.BadInput(field, "calendar.year.range", FIRST_YEAR, LAST_YEAR);
        }
        return year;
    }
}
