package vn.truongson.datasets.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.Ids;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.Rollups;
import vn.truongson.datasets.SubmissionImport;
import vn.truongson.datasets.Submissions;
import vn.truongson.datasets.web.DatasetViews.AssignedView;
import vn.truongson.datasets.web.DatasetViews.DatasetView;
import vn.truongson.datasets.web.DatasetViews.EntryView;
import vn.truongson.datasets.web.DatasetViews.RollupView;
import vn.truongson.datasets.web.DatasetViews.SubmittedView;

/** API.md "Data collection (datasets)", and the additions of docs/datasets.md. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Thu thập dữ liệu / Data collection")
class DatasetController {

    record AssignRequest(@Nullable List<String> unitIds, @Nullable String period, @Nullable String deadline) {}

    private final Datasets datasets;
    private final Submissions submissions;
    private final Rollups rollups;
    private final SubmissionImport submissionImport;

    DatasetController(Datasets datasets, Submissions submissions, Rollups rollups, SubmissionImport submissionImport) {
        this.datasets = datasets;
        this.submissions = submissions;
        this.rollups = rollups;
        this.submissionImport = submissionImport;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tạo bộ dữ liệu (dự thảo) / Create a data set (draft)", description = "A data coordinator of the owner unit.")
    DatasetView create(@RequestBody Datasets.NewDataset b) {
        return DatasetView.of(datasets.create(b));
    }

    @GetMapping
    @Operation(summary = "Các bộ dữ liệu / The data sets the reader may see")
    List<DatasetView> list() {
        return datasets.list(500).stream().map(DatasetView::of).toList();
    }

    @GetMapping("/{id}")
    DatasetView get(@PathVariable long id) {
        return DatasetView.of(datasets.get(id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Sửa dự thảo / Replace a draft's definition", description = "409 once published.")
    DatasetView update(@PathVariable long id, @RequestBody Datasets.NewDataset b) {
        return DatasetView.of(datasets.update(id, b));
    }

    @PostMapping("/{id}/publish")
    DatasetView publish(@PathVariable long id) {
        return DatasetView.of(datasets.publish(id));
    }

    @PostMapping("/{id}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Phiên bản mới / A new draft version of a published data set")
    DatasetView newVersion(@PathVariable long id) {
        return DatasetView.of(datasets.newVersion(id));
    }

    @PostMapping("/{id}/assignments")
    Map<String, Integer> assign(@PathVariable long id, @RequestBody AssignRequest b) {
        return Map.of("assigned", datasets.assign(id, b.unitIds(), b.period(), b.deadline()));
    }

    @GetMapping("/{id}/assignments")
    List<AssignedView> assignments(@PathVariable long id, @RequestParam(required = false) @Nullable String period) {
        return datasets.assignments(id, period).stream().map(AssignedView::of).toList();
    }

    @PutMapping("/{id}/submissions/{unitId}/{period}")
    @Operation(summary = "Nộp hoặc sửa số liệu / Submit or revise a unit's data for a period",
            description = "A reporter of the unit: {values:{<code>: value}} → {submittedAt, onTime, revision}; 400 naming the field or the broken rule.")
    SubmittedView submit(@PathVariable("id") long dataset, @PathVariable("unitId") long unit, @PathVariable String period, @RequestBody byte[] body) {
        return SubmittedView.of(submissions.submit(dataset, unit, period, SubmissionBody.read(body)));
    }

    @GetMapping("/{id}/submissions/{unitId}/{period}")
    @Operation(summary = "Các lần nộp / Every revision of a unit's submission for a period")
    List<EntryView> revisions(@PathVariable long id, @PathVariable long unitId, @PathVariable String period) {
        return submissions.revisions(id, unitId, period).stream().map(EntryView::of).toList();
    }

    @PostMapping(path = "/{id}/submissions.xlsx", consumes = "multipart/form-data")
    @Operation(summary = "Nộp số liệu bằng mẫu Excel / Submit a filled template",
            description = "multipart file (the template.xlsx, filled) and period: every filled row is its unit's submission; all or nothing, "
                    + "400 naming every bad cell (C5) or row (row 5, a broken rule). Scanned for malware like every upload.")
    DatasetViews.ImportView importWorkbook(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam("file") MultipartFile file) {
        return DatasetViews.ImportView.of(submissionImport.importWorkbook(id, period, file.getSize(), file));
    }

    @GetMapping("/{id}/submissions")
    @Operation(summary = "Số liệu các đơn vị / The submissions as they stand over a unit's subtree")
    List<EntryView> submissions(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        return rollups.entries(rollups.scope(id, period, unit)).stream().map(EntryView::of).toList();
    }

    @GetMapping("/{id}/comparison")
    @Operation(summary = "So sánh các kỳ / The roll-ups of several periods over one subtree",
            description = "periods=2026-11,2026-12 (at most 12; without, the latest 12 assigned); each element is GET …/rollup's answer, oldest first.")
    Map<String, Object> comparison(@PathVariable("id") long dataset, @RequestParam(required = false) @Nullable List<String> periods,
            @RequestParam(required = false) @Nullable String unitId) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        List<RollupView> out = rollups.compare(dataset, periods, unit).stream().map(RollupView::of).toList();
        return Map.of("datasetId", Long.toString(dataset), "periods", out);
    }

    @GetMapping("/{id}/rollup")
    RollupView rollup(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        return RollupView.of(rollups.rollup(id, period, unit));
    }
}
