package vn.truongson.secops.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.secops.DetectionRule;

/**
 * The detection rules as pure functions of an event stream: given the rule's parameters, the events of its actions over
 * its look-back window, and the cursor (events with a higher id are new), the bursts that the new events take part in.
 * No database here, so a synthetic stream tests each rule; {@link Evaluator} feeds it the trail and turns findings into
 * alerts, merging a finding into the open alert of the same burst.
 */
public final class RuleEngine {

    private RuleEngine() {}

    /** What the rules ask of the platform besides the events. */
    public interface Context {
        /** The actor's rows of this action, SUCCESS, in [from, to): his usual rate. */
        long count(String actor, String action, Instant from, Instant to);

        /** Inside the platform's working hours on a working day (calendar.WorkingCalendar). */
        boolean workingTime(Instant at);

        /** The unit of the account with this username. */
        Optional<Long> unitOfAccount(String username);
    }

    /**
     * One burst seen by a rule.
     *
     * @param mergeGap a finding whose first event is within this of an alert's last event, same rule and subject, is
     *        the same burst
     */
    public record Finding(String rule, String subject, @Nullable Long unitId, List<AuditRecord> events, String summary, Duration mergeGap) {
        public Instant firstAt() { return events.getFirst().at(); }
        public Instant lastAt() { return events.getLast().at(); }
    }

    public static final String SIGNIN = "signin";
    public static final String CLASSIFIED_READ = "classified.read";
    public static final String AUDIT_VERIFY = "audit.verify";
    public static final Set<String> PRIVILEGE_ACTIONS = Set.of("grant.create", "grant.delete", "official.clearance.request",
            "official.clearance.approve", "official.clearance.refuse", "official.clearance.supersede");
    /** Downloads and exports that carry data out of the platform. */
    public static final Set<String> EXPORT_ACTIONS = Set.of("audit.export", "publicservice.statistics.export",
            "population.bulk-job.download", "document.open", "document.register.open", "secops.events.export", "secops.adoption.export",
            "training.class.export", "training.certificate.download");

    /** The audit actions a rule reads. */
    public static Set<String> actions(String rule) {
        return switch (rule) {
            case "SIGNIN_FAILURES_ACCOUNT", "SIGNIN_FAILURES_ADDRESS", "SIGNIN_TWO_ZONES" -> Set.of(SIGNIN);
            case "CLASSIFIED_READ_BURST", "CLASSIFIED_READ_OFF_HOURS" -> Set.of(CLASSIFIED_READ);
            case "PRIVILEGE_CHANGE" -> PRIVILEGE_ACTIONS;
            case "MASS_EXPORT" -> EXPORT_ACTIONS;
            case "AUDIT_VERIFY_FAILURE" -> Set.of(AUDIT_VERIFY);
            default -> Set.of();
        };
    }

    /** How far back before the first new event the rule must see. */
    public static Duration lookback(DetectionRule r) {
        return switch (r.code()) {
            case "SIGNIN_FAILURES_ACCOUNT", "SIGNIN_FAILURES_ADDRESS", "SIGNIN_TWO_ZONES", "CLASSIFIED_READ_BURST", "MASS_EXPORT" ->
                    Duration.ofMinutes(r.param("windowMinutes"));
            default -> Duration.ZERO;
        };
    }

    /** The parameters each rule takes, with their bounds (inclusive). */
    public static Map<String, int[]> parameterBounds(String rule) {
        Map<String, int[]> m = new LinkedHashMap<>();
        switch (rule) {
            case "SIGNIN_FAILURES_ACCOUNT", "SIGNIN_FAILURES_ADDRESS", "MASS_EXPORT" -> {
                m.put("threshold", new int[] {2, 100_000});
                m.put("windowMinutes", new int[] {1, 1440});
            }
            case "SIGNIN_TWO_ZONES" -> m.put("windowMinutes", new int[] {1, 1440});
            case "CLASSIFIED_READ_BURST" -> {
                m.put("windowMinutes", new int[] {1, 1440});
                m.put("minimum", new int[] {2, 100_000});
                m.put("factor", new int[] {1, 1000});
                m.put("baselineDays", new int[] {1, 365});
            }
            case "CLASSIFIED_READ_OFF_HOURS", "PRIVILEGE_CHANGE", "AUDIT_VERIFY_FAILURE" -> m.put("gapMinutes", new int[] {1, 10_080});
            default -> { }
        }
        return m;
    }

