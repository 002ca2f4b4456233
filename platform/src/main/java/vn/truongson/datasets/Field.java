package vn.truongson.datasets;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One field of a data set, as defined: code, label, type, bounds, choices, how it rolls up and its category list, if any;
 * with a second list ({@code category2}) it is broken down by the pairs of options of both (a cross table: the first
 * list's options as rows, the second's as columns).
 */
public record Field(String code, String label, FieldType type, boolean required, @Nullable BigDecimal min, @Nullable BigDecimal max,
        Aggregation aggregation, List<String> options, @Nullable String unitOfMeasure, @Nullable String category, @Nullable String category2) {

    /** The separator of a pair's two options in the key of its value: {@code "Sĩ quan × Lục quân"}. */
    public static final String PAIR = " × ";

    /** Whether the field is broken down by two category lists (a value per pair of options). */
    public boolean crossed() {
        return category != null && category2 != null;
    }

    /** Whether the field is broken down by a category list (its value is then one number per option). */
    public boolean disaggregated() {
        return category != null;
    }
}
