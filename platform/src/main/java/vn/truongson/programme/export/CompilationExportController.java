package vn.truongson.programme.export;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import vn.truongson.programme.export.CompilationExports.Format;

/**
 * The compiled report as Excel, Word or PDF (API.md "Programme tracking"): the same query and checks as its JSON.
 * Also served under /office, where a signed-in browser downloads it with its session (the API door takes tokens only).
 */
@RestController
@Tag(name = "Kế hoạch / Programme plans")
class CompilationExportController {

    private static final String SAME_QUERY = "The same query and authorization as GET /api/v1/plans/{planId}/compilation: period yyyy-MM, "
            + "unitId for a subtree (default: the whole plan).";

    private final CompilationExports exports;

    CompilationExportController(CompilationExports exports) {
        this.exports = exports;
    }

    @GetMapping({"/api/v1/plans/{planId}/compilation.xlsx", "/office/programme/plans/{planId}/compilation.xlsx"})
    @Operation(summary = "Báo cáo tổng hợp (Excel) / The compiled report as a workbook", description = SAME_QUERY
            + " Sheets: Tổng hợp, Nhiệm vụ, Chỉ tiêu, Chưa báo cáo, Điểm nghẽn.")
    ResponseEntity<byte[]> xlsx(@PathVariable long planId, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        return file(planId, period, unitId, Format.XLSX);
    }

    @GetMapping({"/api/v1/plans/{planId}/compilation.docx", "/office/programme/plans/{planId}/compilation.docx"})
    @Operation(summary = "Báo cáo tổng hợp (Word) / The compiled report as a Decree-30 Báo cáo", description = SAME_QUERY)
    ResponseEntity<byte[]> docx(@PathVariable long planId, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        return file(planId, period, unitId, Format.DOCX);
    }

    @GetMapping({"/api/v1/plans/{planId}/compilation.pdf", "/office/programme/plans/{planId}/compilation.pdf"})
    @Operation(summary = "Báo cáo tổng hợp (PDF) / The compiled report as a Decree-30 Báo cáo", description = SAME_QUERY)
    ResponseEntity<byte[]> pdf(@PathVariable long planId, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String unitId) {
        return file(planId, period, unitId, Format.PDF);
    }

    private ResponseEntity<byte[]> file(long planId, @Nullable String period, @Nullable String unitId, Format format) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        ExportFile f = exports.export(planId, period, unit, format);
        return attachment(f);
    }

    static ResponseEntity<byte[]> attachment(ExportFile f) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(f.filename()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(f.content());
    }
}
