package vn.truongson.document.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Grant;
import vn.truongson.access.Role;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.document.Document;
import vn.truongson.document.DocumentList;
import vn.truongson.document.Urgency;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitOption;
import vn.truongson.org.Units;

/**
 * The registers' screens (/office/documents/registers): the outgoing and incoming registers of a unit and year as the
 * Decree-30 columns, on the page, as a landscape PDF ({@link RegisterPdf}) and, through {@link DocumentListExports}, as
 * a workbook. Split from {@link DocumentScreens} (issue 19, sizes): the registers share nothing with the flow's pages.
 */
@Controller
class RegisterScreens {

    private final DocumentList lists;
    private final Units units;
    private final AccessPolicy policy;
    private final RegisterPdf registerPdf;
    private final Clock clock;

    RegisterScreens(DocumentList lists, Units units, AccessPolicy policy, RegisterPdf registerPdf, Clock clock) {
        this.lists = lists;
        this.units = units;
        this.policy = policy;
        this.registerPdf = registerPdf;
        this.clock = clock;
    }

    @GetMapping("/office/documents/registers")
    String register(@RequestParam(required = false) @Nullable String direction, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String classified,
            @RequestParam(required = false) @Nullable String page, jakarta.servlet.http.HttpServletRequest req, Model model) {
        var reg = registerOf(direction, unitId, year, classified);
        var paging = vn.truongson.core.Paging.of(req, vn.truongson.core.Paging.page(page), DocumentScreens.PAGE, reg.rows().size());
        model.addAttribute("paging", paging);
        model.addAttribute("rowFrom", paging.offset());
        model.addAttribute("exportLink", vn.truongson.core.Paging.sameFilters(req, "/office/documents/registers/export"));
        model.addAttribute("reg", reg);
        model.addAttribute("registerUnits", registerUnits());
        return "document/register";
    }

    @GetMapping("/office/documents/registers/pdf")
    ResponseEntity<byte[]> registerPdf(@RequestParam(required = false) @Nullable String direction, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String classified) {
        var reg = registerOf(direction, unitId, year, classified);
        byte[] pdf = registerPdf.render(reg);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename("so-van-ban-" + reg.direction().toLowerCase(Locale.ROOT) + "-"
                        + reg.year() + ".pdf").build().toString()).header(HttpHeaders.CACHE_CONTROL, "no-store")
                // Printed from a frame of the register page (fragments/print): framed by our own pages only.
                .header("X-Frame-Options", "SAMEORIGIN").header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
                .body(pdf);
    }

    private List<UnitOption> registerUnits() {
        List<Long> ids = policy.actor().grants().stream().filter(g -> g.role() == Role.CLERK || g.role() == Role.COMMANDER).map(Grant::unitId)
                .distinct().toList();
        List<Unit> list = new ArrayList<>(units.named(ids).values());
        list.sort(java.util.Comparator.comparing(Unit::path));
        return UnitOption.of(list);
    }

    /** A register as the screens and the PDF show it: the Decree-30 columns, one row per line. */
    record Register(String direction, long unitId, String unitName, int year, boolean classified, List<String> headers, List<List<String>> rows,
            List<String> links) {}

    Register registerOf(@Nullable String direction, @Nullable String unitId, @Nullable String year, @Nullable String classified) {
        boolean in = "IN".equalsIgnoreCase(direction);
        List<UnitOption> mine = registerUnits();
        long unit;
        if (unitId != null && !unitId.isBlank()) unit = Ids.pathId("unit", unitId);
        else if (!mine.isEmpty()) unit = mine.get(0).id();
        else throw new DomainException.Forbidden("problem.forbidden.role", List.of(vn.truongson.access.Role.CLERK, vn.truongson.access.Role.COMMANDER));
        int y = LocalDate.now(clock.withZone(WorkingCalendar.ZONE)).getYear();
        if (year != null && !year.isBlank()) {
            try {
                y = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                throw new DomainException.NotFound("year", year);
            }
        }
        boolean secret = "true".equals(classified);
        String unitName = units.names(List.of(unit)).getOrDefault(unit, "#" + unit);
        List<List<String>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<String> headers;
        if (in) {
            headers = List.of("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", "Đơn vị hoặc người nhận",
                    "Ngày chuyển", "Ký nhận", "Ghi chú");
            for (var l : lists.incomingRegister(unit, y, secret)) {
                Document d = l.document();
                rows.add(List.of(when(l.arrivedAt()).substring(0, 10), pad(l.arrivalNumber()), l.author(), s(d.numberAndNotation()),
                        d.issuedAt() == null ? "" : when(d.issuedAt()).substring(0, 10), d.type().vietnamese() + ": " + d.subject(),
                        s(l.handlers()), l.assignedAt() == null ? "" : when(l.assignedAt()).substring(0, 10), "", mark(d)));
                links.add("/office/documents/" + d.id());
            }
        } else {
            headers = List.of("Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", "Người ký", "Nơi nhận", "Đơn vị, người nhận bản lưu",
                    "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú");
            // Voided numbers (sealing failed, docs/documents-numbering.md) keep their line, in number order.
            java.util.ArrayDeque<vn.truongson.document.Registers.Voided> voided = new java.util.ArrayDeque<>(lists.voidedLines(unit, y, secret));
            for (var l : lists.outgoingRegister(unit, y, secret)) {
                Document d = l.document();
                while (!voided.isEmpty() && d.number() != null && voided.peek().number() < d.number()) voidedRow(voided.poll(), rows, links);
                rows.add(List.of(s(d.numberAndNotation()), d.issuedAt() == null ? "" : when(d.issuedAt()).substring(0, 10),
                        d.type().vietnamese() + ": " + d.subject(), s(d.signerName()), l.recipients(), "Văn thư (bản điện tử)", "01",
                        l.sentAt() == null ? "" : when(l.sentAt()).substring(0, 10), "", mark(d)));
                links.add("/office/documents/" + d.id());
            }
            while (!voided.isEmpty()) voidedRow(voided.poll(), rows, links);
        }
        return new Register(in ? "IN" : "OUT", unit, unitName, y, secret, headers, rows, links);
    }

    private void voidedRow(vn.truongson.document.Registers.Voided v, List<List<String>> rows, List<String> links) {
        rows.add(List.of(pad(v.number()) + " (số hủy)", when(v.voidedAt()).substring(0, 10), "Số đã hủy: không đóng dấu được, không cấp lại", "", "", "",
                "", "", "", v.reason().startsWith("abandoned") ? "Hủy do bỏ dở" : "Hủy do lỗi đóng dấu"));
        links.add(v.documentId() == null ? "#" : "/office/documents/" + v.documentId());
    }

    private static String pad(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String mark(Document d) {
        List<String> m = new ArrayList<>();
        if (d.secrecy().isClassified()) m.add(d.secrecy().vietnamese());
        if (d.urgency() != Urgency.THUONG) m.add(d.urgency().vietnamese());
        return String.join(", ", m);
    }

    private static String when(java.time.@Nullable Instant i) {
        return DocumentScreens.when(i);
    }

    private static String s(@Nullable String v) {
        return v == null ? "" : v;
    }
}
