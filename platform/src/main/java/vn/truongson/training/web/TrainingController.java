package vn.truongson.training.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Ids;
import vn.truongson.training.Topic;
import vn.truongson.training.Training;

/** Training over the API (docs/training.md): courses, classes, participants, results, certificates, records, coverage. */
@RestController
@RequestMapping("/api/v1/training")
@Tag(name = "Đào tạo, tập huấn / Training")
class TrainingController {

    record NewCourse(@Nullable String unitId, @Nullable String code, @Nullable String title, @Nullable String topic, @Nullable Integer hours,
            @Nullable String description) {}

    record NewClass(@Nullable String courseId, @Nullable String unitId, @Nullable String name, @Nullable String startDate, @Nullable String endDate,
            @Nullable String place) {}

    record Enrolment(@Nullable List<Object> officialIds) {}

    record ResultBody(@Nullable Boolean attended, @Nullable String result, @Nullable BigDecimal score, @Nullable String note) {}

    record CoverageView(int year, List<Training.UnitCoverage> units) {}

    private final Training training;

    TrainingController(Training training) {
        this.training = training;
    }

    @PostMapping("/courses")
    @Operation(summary = "Tạo khóa đào tạo / Create a course",
            description = "A COMMANDER or ADMIN of the unit: {unitId, code, title, topic: DIGITAL_TRANSFORMATION | INFORMATION_SECURITY | "
                    + "DIGITAL_SIGNATURE | OTHER, hours 1–2000, description?} → 201. Audited.")
    ResponseEntity<Training.Course> createCourse(@RequestBody(required = false) @Nullable NewCourse b) {
        if (b == null) throw new BadInput("title", "problem.field.required");
        var c = training.createCourse(b.unitId() == null || b.unitId().isBlank() ? null : Ids.parse("unitId", b.unitId()), b.code(), b.title(),
                b.topic(), b.hours(), b.description());
        return ResponseEntity.created(URI.create("/api/v1/training/courses/" + c.id())).body(c);
    }

    @GetMapping("/courses")
    @Operation(summary = "Danh mục khóa đào tạo / Course catalogue", description = "Optional topic; limit ≤ 500, offset.")
    List<Training.Course> courses(@RequestParam(required = false) @Nullable String topic, @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String offset) {
        return training.courses(topic(topic), bounded("limit", limit, 100, 500), bounded("offset", offset, 0, 100_000));
    }

    @GetMapping("/courses/{id}")
    @Operation(summary = "Một khóa đào tạo / One course")
    Training.Course course(@PathVariable long id) {
        return training.course(id);
    }

    @PostMapping("/classes")
    @Operation(summary = "Mở lớp / Create a class",
            description = "A COMMANDER or ADMIN of the organising unit: {courseId, unitId, name?, startDate, endDate (yyyy-MM-dd), place} → 201. Audited.")
    ResponseEntity<Training.TrainingClass> createClass(@RequestBody(required = false) @Nullable NewClass b) {
        if (b == null) throw new BadInput("courseId", "problem.field.required");
        var k = training.createClass(b.courseId() == null || b.courseId().isBlank() ? null : Ids.parse("courseId", b.courseId()),
                b.unitId() == null || b.unitId().isBlank() ? null : Ids.parse("unitId", b.unitId()), b.name(), b.startDate(), b.endDate(), b.place());
        return ResponseEntity.created(URI.create("/api/v1/training/classes/" + k.id())).body(k);
    }

    @GetMapping("/classes")
    @Operation(summary = "Các lớp / Classes", description = "Classes the caller may read (his grants' units), latest first; year (of the start), topic, limit ≤ 500, offset.")
    List<Training.TrainingClass> classes(@RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String topic,
            @RequestParam(required = false) @Nullable String limit, @RequestParam(required = false) @Nullable String offset) {
        Integer y = year == null || year.isBlank() ? null : bounded("year", year, 0, 2100);
        return training.classes(y, topic(topic), bounded("limit", limit, 100, 500), bounded("offset", offset, 0, 100_000));
    }

    @GetMapping("/classes/{id}")
    @Operation(summary = "Một lớp / One class", description = "404 alike for a missing class and one outside the caller's grants.")
    Training.TrainingClass get(@PathVariable long id) {
        return training.get(id);
    }

    @GetMapping("/classes/{id}/participants")
    @Operation(summary = "Học viên và kết quả / Participants and results")
    List<Training.Participant> participants(@PathVariable long id) {
        return training.participants(id);
    }

    @PostMapping("/classes/{id}/participants")
    @Operation(summary = "Ghi danh / Enrol", description = "{officialIds:[…]} (≤ 500): active officials within the organiser's grants; "
            + "one outside them is refused like an unknown one (400 officialIds[i]). Already enrolled: kept. Audited.")
    List<Training.Participant> enrol(@PathVariable long id, @RequestBody(required = false) @Nullable Enrolment b) {
        return training.enrol(id, b == null ? null : b.officialIds());
    }

