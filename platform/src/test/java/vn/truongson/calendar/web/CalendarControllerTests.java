package vn.truongson.calendar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import vn.truongson.calendar.CalendarAdministration;
import vn.truongson.calendar.CalendarDay;
import vn.truongson.calendar.CalendarFixtures;
import vn.truongson.calendar.DayKind;
import vn.truongson.core.DomainException;

/** The JSON API of API.md's "Calendar" section, over the seeded calendar. */
class CalendarControllerTests {

    private final CalendarAdministration administration = mock(CalendarAdministration.class);
    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new CalendarController(CalendarFixtures.seededCalendar(), administration))
            .setControllerAdvice(new CalendarWebFixtures.Problems())
            .build();

    @Test
    void addsWorkingDaysAcrossTet() throws Exception {
        mvc.perform(get("/api/v1/calendar/add").param("from", "2025-01-24T09:00:00+07:00").param("workingDays", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value("2025-02-03T09:00:00+07:00"));
    }

    @Test
    void answersInVietnamWhateverTheOffsetAsked() throws Exception {
        mvc.perform(get("/api/v1/calendar/add").param("from", "2025-01-24T02:00:00Z").param("workingDays", "0"))
                .andExpect(jsonPath("$.result").value("2025-01-24T09:00:00+07:00"));
    }

    @Test
    void addsWorkingHours() throws Exception {
        mvc.perform(get("/api/v1/calendar/add").param("from", "2026-02-13T16:00:00+07:00").param("workingHours", "8"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value("2026-02-23T16:30:00+07:00"));
    }

    @ParameterizedTest(name = "from={0} workingDays={1} workingHours={2} → 400 on {3} ({4})")
    @CsvSource(nullValues = "null", value = {
            "2025-01-24T09:00:00+07:00, null, null, workingDays, calendar.add.exactly-one",
            "2025-01-24T09:00:00+07:00, 1, 2, workingHours, calendar.add.exactly-one",
            "2025-01-24T09:00:00+07:00, -1, null, workingDays, calendar.count.range",
            "2025-01-24T09:00:00+07:00, 3651, null, workingDays, calendar.count.range",
            "2025-01-24T09:00:00+07:00, abc, null, workingDays, calendar.count.range",
            "2025-01-24T09:00:00+07:00, null, -3, workingHours, calendar.count.range",
            "2025-01-24T09:00:00+07:00, null, 87601, workingHours, calendar.count.range",
            "null, 1, null, from, calendar.param.required",
            "2025-01-24T09:00:00, 1, null, from, calendar.instant.invalid",
            "hôm qua, 1, null, from, calendar.instant.invalid",
            "1899-01-24T09:00:00+07:00, 1, null, from, calendar.year.range",
    })
    void refusesBadAdditions(String from, String days, String hours, String field, String key) throws Exception {
        var request = get("/api/v1/calendar/add");
        if (from != null) request.param("from", from);
        if (days != null) request.param("workingDays", days);
        if (hours != null) request.param("workingHours", hours);
        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].key").value(key));
    }

    @Test
    void acceptsTheLargestAddition() throws Exception {
        mvc.perform(get("/api/v1/calendar/add").param("from", "2025-01-24T09:00:00+07:00").param("workingDays", "3650"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/calendar/add").param("from", "2025-01-24T09:00:00+07:00").param("workingHours", "87600"))
                .andExpect(status().isOk());
    }

    @Test
    void countsWorkingDaysBothEndsIncluded() throws Exception {
        mvc.perform(get("/api/v1/calendar/count").param("from", "2026-02-09").param("to", "2026-02-27"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workingDays").value(10));
        mvc.perform(get("/api/v1/calendar/count").param("from", "2026-02-27").param("to", "2026-02-09"))
                .andExpect(jsonPath("$.workingDays").value(0));
    }

    @Test
    void refusesBadDatesToCount() throws Exception {
        mvc.perform(get("/api/v1/calendar/count").param("from", "2026-02-09"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"))
                .andExpect(jsonPath("$.errors[0].key").value("calendar.param.required"));
        mvc.perform(get("/api/v1/calendar/count").param("from", "09/02/2026").param("to", "2026-02-27"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"))
                .andExpect(jsonPath("$.errors[0].key").value("calendar.date.invalid"));
    }

    @Test
    void listsAYearsHolidaysAndMakeUpDays() throws Exception {
        mvc.perform(get("/api/v1/calendar/holidays").param("year", "2024"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(15)))
                .andExpect(jsonPath("$[0].date").value("2024-01-01"))
                .andExpect(jsonPath("$[0].name").value("Tết Dương lịch"))
                .andExpect(jsonPath("$[0].kind").value("HOLIDAY"))
                .andExpect(jsonPath("$[?(@.date == '2024-05-04')].kind").value("MAKEUP_WORKDAY"));
        mvc.perform(get("/api/v1/calendar/holidays").param("year", "2031"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"1899, calendar.year.range", "2201, calendar.year.range", "null, calendar.param.required"})
    void refusesYearsOutOfRange(String year, String key) throws Exception {
        var request = get("/api/v1/calendar/holidays");
        if (year != null) request.param("year", year);
        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("year"))
                .andExpect(jsonPath("$.errors[0].key").value(key));
    }

    @Test
    void savesADayAfterCheckingTheAdministrator() throws Exception {
        when(administration.save(any())).thenAnswer(i -> i.getArgument(0));
        mvc.perform(post("/api/v1/calendar/days").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"date": "2028-01-26", "kind": "HOLIDAY", "name": "Tết Nguyên đán (mùng 1 Tết)", "source": "Thông báo 1/TB-BNV"}
                                """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date").value("2028-01-26"))
                .andExpect(jsonPath("$.kind").value("HOLIDAY"))
                .andExpect(jsonPath("$.name").value("Tết Nguyên đán (mùng 1 Tết)"));
        InOrder order = inOrder(administration);
        order.verify(administration).requireAdministrator();
        ArgumentCaptor<CalendarDay> saved = ArgumentCaptor.forClass(CalendarDay.class);
        order.verify(administration).save(saved.capture());
        assertThat(saved.getValue()).isEqualTo(new CalendarDay(LocalDate.of(2028, 1, 26), DayKind.HOLIDAY, "Tết Nguyên đán (mùng 1 Tết)", "Thông báo 1/TB-BNV"));
    }

    @ParameterizedTest(name = "{0} → 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"date\": \"2028-01-26\", \"kind\": \"WEEKEND\", \"name\": \"x\"}      | kind | calendar.kind.unknown",
            "{\"date\": \"2028-01-26\", \"kind\": \"HOLIDAY\"}                      | name | calendar.param.required",
            "{\"date\": \"2028-01-26\", \"kind\": \"HOLIDAY\", \"name\": \"   \"}    | name | calendar.param.required",
            "{\"date\": \"26/01/2028\", \"kind\": \"HOLIDAY\", \"name\": \"x\"}      | date | calendar.date.invalid",
            "{\"date\": \"1800-01-26\", \"kind\": \"HOLIDAY\", \"name\": \"x\"}      | date | calendar.year.range",
            "{\"date\": \"2028-01-26\", \"kind\": \"MAKEUP_WORKDAY\", \"name\": \"x\"} | kind | calendar.makeup.not-weekend",
    })
    void refusesBadDays(String body, String field, String key) throws Exception {
        mvc.perform(post("/api/v1/calendar/days").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].key").value(key));
        verify(administration, never()).save(any());
    }

    @Test
    void nonAdministratorsAreRefusedBeforeTheirInputIsRead() throws Exception {
        doThrow(new DomainException.Forbidden("problem.forbidden")).when(administration).requireAdministrator();
        mvc.perform(post("/api/v1/calendar/days").contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"WEEKEND\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/calendar/days/not-a-date"))
                .andExpect(status().isForbidden());
        verify(administration, never()).save(any());
        verify(administration, never()).delete(any());
    }

    @Test
    void deletesADay() throws Exception {
        when(administration.delete(LocalDate.of(2027, 9, 3)))
                .thenReturn(new CalendarDay(LocalDate.of(2027, 9, 3), DayKind.HOLIDAY, "Quốc khánh (dự kiến)", null));
        mvc.perform(delete("/api/v1/calendar/days/2027-09-03")).andExpect(status().isNoContent());
        verify(administration).delete(LocalDate.of(2027, 9, 3));

        when(administration.delete(LocalDate.of(2027, 9, 4))).thenThrow(new DomainException.NotFound("calendar-day", "2027-09-04"));
        mvc.perform(delete("/api/v1/calendar/days/2027-09-04")).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/calendar/days/2027-13-01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("date"));
    }
}
