package vn.truongson.datasets.web;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.Ids;
import vn.truongson.datasets.Reviews;

/** Evidence, comments and the return for correction of a unit's submission (docs/datasets.md "Evidence and review"). */
@RestController
@RequestMapping("/api/v1/datasets/{id}/submissions/{unitId}/{period}")
class ReviewController {

    record CommentRequest(@Nullable String body) {}

    record ReturnRequest(@Nullable String reason) {}

    record EvidenceView(String unitId, String period, String sha256, String name, long size, String contentType, String uploadedBy, String uploadedAt) {
        static EvidenceView of(Reviews.EvidenceItem e) {
            return new EvidenceView(Ids.str(e.unitId()), e.period(), e.sha256(), e.name(), e.size(), e.contentType(), e.uploadedBy(),
                    DatasetViews.instant(e.uploadedAt()));
        }
    }

    record CommentView(String id, String unitId, String period, String kind, @Nullable Integer revision, String body, String author, String createdAt) {
        static CommentView of(Reviews.Comment c) {
            return new CommentView(Ids.str(c.id()), Ids.str(c.unitId()), c.period(), c.kind(), c.revision(), c.body(), c.author(),
                    DatasetViews.instant(c.createdAt()));
        }
    }

    record ReturnedView(String unitId, String period, int revision, String status, String returnedBy, String returnedAt, String reason) {
        static ReturnedView of(Reviews.Returned r) {
            return new ReturnedView(Ids.str(r.unitId()), r.period(), r.revision(), "RETURNED", r.returnedBy(), DatasetViews.instant(r.returnedAt()), r.reason());
        }
    }

    private final Reviews reviews;

    ReviewController(Reviews reviews) {
        this.reviews = reviews;
    }

    @PostMapping(path = "/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Đính kèm minh chứng / Attach an evidence file to a unit's submission",
            description = "A reporter of the unit, while the period is open: multipart `file` (PDF, PNG, JPEG, .docx, .xlsx or UTF-8 text, judged by "
                    + "content, at most 20 MB, 20 per submission), scanned for malware; 409 on a classified data set.")
    EvidenceView attach(@PathVariable long id, @PathVariable long unitId, @PathVariable String period, @RequestPart("file") MultipartFile file)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return EvidenceView.of(reviews.attach(id, unitId, period,
                    new Reviews.Upload(in, file.getOriginalFilename())));
        }
    }

    @GetMapping("/evidence")
    @Operation(summary = "Minh chứng / The evidence files of a unit's submission")
    List<EvidenceView> evidence(@PathVariable long id, @PathVariable long unitId, @PathVariable String period) {
        return reviews.evidence(id, unitId, period).stream().map(EvidenceView::of).toList();
    }

    @GetMapping("/evidence/{sha256}")
    @Operation(summary = "Tải tệp minh chứng / Download an evidence file")
    ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable long unitId, @PathVariable String period,
            @PathVariable String sha256) {
        Reviews.Download d = reviews.open(id, unitId, period, sha256);
        Reviews.EvidenceItem e = d.item();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(e.contentType())).contentLength(e.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(e.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff").cacheControl(CacheControl.noStore()).body(new InputStreamResource(d.content()));
    }

    @PostMapping("/comments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ý kiến / Comment on a unit's submission", description = "A reader covering the unit: {body} (1–2,000 characters).")
    CommentView comment(@PathVariable long id, @PathVariable long unitId, @PathVariable String period, @RequestBody CommentRequest b) {
        return CommentView.of(reviews.comment(id, unitId, period, b.body()));
    }

    @GetMapping("/comments")
    @Operation(summary = "Các ý kiến / The comments on a unit's submission, oldest first")
    List<CommentView> comments(@PathVariable long id, @PathVariable long unitId, @PathVariable String period) {
        return reviews.comments(id, unitId, period).stream().map(CommentView::of).toList();
    }

    @PostMapping("/return")
    @Operation(summary = "Trả lại để chỉnh sửa / Return a unit's submission for correction",
            description = "A data coordinator covering the unit: {reason} → the return; idempotent for the same revision; the reporters are notified once.")
    ReturnedView returnForCorrection(@PathVariable long id, @PathVariable long unitId, @PathVariable String period, @RequestBody ReturnRequest b) {
        return ReturnedView.of(reviews.returnForCorrection(id, unitId, period, b.reason()));
    }
}
