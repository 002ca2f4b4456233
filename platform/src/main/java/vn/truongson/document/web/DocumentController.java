package vn.truongson.document.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.document.Document;
import vn.truongson.document.DocumentList;
import vn.truongson.document.DocumentViews;
import vn.truongson.document.Documents;

/** Official documents (API.md "Documents and signatures"), the rows that are not pki or signature validation. */
@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Văn bản / Official documents")
class DocumentController {

    record SignRequest(@Nullable String pin) {}

    record SendRequest(@Nullable String channel) {}

    record ReceiveRequest(@Nullable String unitId) {}

    record AssignmentRequest(@Nullable String unitId, @Nullable String officialId, @Nullable String role, @Nullable String dueDate,
            @Nullable Integer dueWorkingDays) {}

    record ProgressRequest(@Nullable String text, @Nullable Integer percent) {}

    record CloseRequest(@Nullable String text, @Nullable String replyDocumentId) {}

    record ReasonRequest(@Nullable String reason, @Nullable String unitId) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Documents documents;
    private final DocumentList lists;

    DocumentController(Documents documents, DocumentList lists) {
        this.documents = documents;
        this.lists = lists;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Soạn thảo văn bản / Draft a document",
            description = "multipart: metadata (JSON {type, subject, secrecy, urgency, issuingUnitId, signerId, recipients:[{unitId} or "
                    + "{organId, name}]}) and file (PDF). Without a file, metadata.body is rendered to a Decree-30 PDF.")
    Map<String, Object> create(@RequestPart(name = "metadata", required = false) @Nullable String metadata,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file) {
        Documents.Draft draft = parseDraft(metadata);
        byte[] pdf = null;
        if (file != null && !file.isEmpty()) {
            try {
                pdf = file.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (file != null) {
            throw new DomainException.BadInput("file", "document.file.empty");
        }
        Document d = documents.draft(draft, pdf);
        return Map.of("id", Ids.str(d.id()), "status", d.status().name());
    }

    static Documents.Draft parseDraft(@Nullable String metadata) {
        if (metadata == null || metadata.isBlank()) throw new DomainException.BadInput("metadata", "problem.field.required");
        JsonNode m;
        try {
            m = JSON.readTree(metadata);
        } catch (JacksonException e) {
            throw new DomainException.BadInput("metadata", "document.metadata.json");
        }
        if (m == null || !m.isObject()) throw new DomainException.BadInput("metadata", "document.metadata.json");
        List<Documents.RecipientInput> recipients = null;
        JsonNode rs = m.get("recipients");
        if (rs != null && !rs.isNull()) {
            if (!rs.isArray()) throw new DomainException.BadInput("recipients", "document.recipients.none");
            recipients = new ArrayList<>();
            for (JsonNode r : rs) {
                recipients.add(r.isObject() ? new Documents.RecipientInput(text(r, "unitId"), text(r, "organId"), text(r, "name")) : null);
            }
        }
        return new Documents.Draft(text(m, "type"), text(m, "subject"), text(m, "secrecy"), text(m, "urgency"), text(m, "issuingUnitId"),
                text(m, "signerId"), recipients, text(m, "body"), text(m, "signerAuthority"), text(m, "signerFor"));
    }

    private static @Nullable String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        return v.isValueNode() ? v.asString() : v.toString();
    }

    @GetMapping
    @Operation(summary = "Hộp văn bản / Incoming or outgoing box, with filters and full-text search",
            description = "box incoming|outgoing|drafts|to-sign; unitId; q (diacritics ignored); status, type, secrecy, urgency; "
                    + "from, to (yyyy-MM-dd); due=overdue. Urgent first.")
    List<Map<String, Object>> list(@RequestParam(required = false) @Nullable String box, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String type, @RequestParam(required = false) @Nullable String secrecy,
            @RequestParam(required = false) @Nullable String urgency, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String due,
            @RequestParam(required = false) @Nullable String limit) {
        var query = DocumentList.Query.parse(box, unitId, q, status, type, secrecy, urgency, from, to, due, limit);
        return lists.list(query).stream().map(Views::row).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Văn bản / A document with its recipients, history and handling")
    Map<String, Object> get(@PathVariable long id) {
        return Views.detail(documents.get(id));
    }

    @GetMapping("/{id}/file")
    @Operation(summary = "Tệp PDF / The PDF as it stands, signatures included",
            description = "disposition=inline opens it (audited as an open), print (audited as a print); default attachment (a download).")
    ResponseEntity<byte[]> file(@PathVariable("id") long docId, @RequestParam(required = false) @Nullable String disposition) {
        Documents.Access access = "inline".equals(disposition) ? Documents.Access.OPEN
                : "print".equals(disposition) ? Documents.Access.PRINT : Documents.Access.DOWNLOAD;
        byte[] pdf = documents.file(docId, access);
        ContentDisposition cd = (access == Documents.Access.DOWNLOAD ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename("van-ban-" + docId + ".pdf").build();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).header(HttpHeaders.CONTENT_DISPOSITION, cd.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(pdf);
    }

    @PostMapping("/{id}/sign")
    @Operation(summary = "Ký số cá nhân / The named signer signs with the PIN of their key")
    Map<String, Object> sign(@PathVariable long id, @RequestBody(required = false) @Nullable SignRequest b) {
        if (b == null || b.pin() == null || b.pin().isEmpty()) throw new DomainException.BadInput("pin", "problem.field.required");
        if (b.pin().length() > 64) throw new DomainException.BadInput("pin", "document.pin.format");
        Document d = documents.sign(id, b.pin().toCharArray());
        return Map.of("status", d.status().name());
    }

    @PostMapping("/{id}/issue")
    @Operation(summary = "Cấp số, ký số cơ quan, ban hành / A clerk of the issuing unit issues it")
    Map<String, Object> issue(@PathVariable long id) {
        Document d = documents.issue(id);
        return Map.of("status", d.status().name(), "number", d.number(), "notation", d.notation(), "numberAndNotation", d.numberAndNotation(),
                "issuedAt", Views.offset(d.issuedAt()));
    }

    @PostMapping("/{id}/send")
    @Operation(summary = "Phát hành, gửi / Send on a channel", description = "channel MILITARY_NETWORK, MOBILE or EXTERNAL; 409 when the "
            + "channel may not carry the document's secrecy.")
    Map<String, Object> send(@PathVariable long id, @RequestBody(required = false) @Nullable SendRequest b) {
        var deliveries = documents.send(id, b == null ? null : b.channel());
        return Map.of("deliveries", deliveries.stream().map(x -> Map.of("recipient", x.recipient(), "status", x.status().name())).toList());
    }

    @PostMapping("/{id}/receive")
    @Operation(summary = "Tiếp nhận, vào sổ văn bản đến / A recipient's clerk registers it with the next incoming number")
    Map<String, Object> receive(@PathVariable long id, @RequestBody(required = false) @Nullable ReceiveRequest b) {
        Long unit = b == null || b.unitId() == null ? null : Ids.parse("unitId", b.unitId());
        DocumentViews.Receipt r = documents.receive(id, unit);
        return Map.of("arrivalNumber", r.arrivalNumber(), "arrivedAt", Views.offset(r.arrivedAt()), "recipientId", Ids.str(r.recipientId()));
    }

    @PostMapping("/{id}/assignments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Chuyển giao xử lý / Assign to a unit or an official", description = "role LEAD, SUPPORT or INFO; dueDate yyyy-MM-dd, "
            + "or dueWorkingDays counted on the working calendar.")
    Map<String, Object> assign(@PathVariable long id, @RequestBody(required = false) @Nullable AssignmentRequest b) {
        if (b == null) throw new DomainException.BadInput("role", "problem.field.required");
        return Views.assignment(documents.assign(id,
                new Documents.AssignmentInput(b.unitId(), b.officialId(), b.role(), b.dueDate(), b.dueWorkingDays())));
    }

    @PostMapping("/{id}/assignments/{assignmentId}/progress")
    @Operation(summary = "Ý kiến, tiến độ xử lý / A handler records an opinion or progress")
    Map<String, Object> progress(@PathVariable long id, @PathVariable long assignmentId, @RequestBody(required = false) @Nullable ProgressRequest b) {
        return Views.assignment(documents.progress(assignmentId, b == null ? null : b.text(), b == null ? null : b.percent()));
    }

    @PostMapping("/{id}/assignments/{assignmentId}/close")
    @Operation(summary = "Hoàn thành xử lý / Close the handling, with the reply document linked")
    Map<String, Object> close(@PathVariable long id, @PathVariable long assignmentId, @RequestBody(required = false) @Nullable CloseRequest b) {
        return Views.assignment(documents.close(assignmentId, b == null ? null : b.text(),
                b == null ? null : b.replyDocumentId()));
    }

    @PostMapping("/{id}/send-back")
    @Operation(summary = "Trả lại dự thảo / The named signer sends the draft back to its drafter", description = "reason (required, ≤ 2000); "
            + "409 unless the document is an unsigned draft.")
    Map<String, Object> sendBack(@PathVariable long id, @RequestBody(required = false) @Nullable ReasonRequest b) {
        Document d = documents.sendBack(id, b == null ? null : b.reason());
        return Map.of("status", d.status().name(), "revision", d.revision());
    }

    @PostMapping(path = "/{id}/resubmit", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Trình lại dự thảo / The drafter resubmits the returned draft, edited",
            description = "multipart: metadata (JSON {subject, body}) and file (PDF); without a file, body is rendered. 409 unless sent back.")
    Map<String, Object> resubmit(@PathVariable long id, @RequestPart(name = "metadata", required = false) @Nullable String metadata,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file) {
        String subject = null, body = null;
        if (metadata != null && !metadata.isBlank()) {
            JsonNode m;
            try {
                m = JSON.readTree(metadata);
            } catch (JacksonException e) {
                throw new DomainException.BadInput("metadata", "document.metadata.json");
            }
            if (m == null || !m.isObject()) throw new DomainException.BadInput("metadata", "document.metadata.json");
            subject = text(m, "subject");
            body = text(m, "body");
        }
        byte[] pdf = null;
        try {
            if (file != null && !file.isEmpty()) pdf = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Document d = documents.resubmit(id, subject, pdf == null ? body : null, pdf);
        return Map.of("status", d.status().name(), "revision", d.revision());
    }

    @PostMapping("/{id}/return")
    @Operation(summary = "Trả lại văn bản gửi sai / A receiving clerk returns the copy to the sender",
            description = "reason (required), unitId (when the clerk serves several recipient units). A copy that came by edXML answers the "
                    + "sending agency with status 02 (Từ chối tiếp nhận). 409 when already returned or assigned.")
    Map<String, Object> returnToSender(@PathVariable long id, @RequestBody(required = false) @Nullable ReasonRequest b) {
        Long unit = b == null || b.unitId() == null ? null : Ids.parse("unitId", b.unitId());
        DocumentViews.Recipient r = documents.returnToSender(id, unit, b == null ? null : b.reason());
        return Map.of("recipientId", Ids.str(r.id()), "status", r.status().name());
    }

    @GetMapping(path = "/{id}/status-notice", produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "Thông báo trạng thái edXML / The latest status notice answering the sending agency (02 when returned)")
    ResponseEntity<byte[]> statusNotice(@PathVariable long id) {
        List<byte[]> notices = documents.statusNotices(id);
        if (notices.isEmpty()) throw new DomainException.NotFound("status-notice", id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(notices.getFirst());
    }

    @GetMapping("/work")
    @Operation(summary = "Việc cần xử lý / The caller's open handling, overdue first; commanders see their units'")
    List<Map<String, Object>> work() {
        return lists.workList().stream().map(Views::work).toList();
    }

    static @Nullable String date(@Nullable LocalDate d) {
        return d == null ? null : d.toString();
    }

    static @Nullable Instant nothing() {
        return null;
    }
}
