package vn.truongson.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.truongson.core.SecrecyLevel;

/**
 * Issue 13, item 4: a unit list with units left out (given the task already) still draws each unit under its own
 * parent — the regiments of Sư đoàn 3 never under "BTM QK1" — in the picker and in plain selects.
 */
class UnitTreeChoicesTest {

    static Unit u(long id, String shortName, String path) {
        int depth = (int) path.chars().filter(c -> c == '/').count() - 1;
        return new Unit(id, "U" + id, shortName + " đầy đủ", shortName, UnitKind.COMMAND, null, path, depth, null, SecrecyLevel.THUONG);
    }

    // BQP(1) > QK1(2) > BTM QK1(3), SĐ3(4) > e2(5), e12(6); QK1 > Đoàn 1(7)
    static final List<Unit> TREE = List.of(u(1, "BQP", "/1/"), u(2, "QK1", "/1/2/"), u(3, "BTM QK1", "/1/2/3/"), u(4, "SĐ3", "/1/2/4/"),
            u(5, "e2", "/1/2/4/5/"), u(6, "e12", "/1/2/4/6/"), u(7, "Đoàn 1", "/1/2/7/"));

    @Test
    void the_picker_keeps_an_assigned_unit_as_the_label_above_its_regiments() {
        List<UnitChoice> lines = UnitChoice.tree(TREE, x -> x.id() != 4 && x.id() != 1 && x.id() != 2);
        assertThat(lines).extracting(UnitChoice::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        UnitChoice sd3 = lines.get(3);
        assertThat(sd3.choosable()).isFalse();
        assertThat(lines.get(4).parentId()).isEqualTo(4L);
        assertThat(lines.get(4).level()).isEqualTo(sd3.level() + 1);
        assertThat(lines.get(2).parentId()).isEqualTo(2L);
        assertThat(lines.get(4).folded()).contains("e2");
        // Nothing choosable below a unit: it is not drawn at all.
        assertThat(UnitChoice.tree(TREE, x -> x.id() == 3)).extracting(UnitChoice::id).containsExactly(1L, 2L, 3L);
        assertThat(UnitChoice.tree(TREE, x -> false)).isEmpty();
    }

    @Test
    void the_picker_folds_diacritics_for_search() {
        assertThat(UnitChoice.tree(List.of(u(9, "Đoàn Sư", "/9/")), x -> true).getFirst().folded()).contains("doan su");
    }

    @Test
    void a_plain_select_without_the_assigned_unit_puts_its_regiments_under_their_own_parent_level() {
        List<Unit> without = TREE.stream().filter(x -> x.id() != 4).toList();
        List<UnitOption> options = UnitOption.of(without);
        String btm = options.stream().filter(o -> o.id() == 3).findFirst().orElseThrow().label();
        String e2 = options.stream().filter(o -> o.id() == 5).findFirst().orElseThrow().label();
        // e2 is no deeper than BTM QK1 (its sibling's child would be): both sit directly under QK1 now.
        assertThat(indent(e2)).isEqualTo(indent(btm)).isEqualTo(2);
        assertThat(indent(options.getFirst().label())).isZero();
    }

    static int indent(String label) {
        int n = 0;
        while (label.startsWith("\u00a0\u00a0", n * 2)) n++;
        return n;
    }
}
