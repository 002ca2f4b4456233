package vn.truongson.runtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.scheduler}: the cluster scheduler that runs recurring jobs once per cluster.
 *
 * @param enabled whether this node takes part; a node with {@code false} runs no job, the others still do
 * @param pollingInterval how often the node looks for a due job in the database
 * @param threads how many jobs the node may run at once
 */
@ConfigurationProperties("truongson.scheduler")
public record SchedulerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollingInterval,
        @DefaultValue("2") int threads) {

    public SchedulerProperties {
        if (pollingInterval.isNegative() || pollingInterval.isZero()) throw new IllegalArgumentException("truongson.scheduler.polling-interval must be positive");
        if (threads < 1 || threads > 50) throw new IllegalArgumentException("truongson.scheduler.threads must be 1..50");
    }
}
