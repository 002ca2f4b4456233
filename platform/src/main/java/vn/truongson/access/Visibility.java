package vn.truongson.access;

import java.util.HashMap;
import org.jspecify.annotations.Nullable;
import java.util.Set;
import vn.truongson.core.SecrecyLevel;

/**
 * The part of the organisation, and the highest secrecy, that the current request may see for some
 * roles. {@link #where} turns it into SQL so that list queries filter in the database.
 *
 * @param everything a SUBTREE grant on a root unit: every unit is in scope
 * @param unitIds units covered by the grants: UNIT grants' units, and every unit within a SUBTREE grant's root
 *        (asked of {@link UnitHierarchy#unitsWithin} once, when the visibility is made)
 * @param subtreePaths materialised paths of SUBTREE grant roots
 * @param maxSecrecy the lower of clearance and what the zone may carry
 */
public record Visibility(boolean everything, Set<Long> unitIds, Set<String> subtreePaths, SecrecyLevel maxSecrecy,
        UnitHierarchy hierarchy) {

    public boolean nothing() {
        return !everything && unitIds.isEmpty() && subtreePaths.isEmpty();
    }

    public boolean coversUnitPath(long unitId, String path) {
        return everything || unitIds.contains(unitId) || subtreePaths.stream().anyMatch(path::startsWith);
    }

    /**
     * The condition for a table whose rows carry a unit column and a secrecy-rank column (0 = Thường).
     * Pass {@code null} as the secrecy column for tables whose rows are never classified.
     */
    public SqlFilter where(String unitColumn, @Nullable String secrecyColumn) {
        var params = new HashMap<String, Object>();
        StringBuilder sql = new StringBuilder();
        if (nothing()) return new SqlFilter("false", params);
        if (!everything) {
            sql.append("(").append(UnitHierarchy.unitIn(unitColumn, "acl_units")).append(")");
            params.put("acl_units", unitIds.toArray(Long[]::new));
        }
        if (secrecyColumn != null) {
            if (!sql.isEmpty()) sql.append(" and ");
            sql.append(secrecyColumn).append(" <= :acl_level");
            params.put("acl_level", maxSecrecy.rank());
        }
        return new SqlFilter(sql.isEmpty() ? "true" : sql.toString(), params);
    }
}
