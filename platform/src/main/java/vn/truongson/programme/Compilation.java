package vn.truongson.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A plan's compiled report (báo cáo tổng hợp) for one period over a unit's subtree, with the meanings of
 * API.md "Programme tracking".
 *
 * @param unitId the unit whose subtree was compiled; null for the whole plan
 * @param planVersion the plan version in force at the period's end (Amendments): what was compiled against
 * @param completeness received ÷ expected, 0 when nothing is expected
 * @param timeliness on time ÷ expected, 0 when nothing is expected
 */
public record Compilation(long planId, Period period, @Nullable Long unitId, int planVersion, OffsetDateTime deadline, long expectedReports,
        long receivedReports, long onTimeReports, double completeness, double timeliness, List<Missing> missing, List<TaskProgress> tasks,
        List<IndicatorResult> indicators, List<Bottleneck> bottlenecks, List<Proposal> proposals, List<InvalidValue> invalidValues) {

    public LocalDate cutoffFrom() {
        return period.from();
    }

    public LocalDate cutoffTo() {
        return period.to();
    }

    /** An assignment in scope with no report for the period. */
    public record Missing(long assignmentId, long taskId, long unitId) {}

    /** A task with at least one assignment in scope, compiled over those assignments. */
    public record TaskProgress(long taskId, String code, ReportStatus status, double percentComplete, boolean overdue) {}

    /** An indicator of such a task: its target, the aggregated actual (null when no unit gave a value), and actual against target. */
    public record IndicatorResult(long taskId, String code, @Nullable BigDecimal target, @Nullable Double actual, @Nullable Double achievement) {}

    /**
     * A stored figure outside the platform's range (API.md: finite, |x| ≤ 10¹⁵, at most 6 decimals), kept from before the
     * rule held: left out of the figures, and named. {@code field} is {@code indicatorValues.<code>} of the assignment's
     * contributing report, or {@code indicators.<code>.target} of the task (assignment and unit then null).
     */
    public record InvalidValue(long taskId, @Nullable Long assignmentId, @Nullable Long unitId, String field) {}

    /**
     * A proposal (đề xuất, kiến nghị) made in this period's report of an assignment in scope: only the period's own
     * reports propose, an earlier period's proposal is not carried forward.
     */
    public record Proposal(long taskId, long unitId, String text) {}

    /** An assignment whose contributing report flags a bottleneck (điểm nghẽn) and is not done, flagged since {@code since}. */
    public record Bottleneck(long taskId, long unitId, @Nullable String text, Period since) {}
}
