package vn.truongson.programme;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compilation with what a document of it names besides its figures: the plan, and each listed task with its
 * title, lead unit, due date and indicators. The tasks are exactly those the compilation lists, so the Excel,
 * Word and PDF exports say what the JSON says.
 *
 * @param tasks by id, every task of {@code compilation.tasks()}
 * @param groups by id, the groups of those tasks
 */
public record CompiledReport(Plan plan, Compilation compilation, Map<Long, Task> tasks, Map<Long, Plans.Group> groups) {

    public CompiledReport {
        tasks = Map.copyOf(tasks);
        groups = Map.copyOf(groups);
    }

    public Task task(long id) {
        Task t = tasks.get(id);
        if (t == null) throw new IllegalStateException("task " + id + " is not in the compilation");
        return t;
    }

    public Task.@Nullable Indicator indicator(long taskId, String code) {
        for (Task.Indicator i : task(taskId).indicators()) {
            if (i.code().equals(code)) return i;
        }
        return null;
    }
}
