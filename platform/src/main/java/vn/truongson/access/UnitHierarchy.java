package vn.truongson.access;

import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The unit tree as the policy needs it. Implemented by the org module, which owns the tree; the policy and the
 * modules that narrow a query to a subtree ask it for paths and unit ids, values bound into their own queries, so no
 * module's SQL names org's tables (the boundary is visible in the types, and checked by the Modulith test).
 */
public interface UnitHierarchy {

    /** The unit's materialised path ('/1/5/23/'), if the unit exists. */
    Optional<String> pathOf(long unitId);

    Map<Long, String> pathsOf(Collection<Long> unitIds);

    /** The ids of the units within the subtrees rooted at these materialised paths, the roots included. */
    Set<Long> unitsWithin(Collection<String> subtreePaths);

    /** {@link #unitsWithin} for one subtree, as an array to bind to {@link #unitIn}'s parameter. */
    default Long[] unitsWithin(String subtreePath) {
        return unitsWithin(List.of(subtreePath)).toArray(Long[]::new);
    }

    /** The condition "{@code column} holds one of the units bound as a bigint array to the named parameter". */
    static String unitIn(String column, String param) {
        return column + " = any(:" + param + ")";
    }
}
