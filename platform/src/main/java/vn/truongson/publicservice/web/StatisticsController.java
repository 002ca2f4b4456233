package vn.truongson.publicservice.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.publicservice.Statistics;
import vn.truongson.publicservice.TrackingBook;

/** Statistics (Mẫu 06) and the Decision 766 index (API.md "Public services and one-stop"). */
@RestController
@RequestMapping("/api/v1/publicservice")
@Tag(name = "Thống kê, chỉ số phục vụ / Statistics and index")
class StatisticsController {

    record StatisticsView(String from, String to, @Nullable String unitId, long received, long returned, long returnedOnTime, long returnedLate,
            long inProgress, long overdue, long filedOnline) {}

    record GroupView(String code, String name, double points, double max) {}

    record IndexView(String from, String to, @Nullable String unitId, double total, List<GroupView> groups) {}

    private final Statistics statistics;
    private final TrackingBook book;

    StatisticsController(Statistics statistics, TrackingBook book) {
        this.statistics = statistics;
        this.book = book;
    }

    @GetMapping("/statistics")
    @Operation(summary = "Thống kê hồ sơ / Dossier figures", description = "from, to: yyyy-MM-dd (default: this year to today); unitId: that unit "
            + "and those below it (default: every unit the caller's grants cover).")
    StatisticsView statistics(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String unitId) {
        LocalDate f = from(from);
        LocalDate t = to(to);
        Long unit = unit(unitId);
        var s = statistics.figures(f, t, unit);
        return new StatisticsView(f.toString(), t.toString(), unitId, s.received(), s.returned(), s.returnedOnTime(), s.returnedLate(), s.inProgress(),
                s.overdue(), s.filedOnline());
    }

    @GetMapping("/index")
    @Operation(summary = "Chỉ số phục vụ (Quyết định 766) / The citizen-service index", description = "5 groups; weights in truongson.publicservice.index.*")
    IndexView index(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String unitId) {
        LocalDate f = from(from);
        LocalDate t = to(to);
        var r = statistics.index(f, t, unit(unitId));
        return new IndexView(f.toString(), t.toString(), unitId, r.total(),
                r.groups().stream().map(g -> new GroupView(g.code(), g.name(), g.points(), g.max())).toList());
    }

    @GetMapping("/statistics.xlsx")
    @Operation(summary = "Sổ theo dõi hồ sơ (Mẫu 06), Excel / The tracking book as Excel")
    ResponseEntity<byte[]> workbook(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String unitId) {
        LocalDate f = from(from);
        LocalDate t = to(to);
        return xlsx(book.workbook(f, t, unit(unitId)), "mau-06-so-theo-doi-" + f + "-" + t + ".xlsx");
    }

    static ResponseEntity<byte[]> xlsx(byte[] bytes, String name) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TrackingBook.XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString()).body(bytes);
    }

    static LocalDate from(@Nullable String s) {
        return s == null || s.isBlank() ? LocalDate.now(WorkingCalendar.ZONE).withDayOfYear(1) : date("from", s);
    }

    static LocalDate to(@Nullable String s) {
        return s == null || s.isBlank() ? LocalDate.now(WorkingCalendar.ZONE) : date("to", s);
    }

    static @Nullable Long unit(@Nullable String s) {
        return s == null || s.isBlank() ? null : Ids.parse("unitId", s);
    }

    static LocalDate date(String field, String s) {
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new DomainException.BadInput(field, "problem.field.format");
        }
    }
}
