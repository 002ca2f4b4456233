package vn.truongson.programme.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanKind;
import vn.truongson.programme.PlanStatus;
import vn.truongson.programme.reminders.Reminders.Stage;

/** When a missing report is reminded of, and which period a lasting bottleneck is judged at. */
class ReminderStagesTest {

    static final LocalDate DEADLINE = LocalDate.of(2031, 3, 20);
    static final LocalDate LOCK = LocalDate.of(2031, 3, 30);

    static Optional<Stage> on(int month, int day, int daysBefore) {
        return Reminders.stage(LocalDate.of(2031, month, day), DEADLINE, LOCK, daysBefore);
    }

    @Test
    void before_from_n_days_ahead_due_on_the_day_overdue_until_the_lock() {
        assertThat(on(3, 16, 3)).isEmpty();
        assertThat(on(3, 17, 3)).contains(Stage.BEFORE);
        assertThat(on(3, 19, 3)).contains(Stage.BEFORE);
        assertThat(on(3, 20, 3)).contains(Stage.DUE);
        assertThat(on(3, 21, 3)).contains(Stage.OVERDUE);
        assertThat(on(3, 30, 3)).contains(Stage.OVERDUE);
        assertThat(on(3, 31, 3)).isEmpty();
    }

    @Test
    void no_early_reminder_with_zero_days_before() {
        assertThat(on(3, 19, 0)).isEmpty();
        assertThat(on(3, 20, 0)).contains(Stage.DUE);
    }

    static final Plan PLAN = new Plan(1, "KH", "Kế hoạch", 2031, PlanKind.OTHER, null, null, 1, 20, PlanStatus.ISSUED, null);

    @Test
    void the_last_due_period_is_this_months_once_its_deadline_day_is_over() {
        assertThat(Reminders.lastDuePeriod(PLAN, LocalDate.of(2031, 4, 20))).isEqualTo(Period.of(2031, 3));
        assertThat(Reminders.lastDuePeriod(PLAN, LocalDate.of(2031, 4, 21))).isEqualTo(Period.of(2031, 4));
        // Before the plan's first deadline nothing is due; after its year, December stays the last.
        assertThat(Reminders.lastDuePeriod(PLAN, LocalDate.of(2031, 1, 20))).isNull();
        assertThat(Reminders.lastDuePeriod(PLAN, LocalDate.of(2031, 1, 21))).isEqualTo(Period.of(2031, 1));
        assertThat(Reminders.lastDuePeriod(PLAN, LocalDate.of(2032, 2, 25))).isEqualTo(Period.of(2031, 12));
    }
}
