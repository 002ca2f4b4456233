package vn.truongson.org;

import java.util.List;

/** One choice of a unit picker: indented by depth, so that the tree shows in a plain select ("  BTL86 · Bộ Tư lệnh 86"). */
public record UnitOption(long id, String label) {

    /** Options for units in tree order (as {@link Units#list} answers them); the shallowest is not indented. */
    public static List<UnitOption> of(List<Unit> units) {
        int top = units.stream().mapToInt(Unit::depth).min().orElse(1);
        return units.stream()
                .map(u -> new UnitOption(u.id(), "\u00a0\u00a0".repeat(Math.max(0, u.depth() - top)) + u.shortName() + " · " + u.name()))
                .toList();
    }
}
