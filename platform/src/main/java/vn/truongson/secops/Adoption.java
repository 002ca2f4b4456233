package vn.truongson.secops;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.AccountLookup;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditEvents;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.document.DocumentFigures;
import vn.truongson.org.OrgFigures;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.programme.ReportFigures;
import vn.truongson.publicservice.DossierFigures;
import vn.truongson.training.Topic;
import vn.truongson.training.TrainingFigures;

/**
 * IT adoption (tỷ lệ ứng dụng CNTT) per unit and month, computed at query time from the platform's own records — each
 * figure asked of the module that owns it, never typed in. Definitions: docs/adoption.md.
 */
@Service
public class Adoption {

    /** Who may see a unit's adoption figures: those who lead, coordinate, administer, audit or secure it. */
    public static final Set<Role> ROLES = Set.of(Role.COMMANDER, Role.PROGRAMME_COORDINATOR, Role.ADMIN, Role.AUDITOR, Role.SECURITY_OFFICER);

    /**
     * One unit's figures over its whole subtree for the month.
     *
     * @param score the mean of the shares that have a denominator (signed-in officials, signed issues, incoming handled,
     *        reports on time, dossiers online), in percent with one decimal; null when none has
     * @param training the subtree's training coverage (module training): per topic, the active officials who attended and passed a
     *        class of the topic ending from 1 January of the period's year to the period's last day; not part of the score
     */
    public record Row(long unitId, String unitCode, String unitName, long officials, long activeOfficials, long issued, long issuedSigned,
            long incoming, long incomingHandled, long reportsExpected, long reportsOnTime, long dossiers, long dossiersOnline,
            @Nullable Double score, List<TrainingFigures.Coverage> training) {}

    /** The unit itself (its subtree's totals) and each of its sub-units the person may see, ranked by score. */
    public record Figures(YearMonth period, Row unit, List<Row> subUnits) {}

    private final AccessPolicy policy;
    private final Units units;
    private final OrgFigures org;
    private final AccountLookup accounts;
    private final AuditEvents events;
    private final AuditTrail audit;
    private final DocumentFigures documents;
    private final ReportFigures reports;
    private final DossierFigures dossiers;
    private final TrainingFigures training;

    Adoption(AccessPolicy policy, Units units, OrgFigures org, AccountLookup accounts, AuditEvents events, AuditTrail audit,
            DocumentFigures documents, ReportFigures reports, DossierFigures dossiers, TrainingFigures training) {
        this.policy = policy;
        this.units = units;
        this.org = org;
        this.accounts = accounts;
        this.events = events;
        this.audit = audit;
        this.documents = documents;
        this.reports = reports;
        this.dossiers = dossiers;
        this.training = training;
    }

    /** The unit the person is asked about when none is named: his own. */
    public long defaultUnit() {
        return policy.actor().unitId();
    }

    @Transactional(readOnly = true)
    public Figures figures(long unitId, YearMonth period) {
        policy.requireAnyGrant(ROLES);
        Unit top = visible(unitId);
        Set<Long> signedIn = signedIn(period);
        Map<Topic, Set<Long>> trained = trained(period);
        Row head = row(top, period, signedIn, trained);
        List<Row> below = new ArrayList<>();
        for (Unit u : units.list(top.id(), null, 5000)) {
            if (policy.permits(ROLES, u.asProtected())) below.add(row(u, period, signedIn, trained));
        }
        below.sort(Comparator.comparing((Row r) -> r.score() == null ? -1 : r.score()).reversed().thenComparing(Row::unitCode));
        return new Figures(period, head, below);
    }

    /** The unit's own totals over the last {@code months} months, oldest first (the trend). */
    @Transactional(readOnly = true)
    public List<Map.Entry<YearMonth, Row>> trend(long unitId, YearMonth last, int months) {
        policy.requireAnyGrant(ROLES);
        Unit top = visible(unitId);
        List<Map.Entry<YearMonth, Row>> out = new ArrayList<>();
        for (int i = months - 1; i >= 0; i--) {
            YearMonth m = last.minusMonths(i);
            out.add(Map.entry(m, row(top, m, signedIn(m), trained(m))));
        }
        return out;
    }

    /** Records an export of the figures (a download, counted by the mass-export rule). */
    public void recordExport(long unitId, YearMonth period) {
        audit.record("secops.adoption.export", "unit:" + unitId, AuditTrail.SUCCESS, period.toString());
    }

    /** The unit if the person may see its figures; 404 alike for a missing unit and one outside his grants or clearance. */
    private Unit visible(long unitId) {
        Unit u = units.named(List.of(unitId)).get(unitId);
        if (u == null || !policy.permits(ROLES, u.asProtected())) throw new DomainException.NotFound("unit", unitId);
        return u;
    }

    static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
    }

    private Set<Long> signedIn(YearMonth period) {
        Set<String> names = events.actors("signin", AuditTrail.SUCCESS, start(period), start(period.plusMonths(1)));
        return Set.copyOf(accounts.officialIds(names).values());
    }

    /** Training coverage counts classes ending from 1 January of the period's year to the period's last day. */
    private Map<Topic, Set<Long>> trained(YearMonth period) {
        return training.trained(period.withMonth(1).atDay(1), period.atEndOfMonth());
    }

    private Row row(Unit u, YearMonth period, Set<Long> signedIn, Map<Topic, Set<Long>> trained) {
        List<Long> subtree = org.subtree(u.id());
        Map<Long, Long> officials = org.activeOfficials(subtree);
        long active = officials.keySet().stream().filter(signedIn::contains).count();
        Instant from = start(period);
        Instant to = start(period.plusMonths(1));
        var d = documents.count(subtree, from, to);
        var r = reports.count(subtree, period);
        var p = dossiers.count(subtree, from, to);
        double sum = 0;
        int n = 0;
        long[][] shares = {{active, officials.size()}, {d.issuedSigned(), d.issued()}, {d.incomingHandled(), d.incoming()},
                {r.onTime(), r.expected()}, {p.online(), p.dossiers()}};
        for (long[] s : shares) {
            if (s[1] > 0) {
                sum += (double) s[0] / s[1];
                n++;
            }
        }
        Double score = n == 0 ? null : Math.round(sum / n * 1000) / 10.0;
        return new Row(u.id(), u.code(), u.name(), officials.size(), active, d.issued(), d.issuedSigned(), d.incoming(), d.incomingHandled(),
                r.expected(), r.onTime(), p.dossiers(), p.online(), score,
                TrainingFigures.coverage(officials.keySet(), trained));
    }
}
