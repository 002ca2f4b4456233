package vn.truongson.population;

import vn.truongson.core.Vietnam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.VietnameseText;

/**
 * Bulk verification of a military-school candidate list (tuyển sinh quân sự): each row checked for
 * structure, duplicates, age eligibility for the admissions year and a registry match, and the list
 * returned as an Excel file with a coloured result column. A registry failure marks a row "unavailable",
 * never "not matched". Synchronous here; {@code population.jobs} runs the same check in the background with progress.
 */
@Service
public class AdmissionsList {

    public enum Outcome { OK, MISMATCH, INELIGIBLE, INVALID, DUPLICATE, UNAVAILABLE }

    public record RowResult(int row, Outcome outcome, String note) {}

    public record Checked(byte[] xlsx, List<RowResult> rows, Map<Outcome, Integer> counts) {}

    static final String[] ID_HEADERS = {"so dinh danh", "so dinh danh ca nhan", "so cccd", "id number"};
    static final String[] NAME_HEADERS = {"ho va ten", "ho ten", "full name"};
    static final String[] DOB_HEADERS = {"ngay sinh", "date of birth"};
    private static final ZoneId VIETNAM = Vietnam.ZONE;

    private final CitizenVerification verification;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final AdmissionsRules rules;
    private final java.time.Clock clock;
    /** Registry calls in flight from bulk lists, across all uploads: the registry is shared with everyone. */
    private final Semaphore inFlight = new Semaphore(8);

    AdmissionsList(CitizenVerification verification, AccessPolicy policy, AuditTrail audit, AdmissionsRules rules, java.time.Clock clock) {
        this.verification = verification;
        this.policy = policy;
        this.audit = audit;
        this.rules = rules;
        this.clock = clock;
    }

    public Checked check(InputStream xlsx, int admissionsYear) {
        return check(xlsx, admissionsYear, BulkProgress.NONE);
    }

