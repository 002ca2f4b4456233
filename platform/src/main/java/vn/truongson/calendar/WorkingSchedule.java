package vn.truongson.calendar;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toMap;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The working-time arithmetic, over whatever calendar days it is given: no Spring, no database, so
 * that tests can drive it with any set of holidays.
 *
 * <p>A <em>working moment</em> is a moment of a working day inside a working period, both ends of the
 * period included. Every method first moves a moment that is not a working moment forward to the next
 * one ({@link #normalise}):
 * <ul>
 *   <li>on a non-working day, or after the afternoon end: the next working day's morning start;</li>
 *   <li>in the lunch break: the afternoon start;</li>
 *   <li>before the morning start: the morning start.</li>
 * </ul>
 */
final class WorkingSchedule {

    /** Guard against a calendar edited into an endless holiday, which would otherwise loop forever. */
    private static final int MAX_DAYS_OFF_IN_A_ROW = 366;
    /** Dates the arithmetic accepts; the API accepts a narrower range of input years. */
    static final int MIN_YEAR = CalendarDay.FIRST_YEAR;
    static final int MAX_YEAR = CalendarDay.LAST_YEAR + 100;

    private final IntFunction<? extends Map<LocalDate, CalendarDay>> daysOfYear;
    private final WorkingHours hours;
    private final ZoneId zone;

    /**
     * @param daysOfYear the stored days of one year, by date; an empty map for a year without data,
     *     which then has only weekends off
     */
    WorkingSchedule(IntFunction<? extends Map<LocalDate, CalendarDay>> daysOfYear, WorkingHours hours, ZoneId zone) {
        this.daysOfYear = daysOfYear;
        this.hours = hours;
        this.zone = zone;
    }

    /** A schedule over a fixed collection of days, in Vietnam's zone. */
    static WorkingSchedule of(Collection<CalendarDay> days, WorkingHours hours) {
        Map<Integer, Map<LocalDate, CalendarDay>> byYear = days.stream()
                .collect(groupingBy(d -> d.date().getYear(), toMap(CalendarDay::date, d -> d)));
        return new WorkingSchedule(year -> byYear.getOrDefault(year, Map.of()), hours, WorkingCalendar.ZONE);
    }

    WorkingHours hours() { return hours; }

    /** Monday to Friday unless a holiday; Saturday and Sunday only when a make-up working day. */
    boolean isWorkingDay(LocalDate date) {
        requireSupported(date);
        @Nullable CalendarDay stored = daysOfYear.apply(date.getYear()).get(date);
        if (stored != null) return stored.isMakeupWorkday();
        return !CalendarDay.isWeekend(date);
    }

    /** The first working day strictly after {@code date}. */
    LocalDate nextWorkingDay(LocalDate date) {
        LocalDate d = date;
        for (int i = 0; i < MAX_DAYS_OFF_IN_A_ROW; i++) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) return d;
        }
        throw new IllegalStateException("no working day within " + MAX_DAYS_OFF_IN_A_ROW + " days after " + date);
    }

    /** The moment itself when it is a working moment, otherwise the start of the next working period. */
    LocalDateTime normalise(LocalDateTime t) {
        LocalDate day = t.toLocalDate();
        if (!isWorkingDay(day)) return nextWorkingDay(day).atTime(hours.morningStart());
        LocalTime time = t.toLocalTime();
        if (time.isBefore(hours.morningStart())) return day.atTime(hours.morningStart());
        if (!time.isAfter(hours.morningEnd())) return t;
        if (time.isBefore(hours.afternoonStart())) return day.atTime(hours.afternoonStart());
        if (!time.isAfter(hours.afternoonEnd())) return t;
        return nextWorkingDay(day).atTime(hours.morningStart());
    }

    Instant normalise(Instant from) {
        return instant(normalise(local(from)));
    }

    /**
     * Normalises {@code from}, then moves {@code days} working days forward at the same time of day.
     * Zero days gives the normalised moment.
     */
    Instant addWorkingDays(Instant from, int days) {
        if (days < 0) throw new IllegalArgumentException("working days must not be negative: " + days);
        LocalDateTime start = normalise(local(from));
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < days; i++) day = nextWorkingDay(day);
        return instant(day.atTime(start.toLocalTime()));
    }

    /**
     * Normalises {@code from}, then consumes {@code amount} of working periods. When the amount runs
     * out exactly at the end of a period, the answer is that end (12:00, 17:00), not the start of the
     * next period: a task of one full working day begun at 08:00 is due at 17:00 the same day.
     */
    Instant addWorkingTime(Instant from, Duration amount) {
        if (amount.isNegative()) throw new IllegalArgumentException("working time must not be negative: " + amount);
        Duration perDay = hours.perDay();
        LocalDateTime t = normalise(local(from));
        Duration left = amount;
        // Tracked, not recomputed from the time: without a lunch break, 12:00 ends one period and starts the next.
        boolean morning = !t.toLocalTime().isAfter(hours.morningEnd());
        while (true) {
            LocalTime end = morning ? hours.morningEnd() : hours.afternoonEnd();
            Duration available = Duration.between(t.toLocalTime(), end);
            if (left.compareTo(available) <= 0) return instant(t.plus(left));
            left = left.minus(available);
            if (morning) {
                t = t.toLocalDate().atTime(hours.afternoonStart());
                morning = false;
            } else {
                LocalDate day = t.toLocalDate();
                // Whole working days at a time: a long allowance then costs one step per day, not two.
                while (left.compareTo(perDay) > 0) {
                    day = nextWorkingDay(day);
                    left = left.minus(perDay);
                }
                t = nextWorkingDay(day).atTime(hours.morningStart());
                morning = true;
            }
        }
    }

    /** Working days from {@code from} to {@code to}, both included; 0 when {@code to} is before {@code from}. */
    int countWorkingDays(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) return 0;
        requireSupported(from);
        requireSupported(to);
        long count = 0;
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            LocalDate first = year == from.getYear() ? from : LocalDate.of(year, 1, 1);
            LocalDate last = year == to.getYear() ? to : LocalDate.of(year, 12, 31);
            count += weekdays(first, last);
            for (CalendarDay d : daysOfYear.apply(year).values()) {
                if (d.date().isBefore(first) || d.date().isAfter(last)) continue;
                boolean weekend = CalendarDay.isWeekend(d.date());
                if (d.isHoliday() && !weekend) count--;
                else if (d.isMakeupWorkday() && weekend) count++;
            }
        }
        return Math.toIntExact(count);
    }

    /** Mondays to Fridays from {@code first} to {@code last}, both included. */
    static long weekdays(LocalDate first, LocalDate last) {
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        long weeks = days / 7;
        long count = weeks * 5;
        for (LocalDate d = first.plusDays(weeks * 7); !d.isAfter(last); d = d.plusDays(1)) {
            if (!CalendarDay.isWeekend(d)) count++;
        }
        return count;
    }

    LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, zone);
    }

    Instant instant(LocalDateTime local) {
        return local.atZone(zone).toInstant();
    }

    private static void requireSupported(LocalDate date) {
        if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
            throw new IllegalArgumentException("the working calendar covers years " + MIN_YEAR + ".." + MAX_YEAR + ", not " + date);
        }
    }
}
