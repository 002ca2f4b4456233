package vn.truongson.core;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.FieldError;

/**
 * The platform's one rule for what may come in at the edge (API.md, "Rules for the whole API"): numbers are
 * finite, |x| ≤ 10¹⁵, with at most 6 decimals; text is valid Unicode without NUL or lone surrogates. The web
 * edge (query parameters, form fields, JSON) and every parser of numbers (forms, Excel import) ask here, and the
 * readers of stored data ask {@link #validNumber} to mark a value stored before the rule as invalid instead of failing.
 */
public final class Inputs {

    private Inputs() {}

    /** The largest magnitude a number may have: 10¹⁵. */
    public static final BigDecimal MAX_MAGNITUDE = BigDecimal.TEN.pow(15);
    /** The most decimals a number may carry. */
    public static final int MAX_DECIMALS = 6;

    /** Message key of a number out of the range or precision above; arguments: none (the limits are in the text). */
    public static final String NUMBER_KEY = "problem.number.range";
    /** Message key of text with NUL, a lone surrogate or bytes that are not UTF-8. */
    public static final String TEXT_KEY = "problem.text.invalid";

    /** True when the number is within the platform's range and precision. */
    public static boolean validNumber(@Nullable BigDecimal n) {
        if (n == null) return true;
        // Decide on the exponent before any arithmetic: 1e100000 must not cost a 100,000-digit expansion.
        if (n.signum() == 0) return true;
        long integerDigits = (long) n.precision() - n.scale();
        if (integerDigits > 16) return false;
        if (n.abs().compareTo(MAX_MAGNITUDE) > 0) return false;
        if (n.scale() <= MAX_DECIMALS) return true;
        // Trailing zeros are not decimals: 1.5000000 is 1.5. Bound the work: a scale in the millions is refused outright.
        if (n.scale() > 10_000) return false;
        return n.stripTrailingZeros().scale() <= MAX_DECIMALS;
    }

    /** True when the double is finite and within the platform's range and precision. */
    public static boolean validNumber(double d) {
        if (!Double.isFinite(d)) return false;
        return validNumber(BigDecimal.valueOf(d));
    }

    /** Adds the field's error when the number is outside the range; answers whether it was valid. */
    public static boolean checkNumber(List<FieldError> errors, String field, @Nullable BigDecimal n) {
        if (validNumber(n)) return true;
        errors.add(new FieldError(field, NUMBER_KEY));
        return false;
    }

    /** Throws a 400 naming the field when the number is outside the range. */
    public static @Nullable BigDecimal requireNumber(String field, @Nullable BigDecimal n) {
        if (!validNumber(n)) throw new DomainException.BadInput(field, NUMBER_KEY);
        return n;
    }

