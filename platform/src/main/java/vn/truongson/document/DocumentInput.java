package vn.truongson.document;

import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;

/** Reading what people typed into the document forms: enums and ids, each problem added to the field's errors. */
final class DocumentInput {

    private DocumentInput() {}

    static <E extends Enum<E>> @Nullable E parseEnum(List<FieldError> errors, String field, @Nullable String value, Class<E> type,
            @Nullable E fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "document.enum", value, java.util.Arrays.toString(type.getEnumConstants())));
            return fallback;
        }
    }

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
