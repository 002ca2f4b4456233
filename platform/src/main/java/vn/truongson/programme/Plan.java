package vn.truongson.programme;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/**
 * A plan (kế hoạch) of one year, owned by a unit. It is drafted, then issued (ban hành); issuing freezes its
 * groups and tasks, and only an issued plan is reported on.
 *
 * @param reportDueDay the day of each month by which that period's report is due
 */
public record Plan(long id, String code, String title, int year, PlanKind kind, @Nullable String theme, @Nullable String breakthrough,
        long ownerUnitId, int reportDueDay, PlanStatus status, @Nullable Instant issuedAt) {

    /** Around the 20th (DOMAIN-VN.md §5, unconfirmed), so a plan may choose its own. */
    public static final int DEFAULT_REPORT_DUE_DAY = 20;
    /** Not before the cut-off closes on the 14th; not past the 28th, so every month has the day. */
    public static final int MIN_DUE_DAY = 15;
    public static final int MAX_DUE_DAY = 28;
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;

    /** Issues the plan; only a draft may be issued. */
    public Plan issue(Instant at) {
        if (status != PlanStatus.DRAFT) throw new DomainException.Conflict("programme.plan.already-issued", code);
        return new Plan(id, code, title, year, kind, theme, breakthrough, ownerUnitId, reportDueDay, PlanStatus.ISSUED, at);
    }

    /** Groups and tasks change only while drafting: an issued plan is what units were told to do. */
    public void requireDraft() {
        if (status != PlanStatus.DRAFT) throw new DomainException.Conflict("programme.plan.frozen", code);
    }

    /** Units report only on an issued plan. */
    public void requireIssued() {
        if (status != PlanStatus.ISSUED) throw new DomainException.Conflict("programme.plan.not-issued", code);
    }

    /** A plan's periods are the twelve months of its year. */
    public void requireWithinYear(String field, Period period) {
        if (period.year() != year) {
            throw new DomainException.BadInput(field, "programme.period.outside-year", period.toString(), Integer.toString(year));
        }
    }

    public OffsetDateTime deadline(Period period) {
        return period.deadline(reportDueDay);
    }

    /** After this instant the period's reports can no longer be submitted or revised. */
    public Instant locksAt(Period period, int lockDays) {
        return period.deadlineInstant(reportDueDay).plus(lockDays, ChronoUnit.DAYS);
    }

    /** Plans are not classified; the owner unit is what grants are checked against. */
    public ProtectedRecord asProtected() {
        return new ProtectedRecord("plan", id, ownerUnitId, SecrecyLevel.THUONG);
    }
}