    /** The bursts of one rule that the new events (id greater than {@code cursor}) take part in. */
    public static List<Finding> evaluate(DetectionRule r, List<AuditRecord> events, long cursor, Context ctx) {
        List<AuditRecord> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(AuditRecord::at).thenComparingLong(AuditRecord::id));
        return switch (r.code()) {
            case "SIGNIN_FAILURES_ACCOUNT" -> {
                Duration w = Duration.ofMinutes(r.param("windowMinutes"));
                yield sliding(r, filter(sorted, RuleEngine::failedSignIn), e -> "account:" + e.actor(), s -> r.param("threshold"), w, cursor,
                        (subject, evs) -> ctx.unitOfAccount(evs.getFirst().actor()).orElse(null),
                        (subject, evs) -> evs.size() + " lần đăng nhập sai vào tài khoản «" + evs.getFirst().actor() + "» trong " + minutes(w));
            }
            case "SIGNIN_FAILURES_ADDRESS" -> {
                Duration w = Duration.ofMinutes(r.param("windowMinutes"));
                yield sliding(r, filter(sorted, RuleEngine::failedSignIn), e -> "ip:" + e.ip(), s -> r.param("threshold"), w, cursor,
                        (subject, evs) -> null,
                        (subject, evs) -> evs.size() + " lần đăng nhập sai từ địa chỉ " + evs.getFirst().ip() + " ("
                                + evs.stream().map(AuditRecord::actor).distinct().count() + " tài khoản) trong " + minutes(w));
            }
            case "SIGNIN_TWO_ZONES" -> twoZones(r, sorted, cursor, ctx);
            case "CLASSIFIED_READ_BURST" -> {
                Duration w = Duration.ofMinutes(r.param("windowMinutes"));
                Map<String, Integer> thresholds = new HashMap<>();
                List<AuditRecord> reads = filter(sorted, e -> e.outcome().equals(AuditTrail.SUCCESS));
                yield sliding(r, reads, e -> "actor:" + e.actor(), subject -> thresholds.computeIfAbsent(subject, s -> {
                            String actor = s.substring("actor:".length());
                            Instant first = reads.stream().filter(e -> e.actor().equals(actor) && e.id() > cursor).map(AuditRecord::at).findFirst()
                                    .orElse(Instant.EPOCH);
                            return burstThreshold(r, ctx, actor, first.minus(w));
                        }), w, cursor,
                        (subject, evs) -> evs.getLast().unitId(),
                        (subject, evs) -> evs.size() + " lần đọc tài liệu mật của «" + evs.getFirst().actor() + "» trong " + minutes(w)
                                + " (ngưỡng của người này: " + thresholds.get(subject) + ")");
            }
            case "CLASSIFIED_READ_OFF_HOURS" -> chained(r, filter(sorted, e -> e.outcome().equals(AuditTrail.SUCCESS) && !ctx.workingTime(e.at())),
                    e -> "actor:" + e.actor(), cursor, e -> e.unitId(),
                    evs -> evs.size() + " lần đọc tài liệu mật ngoài giờ làm việc của «" + evs.getFirst().actor() + "»");
            case "PRIVILEGE_CHANGE" -> chained(r, filter(sorted, e -> e.outcome().equals(AuditTrail.SUCCESS)), e -> "actor:" + e.actor(), cursor,
                    e -> e.unitId(), evs -> evs.size() + " thay đổi độ mật, quyền hạn do «" + evs.getFirst().actor() + "» thực hiện");
            case "MASS_EXPORT" -> {
                Duration w = Duration.ofMinutes(r.param("windowMinutes"));
                yield sliding(r, filter(sorted, e -> e.outcome().equals(AuditTrail.SUCCESS)), e -> "actor:" + e.actor(), s -> r.param("threshold"), w,
                        cursor, (subject, evs) -> evs.getLast().unitId(),
                        (subject, evs) -> evs.size() + " lần tải xuống, xuất dữ liệu của «" + evs.getFirst().actor() + "» trong " + minutes(w));
            }
            case "AUDIT_VERIFY_FAILURE" -> chained(r, filter(sorted, e -> !e.outcome().equals(AuditTrail.SUCCESS)), e -> "audit", cursor, e -> null,
                    evs -> "Kiểm tra toàn vẹn nhật ký thất bại (" + evs.getLast().detail() + ")");
            default -> List.of();
        };
    }

    /** The burst threshold for one person: the larger of the minimum and factor × his usual count per window. */
    static int burstThreshold(DetectionRule r, Context ctx, String actor, Instant before) {
        Duration w = Duration.ofMinutes(r.param("windowMinutes"));
        Duration baseline = Duration.ofDays(r.param("baselineDays"));
        long past = ctx.count(actor, CLASSIFIED_READ, before.minus(baseline), before);
        double windows = (double) baseline.toMinutes() / w.toMinutes();
        long usual = (long) Math.ceil(r.param("factor") * (past / windows));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(r.param("minimum"), usual));
    }

    static boolean failedSignIn(AuditRecord e) {
        return !e.outcome().equals(AuditTrail.SUCCESS) && !e.target().equals("account:*") && !e.actor().equals("system");
    }

    private static List<AuditRecord> filter(List<AuditRecord> events, Predicate<AuditRecord> p) {
        return events.stream().filter(p).toList();
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " phút";
    }

    /**
     * Counting rules: per subject, every new event that ends a window ({@code (at − window, at]}) holding at least the
     * threshold makes the window's events a finding; overlapping windows of one subject in one run are one finding.
     */
    private static List<Finding> sliding(DetectionRule r, List<AuditRecord> events, Function<AuditRecord, String> subjectOf,
            Function<String, Integer> threshold, Duration window, long cursor,
            java.util.function.BiFunction<String, List<AuditRecord>, @Nullable Long> unitOf,
            java.util.function.BiFunction<String, List<AuditRecord>, String> summary) {
        List<Finding> out = new ArrayList<>();
        for (var entry : group(events, subjectOf).entrySet()) {
            List<AuditRecord> evs = entry.getValue();
            if (evs.stream().noneMatch(e -> e.id() > cursor)) continue;
            int limit = threshold.apply(entry.getKey());
            LinkedHashSet<AuditRecord> current = null;
            int start = 0;
            for (int i = 0; i < evs.size(); i++) {
                AuditRecord e = evs.get(i);
                while (!evs.get(start).at().isAfter(e.at().minus(window))) start++;
                if (e.id() <= cursor || i - start + 1 < limit) continue;
                List<AuditRecord> win = evs.subList(start, i + 1);
                if (current != null && !win.getFirst().at().isAfter(current.getLast().at().plus(window))) {
                    current.addAll(win);
                } else {
                    if (current != null) out.add(finding(r, entry.getKey(), List.copyOf(current), window, unitOf, summary));
                    current = new LinkedHashSet<>(win);
                }
            }
            if (current != null) out.add(finding(r, entry.getKey(), List.copyOf(current), window, unitOf, summary));
        }
        return out;
    }

    private static Finding finding(DetectionRule r, String subject, List<AuditRecord> evs, Duration gap,
            java.util.function.BiFunction<String, List<AuditRecord>, @Nullable Long> unitOf,
            java.util.function.BiFunction<String, List<AuditRecord>, String> summary) {
        return new Finding(r.code(), subject, unitOf.apply(subject, evs), evs, summary.apply(subject, evs), gap);
    }

    /** Event rules: every new event is a finding; new events of one subject less than the gap apart are one burst. */
    private static List<Finding> chained(DetectionRule r, List<AuditRecord> events, Function<AuditRecord, String> subjectOf, long cursor,
            Function<AuditRecord, @Nullable Long> unitOf, Function<List<AuditRecord>, String> summary) {
        Duration gap = Duration.ofMinutes(r.param("gapMinutes"));
        List<Finding> out = new ArrayList<>();
        for (var entry : group(filter(events, e -> e.id() > cursor), subjectOf).entrySet()) {
            List<AuditRecord> current = new ArrayList<>();
            for (AuditRecord e : entry.getValue()) {
                if (!current.isEmpty() && e.at().isAfter(current.getLast().at().plus(gap))) {
                    out.add(new Finding(r.code(), entry.getKey(), unitOf.apply(current.getLast()), List.copyOf(current), summary.apply(current), gap));
                    current = new ArrayList<>();
                }
                current.add(e);
            }
            if (!current.isEmpty()) out.add(new Finding(r.code(), entry.getKey(), unitOf.apply(current.getLast()), List.copyOf(current), summary.apply(current), gap));
        }
        return out;
    }

    /** A successful sign-in to an account from a zone other than that of another within the window. */
    private static List<Finding> twoZones(DetectionRule r, List<AuditRecord> sorted, long cursor, Context ctx) {
        Duration w = Duration.ofMinutes(r.param("windowMinutes"));
        List<AuditRecord> ok = filter(sorted, e -> e.outcome().equals(AuditTrail.SUCCESS) && !e.zone().equals("system"));
        List<Finding> out = new ArrayList<>();
        for (var entry : group(ok, e -> "account:" + e.actor()).entrySet()) {
            List<AuditRecord> evs = entry.getValue();
            LinkedHashSet<AuditRecord> current = null;
            for (int i = 0; i < evs.size(); i++) {
                AuditRecord e = evs.get(i);
                if (e.id() <= cursor) continue;
                for (int j = i - 1; j >= 0 && !evs.get(j).at().isBefore(e.at().minus(w)); j--) {
                    AuditRecord o = evs.get(j);
                    if (o.zone().equals(e.zone())) continue;
                    if (current != null && !o.at().isAfter(current.getLast().at().plus(w))) {
                        current.add(o);
                        current.add(e);
                    } else {
                        if (current != null) out.add(zoneFinding(r, entry.getKey(), current, w, ctx));
                        current = new LinkedHashSet<>(List.of(o, e));
                    }
                    break;
                }
            }
            if (current != null) out.add(zoneFinding(r, entry.getKey(), current, w, ctx));
        }
        return out;
    }

    private static Finding zoneFinding(DetectionRule r, String subject, Collection<AuditRecord> set, Duration w, Context ctx) {
        List<AuditRecord> evs = set.stream().sorted(Comparator.comparing(AuditRecord::at).thenComparingLong(AuditRecord::id)).toList();
        String zones = String.join(", ", evs.stream().map(AuditRecord::zone).distinct().toList());
        return new Finding(r.code(), subject, ctx.unitOfAccount(evs.getFirst().actor()).orElse(null), evs,
                "Tài khoản «" + evs.getFirst().actor() + "» đăng nhập từ các vùng mạng " + zones + " trong vòng " + minutes(w), w);
    }

    private static Map<String, List<AuditRecord>> group(List<AuditRecord> events, Function<AuditRecord, String> subjectOf) {
        Map<String, List<AuditRecord>> m = new LinkedHashMap<>();
        for (AuditRecord e : events) m.computeIfAbsent(subjectOf.apply(e), k -> new ArrayList<>()).add(e);
        return m;
    }
}
