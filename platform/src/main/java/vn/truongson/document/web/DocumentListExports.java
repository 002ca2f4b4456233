package vn.truongson.document.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.ListWorkbook;
import vn.truongson.document.DocumentList;
import vn.truongson.document.DocumentViews;

/**
 * The document boxes, the work list and the registers as Excel workbooks (core.ListWorkbook, issue 13): the same module
 * query and filters as the screen (so the same access policy), every line of the filter up to 5,000, audited.
 */
@Controller
class DocumentListExports {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);

    private final DocumentList lists;
    private final RegisterScreens registers;
    private final AuditTrail audit;
    private final MessageSource messages;

    DocumentListExports(DocumentList lists, RegisterScreens registers, AuditTrail audit, MessageSource messages) {
        this.lists = lists;
        this.registers = registers;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/office/documents/export")
    ResponseEntity<byte[]> boxExport(@RequestParam(required = false) @Nullable String box, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String secrecy, @RequestParam(required = false) @Nullable String urgency,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String due, Locale locale) {
        String chosen = box == null || box.isBlank() ? "incoming" : box.strip();
        List<List<Object>> rows = new ArrayList<>();
        List<String> headers;
        if (chosen.equals("work")) {
            headers = List.of(msg("document.ui.subject", locale), msg("document.ui.assignee", locale), msg("document.ui.role", locale),
                    msg("document.ui.due", locale), msg("document.ui.overdue", locale));
            for (var w : lists.workList().stream().limit(ListWorkbook.MAX_ROWS).toList()) {
                var a = w.assignment();
                rows.add(Arrays.asList(w.document().type().vietnamese() + ": " + w.document().subject(), a.assigneeName(), a.role().vietnamese(),
                        a.dueDate(), a.overdue() ? msg("document.ui.overdue", locale) : null));
            }
        } else {
            // A filter the screen refuses is refused here alike: 400 naming the field (DocumentList.Query.parse).
            var query = DocumentScreens.boxQuery(chosen, q, status, type, secrecy, urgency, from, to, due).withLimit(ListWorkbook.MAX_ROWS);
            boolean incoming = query.box() == DocumentList.Box.INCOMING;
            headers = new ArrayList<>(List.of(msg("document.ui.number", locale)));
            if (incoming) headers.add(msg("document.ui.arrival", locale));
            headers.addAll(List.of(msg("document.ui.subject", locale), msg("document.ui.issuer", locale), msg("document.ui.date", locale),
                    msg("document.ui.status", locale), msg("document.ui.due", locale), msg("document.ui.urgency", locale),
                    msg("document.ui.secrecy", locale)));
            for (DocumentViews.Row r : lists.list(query)) {
                var d = r.document();
                List<Object> line = new ArrayList<>();
                line.add(d.numberAndNotation());
                if (incoming) line.add(r.arrivalNumber());
                line.add(d.type().vietnamese() + ": " + d.subject());
                line.add(r.issuerName());
                line.add(day(r.arrivedAt() != null ? r.arrivedAt() : d.issuedAt() != null ? d.issuedAt() : d.createdAt()));
                line.add(incoming && r.recipientStatus() != null ? msg("document.ui.recipient." + r.recipientStatus(), locale)
                        : msg("document.ui.status." + d.status().name(), locale));
                line.add(r.dueDate());
                line.add(d.urgency().vietnamese());
                line.add(d.secrecy().vietnamese());
                rows.add(line);
            }
            chosen = query.box().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        audit.recordSeparately("document.list.export", "box:" + chosen, AuditTrail.SUCCESS, rows.size() + " rows");
        String sheet = msg("document.ui.box." + chosen, locale);
        return ListWorkbook.download("van-ban-" + chosen + ".xlsx", ListWorkbook.xlsx(sheet, headers, rows));
    }

    @GetMapping("/office/documents/registers/export")
    ResponseEntity<byte[]> registerExport(@RequestParam(required = false) @Nullable String direction, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String classified, Locale locale) {
        var reg = registers.registerOf(direction, unitId, year, classified);
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> r : reg.rows().stream().limit(ListWorkbook.MAX_ROWS).toList()) {
            List<Object> line = new ArrayList<>();
            for (String cell : r) line.add(typed(cell));
            rows.add(line);
        }
        audit.recordSeparately("document.register.export", "unit:" + reg.unitId() + ":" + reg.direction() + ":" + reg.year()
                + (reg.classified() ? ":classified" : ""), AuditTrail.SUCCESS, rows.size() + " rows");
        String sheet = msg(reg.direction().equals("IN") ? "document.ui.register.in" : "document.ui.register.out", locale);
        return ListWorkbook.download("so-van-ban-" + (reg.direction().equals("IN") ? "den" : "di") + "-" + reg.year() + ".xlsx",
                ListWorkbook.xlsx(sheet + " " + reg.year(), reg.headers(), rows));
    }

    /** A register's cell as the workbook wants it: a date as a date, a plain number as a number, the rest as text. */
    private static @Nullable Object typed(String cell) {
        if (cell.isEmpty()) return null;
        if (cell.length() == 10 && cell.charAt(2) == '/' && cell.charAt(5) == '/') {
            try {
                return LocalDate.parse(cell, SHOWN);
            } catch (DateTimeParseException e) {
                return cell;
            }
        }
        if (cell.length() <= 9 && cell.chars().allMatch(Character::isDigit)) return Integer.parseInt(cell);
        return cell;
    }

    private static @Nullable LocalDate day(@Nullable Instant i) {
        return i == null ? null : LocalDate.ofInstant(i, WorkingCalendar.ZONE);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
