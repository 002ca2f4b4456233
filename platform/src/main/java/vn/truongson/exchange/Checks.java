package vn.truongson.exchange;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;

/** Field checks of the exchange's inputs: every problem at once, each naming its field. */
final class Checks {

    static final Pattern SYSTEM_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
    static final Pattern SERVICE_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Checks() {}

    /** A required one-line text of 1..max characters, NFC and stripped; null (with an error added) when bad. */
    static @Nullable String text(List<FieldError> errors, String field, @Nullable String s, int max, boolean multiline) {
        if (s == null || s.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        return optionalText(errors, field, s, max, multiline);
    }

    static @Nullable String optionalText(List<FieldError> errors, String field, @Nullable String s, int max, boolean multiline) {
        if (s == null || s.isBlank()) return null;
        if (!Inputs.validText(s)) {
            errors.add(new FieldError(field, Inputs.TEXT_KEY));
            return null;
        }
        String v = VietnameseText.nfc(s).strip();
        if (v.length() > max) {
            errors.add(new FieldError(field, "problem.field.length", 1, max));
            return null;
        }
        if (VietnameseText.firstControlChar(v, multiline) >= 0) {
            errors.add(new FieldError(field, "problem.text.control"));
            return null;
        }
        return v;
    }

    static @Nullable String code(List<FieldError> errors, String field, @Nullable String s, Pattern p) {
        if (s == null || s.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        if (s.length() > 64 || !p.matcher(s).matches()) {
            errors.add(new FieldError(field, "problem.field.format"));
            return null;
        }
        return s;
    }

    static <E extends Enum<E>> @Nullable E enumOf(List<FieldError> errors, String field, @Nullable String s, Class<E> type, @Nullable E dflt) {
        return dflt == null ? Inputs.requiredEnum(type, field, s, errors) : Inputs.optionalEnum(type, field, s, dflt, errors);
    }
}
