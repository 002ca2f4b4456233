package vn.truongson.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sealer on the cluster scheduler: one execution per cluster however many nodes run, every
 * {@code truongson.audit.seal-every} (1 s) after the last one ended, picked within the scheduler's polling interval.
 * {@link AuditTrail#seal()} seals on demand as well; the two never overlap (the sealer's own advisory lock).
 */
@Configuration
class AuditSealSchedule {

    @Bean
    RecurringTask<Void> auditSeal(AuditTrail trail, @Value("${truongson.audit.seal-every:1s}") Duration every) {
        return Tasks.recurring("audit-seal", Schedules.fixedDelay(every)).execute((instance, context) -> trail.seal());
    }

    /**
     * Leaf key rotation on a schedule (issue 11): every hour, once per cluster, a new leaf key when the newest is
     * {@code truongson.audit.leaf-key-rotate-every} old (default 30 days; 0 turns the schedule off; {@code
     * ./truongson audit-rotate-key} rotates at once).
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${truongson.audit.leaf-key-rotate-every:30d}' != '0'")
    RecurringTask<Void> auditLeafKeyRotation(AuditTrail trail, @Value("${truongson.audit.leaf-key-rotate-every:30d}") Duration every) {
        return Tasks.recurring("audit-leaf-key-rotation", Schedules.fixedDelay(Duration.ofHours(1)))
                .execute((instance, context) -> trail.rotateLeafKeyIfOlderThan(every));
    }
}
