package vn.truongson.population.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.population.AdmissionsList;
import vn.truongson.population.AdmissionsRules;
import vn.truongson.population.BorderList;

/** A candidate list for military-school admissions, checked and returned as a colour-coded Excel file. */
@RestController
@RequestMapping("/api/v1/population")
@Tag(name = "Dữ liệu dân cư / Population data")
class AdmissionsListController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final AdmissionsList admissions;
    private final BorderList border;
    private final AdmissionsRules rules;

    AdmissionsListController(AdmissionsList admissions, BorderList border, AdmissionsRules rules) {
        this.admissions = admissions;
        this.border = border;
        this.rules = rules;
    }

    @PostMapping(path = "/border-lists", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Đối chiếu danh sách thuyền viên, hành khách / Check a crew and passenger list for border control",
            description = "Multipart `file` (.xlsx, Border Guard e-procedure layout: Họ và tên in capitals without diacritics, Giới tính M/F, "
                    + "Ngày sinh dd/mm/yyyy, Quốc tịch ICAO code or name, Số giấy tờ, optional Chức danh with the master first). "
                    + "Vietnamese nationals are looked up in the registry (purpose BORDER) and compared in capitals without diacritics. "
                    + "Answer: the workbook with a coloured result column; header X-Verification-Summary.")
    ResponseEntity<byte[]> border(@RequestParam(required = false) @Nullable MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
        BorderList.Checked c = border.check(file.getInputStream(), rules.maxRows());
        String summary = c.counts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-bien-phong.xlsx").build().toString())
                .header("X-Verification-Summary", summary)
                .body(c.xlsx());
    }

    @PostMapping(path = "/admissions-lists", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Đối chiếu danh sách thí sinh tuyển sinh quân sự / Check an admissions candidate list",
            description = "Multipart `file` (.xlsx; columns Số định danh, Họ và tên, Ngày sinh in any order) and `year`. Each row: "
                    + "structure, duplicates, ID digits against the date of birth, age limits (truongson.population.admissions.*), "
                    + "registry match (purpose ADMISSIONS). Answer: the same workbook with a coloured result column and a note; "
                    + "header X-Verification-Summary counts the outcomes. Rows the registry could not check are marked so, never "
                    + "'not matched'.")
    ResponseEntity<byte[]> check(@RequestParam(required = false) @Nullable MultipartFile file, @RequestParam(required = false) @Nullable String year)
            throws IOException {
        if (file == null || file.isEmpty()) throw new BadInput("file", "population.field.required");
        int y;
        try {
            y = Integer.parseInt(year == null ? "" : year.strip());
        } catch (NumberFormatException e) {
            throw new BadInput("year", "population.field.required");
        }
        AdmissionsList.Checked c = admissions.check(file.getInputStream(), y);
        String summary = c.counts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ket-qua-doi-chieu-" + y + ".xlsx").build().toString())
                .header("X-Verification-Summary", summary)
                .body(c.xlsx());
    }
}
