package vn.truongson.datasets.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.Ids;
import vn.truongson.datasets.Rollup;
import vn.truongson.datasets.Rollups;
import vn.truongson.datasets.Submissions;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * The roll-up and the raw submissions as Excel workbooks, under the same rules as the JSON (the same scope, the same
 * refusals), and the data set's template. Served to the API and to the screens alike.
 */
@RestController
@Tag(name = "Thu thập dữ liệu / Data collection")
class DatasetExportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Rollups rollups;
    private final Units units;
    private final vn.truongson.paper.PaperProperties paper;
    private final java.time.Clock clock;

    DatasetExportController(Rollups rollups, Units units, vn.truongson.paper.PaperProperties paper, java.time.Clock clock) {
        this.rollups = rollups;
        this.units = units;
        this.paper = paper;
        this.clock = clock;
    }

    @GetMapping({"/api/v1/datasets/{id}/rollup.docx", "/office/datasets/{id}/rollup.docx", "/api/v1/datasets/{id}/rollup.pdf",
            "/office/datasets/{id}/rollup.pdf"})
    @Operation(summary = "Báo cáo tổng hợp (Word, PDF) / The roll-up as a Decree-30 report",
            description = "The same query and refusals as GET …/rollup: a Báo cáo of the rolled-up unit, a draft to sign (number and signer left blank).")
    ResponseEntity<byte[]> report(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId, jakarta.servlet.http.HttpServletRequest request) {
        boolean pdf = request.getRequestURI().endsWith(".pdf");
        Rollups.Scope s = rollups.scope(id, period, optionalUnit(unitId));
        Rollup r = rollups.rollup(s);
        List<Long> ids = new ArrayList<>(r.missing());
        ids.add(s.unitId());
        Map<Long, Unit> named = new java.util.HashMap<>(units.named(ids));
        Unit issuer = named.get(s.unitId());
        Unit parent = issuer == null || issuer.parentId() == null ? null : units.named(List.of(issuer.parentId())).get(issuer.parentId());
        var doc = RollupDocument.of(s.dataset(), r, issuer, parent, named, paper.place(),
                clock.instant().atZone(vn.truongson.datasets.Submissions.ZONE_ID).toLocalDate());
        byte[] bytes = pdf ? vn.truongson.paper.Decree30.pdf(doc) : vn.truongson.paper.Decree30.docx(doc);
        String filename = s.dataset().code().replaceAll("[^A-Za-z0-9._-]+", "-") + "-bao-cao-" + s.period() + (pdf ? ".pdf" : ".docx");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(pdf ? vn.truongson.paper.Decree30.PDF_TYPE : vn.truongson.paper.Decree30.DOCX_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(bytes);
    }

    @GetMapping({"/api/v1/datasets/{id}/rollup.xlsx", "/office/datasets/{id}/rollup.xlsx"})
    @Operation(summary = "Tổng hợp (Excel) / The roll-up as a workbook",
            description = "The same query and refusals as GET …/rollup. Sheets: Tổng hợp, Phân tổ chéo (fields broken down by two lists), Chưa nộp, Số liệu đơn vị.")
    ResponseEntity<byte[]> rollup(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Rollups.Scope s = rollups.scope(id, period, optionalUnit(unitId));
        Rollup r = rollups.rollup(s);
        List<Submissions.Entry> entries = rollups.entries(s);
        List<Long> ids = new ArrayList<>(r.missing());
        entries.forEach(e -> ids.add(e.unitId()));
        ids.add(s.unitId());
        Map<Long, Unit> named = units.named(ids);
        return workbook(s.dataset().code() + "-tong-hop-" + s.period() + ".xlsx", wb -> {
            wb.summary(s.dataset(), r, named.get(s.unitId()));
            wb.cross(s.dataset(), r);
            wb.missing(r.missing(), named);
            wb.units(s.dataset(), entries, named);
        });
    }

    @GetMapping({"/api/v1/datasets/{id}/submissions.xlsx", "/office/datasets/{id}/submissions.xlsx"})
    @Operation(summary = "Số liệu các đơn vị (Excel) / The submissions as they stand, one row per unit",
            description = "The same query and refusals as GET …/submissions.")
    ResponseEntity<byte[]> submissions(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Rollups.Scope s = rollups.scope(id, period, optionalUnit(unitId));
        List<Submissions.Entry> entries = rollups.entries(s);
        Map<Long, Unit> named = units.named(entries.stream().map(Submissions.Entry::unitId).toList());
        return workbook(s.dataset().code() + "-so-lieu-" + s.period() + ".xlsx", wb -> wb.units(s.dataset(), entries, named));
    }

    @GetMapping({"/api/v1/datasets/{id}/template.xlsx", "/office/datasets/{id}/template.xlsx"})
    @Operation(summary = "Mẫu nhập (Excel) / The data set's template",
            description = "The fields with their requirements, and one row per assigned unit of the period in the reader's scope.")
    ResponseEntity<byte[]> template(@PathVariable long id, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        Rollups.Scope s = rollups.scope(id, period, optionalUnit(unitId));
        List<Long> assigned = rollups.assignedUnits(s);
        Map<Long, Unit> named = units.named(assigned);
        List<Unit> rows = assigned.stream().map(named::get).filter(java.util.Objects::nonNull).toList();
        return workbook(s.dataset().code() + "-mau-nhap-" + s.period() + ".xlsx", wb -> wb.template(s.dataset(), rows));
    }

    private static @Nullable Long optionalUnit(@Nullable String unitId) {
        return unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
    }

    private static ResponseEntity<byte[]> workbook(String filename, Consumer<DatasetWorkbook> fill) {
        byte[] bytes;
        try (DatasetWorkbook wb = new DatasetWorkbook()) {
            fill.accept(wb);
            bytes = wb.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(bytes);
    }
}