    /** The same, telling {@code progress} how many rows are done (a background job shows it). */
    public Checked check(InputStream xlsx, int admissionsYear, BulkProgress progress) {
        policy.actor();
        int thisYear = Year.now(clock.withZone(VIETNAM)).getValue();
        if (admissionsYear < thisYear - 1 || admissionsYear > thisYear + 1) {
            throw new BadInput("year", "population.bulk.year", thisYear - 1, thisYear + 1);
        }
        try (Workbook wb = Workbooks.open(xlsx); ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Sheet sheet = wb.getSheetAt(0);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            Map<String, Integer> cols = Workbooks.columns(header, Map.of("id", ID_HEADERS, "name", NAME_HEADERS, "dob", DOB_HEADERS));
            int idCol = cols.getOrDefault("id", -1), nameCol = cols.getOrDefault("name", -1), dobCol = cols.getOrDefault("dob", -1);
            List<String> missing = new ArrayList<>();
            if (idCol < 0) missing.add("Số định danh");
            if (nameCol < 0) missing.add("Họ và tên");
            if (dobCol < 0) missing.add("Ngày sinh");
            if (!missing.isEmpty()) throw new BadInput("file", "population.bulk.headers", String.join(", ", missing));
            if (sheet.getLastRowNum() - header.getRowNum() > rules.maxRows()) {
                throw new BadInput("file", "population.bulk.too-many", rules.maxRows());
            }
            int resultCol = Math.max(header.getLastCellNum(), 0);
            header.createCell(resultCol).setCellValue("Kết quả đối chiếu");
            header.createCell(resultCol + 1).setCellValue("Ghi chú");
            Map<Outcome, CellStyle> styles = styles(wb);
            Map<String, Integer> seen = new HashMap<>();
            // Rows are checked in order; their registry calls run a few at a time, so 10,000 rows take
            // seconds rather than minutes, without flooding the registry.
            List<Map.Entry<Row, CompletableFuture<RowResult>>> pending = new ArrayList<>();
            List<RowResult> results = new ArrayList<>();
            Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                String rawId = row == null ? "" : Workbooks.text(row.getCell(idCol)).strip();
                String rawName = row == null ? "" : Workbooks.text(row.getCell(nameCol));
                Cell dobCell = row == null ? null : row.getCell(dobCol);
                if (rawId.isEmpty() && rawName.isBlank() && Workbooks.text(dobCell).isBlank()) continue; // an empty row
                pending.add(Map.entry(row, checkRow(r + 1, rawId, rawName, dobCell, admissionsYear, seen, calls)));
            }
            progress.update(0, pending.size());
            for (var p : pending) {
                RowResult result = p.getValue().join();
                progress.update(results.size() + 1, pending.size());
                results.add(result);
                counts.merge(result.outcome(), 1, Integer::sum);
                Cell out = p.getKey().createCell(resultCol);
                out.setCellValue(label(result.outcome()));
                out.setCellStyle(styles.get(result.outcome()));
                p.getKey().createCell(resultCol + 1).setCellValue(result.note());
            }
            audit.recordSeparately("population.bulk-verify", "admissions:" + admissionsYear, AuditTrail.SUCCESS,
                    "purpose=ADMISSIONS; rows=" + results.size() + "; " + counts);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return new Checked(out.toByteArray(), results, counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<RowResult> checkRow(int rowNumber, String rawId, String rawName, @Nullable Cell dobCell, int year,
            Map<String, Integer> seen, ExecutorService calls) {
        List<String> notes = new ArrayList<>();
        String name = VietnameseText.nfc(rawName).strip().replaceAll("\\s+", " ");
        if (!Normalizer.isNormalized(rawName, Normalizer.Form.NFC)) notes.add("Họ tên gõ dạng NFD, đã chuẩn hóa NFC");
        IdNumber.Check c = IdNumber.check(rawId, Year.of(Math.max(year, Year.now(clock.withZone(VIETNAM)).getValue())));
        List<String> invalid = new ArrayList<>();
        if (rawId.isEmpty()) invalid.add("thiếu số định danh");
        else c.problems().forEach(p -> invalid.add(p.vietnamese()));
        if (name.isEmpty()) invalid.add("thiếu họ tên");
        LocalDate dob = Workbooks.date(dobCell);
        if (dob == null) invalid.add("ngày sinh không hợp lệ (dd/MM/yyyy)");
        // Digits 4–6 must agree with the date of birth (DOMAIN-VN.md §6).
        if (invalid.isEmpty() && c.birthYearFrom() != null && c.birthYearFrom() != dob.getYear()) {
            invalid.add("năm sinh theo số định danh (" + c.birthYearFrom() + ") khác ngày sinh");
        }
        if (!invalid.isEmpty()) return CompletableFuture.completedFuture(new RowResult(rowNumber, Outcome.INVALID, join(invalid, notes)));
        Integer first = seen.putIfAbsent(rawId, rowNumber);
        if (first != null) return CompletableFuture.completedFuture(new RowResult(rowNumber, Outcome.DUPLICATE, join(List.of("trùng số định danh với dòng " + first), notes)));
        int age = year - dob.getYear();
        if (age < rules.minAge() || age > rules.maxAge()) {
            return CompletableFuture.completedFuture(new RowResult(rowNumber, Outcome.INELIGIBLE,
                    join(List.of("tuổi " + age + " trong năm " + year + " ngoài giới hạn " + rules.minAge() + "–" + rules.maxAge()), notes)));
        }
        IdNumber id = new IdNumber(rawId, c.provinceCode(), c.gender(), c.birthYearFrom());
        LocalDate born = dob;
        return CompletableFuture.supplyAsync(() -> match(rowNumber, id, name, born, notes), calls);
    }

    private RowResult match(int rowNumber, IdNumber id, String name, LocalDate dob, List<String> notes) {
        inFlight.acquireUninterruptibly();
        try {
            CitizenVerification.Result m = verification.matchChecked(id, name, dob, Purpose.ADMISSIONS);
            if (m.matched()) return new RowResult(rowNumber, Outcome.OK, join(List.of(), notes));
            return new RowResult(rowNumber, Outcome.MISMATCH, join(List.of(CitizenVerification.mismatchNote(m.mismatches())), notes));
        } catch (RegistryUnavailable e) {
            return new RowResult(rowNumber, Outcome.UNAVAILABLE, join(List.of("CSDL dân cư không phản hồi, cần đối chiếu lại"), notes));
        } finally {
            inFlight.release();
        }
    }

    private static String join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return String.join("; ", all);
    }

    /**
     * The template officials fill in (issue 13): the three columns the check reads, in Vietnamese, on the first sheet, and
     * how to fill them on a second ("Hướng dẫn"), so no example row is ever checked as a candidate.
     */
    public static byte[] template() {
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            var sheet = wb.createSheet("Danh sách thí sinh");
            var bold = wb.createFont();
            bold.setBold(true);
            var head = wb.createCellStyle();
            head.setFont(bold);
            var text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            String[] names = {"Số định danh", "Họ và tên", "Ngày sinh"};
            Row h = sheet.createRow(0);
            for (int c = 0; c < names.length; c++) {
                h.createCell(c).setCellValue(names[c]);
                h.getCell(c).setCellStyle(head);
                sheet.setDefaultColumnStyle(c, text);
                sheet.setColumnWidth(c, (c == 1 ? 32 : 18) * 256);
            }
            sheet.createFreezePane(0, 1);
            var help = wb.createSheet("Hướng dẫn");
            String[] lines = {
                "Điền mỗi thí sinh một dòng trên trang \"Danh sách thí sinh\", giữ nguyên dòng tiêu đề.",
                "Số định danh: 12 chữ số (số căn cước), nhập dạng văn bản để giữ số 0 ở đầu.",
                "Họ và tên: có dấu, như trên căn cước.",
                "Ngày sinh: dd/MM/yyyy, ví dụ 02/09/2007.",
                "Kết quả trả về là chính tệp này, thêm cột \"Kết quả đối chiếu\" tô màu và cột \"Ghi chú\"."};
            for (int r = 0; r < lines.length; r++) help.createRow(r).createCell(0).setCellValue(lines[r]);
            help.setColumnWidth(0, 100 * 256);
            wb.write(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The outcome as the screens and the result file name it. */
    public static String vietnamese(Outcome o) {
        return label(o);
    }

    static String label(Outcome o) {
        return switch (o) {
            case OK -> "Khớp";
            case MISMATCH -> "Không khớp";
            case INELIGIBLE -> "Không đủ điều kiện tuổi";
            case INVALID -> "Dữ liệu không hợp lệ";
            case DUPLICATE -> "Trùng";
            case UNAVAILABLE -> "Chưa đối chiếu được";
        };
    }

    private static Map<Outcome, CellStyle> styles(Workbook wb) {
        Map<Outcome, CellStyle> m = new java.util.EnumMap<>(Outcome.class);
        m.put(Outcome.OK, Workbooks.fill(wb, IndexedColors.LIGHT_GREEN));
        m.put(Outcome.MISMATCH, Workbooks.fill(wb, IndexedColors.ROSE));
        m.put(Outcome.INELIGIBLE, Workbooks.fill(wb, IndexedColors.LIGHT_ORANGE));
        m.put(Outcome.INVALID, Workbooks.fill(wb, IndexedColors.ROSE));
        m.put(Outcome.DUPLICATE, Workbooks.fill(wb, IndexedColors.LIGHT_YELLOW));
        m.put(Outcome.UNAVAILABLE, Workbooks.fill(wb, IndexedColors.GREY_25_PERCENT));
        return m;
    }
}
