package vn.truongson.core;

import java.util.List;

/**
 * A refusal the caller can understand. The web layer maps each subtype to an RFC 9457 problem;
 * {@code messageKey} names a message in messages*.properties, so the problem speaks the caller's language.
 */
public abstract class DomainException extends RuntimeException {

    private final String messageKey;
    private final Object[] args;

    protected DomainException(String messageKey, Object... args) {
        super(messageKey);
        this.messageKey = messageKey;
        this.args = args;
    }

    public String messageKey() { return messageKey; }

    public Object[] args() { return args; }

    public abstract int status();

    /** 400: the request is malformed; each {@link FieldError} names a field. */
    public static class BadInput extends DomainException {
        private final List<FieldError> errors;

        public BadInput(List<FieldError> errors) {
            super("problem.bad-input");
            this.errors = List.copyOf(errors);
        }

        public BadInput(String field, String messageKey, Object... args) {
            this(List.of(new FieldError(field, messageKey, args)));
        }

        public List<FieldError> errors() { return errors; }

        @Override public int status() { return 400; }
    }

    /** One field's problem: the field's JSON path and a message key with its arguments. */
    public record FieldError(String field, String messageKey, Object... args) {}

    /** 404: no such record, or one the caller may not know exists. */
    public static class NotFound extends DomainException {
        public NotFound(String what, Object id) { super("problem.not-found", what, id); }
        @Override public int status() { return 404; }
    }

    /** 403: the record exists and the caller knows it, but may not do this. */
    public static class Forbidden extends DomainException {
        public Forbidden(String messageKey, Object... args) { super(messageKey, args); }
        @Override public int status() { return 403; }
    }

    /** 409: the action is illegal in the record's current state. */
    public static class Conflict extends DomainException {
        public Conflict(String messageKey, Object... args) { super(messageKey, args); }
        @Override public int status() { return 409; }
    }
}
