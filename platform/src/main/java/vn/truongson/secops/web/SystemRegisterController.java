package vn.truongson.secops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import vn.truongson.secops.SystemRegister;
import vn.truongson.secops.SystemRegister.ControlState;
import vn.truongson.secops.SystemRegister.RegisteredSystem;

/** The Decree 85 register (docs/security.md "Decree 85 register"): an addition to API.md "Security operations and adoption". */
@RestController
@RequestMapping("/api/v1/security/systems")
@Tag(name = "An ninh / Security operations")
class SystemRegisterController {

    record SystemView(String id, String code, String name, String ownerUnitId, @Nullable String operatorUnitId, @Nullable String operatorName,
            int level, String secrecy, @Nullable String catalogueCode, String dossierStatus, @Nullable String decisionNumber,
            @Nullable String decisionDate, @Nullable String decisionBy, @Nullable String lastReviewOn, @Nullable String nextReviewOn,
            boolean overdue, List<String> warnings, int required, int done, int partial, int version) {
        static SystemView of(RegisteredSystem s) {
            return new SystemView(Ids.str(s.id()), s.code(), s.name(), Ids.str(s.ownerUnitId()), s.operatorUnitId() == null ? null : Ids.str(s.operatorUnitId()),
                    s.operatorName(), s.level(), s.secrecy().name(), s.catalogueCode(), s.dossierStatus().name(), s.decisionNumber(), day(s.decisionDate()),
                    s.decisionBy(), day(s.lastReviewOn()), day(s.nextReviewOn()), s.overdue(), s.warnings().stream().map(Enum::name).toList(),
                    s.required(), s.done(), s.partial(), s.version());
        }
    }

    record ControlView(String code, String kind, String title, String source, String status, @Nullable String evidence,
            @Nullable String evidenceName, boolean evidenceFile, @Nullable String updatedBy, @Nullable String updatedAt) {
        static ControlView of(ControlState c) {
            return new ControlView(c.code(), c.kind(), c.title(), c.source(), c.status().name(), c.evidence(), c.evidenceName(), c.evidenceFile(),
                    c.updatedBy(), c.updatedAt() == null ? null : SecurityApiController.iso(c.updatedAt()));
        }
    }

    record SystemDetail(SystemView system, List<ControlView> controls) {}

    record MarkBody(@Nullable String status, @Nullable String evidence) {}

    record ReviewBody(@Nullable String reviewedOn) {}

    private static @Nullable String day(@Nullable LocalDate d) {
        return d == null ? null : d.toString();
    }

    private final SystemRegister register;

    SystemRegisterController(SystemRegister register) {
        this.register = register;
    }

    @GetMapping
    @Operation(summary = "Danh mục hệ thống thông tin theo cấp độ / The Decree 85 register",
            description = "The systems owned within the units the caller's SECURITY_OFFICER, ADMIN, AUDITOR, COMMANDER or SYSTEM_OWNER grants cover, "
                    + "within his clearance. unitId: only that unit's subtree (404 alike for a missing unit and one outside the grants); q: code or "
                    + "name, diacritics folded; warnings=true: only systems not approved, overdue or due within 30 days for their periodic check.")
    List<SystemView> list(@RequestParam(required = false) @Nullable String unitId, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String warnings) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        return register.list(unit, q, "true".equalsIgnoreCase(warnings == null ? "" : warnings.strip())).stream().map(SystemView::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Đăng ký hệ thống / Register a system",
            description = "{code: A–Z 0–9 . _ -, name, ownerUnitId, operatorUnitId?, operatorName?, level: 1–5, secrecy?: THUONG|MAT|TOI_MAT|TUYET_MAT, "
                    + "catalogueCode?: the system's code in the data-sharing catalogue}. 409 when the code is taken. Audited.")
    SystemView create(@RequestBody SystemRegister.NewSystem body) {
        return SystemView.of(register.register(body));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Một hệ thống và danh sách biện pháp theo cấp độ / One system with the measures its level requires")
    SystemDetail get(@PathVariable("id") long sid) {
        return new SystemDetail(SystemView.of(register.get(sid)), register.controls(sid).stream().map(ControlView::of).toList());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Sửa thông tin hệ thống / Change a system's particulars",
            description = "{version, name, operatorUnitId?, operatorName?, level}: 409 when the version is not the current one. A changed level sends "
                    + "the level dossier back to DRAFT (determined again, Decree 85 Art. 18).")
    SystemView update(@PathVariable long id, @RequestBody SystemRegister.Change body) {
        return SystemView.of(register.update(id, body));
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Trình thẩm định hồ sơ đề xuất cấp độ / Submit the level dossier", description = "DRAFT → SUBMITTED, else 409.")
    SystemView submit(@PathVariable long id) {
        return SystemView.of(register.submit(id));
    }

    @PostMapping("/{id}/approval")
    @Operation(summary = "Ghi quyết định phê duyệt cấp độ / Record the approving decision",
            description = "{decisionNumber, decisionDate: yyyy-MM-dd or dd/MM/yyyy, not in the future, decisionBy}: SUBMITTED → APPROVED, else 409; "
                    + "security officer or administrator covering the owner unit (403 for the system owner alone).")
    SystemView approve(@PathVariable long id, @RequestBody SystemRegister.Approval body) {
        return SystemView.of(register.approve(id, body));
    }

    @PostMapping("/{id}/review")
    @Operation(summary = "Ghi nhận kiểm tra, đánh giá định kỳ / Record a periodic check",
            description = "{reviewedOn}: not in the future nor before the approval; the next check is due the level's interval later.")
    SystemView review(@PathVariable long id, @RequestBody(required = false) @Nullable ReviewBody body) {
        return SystemView.of(register.reviewed(id, body == null ? null : body.reviewedOn()));
    }

    @PutMapping(path = "/{id}/controls/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Đánh dấu một biện pháp / Mark a required measure",
            description = "{status: DONE|PARTIAL|NOT_DONE, evidence?: ≤ 2000 characters}; DONE needs evidence (a note or a file). Audited.")
    ControlView mark(@PathVariable long id, @PathVariable String code, @RequestBody MarkBody body) {
        return ControlView.of(register.mark(id, code, body.status(), body.evidence(), null, null));
    }

    @PostMapping(path = "/{id}/controls/{code}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Đính kèm minh chứng / Attach an evidence file",
            description = "multipart: file, status, evidence?. The file is scanned for malware before it is stored (422 …/malware).")
    ControlView evidence(@PathVariable long id, @PathVariable String code, @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String evidence) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return ControlView.of(register.mark(id, code, status, evidence, file.getOriginalFilename(), in));
        }
    }

    @GetMapping("/{id}/controls/{code}/evidence")
    @Operation(summary = "Tải minh chứng / Download the evidence file")
    void download(@PathVariable long id, @PathVariable String code, HttpServletResponse res) throws IOException {
        var e = register.evidence(id, code);
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8).replace("+", "%20"));
        try (InputStream in = e.getValue()) {
            in.transferTo(res.getOutputStream());
        }
    }
}
