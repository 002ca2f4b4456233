package vn.truongson.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.truongson.core.DomainException;

/** Worked examples over the seeded calendar, around Tết and the swapped weekends. */
class WorkingCalendarExamplesTests {

    private final WorkingCalendar calendar = CalendarFixtures.seededCalendar();

    /** A local time in Vietnam as an instant. */
    static Instant vn(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    @Nested
    class WorkingDays {

        @ParameterizedTest(name = "{0} is a working day: {1}")
        @CsvSource({
                "2025-01-24, true", "2025-01-27, false", "2025-01-31, false", "2025-02-03, true",
                "2026-02-16, false", "2026-02-20, false", "2026-02-23, true",
                "2024-04-29, false", "2024-05-04, true", "2024-05-05, false",
                "2025-04-26, true", "2025-05-02, false",
                "2026-01-02, false", "2026-01-10, true", "2026-04-27, false", "2026-08-22, true", "2026-08-31, false",
                "2030-02-04, true", "2030-02-02, false",
        })
        void followTheSeededCalendar(LocalDate date, boolean working) {
            assertThat(calendar.isWorkingDay(date)).isEqualTo(working);
        }

        @Test
        void oneWorkingDayFromTheFridayBeforeTet2025IsTheMondayAfter() {
            assertThat(calendar.addWorkingDays(vn("2025-01-24T09:00"), 1)).isEqualTo(vn("2025-02-03T09:00"));
        }

        @Test
        void aDossierReceivedDuringTet2026CountsFromTheFirstMorningBack() {
            assertThat(calendar.addWorkingDays(vn("2026-02-18T10:15"), 0)).isEqualTo(vn("2026-02-23T08:00"));
            assertThat(calendar.addWorkingDays(vn("2026-02-13T16:00"), 1)).isEqualTo(vn("2026-02-23T16:00"));
            assertThat(calendar.addWorkingDays(vn("2026-02-13T16:00"), 5)).isEqualTo(vn("2026-02-27T16:00"));
        }

        @Test
        void theMakeUpSaturdayOf2024IsWorked() {
            // 29/04/2024 swapped with Saturday 04/05/2024 (Văn bản 2450/VPCP-KGVX).
            Instant friday = vn("2024-04-26T10:00");
            assertThat(calendar.addWorkingDays(friday, 1)).isEqualTo(vn("2024-05-02T10:00"));
            assertThat(calendar.addWorkingDays(friday, 2)).isEqualTo(vn("2024-05-03T10:00"));
            assertThat(calendar.addWorkingDays(friday, 3)).isEqualTo(vn("2024-05-04T10:00"));
            assertThat(calendar.addWorkingDays(friday, 4)).isEqualTo(vn("2024-05-06T10:00"));
        }

        @Test
        void theMakeUpSaturdayOf2025ComesBeforeTheHoliday() {
            // 02/05/2025 swapped with Saturday 26/04/2025.
            Instant friday = vn("2025-04-25T09:00");
            assertThat(calendar.addWorkingDays(friday, 1)).isEqualTo(vn("2025-04-26T09:00"));
            assertThat(calendar.addWorkingDays(friday, 2)).isEqualTo(vn("2025-04-28T09:00"));
            assertThat(calendar.addWorkingDays(friday, 4)).isEqualTo(vn("2025-05-05T09:00"));
        }

        @ParameterizedTest(name = "{0} normalises to {1}")
        @CsvSource({
                "2025-03-03T07:15, 2025-03-03T08:00", // before the morning start
                "2025-03-03T08:00, 2025-03-03T08:00",
                "2025-03-03T12:00, 2025-03-03T12:00", // the end of a period stays
                "2025-03-03T12:01, 2025-03-03T13:30", // lunch break
                "2025-03-03T17:00, 2025-03-03T17:00",
                "2025-03-03T17:00:01, 2025-03-04T08:00", // after the afternoon end
                "2025-03-07T18:00, 2025-03-10T08:00", // Friday evening
                "2025-03-08T10:00, 2025-03-10T08:00", // Saturday
                "2025-04-29T20:00, 2025-05-05T08:00", // before 30/4 – 4/5
        })
        void zeroDaysIsTheNormalisedInstant(String from, String expected) {
            assertThat(calendar.addWorkingDays(vn(from), 0)).isEqualTo(vn(expected));
        }

        @Test
        void negativeDaysAreRefused() {
            assertThatThrownBy(() -> calendar.addWorkingDays(vn("2025-03-03T09:00"), -1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void tenYearsAheadIsComputed() {
            Instant result = calendar.addWorkingDays(vn("2025-03-03T09:00"), 3650);
            assertThat(result).isAfter(vn("2039-01-01T00:00"));
        }
    }

    @Nested
    class WorkingHours {

        @ParameterizedTest(name = "{0} + {1} working minutes = {2}")
        @CsvSource({
                "2025-03-03T08:00, 240, 2025-03-03T12:00", // a full morning ends at 12:00, not 13:30
                "2025-03-03T08:00, 450, 2025-03-03T17:00", // a full day ends at 17:00, not the next morning
                "2025-03-03T08:00, 451, 2025-03-04T08:01",
                "2025-03-03T12:00, 60, 2025-03-03T14:30",
                "2025-03-03T12:30, 60, 2025-03-03T14:30",
                "2025-03-03T16:30, 60, 2025-03-04T08:30",
                "2025-03-03T06:00, 0, 2025-03-03T08:00",
                "2025-01-24T15:00, 240, 2025-02-03T10:00", // across Tết Ất Tỵ
                "2026-02-13T11:00, 120, 2026-02-13T14:30",
                "2026-02-13T16:00, 480, 2026-02-23T16:30", // across Tết Bính Ngọ: 1 h on Friday, 7 h on Monday
                "2024-05-03T16:00, 120, 2024-05-04T09:00", // onto the make-up Saturday
        })
        void consumeWorkingPeriods(String from, long minutes, String expected) {
            assertThat(calendar.addWorkingTime(vn(from), Duration.ofMinutes(minutes))).isEqualTo(vn(expected));
        }

        @Test
        void wholeHoursAreTheSameAsTheirMinutes() {
            Instant from = vn("2025-12-31T15:20");
            assertThat(calendar.addWorkingHours(from, 40)).isEqualTo(calendar.addWorkingTime(from, Duration.ofHours(40)));
            // 31/12 (1 h 40) · 1/1 and the swapped 2/1 off · 5/1–9/1 (5 × 7 h 30) · make-up Saturday 10/1 (50 min)
            assertThat(calendar.addWorkingHours(from, 40)).isEqualTo(vn("2026-01-10T08:50"));
        }

        @Test
        void negativeHoursAreRefused() {
            assertThatThrownBy(() -> calendar.addWorkingHours(vn("2025-03-03T09:00"), -1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void withoutALunchBreakNoonIsPassedThrough() {
            WorkingCalendar straight = CalendarFixtures.workingCalendar(List.of(),
                    new vn.truongson.calendar.WorkingHours(LocalTime.of(8, 0), LocalTime.of(12, 0), LocalTime.of(12, 0), LocalTime.of(16, 0)));
            assertThat(straight.addWorkingHours(vn("2025-03-03T10:00"), 2)).isEqualTo(vn("2025-03-03T12:00"));
            assertThat(straight.addWorkingHours(vn("2025-03-03T10:00"), 3)).isEqualTo(vn("2025-03-03T13:00"));
            assertThat(straight.addWorkingHours(vn("2025-03-03T12:00"), 8)).isEqualTo(vn("2025-03-04T12:00"));
        }
    }

    @Nested
    class Counting {

        @ParameterizedTest(name = "{0} to {1}: {2} working days")
        @CsvSource({
                "2026-02-09, 2026-02-27, 10",
                "2025-01-20, 2025-02-07, 10",
                "2024-04-26, 2024-05-06, 5",
                "2025-03-03, 2025-03-03, 1",
                "2025-03-08, 2025-03-08, 0",
                "2025-03-04, 2025-03-03, 0",
                "2024-01-01, 2024-12-31, 251",
                "2025-01-01, 2025-12-31, 250",
                "2026-01-01, 2026-12-31, 250",
                "2027-01-01, 2027-12-31, 250",
                "2028-01-01, 2028-12-31, 260",
                "2024-01-01, 2027-12-31, 1001",
        })
        void bothEndsIncluded(LocalDate from, LocalDate to, int expected) {
            assertThat(calendar.countWorkingDays(from, to)).isEqualTo(expected);
        }
    }

    @Test
    void holidaysOfAYearAreInDateOrder() {
        List<CalendarDay> days = calendar.holidays(2025);
        assertThat(days).extracting(CalendarDay::date).isSorted().first().isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(days).filteredOn(CalendarDay::isMakeupWorkday).extracting(CalendarDay::date).containsExactly(LocalDate.of(2025, 4, 26));
        assertThat(calendar.holidays(2031)).isEmpty();
        assertThatThrownBy(() -> calendar.holidays(1899)).isInstanceOf(DomainException.BadInput.class);
    }
}
