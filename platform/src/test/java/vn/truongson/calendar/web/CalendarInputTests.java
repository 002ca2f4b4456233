package vn.truongson.calendar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.truongson.calendar.DayKind;
import vn.truongson.core.DomainException.BadInput;

class CalendarInputTests {

    static void assertBadInput(ThrowingCallable call, String field, String messageKey) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BadInput.class, e -> {
            assertThat(e.errors()).hasSize(1);
            assertThat(e.errors().getFirst().field()).isEqualTo(field);
            assertThat(e.errors().getFirst().messageKey()).isEqualTo(messageKey);
        });
    }

    @Test
    void instantsNeedAnOffset() {
        assertThat(CalendarInput.instant("from", "2025-01-24T09:00:00+07:00")).isEqualTo(Instant.parse("2025-01-24T02:00:00Z"));
        assertThat(CalendarInput.instant("from", "2025-01-24T02:00:00Z")).isEqualTo(Instant.parse("2025-01-24T02:00:00Z"));
        assertThat(CalendarInput.instant("from", "2025-01-24T09:00+07:00")).isEqualTo(Instant.parse("2025-01-24T02:00:00Z"));
        // an unencoded '+' arrives as a space
        assertThat(CalendarInput.instant("from", "2025-01-24T09:00:00 07:00")).isEqualTo(Instant.parse("2025-01-24T02:00:00Z"));
        assertBadInput(() -> CalendarInput.instant("from", "2025-01-24T09:00:00"), "from", "calendar.instant.invalid");
        assertBadInput(() -> CalendarInput.instant("from", "24/01/2025"), "from", "calendar.instant.invalid");
        assertBadInput(() -> CalendarInput.instant("from", "1899-12-31T09:00:00+07:00"), "from", "calendar.year.range");
        assertBadInput(() -> CalendarInput.instant("from", null), "from", "calendar.param.required");
    }

    @Test
    void datesAreStrictIso() {
        assertThat(CalendarInput.date("to", "2025-04-30")).isEqualTo(LocalDate.of(2025, 4, 30));
        assertBadInput(() -> CalendarInput.date("to", "2025-02-30"), "to", "calendar.date.invalid");
        assertBadInput(() -> CalendarInput.date("to", "30/04/2025"), "to", "calendar.date.invalid");
        assertBadInput(() -> CalendarInput.date("to", "2201-01-01"), "to", "calendar.year.range");
    }

    @Test
    void screenDatesAlsoTakeTheVietnameseForm() {
        assertThat(CalendarInput.screenDate("date", "30/04/2025")).isEqualTo(LocalDate.of(2025, 4, 30));
        assertThat(CalendarInput.screenDate("date", "2/9/2025")).isEqualTo(LocalDate.of(2025, 9, 2));
        assertThat(CalendarInput.screenDate("date", "2025-09-02")).isEqualTo(LocalDate.of(2025, 9, 2));
        assertBadInput(() -> CalendarInput.screenDate("date", "31/04/2025"), "date", "calendar.date.invalid");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingValuesAreRequired(String value) {
        assertBadInput(() -> CalendarInput.date("from", value), "from", "calendar.param.required");
        assertBadInput(() -> CalendarInput.year("year", value), "year", "calendar.param.required");
    }

    @Test
    void yearsRunFrom1900To2200() {
        assertThat(CalendarInput.year("year", "1900")).isEqualTo(1900);
        assertThat(CalendarInput.year("year", "2200")).isEqualTo(2200);
        assertBadInput(() -> CalendarInput.year("year", "1899"), "year", "calendar.year.range");
        assertBadInput(() -> CalendarInput.year("year", "2201"), "year", "calendar.year.range");
        assertBadInput(() -> CalendarInput.year("year", "hai nghìn"), "year", "calendar.year.range");
    }

    @Test
    void countsAreBounded() {
        assertThat(CalendarInput.count("workingDays", "3650", CalendarInput.MAX_WORKING_DAYS)).isEqualTo(3650);
        assertBadInput(() -> CalendarInput.count("workingDays", "3651", CalendarInput.MAX_WORKING_DAYS), "workingDays", "calendar.count.range");
        assertBadInput(() -> CalendarInput.count("workingDays", "-1", CalendarInput.MAX_WORKING_DAYS), "workingDays", "calendar.count.range");
        assertBadInput(() -> CalendarInput.count("workingDays", "1.5", CalendarInput.MAX_WORKING_DAYS), "workingDays", "calendar.count.range");
        assertBadInput(() -> CalendarInput.count("workingHours", "99999999999999999999", CalendarInput.MAX_WORKING_HOURS), "workingHours", "calendar.count.range");
    }

    @Test
    void kindsAreTheTwoOfTheApi() {
        assertThat(CalendarInput.kind("kind", "HOLIDAY")).isEqualTo(DayKind.HOLIDAY);
        assertThat(CalendarInput.kind("kind", "makeup_workday")).isEqualTo(DayKind.MAKEUP_WORKDAY);
        assertBadInput(() -> CalendarInput.kind("kind", "WEEKEND"), "kind", "calendar.kind.unknown");
    }

    @Test
    void instantsAreAnsweredInVietnamWithSeconds() {
        assertThat(CalendarInput.format(Instant.parse("2025-02-03T01:00:00Z"))).isEqualTo("2025-02-03T08:00:00+07:00");
        assertThat(CalendarInput.format(Instant.parse("2025-02-03T01:00:00.250Z"))).isEqualTo("2025-02-03T08:00:00.25+07:00");
    }
}
