package vn.truongson.publicservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;

/**
 * The tracking figures (sổ theo dõi, Mẫu 06) and the Decision 766 citizen-service index, per unit and period, from the
 * platform's own dossiers, for the units the reader's one-stop, processing, commander, signer or admin grants cover.
 *
 * <p>Over a period [from, to] (dates in Vietnam, both included): <b>received</b> = received in it; <b>returned</b> =
 * returned in it, on time (no later than the Mẫu 01 appointment) or late; <b>inProgress</b> = received by its end and
 * neither returned nor refused by then; <b>overdue</b> = of those, past their appointment at the end (or now, if
 * sooner); <b>filedOnline</b> = submitted in it online.
 *
 * <p>The index, 5 groups (DOMAIN-VN.md §4; formulas per indicator unconfirmed, so each is a ratio times its points):
 * <ul>
 *   <li>CONG_KHAI, publicity: ½ × published procedures / all procedures of the scope + ½ × returned with an electronic
 *       result / returned;</li>
 *   <li>TIEN_DO, progress: returned on time / returned;</li>
 *   <li>SO_HOA, digitisation: ½ × received with electronic components / received + ½ × received filed online, with the
 *       e-ID's data reused / received;</li>
 *   <li>TRUC_TUYEN, online service: online filing × submitted online / submitted + online payment × submitted online and
 *       needing no payment / submitted online (the platform takes no payments yet, so a dossier with a fee misses it);</li>
 *   <li>HAI_LONG, satisfaction: mean rating / 5 over the returned dossiers that were rated.</li>
 * </ul>
 * A ratio with nothing to count (no dossier) scores 0.
 */
@Service
public class Statistics {

    /** The figures of Mẫu 06 for one unit (or the whole scope, unitId null). */
    public record Figures(@Nullable Long unitId, long received, long returned, long returnedOnTime, long returnedLate, long inProgress,
            long overdue, long filedOnline, long submitted, long withAttachments, long withResult, long submittedOnlineFree, long rated,
            double ratingSum, long proceduresPublished, long procedures) {}

    public record Group(String code, String name, double points, double max) {}

    public record IndexResult(@Nullable Long unitId, double total, List<Group> groups) {}

    static final int MAX_DAYS = 5 * 366;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final PublicServiceProperties props;
    private final Clock clock;

    Statistics(JdbcClient jdbc, AccessPolicy policy, UnitHierarchy hierarchy, PublicServiceProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.props = props;
        this.clock = clock;
    }

