package vn.truongson.publicservice.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.publicservice.Procedure;
import vn.truongson.publicservice.Procedures;
import vn.truongson.publicservice.web.Views.ProcedureView;

/** The procedure catalogue (API.md "Public services and one-stop"). */
@RestController
@RequestMapping("/api/v1/procedures")
@Tag(name = "Thủ tục hành chính / Procedures")
class ProcedureController {

    record StepRequest(@NotNull Integer ordinal, @Nullable @Size(max = 500) String name, @Nullable @Size(max = 19) String unitId,
            @Nullable String role, @Nullable Integer allowanceWorkingDays, @Nullable Integer allowanceWorkingHours) {}

    record ProcedureRequest(@Nullable @Size(max = 64) String code, @Nullable @Size(max = 1000) String name, @Nullable @Size(max = 400) String field,
            @Nullable @Size(max = 19) String implementingUnitId, @NotNull Procedure.Level level, @Nullable Integer processingWorkingDays,
            @Nullable Integer processingWorkingHours, @Nullable @Size(max = 1000) String fees, @Nullable Long feeAmount,
            @Nullable @Size(max = 60) List<Procedure.@NotNull Component> components, Procedure.@Nullable Form form,
            @Nullable @Size(max = 40) List<@Valid @NotNull StepRequest> steps, @Nullable Boolean illustrative) {}

    private final Procedures procedures;

    ProcedureController(Procedures procedures) {
        this.procedures = procedures;
    }

    @GetMapping
    @Operation(summary = "Danh mục thủ tục / The published catalogue", description = "q matches code, name and field, without diacritics.")
    List<ProcedureView> list(@RequestParam(required = false) @Nullable String q) {
        if (q != null && q.length() > 200) throw new DomainException.BadInput("q", "problem.field.length", 0, 200);
        return procedures.list(q).stream().map(ProcedureView::of).toList();
    }

    @GetMapping("/{code}")
    @Operation(summary = "Một thủ tục / One published procedure")
    ProcedureView get(@PathVariable String code) {
        return ProcedureView.of(procedures.get(code));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Công bố thủ tục / Publish a procedure",
            description = "An administrator of the implementing unit. Exactly one of processingWorkingDays and processingWorkingHours; the steps' "
                    + "allowances, in the same unit, add up to it. A step names a unitId or a role (ONE_STOP_OFFICER, PROCESSING_OFFICER, COMMANDER, "
                    + "SIGNER) on the implementing unit.")
    ProcedureView publish(@Valid @RequestBody ProcedureRequest b) {
        return ProcedureView.of(procedures.publish(toNew(b, b.code())));
    }

    @PutMapping("/{code}")
    @Operation(summary = "Sửa thủ tục / Edit a procedure", description = "As publish; dossiers already filed keep their steps.")
    ProcedureView edit(@PathVariable String code, @Valid @RequestBody ProcedureRequest b) {
        procedures.find(code).orElseThrow(() -> new DomainException.NotFound("procedure", code));
        return ProcedureView.of(procedures.publish(toNew(b, code)));
    }

    @DeleteMapping("/{code}")
    @Operation(summary = "Rút thủ tục khỏi danh mục / Withdraw a procedure", description = "Filed dossiers go on.")
    ProcedureView withdraw(@PathVariable String code) {
        return ProcedureView.of(procedures.withdraw(code));
    }

    static Procedures.NewProcedure toNew(ProcedureRequest b, @Nullable String code) {
        List<Procedure.Step> steps = new java.util.ArrayList<>();
        List<StepRequest> in = b.steps() == null ? List.of() : b.steps();
        for (int i = 0; i < in.size(); i++) {
            StepRequest s = in.get(i);
            vn.truongson.access.Role role = null;
            if (s.role() != null && !s.role().isBlank()) {
                try {
                    role = vn.truongson.access.Role.valueOf(s.role());
                } catch (IllegalArgumentException e) {
                    throw new DomainException.BadInput("steps[" + i + "].role", "problem.field.enum");
                }
            }
            steps.add(new Procedure.Step(s.ordinal(), s.name() == null ? "" : s.name(),
                    s.unitId() == null || s.unitId().isBlank() ? null : Ids.parse("steps[" + i + "].unitId", s.unitId()), role,
                    s.allowanceWorkingDays(), s.allowanceWorkingHours()));
        }
        return new Procedures.NewProcedure(code == null ? "" : code, nz(b.name()), nz(b.field()), Ids.parse("implementingUnitId", b.implementingUnitId()),
                b.level(), b.processingWorkingDays(), b.processingWorkingHours(), nz(b.fees()), b.feeAmount() == null ? 0 : b.feeAmount(),
                b.components() == null ? List.of() : b.components(), b.form() == null ? new Procedure.Form(List.of()) : b.form(), steps,
                b.illustrative() != null && b.illustrative());
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
