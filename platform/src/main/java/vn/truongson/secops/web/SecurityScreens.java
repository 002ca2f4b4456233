package vn.truongson.secops.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.audit.AuditRecord;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.secops.Alert;
import vn.truongson.secops.Alerts;
import vn.truongson.secops.DetectionRule;
import vn.truongson.secops.DetectionRules;

/** /office/security: the security officers' dashboard, the alert page with its actions, the rules. Vietnamese first. */
@Controller
class SecurityScreens {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    static final DateTimeFormatter WHEN_SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    record AlertLine(String id, String ruleName, String severity, String severityName, String status, String statusName, String summary,
            String firstAt, String lastAt, int eventCount, @Nullable String acknowledgedBy, @Nullable String acknowledgedAt,
            @Nullable String closedBy, @Nullable String closedAt, @Nullable String note, boolean open, boolean isNew) {
        static AlertLine of(Alert a) {
            return new AlertLine(Ids.str(a.id()), a.ruleName(), a.severity().name(), a.severity().vietnamese(), a.status().name(),
                    a.status().vietnamese(), a.summary(), when(a.firstAt()), when(a.lastAt()), a.eventCount(), a.acknowledgedBy(),
                    a.acknowledgedAt() == null ? null : when(a.acknowledgedAt()), a.closedBy(), a.closedAt() == null ? null : when(a.closedAt()),
                    a.note(), a.status().open(), a.status() == Alert.Status.NEW);
        }
    }

    record EventLine(String id, String at, String actor, String zone, String ip, String action, String target, String outcome, @Nullable String detail) {
        static EventLine of(AuditRecord r) {
            return new EventLine(Ids.str(r.id()), WHEN_SECONDS.format(r.at().atZone(SecurityApiController.ZONE)), r.actor(), r.zone(), r.ip(),
                    r.action(), r.target(), r.outcome(), r.detail());
        }
    }

    record Group(String severity, String name, List<AlertLine> alerts) {}

    record RuleLine(String code, String name, String severity, String severityName, boolean enabled, Map<String, Integer> params,
            @Nullable String updatedBy, @Nullable String updatedAt) {}

    private final Alerts alerts;
    private final DetectionRules rules;
    private final MessageSource messages;
    private final vn.truongson.secops.ScannerOverrides overrides;

    SecurityScreens(Alerts alerts, DetectionRules rules, MessageSource messages, vn.truongson.secops.ScannerOverrides overrides) {
        this.alerts = alerts;
        this.rules = rules;
        this.messages = messages;
        this.overrides = overrides;
    }

    @GetMapping("/office/security/scanner")
    String scanner(Model model) {
        model.addAttribute("kinds", overrides.list().stream().map(o -> Map.of("kind", o.kind().name(), "name", o.kind().vietnamese(),
                "failOpen", o.failOpen(), "reason", o.reason() == null ? "" : o.reason(),
                "set", o.setBy() == null ? "" : o.setBy() + ", " + when(o.setAt()))).toList());
        return "secops/scanner";
    }

    @PostMapping("/office/security/scanner/{kind}")
    String setOverride(@PathVariable String kind, @RequestParam(required = false) @Nullable String failOpen,
            @RequestParam(required = false) @Nullable String reason, Locale locale, RedirectAttributes redirect) {
        try {
            overrides.set(kind, "true".equals(failOpen), reason);
            redirect.addFlashAttribute("notice", "Đã lưu cách xử lý khi trình quét không sẵn sàng.");
        } catch (DomainException.BadInput e) {
            redirect.addFlashAttribute("error", String.join(" ", e.errors().stream()
                    .map(f -> f.field() + ": " + messages.getMessage(f.messageKey(), f.args(), f.messageKey(), locale)).toList()));
        } catch (DomainException.Forbidden e) {
            redirect.addFlashAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
        }
        return "redirect:/office/security/scanner";
    }

    static String when(Instant i) {
        return WHEN.format(i.atZone(SecurityApiController.ZONE));
    }

