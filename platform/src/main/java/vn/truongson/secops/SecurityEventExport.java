package vn.truongson.secops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditEvents;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;

/**
 * The audit trail's rows as security events for a SIEM (Wazuh, an ELK stack): ECS JSON, one object a line, or RFC 5424
 * syslog lines. A security officer, administrator or auditor gets the rows of the units his grants cover (rows of no
 * unit — sign-ins, system jobs — only with a grant over the whole tree); each export is itself audited.
 */
@Service
public class SecurityEventExport {

    public static final Set<Role> ROLES = Set.of(Role.SECURITY_OFFICER, Role.ADMIN, Role.AUDITOR);
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    /** RFC 5612's documentation enterprise number, for our structured-data id until the ministry registers its own. */
    static final String SD_ID = "truongson@32473";
    static final String ECS_VERSION = "8.11.0";

    public enum Format { ECS, SYSLOG }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final AuditEvents events;
    private final AuditTrail audit;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final String hostname;

    SecurityEventExport(AuditEvents events, AuditTrail audit, AccessPolicy policy, UnitHierarchy hierarchy) {
        this.events = events;
        this.audit = audit;
        this.policy = policy;
        this.hierarchy = hierarchy;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostname = printable(h, 255);
    }

    /** Checks the caller, audits the export, then writes the lines; answers how many rows were written. */
    public long export(Format format, Instant from, Instant to, OutputStream out) {
        policy.requireAnyGrant(ROLES);
        Visibility v = policy.visibility(ROLES);
        audit.recordSeparately("secops.events.export", "audit", AuditTrail.SUCCESS, format.name().toLowerCase(Locale.ROOT) + " " + from + ".." + to);
        Map<Long, String> paths = new HashMap<>();
        AtomicLong written = new AtomicLong();
        events.forEach(from, to, e -> {
            if (!visible(v, e, paths)) return;
            String line = format == Format.ECS ? ecs(e) : syslog(e, hostname);
            try {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            written.incrementAndGet();
        });
        return written.get();
    }

    private boolean visible(Visibility v, AuditRecord e, Map<Long, String> paths) {
        if (v.everything()) return true;
        if (e.unitId() == null) return false;
        String path = paths.computeIfAbsent(e.unitId(), id -> hierarchy.pathOf(id).orElse(""));
        return !path.isEmpty() && v.coversUnitPath(e.unitId(), path);
    }

    /** ECS outcome: success, failure (refusals included) or unknown. */
    static String ecsOutcome(String outcome) {
        return switch (outcome) {
            case AuditTrail.SUCCESS -> "success";
            case AuditTrail.FAILURE, AuditTrail.DENIED -> "failure";
            default -> "unknown";
        };
    }

    static List<String> ecsCategory(String action) {
        if (action.startsWith("signin") || action.startsWith("account.") || action.startsWith("citizen.signin")) return List.of("authentication");
        if (action.startsWith("grant.") || action.startsWith("official.")) return List.of("iam");
        if (action.startsWith("secops.malware")) return List.of("malware", "file");
        if (action.startsWith("classified.") || action.startsWith("document.") || action.endsWith(".export") || action.endsWith(".download")) return List.of("file");
        return List.of("configuration");
    }

    /** One ECS document (Elastic Common Schema 8.x): the common fields, and ours under {@code truongson}. */
    static String ecs(AuditRecord e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", RFC3339.format(e.at().truncatedTo(ChronoUnit.MICROS)));
        doc.put("ecs", Map.of("version", ECS_VERSION));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", Long.toString(e.id()));
        event.put("kind", "event");
        event.put("category", ecsCategory(e.action()));
        event.put("action", e.action());
        event.put("outcome", ecsOutcome(e.outcome()));
        event.put("dataset", "truongson.audit");
        event.put("module", "truongson");
        doc.put("event", event);
        doc.put("user", Map.of("name", e.actor()));
        if (!e.ip().isBlank() && !e.ip().equals("-")) doc.put("source", Map.of("ip", e.ip()));
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("zone", e.zone());
        if (e.unitId() != null) labels.put("unit_id", Long.toString(e.unitId()));
        doc.put("labels", labels);
        doc.put("message", e.action() + " " + e.target() + " " + e.outcome() + (e.detail() == null ? "" : ": " + e.detail()));
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("target", e.target());
        ours.put("outcome", e.outcome());
        if (e.detail() != null) ours.put("detail", e.detail());
        doc.put("truongson", ours);
        return JSON.writeValueAsString(doc);
    }

    /**
     * One RFC 5424 line: {@code <PRI>1 TIMESTAMP HOST truongson - MSGID [truongson@32473 …] BOM MSG}. Facility 13 (log
     * audit); severity informational for a success, warning for a failure or refusal. MSGID is the action (printable
     * ASCII, at most 32); the structured data carries every field, with {@code "}, {@code \} and {@code ]} escaped;
     * control characters (line breaks) become spaces, so one event is one line.
     */
    static String syslog(AuditRecord e, String hostname) {
        int severity = e.outcome().equals(AuditTrail.SUCCESS) ? 6 : 4;
        int pri = 13 * 8 + severity;
        StringBuilder b = new StringBuilder(256);
        b.append('<').append(pri).append(">1 ").append(RFC3339.format(e.at().truncatedTo(ChronoUnit.MICROS))).append(' ').append(hostname)
                .append(" truongson - ").append(printable(e.action(), 32)).append(" [").append(SD_ID);
        param(b, "id", Long.toString(e.id()));
        param(b, "actor", e.actor());
        if (e.unitId() != null) param(b, "unit", Long.toString(e.unitId()));
        param(b, "zone", e.zone());
        param(b, "ip", e.ip());
        param(b, "action", e.action());
        param(b, "target", e.target());
        param(b, "outcome", e.outcome());
        b.append("] \uFEFF").append(oneLine(e.action() + " " + e.target() + " " + e.outcome() + (e.detail() == null ? "" : ": " + e.detail())));
        return b.toString();
    }

    private static void param(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (char c : oneLine(value).toCharArray()) {
            if (c == '"' || c == '\\' || c == ']') b.append('\\');
            b.append(c);
        }
        b.append('"');
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        return b.toString();
    }

    /** PRINTUSASCII (33–126) only, at most {@code max}; "-" when nothing is left. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 33 && c <= 126) b.append(c);
            if (b.length() == max) break;
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
