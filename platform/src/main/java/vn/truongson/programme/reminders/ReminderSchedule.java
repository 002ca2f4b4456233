package vn.truongson.programme.reminders;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reminders as a recurring job of the platform's cluster scheduler (db-scheduler): one execution a day, picked
 * by exactly one node. Should two runs meet anyway (a node run by hand, a takeover after a stalled heartbeat), the
 * dedupe keys still let each reminder out once.
 */
@Configuration(proxyBeanMethods = false)
class ReminderSchedule {

    static final String TASK = "programme-reminders";

    @Bean
    @ConditionalOnProperty(prefix = "truongson.programme.reminders", name = "enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> programmeReminders(Reminders reminders, ReminderProperties props) {
        return task(TASK, Schedules.daily(props.zone(), props.time()), reminders);
    }

    /** The job under a name and schedule; tests build their own to run it on two schedulers at once. */
    static RecurringTask<Void> task(String name, Schedule schedule, Reminders reminders) {
        return Tasks.recurring(name, schedule).execute((instance, context) -> reminders.run());
    }
}
