package vn.truongson.programme.reminders;

import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.programme.reminders}.
 *
 * @param enabled whether the daily job is scheduled at all (it can still be run by hand)
 * @param time when it runs each day, in {@code zone}: by default 7:30, as the working day starts
 * @param zone the time zone of {@code time}
 * @param daysBefore how many days before a period's deadline reporters who have not reported are first reminded;
 *     0 reminds only on the day and after
 */
@ConfigurationProperties("truongson.programme.reminders")
public record ReminderProperties(@DefaultValue("true") boolean enabled, @DefaultValue("07:30") LocalTime time,
        @DefaultValue("Asia/Ho_Chi_Minh") ZoneId zone, @DefaultValue("3") int daysBefore) {

    public ReminderProperties {
        if (daysBefore < 0 || daysBefore > 14) throw new IllegalArgumentException("truongson.programme.reminders.days-before must be 0..14");
    }
}
