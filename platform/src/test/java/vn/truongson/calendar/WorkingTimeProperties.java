package vn.truongson.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Laws of the working-time arithmetic, over the seeded calendar (2024–2027, and years without data
 * around them) and over random calendars with random working hours.
 */
class WorkingTimeProperties {

    private static final LocalDate FIRST = LocalDate.of(2023, 6, 1);
    private static final LocalDate LAST = LocalDate.of(2028, 6, 30);
    /** Moments where off-by-one mistakes live: the edges of the working periods. */
    private static final List<LocalTime> EDGES = List.of(
            LocalTime.MIDNIGHT, LocalTime.of(7, 59, 59), LocalTime.of(8, 0), LocalTime.of(8, 0, 1), LocalTime.of(11, 59, 59),
            LocalTime.NOON, LocalTime.of(12, 0, 1), LocalTime.of(13, 29, 59), LocalTime.of(13, 30), LocalTime.of(16, 59, 59),
            LocalTime.of(17, 0), LocalTime.of(17, 0, 1), LocalTime.of(23, 59, 59));

    private final WorkingSchedule seeded = WorkingSchedule.of(CalendarFixtures.seededDays(), WorkingHours.DEFAULT);
    private final WorkingCalendar calendar = CalendarFixtures.seededCalendar();

    // --- working days ------------------------------------------------------------------------

    @Property
    void addingWorkingDaysComposes(@ForAll("instants") Instant t, @ForAll @IntRange(max = 400) int n, @ForAll @IntRange(max = 400) int m) {
        assertThat(calendar.addWorkingDays(calendar.addWorkingDays(t, n), m)).isEqualTo(calendar.addWorkingDays(t, n + m));
    }

    @Property
    void addingWorkingDaysLandsOnWorkingTime(@ForAll("instants") Instant t, @ForAll @IntRange(max = 400) int n) {
        assertWorkingMoment(seeded, calendar.addWorkingDays(t, n));
    }

    @Property
    void addingWorkingDaysNeverGoesBack(@ForAll("instants") Instant t, @ForAll @IntRange(max = 400) int n) {
        Instant result = calendar.addWorkingDays(t, n);
        assertThat(result).isAfterOrEqualTo(t);
        if (n > 0) assertThat(result).isAfter(calendar.addWorkingDays(t, n - 1));
    }

    @Property
    void countingAgreesWithAdding(@ForAll("dates") LocalDate day, @ForAll @IntRange(max = 400) int n) {
        // From the first moment of a day, n working days on lands on the (n+1)th working day counting from it.
        Instant start = day.atStartOfDay(WorkingCalendar.ZONE).toInstant();
        LocalDate end = LocalDate.ofInstant(calendar.addWorkingDays(start, n), WorkingCalendar.ZONE);
        assertThat(calendar.countWorkingDays(day, end)).isEqualTo(n + 1);
        assertThat(calendar.countWorkingDays(day, end.minusDays(1))).isEqualTo(n);
    }

