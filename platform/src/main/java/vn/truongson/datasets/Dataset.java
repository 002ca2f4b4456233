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

    /**
     * The options a field is entered against: its category's, or for a field broken down by two lists every pair
     * ("Sĩ quan × Lục quân"), the first list's options in order, each with the second's; none for a field not broken down.
     */
    public List<String> options(Field f) {
        if (f.category() == null) return List.of();
        List<String> rows = categoryOptions(f.category());
        if (f.category2() == null) return rows;
        List<String> cols = categoryOptions(f.category2());
        List<String> out = new java.util.ArrayList<>(rows.size() * cols.size());
        for (String r : rows) for (String c : cols) out.add(r + Field.PAIR + c);
        return out;
    }

    /** The options of a category list by its code (none for an unknown code). */
    public List<String> categoryOptions(@Nullable String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst().map(Category::options).orElse(List.of());
    }

    /** The label of a category list by its code (the code for an unknown one). */
    public String categoryLabel(String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst().map(Category::label).orElse(code);
    }

    public Optional<Field> field(String code) {
        return fields.stream().filter(f -> f.code().equals(code)).findFirst();
    }
}