    /**
     * The index of the first NUL or lone (unpaired) surrogate in the text, or -1. Other control characters are the
     * business of {@link VietnameseText#firstControlChar}, since some fields allow line breaks.
     */
    public static int firstInvalidChar(@Nullable CharSequence s) {
        if (s == null) return -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') return i;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) return i;
        }
        return -1;
    }

    public static boolean validText(@Nullable CharSequence s) {
        return firstInvalidChar(s) < 0;
    }

    /** Throws a 400 naming the field when the text holds NUL or a lone surrogate. */
    public static @Nullable String requireText(String field, @Nullable String s) {
        if (!validText(s)) throw new DomainException.BadInput(field, TEXT_KEY);
        return s;
    }

    /**
     * One line of text from the edge, as a form or a JSON body gives it: blank is absent (with {@code problem.field.required}
     * on the field when {@code required}); NUL, a lone surrogate or any control character (a line break too) is
     * {@link #TEXT_KEY}; else the text in NFC, stripped, its runs of white space made one space, and at most {@code max}
     * characters (else {@code tooLongKey} with {@code max} as its argument). Null whenever an error was added, so a form
     * collects every error at once.
     */
    public static @Nullable String text(List<FieldError> errors, String field, @Nullable String value, int max, boolean required, String tooLongKey) {
        if (value == null || value.isBlank()) {
            if (required) errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        if (!validText(value) || VietnameseText.firstControlChar(value, false) >= 0) {
            errors.add(new FieldError(field, TEXT_KEY));
            return null;
        }
        String s = VietnameseText.nfc(value).strip().replaceAll("\\s+", " ");
        if (s.length() > max) {
            errors.add(new FieldError(field, tooLongKey, max));
            return null;
        }
        return s;
    }

    /** Message keys of a list of record ids: too many (argument: the bound), an entry not an id, an entry repeated. */
    public static final String IDS_TOO_MANY = "problem.ids.too-many";
    public static final String ID_NUMBER = "problem.id.number";
    public static final String ID_REPEATED = "problem.id.repeated";

    /**
     * A list of record ids from a JSON body ({@code [12, 15]}): required, at most {@code max} entries (else one error on
     * the field and nothing read), each a whole number from 1 to 2⁶³−1 written as a number — a string, a fraction, a
     * boolean, null, a list or 1e30 is {@link #ID_NUMBER} on {@code field[k]} —, none twice ({@link #ID_REPEATED} on the
     * later one). Answers the well-formed ids by their index, in order, so the caller names {@code field[k]} for each it
     * then finds unknown, hidden (the same error: hidden is missing) or not allowed.
     */
    public static java.util.SequencedMap<Integer, Long> ids(List<FieldError> errors, String field, @Nullable List<?> values, int max) {
        var ids = new java.util.LinkedHashMap<Integer, Long>();
        if (values == null || values.isEmpty()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return ids;
        }
        if (values.size() > max) {
            errors.add(new FieldError(field, IDS_TOO_MANY, max));
            return ids;
        }
        var seen = new java.util.HashSet<Long>();
        for (int k = 0; k < values.size(); k++) {
            Long id = id(values.get(k));
            if (id == null) errors.add(new FieldError(field + "[" + k + "]", ID_NUMBER));
            else if (!seen.add(id)) errors.add(new FieldError(field + "[" + k + "]", ID_REPEATED));
            else ids.put(k, id);
        }
        return ids;
    }

    /** The id a JSON number names (a whole number from 1 to 2⁶³−1), else null. */
    private static @Nullable Long id(@Nullable Object v) {
        BigDecimal d;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) d = BigDecimal.valueOf(((Number) v).longValue());
        else if (v instanceof java.math.BigInteger b) d = new BigDecimal(b);
        else if (v instanceof BigDecimal b) d = b;
        else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (!Double.isFinite(x)) return null;
            d = BigDecimal.valueOf(x);
        } else return null;
        // Decide on the exponent first: 1e100000 must not cost a 100,000-digit expansion.
        if (d.signum() <= 0 || (long) d.precision() - d.scale() > 19) return null;
        try {
            long id = d.longValueExact();
            return id > 0 ? id : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Null for null or blank text, else the text stripped of surrounding white space. */
    public static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * A required enum constant named by the text (stripped): blank adds {@code problem.field.required} on the field,
     * an unknown name {@code problem.field.enum}; either way null is returned, so a form collects every error at once.
     */
    public static <E extends Enum<E>> @Nullable E requiredEnum(Class<E> type, String field, @Nullable String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        return parseEnum(type, field, value, null, errors);
    }

    /** An optional enum constant: blank is {@code whenBlank}; an unknown name adds {@code problem.field.enum} and returns null. */
    public static <E extends Enum<E>> @Nullable E optionalEnum(Class<E> type, String field, @Nullable String value, @Nullable E whenBlank,
            List<FieldError> errors) {
        if (value == null || value.isBlank()) return whenBlank;
        return parseEnum(type, field, value, null, errors);
    }

    private static <E extends Enum<E>> @Nullable E parseEnum(Class<E> type, String field, String value, @Nullable E fallback, List<FieldError> errors) {
        String v = value.strip();
        for (E e : type.getEnumConstants()) if (e.name().equals(v)) return e;
        errors.add(new FieldError(field, "problem.field.enum"));
        return fallback;
    }
}
