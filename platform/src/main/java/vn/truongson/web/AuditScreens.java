package vn.truongson.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * The audit trail on screen for administrators and auditors: filters, newest first, paging to older rows,
 * the integrity check, and a CSV export that Excel opens with its Vietnamese intact.
 */
@Controller
class AuditScreens {

    static final int PAGE = 50;
    /** An export stops here; narrower filters give the rest. */
    static final int EXPORT_MAX = 20_000;
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(AuditFilters.VIETNAM);
    static final DateTimeFormatter SHOWN_SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", Locale.ROOT).withZone(AuditFilters.VIETNAM);

    /** A row as shown: the time in Vietnam, the unit by name where the reader may see it. */
    record Line(AuditRecord r, String at, String iso, @Nullable String unitName, String actionName, String zoneName, String ip) {}

    /** What the filter form holds, echoed back as typed. */
    record Filters(String actor, String action, String from, String to, String outcome) {}

    private final AuditTrail trail;
    private final AccessPolicy policy;
    private final Units units;
    private final Problems problems;
    private final MessageSource messages;

    AuditScreens(AuditTrail trail, AccessPolicy policy, Units units, Problems problems, MessageSource messages) {
        this.trail = trail;
        this.policy = policy;
        this.units = units;
        this.problems = problems;
        this.messages = messages;
    }