    @DeleteMapping("/classes/{id}/participants/{officialId}")
    @Operation(summary = "Rút tên / Withdraw", description = "Not once the certificate is issued (409). Audited.")
    ResponseEntity<Void> withdraw(@PathVariable long id, @PathVariable long officialId) {
        training.withdraw(id, officialId);
        return ResponseEntity.noContent().build();
    }

    @RequestMapping(path = "/classes/{id}/participants/{officialId}/result", method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Điểm danh, kết quả / Attendance and result",
            description = "{attended, result: PASSED | FAILED, score? (0–100, two decimals), note? (≤ 1000)}; absent and passed is refused. "
                    + "The same result again changes nothing; after the certificate it is final (409). Audited.")
    Training.Participant result(@PathVariable long id, @PathVariable long officialId, @RequestBody(required = false) @Nullable ResultBody b) {
        if (b == null) throw new BadInput("attended", "problem.field.required");
        return training.record(id, officialId, b.attended(), b.result(), b.score(),
                b.note());
    }

    @PostMapping("/classes/{id}/certificates")
    @Operation(summary = "Cấp giấy chứng nhận / Issue certificates",
            description = "The class's organisers, once it has ended: one certificate for each participant who attended and passed and has none, "
                    + "Decree 30 layout, sealed by the organising unit (409 when it has no seal). Returns those issued now. Audited.")
    List<Training.Certificate> issue(@PathVariable long id) {
        return training.issueCertificates(id);
    }

    @GetMapping("/classes/{id}/certificates")
    @Operation(summary = "Giấy chứng nhận của lớp / The class's certificates")
    List<Training.Certificate> certificates(@PathVariable long id) {
        return training.certificates(id);
    }

    @GetMapping("/certificates/{id}")
    @Operation(summary = "Một giấy chứng nhận / One certificate", description = "Its holder and the class's readers; 404 otherwise.")
    Training.Certificate certificate(@PathVariable long id) {
        return training.certificate(id);
    }

    @GetMapping(path = "/certificates/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "Tải giấy chứng nhận (PDF) / Download the sealed PDF", description = "Audited as a download.")
    ResponseEntity<byte[]> pdf(@PathVariable long id) throws IOException {
        return pdfResponse(training, id);
    }

    static ResponseEntity<byte[]> pdfResponse(Training training, long id) throws IOException {
        Training.Certificate c = training.certificate(id);
        byte[] bytes;
        try (InputStream in = training.certificatePdf(id)) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"giay-chung-nhan-" + c.number().replace('/', '-') + ".pdf\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(bytes);
    }

    @GetMapping("/officials/{id}/record")
    @Operation(summary = "Hồ sơ đào tạo của cán bộ / An official's training record",
            description = "His classes, results and certificates. The official himself, and readers covering his unit; 404 otherwise.")
    Training.OfficialRecord record(@PathVariable long id) {
        return training.officialRecord(id);
    }

    @GetMapping("/me/record")
    @Operation(summary = "Hồ sơ đào tạo của tôi / My training record")
    Training.OfficialRecord mine() {
        return training.mine();
    }

    @GetMapping("/coverage")
    @Operation(summary = "Tỷ lệ cán bộ được đào tạo / Coverage per unit",
            description = "year (default this year), unitId (default the caller's unit): units[0] the unit's subtree, then each sub-unit the caller "
                    + "may read; per topic the active officials trained (attended and passed a class of the topic ending in the year) and their share.")
    CoverageView coverage(@RequestParam(required = false) @Nullable String unitId, @RequestParam(required = false) @Nullable String year) {
        int y = year == null || year.isBlank() ? training.today().getYear() : bounded("year", year, 2000, training.today().getYear() + 1);
        long unit = unitId == null || unitId.isBlank() ? training.defaultUnit() : Ids.parse("unitId", unitId);
        Training.CoverageFigures f = training.coverage(unit, y);
        var rows = new java.util.ArrayList<Training.UnitCoverage>();
        rows.add(f.unit());
        rows.addAll(f.subUnits());
        return new CoverageView(f.year(), rows);
    }

    static @Nullable Topic topic(@Nullable String s) {
        var errors = new java.util.ArrayList<vn.truongson.core.DomainException.FieldError>();
        Topic t = vn.truongson.core.Inputs.optionalEnum(Topic.class, "topic", s, null, errors);
        if (!errors.isEmpty()) throw new BadInput(errors);
        return t;
    }

    static int bounded(String field, @Nullable String s, int whenBlank, int max) {
        if (s == null || s.isBlank()) return whenBlank;
        if (s.length() > 7 || !s.strip().matches("\\d+")) throw new BadInput(field, "problem.field.range");
        int v = Integer.parseInt(s.strip());
        if (v > max || (field.equals("year") && v < 2000)) throw new BadInput(field, "problem.field.range");
        return v;
    }

}
