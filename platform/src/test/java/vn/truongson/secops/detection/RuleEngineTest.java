package vn.truongson.secops.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.truongson.audit.AuditRecord;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.secops.DetectionRule;
import vn.truongson.secops.DetectionRule.Severity;

/**
 * Each rule over a synthetic event stream: one finding per burst, none below the threshold, none for events already
 * judged (at or below the cursor), and a burst that continues in a later run found again only with its new events (the
 * evaluator then joins it to the open alert).
 */
class RuleEngineTest {

    static final Instant T0 = ZonedDateTime.of(2026, 12, 7, 9, 0, 0, 0, WorkingCalendar.ZONE).toInstant(); // a Monday, 09:00

    long nextId = 1000;
    long baselineCount = 0;

    final RuleEngine.Context ctx = new RuleEngine.Context() {
        @Override public long count(String actor, String action, Instant from, Instant to) { return baselineCount; }
        // Working time for the stream: Monday to Friday 08:00–17:00 (the real calendar is tested with the evaluator).
        @Override public boolean workingTime(Instant at) {
            var z = at.atZone(WorkingCalendar.ZONE);
            return z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 8 && z.getHour() < 17;
        }
        @Override public Optional<Long> unitOfAccount(String username) { return Optional.of(42L); }
    };

    AuditRecord ev(Instant at, String actor, String action, String outcome, String zone, String ip) {
        return new AuditRecord(nextId++, at, actor, 7L, zone, ip, action, "account:" + actor, outcome, null);
    }

    static DetectionRule rule(String code, Map<String, Integer> params) {
        return new DetectionRule(code, code, Severity.HIGH, true, params, null, null);
    }

