package vn.truongson.access;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The unit tree as the policy needs it. Implemented by the org module, which owns the tree; the policy
 * only asks for paths and for a SQL condition, so it never reads org's tables itself.
 */
public interface UnitHierarchy {

    /** The unit's materialised path ('/1/5/23/'), if the unit exists. */
    Optional<String> pathOf(long unitId);

    Map<Long, String> pathsOf(Collection<Long> unitIds);

    /**
     * A SQL condition, true when {@code column} holds a unit within one of the subtrees whose path
     * prefixes are bound as a text array to the named parameter.
     */
    String withinSubtreesSql(String column, String pathsParam);
}
