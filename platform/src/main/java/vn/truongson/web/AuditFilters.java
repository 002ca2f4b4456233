package vn.truongson.web;

import vn.truongson.core.Vietnam;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;

/**
 * The audit filters as the API and the screen take them: who, what, when, outcome. A date means a whole
 * day in Vietnam time, so "to=2026-11-20" includes the 20th; an instant is taken as given, "to" exclusive.
 */
final class AuditFilters {

    static final ZoneId VIETNAM = Vietnam.ZONE;
    /** Strict, so that 31/02 is refused rather than quietly read as 28/02. */
    static final DateTimeFormatter SCREEN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    static final Set<String> OUTCOMES = Set.of(AuditTrail.SUCCESS, AuditTrail.FAILURE, AuditTrail.DENIED);

    private AuditFilters() {}

    /**
     * The query, or a 400 naming every bad field at once. {@code screenDates} also accepts dd/MM/yyyy, the
     * form in which the screen shows dates.
     */
    static AuditTrail.Query query(@Nullable String actor, @Nullable String action, @Nullable String from, @Nullable String to,
            @Nullable String outcome, @Nullable String target, int limit, long beforeId, boolean screenDates) {
        var errors = new ArrayList<FieldError>();
        String a = text("actor", actor, 64, errors);
        String act = text("action", action, 100, errors);
        String t = text("target", target, 200, errors);
        Instant f = instant("from", from, false, screenDates, errors);
        Instant u = instant("to", to, true, screenDates, errors);
        String o = blank(outcome) ? null : outcome.strip().toUpperCase(Locale.ROOT);
        if (o != null && !OUTCOMES.contains(o)) errors.add(new FieldError("outcome", "problem.audit.outcome"));
        if (f != null && u != null && !f.isBefore(u)) errors.add(new FieldError("from", "problem.audit.range"));
        if (limit < 1 || limit > 1000) errors.add(new FieldError("limit", "problem.field.range"));
        if (beforeId < 0) errors.add(new FieldError("beforeId", "problem.field.range"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        // Usernames are stored lower-case (Accounts.normaliseUsername); so are "system" and "anonymous".
        return new AuditTrail.Query(a == null ? null : a.toLowerCase(Locale.ROOT), act, f, u, t, o, limit, beforeId);
    }

    private static @Nullable String text(String field, @Nullable String value, int max, List<FieldError> errors) {
        if (blank(value)) return null;
        String s = value.strip();
        if (s.length() > max) {
            errors.add(new FieldError(field, "problem.field.length", 1, max));
            return null;
        }
        return s;
    }

    /** yyyy-MM-dd (a day in Vietnam time), an ISO instant ("…Z") or an ISO date-time with offset. */
    static @Nullable Instant instant(String field, @Nullable String value, boolean endOfDay, boolean screenDates, List<FieldError> errors) {
        if (blank(value)) return null;
        String s = value.strip();
        try {
            LocalDate day = null;
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) day = LocalDate.parse(s);
            else if (screenDates && s.matches("\\d{1,2}/\\d{1,2}/\\d{4}")) day = LocalDate.parse(pad(s), SCREEN_DATE);
            if (day != null) return (endOfDay ? day.plusDays(1) : day).atStartOfDay(VIETNAM).toInstant();
            if (s.endsWith("Z") || s.endsWith("z")) return Instant.parse(s.toUpperCase(Locale.ROOT));
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "problem.audit.instant"));
            return null;
        }
    }

    /** 1/2/2026 → 01/02/2026. */
    private static String pad(String s) {
        String[] p = s.split("/");
        return (p[0].length() == 1 ? "0" + p[0] : p[0]) + "/" + (p[1].length() == 1 ? "0" + p[1] : p[1]) + "/" + p[2];
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
