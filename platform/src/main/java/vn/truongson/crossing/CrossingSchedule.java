package vn.truongson.crossing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway jobs on the cluster scheduler, only on a low node (the outbox) or a high node (the claimer). */
@Configuration(proxyBeanMethods = false)
class CrossingSchedule {

    @Bean
    @ConditionalOnProperty(name = "truongson.node.role", havingValue = "low")
    RecurringTask<Void> gatewayOutbox(Outbox outbox) {
        return Tasks.recurring("gateway-outbox", Schedules.fixedDelay(Duration.ofSeconds(2))).execute((instance, context) -> outbox.deliverDue(20));
    }

    @Bean
    @ConditionalOnProperty(name = "truongson.node.role", havingValue = "high")
    RecurringTask<Void> gatewayInbox(Inbox inbox) {
        return Tasks.recurring("gateway-inbox", Schedules.fixedDelay(Duration.ofSeconds(2))).execute((instance, context) -> inbox.claimAndImport(10));
    }
}
