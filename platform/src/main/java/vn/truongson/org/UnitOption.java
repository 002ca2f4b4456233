package vn.truongson.org;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One choice of a plain unit select, indented so that the tree shows ("  BTL86 · Bộ Tư lệnh 86"). */
public record UnitOption(long id, String label) {

    /**
     * Options for units in tree order (as {@link Units#list} answers them), each indented by how many of its ancestors
     * are in the list: a list with units left out (already chosen, not the person's) still puts each unit under its own
     * parent, never under a sibling's (issue 13, item 4). Screens that choose among many units use the picker
     * ({@link UnitChoice}, org/fragments :: unitTree).
     */
    public static List<UnitOption> of(List<Unit> units) {
        Set<Long> listed = new HashSet<>();
        units.forEach(u -> listed.add(u.id()));
        return units.stream().map(u -> {
            int level = 0;
            for (String part : u.path().split("/")) {
                if (!part.isEmpty() && !part.equals(Long.toString(u.id())) && listed.contains(Long.parseLong(part))) level++;
            }
            return new UnitOption(u.id(), "\u00a0\u00a0".repeat(level) + u.shortName() + " · " + u.name());
        }).toList();
    }
}
