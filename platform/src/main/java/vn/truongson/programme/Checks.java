package vn.truongson.programme;

import static vn.truongson.core.Inputs.blankToNull;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;

/** Field checks shared by the programme's inputs; each adds a field error rather than throwing, so all are named at once. */
final class Checks {

    private Checks() {}

    /** Required text of 1..max characters; a title or a code is a single line. */
    static void text(List<FieldError> errors, String field, @Nullable String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return;
        }
        optionalText(errors, field, value, max, multiline);
    }

    static void optionalText(List<FieldError> errors, String field, @Nullable String value, int max, boolean multiline) {
        if (value == null) return;
        if (value.length() > max) errors.add(new FieldError(field, "problem.field.length", 0, max));
        else if (VietnameseText.firstControlChar(value, multiline) >= 0) errors.add(new FieldError(field, "problem.text.control"));
    }

}