    @Property
    void countingIsTheNumberOfWorkingDaysInTheRange(@ForAll("dates") LocalDate from, @ForAll @IntRange(min = -5, max = 800) int length) {
        LocalDate to = from.plusDays(length);
        int expected = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) expected++;
        }
        assertThat(calendar.countWorkingDays(from, to)).isEqualTo(expected);
    }

    @Property
    void countingSplitsAtAnyDay(@ForAll("dates") LocalDate from, @ForAll @IntRange(max = 500) int a, @ForAll @IntRange(max = 500) int b) {
        LocalDate middle = from.plusDays(a);
        LocalDate to = middle.plusDays(b);
        assertThat(calendar.countWorkingDays(from, to))
                .isEqualTo(calendar.countWorkingDays(from, middle) + calendar.countWorkingDays(middle.plusDays(1), to));
    }

    // --- working hours -----------------------------------------------------------------------

    @Property
    void addingWorkingHoursComposes(@ForAll("instants") Instant t, @ForAll @IntRange(max = 3000) int a, @ForAll @IntRange(max = 3000) int b) {
        assertThat(calendar.addWorkingHours(calendar.addWorkingHours(t, a), b)).isEqualTo(calendar.addWorkingHours(t, a + b));
    }

    @Property
    void addingWorkingMinutesComposes(@ForAll("instants") Instant t, @ForAll @IntRange(max = 20_000) int a, @ForAll @IntRange(max = 20_000) int b) {
        Duration x = Duration.ofMinutes(a);
        Duration y = Duration.ofMinutes(b);
        assertThat(calendar.addWorkingTime(calendar.addWorkingTime(t, x), y)).isEqualTo(calendar.addWorkingTime(t, x.plus(y)));
    }

    @Property
    void addingWorkingHoursLandsOnWorkingTime(@ForAll("instants") Instant t, @ForAll @IntRange(max = 20_000) int minutes) {
        assertWorkingMoment(seeded, calendar.addWorkingTime(t, Duration.ofMinutes(minutes)));
    }

    @Property
    void moreWorkingTimeIsNeverEarlier(@ForAll("instants") Instant t, @ForAll @IntRange(max = 20_000) int a, @ForAll @IntRange(max = 20_000) int b) {
        Instant first = calendar.addWorkingTime(t, Duration.ofMinutes(Math.min(a, b)));
        Instant second = calendar.addWorkingTime(t, Duration.ofMinutes(Math.max(a, b)));
        assertThat(second).isAfterOrEqualTo(first);
        if (a != b) assertThat(second).isAfter(first);
    }

    @Property
    void aWorkingDayOfHoursIsAWorkingDay(@ForAll("workingMorningStarts") Instant t, @ForAll @IntRange(min = 1, max = 300) int days) {
        // From a morning start, k full days of hours end at 17:00 of the k-th working day, the day before k working days on.
        Instant byHours = calendar.addWorkingTime(t, WorkingHours.DEFAULT.perDay().multipliedBy(days));
        Instant byDays = calendar.addWorkingDays(t, days - 1);
        LocalDateTime local = LocalDateTime.ofInstant(byHours, WorkingCalendar.ZONE);
        assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(17, 0));
        assertThat(local.toLocalDate()).isEqualTo(LocalDate.ofInstant(byDays, WorkingCalendar.ZONE));
    }

    // --- any calendar, any working hours -----------------------------------------------------

    @Property(tries = 300)
    void theLawsHoldForAnyCalendar(@ForAll("schedules") WorkingSchedule schedule, @ForAll("instants") Instant t,
                                   @ForAll @IntRange(max = 200) int n, @ForAll @IntRange(max = 200) int m,
                                   @ForAll @IntRange(max = 5000) int a, @ForAll @IntRange(max = 5000) int b) {
        Instant days = schedule.addWorkingDays(t, n);
        assertThat(schedule.addWorkingDays(days, m)).isEqualTo(schedule.addWorkingDays(t, n + m));
        assertWorkingMoment(schedule, days);

        Duration x = Duration.ofMinutes(a);
        Duration y = Duration.ofMinutes(b);
        Instant time = schedule.addWorkingTime(t, x);
        assertThat(schedule.addWorkingTime(time, y)).isEqualTo(schedule.addWorkingTime(t, x.plus(y)));
        assertWorkingMoment(schedule, time);

        LocalDate day = LocalDate.ofInstant(t, WorkingCalendar.ZONE);
        LocalDate end = LocalDate.ofInstant(schedule.addWorkingDays(day.atStartOfDay(WorkingCalendar.ZONE).toInstant(), n), WorkingCalendar.ZONE);
        assertThat(schedule.countWorkingDays(day, end)).isEqualTo(n + 1);
    }

    private static void assertWorkingMoment(WorkingSchedule schedule, Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, WorkingCalendar.ZONE);
        WorkingHours h = schedule.hours();
        LocalTime time = local.toLocalTime();
        assertThat(schedule.isWorkingDay(local.toLocalDate())).as("%s is on a working day", local).isTrue();
        boolean inMorning = !time.isBefore(h.morningStart()) && !time.isAfter(h.morningEnd());
        boolean inAfternoon = !time.isBefore(h.afternoonStart()) && !time.isAfter(h.afternoonEnd());
        assertThat(inMorning || inAfternoon).as("%s is in working hours %s", local, h).isTrue();
    }

    // --- generators --------------------------------------------------------------------------

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(FIRST.toEpochDay(), LAST.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<LocalTime> times = Arbitraries.oneOf(
                Arbitraries.of(EDGES),
                Arbitraries.integers().between(0, 24 * 3600 - 1).map(LocalTime::ofSecondOfDay));
        return Combinators.combine(dates(), times).as((d, time) -> d.atTime(time).atZone(WorkingCalendar.ZONE).toInstant());
    }

    @Provide
    Arbitrary<Instant> workingMorningStarts() {
        return dates().map(d -> seeded.normalise(d.atStartOfDay(WorkingCalendar.ZONE).toInstant()));
    }

    @Provide
    Arbitrary<WorkingSchedule> schedules() {
        Arbitrary<Set<Integer>> holidayOffsets = Arbitraries.integers().between(0, 2000).set().ofMaxSize(200);
        Arbitrary<Set<Integer>> makeupOffsets = Arbitraries.integers().between(0, 2000).set().ofMaxSize(60);
        Arbitrary<WorkingHours> hours = Combinators.combine(
                        Arbitraries.integers().between(5 * 60, 9 * 60),  // morning start, in minutes
                        Arbitraries.integers().between(30, 5 * 60),      // morning length
                        Arbitraries.integers().between(0, 2 * 60),       // lunch break, possibly none
                        Arbitraries.integers().between(30, 5 * 60))      // afternoon length
                .as((start, morning, lunch, afternoon) -> {
                    LocalTime ms = LocalTime.ofSecondOfDay(start * 60L);
                    LocalTime me = ms.plusMinutes(morning);
                    LocalTime as = me.plusMinutes(lunch);
                    return new WorkingHours(ms, me, as, as.plusMinutes(afternoon));
                });
        return Combinators.combine(holidayOffsets, makeupOffsets, hours).as((hs, ms, h) -> {
            List<CalendarDay> days = new ArrayList<>();
            for (int offset : hs) {
                days.add(new CalendarDay(FIRST.plusDays(offset), DayKind.HOLIDAY, "Ngày nghỉ thử " + offset, null));
            }
            for (int offset : ms) {
                LocalDate d = FIRST.plusDays(offset);
                if (CalendarDay.isWeekend(d) && !hs.contains(offset)) days.add(new CalendarDay(d, DayKind.MAKEUP_WORKDAY, "Làm bù thử", null));
            }
            return WorkingSchedule.of(days, h);
        });
    }
}
