package vn.truongson.crossing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway jobs on the cluster scheduler, on a low or a high node: each has an outbox (the low node's filings, the high node's notices) and a claimer. */
@Configuration(proxyBeanMethods = false)
class CrossingSchedule {

    @Bean
    @ConditionalOnExpression("'${truongson.node.role:single}' == 'high' or '${truongson.node.role:single}' == 'low'")
    RecurringTask<Void> gatewayOutbox(Outbox outbox) {
        return Tasks.recurring("gateway-outbox", Schedules.fixedDelay(Duration.ofSeconds(2))).execute((instance, context) -> outbox.deliverDue(20));
    }

    /** High node: dossier envelopes in. Low node: the high node's notices and results back (issue 15). */
    @Bean
    @ConditionalOnExpression("'${truongson.node.role:single}' == 'high' or '${truongson.node.role:single}' == 'low'")
    RecurringTask<Void> gatewayInbox(Inbox inbox) {
        return Tasks.recurring("gateway-inbox", Schedules.fixedDelay(Duration.ofSeconds(2))).execute((instance, context) -> inbox.claimAndImport(10));
    }
}