    @GetMapping("/office/security")
    String dashboard(@RequestParam(required = false) @Nullable String status, Model model) {
        var statuses = SecurityApiController.statuses(status);
        List<Alert> list = alerts.list(statuses, 500);
        Map<DetectionRule.Severity, List<AlertLine>> bySeverity = new LinkedHashMap<>();
        for (DetectionRule.Severity s : List.of(DetectionRule.Severity.CRITICAL, DetectionRule.Severity.HIGH, DetectionRule.Severity.MEDIUM,
                DetectionRule.Severity.LOW)) bySeverity.put(s, new ArrayList<>());
        for (Alert a : list) bySeverity.get(a.severity()).add(AlertLine.of(a));
        List<Group> groups = new ArrayList<>();
        bySeverity.forEach((s, l) -> { if (!l.isEmpty()) groups.add(new Group(s.name(), s.vietnamese(), l)); });
        var d = alerts.dashboard(30);
        Map<String, String> severityNames = new LinkedHashMap<>();
        for (DetectionRule.Severity s : DetectionRule.Severity.values()) severityNames.put(s.name(), s.vietnamese());
        model.addAttribute("groups", groups);
        model.addAttribute("count", list.size());
        model.addAttribute("openBySeverity", d.openBySeverity());
        model.addAttribute("severityNames", severityNames);
        model.addAttribute("topRules", d.topRules());
        model.addAttribute("trend", d.trend().stream().map(t -> Map.of("day", DAY.format(t.day()), "count", t.count())).toList());
        model.addAttribute("trendMax", d.trend().stream().mapToLong(Alerts.DayCount::count).max().orElse(1));
        model.addAttribute("malware", d.malwareRefused());
        model.addAttribute("failingOpen", overrides.failingOpen().stream().map(o -> o.kind().vietnamese()).toList());
        model.addAttribute("filter", statuses.equals(EnumSet.allOf(Alert.Status.class)) ? "ALL"
                : statuses.size() == 1 ? statuses.iterator().next().name() : "OPEN");
        return "secops/dashboard";
    }

    @GetMapping("/office/security/alerts/{id}")
    String alert(@PathVariable("id") long alertId, Model model) {
        model.addAttribute("alert", AlertLine.of(alerts.get(alertId)));
        model.addAttribute("events", alerts.events(alertId).stream().map(EventLine::of).toList());
        return "secops/alert";
    }

    @PostMapping("/office/security/alerts/{id}/acknowledge")
    String acknowledge(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "secops.ui.acknowledged", () -> alerts.acknowledge(id));
    }

    @PostMapping("/office/security/alerts/{id}/resolve")
    String resolve(@PathVariable long id, @RequestParam(required = false) @Nullable String note, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "secops.ui.resolved", () -> alerts.close(id, Alert.Status.RESOLVED, note));
    }

    @PostMapping("/office/security/alerts/{id}/false-positive")
    String falsePositive(@PathVariable long id, @RequestParam(required = false) @Nullable String note, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "secops.ui.false-positive", () -> alerts.close(id, Alert.Status.FALSE_POSITIVE, note));
    }

    private String act(long id, Locale locale, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", messages.getMessage(done, null, locale));
        } catch (DomainException.BadInput e) {
            List<String> errs = e.errors().stream().map(f -> messages.getMessage(f.messageKey(), f.args(), f.messageKey(), locale)).toList();
            redirect.addFlashAttribute("error", String.join(" ", errs));
        } catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
        }
        return "redirect:/office/security/alerts/" + id;
    }

    @GetMapping("/office/security/rules")
    String rules(Model model) {
        model.addAttribute("rules", rules.list().stream().map(r -> new RuleLine(r.code(), r.name(), r.severity().name(), r.severity().vietnamese(),
                r.enabled(), r.params(), r.updatedBy(), r.updatedAt() == null ? null : when(r.updatedAt()))).toList());
        model.addAttribute("mayEdit", rules.mayEdit());
        model.addAttribute("severities", DetectionRule.Severity.values());
        return "secops/rules";
    }

    @PostMapping("/office/security/rules/{code}")
    String updateRule(@PathVariable String code, @RequestParam Map<String, String> form, Locale locale, RedirectAttributes redirect) {
        Map<String, Object> params = new LinkedHashMap<>();
        form.forEach((k, v) -> { if (k.startsWith("param.")) params.put(k.substring("param.".length()), v); });
        try {
            rules.update(code, new DetectionRules.Change(form.get("name"), form.get("severity"), form.containsKey("enabled"), params));
            redirect.addFlashAttribute("notice", messages.getMessage("secops.ui.rule-saved", null, locale));
        } catch (DomainException.BadInput e) {
            List<String> errs = e.errors().stream().map(f -> f.field() + ": " + messages.getMessage(f.messageKey(), f.args(), f.messageKey(), locale)).toList();
            redirect.addFlashAttribute("error", String.join(" ", errs));
        }
        return "redirect:/office/security/rules";
    }
}
