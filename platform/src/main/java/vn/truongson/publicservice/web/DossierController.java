package vn.truongson.publicservice.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.DossierPapers;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.publicservice.Forms;
import vn.truongson.publicservice.web.Views.DossierView;

/** Dossiers at the one-stop desk and in processing (API.md "Public services and one-stop"). */
@RestController
@RequestMapping("/api/v1/dossiers")
@Tag(name = "Hồ sơ một cửa / One-stop dossiers")
class DossierController {

    record ApplicantRequest(@Nullable String idNumber, @Nullable String fullName, @Nullable String dateOfBirth, @Nullable String phone,
            @Nullable String email) {}

    record DossierRequest(@Nullable String procedureCode, @Nullable ApplicantRequest applicant, @Nullable Map<String, Object> formData,
            Dossier.@Nullable Channel channel) {}

    record ReasonRequest(@Nullable String reason) {}

    record NoteRequest(@Nullable String note) {}

    record ReceiveRequest(@Nullable List<String> checkedComponents, @Nullable List<Dossiers.Waiver> waivers) {}

    record ApologyRequest(@Nullable String reason, @Nullable String newAppointmentAt) {}

    private final Dossiers dossiers;
    private final DossierPapers papers;
    private final JsonMapper json;

    DossierController(Dossiers dossiers, DossierPapers papers, JsonMapper json) {
        this.dossiers = dossiers;
        this.papers = papers;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Nộp hồ sơ / File a dossier", description = "A one-stop officer of the implementing unit enters a dossier (channel "
            + "WALK_IN by default, or ONLINE when brought over from another portal). formData is checked against the procedure's form, field by field.")
    Views.SubmittedView file(@RequestBody DossierRequest b) {
        Dossier d = dossiers.fileByOfficer(toNew(b), b.channel() == null ? Dossier.Channel.WALK_IN : b.channel(), List.of());
        return new Views.SubmittedView(d.code(), d.status().name());
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Nộp hồ sơ kèm tệp / File a dossier with attachments", description = "Part 'dossier': the JSON body; every other file "
            + "part is named by its component code. Every required component must be attached; files are checked by content and size.")
    Views.SubmittedView fileMultipart(@RequestPart("dossier") String body, MultipartHttpServletRequest request) {
        DossierRequest b;
        try {
            b = json.readValue(body, DossierRequest.class);
        } catch (RuntimeException e) {
            throw new DomainException.BadInput("dossier", "problem.field.format");
        }
        Dossier d = dossiers.fileByOfficer(toNew(b), b.channel() == null ? Dossier.Channel.WALK_IN : b.channel(), uploads(request));
        return new Views.SubmittedView(d.code(), d.status().name());
    }

    static List<Dossiers.Upload> uploads(MultipartHttpServletRequest request) {
        List<Dossiers.Upload> out = new ArrayList<>();
        request.getMultiFileMap().forEach((name, files) -> {
            for (MultipartFile f : files) {
                if (f.isEmpty()) continue;
                String component = name.startsWith("attachments.") ? name.substring("attachments.".length()) : name;
                out.add(new Dossiers.Upload(component, f.getOriginalFilename() == null ? component : f.getOriginalFilename(), () -> {
                    try {
                        return f.getInputStream();
                    } catch (IOException e) {
                        throw new DomainException.BadInput("attachments." + component, "publicservice.upload.unreadable", component);
                    }
                }));
            }
        });
        return out;
    }

    static Dossiers.NewDossier toNew(DossierRequest b) {
        ApplicantRequest a = b.applicant();
        if (a == null) throw new DomainException.BadInput("applicant", "problem.field.required");
        LocalDate birth = null;
        if (a.dateOfBirth() != null && !a.dateOfBirth().isBlank()) {
            try {
                birth = LocalDate.parse(a.dateOfBirth().strip());
            } catch (DateTimeParseException e) {
                throw new DomainException.BadInput("applicant.dateOfBirth", "problem.field.format");
            }
        }
        return new Dossiers.NewDossier(b.procedureCode() == null ? "" : b.procedureCode(),
                new Dossier.Applicant(a.idNumber() == null ? "" : a.idNumber(), a.fullName() == null ? "" : a.fullName(), birth, a.phone(), a.email()),
                b.formData());
    }

    @GetMapping
    @Operation(summary = "Hàng đợi / A queue", description = "queue=reception: the one-stop desk's (waiting to be received, supplemented or "
            + "handed back), oldest first; queue=processing: dossiers whose current step is the caller's, soonest due first. Optional q (words "
            + "in the code, applicant or procedure, diacritics folded, ≤ 200 characters), status, page (1-based, unreadable → 1, past the end → "
            + "the last) and size (1–500, default 500): paged in the database; X-Total-Count carries how many match in all.")
    ResponseEntity<List<DossierView>> queue(@RequestParam(defaultValue = "processing") String queue, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String page,
            @RequestParam(required = false) @Nullable String size) {
        boolean processing = switch (queue) {
            case "reception" -> false;
            case "processing" -> true;
            default -> throw new DomainException.BadInput("queue", "problem.field.enum");
        };
        int perPage = 500;
        if (size != null && !size.isBlank()) {
            try {
                perPage = Integer.parseInt(size.strip());
            } catch (NumberFormatException e) {
                throw new DomainException.BadInput("size", "problem.field.range");
            }
            if (perPage < 1 || perPage > 500) throw new DomainException.BadInput("size", "problem.field.range");
        }
        var filter = Dossiers.QueueFilter.of(q, status);
        int offset = (vn.truongson.core.Paging.page(page) - 1) * perPage;
        var found = processing ? dossiers.processingQueue(filter, offset, perPage) : dossiers.receptionQueue(filter, offset, perPage);
        return ResponseEntity.ok().header("X-Total-Count", Long.toString(found.total()))
                .body(found.dossiers().stream().map(DossierView::of).toList());
    }

    @GetMapping("/{code}")
    @Operation(summary = "Một hồ sơ / A dossier with its steps and timeline")
    DossierView get(@PathVariable String code) {
        return DossierView.of(dossiers.get(code));
    }

    @PostMapping("/{code}/receive")
    @Operation(summary = "Tiếp nhận (Mẫu 01) / Receive", description = "Every required component must be present or waived: "
            + "checkedComponents (optional) lists the components checked at the desk (left out: the attached files, and all of a dossier "
            + "entered by a one-stop officer); waivers (optional) [{component, reason}] waives a missing one with a reason. Otherwise 400, one error on field "
            + "checkedComponents per missing component, naming it; nothing changes (ask for a supplement, Mẫu 02, instead).")
    Views.ReceivedView receive(@PathVariable String code, @RequestBody(required = false) @Nullable ReceiveRequest b) {
        Dossier d = dossiers.receive(code, b == null ? null : b.checkedComponents(), b == null ? null : b.waivers());
        return new Views.ReceivedView(d.code(), d.status().name(), Views.instant(d.receivedAt()), Views.instant(d.appointmentAt()));
    }

    @PostMapping("/{code}/advance")
    @Operation(summary = "Chuyển bước tiếp theo / Complete the current step")
    DossierView advance(@PathVariable String code, @RequestBody(required = false) @Nullable NoteRequest b) {
        return DossierView.of(dossiers.advance(code, b == null ? null : b.note()));
    }

    @PostMapping("/{code}/request-supplement")
    @Operation(summary = "Yêu cầu bổ sung (Mẫu 02) / Request a supplement")
    DossierView requestSupplement(@PathVariable String code, @RequestBody(required = false) @Nullable ReasonRequest b) {
        return DossierView.of(dossiers.requestSupplement(code, b == null ? null : b.reason()));
    }

    @PostMapping(path = "/{code}/supplement", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Nhận hồ sơ bổ sung tại bộ phận một cửa / The supplement brought to the desk", description = "Back to RECEIVED.")
    DossierView supplement(@PathVariable String code, @RequestBody(required = false) @Nullable NoteRequest b) {
        return DossierView.of(dossiers.answerSupplementAtDesk(code, b == null ? null : b.note(), List.of()));
    }

    @PostMapping("/{code}/reject")
    @Operation(summary = "Từ chối (Mẫu 03) / Refuse")
    DossierView reject(@PathVariable String code, @RequestBody(required = false) @Nullable ReasonRequest b) {
        return DossierView.of(dossiers.reject(code, b == null ? null : b.reason()));
    }

    @PostMapping("/{code}/send-back")
    @Operation(summary = "Trả lại bước trước / Send back to the previous step")
    DossierView sendBack(@PathVariable String code, @RequestBody(required = false) @Nullable ReasonRequest b) {
        return DossierView.of(dossiers.sendBack(code, b == null ? null : b.reason()));
    }

    @PostMapping("/{code}/escalate")
    @Operation(summary = "Báo cáo lãnh đạo / Escalate")
    DossierView escalate(@PathVariable String code, @RequestBody(required = false) @Nullable ReasonRequest b) {
        return DossierView.of(dossiers.escalate(code, b == null ? null : b.reason()));
    }

    @PostMapping("/{code}/apology")
    @Operation(summary = "Xin lỗi, hẹn lại (Mẫu 04) / Apology and new date", description = "newAppointmentAt: ISO instant, or a date yyyy-MM-dd or dd/MM/yyyy (17:00 that day).")
    DossierView apology(@PathVariable String code, @RequestBody(required = false) @Nullable ApologyRequest b) {
        return DossierView.of(dossiers.apologise(code, b == null ? null : b.reason(), b == null ? null : when(b.newAppointmentAt())));
    }

    @PostMapping("/{code}/return-result")
    @Operation(summary = "Trả kết quả / Return the result")
    Views.ReturnedView returnResult(@PathVariable String code) {
        Dossier d = dossiers.returnResult(code);
        return new Views.ReturnedView(d.code(), d.status().name(), Views.instant(d.returnedAt()), d.onTime());
    }

    @GetMapping("/{code}/forms/{form}")
    @Operation(summary = "Mẫu 01–05 (PDF) / A one-stop form", description = "form: 01..05 (or 01.pdf).")
    ResponseEntity<byte[]> form(@PathVariable String code, @PathVariable String form) {
        Forms.Kind kind = kind(form);
        return pdf(papers.form(code, kind), "mau-" + kind.number() + "-" + code + ".pdf");
    }

    @GetMapping("/{code}/result")
    @Operation(summary = "Kết quả (PDF) / The result document")
    ResponseEntity<byte[]> result(@PathVariable String code) {
        return pdf(papers.result(dossiers.get(code)), "ket-qua-" + code + ".pdf");
    }

    @GetMapping("/{code}/attachments/{sha256}")
    @Operation(summary = "Tệp đính kèm / An attachment", description = "For the officers who may read the dossier; audited. sha256 as in the "
            + "dossier's attachments. download=true: as a download (Content-Disposition attachment); else PDF and images open in the browser. "
            + "The file name is given in RFC 5987 form (filename*=UTF-8''...) with an ASCII fallback. A hidden dossier answers as a missing one: 404.")
    ResponseEntity<byte[]> attachment(@PathVariable String code, @PathVariable String sha256, @RequestParam(defaultValue = "false") boolean download) {
        return file(dossiers.attachment(code, sha256, download), download);
    }

    /** An attachment as a response: opened in the browser only for PDF and images; never sniffed, never framed, never cached. */
    static ResponseEntity<byte[]> file(Dossiers.AttachmentFile f, boolean download) {
        String type = f.attachment().contentType();
        boolean viewable = type.equals("application/pdf") || type.equals("image/png") || type.equals("image/jpeg");
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (RuntimeException e) {
            media = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok().contentType(media)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(download || !viewable, f.attachment().fileName()))
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .body(f.bytes());
    }

    /**
     * "attachment; filename=\"don-de-nghi.pdf\"; filename*=UTF-8''%C4%90%C6%A1n..." (RFC 6266 with RFC 5987): the Vietnamese
     * name for browsers, an ASCII fallback without diacritics for the rest.
     */
    static String disposition(boolean attachment, String fileName) {
        String name = vn.truongson.core.VietnameseText.nfc(fileName);
        String ascii = vn.truongson.core.VietnameseText.fold(name).replaceAll("[^A-Za-z0-9._-]+", "_");
        StringBuilder ext = new StringBuilder();
        for (byte x : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) ext.append((char) c);
            else ext.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
        }
        return (attachment ? "attachment" : "inline") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + ext;
    }

    static Forms.Kind kind(String form) {
        String f = form.endsWith(".pdf") ? form.substring(0, form.length() - 4) : form;
        for (Forms.Kind k : Forms.Kind.values()) if (k.number().equals(f)) return k;
        throw new DomainException.NotFound("form", form);
    }

    static ResponseEntity<byte[]> pdf(byte[] bytes, String name) {
        // The forms are printed from a frame of the dossier's page (fragments/print): framed by our own pages only.
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name).build().toString())
                .header("X-Frame-Options", "SAMEORIGIN").header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
                .body(bytes);
    }

    static @Nullable Instant when(@Nullable String s) {
        if (s == null || s.isBlank()) return null;
        try {
            String t = s.strip();
            if (t.contains("/")) t = LocalDate.parse(t, java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu")).toString();
            return t.length() <= 10 ? LocalDate.parse(t).atTime(17, 0).atZone(WorkingCalendar.ZONE).toInstant()
                    : OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new DomainException.BadInput("newAppointmentAt", "problem.field.format");
        }
    }
}
