package vn.truongson.access;

/**
 * An official asked for a password reset on {@code /login/forgot} (one event per open request, however many times he
 * asked): the administrators of his unit are told (notify module, {@code PasswordResetNotices}).
 */
public record PasswordResetRequested(long requestId, long officialId, long unitId) {}
