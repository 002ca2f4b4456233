package vn.truongson.org;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.VietnameseText;

/**
 * One line of the unit picker (org/fragments :: unitTree): a unit in its true place in the tree. Units that may not be
 * chosen (already given the task, above the ones that may) stay as plain labels when a choosable unit is below them, so
 * every unit sits under its own parent (issue 13, item 4: a unit removed from a flat list left its children under the
 * wrong parent). {@code parentId} is the nearest shown ancestor; {@code folded} the text searched (đ → d, no marks).
 */
public record UnitChoice(long id, String shortName, String name, int level, @Nullable Long parentId, boolean choosable, String folded) {

    /**
     * The lines for units in tree order (path order, as {@link Units#list} and {@link Units#directory} answer them):
     * each choosable unit, and each unit above one, indented by how many shown units are above it.
     */
    public static List<UnitChoice> tree(List<Unit> units, Predicate<Unit> choosable) {
        Map<Long, Unit> byId = new HashMap<>();
        units.forEach(u -> byId.put(u.id(), u));
        Set<Long> shown = new HashSet<>();
        Set<Long> chosen = new HashSet<>();
        for (Unit u : units) {
            if (!choosable.test(u)) continue;
            chosen.add(u.id());
            shown.add(u.id());
            for (long a : ancestors(u)) if (byId.containsKey(a)) shown.add(a);
        }
        List<UnitChoice> out = new ArrayList<>();
        for (Unit u : units) {
            if (!shown.contains(u.id())) continue;
            Long parent = null;
            int level = 0;
            for (long a : ancestors(u)) {
                if (shown.contains(a)) {
                    parent = a;
                    level++;
                }
            }
            out.add(new UnitChoice(u.id(), u.shortName(), u.name(), level, parent, chosen.contains(u.id()),
                    VietnameseText.fold(u.shortName() + " " + u.name() + " " + u.code())));
        }
        return out;
    }

    /** The units above, from the root down, by the materialised path ('/1/5/23/'). */
    private static List<Long> ancestors(Unit u) {
        List<Long> out = new ArrayList<>();
        for (String part : u.path().split("/")) {
            if (!part.isEmpty() && !part.equals(Long.toString(u.id()))) out.add(Long.parseLong(part));
        }
        return out;
    }
}
