package vn.truongson.datasets;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One field of a data set, as defined: code, label, type, bounds, choices, how it rolls up and its category list, if any. */
public record Field(String code, String label, FieldType type, boolean required, @Nullable BigDecimal min, @Nullable BigDecimal max,
        Aggregation aggregation, List<String> options, @Nullable String unitOfMeasure, @Nullable String category) {

    /** Whether the field is broken down by a category list (its value is then one number per option). */
    public boolean disaggregated() {
        return category != null;
    }
}
