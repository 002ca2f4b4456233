package vn.truongson.org;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One choice of a single-unit picker (org/fragments :: unitPicker, radios in the tree as the unit picker draws it),
 * indented so that the tree shows ("  BTL86 · Bộ Tư lệnh 86" for a plain select). {@code parentId} is the nearest
 * listed ancestor, {@code level} how many listed units are above, {@code folded} the text the picker's search matches.
 */
public record UnitOption(long id, String label, String shortName, String name, int level, @org.jspecify.annotations.Nullable Long parentId,
        String folded) {

    public UnitOption(long id, String label) {
        this(id, label, label, "", 0, null, vn.truongson.core.VietnameseText.fold(label));
    }

    /**
     * Options for units in tree order (as {@link Units#list} answers them), each indented by how many of its ancestors
     * are in the list: a list with units left out (already chosen, not the person's) still puts each unit under its own
     * parent, never under a sibling's (issue 13, item 4).
     */
    public static List<UnitOption> of(List<Unit> units) {
        Set<Long> listed = new HashSet<>();
        units.forEach(u -> listed.add(u.id()));
        return units.stream().map(u -> {
            int level = 0;
            Long parent = null;
            for (String part : u.path().split("/")) {
                if (!part.isEmpty() && !part.equals(Long.toString(u.id())) && listed.contains(Long.parseLong(part))) {
                    level++;
                    parent = Long.parseLong(part);
                }
            }
            return new UnitOption(u.id(), "\u00a0\u00a0".repeat(level) + u.shortName() + " · " + u.name(), u.shortName(), u.name(), level, parent,
                    vn.truongson.core.VietnameseText.fold(u.shortName() + " " + u.name() + " " + u.code()));
        }).toList();
    }
}
