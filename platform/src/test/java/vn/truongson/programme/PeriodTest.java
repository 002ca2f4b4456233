package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.truongson.core.DomainException;

/** Decree 09/2019: a monthly period runs from the 15th of the previous month to the 14th; its report is due that month. */
class PeriodTest {

    @Test
    void march_runs_from_15_february_to_14_march_and_is_due_on_the_due_day_at_23_59_59_vietnam_time() {
        Period p = Period.parse("period", "2026-03");
        assertThat(p.from()).isEqualTo(LocalDate.of(2026, 2, 15));
        assertThat(p.to()).isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(p.deadline(20).toString()).isEqualTo("2026-03-20T23:59:59+07:00");
        assertThat(p.deadlineInstant(20)).isEqualTo(Instant.parse("2026-03-20T16:59:59Z"));
        assertThat(p.toString()).isEqualTo("2026-03");
        assertThat(p.year()).isEqualTo(2026);
        assertThat(p.firstDay()).isEqualTo(LocalDate.of(2026, 3, 1));
    }

    @Test
    void january_starts_in_the_previous_year() {
        Period p = Period.of(2026, 1);
        assertThat(p.from()).isEqualTo(LocalDate.of(2025, 12, 15));
        assertThat(p.to()).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(p.deadline(28).toString()).isEqualTo("2026-01-28T23:59:59+07:00");
    }

    @Test
    void february_of_a_leap_year_and_december() {
        assertThat(Period.of(2028, 3).from()).isEqualTo(LocalDate.of(2028, 2, 15));
        assertThat(Period.of(2026, 12).to()).isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(Period.of(2028, 2).deadline(28).toString()).isEqualTo("2028-02-28T23:59:59+07:00");
    }

    @Test
    void periods_order_by_month_and_round_trip_through_their_first_day() {
        assertThat(Period.of(2026, 2)).isLessThan(Period.of(2026, 3));
        assertThat(Period.of(2025, 12)).isLessThan(Period.of(2026, 1));
        assertThat(Period.ofFirstDay(LocalDate.of(2026, 7, 1))).isEqualTo(Period.of(2026, 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-3", "2026-13", "2026-00", "26-03", "2026/03", "2026-03-01", "abc", "２０２６-03", " ", "2026-03x"})
    void malformed_periods_are_a_400_naming_the_field(String text) {
        assertThatThrownBy(() -> Period.parse("period", text))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("period"));
    }
}
