package vn.truongson.secops.web;

import vn.truongson.core.Vietnam;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.audit.AuditRecord;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.secops.Alert;
import vn.truongson.secops.Alerts;
import vn.truongson.secops.DetectionRule;
import vn.truongson.secops.DetectionRules;
import vn.truongson.secops.SecurityEventExport;

/** API.md "Security operations and adoption": alerts, their lifecycle, the rules, the SIEM export. */
@RestController
@RequestMapping("/api/v1/security")
@Tag(name = "An ninh / Security operations")
class SecurityApiController {

    static final ZoneId ZONE = Vietnam.ZONE;

    record AlertView(String id, String rule, String ruleName, String severity, String status, @Nullable String unitId, String createdAt,
            int eventCount, String subject, String summary, String firstAt, String lastAt, @Nullable String acknowledgedBy,
            @Nullable String acknowledgedAt, @Nullable String closedBy, @Nullable String closedAt, @Nullable String note) {
        static AlertView of(Alert a) {
            return new AlertView(Ids.str(a.id()), a.rule(), a.ruleName(), a.severity().name(), a.status().name(),
                    a.unitId() == null ? null : Ids.str(a.unitId()), iso(a.createdAt()), a.eventCount(), a.subject(), a.summary(), iso(a.firstAt()),
                    iso(a.lastAt()), a.acknowledgedBy(), a.acknowledgedAt() == null ? null : iso(a.acknowledgedAt()), a.closedBy(),
                    a.closedAt() == null ? null : iso(a.closedAt()), a.note());
        }
    }

    record EventView(String id, String at, String actor, @Nullable String unitId, String zone, String ip, String action, String target,
            String outcome, @Nullable String detail) {
        static EventView of(AuditRecord r) {
            return new EventView(Ids.str(r.id()), iso(r.at()), r.actor(), r.unitId() == null ? null : Ids.str(r.unitId()), r.zone(), r.ip(),
                    r.action(), r.target(), r.outcome(), r.detail());
        }
    }

    record AlertDetail(AlertView alert, List<EventView> events) {}

    record CloseBody(@Nullable String status, @Nullable String note) {}

    record RuleView(String code, String name, String severity, boolean enabled, Map<String, Integer> params, @Nullable String updatedBy,
            @Nullable String updatedAt) {
        static RuleView of(DetectionRule r) {
            return new RuleView(r.code(), r.name(), r.severity().name(), r.enabled(), r.params(), r.updatedBy(),
                    r.updatedAt() == null ? null : iso(r.updatedAt()));
        }
    }

    private final Alerts alerts;
    private final DetectionRules rules;
    private final SecurityEventExport export;
    private final vn.truongson.secops.ScannerOverrides overrides;
    private final vn.truongson.secops.MalwareScanner scanner;

    SecurityApiController(Alerts alerts, DetectionRules rules, SecurityEventExport export, vn.truongson.secops.ScannerOverrides overrides,
            vn.truongson.secops.MalwareScanner scanner) {
        this.alerts = alerts;
        this.rules = rules;
        this.export = export;
        this.overrides = overrides;
        this.scanner = scanner;
    }

    record OverrideView(String kind, String kindName, boolean failOpen, @Nullable String reason, @Nullable String setBy, @Nullable String setAt) {
        static OverrideView of(vn.truongson.secops.ScannerOverrides.Override o) {
            return new OverrideView(o.kind().name(), o.kind().vietnamese(), o.failOpen(), o.reason(), o.setBy(), o.setAt() == null ? null : iso(o.setAt()));
        }
    }

    record ScannerView(boolean enabled, List<OverrideView> kinds) {}

    record OverrideBody(@Nullable Boolean failOpen, @Nullable String reason) {}

    @GetMapping("/scanner")
    @Operation(summary = "Trình quét mã độc / The malware scanner and the per-kind fail-open settings",
            description = "For security officers and administrators: whether uploads are scanned, and for each file kind (PDF, OFFICE, IMAGE, "
                    + "ARCHIVE, XML, TEXT, OTHER) whether it fails open while the scanner is down (default: fail closed, 503).")
    ScannerView scanner() {
        return new ScannerView(scanner.enabled(), overrides.list().stream().map(OverrideView::of).toList());
    }

