package vn.truongson.calendar;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.calendar}.
 *
 * @param morningStart start of the morning working period (default 08:00)
 * @param morningEnd end of the morning working period (default 12:00)
 * @param afternoonStart start of the afternoon working period (default 13:30)
 * @param afternoonEnd end of the afternoon working period (default 17:00)
 * @param cacheTtl how long a node keeps a year of holidays in memory before reading it again. An edit
 *     empties the cache of the node that made it at once; other nodes of a cluster see it within this time.
 */
@ConfigurationProperties("truongson.calendar")
public record CalendarProperties(
        @DefaultValue("08:00") LocalTime morningStart,
        @DefaultValue("12:00") LocalTime morningEnd,
        @DefaultValue("13:30") LocalTime afternoonStart,
        @DefaultValue("17:00") LocalTime afternoonEnd,
        @DefaultValue("5m") Duration cacheTtl) {

    public CalendarProperties {
        if (cacheTtl.isNegative()) throw new IllegalArgumentException("truongson.calendar.cache-ttl must not be negative");
        workingHours(morningStart, morningEnd, afternoonStart, afternoonEnd); // fail at start-up, not at first use
    }

    /** The defaults, for code that runs without Spring. */
    public static CalendarProperties defaults() {
        WorkingHours h = WorkingHours.DEFAULT;
        return new CalendarProperties(h.morningStart(), h.morningEnd(), h.afternoonStart(), h.afternoonEnd(), Duration.ofMinutes(5));
    }

    public WorkingHours workingHours() {
        return workingHours(morningStart, morningEnd, afternoonStart, afternoonEnd);
    }

    private static WorkingHours workingHours(LocalTime ms, LocalTime me, LocalTime as, LocalTime ae) {
        return new WorkingHours(ms, me, as, ae);
    }
}
