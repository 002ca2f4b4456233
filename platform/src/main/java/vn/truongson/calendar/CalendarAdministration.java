package vn.truongson.calendar;

import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Edits of the calendar by a system administrator: the Government announces each year's day-off plan
 * and its swaps a few months ahead, so the table must change without a release. Every edit is audited
 * in the same transaction.
 */
@Service
public class CalendarAdministration {

    private final CalendarDays days;
    private final AccessPolicy policy;
    private final AuditTrail audit;

    CalendarAdministration(CalendarDays days, AccessPolicy policy, AuditTrail audit) {
        this.days = days;
        this.policy = policy;
        this.audit = audit;
    }

    /** Refuses unless the caller is a system administrator; for screens that show the edit forms. */
    public void requireAdministrator() {
        policy.requireSystemAdmin();
    }

    /** Creates the day, or replaces what was stored for that date. */
    @Transactional
    public CalendarDay save(CalendarDay day) {
        policy.requireSystemAdmin();
        Optional<CalendarDay> before = days.read(day.date());
        days.save(day);
        String detail = describe(day) + before.map(b -> " (was " + describe(b) + ")").orElse("");
        audit.record("calendar.day.save", target(day.date()), AuditTrail.SUCCESS, detail);
        evictAfterCommit();
        return day;
    }

    /**
     * Removes the stored day, which then follows the weekly rule again.
     *
     * @throws DomainException.NotFound when nothing is stored for that date
     */
    @Transactional
    public CalendarDay delete(LocalDate date) {
        policy.requireSystemAdmin();
        CalendarDay removed = days.delete(date).orElseThrow(() -> new DomainException.NotFound("calendar-day", date));
        audit.record("calendar.day.delete", target(date), AuditTrail.SUCCESS, describe(removed));
        evictAfterCommit();
        return removed;
    }

    private static String target(LocalDate date) {
        return "calendar-day:" + date;
    }

    private static String describe(CalendarDay d) {
        @Nullable String source = d.source();
        return d.kind() + " " + d.name() + (source == null ? "" : " [" + source + "]");
    }

    /**
     * Now, so this node stops serving the old year at once, and again when the transaction ends, so
     * that a copy read meanwhile, before the commit, is not kept.
     */
    private void evictAfterCommit() {
        days.evict();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    days.evict();
                }
            });
        }
    }
}
