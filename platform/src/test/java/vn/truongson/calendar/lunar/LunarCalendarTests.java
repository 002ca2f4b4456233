package vn.truongson.calendar.lunar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LunarCalendarTests {

    @ParameterizedTest(name = "Tết {0} is {1}")
    @CsvSource({
            "2019, 2019-02-05", "2020, 2020-01-25", "2021, 2021-02-12", "2022, 2022-02-01", "2023, 2023-01-22",
            "2024, 2024-02-10", "2025, 2025-01-29", "2026, 2026-02-17", "2027, 2027-02-06", "2028, 2028-01-26",
    })
    void tetFallsOnTheKnownDays(int year, LocalDate tet) {
        assertThat(LunarCalendar.tet(year)).isEqualTo(tet);
        assertThat(LunarCalendar.toLunar(tet)).isEqualTo(LunarDate.of(year, 1, 1));
    }

    @ParameterizedTest(name = "Giỗ Tổ {0} is {1}")
    @CsvSource({"2023, 2023-04-29", "2024, 2024-04-18", "2025, 2025-04-07", "2026, 2026-04-26", "2027, 2027-04-16"})
    void hungKingsDayFallsOnTheKnownDays(int year, LocalDate day) {
        assertThat(LunarCalendar.hungKingsDay(year)).isEqualTo(day);
    }

    @Test
    void vietnameseTetDiffersFromChineseWhereTheZoneMatters() {
        // UTC+7 puts the new moon of 2007 on 17 February; China (UTC+8) celebrated on the 18th.
        assertThat(LunarCalendar.tet(2007)).isEqualTo(LocalDate.of(2007, 2, 17));
        // In 1985 the winter solstice moved month 11 and Vietnam's Tết came a month before China's (20 February).
        assertThat(LunarCalendar.tet(1985)).isEqualTo(LocalDate.of(1985, 1, 21));
    }

    @Test
    void leapMonthsAreNamed() {
        assertThat(LunarCalendar.toLunar(LocalDate.of(2023, 3, 22))).isEqualTo(new LunarDate(2023, 2, 1, true));
        assertThat(LunarCalendar.toLunar(LocalDate.of(2025, 7, 25))).isEqualTo(new LunarDate(2025, 6, 1, true));
        assertThat(LunarCalendar.toLunar(LocalDate.of(2020, 5, 23))).isEqualTo(new LunarDate(2020, 4, 1, true));
        assertThat(LunarCalendar.toSolar(new LunarDate(2025, 6, 1, true))).isEqualTo(LocalDate.of(2025, 7, 25));
        assertThat(LunarCalendar.toSolar(LunarDate.of(2025, 6, 1))).isEqualTo(LocalDate.of(2025, 6, 25));
    }

    @Test
    void theLastDayOfTheYearIsThe29thOrThe30th() {
        // "Tết 2025 has no 30 tháng Chạp": the eve of Tết was the 29th.
        assertThat(LunarCalendar.toLunar(LocalDate.of(2025, 1, 28))).isEqualTo(LunarDate.of(2024, 12, 29));
        assertThat(LunarCalendar.toLunar(LocalDate.of(2024, 2, 9))).isEqualTo(LunarDate.of(2023, 12, 30));
        assertThat(LunarCalendar.lengthOfMonth(LocalDate.of(2025, 1, 28))).isEqualTo(29);
        assertThat(LunarCalendar.lengthOfMonth(LocalDate.of(2024, 2, 9))).isEqualTo(30);
    }

    @Test
    void daysJustBeforeANewMoonThatRunsAheadOfTheMeanOneAreInTheOldMonth() {
        // Here the mean-month estimate points one moon too far; the day is the last of its month.
        for (LocalDate d : new LocalDate[] {LocalDate.of(2054, 5, 7), LocalDate.of(2062, 4, 9)}) {
            LunarDate lunar = LunarCalendar.toLunar(d);
            assertThat(lunar.day()).isBetween(29, 30);
            assertThat(LunarCalendar.toLunar(d.plusDays(1)).day()).isEqualTo(1);
            assertThat(LunarCalendar.toSolar(lunar)).isEqualTo(d);
        }
    }

    @Test
    void datesThatDoNotExistAreRefused() {
        assertThatThrownBy(() -> LunarCalendar.toSolar(new LunarDate(2024, 6, 1, true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LunarCalendar.toSolar(new LunarDate(2025, 3, 1, true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LunarCalendar.toSolar(LunarDate.of(2024, 12, 30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LunarDate.of(2024, 13, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDayFrom1900To2199RoundTripsAndFollowsTheDayBefore() {
        LocalDate day = LocalDate.of(1900, 2, 1);
        LunarDate previous = LunarCalendar.toLunar(day.minusDays(1));
        int monthLength = previous.day();
        for (; day.getYear() < 2200; day = day.plusDays(1)) {
            LunarDate lunar = LunarCalendar.toLunar(day);
            assertThat(LunarCalendar.toSolar(lunar)).as("round trip of %s", day).isEqualTo(day);
            if (lunar.day() == 1) {
                assertThat(previous.day()).as("length of the month before %s", day).isBetween(29, 30);
                monthLength = 1;
            } else {
                assertThat(lunar.day()).as("%s follows %s", day, previous).isEqualTo(previous.day() + 1);
                assertThat(lunar.month()).isEqualTo(previous.month());
                assertThat(lunar.leap()).isEqualTo(previous.leap());
                monthLength++;
            }
            assertThat(monthLength).isLessThanOrEqualTo(30);
            previous = lunar;
        }
    }

    @Test
    void namesReadAsVietnameseSayThem() {
        assertThat(LunarDate.of(2025, 1, 1).vietnamese()).isEqualTo("mùng 1 tháng Giêng");
        assertThat(LunarDate.of(2024, 12, 29).vietnamese()).isEqualTo("29 tháng Chạp");
        assertThat(new LunarDate(2025, 6, 15, true).vietnamese()).isEqualTo("15 tháng 6 nhuận");
    }
}