    /** The period's bounds as instants: from 00:00 of {@code from} to 00:00 after {@code to}, in Vietnam. */
    static Instant[] bounds(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) throw new DomainException.BadInput("to", "publicservice.statistics.period");
        return new Instant[] {from.atStartOfDay(WorkingCalendar.ZONE).toInstant(), to.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant()};
    }

    /** The scope's figures together. */
    @Transactional(readOnly = true)
    public Figures figures(LocalDate from, LocalDate to, @Nullable Long unitId) {
        List<Figures> per = perUnit(from, to, unitId);
        long[] s = new long[13];
        double ratingSum = 0;
        for (Figures f : per) {
            long[] v = {f.received(), f.returned(), f.returnedOnTime(), f.returnedLate(), f.inProgress(), f.overdue(), f.filedOnline(), f.submitted(),
                    f.withAttachments(), f.withResult(), f.submittedOnlineFree(), f.rated(), 0};
            for (int i = 0; i < v.length; i++) s[i] += v[i];
            ratingSum += f.ratingSum();
        }
        long[] procs = procedureCounts(unitId);
        return new Figures(unitId, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], ratingSum, procs[0], procs[1]);
    }

    /** Figures per implementing unit, in one pass over the scope's dossiers. */
    @Transactional(readOnly = true)
    public List<Figures> perUnit(LocalDate from, LocalDate to, @Nullable Long unitId) {
        Instant[] b = bounds(from, to);
        Instant end = b[1];
        Instant cut = clock.instant().isBefore(end) ? clock.instant() : end;
        Scope scope = scope(unitId, "d.unit_id");
        String sql = """
                select d.unit_id,
                  count(*) filter (where d.received_at >= :from and d.received_at < :end) as received,
                  count(*) filter (where d.returned_at >= :from and d.returned_at < :end) as returned,
                  count(*) filter (where d.returned_at >= :from and d.returned_at < :end and d.on_time) as on_time,
                  count(*) filter (where d.received_at < :end and (d.returned_at is null or d.returned_at >= :end) and d.status <> 'REJECTED') as in_progress,
                  count(*) filter (where d.received_at < :end and (d.returned_at is null or d.returned_at >= :end) and d.status <> 'REJECTED'
                                   and d.appointment_at < :cut) as overdue,
                  count(*) filter (where d.submitted_at >= :from and d.submitted_at < :end and d.channel = 'ONLINE') as online,
                  count(*) filter (where d.submitted_at >= :from and d.submitted_at < :end) as submitted,
                  count(*) filter (where d.received_at >= :from and d.received_at < :end
                                   and exists (select 1 from publicservice_attachment a where a.dossier_id = d.id)) as with_attachments,
                  count(*) filter (where d.returned_at >= :from and d.returned_at < :end and d.result_sha256 is not null) as with_result,
                  count(*) filter (where d.submitted_at >= :from and d.submitted_at < :end and d.channel = 'ONLINE' and p.fee_amount = 0) as online_free,
                  count(*) filter (where d.returned_at >= :from and d.returned_at < :end and d.rating is not null) as rated,
                  coalesce(sum(d.rating) filter (where d.returned_at >= :from and d.returned_at < :end), 0) as rating_sum
                from publicservice_dossier d join publicservice_procedure p on p.id = d.procedure_id
                where %s and (d.submitted_at < :end) and (d.returned_at is null or d.returned_at >= :from)
                group by d.unit_id""".formatted(scope.sql);
        var spec = jdbc.sql(sql).param("from", Timestamp.from(b[0])).param("end", Timestamp.from(end)).param("cut", Timestamp.from(cut));
        for (var e : scope.params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        return spec.query(Statistics::row).list();
    }

    private static Figures row(ResultSet rs, int n) throws SQLException {
        long returned = rs.getLong("returned");
        long onTime = rs.getLong("on_time");
        return new Figures(rs.getLong("unit_id"), rs.getLong("received"), returned, onTime, returned - onTime, rs.getLong("in_progress"),
                rs.getLong("overdue"), rs.getLong("online"), rs.getLong("submitted"), rs.getLong("with_attachments"), rs.getLong("with_result"),
                rs.getLong("online_free"), rs.getLong("rated"), rs.getDouble("rating_sum"), 0, 0);
    }

    private long[] procedureCounts(@Nullable Long unitId) {
        Scope scope = scope(unitId, "implementing_unit_id");
        var spec = jdbc.sql("select count(*) filter (where published), count(*) from publicservice_procedure where " + scope.sql);
        for (var e : scope.params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        return spec.query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** The index of the scope. */
    @Transactional(readOnly = true)
    public IndexResult index(LocalDate from, LocalDate to, @Nullable Long unitId) {
        return index(figures(from, to, unitId));
    }

    /** The index of every unit in scope with dossiers in the period, highest first. */
    @Transactional(readOnly = true)
    public List<IndexResult> ranking(LocalDate from, LocalDate to) {
        List<IndexResult> out = new ArrayList<>();
        Map<Long, long[]> procs = new HashMap<>();
        Scope scope = scope(null, "implementing_unit_id");
        var spec = jdbc.sql("select implementing_unit_id, count(*) filter (where published), count(*) from publicservice_procedure where "
                + scope.sql + " group by implementing_unit_id");
        for (var e : scope.params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        spec.query(rs -> { procs.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)}); });
        for (Figures f : perUnit(from, to, null)) {
            long[] p = procs.getOrDefault(f.unitId(), new long[2]);
            out.add(index(new Figures(f.unitId(), f.received(), f.returned(), f.returnedOnTime(), f.returnedLate(), f.inProgress(), f.overdue(),
                    f.filedOnline(), f.submitted(), f.withAttachments(), f.withResult(), f.submittedOnlineFree(), f.rated(), f.ratingSum(), p[0], p[1])));
        }
        out.sort(Comparator.comparingDouble(IndexResult::total).reversed());
        return out;
    }

    /** The five groups from the figures, each a ratio times its configured points, rounded to 0.01. */
    public IndexResult index(Figures f) {
        PublicServiceProperties.Index w = props.index();
        double publicity = w.publicity() * (0.5 * ratio(f.proceduresPublished(), f.procedures()) + 0.5 * ratio(f.withResult(), f.returned()));
        double progress = w.progress() * ratio(f.returnedOnTime(), f.returned());
        double digitisation = w.digitisation() * (0.5 * ratio(f.withAttachments(), f.received()) + 0.5 * ratio(f.filedOnline(), f.submitted()));
        double online = w.onlineFiling() * ratio(f.filedOnline(), f.submitted()) + w.onlinePayment() * ratio(f.submittedOnlineFree(), f.filedOnline());
        double satisfaction = f.rated() == 0 ? 0 : w.satisfaction() * (f.ratingSum() / f.rated() / 5.0);
        List<Group> groups = List.of(
                new Group("CONG_KHAI", "Công khai, minh bạch", round(publicity), w.publicity()),
                new Group("TIEN_DO", "Tiến độ, kết quả giải quyết", round(progress), w.progress()),
                new Group("SO_HOA", "Số hóa hồ sơ", round(digitisation), w.digitisation()),
                new Group("TRUC_TUYEN", "Cung cấp dịch vụ trực tuyến", round(online), w.onlineFiling() + w.onlinePayment()),
                new Group("HAI_LONG", "Mức độ hài lòng", round(satisfaction), w.satisfaction()));
        return new IndexResult(f.unitId(), round(groups.stream().mapToDouble(Group::points).sum()), groups);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ---- scope -----------------------------------------------------------------------------------

    private record Scope(String sql, Map<String, Object> params) {}

    /** The reader's units (their grants), narrowed to the unit and the units below it when one is asked for. */
    private Scope scope(@Nullable Long unitId, String column) {
        SqlFilter acl = policy.visibility(Dossiers.READERS).where(column, null);
        Map<String, Object> params = new HashMap<>(acl.params());
        String sql = "(" + acl.sql() + ")";
        if (unitId != null) {
            String path = hierarchy.pathOf(unitId).orElseThrow(() -> new DomainException.BadInput("unitId", "problem.unit.unknown", Long.toString(unitId)));
            policy.requireOnUnit(Dossiers.READERS, unitId);
            sql += " and " + UnitHierarchy.unitIn(column, "scope_units");
            params.put("scope_units", hierarchy.unitsWithin(path));
        }
        return new Scope(sql, params);
    }
}
