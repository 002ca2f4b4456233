package vn.truongson.population;

import vn.truongson.core.Vietnam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Bulk check of a crew and passenger list for border control (kiểm soát xuất nhập cảnh), in the layout of
 * the Border Guard e-procedures (DOMAIN-VN.md §9): names in capitals without diacritics, gender M/F, dates
 * dd/mm/yyyy, nationality as an ICAO code or a name, the master (Thuyền trưởng) on the first line.
 * Vietnamese nationals are looked up in the registry and compared in that same form; others are not
 * checked. A registry failure marks a row "not checked", never "not matched".
 */
@Service
public class BorderList {

    public enum Outcome { OK, MISMATCH, INVALID, DUPLICATE, FOREIGN, UNAVAILABLE }

    public record RowResult(int row, Outcome outcome, String note) {}

    public record Checked(byte[] xlsx, List<RowResult> rows, Map<Outcome, Integer> counts) {}

    private static final Map<String, String[]> HEADERS = new LinkedHashMap<>();
    static {
        HEADERS.put("name", new String[] {"ho va ten", "ho ten", "full name", "name"});
        HEADERS.put("gender", new String[] {"gioi tinh", "gender", "sex"});
        HEADERS.put("dob", new String[] {"ngay sinh", "date of birth"});
        HEADERS.put("nationality", new String[] {"quoc tich", "nationality"});
        HEADERS.put("document", new String[] {"so giay to", "so dinh danh", "so cccd", "so ho chieu", "document number", "id number"});
        HEADERS.put("position", new String[] {"chuc danh", "chuc vu", "position", "rank"});
    }
    private static final Set<String> VIETNAMESE = Set.of("VNM", "VN", "VIET NAM", "VIETNAM", "CHXHCN VIET NAM");
    private static final Set<String> MASTER = Set.of("THUYEN TRUONG", "MASTER", "CAPTAIN");
    private static final ZoneId VIETNAM = Vietnam.ZONE;

    private final RegistryClient registry;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final java.time.Clock clock;

