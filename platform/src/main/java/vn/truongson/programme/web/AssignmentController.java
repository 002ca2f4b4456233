package vn.truongson.programme.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.Ids;
import vn.truongson.programme.Evidence;
import vn.truongson.programme.Assignments;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Reports;
import vn.truongson.programme.web.ProgrammeViews.AssignmentView;
import vn.truongson.programme.web.ProgrammeViews.EvidenceView;
import vn.truongson.programme.web.ProgrammeViews.RevisionView;
import vn.truongson.programme.web.ProgrammeViews.SubmittedView;

/** An assignment: cascading it down the tree, and its monthly reports. */
@RestController
@RequestMapping("/api/v1/assignments")
@Tag(name = "Kế hoạch / Programme plans")
class AssignmentController {

    record CascadeRequest(@NotNull @Size(max = 19) String unitId) {}

    /** Fields are checked after the sender's grant, so that a stranger learns nothing from the answer. */
    record ReportRequest(@Nullable ReportStatus status, @Nullable BigDecimal percentComplete, @Nullable Map<String, BigDecimal> indicatorValues,
            @Nullable String obstacles, @Nullable Boolean bottleneck, @Nullable String proposal) {}

    private final Assignments assignments;
    private final Reports reports;
    private final Evidence evidence;

    AssignmentController(Assignments assignments, Reports reports, Evidence evidence) {
        this.assignments = assignments;
        this.reports = reports;
        this.evidence = evidence;
    }

    @GetMapping("/{assignmentId}")
    AssignmentView get(@PathVariable long assignmentId) {
        return AssignmentView.of(assignments.get(assignmentId));
    }

    @PostMapping("/{assignmentId}/cascade")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Giao tiếp cho đơn vị cấp dưới / Cascade the assignment to a unit below",
            description = "A programme coordinator of the assigned unit; the new unit must be below it.")
    AssignmentView cascade(@PathVariable long assignmentId, @Valid @RequestBody CascadeRequest b) {
        return AssignmentView.of(assignments.cascade(assignmentId, Ids.parse("unitId", b.unitId())));
    }

    @PutMapping("/{assignmentId}/reports/{period}")
    @Operation(summary = "Gửi hoặc sửa báo cáo kỳ / Submit or revise the period's report",
            description = "A reporter (or coordinator) of the assigned unit, on an issued plan, until the period locks (deadline + "
                    + "truongson.programme.lock-days). onTime is judged by the first submission against the deadline.")
    SubmittedView submit(@PathVariable long assignmentId, @PathVariable String period, @RequestBody ReportRequest b) {
        return SubmittedView.of(reports.submit(assignmentId, period, new Reports.Submission(b.status(),
                b.percentComplete(), b.indicatorValues(), b.obstacles(), b.bottleneck(), b.proposal())));
    }

    @GetMapping("/{assignmentId}/reports")
    @Operation(summary = "Các lần báo cáo / Every revision of the assignment's reports", description = "Optionally of one period (yyyy-MM).")
    List<RevisionView> revisions(@PathVariable long assignmentId, @RequestParam(required = false) @Nullable String period) {
        return reports.revisions(assignmentId, period).stream().map(RevisionView::of).toList();
    }

    @PostMapping(path = "/{assignmentId}/reports/{period}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Đính kèm minh chứng / Attach an evidence file to the period's report",
            description = "multipart part `file`: PDF, PNG, JPEG, .docx, .xlsx or UTF-8 text, judged by content, at most 20 MB, 20 per period. "
                    + "The same rules as submitting the report; refused (409) for classified tasks.")
    EvidenceView attach(@PathVariable long assignmentId, @PathVariable String period, @RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return EvidenceView.of(evidence.attach(assignmentId, period, new Evidence.Upload(in, file.getOriginalFilename())));
        }
    }

    @GetMapping("/{assignmentId}/reports/{period}/evidence")
    @Operation(summary = "Minh chứng của kỳ báo cáo / The period's evidence files", description = "To whoever may read the reports.")
    List<EvidenceView> evidence(@PathVariable long assignmentId, @PathVariable String period) {
        return evidence.list(assignmentId, period).stream().map(EvidenceView::of).toList();
    }

    @GetMapping("/{assignmentId}/reports/{period}/evidence/{sha256}")
    @Operation(summary = "Tải tệp minh chứng / Download an evidence file")
    ResponseEntity<InputStreamResource> download(@PathVariable long assignmentId, @PathVariable String period, @PathVariable String sha256) {
        return ProgrammeViews.download(evidence.open(assignmentId, period, sha256));
    }
}
