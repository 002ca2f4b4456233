package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/** The report aggregate alone: who decides on-time, the lock, and what a report may say. */
class ReportTest {

    static final Period MARCH = Period.of(2026, 3);
    static final Plan PLAN = new Plan(1, "KH-1", "Kế hoạch", 2026, PlanKind.DIGITAL_TRANSFORMATION, null, null, 1, 20, PlanStatus.ISSUED, null);
    static final Instant DEADLINE = PLAN.deadline(MARCH).toInstant();
    static final Instant LOCK = PLAN.locksAt(MARCH, 10);

    static Instant at(String t) {
        return OffsetDateTime.parse(t).toInstant();
    }

    static Report.Content content(int percent) {
        return new Report.Content(ReportStatus.IN_PROGRESS, BigDecimal.valueOf(percent), Map.of(), null, false, null);
    }

    @Test
    void the_period_locks_lock_days_after_the_deadline() {
        assertThat(LOCK).isEqualTo(at("2026-03-30T23:59:59+07:00"));
    }

    @Test
    void a_first_submission_by_the_deadline_second_is_on_time_and_one_after_is_late() {
        assertThat(Report.submit(null, 1, MARCH, content(10), at("2026-03-20T23:59:59.999+07:00"), DEADLINE, LOCK).onTime()).isTrue();
        assertThat(Report.submit(null, 1, MARCH, content(10), at("2026-03-21T00:00:00+07:00"), DEADLINE, LOCK).onTime()).isFalse();
        assertThat(Report.submit(null, 1, MARCH, content(10), at("2026-03-01T00:00:00+07:00"), DEADLINE, LOCK).onTime()).isTrue();
    }

    @Test
    void a_revision_keeps_the_first_submission_and_its_verdict() {
        Report first = Report.submit(null, 1, MARCH, content(10), at("2026-03-19T08:00:00+07:00"), DEADLINE, LOCK);
        Report late = Report.submit(first, 1, MARCH, content(40), at("2026-03-28T08:00:00+07:00"), DEADLINE, LOCK);
        assertThat(late.revision()).isEqualTo(2);
        assertThat(late.onTime()).isTrue();
        assertThat(late.firstSubmittedAt()).isEqualTo(first.submittedAt());
        assertThat(late.content().percentComplete()).isEqualByComparingTo("40");

        Report lateFirst = Report.submit(null, 2, MARCH, content(10), at("2026-03-22T08:00:00+07:00"), DEADLINE, LOCK);
        assertThat(Report.submit(lateFirst, 2, MARCH, content(20), at("2026-03-23T08:00:00+07:00"), DEADLINE, LOCK).onTime()).isFalse();
    }

    @Test
    void nothing_is_accepted_after_the_lock() {
        Report first = Report.submit(null, 1, MARCH, content(10), at("2026-03-19T08:00:00+07:00"), DEADLINE, LOCK);
        assertThat(Report.submit(first, 1, MARCH, content(10), LOCK, DEADLINE, LOCK).revision()).isEqualTo(2);
        assertThatThrownBy(() -> Report.submit(first, 1, MARCH, content(10), LOCK.plusMillis(1), DEADLINE, LOCK))
                .isInstanceOf(DomainException.Conflict.class);
        assertThatThrownBy(() -> Report.submit(null, 1, MARCH, content(10), at("2026-04-01T00:00:00+07:00"), DEADLINE, LOCK))
                .isInstanceOf(DomainException.Conflict.class);
    }

    @Test
    void percentages_outside_0_to_100_are_refused_naming_the_field() {
        assertThat(content(0).percentComplete()).isEqualByComparingTo("0");
        assertThat(content(100).percentComplete()).isEqualByComparingTo("100");
        for (String bad : List.of("-0.01", "100.5", "1000")) {
            assertThatThrownBy(() -> new Report.Content(ReportStatus.DONE, new BigDecimal(bad), Map.of(), null, false, null))
                    .isInstanceOfSatisfying(DomainException.BadInput.class,
                            e -> assertThat(e.errors().get(0).field()).isEqualTo("percentComplete"));
        }
    }

    @Test
    void values_must_name_the_tasks_indicators_and_empty_ones_are_left_out() {
        Task task = new Task(1, 1, 1, "1.1", "Nhiệm vụ", 1, List.of(), null, LocalDate.of(2026, 12, 31), SecrecyLevel.THUONG,
                List.of(new Task.Indicator("HT", "Hạ tầng", "%", BigDecimal.TEN, Aggregation.SUM, true)));
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("HT", BigDecimal.ONE);
        values.put("EMPTY", null);
        Report.Content ok = new Report.Content(ReportStatus.IN_PROGRESS, BigDecimal.ONE, values, " ", false, null);
        assertThat(ok.indicatorValues()).containsOnlyKeys("HT");
        assertThat(ok.obstacles()).isNull();
        ok.requireIndicatorsOf(task);

        Report.Content unknown = new Report.Content(ReportStatus.IN_PROGRESS, BigDecimal.ONE, Map.of("XX", BigDecimal.ONE), null, false, null);
        assertThatThrownBy(() -> unknown.requireIndicatorsOf(task)).isInstanceOfSatisfying(DomainException.BadInput.class,
                e -> assertThat(e.errors().get(0).field()).isEqualTo("indicatorValues.XX"));
    }

    @Test
    void a_plan_guards_its_own_transitions() {
        Plan draft = new Plan(1, "KH-1", "Kế hoạch", 2026, PlanKind.OTHER, null, null, 1, 20, PlanStatus.DRAFT, null);
        assertThatThrownBy(draft::requireIssued).isInstanceOf(DomainException.Conflict.class);
        Plan issued = draft.issue(Instant.parse("2026-01-05T01:00:00Z"));
        assertThat(issued.status()).isEqualTo(PlanStatus.ISSUED);
        assertThatThrownBy(() -> issued.issue(Instant.now())).isInstanceOf(DomainException.Conflict.class);
        assertThatThrownBy(issued::requireDraft).isInstanceOf(DomainException.Conflict.class);
        assertThatThrownBy(() -> issued.requireWithinYear("period", Period.of(2025, 12))).isInstanceOf(DomainException.BadInput.class);
    }

    @Test
    void task_codes_sort_numerically() {
        assertThat(Task.sortKey("1.10")).isGreaterThan(Task.sortKey("1.9"));
        assertThat(Task.sortKey("2.1")).isGreaterThan(Task.sortKey("1.10"));
        assertThat(Task.sortKey("NV-05")).isEqualTo("NV-05");
    }
}
