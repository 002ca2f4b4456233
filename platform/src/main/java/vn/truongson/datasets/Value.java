package vn.truongson.datasets;

import java.math.BigDecimal;
import java.util.List;

/**
 * A value as it arrives for a field, before the field's type judges it: what JSON (or an Excel cell) carried. The web
 * edge reads the body itself, so that a number JSON cannot hold in a double (1e5000), NaN or a bad text is named by its
 * field here, not lost in the parser.
 */
public sealed interface Value {

    record Number(BigDecimal value) implements Value {}

    record Text(String value) implements Value {}

    record Bool(boolean value) implements Value {}

    record Texts(List<Value> values) implements Value {}

    /** A value per option of a field broken down by a category list: {@code {"Nam": 3, "Nữ": 2}}. */
    record Parts(java.util.Map<String, Value> values) implements Value {}

    /** null, or absent. */
    record Empty() implements Value {}

    /** A number outside the platform's range, or NaN or Infinity: refused with {@code problem.number.range}. */
    record NotFinite() implements Value {}

    /** A text with NUL or a lone surrogate: refused with {@code problem.text.invalid}. */
    record BadText() implements Value {}

    /** An object, or anything else no field type takes. */
    record Other() implements Value {}
}
