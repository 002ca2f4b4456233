package vn.truongson.secops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditEvents;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;

/**
 * The alerts the detection rules raise, as the security officers covering a unit see and handle them: NEW →
 * ACKNOWLEDGED → RESOLVED (with a note) or FALSE_POSITIVE. Only SECURITY_OFFICER and ADMIN grants covering the alert's unit
 * see it (an alert about no unit: those over the whole tree); anyone else is answered as for a missing alert.
 */
@Service
public class Alerts {

    public static final Set<Role> ROLES = Set.of(Role.SECURITY_OFFICER, Role.ADMIN);
    public static final int MAX_NOTE = 2000;

    static final String COLUMNS = """
            a.id, a.rule_code, r.name as rule_name, a.severity, a.subject, a.unit_id, a.status, a.summary, a.first_at, a.last_at,
            a.event_count, a.created_at, a.acknowledged_by, a.acknowledged_at, a.closed_by, a.closed_at, a.note""";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final AuditEvents events;

    Alerts(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, AuditEvents events) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
    }

    /** The condition on {@code secops_alert a} for what the current request may see. */
    SqlFilter visible() {
        Visibility v = policy.visibility(ROLES);
        if (v.everything()) return new SqlFilter("true", Map.of());
        SqlFilter f = v.where("a.unit_id", null);
        return new SqlFilter("(a.unit_id is not null and " + f.sql() + ")", f.params());
    }

    /** Alerts of these statuses (empty: all) that the person may see, most severe and newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Alert> list(Set<Alert.Status> statuses, int limit) {
        policy.requireAnyGrant(ROLES);
        SqlFilter acl = visible();
        Set<Alert.Status> s = statuses.isEmpty() ? EnumSet.allOf(Alert.Status.class) : statuses;
        return acl.bind(jdbc.sql("select " + COLUMNS + " from secops_alert a join secops_rule r on r.code = a.rule_code where " + acl.sql()
                        + " and a.status = any(:statuses) order by case a.severity when 'CRITICAL' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2 else 3 end,"
                        + " a.last_at desc, a.id desc limit :limit"))
                .param("statuses", s.stream().map(Enum::name).toArray(String[]::new)).param("limit", Math.clamp(limit, 1, 1000))
                .query(Alerts::map).list();
    }

    /** Counts of the visible open alerts by severity, and of alerts per rule over the last {@code days}. */
    @Transactional(readOnly = true)
    public Dashboard dashboard(int days) {
        policy.requireAnyGrant(ROLES);
        SqlFilter acl = visible();
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (DetectionRule.Severity sv : DetectionRule.Severity.values()) bySeverity.put(sv.name(), 0L);
        acl.bind(jdbc.sql("select a.severity, count(*) from secops_alert a where " + acl.sql() + " and a.status in ('NEW', 'ACKNOWLEDGED') group by a.severity"))
                .query(rs -> { bySeverity.put(rs.getString(1), rs.getLong(2)); });
        Instant since = Instant.now().minus(java.time.Duration.ofDays(days));
        List<RuleCount> top = acl.bind(jdbc.sql("select r.code, r.name, count(*) from secops_alert a join secops_rule r on r.code = a.rule_code where "
                        + acl.sql() + " and a.created_at >= :since group by r.code, r.name order by count(*) desc, r.code"))
                .param("since", Timestamp.from(since)).query((rs, n) -> new RuleCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
        List<DayCount> trend = acl.bind(jdbc.sql("select (a.created_at at time zone 'Asia/Ho_Chi_Minh')::date as d, count(*) from secops_alert a where "
                        + acl.sql() + " and a.created_at >= :since group by 1 order by 1"))
                .param("since", Timestamp.from(since)).query((rs, n) -> new DayCount(rs.getObject(1, java.time.LocalDate.class), rs.getLong(2))).list();
        long malware = events.count("secops.malware.refused", AuditTrail.DENIED, since, Instant.now().plusSeconds(1));
        return new Dashboard(bySeverity, top, trend, malware);
    }

    public record RuleCount(String code, String name, long count) {}

    public record DayCount(java.time.LocalDate day, long count) {}

    /** @param malwareRefused files refused by the malware scanner over the period, platform-wide */
    public record Dashboard(Map<String, Long> openBySeverity, List<RuleCount> topRules, List<DayCount> trend, long malwareRefused) {}

    /** One alert; 404 alike when missing or not the person's to see. */
    @Transactional(readOnly = true)
    public Alert get(long id) {
        Alert a = find(id);
        if (a == null || !maySee(a)) throw new DomainException.NotFound("alert", id);
        return a;
    }

    /** The audit rows that raised the alert, in order. */
    @Transactional(readOnly = true)
    public List<AuditRecord> events(long id) {
        Alert a = get(id);
        List<Long> ids = jdbc.sql("select event_id from secops_alert_event where alert_id = ? order by event_id").param(a.id()).query(Long.class).list();
        return events.byIds(ids);
    }

    @Transactional
    public Alert acknowledge(long id) {
        Alert a = get(id);
        int n = jdbc.sql("update secops_alert set status = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = now() where id = ? and status = 'NEW'")
                .params(policy.actor().username(), a.id()).update();
        if (n != 1) throw new DomainException.Conflict("problem.secops.alert.state", a.status().vietnamese());
        audit.record("secops.alert.acknowledge", "secops-alert:" + id, AuditTrail.SUCCESS, a.rule());
        return get(id);
    }

    /** Resolved, with what was done (required); or a false positive, with a note if any. */
    @Transactional
    public Alert close(long id, Alert.Status outcome, @Nullable String rawNote) {
        if (outcome != Alert.Status.RESOLVED && outcome != Alert.Status.FALSE_POSITIVE) throw new IllegalArgumentException(outcome.name());
        String note = rawNote == null ? null : VietnameseText.nfc(Inputs.requireText("note", rawNote)).strip();
        if (note != null && note.isEmpty()) note = null;
        var errors = new ArrayList<DomainException.FieldError>();
        if (note == null && outcome == Alert.Status.RESOLVED) errors.add(new DomainException.FieldError("note", "problem.secops.alert.note-required"));
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) errors.add(new DomainException.FieldError("note", "problem.secops.alert.note-long", MAX_NOTE));
        if (note != null && VietnameseText.firstControlChar(note, true) >= 0) errors.add(new DomainException.FieldError("note", Inputs.TEXT_KEY));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Alert a = get(id);
        int n = jdbc.sql("update secops_alert set status = ?, closed_by = ?, closed_at = now(), note = ? where id = ? and status in ('NEW', 'ACKNOWLEDGED')")
                .params(outcome.name(), policy.actor().username(), note, a.id()).update();
        if (n != 1) throw new DomainException.Conflict("problem.secops.alert.state", a.status().vietnamese());
        audit.record(outcome == Alert.Status.RESOLVED ? "secops.alert.resolve" : "secops.alert.false-positive", "secops-alert:" + id,
                AuditTrail.SUCCESS, a.rule());
        return get(id);
    }

    boolean maySee(Alert a) {
        if (a.unitId() == null) return policy.visibility(ROLES).everything();
        return policy.permits(ROLES, new ProtectedRecord("alert", a.id(), a.unitId(), SecrecyLevel.THUONG));
    }

    private @Nullable Alert find(long id) {
        return jdbc.sql("select " + COLUMNS + " from secops_alert a join secops_rule r on r.code = a.rule_code where a.id = ?").param(id)
                .query(Alerts::map).optional().orElse(null);
    }

    static Alert map(ResultSet rs, int n) throws SQLException {
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        return new Alert(rs.getLong("id"), rs.getString("rule_code"), rs.getString("rule_name"), DetectionRule.Severity.valueOf(rs.getString("severity")),
                rs.getString("subject"), unitId, Alert.Status.valueOf(rs.getString("status")), rs.getString("summary"),
                rs.getTimestamp("first_at").toInstant(), rs.getTimestamp("last_at").toInstant(), rs.getInt("event_count"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"), rs.getString("closed_by"),
                instant(rs, "closed_at"), rs.getString("note"));
    }

    private static @Nullable Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