    @PutMapping("/scanner/overrides/{kind}")
    @Operation(summary = "Cho phép một loại tệp khi trình quét không sẵn sàng / Set one kind to fail open or closed",
            description = "{failOpen, reason}: a system administrator only (ADMIN over the whole tree; 403 otherwise, audited); fail open needs a "
                    + "reason (≤ 500 characters). Each file then accepted unscanned is audited as secops.scanner.bypassed.")
    OverrideView override(@PathVariable String kind, @RequestBody(required = false) @Nullable OverrideBody body) {
        return OverrideView.of(overrides.set(kind, body == null ? null : body.failOpen(), body == null ? null : body.reason()));
    }

    static String iso(Instant i) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atZone(ZONE).toOffsetDateTime());
    }

    @GetMapping("/alerts")
    @Operation(summary = "Cảnh báo an ninh / Security alerts (security officer or administrator)",
            description = "status: NEW, ACKNOWLEDGED, RESOLVED, FALSE_POSITIVE, OPEN (NEW and ACKNOWLEDGED, the default) or ALL. Only the "
                    + "alerts of units the caller's SECURITY_OFFICER or ADMIN grants cover; alerts about no unit (an address, the audit "
                    + "log) only with such a grant over the whole tree. Most severe, then newest first; limit 1–1000 (default 200).")
    List<AlertView> list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String limit) {
        return alerts.list(statuses(status), limit(limit)).stream().map(AlertView::of).toList();
    }

    static Set<Alert.Status> statuses(@Nullable String status) {
        if (status == null || status.isBlank() || status.strip().equalsIgnoreCase("OPEN")) return EnumSet.of(Alert.Status.NEW, Alert.Status.ACKNOWLEDGED);
        String s = status.strip().toUpperCase(Locale.ROOT);
        if (s.equals("ALL")) return EnumSet.allOf(Alert.Status.class);
        try {
            return EnumSet.of(Alert.Status.valueOf(s));
        } catch (IllegalArgumentException e) {
            throw new DomainException.BadInput("status", "problem.secops.alert.status");
        }
    }

    private static int limit(@Nullable String text) {
        if (text == null || text.isBlank()) return 200;
        String s = text.strip();
        if (!s.matches("\\d{1,4}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 1000) throw new DomainException.BadInput("limit", "problem.field.range");
        return Integer.parseInt(s);
    }

    @GetMapping("/alerts/{id}")
    @Operation(summary = "Một cảnh báo và các sự kiện gây ra nó / One alert with the audit events that raised it",
            description = "404 alike for a missing alert and one the caller may not see.")
    AlertDetail get(@PathVariable("id") long alertId) {
        Alert a = alerts.get(alertId);
        return new AlertDetail(AlertView.of(a), alerts.events(alertId).stream().map(EventView::of).toList());
    }

    @PostMapping("/alerts/{id}/acknowledge")
    @Operation(summary = "Tiếp nhận cảnh báo / Acknowledge", description = "NEW → ACKNOWLEDGED; 409 from any other status.")
    AlertView acknowledge(@PathVariable long id) {
        return AlertView.of(alerts.acknowledge(id));
    }

    @PostMapping("/alerts/{id}/resolve")
    @Operation(summary = "Đã xử lý / Resolve", description = "{note} required (what was done, ≤ 2000 characters); from NEW or ACKNOWLEDGED, else 409.")
    AlertView resolve(@PathVariable long id, @RequestBody(required = false) @Nullable CloseBody body) {
        return AlertView.of(alerts.close(id, Alert.Status.RESOLVED, body == null ? null : body.note()));
    }

    @PostMapping("/alerts/{id}/false-positive")
    @Operation(summary = "Cảnh báo nhầm / False positive", description = "{note?}; from NEW or ACKNOWLEDGED, else 409.")
    AlertView falsePositive(@PathVariable long id, @RequestBody(required = false) @Nullable CloseBody body) {
        return AlertView.of(alerts.close(id, Alert.Status.FALSE_POSITIVE, body == null ? null : body.note()));
    }

    @PatchMapping("/alerts/{id}")
    @Operation(summary = "Đổi trạng thái cảnh báo / Change an alert's status",
            description = "{status: ACKNOWLEDGED | RESOLVED | FALSE_POSITIVE, note?}: the same as the three POSTs.")
    AlertView patch(@PathVariable("id") long alertId, @RequestBody(required = false) @Nullable CloseBody body) {
        String s = body == null || body.status() == null ? "" : body.status().strip().toUpperCase(Locale.ROOT);
        return AlertView.of(switch (s) {
            case "ACKNOWLEDGED" -> alerts.acknowledge(alertId);
            case "RESOLVED" -> alerts.close(alertId, Alert.Status.RESOLVED, body.note());
            case "FALSE_POSITIVE" -> alerts.close(alertId, Alert.Status.FALSE_POSITIVE, body.note());
            default -> throw new DomainException.BadInput("status", "problem.secops.alert.status");
        });
    }

    @GetMapping("/rules")
    @Operation(summary = "Quy tắc phát hiện / Detection rules")
    List<RuleView> rules() {
        return rules.list().stream().map(RuleView::of).toList();
    }

    record RuleBody(@Nullable String name, @Nullable String severity, @Nullable Boolean enabled, @Nullable Map<String, Object> params) {}

    @PutMapping("/rules/{code}")
    @Operation(summary = "Sửa quy tắc / Change a rule (security officer over the whole tree)",
            description = "{name?, severity?: LOW|MEDIUM|HIGH|CRITICAL, enabled?, params?: {name: whole number}}: only the rule's own "
                    + "parameters, each within its bounds (400 naming params.<name>). Audited.")
    RuleView update(@PathVariable String code, @RequestBody RuleBody body) {
        return RuleView.of(rules.update(code, new DetectionRules.Change(body.name(), body.severity(), body.enabled(), body.params())));
    }

    @GetMapping("/events/export")
    @Operation(summary = "Xuất sự kiện an ninh cho SIEM / Security events for a SIEM",
            description = "format=ecs (ECS JSON lines, application/x-ndjson) or syslog (RFC 5424 lines, text/plain); from/to: ISO instants or "
                    + "yyyy-MM-dd days in Vietnam time (to inclusive), default the last 24 hours, at most 31 days. The rows of the units the "
                    + "caller's SECURITY_OFFICER, ADMIN or AUDITOR grants cover.")
    void export(@RequestParam(required = false) @Nullable String format, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, HttpServletResponse res) throws IOException {
        var errors = new ArrayList<FieldError>();
        SecurityEventExport.Format f = null;
        String fmt = format == null ? "ecs" : format.strip().toLowerCase(Locale.ROOT);
        if (fmt.equals("ecs")) f = SecurityEventExport.Format.ECS;
        else if (fmt.equals("syslog")) f = SecurityEventExport.Format.SYSLOG;
        else errors.add(new FieldError("format", "problem.secops.export.format"));
        Instant now = Instant.now();
        Instant t = instant("to", to, true, errors);
        Instant fr = instant("from", from, false, errors);
        if (t == null) t = now;
        if (fr == null) fr = t.minus(Duration.ofDays(1));
        if (errors.isEmpty() && !fr.isBefore(t)) errors.add(new FieldError("from", "problem.secops.export.range"));
        if (errors.isEmpty() && Duration.between(fr, t).compareTo(SecurityEventExport.MAX_RANGE) > 0) errors.add(new FieldError("to", "problem.secops.export.too-long"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        res.setContentType(f == SecurityEventExport.Format.ECS ? "application/x-ndjson;charset=UTF-8" : "text/plain;charset=UTF-8");
        res.setHeader("Content-Disposition", "attachment; filename=\"truongson-events." + (f == SecurityEventExport.Format.ECS ? "ndjson" : "log") + "\"");
        export.export(f, fr, t, res.getOutputStream());
    }

    static @Nullable Instant instant(String field, @Nullable String value, boolean endOfDay, List<FieldError> errors) {
        if (value == null || value.isBlank()) return null;
        String s = value.strip();
        if (s.length() > 40) {
            errors.add(new FieldError(field, "problem.audit.instant"));
            return null;
        }
        try {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZONE).toInstant();
            }
            if (s.endsWith("Z") || s.endsWith("z")) return Instant.parse(s.toUpperCase(Locale.ROOT));
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "problem.audit.instant"));
            return null;
        }
    }
}
