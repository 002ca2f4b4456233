package vn.truongson.secops;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;
import vn.truongson.secops.detection.RuleEngine;

/**
 * The detection rules as data. Read by security officers and administrators; changed only by a security officer whose
 * grant covers the whole tree (the rules apply to every unit), each change audited with the old and new values.
 */
@Service
public class DetectionRules {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;

    DetectionRules(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
    }

    /** Every rule, for the job (no policy: it acts for no one). */
    public List<DetectionRule> all() {
        Map<String, Map<String, Integer>> params = new LinkedHashMap<>();
        jdbc.sql("select r.code, p.key, p.value from secops_rule r, jsonb_each_text(r.params) p order by r.code, p.key")
                .query(rs -> { params.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), Integer.valueOf(rs.getString(3))); });
        return jdbc.sql("select code, name, severity, enabled, updated_by, updated_at from secops_rule order by code")
                .query((rs, n) -> {
                    Timestamp t = rs.getTimestamp(6);
                    return new DetectionRule(rs.getString(1), rs.getString(2), DetectionRule.Severity.valueOf(rs.getString(3)), rs.getBoolean(4),
                            Map.copyOf(params.getOrDefault(rs.getString(1), Map.of())), rs.getString(5), t == null ? null : t.toInstant());
                }).list();
    }

    @Transactional(readOnly = true)
    public List<DetectionRule> list() {
        policy.requireAnyGrant(Alerts.ROLES);
        return all();
    }

    public DetectionRule get(String code) {
        return all().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow(() -> new DomainException.NotFound("rule", code));
    }

    /** Whether the current person may change the rules: SECURITY_OFFICER over the whole tree. */
    public boolean mayEdit() {
        return policy.currentActor().isPresent() && policy.visibility(java.util.Set.of(Role.SECURITY_OFFICER)).everything();
    }

    public record Change(@Nullable String name, @Nullable String severity, @Nullable Boolean enabled, @Nullable Map<String, ?> params) {}

    @Transactional
    public DetectionRule update(String code, Change c) {
        policy.requireAnyGrant(Alerts.ROLES);
        DetectionRule old = get(code);
        if (!mayEdit()) throw new DomainException.Forbidden("problem.secops.rule.forbidden");
        List<FieldError> errors = new ArrayList<>();
        String name = old.name();
        if (c.name() != null) {
            name = VietnameseText.nfc(c.name()).strip();
            if (!Inputs.validText(c.name()) || VietnameseText.firstControlChar(name, false) >= 0) errors.add(new FieldError("name", Inputs.TEXT_KEY));
            else if (name.isEmpty() || name.codePointCount(0, name.length()) > 200) errors.add(new FieldError("name", "problem.secops.rule.name"));
        }
        DetectionRule.Severity severity = old.severity();
        if (c.severity() != null) {
            try {
                severity = DetectionRule.Severity.valueOf(c.severity());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("severity", "problem.secops.rule.severity"));
            }
        }
        Map<String, Integer> params = new LinkedHashMap<>(old.params());
        Map<String, int[]> bounds = RuleEngine.parameterBounds(code);
        if (c.params() != null) {
            for (var e : c.params().entrySet()) {
                int[] b = bounds.get(e.getKey());
                String field = "params." + e.getKey();
                if (b == null) {
                    errors.add(new FieldError(Inputs.validText(e.getKey()) && e.getKey().length() <= 64 ? field : "params", "problem.secops.rule.param-unknown"));
                    continue;
                }
                Integer v = integer(e.getValue());
                if (v == null || v < b[0] || v > b[1]) errors.add(new FieldError(field, "problem.secops.rule.param-range", b[0], b[1]));
                else params.put(e.getKey(), v);
            }
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        boolean enabled = c.enabled() == null ? old.enabled() : c.enabled();
        String json = params.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
        jdbc.sql("update secops_rule set name = ?, severity = ?, enabled = ?, params = cast(? as jsonb), updated_by = ?, updated_at = now() where code = ?")
                .params(name, severity.name(), enabled, json, policy.actor().username(), code).update();
        audit.record("secops.rule.update", "secops-rule:" + code, AuditTrail.SUCCESS,
                old.severity() + "→" + severity + "; " + (old.enabled() ? "on" : "off") + "→" + (enabled ? "on" : "off") + "; " + old.params() + "→" + params);
        return get(code);
    }

    /** A whole number as JSON or a form may carry it; anything else (1.5, 1e5000, text) is null. */
    static @Nullable Integer integer(@Nullable Object o) {
        if (o instanceof Integer i) return i;
        if (o instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return l.intValue();
        if (o instanceof Number || o instanceof String) {
            String s = o.toString().strip();
            if (s.length() > 12 || !s.matches("-?\\d+")) return null;
            return Integer.valueOf(s);
        }
        return null;
    }
}
