package vn.truongson.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/** A data set as defined, in one of its versions. */
public record Dataset(long id, String code, int version, String title, long ownerUnitId, PeriodType periodType, SecrecyLevel secrecy,
        DatasetStatus status, List<Field> fields, List<Rule> rules, String createdBy, Instant createdAt, @Nullable Instant publishedAt) {

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("dataset", id, ownerUnitId, secrecy);
    }

    public ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("dataset", id, unitId, secrecy);
    }

    public Optional<Field> field(String code) {
        return fields.stream().filter(f -> f.code().equals(code)).findFirst();
    }
}
