package vn.truongson.org;

import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/**
 * An official (cán bộ): a person of a unit, with a position, a rank and a clearance. {@code secrecy} is the
 * level of the personnel record itself (e.g. staff of a classified unit).
 */
public record Official(long id, String fullName, long unitId, String position, @Nullable String rankTitle,
        SecrecyLevel clearance, SecrecyLevel secrecy, @Nullable String email, @Nullable String phone, boolean active) {

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("official", id, unitId, secrecy);
    }
}
