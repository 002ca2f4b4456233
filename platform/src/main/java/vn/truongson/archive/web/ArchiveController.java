package vn.truongson.archive.web;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.archive.Archive;
import vn.truongson.archive.ArchiveSearch;
import vn.truongson.archive.Records;
import vn.truongson.core.DomainException.BadInput;

/** Digitisation over the API (API.md, "Digitisation and records"; additions in docs/archive.md). */
@RestController
@RequestMapping("/api/v1/archive")
class ArchiveController {

    record NewBatch(@Nullable Long unitId, @Nullable Integer year, @Nullable String title, @Nullable String fonds, @Nullable String secrecy) {}

    record SearchHit(long itemId, long batchId, String title, String snippet, int page) {}

    record NewRecord(@Nullable Long unitId, @Nullable String code, @Nullable String title, @Nullable Integer year, @Nullable Integer retentionYears,
            @Nullable Boolean permanent, @Nullable String secrecy) {}

    record Filing(@Nullable List<Object> itemIds) {}

    record NewDisposal(@Nullable Long unitId, @Nullable List<Object> recordIds, @Nullable String reason) {}

    private final Archive archive;
    private final ArchiveSearch search;
    private final Records records;
    private final vn.truongson.archive.Disposals disposals;

    ArchiveController(Archive archive, ArchiveSearch search, Records records, vn.truongson.archive.Disposals disposals) {
        this.archive = archive;
        this.search = search;
        this.records = records;
        this.disposals = disposals;
    }

    @PostMapping("/disposals")
    @Operation(summary = "Đề nghị tiêu hủy / Propose a disposal list",
            description = "An ARCHIVIST of the unit: {unitId, recordIds:[…], reason} — records whose retention has expired → 201 the list, status PROPOSED.")
    ResponseEntity<vn.truongson.archive.Disposals.Disposal> propose(@RequestBody(required = false) @Nullable NewDisposal body) {
        if (body == null) throw new BadInput("recordIds", "archive.field.required");
        var d = disposals.propose(body.unitId(), body.recordIds(), body.reason());
        return ResponseEntity.created(URI.create("/api/v1/archive/disposals/" + d.id())).body(d);
    }

    @GetMapping("/disposals")
    @Operation(summary = "Các danh mục tiêu hủy / Disposal lists", description = "Lists the caller may see (ARCHIVIST or COMMANDER of the unit).")
    List<vn.truongson.archive.Disposals.Disposal> disposals(@RequestParam(defaultValue = "100") int limit) {
        return disposals.list(limit);
    }

    @GetMapping("/disposals/{id}")
    @Operation(summary = "Một danh mục tiêu hủy / One disposal list")
    vn.truongson.archive.Disposals.Disposal disposal(@PathVariable long id) {
        return disposals.get(id);
    }

    @PostMapping("/disposals/{id}/approve")
    @Operation(summary = "Duyệt tiêu hủy / Approve", description = "A COMMANDER of the unit other than the proposer; destroys the records' documents. Audited.")
    vn.truongson.archive.Disposals.Disposal approve(@PathVariable long id) {
        return disposals.decide(id, true);
    }

    @PostMapping("/disposals/{id}/reject")
    @Operation(summary = "Không duyệt tiêu hủy / Reject", description = "A COMMANDER of the unit other than the proposer; the records are kept. Audited.")
    vn.truongson.archive.Disposals.Disposal reject(@PathVariable long id) {
        return disposals.decide(id, false);
    }

    @PostMapping("/records")
    @Operation(summary = "Lập hồ sơ / Create a record (hồ sơ)",
            description = "An ARCHIVIST of the unit: {unitId, code, title, year, retentionYears | permanent:true, secrecy?} → 201 the record, status OPEN.")
    ResponseEntity<Records.ArchiveRecord> createRecord(@RequestBody(required = false) @Nullable NewRecord body) {
        if (body == null) throw new BadInput("code", "archive.field.required");
        var r = records.create(body.unitId(), body.code(), body.title(), body.year(), body.retentionYears(), body.permanent(), body.secrecy());
        return ResponseEntity.created(URI.create("/api/v1/archive/records/" + r.id())).body(r);
    }

    @GetMapping("/records")
    @Operation(summary = "Các hồ sơ / Records", description = "Records the caller may see (without their documents).")
    List<Records.ArchiveRecord> records(@RequestParam(defaultValue = "100") int limit) {
        return records.list(limit);
    }

    @GetMapping("/records/{id}")
    @Operation(summary = "Một hồ sơ / One record", description = "The record and its documents in order (mục lục văn bản).")
    Records.ArchiveRecord record(@PathVariable long id) {
        return records.get(id);
    }

    record Reclassify(@Nullable String secrecy) {}

    @org.springframework.web.bind.annotation.PutMapping("/records/{id}/secrecy")
    @Operation(summary = "Đổi độ mật hồ sơ / Change a record's secrecy level",
            description = "An ARCHIVIST allowed at the new level: {secrecy} (THUONG, MAT, TOI_MAT, TUYET_MAT) on an OPEN record, never below its most secret document. Audited.")
    Records.ArchiveRecord reclassify(@PathVariable long id, @RequestBody(required = false) @Nullable Reclassify body) {
        return records.reclassify(id, body == null ? null : body.secrecy());
    }

    @PostMapping("/records/{id}/items")
    @Operation(summary = "Đưa tài liệu vào hồ sơ / File documents", description = "{itemIds:[…]}: done documents of the record's unit, each in one record only.")
    Records.ArchiveRecord file(@PathVariable long id, @RequestBody(required = false) @Nullable Filing body) {
        return records.file(id, body == null ? null : body.itemIds());
    }

