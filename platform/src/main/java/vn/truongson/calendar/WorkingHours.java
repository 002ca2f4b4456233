package vn.truongson.calendar;

import java.time.Duration;
import java.time.LocalTime;

/**
 * The two working periods of a working day, morning and afternoon, in Vietnam's local time. A moment
 * at the very end of a period still counts as inside it, so "due 17:00" stays on its day.
 */
public record WorkingHours(LocalTime morningStart, LocalTime morningEnd, LocalTime afternoonStart, LocalTime afternoonEnd) {

    /** 08:00–12:00 and 13:30–17:00. */
    public static final WorkingHours DEFAULT =
            new WorkingHours(LocalTime.of(8, 0), LocalTime.of(12, 0), LocalTime.of(13, 30), LocalTime.of(17, 0));

    public WorkingHours {
        if (!morningStart.isBefore(morningEnd) || morningEnd.isAfter(afternoonStart) || !afternoonStart.isBefore(afternoonEnd)) {
            throw new IllegalArgumentException("working hours must run morning start < morning end <= afternoon start < afternoon end, not "
                    + morningStart + "–" + morningEnd + ", " + afternoonStart + "–" + afternoonEnd);
        }
    }

    /** Working time in one full working day. */
    public Duration perDay() {
        return Duration.between(morningStart, morningEnd).plus(Duration.between(afternoonStart, afternoonEnd));
    }

    @Override
    public String toString() {
        return morningStart + "–" + morningEnd + ", " + afternoonStart + "–" + afternoonEnd;
    }
}
