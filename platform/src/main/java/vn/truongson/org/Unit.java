package vn.truongson.org;

import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/**
 * A unit (đơn vị). {@code organId} is its organisation identifier (mã định danh, NNN.NN.NN.XNN) used in
 * document exchange; in demo data these are placeholders.
 */
public record Unit(long id, String code, String name, String shortName, UnitKind kind, @Nullable Long parentId,
        String path, int depth, @Nullable String organId, SecrecyLevel secrecy) {

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("unit", id, id, secrecy);
    }
}
