package vn.truongson.org;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Accounts;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;

/** Officials: reads filtered by the access policy; administrators create them with their sign-in account. */
@Service
public class Officials {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 .-]{8,20}");

    public record NewOfficial(String username, String fullName, long unitId, String position, @Nullable String rankTitle,
            SecrecyLevel clearance, SecrecyLevel secrecy, String password, @Nullable String totpSecret,
            @Nullable String email, @Nullable String phone) {}

    public record Changes(String fullName, long unitId, String position, @Nullable String rankTitle, SecrecyLevel clearance,
            SecrecyLevel secrecy, @Nullable String email, @Nullable String phone, boolean active) {}

    static final String COLUMNS = "o.id, o.full_name, o.unit_id, o.position, o.rank_title, o.clearance, o.secrecy, o.email, o.phone, o.active";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Accounts accounts;
    private final Units units;
    private final AuditTrail audit;
    private final ClearanceRequests clearanceRequests;

    Officials(JdbcClient jdbc, AccessPolicy policy, Accounts accounts, Units units, AuditTrail audit, ClearanceRequests clearanceRequests) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.accounts = accounts;
        this.units = units;
        this.audit = audit;
        this.clearanceRequests = clearanceRequests;
    }

    /** Officials the person may see; {@code subtree} widens a unit filter to the units below it. */
    public List<Official> list(@Nullable Long unitId, boolean subtree, @Nullable String q, int limit, int offset) {
        SqlFilter acl = policy.visibility(AccessPolicy.ANY_ROLE).where("o.unit_id", "o.secrecy");
        var sql = new StringBuilder("select " + COLUMNS + " from org_official o where " + acl.sql());
        String unitPath = null;
        if (unitId != null) {
            if (subtree) {
                unitPath = units.find(unitId).map(Unit::path).orElse("/none/");
                sql.append(" and o.unit_id in (select id from org_unit where path ~>=~ :unitPath and path ~<~ :unitPathEnd)");
            } else {
                sql.append(" and o.unit_id = :unitId");
            }
        }
        if (q != null && !q.isBlank()) sql.append(" and o.search_text like :q");
        sql.append(" order by o.unit_id, o.id limit :limit offset :offset");
        var spec = acl.bind(jdbc.sql(sql.toString()));
        if (unitId != null) {
            spec = subtree ? spec.param("unitPath", unitPath).param("unitPathEnd", unitPath.substring(0, unitPath.length() - 1) + "0")
                    : spec.param("unitId", unitId);
        }
        if (q != null && !q.isBlank()) spec = spec.param("q", "%" + Units.escapeLike(VietnameseText.fold(q.trim())) + "%");
        return spec.param("limit", Math.clamp(limit, 1, 5000)).param("offset", Math.max(0, offset)).query(Officials::map).list();
    }

    public Official get(long id) {
        Official o = find(id).orElseThrow(() -> new DomainException.NotFound("official", id));
        policy.require(AccessPolicy.ANY_ROLE, o.asProtected());
        return o;
    }

    Optional<Official> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from org_official o where o.id = ?").param(id).query(Officials::map).optional();
    }

    @Transactional
    public Official create(NewOfficial n) {
        var errors = new ArrayList<FieldError>(Accounts.checkNew(n.username(), n.password(), n.totpSecret()));
        checkCommon(n.fullName(), n.position(), n.email(), n.phone(), errors);
        if (units.find(n.unitId()).isEmpty()) errors.add(new FieldError("unitId", "problem.unit.unknown", n.unitId()));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(Set.of(Role.ADMIN), n.unitId());
        requireMaySet("official.create", "unit:" + n.unitId(), n.clearance());
        if (accounts.usernameTaken(n.username())) throw new DomainException.Conflict("problem.username.taken", n.username());
        // Above Thường, the clearance waits for a second person: the official starts at Thường with the request pending.
        Official o = insert(n.clearance().isClassified() ? withClearance(n, SecrecyLevel.THUONG) : n);
        accounts.create(o.id(), n.username(), n.password(), n.totpSecret());
        audit.record("official.create", "official:" + o.id(), AuditTrail.SUCCESS, Accounts.normaliseUsername(n.username()) + " clearance " + o.clearance());
        if (n.clearance().isClassified()) clearanceRequests.open(o.id(), o.clearance(), n.clearance());
        return o;
    }

    private static NewOfficial withClearance(NewOfficial n, SecrecyLevel c) {
        return new NewOfficial(n.username(), n.fullName(), n.unitId(), n.position(), n.rankTitle(), c, n.secrecy(), n.password(),
                n.totpSecret(), n.email(), n.phone());
    }

    /**
     * Nobody grants what he does not hold: the clearance an administrator sets is at most his own. Refusals are
     * audited after the transaction, so they survive its rollback.
     */
    private void requireMaySet(String action, String target, SecrecyLevel clearance) {
        var a = policy.actor();
        if (!a.clearance().covers(clearance)) {
            audit.recordSeparately(action, target, AuditTrail.DENIED, "clearance " + clearance + " above own " + a.clearance());
            throw new DomainException.Forbidden("problem.clearance.above-own", clearance.name());
        }
    }

    /** The pending clearance request of an official, if any (the API and the screens show it). */
    public java.util.Optional<ClearanceRequests.Request> pendingClearance(long officialId) {
        return clearanceRequests.pendingOf(officialId);
    }

    public java.util.Map<Long, ClearanceRequests.Request> pendingClearances(java.util.Collection<Long> officialIds) {
        return clearanceRequests.pendingOf(officialIds);
    }

    /** Inserts the person only (no account, no policy check): demo data and bulk loads. */
    @Transactional
    public Official insert(NewOfficial n) {
        long id = jdbc.sql("""
                insert into org_official (full_name, unit_id, position, rank_title, clearance, secrecy, email, phone, search_text)
                values (:fullName, :unitId, :position, :rank, :clearance, :secrecy, :email, :phone, :search) returning id""")
                .param("fullName", n.fullName()).param("unitId", n.unitId()).param("position", n.position()).param("rank", n.rankTitle())
                .param("clearance", n.clearance().rank()).param("secrecy", n.secrecy().rank()).param("email", n.email()).param("phone", n.phone())
                .param("search", Units.search(n.fullName(), n.username(), n.position()))
                .query(Long.class).single();
        return new Official(id, n.fullName(), n.unitId(), n.position(), n.rankTitle(), n.clearance(), n.secrecy(), n.email(), n.phone(), true);
    }

    @Transactional
    public Official update(long id, Changes c) {
        Official o = find(id).orElseThrow(() -> new DomainException.NotFound("official", id));
        policy.require(Set.of(Role.ADMIN), o.asProtected());
        var errors = new ArrayList<FieldError>();
        checkCommon(c.fullName(), c.position(), c.email(), c.phone(), errors);
        if (units.find(c.unitId()).isEmpty()) errors.add(new FieldError("unitId", "problem.unit.unknown", c.unitId()));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (c.unitId() != o.unitId()) policy.requireOnUnit(Set.of(Role.ADMIN), c.unitId());
        // The last administrator must not lock themselves out: deactivating oneself is someone else's job.
        if (!c.active() && id == policy.actor().officialId()) throw new DomainException.Conflict("problem.official.self-deactivate");
        // Clearance: nobody changes his own; an administrator sets at most his own; lowering applies at once (and
        // withdraws a pending raise); raising above Thường waits for a second person (ClearanceRequests).
        SecrecyLevel applied = o.clearance();
        boolean raise = false;
        if (c.clearance() != o.clearance()) {
            if (id == policy.actor().officialId()) {
                audit.recordSeparately("official.update", "official:" + id, AuditTrail.DENIED, "own clearance " + o.clearance() + "→" + c.clearance());
                throw new DomainException.Forbidden("problem.clearance.self");
            }
            requireMaySet("official.update", "official:" + id, c.clearance());
            if (c.clearance().compareTo(o.clearance()) < 0) {
                applied = c.clearance();
                clearanceRequests.cancelPending(id, "clearance lowered to " + c.clearance());
            } else {
                raise = true;
            }
        }
        String username = accounts.ofOfficial(id).map(Accounts.AccountView::username).orElse("");
        jdbc.sql("""
                update org_official set full_name = :fullName, unit_id = :unitId, position = :position, rank_title = :rank,
                clearance = :clearance, secrecy = :secrecy, email = :email, phone = :phone, active = :active, search_text = :search where id = :id""")
                .param("fullName", c.fullName()).param("unitId", c.unitId()).param("position", c.position()).param("rank", c.rankTitle())
                .param("clearance", applied.rank()).param("secrecy", c.secrecy().rank()).param("email", c.email()).param("phone", c.phone())
                .param("active", c.active()).param("search", Units.search(c.fullName(), username, c.position())).param("id", id).update();
        audit.record("official.update", "official:" + id, AuditTrail.SUCCESS,
                "clearance " + o.clearance() + "→" + applied + (raise ? " (" + c.clearance() + " pending)" : "") + (o.active() != c.active() ? (c.active() ? "; activated" : "; deactivated") : ""));
        if (raise) clearanceRequests.open(id, o.clearance(), c.clearance());
        return find(id).orElseThrow();
    }

    private static void checkCommon(String fullName, String position, @Nullable String email, @Nullable String phone, List<FieldError> errors) {
        if (fullName.isBlank() || fullName.length() > 120) errors.add(new FieldError("fullName", "problem.field.length", 1, 120));
        if (position.isBlank() || position.length() > 200) errors.add(new FieldError("position", "problem.field.length", 1, 200));
        if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) errors.add(new FieldError("email", "problem.email"));
        if (phone != null && !phone.isEmpty() && !PHONE.matcher(phone).matches()) errors.add(new FieldError("phone", "problem.phone"));
    }

    static Official map(ResultSet rs, int n) throws SQLException {
        return new Official(rs.getLong("id"), rs.getString("full_name"), rs.getLong("unit_id"), rs.getString("position"),
                rs.getString("rank_title"), SecrecyLevel.ofRank(rs.getInt("clearance")), SecrecyLevel.ofRank(rs.getInt("secrecy")),
                rs.getString("email"), rs.getString("phone"), rs.getBoolean("active"));
    }
}
