package vn.truongson.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.truongson.calendar.lunar.LunarCalendar;
import vn.truongson.calendar.lunar.LunarDate;

/** The data of V4__calendar_days.sql against the Labour Code and the lunar calendar. */
class SeededDaysTests {

    private static final List<CalendarDay> DAYS = CalendarFixtures.seededDays();
    private static final Map<LocalDate, CalendarDay> BY_DATE =
            DAYS.stream().collect(Collectors.toMap(CalendarDay::date, Function.identity()));
    private static final Pattern LUNAR_LABEL = Pattern.compile("\\((\\d+) tháng Chạp\\)|\\(mùng (\\d) Tết\\)");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    @Test
    void everyYearFrom2024To2027IsSeededAndNoDateTwice() {
        assertThat(DAYS).hasSizeGreaterThan(50);
        assertThat(BY_DATE).hasSameSizeAs(DAYS);
        assertThat(DAYS).extracting(d -> d.date().getYear()).containsOnly(2024, 2025, 2026, 2027);
    }

    @ParameterizedTest(name = "Tết {0}: mùng 1 is seeded on {1}, as the lunar converter says")
    @CsvSource({"2024, 2024-02-10", "2025, 2025-01-29", "2026, 2026-02-17", "2027, 2027-02-06"})
    void tetIsSeededOnTheLunarNewYear(int year, LocalDate expected) {
        LocalDate computed = LunarCalendar.tet(year);
        assertThat(computed).isEqualTo(expected);
        CalendarDay seeded = DAYS.stream().filter(d -> d.name().startsWith("Tết Nguyên đán (mùng 1 Tết)") && d.date().getYear() == year)
                .findFirst().orElseThrow();
        assertThat(seeded.date()).isEqualTo(computed);
        assertThat(seeded.kind()).isEqualTo(DayKind.HOLIDAY);
    }

    @ParameterizedTest(name = "Giỗ Tổ Hùng Vương {0}")
    @ValueSource(ints = {2024, 2025, 2026, 2027})
    void hungKingsDayIsSeededOnThe10thOfTheThirdLunarMonth(int year) {
        CalendarDay seeded = DAYS.stream().filter(d -> d.name().startsWith("Giỗ Tổ Hùng Vương (10 tháng 3") && d.date().getYear() == year)
                .findFirst().orElseThrow();
        assertThat(seeded.date()).isEqualTo(LunarCalendar.hungKingsDay(year));
    }

    @Test
    void everyLunarLabelMatchesTheConverter() {
        int checked = 0;
        for (CalendarDay d : DAYS) {
            Matcher m = LUNAR_LABEL.matcher(d.name());
            if (!m.find()) continue;
            LunarDate lunar = LunarCalendar.toLunar(d.date());
            if (m.group(1) != null) {
                assertThat(lunar.month()).as(d.toString()).isEqualTo(12);
                assertThat(lunar.day()).as(d.toString()).isEqualTo(Integer.parseInt(m.group(1)));
            } else {
                assertThat(lunar.month()).as(d.toString()).isEqualTo(1);
                assertThat(lunar.day()).as(d.toString()).isEqualTo(Integer.parseInt(m.group(2)));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(7 + 5 + 5 + 7); // Tết rows of 2024, 2025, 2026, 2027
    }

    @ParameterizedTest(name = "{0} has the 11 days of Labour Code 2019, Art. 112")
    @ValueSource(ints = {2024, 2025, 2026, 2027})
    void eachYearHasTheElevenStatutoryHolidays(int year) {
        List<CalendarDay> statutory = DAYS.stream()
                .filter(d -> d.date().getYear() == year && d.isHoliday())
                .filter(d -> !d.name().startsWith("Nghỉ bù") && !d.name().startsWith("Nghỉ hoán đổi"))
                .toList();
        assertThat(statutory).hasSize(11);
        assertThat(statutory).filteredOn(d -> d.name().startsWith("Tết Nguyên đán")).hasSize(5);
        assertThat(statutory).filteredOn(d -> d.name().startsWith("Quốc khánh")).hasSize(2);
        for (MonthDay fixed : List.of(MonthDay.of(1, 1), MonthDay.of(4, 30), MonthDay.of(5, 1), MonthDay.of(9, 2))) {
            assertThat(BY_DATE.get(fixed.atYear(year))).as("%s/%s", fixed, year).isNotNull()
                    .extracting(CalendarDay::kind).isEqualTo(DayKind.HOLIDAY);
        }
        // Quốc khánh: 2/9 and one adjacent day (Art. 112(1)(đ)).
        boolean before = BY_DATE.containsKey(LocalDate.of(year, 9, 1));
        boolean after = BY_DATE.containsKey(LocalDate.of(year, 9, 3));
        assertThat(before ^ after).isTrue();
    }

    @Test
    void makeUpWorkdaysAreWeekendsPairedWithASwappedWeekday() {
        List<CalendarDay> makeups = DAYS.stream().filter(CalendarDay::isMakeupWorkday).toList();
        List<CalendarDay> swaps = DAYS.stream().filter(d -> d.name().startsWith("Nghỉ hoán đổi")).toList();
        assertThat(makeups).hasSameSizeAs(swaps).isNotEmpty();
        for (CalendarDay m : makeups) {
            assertThat(CalendarDay.isWeekend(m.date())).as(m.toString()).isTrue();
            // "Làm bù cho thứ Sáu 02/05/2025" names the swapped weekday, which must say "(làm bù thứ Bảy 26/04/2025)".
            LocalDate swapped = LocalDate.parse(m.name().substring(m.name().length() - 10), SHOWN);
            CalendarDay swap = BY_DATE.get(swapped);
            assertThat(swap).as("swap for %s", m).isNotNull();
            assertThat(swap.isHoliday()).isTrue();
            assertThat(swap.date().getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(swap.name()).contains(m.date().format(SHOWN));
        }
    }

    @Test
    void compensatoryDaysFollowHolidaysOnWeekends() {
        // Art. 111(3): a holiday on a weekly rest day is made up on the next working day.
        for (CalendarDay d : DAYS) {
            if (!d.name().startsWith("Nghỉ bù")) continue;
            assertThat(CalendarDay.isWeekend(d.date())).as(d.toString()).isFalse();
            long weekendHolidays = DAYS.stream().filter(h -> h.isHoliday() && CalendarDay.isWeekend(h.date())
                    && h.date().isBefore(d.date()) && h.date().isAfter(d.date().minusDays(7))).count();
            assertThat(weekendHolidays).as("a weekend holiday in the week before %s", d).isPositive();
        }
    }

    @Test
    void theUnannouncedYearIsMarkedAsForecast() {
        assertThat(DAYS).filteredOn(d -> d.date().getYear() == 2027)
                .allSatisfy(d -> assertThat(d.name()).endsWith("(dự kiến)"));
        assertThat(DAYS).filteredOn(d -> d.date().getYear() < 2027)
                .allSatisfy(d -> assertThat(d.name()).doesNotContain("dự kiến"));
    }

    @Test
    void everyRowCitesItsSource() {
        assertThat(DAYS).allSatisfy(d -> assertThat(d.source()).isNotBlank());
    }
}
