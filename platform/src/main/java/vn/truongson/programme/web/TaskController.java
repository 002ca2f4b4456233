package vn.truongson.programme.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.Ids;
import vn.truongson.programme.Assignments;
import vn.truongson.programme.Tasks;
import vn.truongson.programme.web.ProgrammeViews.AssignmentView;
import vn.truongson.programme.web.ProgrammeViews.TaskDetailView;

/** One task, and giving it to units. */
@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Kế hoạch / Programme plans")
class TaskController {

    record AssignmentRequest(@NotNull @Size(max = 19) String unitId) {}

    private final Tasks tasks;
    private final Assignments assignments;

    TaskController(Tasks tasks, Assignments assignments) {
        this.tasks = tasks;
        this.assignments = assignments;
    }

    @GetMapping("/{taskId}")
    @Operation(summary = "Nhiệm vụ / A task with its indicators and assignments")
    TaskDetailView get(@PathVariable long taskId) {
        Tasks.TaskDetail d = tasks.get(taskId);
        return TaskDetailView.of(d.task(), d.plan(), d.assignments());
    }

    @PostMapping("/{taskId}/assignments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Giao nhiệm vụ cho đơn vị / Assign the task to a unit", description = "A programme coordinator of the plan's owner unit.")
    AssignmentView assign(@PathVariable long taskId, @Valid @RequestBody AssignmentRequest b) {
        return AssignmentView.of(assignments.assign(taskId, Ids.parse("unitId", b.unitId())));
    }
}
