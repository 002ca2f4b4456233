package vn.truongson.calendar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import vn.truongson.calendar.CalendarAdministration;
import vn.truongson.calendar.CalendarDay;
import vn.truongson.calendar.CalendarFixtures;
import vn.truongson.calendar.DayKind;
import vn.truongson.core.DomainException;

/** The administration screen, rendered from the real templates (layout included). */
class CalendarAdminControllerTests {

    private final CalendarAdministration administration = mock(CalendarAdministration.class);
    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new CalendarAdminController(CalendarFixtures.seededCalendar(), administration, CalendarWebFixtures.messages()))
            .setViewResolvers(CalendarWebFixtures.thymeleaf())
            .defaultRequest(get("/").header("Accept-Language", "vi")) // the application's default language
            .build();

    private String page(String year, String language) throws Exception {
        return mvc.perform(get("/admin/calendar").param("year", year).header("Accept-Language", language))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void showsTheYearInVietnamese() throws Exception {
        String html = page("2025", "vi");
        verify(administration).requireAdministrator();
        assertThat(html)
                .contains("<title>Lịch làm việc</title>")
                .contains("class=\"breadcrumb\"")
                .contains("Lịch làm việc năm 2025")
                .contains("30/04/2025", "Ngày Chiến thắng (30/4)", "Thứ Tư")
                .contains("26/04/2025", "Ngày làm bù", "Thứ Bảy")
                .contains("Văn bản 8726/VPCP-KGVX ngày 26/11/2024")
                .contains("12 ngày nghỉ, 1 ngày làm bù; cả năm có 250 ngày làm việc.")
                .contains("08:00–12:00 và 13:30–17:00")
                .contains("action=\"/admin/calendar/days/2025-04-30/delete\"")
                .contains("action=\"/admin/calendar/days\"")
                .contains("Xóa ngày 30/04/2025 khỏi lịch?")
                .doesNotContain("is-invalid")
                .doesNotContain("??");
    }

    @Test
    void showsTheYearInEnglish() throws Exception {
        String html = page("2026", "en");
        assertThat(html).contains("Working calendar 2026", "Make-up working day", "Saturday", "22/08/2026").doesNotContain("??");
    }

    @Test
    void warnsOfAYearWithoutData() throws Exception {
        assertThat(page("2031", "vi")).contains("Chưa có dữ liệu ngày nghỉ lễ cho năm 2031").doesNotContain("calendar-days");
    }

    @Test
    void savesAndReturnsToTheYear() throws Exception {
        when(administration.save(any())).thenAnswer(i -> i.getArgument(0));
        mvc.perform(post("/admin/calendar/days").param("date", "2028-01-26").param("kind", "HOLIDAY")
                        .param("name", "Tết Nguyên đán (mùng 1 Tết)").param("source", "").param("year", "2027"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/admin/calendar?year=2028"))
                .andExpect(flash().attribute("notice", "Đã lưu ngày 26/01/2028."));
        verify(administration).save(new CalendarDay(LocalDate.of(2028, 1, 26), DayKind.HOLIDAY, "Tết Nguyên đán (mùng 1 Tết)", null));
    }

    @Test
    void acceptsADateTypedTheVietnameseWay() throws Exception {
        when(administration.save(any())).thenAnswer(i -> i.getArgument(0));
        mvc.perform(post("/admin/calendar/days").param("date", "29/01/2028").param("kind", "HOLIDAY").param("name", "Nghỉ bù"))
                .andExpect(redirectedUrl("/admin/calendar?year=2028"));
        verify(administration).save(new CalendarDay(LocalDate.of(2028, 1, 29), DayKind.HOLIDAY, "Nghỉ bù", null));
    }

    @Test
    void refusesABadDayOnTheSameScreenKeepingWhatWasTyped() throws Exception {
        String html = mvc.perform(post("/admin/calendar/days").param("date", "2025-04-28").param("kind", "MAKEUP_WORKDAY")
                        .param("name", "Làm bù thử").param("year", "2025"))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        assertThat(html)
                .contains("Loại: Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
                .contains("class=\"form-select is-invalid\"")
                .contains("value=\"Làm bù thử\"")
                .contains("value=\"2025-04-28\"")
                .contains("Lịch làm việc năm 2025");
        verify(administration, never()).save(any());
    }

    @Test
    void deletesAndReturnsToTheYear() throws Exception {
        when(administration.delete(LocalDate.of(2027, 9, 3)))
                .thenReturn(new CalendarDay(LocalDate.of(2027, 9, 3), DayKind.HOLIDAY, "Quốc khánh", null));
        mvc.perform(post("/admin/calendar/days/2027-09-03/delete"))
                .andExpect(redirectedUrl("/admin/calendar?year=2027"))
                .andExpect(flash().attribute("notice", "Đã xóa ngày 03/09/2027."));

        when(administration.delete(LocalDate.of(2027, 9, 4))).thenThrow(new DomainException.NotFound("calendar-day", "2027-09-04"));
        mvc.perform(post("/admin/calendar/days/2027-09-04/delete"))
                .andExpect(redirectedUrl("/admin/calendar?year=2027"))
                .andExpect(flash().attributeExists("errors"));
    }

    @Test
    void onlyASystemAdministratorMayOpenIt() {
        doThrow(new DomainException.Forbidden("problem.forbidden")).when(administration).requireAdministrator();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mvc.perform(get("/admin/calendar")))
                .hasCauseInstanceOf(DomainException.Forbidden.class);
    }
}