    BorderList(RegistryClient registry, AccessPolicy policy, AuditTrail audit, java.time.Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    public Checked check(InputStream xlsx, int maxRows) {
        return check(xlsx, maxRows, BulkProgress.NONE);
    }

    /** The same, telling {@code progress} how many rows are done (a background job shows it). */
    public Checked check(InputStream xlsx, int maxRows, BulkProgress progress) {
        policy.actor();
        try (Workbook wb = Workbooks.open(xlsx)) {
            Sheet sheet = wb.getSheetAt(0);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            Map<String, Integer> cols = Workbooks.columns(header, HEADERS);
            List<String> missing = new ArrayList<>();
            if (!cols.containsKey("name")) missing.add("Họ và tên");
            if (!cols.containsKey("gender")) missing.add("Giới tính");
            if (!cols.containsKey("dob")) missing.add("Ngày sinh");
            if (!cols.containsKey("nationality")) missing.add("Quốc tịch");
            if (!cols.containsKey("document")) missing.add("Số giấy tờ");
            if (!missing.isEmpty()) throw new BadInput("file", "population.border.headers", String.join(", ", missing));
            if (sheet.getLastRowNum() - header.getRowNum() > maxRows) throw new BadInput("file", "population.bulk.too-many", maxRows);
            int resultCol = Math.max(header.getLastCellNum(), 0);
            header.createCell(resultCol).setCellValue("Kết quả đối chiếu");
            header.createCell(resultCol + 1).setCellValue("Ghi chú");
            Map<Outcome, CellStyle> styles = new EnumMap<>(Outcome.class);
            styles.put(Outcome.OK, Workbooks.fill(wb, IndexedColors.LIGHT_GREEN));
            styles.put(Outcome.MISMATCH, Workbooks.fill(wb, IndexedColors.ROSE));
            styles.put(Outcome.INVALID, Workbooks.fill(wb, IndexedColors.ROSE));
            styles.put(Outcome.DUPLICATE, Workbooks.fill(wb, IndexedColors.LIGHT_YELLOW));
            styles.put(Outcome.FOREIGN, Workbooks.fill(wb, IndexedColors.PALE_BLUE));
            styles.put(Outcome.UNAVAILABLE, Workbooks.fill(wb, IndexedColors.GREY_25_PERCENT));
            Map<String, Integer> seen = new HashMap<>();
            List<RowResult> results = new ArrayList<>();
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            boolean first = true;
            int total = sheet.getLastRowNum() - header.getRowNum();
            progress.update(0, total);
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                progress.update(r - header.getRowNum() - 1, total);
                Row row = sheet.getRow(r);
                if (row == null) continue;
                Map<String, String> v = new HashMap<>();
                boolean empty = true;
                for (var e : cols.entrySet()) {
                    String t = Workbooks.text(row.getCell(e.getValue())).strip();
                    v.put(e.getKey(), t);
                    if (!t.isEmpty()) empty = false;
                }
                if (empty) continue;
                Cell dobCell = row.getCell(cols.get("dob"));
                RowResult result = checkRow(r + 1, v, Workbooks.date(dobCell), first, seen);
                first = false;
                results.add(result);
                counts.merge(result.outcome(), 1, Integer::sum);
                Cell out = row.createCell(resultCol);
                out.setCellValue(label(result.outcome()));
                out.setCellStyle(styles.get(result.outcome()));
                row.createCell(resultCol + 1).setCellValue(result.note());
            }
            progress.update(total, total);
            audit.recordSeparately("population.bulk-verify", "border-list", AuditTrail.SUCCESS,
                    "purpose=BORDER; rows=" + results.size() + "; " + counts);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return new Checked(out.toByteArray(), results, counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RowResult checkRow(int rowNumber, Map<String, String> v, @Nullable LocalDate dob, boolean firstRow, Map<String, Integer> seen) {
        List<String> invalid = new ArrayList<>();
        String name = v.get("name").replaceAll("\\s+", " ");
        if (name.isEmpty()) invalid.add("thiếu họ tên");
        else if (!name.equals(VietnameseText.upperAscii(name))) invalid.add("họ tên phải viết hoa không dấu");
        String gender = v.get("gender").toUpperCase(java.util.Locale.ROOT);
        if (!gender.equals("M") && !gender.equals("F")) invalid.add("giới tính phải là M hoặc F");
        if (dob == null) invalid.add("ngày sinh không hợp lệ (dd/mm/yyyy)");
        String nationality = VietnameseText.upperAscii(v.get("nationality"));
        if (nationality.isEmpty()) invalid.add("thiếu quốc tịch");
        String document = v.get("document");
        if (document.isEmpty()) invalid.add("thiếu số giấy tờ");
        String position = v.containsKey("position") ? VietnameseText.upperAscii(v.get("position")) : "";
        if (MASTER.contains(position) && !firstRow) invalid.add("thuyền trưởng phải ở dòng đầu");
        if (!invalid.isEmpty()) return new RowResult(rowNumber, Outcome.INVALID, String.join("; ", invalid));
        Integer earlier = seen.putIfAbsent(nationality + "/" + document, rowNumber);
        if (earlier != null) return new RowResult(rowNumber, Outcome.DUPLICATE, "trùng số giấy tờ với dòng " + earlier);
        if (!VIETNAMESE.contains(nationality)) return new RowResult(rowNumber, Outcome.FOREIGN, "người nước ngoài: không đối chiếu CSDL dân cư");
        IdNumber.Check c = IdNumber.check(document, Year.now(clock.withZone(VIETNAM)));
        if (!c.valid()) {
            return new RowResult(rowNumber, Outcome.INVALID, String.join(" ", c.problems().stream().map(IdNumber.Problem::vietnamese).toList()));
        }
        Optional<RegistryClient.Person> found;
        try {
            found = registry.lookup(document, Purpose.BORDER);
        } catch (RegistryUnavailable e) {
            return new RowResult(rowNumber, Outcome.UNAVAILABLE, "CSDL dân cư không phản hồi, cần đối chiếu lại");
        }
        if (found.isEmpty()) return new RowResult(rowNumber, Outcome.MISMATCH, CitizenVerification.mismatchNote(List.of("idNumber")));
        RegistryClient.Person p = found.get();
        List<String> mismatches = new ArrayList<>();
        // The list's form: capitals without diacritics, so the registry's name is compared in that form.
        if (!VietnameseText.upperAscii(p.fullName()).replaceAll("\\s+", " ").strip().equals(name)) mismatches.add("fullName");
        if (!p.dateOfBirth().equals(dob)) mismatches.add("dateOfBirth");
        if ((p.gender() == Gender.MALE) != gender.equals("M")) mismatches.add("gender");
        if (p.deceased()) mismatches.add("status");
        if (mismatches.isEmpty()) return new RowResult(rowNumber, Outcome.OK, "");
        return new RowResult(rowNumber, Outcome.MISMATCH, CitizenVerification.mismatchNote(mismatches));
    }

    /** The outcome as the result file and the summary name it. */
    public static String vietnamese(Outcome o) {
        return label(o);
    }

    /** The empty list to fill in (issue 13): the columns the check reads, and how to fill them. */
    public static byte[] template() {
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            var sheet = wb.createSheet("Danh sách");
            var bold = wb.createFont();
            bold.setBold(true);
            var head = wb.createCellStyle();
            head.setFont(bold);
            var text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            String[] names = {"Họ và tên", "Giới tính", "Ngày sinh", "Quốc tịch", "Số giấy tờ", "Chức danh"};
            var h = sheet.createRow(0);
            for (int c = 0; c < names.length; c++) {
                h.createCell(c).setCellValue(names[c]);
                h.getCell(c).setCellStyle(head);
                sheet.setDefaultColumnStyle(c, text);
                sheet.setColumnWidth(c, (c == 0 ? 32 : 18) * 256);
            }
            sheet.createFreezePane(0, 1);
            var help = wb.createSheet("Hướng dẫn");
            String[] lines = {
                "Điền mỗi thuyền viên, hành khách một dòng trên trang \"Danh sách\", giữ nguyên dòng tiêu đề.",
                "Họ và tên: VIẾT HOA KHÔNG DẤU như trên giấy tờ (ví dụ NGUYEN VAN DAT).",
                "Giới tính: M (nam) hoặc F (nữ). Ngày sinh: dd/MM/yyyy, ví dụ 02/09/1990.",
                "Quốc tịch: Việt Nam (VNM) được đối chiếu với CSDL dân cư; người nước ngoài không đối chiếu.",
                "Số giấy tờ: số căn cước (12 chữ số) hoặc số hộ chiếu, nhập dạng văn bản để giữ số 0 ở đầu.",
                "Chức danh: thuyền trưởng, thuyền viên, hành khách…",
                "Kết quả trả về là chính tệp này, thêm cột \"Kết quả đối chiếu\" tô màu và cột \"Ghi chú\"."};
            for (int r = 0; r < lines.length; r++) help.createRow(r).createCell(0).setCellValue(lines[r]);
            help.setColumnWidth(0, 100 * 256);
            wb.write(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String label(Outcome o) {
        return switch (o) {
            case OK -> "Khớp";
            case MISMATCH -> "Không khớp";
            case INVALID -> "Dữ liệu không hợp lệ";
            case DUPLICATE -> "Trùng";
            case FOREIGN -> "Không đối chiếu (người nước ngoài)";
            case UNAVAILABLE -> "Chưa đối chiếu được";
        };
    }
}
