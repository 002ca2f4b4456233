package vn.truongson.org;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;

/** The unit tree: reads filtered by the access policy, changes by administrators, each audited. */
@Service
public class Units {

    /** mã định danh: NNN.NN.NN.XNN (QCVN 102:2016; Decision 20/2020/QĐ-TTg). */
    public static final Pattern ORGAN_ID = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}");
    public static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");

    public record NewUnit(String code, String name, String shortName, UnitKind kind, @Nullable Long parentId,
            @Nullable String organId, SecrecyLevel secrecy) {}

    public record Changes(String name, String shortName, UnitKind kind, @Nullable String organId, SecrecyLevel secrecy) {}

    static final String COLUMNS = "u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, u.path, u.depth, u.organ_id, u.secrecy";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;

    Units(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** Units the person may see, optionally the children of one parent, optionally matching text (diacritics folded). */
    public List<Unit> list(@Nullable Long parentId, @Nullable String q, int limit) {
        SqlFilter acl = policy.visibility(AccessPolicy.ANY_ROLE).where("u.id", "u.secrecy");
        var sql = new StringBuilder("select " + COLUMNS + " from org_unit u where " + acl.sql());
        if (parentId != null) sql.append(" and u.parent_id = :parentId");
        if (q != null && !q.isBlank()) sql.append(" and u.search_text like :q");
        sql.append(" order by u.path limit :limit");
        var spec = acl.bind(jdbc.sql(sql.toString()));
        if (parentId != null) spec = spec.param("parentId", parentId);
        if (q != null && !q.isBlank()) spec = spec.param("q", "%" + escapeLike(VietnameseText.fold(q.trim())) + "%");
        return spec.param("limit", Math.clamp(limit, 1, 5000)).query(Units::map).list();
    }

    /** One unit; 404 when it does not exist or may not be known to exist, 403 when outside every grant. */
    public Unit get(long id) {
        Unit u = find(id).orElseThrow(() -> new DomainException.NotFound("unit", id));
        policy.require(AccessPolicy.ANY_ROLE, u.asProtected());
        return u;
    }

    /**
     * Units by id, to name them in a record the caller was already allowed, which lists them by id (a compiled
     * report, the agency issuing a document): no grant on each unit is asked, but a unit more secret than the
     * request may carry is left out, as if it did not exist.
     */
    public Map<Long, Unit> named(Collection<Long> ids) {
        Map<Long, Unit> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        jdbc.sql("select " + COLUMNS + " from org_unit u where u.id = any(:ids) and u.secrecy <= :level")
                .param("ids", ids.stream().distinct().toArray(Long[]::new))
                .param("level", policy.visibility(AccessPolicy.ANY_ROLE).maxSecrecy().rank())
                .query(Units::map).list().forEach(u -> out.put(u.id(), u));
        return out;
    }

    /**
     * The id of the unit with that code, for configuration read at start or by a background job (a watched folder
     * named by unit code): nobody is asking, so no policy applies; never for a person's request.
     */
    public java.util.Optional<Long> idOfConfiguredCode(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).optional();
    }

    /**
     * Units by code (upper case, as codes are kept), to resolve the codes people type into a file they upload
     * (a plan's tasks from Excel). Like {@link #named}, units more secret than the request may carry are not found.
     */
    public Map<String, Unit> byCodes(Collection<String> codes) {
        Map<String, Unit> out = new HashMap<>();
        if (codes.isEmpty()) return out;
        jdbc.sql("select " + COLUMNS + " from org_unit u where u.code = any(:codes) and u.secrecy <= :level")
                .param("codes", codes.stream().distinct().toArray(String[]::new))
                .param("level", policy.visibility(AccessPolicy.ANY_ROLE).maxSecrecy().rank())
                .query(Units::map).list().forEach(u -> out.put(u.code(), u));
        return out;
    }

    /**
     * The address book (danh bạ) of units, in tree order, for picking the recipients of a document: every unit,
     * grant or not, but none more secret than the request may carry, as with {@link #named}.
     */
    public List<Unit> directory(int limit) {
        return jdbc.sql("select " + COLUMNS + " from org_unit u where u.secrecy <= :level order by u.path limit :limit")
                .param("level", policy.visibility(AccessPolicy.ANY_ROLE).maxSecrecy().rank()).param("limit", Math.clamp(limit, 1, 5000))
                .query(Units::map).list();
    }

    /** No policy check: for the module's own bookkeeping and for the access bridge. */
    Optional<Unit> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from org_unit u where u.id = ?").param(id).query(Units::map).optional();
    }

    public List<Unit> ancestors(Unit u) {
        List<Long> ids = new ArrayList<>();
        for (String part : u.path().split("/")) if (!part.isEmpty()) ids.add(Long.parseLong(part));
        ids.remove(ids.size() - 1);
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + " from org_unit u where u.id = any(:ids) order by u.depth")
                .param("ids", ids.toArray(Long[]::new)).query(Units::map).list();
    }

    /** Just the names of {@link #named}: labels in other modules' screens (a task's lead unit, an assigned unit). */
    public Map<Long, String> names(Collection<Long> ids) {
        var out = new HashMap<Long, String>();
        named(ids).forEach((id, u) -> out.put(id, u.name()));
        return out;
    }

    public long count() {
        return jdbc.sql("select count(*) from org_unit").query(Long.class).single();
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional
    public Unit create(NewUnit n) {
        var errors = new ArrayList<FieldError>();
        checkCommon(n.name(), n.shortName(), n.organId(), errors);
        if (!CODE.matcher(n.code()).matches()) errors.add(new FieldError("code", "problem.unit.code"));
        Unit parent = null;
        if (n.parentId() != null) {
            parent = find(n.parentId()).orElse(null);
            if (parent == null) errors.add(new FieldError("parentId", "problem.unit.unknown", n.parentId()));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (parent == null) policy.requireSystemAdmin();
        else policy.requireOnUnit(Set.of(Role.ADMIN), parent.id());
        if (jdbc.sql("select count(*) from org_unit where code = ?").param(n.code()).query(Long.class).single() > 0) {
            throw new DomainException.Conflict("problem.unit.code-taken", n.code());
        }
        Unit u = insert(n, parent);
        audit.record("unit.create", "unit:" + u.id(), AuditTrail.SUCCESS, u.code() + " " + u.name());
        return u;
    }

    /** Inserts without a policy check: demo data and bulk loads, which are audited by their caller. */
    @Transactional
    public Unit insert(NewUnit n, @Nullable Unit parent) {
        long id = jdbc.sql("""
                insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
                values (:code, :name, :shortName, :kind, :parentId, '', :depth, :organId, :secrecy, :search) returning id""")
                .param("code", n.code()).param("name", n.name()).param("shortName", n.shortName()).param("kind", n.kind().name())
                .param("parentId", parent == null ? null : parent.id()).param("depth", parent == null ? 1 : parent.depth() + 1)
                .param("organId", n.organId()).param("secrecy", n.secrecy().rank())
                .param("search", search(n.code(), n.name(), n.shortName()))
                .query(Long.class).single();
        String path = (parent == null ? "/" : parent.path()) + id + "/";
        jdbc.sql("update org_unit set path = ? where id = ?").params(path, id).update();
        return new Unit(id, n.code(), n.name(), n.shortName(), n.kind(), parent == null ? null : parent.id(), path,
                parent == null ? 1 : parent.depth() + 1, n.organId(), n.secrecy());
    }

    @Transactional
    public Unit update(long id, Changes c) {
        Unit u = find(id).orElseThrow(() -> new DomainException.NotFound("unit", id));
        policy.require(Set.of(Role.ADMIN), u.asProtected());
        var errors = new ArrayList<FieldError>();
        checkCommon(c.name(), c.shortName(), c.organId(), errors);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        jdbc.sql("""
                update org_unit set name = :name, short_name = :shortName, kind = :kind, organ_id = :organId, secrecy = :secrecy,
                search_text = :search where id = :id""")
                .param("name", c.name()).param("shortName", c.shortName()).param("kind", c.kind().name()).param("organId", c.organId())
                .param("secrecy", c.secrecy().rank()).param("search", search(u.code(), c.name(), c.shortName())).param("id", id).update();
        audit.record("unit.update", "unit:" + id, AuditTrail.SUCCESS, c.name());
        return find(id).orElseThrow();
    }

    private static void checkCommon(String name, String shortName, @Nullable String organId, List<FieldError> errors) {
        if (name.isBlank() || name.length() > 250) errors.add(new FieldError("name", "problem.field.length", 1, 250));
        if (shortName.isBlank() || shortName.length() > 60) errors.add(new FieldError("shortName", "problem.field.length", 1, 60));
        if (organId != null && !organId.isEmpty() && !ORGAN_ID.matcher(organId).matches()) errors.add(new FieldError("organId", "problem.unit.organ-id"));
    }

    static String search(String... parts) {
        return VietnameseText.fold(String.join(" ", parts));
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Unit map(ResultSet rs, int n) throws SQLException {
        long parent = rs.getLong("parent_id");
        Long parentId = rs.wasNull() ? null : parent;
        return new Unit(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("short_name"),
                UnitKind.valueOf(rs.getString("kind")), parentId, rs.getString("path"), rs.getInt("depth"),
                rs.getString("organ_id"), SecrecyLevel.ofRank(rs.getInt("secrecy")));
    }
}
