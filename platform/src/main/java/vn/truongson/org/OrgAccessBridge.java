package vn.truongson.org;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.core.SecrecyLevel;

/** What the access module asks of the organisation, answered from org's own tables. */
@Component
class OrgAccessBridge implements UnitHierarchy, OfficialDirectory {

    private final JdbcClient jdbc;

    OrgAccessBridge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> pathOf(long unitId) {
        return jdbc.sql("select path from org_unit where id = ?").param(unitId).query(String.class).optional();
    }

    @Override
    public Map<Long, String> pathsOf(Collection<Long> unitIds) {
        Map<Long, String> out = new HashMap<>();
        jdbc.sql("select id, path from org_unit where id = any(:ids)").param("ids", unitIds.toArray(Long[]::new))
                .query(rs -> { out.put(rs.getLong(1), rs.getString(2)); });
        return out;
    }

    /**
     * A path range per subtree root: '/1/5/' covers ['/1/5/', '/1/50'), because '/' sorts just below '0'.
     * Byte-wise operators (~>=~, ~<~) use the text_pattern_ops index whatever the database collation,
     * where {@code like any(...)} made PostgreSQL read the whole unit table.
     */
    @Override
    public Set<Long> unitsWithin(Collection<String> subtreePaths) {
        if (subtreePaths.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("select distinct u.id from unnest(:paths::text[]) r(prefix) join org_unit u"
                        + " on u.path ~>=~ r.prefix and u.path ~<~ (left(r.prefix, -1) || '0')")
                .param("paths", subtreePaths.toArray(String[]::new)).query(Long.class).list());
    }

    @Override
    public Optional<Profile> profile(long officialId) {
        return jdbc.sql("""
                select o.id, o.full_name, o.unit_id, u.code, u.name, o.clearance, o.active
                from org_official o join org_unit u on u.id = o.unit_id where o.id = ?""")
                .param(officialId)
                .query((rs, n) -> new Profile(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        SecrecyLevel.ofRank(rs.getInt(6)), rs.getBoolean(7)))
                .optional();
    }
}