    @GetMapping("/office/audit")
    String page(@RequestParam(defaultValue = "") String actor, @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
            @RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "0") long beforeId,
            Locale locale, Model model, HttpServletResponse res) {
        policy.requireAnyGrant(AuditApiController.READERS);
        var filters = new Filters(actor.strip(), action.strip(), from.strip(), to.strip(), outcome.strip());
        model.addAttribute("filters", filters);
        model.addAttribute("outcomes", List.of(AuditTrail.SUCCESS, AuditTrail.FAILURE, AuditTrail.DENIED));
        model.addAttribute("beforeId", beforeId);
        List<AuditTrail.TreeHead> heads = trail.heads(1);
        AuditTrail.TreeHead latest = heads.isEmpty() ? null : heads.getFirst();
        model.addAttribute("latestHead", latest);
        model.addAttribute("latestHeadRoot", latest == null ? "" : java.util.HexFormat.of().formatHex(latest.rootHash()));
        model.addAttribute("latestHeadAt", latest == null ? "" : SHOWN_SECONDS.format(latest.signedAt()));
        try {
            var q = AuditFilters.query(actor, action, from, to, outcome, null, PAGE + 1, beforeId, true);
            if (q.action() != null) {
                q = new AuditTrail.Query(q.actor(), AuditActions.filter(messages, q.action()), q.from(), q.to(), q.target(), q.outcome(), q.limit(), q.beforeId());
            }
            List<AuditRecord> found = trail.search(q);
            Map<Long, String> unitNames = unitNames();
            List<Line> lines = found.stream().limit(PAGE)
                    .map(r -> new Line(r, SHOWN.format(r.at()), AuditApiController.iso(r), r.unitId() == null ? null : unitNames.get(r.unitId()),
                            AuditActions.name(messages, r.action(), locale), AuditActions.zone(messages, r.zone(), locale), AuditActions.ip(r.ip())))
                    .toList();
            model.addAttribute("lines", lines);
            model.addAttribute("olderThan", found.size() > PAGE ? lines.getLast().r().id() : null);
            model.addAttribute("errors", Map.of());
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = new LinkedHashMap<>();
            for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
            model.addAttribute("lines", List.of());
            model.addAttribute("olderThan", null);
            model.addAttribute("errors", errors);
        }
        return "office/audit";
    }

    /**
     * Walks the whole chain. With htmx only the verdict comes back; without script the page reloads and
     * shows it.
     */
    @PostMapping("/office/audit/verify")
    String verify(HttpServletRequest req, Locale locale, Model model, RedirectAttributes redirect) {
        policy.requireAnyGrant(AuditApiController.READERS);
        AuditTrail.Verification v = trail.verify();
        String text = v.ok()
                ? messages.getMessage("audit.verify.ok", new Object[] {v.checked()}, locale)
                : messages.getMessage("audit.verify.broken", new Object[] {v.firstBrokenId() == null ? 0 : v.firstBrokenId(), v.checked()}, locale);
        if ("true".equals(req.getHeader("HX-Request"))) {
            model.addAttribute("verdictOk", v.ok());
            model.addAttribute("verdict", text);
            return "office/audit :: verdict";
        }
        redirect.addFlashAttribute("verdictOk", v.ok());
        redirect.addFlashAttribute("verdict", text);
        return "redirect:/office/audit";
    }

    /**
     * The same filters as the screen, as CSV: UTF-8 with a byte-order mark, without which Excel reads the
     * file as Windows-1258 and the Vietnamese comes out garbled. The export itself is audited.
     */
    @GetMapping("/office/audit.csv")
    void csv(@RequestParam(defaultValue = "") String actor, @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
            @RequestParam(defaultValue = "") String outcome, Locale locale, HttpServletResponse res) throws IOException {
        policy.requireAnyGrant(AuditApiController.READERS);
        var first = AuditFilters.query(actor, action, from, to, outcome, null, 1000, 0, true);
        Map<Long, String> unitNames = unitNames();
        trail.record("audit.export", "audit", AuditTrail.SUCCESS, summary(first));
        res.setContentType("text/csv;charset=UTF-8");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.setHeader("Content-Disposition", "attachment; filename=\"nhat-ky-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT).withZone(AuditFilters.VIETNAM).format(Instant.now()) + ".csv\"");
        res.setHeader("Cache-Control", "no-store");
        Writer w = res.getWriter();
        w.write('\uFEFF');
        String[] head = {"id", "at", "actor", "unit", "zone", "ip", "action", "target", "outcome", "detail"};
        String[] labels = new String[head.length];
        for (int i = 0; i < head.length; i++) labels[i] = messages.getMessage("audit.col." + head[i], null, head[i], locale);
        row(w, labels);
        int written = 0;
        AuditTrail.Query q = first;
        while (written < EXPORT_MAX) {
            List<AuditRecord> page = trail.search(q);
            for (AuditRecord r : page) {
                String unit = r.unitId() == null ? "" : unitNames.getOrDefault(r.unitId(), "#" + r.unitId());
                row(w, Long.toString(r.id()), SHOWN_SECONDS.format(r.at()), r.actor(), unit, r.zone(), r.ip(), r.action(), r.target(),
                        messages.getMessage("audit.outcome." + r.outcome(), null, r.outcome(), locale), r.detail() == null ? "" : r.detail());
            }
            written += page.size();
            if (page.size() < q.limit()) break;
            q = new AuditTrail.Query(q.actor(), q.action(), q.from(), q.to(), q.target(), q.outcome(), q.limit(), page.getLast().id());
        }
        w.flush();
    }

    private static String summary(AuditTrail.Query q) {
        return "actor=" + nz(q.actor()) + " action=" + nz(q.action()) + " from=" + nz(q.from()) + " to=" + nz(q.to()) + " outcome=" + nz(q.outcome());
    }

    private static String nz(@Nullable Object o) {
        return o == null ? "" : o.toString();
    }

    /** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
    static void row(Writer w, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) w.write(',');
            String c = cells[i];
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0) c = "'" + c;
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                c = '"' + c.replace("\"", "\"\"") + '"';
            }
            w.write(c);
        }
        w.write("\r\n");
    }

    /** The names of the units the reader may see, through the policy: a row's unit outside that stays a number. */
    private Map<Long, String> unitNames() {
        Map<Long, String> m = new HashMap<>();
        for (Unit u : units.list(null, null, 5000)) m.put(u.id(), u.shortName());
        return m;
    }
}
