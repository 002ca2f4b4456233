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
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.Ids;
import vn.truongson.programme.Aggregation;
import vn.truongson.programme.Compilations;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanKind;
import vn.truongson.programme.Plans;
import vn.truongson.programme.Task;
import vn.truongson.programme.Tasks;
import vn.truongson.programme.web.ProgrammeViews.CompilationView;
import vn.truongson.programme.web.ProgrammeViews.GroupView;
import vn.truongson.programme.web.ProgrammeViews.PlanDetailView;
import vn.truongson.programme.web.ProgrammeViews.PlanView;
import vn.truongson.programme.web.ProgrammeViews.TaskView;

/** Plans, their groups and tasks, issuing, and the compiled report (API.md "Programme tracking"). */
@RestController
@RequestMapping("/api/v1/plans")
@Tag(name = "Kế hoạch / Programme plans")
class PlanController {

    record PlanRequest(@NotNull @Size(max = 64) String code, @NotNull @Size(max = 1000) String title, @NotNull Integer year,
            @NotNull PlanKind kind, @Nullable @Size(max = 2000) String theme, @Nullable @Size(max = 2000) String breakthrough,
            @NotNull @Size(max = 19) String ownerUnitId, @Nullable Integer reportDueDay) {}

    record GroupRequest(@NotNull Integer ordinal, @NotNull @Size(max = 1000) String title) {}

    record IndicatorRequest(@NotNull @Size(max = 32) String code, @NotNull @Size(max = 1000) String name, @Nullable @Size(max = 64) String unit,
            @NotNull BigDecimal target, @Nullable Aggregation aggregation, @Nullable Boolean higherIsBetter) {}

    record TaskRequest(@NotNull @Size(max = 19) String groupId, @NotNull @Size(max = 32) String code, @NotNull @Size(max = 2000) String title,
            @NotNull @Size(max = 19) String leadUnitId, @Nullable @Size(max = 200) List<@NotNull @Size(max = 19) String> supportUnitIds,
            @Nullable @Size(max = 4000) String expectedResult, @NotNull LocalDate dueDate, @Nullable SecrecyLevel secrecy,
            @Nullable @Size(max = 50) List<@Valid @NotNull IndicatorRequest> indicators) {}

    record StatusView(String id, String status) {}

    private final Plans plans;
    private final Tasks tasks;
    private final Compilations compilations;

    PlanController(Plans plans, Tasks tasks, Compilations compilations) {
        this.plans = plans;
        this.tasks = tasks;
        this.compilations = compilations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tạo kế hoạch (dự thảo) / Create a draft plan",
            description = "A programme coordinator of the owner unit. reportDueDay (15..28, default 20) is the day of each month by which "
                    + "that period's report is due.")
    PlanView create(@Valid @RequestBody PlanRequest b) {
        return PlanView.of(plans.create(new Plans.NewPlan(b.code(), b.title(), b.year(), b.kind(), b.theme(), b.breakthrough(),
                Ids.parse("ownerUnitId", b.ownerUnitId()), b.reportDueDay() == null ? Plan.DEFAULT_REPORT_DUE_DAY : b.reportDueDay())));
    }

    @GetMapping
    @Operation(summary = "Danh sách kế hoạch / Plans the caller may see")
    List<PlanView> list(@RequestParam(required = false) @Nullable String year) {
        return plans.list(ProgrammeViews.optionalInt("year", year)).stream().map(PlanView::of).toList();
    }

    @GetMapping("/{planId}")
    @Operation(summary = "Kế hoạch với nhóm và nhiệm vụ / A plan with its groups and the tasks the caller may see")
    PlanDetailView get(@PathVariable long planId) {
        return PlanDetailView.of(plans.get(planId));
    }

    @PostMapping("/{planId}/groups")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Thêm nhóm nhiệm vụ / Add a task group (draft plans only)")
    GroupView addGroup(@PathVariable long planId, @Valid @RequestBody GroupRequest b) {
        return GroupView.of(plans.addGroup(planId, new Plans.NewGroup(b.ordinal(), b.title())));
    }

    @PostMapping("/{planId}/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Thêm nhiệm vụ / Add a task with its indicators (draft plans only)",
            description = "aggregation: SUM, AVERAGE, MIN or MAX (default SUM); higherIsBetter defaults to true.")
    TaskView addTask(@PathVariable("planId") long plan, @Valid @RequestBody TaskRequest b) {
        return TaskView.of(tasks.create(plan, newTask(b, "")));
    }

    /** The request as the service's task; identifiers that do not parse are named under {@code prefix} ("addTasks[0]."). */
    static Tasks.NewTask newTask(TaskRequest b, String prefix) {
        List<Long> support = new ArrayList<>();
        List<String> supportIds = b.supportUnitIds() == null ? List.of() : b.supportUnitIds();
        for (int i = 0; i < supportIds.size(); i++) support.add(Ids.parse(prefix + "supportUnitIds[" + i + "]", supportIds.get(i)));
        List<Task.Indicator> indicators = b.indicators() == null ? List.of() : b.indicators().stream()
                .map(i -> new Task.Indicator(i.code(), i.name(), i.unit(), i.target(), i.aggregation() == null ? Aggregation.SUM : i.aggregation(),
                        i.higherIsBetter() == null || i.higherIsBetter()))
                .toList();
        return new Tasks.NewTask(Ids.parse(prefix + "groupId", b.groupId()), b.code(), b.title(),
                Ids.parse(prefix + "leadUnitId", b.leadUnitId()), support, b.expectedResult(), b.dueDate(),
                b.secrecy() == null ? SecrecyLevel.THUONG : b.secrecy(), indicators);
    }

    @PostMapping("/{planId}/issue")
    @Operation(summary = "Ban hành kế hoạch / Issue the plan", description = "Freezes its groups and tasks; reports open.")
    StatusView issue(@PathVariable long planId) {
        Plan p = plans.issue(planId);
        return new StatusView(Ids.str(p.id()), p.status().name());
    }

    @GetMapping("/{planId}/compilation")
    @Operation(summary = "Báo cáo tổng hợp / The compiled report of a period",
            description = "period yyyy-MM (cut-off 15th of the previous month to the 14th, Decree 09/2019); unitId limits the scope to "
                    + "that unit and the units below it (default: the whole plan).")
    CompilationView compilation(@PathVariable("planId") long plan, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Long unit = ProgrammeViews.optionalId("unitId", unitId);
        return CompilationView.of(compilations.compile(plan, period, unit));
    }
}
