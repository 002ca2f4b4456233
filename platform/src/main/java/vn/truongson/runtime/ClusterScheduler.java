package vn.truongson.runtime;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The platform's one job scheduler: db-scheduler over the platform's PostgreSQL (table {@code scheduled_tasks}).
 * A due execution is one row that exactly one node picks, so a recurring job runs once per cluster however many
 * nodes run, and a node that dies mid-job has it taken over once its heartbeat stops. Modules contribute jobs as
 * {@link RecurringTask} beans (other {@link Task} beans are known for one-off executions); the scheduler starts
 * after the context is ready and stops before the database goes.
 */
@Component
class ClusterScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterScheduler.class);

    private final DataSource dataSource;
    private final ObjectProvider<Task<?>> tasks;
    private final SchedulerProperties props;
    private @Nullable Scheduler scheduler;

    ClusterScheduler(DataSource dataSource, ObjectProvider<Task<?>> tasks, SchedulerProperties props) {
        this.dataSource = dataSource;
        this.tasks = tasks;
        this.props = props;
    }

    @Override
    public synchronized void start() {
        if (!props.enabled()) {
            log.info("Cluster scheduler disabled on this node (truongson.scheduler.enabled=false)");
            return;
        }
        List<Task<?>> known = new ArrayList<>();
        List<RecurringTask<?>> recurring = new ArrayList<>();
        tasks.orderedStream().forEach(t -> {
            if (t instanceof RecurringTask<?> r) recurring.add(r);
            else known.add(t);
        });
        if (known.isEmpty() && recurring.isEmpty()) return;
        scheduler = Scheduler.create(dataSource, known)
                .startTasks(recurring)
                .threads(props.threads())
                .pollingInterval(props.pollingInterval())
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        scheduler.start();
        log.info("Cluster scheduler started with {}", recurring.stream().map(Task::getName).toList());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
