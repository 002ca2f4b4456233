package vn.truongson.access;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Role grants: who holds which role on which unit. */
@Repository
public class Grants {

    private final JdbcClient jdbc;

    Grants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Grant> of(long officialId) {
        return jdbc.sql("select id, role, unit_id, scope from access_grant where official_id = ? order by id")
                .param(officialId)
                .query((rs, n) -> new Grant(rs.getLong(1), Role.valueOf(rs.getString(2)), rs.getLong(3), GrantScope.valueOf(rs.getString(4))))
                .list();
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
