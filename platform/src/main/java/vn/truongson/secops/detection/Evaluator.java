package vn.truongson.secops.detection;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccountLookup;
import vn.truongson.access.Grants;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditEvents;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.calendar.WorkingHours;
import vn.truongson.notify.Notifications;
import vn.truongson.secops.DetectionProperties;
import vn.truongson.secops.DetectionRule;
import vn.truongson.secops.DetectionRules;

/**
 * Reads the audit trail after its cursor and runs every enabled rule over the new rows (with each rule's look-back),
 * turning findings into alerts. A run holds the cursor's row lock from start to commit, so runs never overlap — on one
 * node or many, however many are started at once — and a run sees the cursor as the previous one left it: an event is
 * judged once. A finding joins the alert of the same rule and subject whose last event is within the rule's window or
 * gap (the same burst: its new events are attached, nobody is told again); otherwise it opens a new alert, which goes
 * to the security officers covering its unit through {@link Notifications} (once per alert and person).
 */
@Service
public class Evaluator {

    private static final Logger log = LoggerFactory.getLogger(Evaluator.class);

    private final JdbcClient jdbc;
    private final AuditEvents events;
    private final AuditTrail audit;
    private final DetectionRules rules;
    private final AccountLookup accounts;
    private final vn.truongson.access.OfficialDirectory officials;
    private final Grants grants;
    private final Notifications notifications;
    private final WorkingCalendar calendar;
    private final DetectionProperties props;

