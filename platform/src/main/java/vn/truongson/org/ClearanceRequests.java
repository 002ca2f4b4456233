package vn.truongson.org;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/**
 * The two-person rule for clearance (docs/security.md, "Privilege"): a clearance above Thường, set when an official is
 * created or raised later, is recorded here as PENDING and takes effect only when a second person approves it — an
 * ADMIN or a SECURITY_OFFICER whose grant covers the official's unit, who is neither the requester nor the official,
 * and whose own clearance is at least the level asked. Approving is one conditional UPDATE, so however many approve
 * at once, the request is applied once.
 */
@Service
public class ClearanceRequests {

    public enum Status { PENDING, APPROVED, REFUSED, SUPERSEDED }

    public record Request(long id, long officialId, String officialName, long unitId, SecrecyLevel from, SecrecyLevel to, Status status,
            long requestedBy, String requestedByName, Instant requestedAt, @Nullable Long decidedBy, @Nullable String decidedByName,
            @Nullable Instant decidedAt, @Nullable String reason) {}

    /** Who may approve or refuse: the second person. */
    public static final Set<Role> DECIDERS = Set.of(Role.ADMIN, Role.SECURITY_OFFICER);

    private static final String SELECT = """
            select r.id, r.official_id, o.full_name, o.unit_id, r.from_level, r.to_level, r.status, r.requested_by, q.full_name as requested_name,
                   r.requested_at, r.decided_by, d.full_name as decided_name, r.decided_at, r.reason
            from org_clearance_request r join org_official o on o.id = r.official_id join org_official q on q.id = r.requested_by
            left join org_official d on d.id = r.decided_by""";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;

    ClearanceRequests(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
    }

    /**
     * Records that the current administrator asks for {@code to} for the official, replacing a pending request of
     * another level (the replaced one is SUPERSEDED); asking again for the level already pending changes nothing.
     */
    @Transactional
    Request open(long officialId, SecrecyLevel from, SecrecyLevel to) {
        Actor a = policy.actor();
        Optional<Request> pending = pendingOf(officialId);
        if (pending.isPresent() && pending.get().to() == to) return pending.get();
        pending.ifPresent(p -> supersede(p, "superseded by a request for " + to));
        long id = jdbc.sql("""
                insert into org_clearance_request (official_id, from_level, to_level, requested_by) values (?, ?, ?, ?) returning id""")
                .params(officialId, from.rank(), to.rank(), a.officialId()).query(Long.class).single();
        audit.record("official.clearance.request", "official:" + officialId, AuditTrail.SUCCESS, from + "→" + to + " request:" + id);
        return find(id).orElseThrow();
    }

    /** Withdraws a pending request (a lower clearance was set directly, or another level asked). */
    @Transactional
    void cancelPending(long officialId, String why) {
        pendingOf(officialId).ifPresent(p -> supersede(p, why));
    }

    private void supersede(Request p, String why) {
        int n = jdbc.sql("update org_clearance_request set status = 'SUPERSEDED', decided_at = now(), reason = ? where id = ? and status = 'PENDING'")
                .params(why, p.id()).update();
        if (n == 1) audit.record("official.clearance.supersede", "official:" + p.officialId(), AuditTrail.SUCCESS, "request:" + p.id() + " " + why);
    }

    public Optional<Request> pendingOf(long officialId) {
        return jdbc.sql(SELECT + " where r.official_id = ? and r.status = 'PENDING'").param(officialId).query(ClearanceRequests::map).optional();
    }

    /** The pending requests of these officials, by official (for lists that show the pending marker). */
    public Map<Long, Request> pendingOf(Collection<Long> officialIds) {
        Map<Long, Request> out = new HashMap<>();
        if (officialIds.isEmpty()) return out;
        jdbc.sql(SELECT + " where r.official_id = any(:ids) and r.status = 'PENDING'").param("ids", officialIds.toArray(Long[]::new))
                .query(ClearanceRequests::map).list().forEach(r -> out.put(r.officialId(), r));
        return out;
    }

    Optional<Request> find(long id) {
        return jdbc.sql(SELECT + " where r.id = ?").param(id).query(ClearanceRequests::map).optional();
    }

    /** One request, for those who may see its official. */
    public Request get(long id) {
        Request r = find(id).orElseThrow(() -> new DomainException.NotFound("clearance-request", id));
        try {
            policy.require(AccessPolicy.ANY_ROLE, protectedOf(r));
        } catch (DomainException.Forbidden | DomainException.NotFound e) {
            // Out of reach and missing answer alike: a request id says nothing of who is being cleared.
            throw new DomainException.NotFound("clearance-request", id);
        }
        return r;
    }

    /** Requests on officials whose unit an ADMIN or SECURITY_OFFICER grant of the caller covers (and whose record he may see). */
    public List<Request> list(@Nullable Status status, int limit) {
        SqlFilter acl = policy.visibility(DECIDERS).where("o.unit_id", "o.secrecy");
        String sql = SELECT + " where " + acl.sql() + (status == null ? "" : " and r.status = :status") + " order by r.requested_at desc, r.id desc limit :limit";
        var spec = acl.bind(jdbc.sql(sql)).param("limit", Math.clamp(limit, 1, 1000));
        if (status != null) spec = spec.param("status", status.name());
        return spec.query(ClearanceRequests::map).list();
    }

