package vn.truongson.core;

import org.jspecify.annotations.Nullable;

/** Identifiers travel as strings (API.md); inside they are positive longs. */
public final class Ids {

    private Ids() {}

    /** The id, or a 400 naming the field. */
    public static long parse(String field, @Nullable String value) {
        if (value == null || value.isBlank()) throw new DomainException.BadInput(field, "problem.field.required");
        try {
            long id = Long.parseLong(value.trim());
            if (id <= 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new DomainException.BadInput(field, "problem.id.format", value);
        }
    }

    /** For path variables: a malformed id names no record, so it is a 404. */
    public static long pathId(String what, String value) {
        try {
            long id = Long.parseLong(value);
            if (id <= 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new DomainException.NotFound(what, value);
        }
    }

    public static String str(long id) {
        return Long.toString(id);
    }
}
