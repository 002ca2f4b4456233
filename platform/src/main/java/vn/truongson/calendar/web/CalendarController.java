package vn.truongson.calendar.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.calendar.CalendarAdministration;
import vn.truongson.calendar.CalendarDay;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException.BadInput;

/**
 * The calendar API of API.md. Parameters arrive as text and are checked here, so every bad value is a
 * 400 that names its parameter.
 */
@RestController
@RequestMapping("/api/v1/calendar")
@Tag(name = "Lịch làm việc / Working-day calendar")
class CalendarController {

    record AddResult(String result) {}

    record CountResult(int workingDays) {}

    record DayView(String date, String name, String kind, @Nullable String source) {
        static DayView of(CalendarDay d) {
            return new DayView(d.date().toString(), d.name(), d.kind().name(), d.source());
        }
    }

    /** Create or replace a day. {@code source}, the legal text it comes from, is optional. */
    record DayRequest(@Nullable String date, @Nullable String kind, @Nullable String name, @Nullable String source) {}

    private final WorkingCalendar calendar;
    private final CalendarAdministration administration;

    CalendarController(WorkingCalendar calendar, CalendarAdministration administration) {
        this.calendar = calendar;
        this.administration = administration;
    }

    @GetMapping("/add")
    @Operation(summary = "Cộng ngày hoặc giờ làm việc / Add working days or hours to an instant",
            description = "Exactly one of workingDays (0..3650) and workingHours (0..87600). `from` is first moved forward to "
                    + "working time: on a non-working day or after the afternoon end to the next working day's morning start, "
                    + "in the lunch break to the afternoon start, before the morning start to the morning start. "
                    + "The result is in +07:00.")
    AddResult add(@RequestParam(required = false) @Nullable String from,
                  @RequestParam(required = false) @Nullable String workingDays,
                  @RequestParam(required = false) @Nullable String workingHours) {
        boolean days = workingDays != null && !workingDays.isBlank();
        boolean hours = workingHours != null && !workingHours.isBlank();
        if (days == hours) {
            throw new BadInput(days ? "workingHours" : "workingDays", "calendar.add.exactly-one");
        }
        Instant start = CalendarInput.instant("from", from);
        Instant result = days
                ? calendar.addWorkingDays(start, (int) CalendarInput.count("workingDays", workingDays, CalendarInput.MAX_WORKING_DAYS))
                : calendar.addWorkingHours(start, CalendarInput.count("workingHours", workingHours, CalendarInput.MAX_WORKING_HOURS));
        return new AddResult(CalendarInput.format(result));
    }

    @GetMapping("/count")
    @Operation(summary = "Đếm ngày làm việc / Count working days, both ends included")
    CountResult count(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to) {
        LocalDate first = CalendarInput.date("from", from);
        LocalDate last = CalendarInput.date("to", to);
        return new CountResult(calendar.countWorkingDays(first, last));
    }

    @GetMapping("/holidays")
    @Operation(summary = "Ngày nghỉ và ngày làm bù trong năm / A year's holidays and make-up working days")
    List<DayView> holidays(@RequestParam(required = false) @Nullable String year) {
        return calendar.holidays(CalendarInput.year("year", year)).stream().map(DayView::of).toList();
    }

    @PostMapping("/days")
    @Operation(summary = "Thêm hoặc thay một ngày (quản trị hệ thống) / Create or replace a day (system administrator)")
    DayView save(@RequestBody DayRequest body) {
        administration.requireAdministrator();
        CalendarDay day = new CalendarDay(CalendarInput.date("date", body.date()), CalendarInput.kind("kind", body.kind()),
                CalendarInput.required("name", body.name()), body.source());
        return DayView.of(administration.save(day));
    }

    @DeleteMapping("/days/{date}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Xóa một ngày (quản trị hệ thống) / Delete a day (system administrator)")
    void delete(@PathVariable String date) {
        administration.requireAdministrator();
        administration.delete(CalendarInput.date("date", date));
    }
}