    /** Whether the current person may decide this request (for the screens: show the buttons or not). */
    public boolean mayDecide(Request r) {
        Optional<Actor> oa = policy.currentActor();
        if (oa.isEmpty() || r.status() != Status.PENDING) return false;
        Actor a = oa.get();
        return a.officialId() != r.requestedBy() && a.officialId() != r.officialId() && a.clearance().covers(r.to())
                && policy.permits(DECIDERS, protectedOf(r));
    }

    @Transactional
    public Request approve(long id) {
        Request r = decidable(id, "official.clearance.approve", true);
        Actor a = policy.actor();
        // One conditional UPDATE: of parallel approvals, exactly one finds the request still PENDING.
        Integer to = jdbc.sql("""
                update org_clearance_request set status = 'APPROVED', decided_by = ?, decided_at = now()
                where id = ? and status = 'PENDING' returning to_level""")
                .params(a.officialId(), id).query(Integer.class).optional().orElse(null);
        if (to == null) throw new DomainException.Conflict("problem.clearance.decided");
        jdbc.sql("update org_official set clearance = ? where id = ?").params(to, r.officialId()).update();
        audit.record("official.clearance.approve", "official:" + r.officialId(), AuditTrail.SUCCESS,
                r.from() + "→" + r.to() + " request:" + id + " requested by official:" + r.requestedBy());
        return find(id).orElseThrow();
    }

    @Transactional
    public Request refuse(long id, @Nullable String reason) {
        if (reason != null && reason.length() > 500) throw new DomainException.BadInput("reason", "problem.field.length", 0, 500);
        Request r = decidable(id, "official.clearance.refuse", false);
        Actor a = policy.actor();
        int n = jdbc.sql("""
                update org_clearance_request set status = 'REFUSED', decided_by = ?, decided_at = now(), reason = ?
                where id = ? and status = 'PENDING'""")
                .params(a.officialId(), reason == null || reason.isBlank() ? null : reason.strip(), id).update();
        if (n != 1) throw new DomainException.Conflict("problem.clearance.decided");
        audit.record("official.clearance.refuse", "official:" + r.officialId(), AuditTrail.SUCCESS, r.from() + "→" + r.to() + " request:" + id);
        return find(id).orElseThrow();
    }

    /** The second person: covering the official's unit, not the requester, not the official, cleared for the level (to approve). */
    private Request decidable(long id, String action, boolean approving) {
        Request r = find(id).orElseThrow(() -> new DomainException.NotFound("clearance-request", id));
        Actor a = policy.actor();
        try {
            try {
                policy.require(DECIDERS, protectedOf(r));
            } catch (DomainException.Forbidden outOfReach) {
                // Not covering the official's unit: as if the request did not exist (hidden and missing alike).
                throw new DomainException.NotFound("clearance-request", id);
            }
            if (a.officialId() == r.requestedBy()) throw new DomainException.Forbidden("problem.clearance.same-person");
            if (a.officialId() == r.officialId()) throw new DomainException.Forbidden("problem.clearance.self");
            if (approving && !a.clearance().covers(r.to())) throw new DomainException.Forbidden("problem.clearance.above-own", r.to().name());
        } catch (DomainException.Forbidden | DomainException.NotFound e) {
            audit.recordSeparately(action, "official:" + r.officialId(), AuditTrail.DENIED, "request:" + id + " (" + e.messageKey() + ")");
            if (e instanceof DomainException.NotFound) throw new DomainException.NotFound("clearance-request", id);
            throw e;
        }
        if (r.status() != Status.PENDING) throw new DomainException.Conflict("problem.clearance.decided");
        return r;
    }

    private vn.truongson.access.ProtectedRecord protectedOf(Request r) {
        int secrecy = jdbc.sql("select secrecy from org_official where id = ?").param(r.officialId()).query(Integer.class).single();
        return new vn.truongson.access.ProtectedRecord("official", r.officialId(), r.unitId(), SecrecyLevel.ofRank(secrecy));
    }

    static Request map(ResultSet rs, int n) throws SQLException {
        long decided = rs.getLong("decided_by");
        boolean noDecider = rs.wasNull();
        Timestamp at = rs.getTimestamp("decided_at");
        return new Request(rs.getLong("id"), rs.getLong("official_id"), rs.getString("full_name"), rs.getLong("unit_id"),
                SecrecyLevel.ofRank(rs.getInt("from_level")), SecrecyLevel.ofRank(rs.getInt("to_level")), Status.valueOf(rs.getString("status")),
                rs.getLong("requested_by"), rs.getString("requested_name"), rs.getTimestamp("requested_at").toInstant(),
                noDecider ? null : decided, rs.getString("decided_name"), at == null ? null : at.toInstant(), rs.getString("reason"));
    }
}
