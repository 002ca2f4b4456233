package vn.truongson.org;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only counts over the organisation for figures computed elsewhere (secops' IT adoption): a unit's subtree and its
 * active officials. No policy check: the caller has already decided the person may see the unit.
 */
@Component
public class OrgFigures {

    private final JdbcClient jdbc;

    OrgFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids of the unit and every unit below it (empty for an unknown unit). */
    public List<Long> subtree(long unitId) {
        return jdbc.sql("select d.id from org_unit u join org_unit d on d.path like u.path || '%' where u.id = ? order by d.path")
                .param(unitId).query(Long.class).list();
    }

    /** Active officials of these units: official id → unit id. */
    public Map<Long, Long> activeOfficials(List<Long> unitIds) {
        Map<Long, Long> out = new HashMap<>();
        if (unitIds.isEmpty()) return out;
        jdbc.sql("select id, unit_id from org_official where active and unit_id = any(:units)").param("units", unitIds.toArray(Long[]::new))
                .query(rs -> { out.put(rs.getLong(1), rs.getLong(2)); });
        return out;
    }
}
