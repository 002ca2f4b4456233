package vn.truongson.programme;

import static vn.truongson.core.Inputs.blankToNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;

/**
 * One assignment's progress report (báo cáo tiến độ) for one period, as it stands after its latest revision.
 * Every revision is kept beside it; the first submission alone decides whether the report came in on time,
 * and none is accepted once the period has locked.
 */
public record Report(long assignmentId, Period period, int revision, Content content, Instant firstSubmittedAt, boolean onTime,
        Instant submittedAt) {

    public static final int MAX_TEXT = 4000;

    /**
     * What a unit reports. Validates itself: percentages 0–100, texts within bounds. Indicator values without
     * a number are left out, as if not reported.
     */
    public record Content(ReportStatus status, BigDecimal percentComplete, Map<String, BigDecimal> indicatorValues,
            @Nullable String obstacles, boolean bottleneck, @Nullable String proposal) {

        public Content {
            List<FieldError> errors = new ArrayList<>();
            if (percentComplete.compareTo(BigDecimal.ZERO) < 0 || percentComplete.compareTo(BigDecimal.valueOf(100)) > 0) {
                errors.add(new FieldError("percentComplete", "programme.report.percent", percentComplete.toPlainString()));
            }
            if (obstacles != null && obstacles.length() > MAX_TEXT) errors.add(new FieldError("obstacles", "problem.field.length", 0, MAX_TEXT));
            if (proposal != null && proposal.length() > MAX_TEXT) errors.add(new FieldError("proposal", "problem.field.length", 0, MAX_TEXT));
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            TreeMap<String, BigDecimal> values = new TreeMap<>();
            indicatorValues.forEach((code, value) -> {
                if (value != null) values.put(code, value);
            });
            indicatorValues = Collections.unmodifiableMap(values);
            obstacles = blankToNull(obstacles);
            proposal = blankToNull(proposal);
        }

        /**
         * Refuses figures outside the platform's one range (API.md: finite, |x| ≤ 10¹⁵, at most 6 decimals), naming each:
         * on submission, whatever the door (API, screen, import). Not in the constructor: a report stored before the rule
         * must still be read.
         */
        public void requireValidFigures() {
            List<FieldError> errors = new ArrayList<>();
            Inputs.checkNumber(errors, "percentComplete", percentComplete);
            indicatorValues.forEach((code, value) -> Inputs.checkNumber(errors, "indicatorValues." + code, value));
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        }

        /** Refuses values for indicators the task does not have, naming each. */
        public void requireIndicatorsOf(Task task) {
            Set<String> known = new java.util.HashSet<>();
            task.indicators().forEach(i -> known.add(i.code()));
            List<FieldError> errors = new ArrayList<>();
            for (String code : indicatorValues.keySet()) {
                if (!known.contains(code)) errors.add(new FieldError("indicatorValues." + code, "programme.report.indicator-unknown", code, task.code()));
            }
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        }

    }

    /** Nothing more is accepted for a period once it has locked: not a report, not a revision, not evidence. */
    public static void requireOpen(Period period, Instant now, Instant locksAt) {
        if (now.isAfter(locksAt)) throw new DomainException.Conflict("programme.report.locked", period.toString());
    }

    /**
     * Submits a period's report: the first submission, or a revision of {@code previous}.
     *
     * @param deadline the period's deadline; a first submission no later than it (to the second) is on time
     * @param locksAt after this instant nothing more is accepted for the period
     */
    public static Report submit(@Nullable Report previous, long assignmentId, Period period, Content content, Instant now,
            Instant deadline, Instant locksAt) {
        requireOpen(period, now, locksAt);
        if (previous == null) {
            // Deadline "at 23:59:59": a submission within that second still counts.
            boolean onTime = !now.truncatedTo(ChronoUnit.SECONDS).isAfter(deadline);
            return new Report(assignmentId, period, 1, content, now, onTime, now);
        }
        if (previous.assignmentId() != assignmentId || !previous.period().equals(period)) {
            throw new IllegalArgumentException("a revision belongs to the same assignment and period");
        }
        return new Report(assignmentId, period, previous.revision() + 1, content, previous.firstSubmittedAt(), previous.onTime(), now);
    }
}
