package vn.truongson.datasets;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One field of a data set, as defined: code, label, type, bounds, choices and how it rolls up. */
public record Field(String code, String label, FieldType type, boolean required, @Nullable BigDecimal min, @Nullable BigDecimal max,
        Aggregation aggregation, List<String> options, @Nullable String unitOfMeasure) {}