    List<AuditRecord> failures(String actor, String ip, int n, Instant start, Duration step) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(ev(start.plus(step.multipliedBy(i)), actor, "signin", "FAILURE", "internet", ip));
        return out;
    }

    @Test
    void failed_sign_ins_for_one_account_fire_once_per_burst_and_not_below_the_threshold() {
        var r = rule("SIGNIN_FAILURES_ACCOUNT", Map.of("threshold", 5, "windowMinutes", 10));
        assertThat(RuleEngine.evaluate(r, failures("an", "10.0.0.1", 4, T0, Duration.ofSeconds(30)), 0, ctx)).isEmpty();
        List<AuditRecord> burst = failures("an", "10.0.0.1", 9, T0, Duration.ofSeconds(30));
        var found = RuleEngine.evaluate(r, burst, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().subject()).isEqualTo("account:an");
        assertThat(found.getFirst().events()).hasSize(9);
        assertThat(found.getFirst().unitId()).isEqualTo(42L);
        // Spread out (one every 3 minutes, 10-minute window): never 5 in a window.
        assertThat(RuleEngine.evaluate(r, failures("binh", "10.0.0.1", 20, T0, Duration.ofMinutes(3)), 0, ctx)).isEmpty();
        // Two bursts two hours apart: two findings.
        List<AuditRecord> two = new ArrayList<>(failures("chi", "10.0.0.2", 5, T0, Duration.ofSeconds(10)));
        two.addAll(failures("chi", "10.0.0.2", 5, T0.plus(Duration.ofHours(2)), Duration.ofSeconds(10)));
        assertThat(RuleEngine.evaluate(r, two, 0, ctx)).hasSize(2);
        // Successes and the flood-overflow row (account:*) do not count.
        List<AuditRecord> mixed = new ArrayList<>(failures("dung", "10.0.0.3", 4, T0, Duration.ofSeconds(10)));
        mixed.add(ev(T0.plusSeconds(50), "dung", "signin", "SUCCESS", "internet", "10.0.0.3"));
        mixed.add(new AuditRecord(nextId++, T0.plusSeconds(51), "system", null, "internet", "10.0.0.3", "signin", "account:*", "DENIED", "overflow"));
        assertThat(RuleEngine.evaluate(r, mixed, 0, ctx)).isEmpty();
    }

    @Test
    void the_cursor_means_old_events_are_context_not_news() {
        var r = rule("SIGNIN_FAILURES_ACCOUNT", Map.of("threshold", 5, "windowMinutes", 10));
        List<AuditRecord> burst = failures("an", "10.0.0.1", 5, T0, Duration.ofSeconds(30));
        long cursor = burst.getLast().id();
        assertThat(RuleEngine.evaluate(r, burst, cursor, ctx)).as("all judged already").isEmpty();
        // Three more failures: the window still holds ≥ 5, found again with the new ones (joined to the alert by the evaluator).
        List<AuditRecord> more = new ArrayList<>(burst);
        more.addAll(failures("an", "10.0.0.1", 3, T0.plus(Duration.ofMinutes(3)), Duration.ofSeconds(30)));
        var found = RuleEngine.evaluate(r, more, cursor, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().events()).extracting(AuditRecord::id).contains(more.getLast().id());
        assertThat(found.getFirst().firstAt()).isBefore(burst.getLast().at().plus(found.getFirst().mergeGap()));
    }

    @Test
    void failed_sign_ins_from_one_address_across_accounts() {
        var r = rule("SIGNIN_FAILURES_ADDRESS", Map.of("threshold", 20, "windowMinutes", 10));
        List<AuditRecord> spray = new ArrayList<>();
        for (int i = 0; i < 19; i++) spray.add(ev(T0.plusSeconds(i), "user" + i, "signin", "FAILURE", "internet", "203.0.113.9"));
        assertThat(RuleEngine.evaluate(r, spray, 0, ctx)).isEmpty();
        spray.add(ev(T0.plusSeconds(30), "user99", "signin", "DENIED", "internet", "203.0.113.9"));
        var found = RuleEngine.evaluate(r, spray, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().subject()).isEqualTo("ip:203.0.113.9");
        assertThat(found.getFirst().unitId()).isNull();
    }

    @Test
    void sign_ins_from_two_zones_within_minutes() {
        var r = rule("SIGNIN_TWO_ZONES", Map.of("windowMinutes", 30));
        List<AuditRecord> s = new ArrayList<>();
        s.add(ev(T0, "an", "signin", "SUCCESS", "military-network", "10.1.1.1"));
        s.add(ev(T0.plus(Duration.ofMinutes(5)), "an", "signin", "SUCCESS", "military-network", "10.1.1.1"));
        assertThat(RuleEngine.evaluate(r, s, 0, ctx)).as("same zone").isEmpty();
        s.add(ev(T0.plus(Duration.ofMinutes(10)), "an", "signin", "SUCCESS", "internet", "198.51.100.7"));
        s.add(ev(T0.plus(Duration.ofMinutes(12)), "an", "signin", "SUCCESS", "military-network", "10.1.1.1"));
        var found = RuleEngine.evaluate(r, s, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().events()).extracting(AuditRecord::zone).contains("internet", "military-network");
        // An hour apart: no finding.
        List<AuditRecord> apart = List.of(ev(T0, "binh", "signin", "SUCCESS", "military-network", "10.1.1.2"),
                ev(T0.plus(Duration.ofMinutes(61)), "binh", "signin", "SUCCESS", "internet", "198.51.100.8"));
        assertThat(RuleEngine.evaluate(r, apart, 0, ctx)).isEmpty();
    }

    @Test
    void a_classified_read_burst_is_measured_against_the_readers_own_usual_rate() {
        var r = rule("CLASSIFIED_READ_BURST", Map.of("windowMinutes", 10, "minimum", 20, "factor", 5, "baselineDays", 30));
        List<AuditRecord> reads = new ArrayList<>();
        for (int i = 0; i < 25; i++) reads.add(ev(T0.plusSeconds(10L * i), "an", "classified.read", "SUCCESS", "military-network", "10.1.1.1"));
        baselineCount = 0;
        assertThat(RuleEngine.evaluate(r, reads.subList(0, 19), 0, ctx)).as("below the minimum").isEmpty();
        assertThat(RuleEngine.evaluate(r, reads, 0, ctx)).hasSize(1);
        // A reader who usually reads 30 per 10 minutes (30 × 4,320 windows in 30 days): 25 is his normal, not a burst.
        baselineCount = 30L * 4320;
        assertThat(RuleEngine.evaluate(r, reads, 0, ctx)).isEmpty();
        // ...but 160 in ten minutes is above 5 × 30.
        List<AuditRecord> many = new ArrayList<>();
        for (int i = 0; i < 160; i++) many.add(ev(T0.plusMillis(3000L * i), "an", "classified.read", "SUCCESS", "military-network", "10.1.1.1"));
        assertThat(RuleEngine.evaluate(r, many, 0, ctx)).hasSize(1);
        // Refused reads are not reads.
        baselineCount = 0;
        List<AuditRecord> denied = new ArrayList<>();
        for (int i = 0; i < 25; i++) denied.add(ev(T0.plusSeconds(i), "an", "classified.read", "DENIED", "internet", "1.1.1.1"));
        assertThat(RuleEngine.evaluate(r, denied, 0, ctx)).isEmpty();
    }

    @Test
    void classified_reads_outside_working_hours_one_finding_per_night() {
        var r = rule("CLASSIFIED_READ_OFF_HOURS", Map.of("gapMinutes", 60));
        Instant night = ZonedDateTime.of(2026, 12, 7, 22, 0, 0, 0, WorkingCalendar.ZONE).toInstant();
        List<AuditRecord> s = new ArrayList<>();
        s.add(ev(T0, "an", "classified.read", "SUCCESS", "military-network", "10.1.1.1")); // 09:00, working time
        assertThat(RuleEngine.evaluate(r, s, 0, ctx)).isEmpty();
        for (int i = 0; i < 3; i++) s.add(ev(night.plus(Duration.ofMinutes(20L * i)), "an", "classified.read", "SUCCESS", "military-network", "10.1.1.1"));
        var found = RuleEngine.evaluate(r, s, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().events()).hasSize(3);
        // The next night is another burst.
        s.add(ev(night.plus(Duration.ofDays(1)), "an", "classified.read", "SUCCESS", "military-network", "10.1.1.1"));
        assertThat(RuleEngine.evaluate(r, s, 0, ctx)).hasSize(2);
    }

    @Test
    void administrative_changes_to_clearances_and_grants() {
        var r = rule("PRIVILEGE_CHANGE", Map.of("gapMinutes", 60));
        List<AuditRecord> s = List.of(ev(T0, "admin", "grant.create", "SUCCESS", "military-network", "10.1.1.1"),
                ev(T0.plusSeconds(60), "admin", "official.clearance.approve", "SUCCESS", "military-network", "10.1.1.1"),
                ev(T0.plusSeconds(90), "admin", "grant.delete", "DENIED", "military-network", "10.1.1.1"));
        var found = RuleEngine.evaluate(r, s, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().events()).hasSize(2);
        assertThat(found.getFirst().unitId()).isEqualTo(7L);
    }

    @Test
    void mass_exports() {
        var r = rule("MASS_EXPORT", Map.of("threshold", 20, "windowMinutes", 10));
        List<AuditRecord> s = new ArrayList<>();
        for (int i = 0; i < 19; i++) s.add(ev(T0.plusSeconds(i), "an", i % 2 == 0 ? "document.open" : "audit.export", "SUCCESS", "military-network", "10.1.1.1"));
        assertThat(RuleEngine.evaluate(r, s, 0, ctx)).isEmpty();
        s.add(ev(T0.plusSeconds(40), "an", "population.bulk-job.download", "SUCCESS", "military-network", "10.1.1.1"));
        assertThat(RuleEngine.evaluate(r, s, 0, ctx)).hasSize(1);
    }

    @Test
    void an_audit_verification_failure() {
        var r = rule("AUDIT_VERIFY_FAILURE", Map.of("gapMinutes", 1440));
        List<AuditRecord> s = List.of(ev(T0, "system", "audit.verify", "FAILURE", "system", "-"),
                ev(T0.plus(Duration.ofHours(6)), "system", "audit.verify", "FAILURE", "system", "-"));
        var found = RuleEngine.evaluate(r, s, 0, ctx);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().subject()).isEqualTo("audit");
        assertThat(found.getFirst().unitId()).isNull();
    }

    @Test
    void every_rule_names_its_parameters_and_bounds() {
        for (String code : List.of("SIGNIN_FAILURES_ACCOUNT", "SIGNIN_FAILURES_ADDRESS", "SIGNIN_TWO_ZONES", "CLASSIFIED_READ_BURST",
                "CLASSIFIED_READ_OFF_HOURS", "PRIVILEGE_CHANGE", "MASS_EXPORT", "AUDIT_VERIFY_FAILURE")) {
            assertThat(RuleEngine.parameterBounds(code)).as(code).isNotEmpty();
            assertThat(RuleEngine.actions(code)).as(code).isNotEmpty();
        }
    }
}