    Evaluator(JdbcClient jdbc, AuditEvents events, AuditTrail audit, DetectionRules rules, AccountLookup accounts, Grants grants,
            Notifications notifications, WorkingCalendar calendar, DetectionProperties props, vn.truongson.access.OfficialDirectory officials) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.rules = rules;
        this.accounts = accounts;
        this.officials = officials;
        this.grants = grants;
        this.notifications = notifications;
        this.calendar = calendar;
        this.props = props;
    }

    /** One run; answers how many alerts it opened. */
    @Transactional
    public int run() {
        long last = jdbc.sql("select last_id from secops_cursor for update").query(Long.class).single();
        long upTo = events.settledUpTo(props.settle());
        if (upTo <= last) return 0;
        List<AuditRecord> fresh = events.between(last, upTo, props.batch());
        if (fresh.isEmpty()) return 0;
        long newLast = fresh.getLast().id();
        Instant from = fresh.stream().map(AuditRecord::at).min(Instant::compareTo).orElseThrow();
        Instant to = fresh.stream().map(AuditRecord::at).max(Instant::compareTo).orElseThrow();
        RuleEngine.Context ctx = context();
        int opened = 0;
        for (DetectionRule r : rules.all()) {
            if (!r.enabled()) continue;
            Set<String> actions = RuleEngine.actions(r.code());
            if (fresh.stream().noneMatch(e -> actions.contains(e.action()))) continue;
            List<AuditRecord> seen = events.ofActions(actions, from.minus(RuleEngine.lookback(r)), to, newLast);
            for (RuleEngine.Finding f : RuleEngine.evaluate(r, seen, last, ctx)) {
                if (raise(r, f)) opened++;
            }
        }
        jdbc.sql("update secops_cursor set last_id = ?, ran_at = now()").param(newLast).update();
        if (opened > 0) log.info("Detection: {} new alerts from {} audit rows", opened, fresh.size());
        return opened;
    }

    RuleEngine.Context context() {
        return new RuleEngine.Context() {
            @Override
            public long count(String actor, String action, Instant from, Instant to) {
                return events.count(actor, action, AuditTrail.SUCCESS, from, to);
            }

            @Override
            public boolean workingTime(Instant at) {
                return isWorkingTime(calendar, at);
            }

            @Override
            public Optional<Long> unitOfAccount(String username) {
                return accounts.unitOf(username);
            }
        };
    }

    /** Inside the morning or the afternoon period of a working day, in Vietnam's time. */
    public static boolean isWorkingTime(WorkingCalendar calendar, Instant at) {
        ZonedDateTime local = at.atZone(WorkingCalendar.ZONE);
        LocalDate day = local.toLocalDate();
        if (!calendar.isWorkingDay(day)) return false;
        WorkingHours h = calendar.workingHours();
        LocalTime t = local.toLocalTime();
        return (!t.isBefore(h.morningStart()) && t.isBefore(h.morningEnd())) || (!t.isBefore(h.afternoonStart()) && t.isBefore(h.afternoonEnd()));
    }

    /** Joins the finding to its burst's alert, or opens one; true when opened. */
    private boolean raise(DetectionRule r, RuleEngine.Finding f) {
        Long existing = jdbc.sql("""
                select id from secops_alert where rule_code = ? and subject = ? and last_at >= ? order by last_at desc, id desc limit 1""")
                .params(r.code(), f.subject(), Timestamp.from(f.firstAt().minus(f.mergeGap()))).query(Long.class).optional().orElse(null);
        if (existing != null) {
            attach(existing, f.events());
            jdbc.sql("""
                    update secops_alert set last_at = greatest(last_at, ?), first_at = least(first_at, ?),
                           event_count = (select count(*) from secops_alert_event where alert_id = ?) where id = ?""")
                    .params(Timestamp.from(f.lastAt()), Timestamp.from(f.firstAt()), existing, existing).update();
            return false;
        }
        long id = jdbc.sql("""
                insert into secops_alert (rule_code, severity, subject, unit_id, summary, first_at, last_at, event_count)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(r.code(), r.severity().name(), f.subject(), f.unitId(), f.summary(), Timestamp.from(f.firstAt()), Timestamp.from(f.lastAt()),
                        f.events().size()).query(Long.class).single();
        attach(id, f.events());
        audit.record("secops.alert.raise", "secops-alert:" + id, AuditTrail.SUCCESS, r.code() + " " + f.subject() + " (" + f.events().size() + " events)");
        Set<Long> officers = f.unitId() == null ? accounts.holdersOverEverything(Role.SECURITY_OFFICER)
                : grants.holdersCovering(Role.SECURITY_OFFICER, List.of(f.unitId())).getOrDefault(f.unitId(), Set.of());
        String title = "Cảnh báo an ninh (" + r.severity().vietnamese() + "): " + r.name();
        for (long officer : officers) {
            // Only serving officials are told: a deactivated one keeps his grants on record but hears nothing.
            if (!officials.profile(officer).map(vn.truongson.access.OfficialDirectory.Profile::active).orElse(false)) continue;
            notifications.send(officer, "secops.alert", "secops.alert:" + id + ":" + officer, cut(title, Notifications.MAX_TITLE),
                    cut(f.summary(), Notifications.MAX_BODY), "/office/security/alerts/" + id);
        }
        return true;
    }

    private void attach(long alertId, List<AuditRecord> evs) {
        for (AuditRecord e : evs) {
            jdbc.sql("insert into secops_alert_event (alert_id, event_id) values (?, ?) on conflict do nothing").params(alertId, e.id()).update();
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** The audit log's integrity, checked on the cluster scheduler: a break is an audit.verify FAILURE row, which a rule turns into an alert. */
    @Service
    public static class AuditCheck {
        private final AuditTrail audit;

        AuditCheck(AuditTrail audit) {
            this.audit = audit;
        }

        public boolean run() {
            AuditTrail.Verification v = audit.verify();
            if (!v.ok()) {
                log.error("Audit log verification failed at row {}", v.firstBrokenId());
                audit.recordSeparately("system", RuleEngine.AUDIT_VERIFY, "audit", AuditTrail.FAILURE,
                        "first broken row " + v.firstBrokenId() + ", " + v.checked() + " rows read");
            }
            return v.ok();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "truongson.secops.detection", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        @Bean
        RecurringTask<Void> secopsDetection(Evaluator evaluator, DetectionProperties props) {
            return Tasks.recurring("secops-detection", Schedules.fixedDelay(props.interval())).execute((instance, context) -> evaluator.run());
        }

        @Bean
        RecurringTask<Void> secopsAuditCheck(AuditCheck check, DetectionProperties props) {
            return Tasks.recurring("secops-audit-verify", Schedules.fixedDelay(props.verifyInterval())).execute((instance, context) -> check.run());
        }
    }

}
