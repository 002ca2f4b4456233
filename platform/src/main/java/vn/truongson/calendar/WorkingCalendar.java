package vn.truongson.calendar;

import vn.truongson.core.Vietnam;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Vietnamese working days (ngày làm việc) and the deadlines counted in them, in Asia/Ho_Chi_Minh.
 *
 * <p>A working day is Monday to Friday, unless the calendar marks it a holiday; a Saturday or Sunday
 * is a working day only when marked a make-up working day (ngày làm bù). The marked days come from the
 * {@code calendar_day} table, which an administrator edits; a year without rows has only its weekends
 * off. Working time is the configured morning and afternoon periods of working days (default
 * 08:00–12:00 and 13:30–17:00).
 *
 * <p><b>Normalisation.</b> Adding working days or hours first moves {@code from} forward to working time:
 * <ul>
 *   <li>on a non-working day, or after the afternoon end: the next working day's morning start;</li>
 *   <li>in the lunch break: the afternoon start;</li>
 *   <li>before the morning start: the morning start;</li>
 *   <li>otherwise, including exactly at the end of a period (12:00, 17:00): unchanged.</li>
 * </ul>
 * So a dossier received on Saturday, or on Friday at 17:30, counts from Monday 08:00 (or from the next
 * working day after Monday when that is a holiday).
 */
@Service
public class WorkingCalendar {

    /** Vietnam's time zone; instants are shown in it, with offset +07:00. */
    public static final ZoneId ZONE = Vietnam.ZONE;

    private final IntFunction<SortedMap<LocalDate, CalendarDay>> daysOfYear;
    private final WorkingSchedule schedule;

    @Autowired
    WorkingCalendar(CalendarDays days, CalendarProperties properties) {
        this(days::ofYear, properties.workingHours());
    }

    /** Over any source of days, for tests. */
    WorkingCalendar(IntFunction<SortedMap<LocalDate, CalendarDay>> daysOfYear, WorkingHours hours) {
        this.daysOfYear = daysOfYear;
        this.schedule = new WorkingSchedule(daysOfYear, hours, ZONE);
    }

    /** Whether the date, in Vietnam, is a working day. */
    public boolean isWorkingDay(LocalDate date) {
        return schedule.isWorkingDay(date);
    }

    /** The first working day strictly after {@code date}. */
    public LocalDate nextWorkingDay(LocalDate date) {
        return schedule.nextWorkingDay(date);
    }

    /**
     * Normalises {@code from} (see the class comment), then moves {@code workingDays} working days
     * forward, keeping the time of day. Zero gives the normalised instant.
     *
     * <p>Example: from Friday 24/01/2025 09:00, 1 working day is Monday 03/02/2025 09:00, because
     * 27/01–31/01 are Tết Ất Tỵ.
     *
     * @throws IllegalArgumentException when {@code workingDays} is negative
     */
    public Instant addWorkingDays(Instant from, int workingDays) {
        return schedule.addWorkingDays(from, workingDays);
    }

    /**
     * Normalises {@code from}, then consumes {@code workingHours} hours of working periods, skipping the
     * lunch break, evenings and non-working days. When the hours run out exactly at the end of a
     * period, the answer is that end (12:00 or 17:00).
     *
     * @throws IllegalArgumentException when {@code workingHours} is negative
     */
    public Instant addWorkingHours(Instant from, long workingHours) {
        if (workingHours < 0) throw new IllegalArgumentException("working hours must not be negative: " + workingHours);
        return schedule.addWorkingTime(from, Duration.ofHours(workingHours));
    }

    /** As {@link #addWorkingHours}, for any non-negative working time (minutes, seconds). */
    public Instant addWorkingTime(Instant from, Duration workingTime) {
        return schedule.addWorkingTime(from, workingTime);
    }

    /** Working days from {@code from} to {@code to}, both included; 0 when {@code to} is before {@code from}. */
    public int countWorkingDays(LocalDate from, LocalDate to) {
        return schedule.countWorkingDays(from, to);
    }

    /** The year's holidays and make-up working days, in date order. */
    public List<CalendarDay> holidays(int year) {
        CalendarDay.requireYear("year", year);
        return List.copyOf(daysOfYear.apply(year).values());
    }

    /** The configured working periods of a working day. */
    public WorkingHours workingHours() {
        return schedule.hours();
    }
}
