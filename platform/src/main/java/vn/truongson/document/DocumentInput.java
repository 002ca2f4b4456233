package vn.truongson.document;

import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;

/** Reading ids people typed into the document forms, each problem added to the field's errors (enums: core.Inputs). */
final class DocumentInput {

    private DocumentInput() {}

    static @Nullable Long parseId(List<FieldError> errors, String field, @Nullable String value) {
        try {
            return Ids.parse(field, value);
        } catch (DomainException.BadInput e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    static @Nullable Long tryId(String value) {
        try {
            return Ids.parse("x", value);
        } catch (DomainException.BadInput e) {
            return null;
        }
    }
}
