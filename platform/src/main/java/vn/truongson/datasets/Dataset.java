package vn.truongson.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/** A data set as defined, in one of its versions. */
public record Dataset(long id, String code, int version, String title, long ownerUnitId, PeriodType periodType, SecrecyLevel secrecy,
        DatasetStatus status, List<Field> fields, List<Rule> rules, List<Category> categories, String createdBy, Instant createdAt, @Nullable Instant publishedAt) {

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("dataset", id, ownerUnitId, secrecy);
    }

    public ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("dataset", id, unitId, secrecy);
    }

    /** The options a field is entered against: its category's, or none for a field not broken down. */
    public List<String> options(Field f) {
        if (f.category() == null) return List.of();
        return categories.stream().filter(c -> c.code().equals(f.category())).findFirst().map(Category::options).orElse(List.of());
    }

    public Optional<Field> field(String code) {
        return fields.stream().filter(f -> f.code().equals(code)).findFirst();
    }
}
