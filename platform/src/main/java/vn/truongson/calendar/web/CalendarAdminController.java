package vn.truongson.calendar.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.calendar.CalendarAdministration;
import vn.truongson.calendar.CalendarDay;
import vn.truongson.calendar.DayKind;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;

/**
 * The administration screen of the calendar: a year's holidays and make-up working days, a form to add
 * or replace a day, and a delete button per day. Only a system administrator may open it.
 */
@Controller
@RequestMapping("/admin/calendar")
class CalendarAdminController {

    /** Dates appear as dd/MM/yyyy (ARCHITECTURE.md §3). */
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);

    /** One line of the table. */
    record Row(String date, String isoDate, DayOfWeek weekday, DayKind kind, String name, @Nullable String source, boolean weekend) {
        static Row of(CalendarDay d) {
            return new Row(d.date().format(SHOWN), d.date().toString(), d.date().getDayOfWeek(), d.kind(), d.name(), d.source(),
                    CalendarDay.isWeekend(d.date()));
        }
    }

    /** What the form holds: empty, or what was typed when it was refused. */
    record Form(String date, String kind, String name, String source) {
        static Form empty() {
            return new Form("", DayKind.HOLIDAY.name(), "", "");
        }
    }

    private final WorkingCalendar calendar;
    private final CalendarAdministration administration;
    private final MessageSource messages;

    CalendarAdminController(WorkingCalendar calendar, CalendarAdministration administration, MessageSource messages) {
        this.calendar = calendar;
        this.administration = administration;
        this.messages = messages;
    }

    @GetMapping
    String page(@RequestParam(required = false) @Nullable String year, Model model) {
        administration.requireAdministrator();
        int y = year == null || year.isBlank() ? LocalDate.now(WorkingCalendar.ZONE).getYear() : CalendarInput.year("year", year);
        return show(y, Form.empty(), null, model);
    }

    @PostMapping("/days")
    String save(@RequestParam(required = false) @Nullable String date,
                @RequestParam(required = false) @Nullable String kind,
                @RequestParam(required = false) @Nullable String name,
                @RequestParam(required = false) @Nullable String source,
                @RequestParam(required = false) @Nullable String year,
                Model model, RedirectAttributes redirect, HttpServletResponse response) {
        administration.requireAdministrator();
        try {
            CalendarDay day = new CalendarDay(CalendarInput.screenDate("date", date), CalendarInput.kind("kind", kind),
                    CalendarInput.required("name", name), source);
            administration.save(day);
            redirect.addFlashAttribute("notice", messages.getMessage("calendar.admin.saved",
                    new Object[] {day.date().format(SHOWN)}, LocaleContextHolder.getLocale()));
            return "redirect:/admin/calendar?year=" + day.date().getYear();
        } catch (DomainException.BadInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            int shownYear = parsedYear(year);
            Form typed = new Form(orEmpty(date), orEmpty(kind), orEmpty(name), orEmpty(source));
            return show(shownYear, typed, e, model);
        }
    }

    @PostMapping("/days/{date}/delete")
    String delete(@PathVariable String date, RedirectAttributes redirect) {
        administration.requireAdministrator();
        LocalDate day = CalendarInput.date("date", date);
        Locale locale = LocaleContextHolder.getLocale();
        try {
            administration.delete(day);
            redirect.addFlashAttribute("notice", messages.getMessage("calendar.admin.deleted", new Object[] {day.format(SHOWN)}, locale));
        } catch (DomainException.NotFound e) {
            redirect.addFlashAttribute("errors", List.of(messages.getMessage("calendar.admin.not-found", new Object[] {day.format(SHOWN)}, locale)));
        }
        return "redirect:/admin/calendar?year=" + day.getYear();
    }

    private String show(int year, Form form, DomainException.@Nullable BadInput refused, Model model) {
        List<Row> rows = calendar.holidays(year).stream().map(Row::of).toList();
        model.addAttribute("year", year);
        model.addAttribute("previousYear", year > CalendarDay.FIRST_YEAR ? year - 1 : null);
        model.addAttribute("nextYear", year < CalendarDay.LAST_YEAR ? year + 1 : null);
        model.addAttribute("rows", rows);
        model.addAttribute("holidayCount", rows.stream().filter(r -> r.kind() == DayKind.HOLIDAY).count());
        model.addAttribute("makeupCount", rows.stream().filter(r -> r.kind() == DayKind.MAKEUP_WORKDAY).count());
        model.addAttribute("workingDayCount", calendar.countWorkingDays(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
        model.addAttribute("hours", calendar.workingHours());
        model.addAttribute("kinds", DayKind.values());
        model.addAttribute("form", form);
        model.addAttribute("invalid", refused == null ? Set.of() : refused.errors().stream().map(DomainException.FieldError::field).collect(Collectors.toSet()));
        if (refused != null) model.addAttribute("errors", explain(refused));
        return "calendar/admin";
    }

    /** Each refused field as "Field: reason", in the request's language. */
    private List<String> explain(DomainException.BadInput e) {
        Locale locale = LocaleContextHolder.getLocale();
        return e.errors().stream()
                .map(fe -> messages.getMessage("calendar.field." + fe.field(), null, fe.field(), locale) + ": "
                        + messages.getMessage(fe.messageKey(), fe.args(), fe.messageKey(), locale))
                .toList();
    }

    private static int parsedYear(@Nullable String year) {
        try {
            return CalendarInput.year("year", year);
        } catch (DomainException.BadInput e) {
            return LocalDate.now(WorkingCalendar.ZONE).getYear();
        }
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
