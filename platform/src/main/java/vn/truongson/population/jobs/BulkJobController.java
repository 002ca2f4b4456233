package vn.truongson.population.jobs;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.DomainException.BadInput;

/** Bulk checks in the background, over the API: submit (202 and the job), poll, download. Only one's own jobs. */
@RestController
@RequestMapping("/api/v1/population")
class BulkJobController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final BulkJobs jobs;

    BulkJobController(BulkJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping(path = "/admissions-lists/jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Đối chiếu danh sách thí sinh trong nền / Check an admissions list in the background",
            description = "As POST /admissions-lists, but answered at once with 202 and the job; poll GET /jobs/{id}, then GET /jobs/{id}/result.")
    ResponseEntity<BulkJobs.Job> admissions(@RequestParam(required = false) @Nullable MultipartFile file, @RequestParam(required = false) @Nullable String year)
            throws IOException {
        if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
        int y;
        try {
            y = Integer.parseInt(year == null ? "" : year.strip());
        } catch (NumberFormatException e) {
            throw new BadInput("year", "population.field.required");
        }
        return accepted(jobs.submit(BulkJobs.Kind.ADMISSIONS, y, name(file), file.getBytes()));
    }

    @PostMapping(path = "/border-lists/jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Đối chiếu danh sách thuyền viên trong nền / Check a border list in the background",
            description = "As POST /border-lists, but answered at once with 202 and the job.")
    ResponseEntity<BulkJobs.Job> border(@RequestParam(required = false) @Nullable MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
        return accepted(jobs.submit(BulkJobs.Kind.BORDER, null, name(file), file.getBytes()));
    }

    @GetMapping("/jobs")
    @Operation(summary = "Các lượt đối chiếu của tôi / My bulk-check jobs", description = "The caller's own jobs, newest first (at most 100).")
    List<BulkJobs.Job> mine() {
        return jobs.mine(100);
    }

    @GetMapping("/jobs/{id}")
    @Operation(summary = "Một lượt đối chiếu / One job", description = "Status, rows done of total, outcome counts. Another official's job is 404.")
    BulkJobs.Job job(@PathVariable long id) {
        return jobs.get(id);
    }

    @GetMapping("/jobs/{id}/result")
    @Operation(summary = "Tải kết quả / Download the checked workbook", description = "409 until the job is DONE. Audited.")
    ResponseEntity<byte[]> result(@PathVariable long id) {
        var r = jobs.result(id);
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(r.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(r.xlsx());
    }

    private ResponseEntity<BulkJobs.Job> accepted(long id) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/population/jobs/" + id)).body(jobs.get(id));
    }

    static String name(MultipartFile file) {
        String n = file.getOriginalFilename();
        return n == null || n.isBlank() ? "danh-sach.xlsx" : n;
    }
}
