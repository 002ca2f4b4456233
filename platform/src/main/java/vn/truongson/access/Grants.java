package vn.truongson.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Role grants: who holds which role on which unit. */
@Repository
public class Grants {

    private final JdbcClient jdbc;
    private final UnitHierarchy hierarchy;

    Grants(JdbcClient jdbc, UnitHierarchy hierarchy) {
        this.jdbc = jdbc;
        this.hierarchy = hierarchy;
    }

    public List<Grant> of(long officialId) {
        return jdbc.sql("select id, role, unit_id, scope from access_grant where official_id = ? order by id")
                .param(officialId)
                .query((rs, n) -> new Grant(rs.getLong(1), Role.valueOf(rs.getString(2)), rs.getLong(3), GrantScope.valueOf(rs.getString(4))))
                .list();
    }

    /** An account's grants and whether it has a second factor: what the policy needs of access's tables, in one statement. */
    record OfAccount(List<Grant> grants, boolean totpEnabled) {}

    /** The grants and second factor of the official's account; null when he has no account. */
    OfAccount ofAccount(long officialId) {
        List<Grant> list = new ArrayList<>();
        Boolean[] totp = {null};
        jdbc.sql("""
                select a.totp_enabled, g.id, g.role, g.unit_id, g.scope
                from access_account a left join access_grant g on g.official_id = a.official_id
                where a.official_id = ? order by g.id""")
                .param(officialId)
                .query(rs -> {
                    totp[0] = rs.getBoolean(1);
                    long id = rs.getLong(2);
                    // A role this version does not know (written by a newer node, or by hand) grants nothing; it must
                    // not break every request of the person.
                    Role role = rs.wasNull() ? null : Role.known(rs.getString(3));
                    if (role != null) list.add(new Grant(id, role, rs.getLong(4), GrantScope.valueOf(rs.getString(5))));
                });
        return totp[0] == null ? null : new OfAccount(List.copyOf(list), totp[0]);
    }

    /**
     * Who holds {@code role} on each of the units, by the policy's own rule: a grant on the unit itself, or a
     * SUBTREE grant on a unit above it. For jobs that must reach the people responsible for a unit (reminders);
     * units that do not exist map to no one.
     */
    public Map<Long, Set<Long>> holdersCovering(Role role, Collection<Long> unitIds) {
        Map<Long, Set<Long>> out = new HashMap<>();
        if (unitIds.isEmpty()) return out;
        // The materialised path ('/1/5/23/') lists the ids from the root down: a unit's ancestors are in it.
        Map<Long, List<Long>> ancestors = new HashMap<>();
        Set<Long> all = new HashSet<>();
        hierarchy.pathsOf(unitIds).forEach((unit, path) -> {
            List<Long> above = new ArrayList<>();
            for (String part : path.split("/")) {
                if (!part.isEmpty() && !part.equals(Long.toString(unit))) above.add(Long.parseLong(part));
            }
            ancestors.put(unit, above);
            all.add(unit);
            all.addAll(above);
        });
        if (all.isEmpty()) return out;
        record Held(long officialId, long unitId, GrantScope scope) {}
        List<Held> held = jdbc.sql("select official_id, unit_id, scope from access_grant where role = :role and unit_id = any(:units)")
                .param("role", role.name()).param("units", all.toArray(Long[]::new))
                .query((rs, n) -> new Held(rs.getLong(1), rs.getLong(2), GrantScope.valueOf(rs.getString(3)))).list();
        ancestors.forEach((unit, above) -> {
            Set<Long> holders = new TreeSet<>();
            for (Held h : held) {
                if (h.unitId() == unit || (h.scope() == GrantScope.SUBTREE && above.contains(h.unitId()))) holders.add(h.officialId());
            }
            out.put(unit, holders);
        });
        return out;
    }

    /** Adds the grant, or returns the one already there. */
    Grant add(long officialId, Role role, long unitId, GrantScope scope) {
        Long id = jdbc.sql("""
                insert into access_grant (official_id, role, unit_id, scope) values (?, ?, ?, ?)
                on conflict (official_id, role, unit_id, scope) do nothing returning id""")
                .params(officialId, role.name(), unitId, scope.name()).query(Long.class).optional().orElse(null);
        if (id == null) {
            id = jdbc.sql("select id from access_grant where official_id = ? and role = ? and unit_id = ? and scope = ?")
                    .params(officialId, role.name(), unitId, scope.name()).query(Long.class).single();
        }
        return new Grant(id, role, unitId, scope);
    }

    boolean remove(long officialId, long grantId) {
        return jdbc.sql("delete from access_grant where id = ? and official_id = ?").params(grantId, officialId).update() == 1;
    }
}
