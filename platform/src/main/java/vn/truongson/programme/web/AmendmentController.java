package vn.truongson.programme.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.Ids;
import vn.truongson.programme.Amendments;
import vn.truongson.programme.Tasks;

/** Amendments (sửa đổi, bổ sung) of an issued plan: an addition to API.md, documented in docs/architecture.md. */
@RestController
@RequestMapping("/api/v1/plans/{planId}/amendments")
@Tag(name = "Kế hoạch / Programme plans")
class AmendmentController {

    record TaskChangeRequest(@NotNull @Size(max = 19) String taskId, @Nullable LocalDate dueDate, @Nullable @Size(max = 19) String leadUnitId,
            @Nullable @Size(max = 50) Map<@Size(max = 32) String, BigDecimal> targets) {}

    record AmendmentRequest(@NotNull @Size(max = 64) String number, @NotNull @Size(max = 4000) String reason, @NotNull LocalDate decidedOn,
            @Nullable @Size(max = 500) List<PlanController.@Valid @NotNull TaskRequest> addTasks,
            @Nullable @Size(max = 500) List<@Valid @NotNull TaskChangeRequest> changeTasks,
            @Nullable @Size(max = 500) List<@NotNull @Size(max = 19) String> cancelTasks) {}

    record ChangeView(String kind, String taskId, String taskCode, @Nullable String indicator, @Nullable String from, @Nullable String to) {}

    record AmendmentView(String id, String planId, int version, String number, String reason, String decidedOn, String createdBy,
            List<ChangeView> changes) {
        static AmendmentView of(Amendments.Amendment a) {
            return new AmendmentView(Ids.str(a.id()), Ids.str(a.planId()), a.version(), a.number(), a.reason(), a.decidedOn().toString(),
                    a.createdBy(), a.changes().stream().map(c -> new ChangeView(c.kind().name(), Ids.str(c.taskId()), c.taskCode(), c.indicator(),
                            c.from(), c.to())).toList());
        }
    }

    private final Amendments amendments;

    AmendmentController(Amendments amendments) {
        this.amendments = amendments;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Sửa đổi, bổ sung kế hoạch đã ban hành / Amend an issued plan",
            description = "A programme coordinator of the owner unit. {number, reason, decidedOn, addTasks:[task as POST …/tasks], "
                    + "changeTasks:[{taskId, dueDate?, leadUnitId?, targets?:{code: number}}], cancelTasks:[taskId]} → the amendment with its "
                    + "version and changes. A period compiles against the version in force on its cut-off's last day.")
    AmendmentView amend(@PathVariable long planId, @Valid @RequestBody AmendmentRequest b) {
        List<Tasks.NewTask> add = new ArrayList<>();
        List<PlanController.TaskRequest> addTasks = b.addTasks() == null ? List.of() : b.addTasks();
        for (int i = 0; i < addTasks.size(); i++) add.add(PlanController.newTask(addTasks.get(i), "addTasks[" + i + "]."));
        List<Amendments.TaskChange> change = new ArrayList<>();
        List<TaskChangeRequest> changeTasks = b.changeTasks() == null ? List.of() : b.changeTasks();
        for (int i = 0; i < changeTasks.size(); i++) {
            TaskChangeRequest c = changeTasks.get(i);
            change.add(new Amendments.TaskChange(Ids.parse("changeTasks[" + i + "].taskId", c.taskId()), c.dueDate(),
                    c.leadUnitId() == null ? null : Ids.parse("changeTasks[" + i + "].leadUnitId", c.leadUnitId()), c.targets()));
        }
        List<Long> cancel = new ArrayList<>();
        List<String> cancelTasks = b.cancelTasks() == null ? List.of() : b.cancelTasks();
        for (int i = 0; i < cancelTasks.size(); i++) cancel.add(Ids.parse("cancelTasks[" + i + "]", cancelTasks.get(i)));
        return AmendmentView.of(amendments.amend(planId,
                new Amendments.NewAmendment(b.number(), b.reason(), b.decidedOn(), add, change, cancel)));
    }

    @GetMapping
    @Operation(summary = "Các văn bản sửa đổi, bổ sung / The plan's amendments, oldest first, with what each changed")
    List<AmendmentView> list(@PathVariable long planId) {
        return amendments.list(planId).stream().map(AmendmentView::of).toList();
    }
}