    @PostMapping("/records/{id}/hand-over")
    @Operation(summary = "Nộp lưu hồ sơ / Hand the record over", description = "Makes the BagIt package (RFC 8493) and closes the record. Audited.")
    Records.ArchiveRecord handOver(@PathVariable long id) {
        return records.handOver(id);
    }

    @GetMapping("/records/{id}/package")
    @Operation(summary = "Gói nộp lưu / The hand-over package", description = "application/zip holding the BagIt bag; 409 before hand-over. Audited.")
    ResponseEntity<InputStreamResource> pack(@PathVariable long id) {
        var p = records.pack(id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                        org.springframework.http.ContentDisposition.attachment().filename(p.fileName()).build().toString())
                .body(new InputStreamResource(p.content()));
    }

    @PostMapping("/batches")
    @Operation(summary = "Tạo lô số hóa / Create a digitisation batch", description = "An ARCHIVIST of the unit: {unitId, year, title, fonds?, secrecy? (THUONG default; MAT, TOI_MAT, TUYET_MAT need the clearance and zone)} → 201 {id, status:\"OPEN\", …}.")
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) @Nullable NewBatch body) {
        if (body == null) throw new BadInput("title", "archive.field.required");
        Archive.Batch b = archive.create(body.unitId(), body.year(), body.title(), body.fonds(), body.secrecy());
        return ResponseEntity.created(URI.create("/api/v1/archive/batches/" + b.id())).body(batch(b));
    }

    @GetMapping("/batches")
    @Operation(summary = "Các lô số hóa / Batches", description = "Batches the caller may see (ARCHIVIST, COMMANDER, CLERK of the unit), newest first.")
    List<Map<String, Object>> batches(@RequestParam(defaultValue = "100") int limit) {
        return archive.batches(limit).stream().map(ArchiveController::batch).toList();
    }

    @PostMapping(path = "/batches/{id}/scans", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Tải lên bản quét / Upload a scan", description = "multipart `file`: PDF, TIFF, JPEG or PNG by content → 202 {id, status:\"QUEUED\"}; OCR runs in the background.")
    ResponseEntity<Archive.Item> upload(@PathVariable long id, @RequestParam(required = false) @Nullable MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) throw new BadInput("file", "archive.field.required");
        try (InputStream in = file.getInputStream()) {
            Archive.Item item = archive.upload(id, in, file.getOriginalFilename());
            return ResponseEntity.accepted().location(URI.create("/api/v1/archive/items/" + item.id())).body(item);
        }
    }

    @GetMapping("/batches/{id}")
    @Operation(summary = "Một lô số hóa / One batch", description = "The batch, its progress and every item with status, pages, proposed description and confidence.")
    Map<String, Object> batch(@PathVariable long id) {
        Archive.BatchDetail d = archive.detail(id);
        Map<String, Object> m = batch(d.batch());
        m.put("items", d.items());
        return m;
    }

    @GetMapping("/items/{id}")
    @Operation(summary = "Một tài liệu số hóa / One item")
    Archive.Item item(@PathVariable long id) {
        return archive.item(id);
    }

    @PutMapping("/items/{id}")
    @Operation(summary = "Xác nhận, sửa thông tin mô tả / Confirm or correct the description",
            description = "An ARCHIVIST: {issuer, numberAndNotation, date (dd/MM/yyyy), type, subject, signer}, each optional (absent = as proposed, blank = unknown). Audited.")
    Archive.Item describe(@PathVariable long id, @RequestBody(required = false) @Nullable Map<String, Object> body) {
        return archive.describe(id, body == null ? Map.of() : new LinkedHashMap<>(body));
    }

    @GetMapping("/items/{id}/pdf")
    @Operation(summary = "Tệp PDF có lớp chữ / The searchable PDF", description = "The OCR'd PDF (the scan itself before OCR is done). Audited.")
    ResponseEntity<InputStreamResource> pdf(@PathVariable long id, @RequestParam(defaultValue = "false") boolean scan) {
        Archive.Item i = archive.item(id);
        MediaType type = scan || i.status() != Archive.ItemStatus.DONE ? MediaType.parseMediaType(i.sourceType()) : MediaType.APPLICATION_PDF;
        return ResponseEntity.ok().contentType(type).body(new InputStreamResource(archive.open(id, scan)));
    }

    @GetMapping("/items/{id}/pages/{page}")
    @Operation(summary = "Văn bản một trang / One page's text")
    Map<String, Object> page(@PathVariable long id, @PathVariable int page) {
        return Map.of("itemId", id, "page", page, "text", archive.pageText(id, page));
    }

    @GetMapping("/search")
    @Operation(summary = "Tìm kiếm toàn văn / Full-text search",
            description = "?q= words or a \"quoted phrase\", diacritics folded → [{itemId, batchId, title, snippet, page}], within the access policy.")
    List<SearchHit> search(@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "50") int limit) {
        return search.search(q, limit).stream().map(h -> new SearchHit(h.itemId(), h.batchId(), h.title(), h.snippet(), h.page())).toList();
    }

    static Map<String, Object> batch(Archive.Batch b) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", b.id());
        m.put("unitId", b.unitId());
        m.put("year", b.year());
        m.put("title", b.title());
        m.put("fonds", b.fonds());
        m.put("secrecy", b.secrecy());
        m.put("status", b.status());
        m.put("total", b.total());
        m.put("queued", b.queued());
        m.put("running", b.running());
        m.put("done", b.done());
        m.put("failed", b.failed());
        m.put("createdBy", b.createdBy());
        m.put("createdAt", b.createdAt());
        return m;
    }
}
