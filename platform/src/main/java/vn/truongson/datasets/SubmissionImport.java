package vn.truongson.datasets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.WorkbookFile;

/**
 * A filled template ({@code template.xlsx}, sheet "Mẫu nhập") uploaded back: every row that holds a value is one unit's
 * submission for the period, judged by the same checks as the API's. All or nothing: one bad cell refuses the whole file,
 * and the refusal names every bad cell ({@code C5}) or row ({@code row 5}, a broken rule) at once. A unit the uploader
 * may not report for, a unit not assigned and a code that names no unit get the same answer (no oracle). The upload
 * was scanned for malware by secops before it reached the controller; the file is opened by {@link WorkbookFile}.
 */
@Service
public class SubmissionImport {

    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final String SHEET = "Mẫu nhập";
    static final int FIRST_ROW = 2;
    private static final Pattern HEADER_CODE = Pattern.compile("\\[([A-Za-z_][A-Za-z0-9_]{0,39})(?:#(\\d{1,2}))?]\\s*$");

    static {
        WorkbookFile.secureZip();
    }

    /** One submitted row: its row number as Excel shows it, the unit and what the submission answered. */
    public record Imported(int row, long unitId, String unitCode, int revision, boolean onTime, Instant submittedAt) {}

    public record Result(long datasetId, String period, List<Imported> rows) {}

    private record Parsed(int row, long unitId, String unitCode, Map<String, Value> values) {}

    private final Datasets datasets;
    private final Submissions submissions;
    private final AccessPolicy policy;
    private final Units units;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    SubmissionImport(Datasets datasets, Submissions submissions, AccessPolicy policy, Units units, JdbcClient jdbc, AuditTrail audit,
            PlatformTransactionManager txm) {
        this.tx = new TransactionTemplate(txm);
        this.datasets = datasets;
        this.submissions = submissions;
        this.policy = policy;
        this.units = units;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Reads and submits the workbook. 404 when the data set is not readable, 400 for a malformed period, then 400 on
     * {@code file} when it is too large, not a workbook or not the template, then 400 naming each bad cell. The file is
     * read before the transaction begins, so no connection is held while a workbook is parsed; the units, the checks
     * and the submissions are one transaction.
     */
    public Result importWorkbook(long datasetId, @Nullable String periodText, long size, InputStreamSource file) {
        Dataset d = datasets.requireReadable(datasetId);
        String period = d.periodType().parse("period", periodText);
        byte[] content = WorkbookFile.read(size, file, MAX_BYTES, "datasets.import");
        Sheet read;
        List<FieldError> errors = new ArrayList<>();
        try (WorkbookFile w = WorkbookFile.open(content, "datasets.import")) {
            read = sheet(d, w.workbook().getSheet(SHEET), errors);
        }
        return Objects.requireNonNull(tx.execute(t -> submit(d, period, read, errors)));
    }

    /** The sheet as read: the field of each column, and the rows that hold a value (0-based row, unit code, values). */
    private record Raw(int row, String code, Map<String, Value> values) {}

    /** A column: a field, or one option of a field broken down by a category list ({@code [code#j]}, j from 1). */
    private record Col(Field field, @Nullable String option) {}

    private record Sheet(Map<Integer, Col> columns, List<Raw> rows) {}

    private Result submit(Dataset d, String period, Sheet sheet, List<FieldError> errors) {
        List<Parsed> rows = resolve(d, period, sheet, errors);
        if (!errors.isEmpty()) throw refusal(errors);
        if (rows.isEmpty()) throw new DomainException.BadInput("file", "datasets.import.empty");
        List<Imported> out = new ArrayList<>();
        for (Parsed p : rows) {
            Submissions.Submitted s = submissions.submit(d.id(), p.unitId(), period, p.values());
            out.add(new Imported(p.row(), p.unitId(), p.unitCode(), s.revision(), s.onTime(), s.submittedAt()));
        }
        audit.record("datasets.import", "dataset:" + d.id(), AuditTrail.SUCCESS, period + ": " + out.size() + " units from a workbook");
        return new Result(d.id(), period, out);
    }

    private static Sheet sheet(Dataset d, org.apache.poi.ss.usermodel.@Nullable Sheet sheet, List<FieldError> errors) {
        if (sheet == null || sheet.getRow(0) == null) throw new DomainException.BadInput("file", "datasets.import.not-template", SHEET);
        // The header: each field's code in brackets at the end of its label, as the template writes it.
        Map<Integer, Col> columns = new LinkedHashMap<>();
        Row header = sheet.getRow(0);
        for (Cell c : header) {
            if (c.getColumnIndex() < 2) continue;
            String h = c.getCellType() == CellType.STRING ? c.getStringCellValue() : "";
            if (h.isBlank()) continue;
            Matcher m = HEADER_CODE.matcher(h);
            boolean found = m.find();
            var f = found ? d.field(m.group(1)) : java.util.Optional.<Field>empty();
            Col col = null;
            if (f.isPresent()) {
                List<String> options = d.options(f.get());
                if (!f.get().disaggregated() && m.group(2) == null) col = new Col(f.get(), null);
                else if (f.get().disaggregated() && m.group(2) != null) {
                    int j = Integer.parseInt(m.group(2));
                    if (j >= 1 && j <= options.size()) col = new Col(f.get(), options.get(j - 1));
                }
            }
            if (col == null) errors.add(new FieldError(ref(0, c.getColumnIndex()), "datasets.import.column", printable(h)));
            else if (columns.containsValue(col)) errors.add(new FieldError(ref(0, c.getColumnIndex()), "datasets.field.duplicate", col.field().code()));
            else columns.put(c.getColumnIndex(), col);
        }
        if (columns.isEmpty()) throw new DomainException.BadInput("file", "datasets.import.not-template", SHEET);
        int last = Math.min(sheet.getLastRowNum(), FIRST_ROW + Datasets.MAX_ASSIGNED);
        if (sheet.getLastRowNum() > last) throw new DomainException.BadInput("file", "datasets.import.rows", Datasets.MAX_ASSIGNED);
        // The rows that hold a value, with their unit codes.
        List<Raw> raws = new ArrayList<>();
        for (int r = FIRST_ROW; r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) continue;
            Map<String, Value> values = new LinkedHashMap<>();
            boolean any = false;
            for (var e : columns.entrySet()) {
                Col k = e.getValue();
                Value v = value(k.field(), row.getCell(e.getKey()));
                if (!(v instanceof Value.Empty)) any = true;
                if (k.option() == null) values.put(k.field().code(), v);
                else if (!(v instanceof Value.Empty)) {
                    Value parts = values.computeIfAbsent(k.field().code(), x -> new Value.Parts(new LinkedHashMap<>()));
                    ((Value.Parts) parts).values().put(k.option(), v);
                }
            }
            String code = text(row.getCell(0)).strip();
            if (!any) continue;
            if (code.isEmpty()) {
                errors.add(new FieldError(ref(r, 0), "problem.field.required"));
                continue;
            }
            raws.add(new Raw(r, code, values));
        }
        return new Sheet(columns, raws);
    }

    /** Units: known, assigned for the period, not locked, and the uploader reports for them; one answer for all. */
    private List<Parsed> resolve(Dataset d, String period, Sheet sheet, List<FieldError> errors) {
        Set<String> codes = new LinkedHashSet<>();
        sheet.rows().forEach(r -> codes.add(r.code()));
        Map<String, Unit> known = codes.isEmpty() ? Map.of() : units.byCodes(codes);
        Map<Long, LocalDate> deadlines = new HashMap<>();
        jdbc.sql("select unit_id, deadline from datasets_assignment where dataset_id = :d and period = :p").param("d", d.id()).param("p", period)
                .query(rs -> {
                    deadlines.put(rs.getLong(1), rs.getObject(2, LocalDate.class));
                });
        Map<Long, Integer> seen = new HashMap<>();
        Instant now = submissions.now();
        List<Parsed> out = new ArrayList<>();
        for (Raw raw : sheet.rows()) {
            Unit u = known.get(raw.code());
            if (u == null || !deadlines.containsKey(u.id()) || !reports(u.id())) {
                errors.add(new FieldError(ref(raw.row(), 0), "datasets.import.unit", printable(raw.code()), period));
                continue;
            }
            Integer before = seen.putIfAbsent(u.id(), raw.row());
            if (before != null) {
                errors.add(new FieldError(ref(raw.row(), 0), "datasets.import.unit-twice", printable(raw.code()), before + 1));
                continue;
            }
            if (now.isAfter(submissions.locksAt(deadlines.get(u.id())))) {
                errors.add(new FieldError(ref(raw.row(), 0), "datasets.submission.locked", period));
                continue;
            }
            try {
                Submissions.check(d, raw.values());
                out.add(new Parsed(raw.row() + 1, u.id(), u.code(), raw.values()));
            } catch (DomainException.BadInput e) {
                for (FieldError fe : e.errors()) errors.add(onSheet(fe, raw.row(), sheet.columns()));
            }
        }
        return out;
    }

    private boolean reports(long unitId) {
        try {
            policy.requireOnUnit(DatasetRoles.REPORTER, unitId);
            return true;
        } catch (DomainException.Forbidden e) {
            return false;
        }
    }

    /** A check's error put back on the sheet: {@code values.<code>} → its cell, {@code rules[i]} → its row. */
    private static FieldError onSheet(FieldError fe, int row, Map<Integer, Col> columns) {
        if (fe.field().startsWith("values.")) {
            String code = fe.field().substring("values.".length());
            for (var e : columns.entrySet()) {
                Col k = e.getValue();
                String name = k.option() == null ? k.field().code() : k.field().code() + "." + k.option();
                if (name.equals(code)) return new FieldError(ref(row, e.getKey()), fe.messageKey(), fe.args());
            }
        }
        return new FieldError("row " + (row + 1), fe.messageKey(), fe.args());
    }

    /** A cell as its field reads it: numbers as numbers, dates as yyyy-MM-dd, Có/Không as yes/no, "a; b" as a list. */
    static Value value(Field f, @Nullable Cell c) {
        if (c == null) return new Value.Empty();
        CellType t = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
        switch (t) {
            case BLANK:
                return new Value.Empty();
            case BOOLEAN:
                return new Value.Bool(c.getBooleanCellValue());
            case NUMERIC: {
                if (DateUtil.isCellDateFormatted(c)) {
                    LocalDateTime at = c.getLocalDateTimeCellValue();
                    return at == null ? new Value.Empty() : new Value.Text(at.toLocalDate().toString());
                }
                double x = c.getNumericCellValue();
                if (!Double.isFinite(x)) return new Value.NotFinite();
                BigDecimal n = BigDecimal.valueOf(x);
                if (!Inputs.validNumber(n)) return new Value.NotFinite();
                return f.type() == FieldType.TEXT || f.type() == FieldType.CHOICE ? new Value.Text(n.stripTrailingZeros().toPlainString()) : new Value.Number(n);
            }
            case STRING: {
                String s = c.getStringCellValue();
                if (!Inputs.validText(s)) return new Value.BadText();
                s = VietnameseText.nfc(s);
                if (s.isBlank()) return new Value.Empty();
                if (f.type() == FieldType.YES_NO) {
                    String k = VietnameseText.fold(s).strip().toLowerCase(Locale.ROOT);
                    if (k.equals("co") || k.equals("true") || k.equals("x")) return new Value.Bool(true);
                    if (k.equals("khong") || k.equals("false")) return new Value.Bool(false);
                }
                if (f.type() == FieldType.DATE) {
                    LocalDate vn = vietnameseDate(s.strip());
                    if (vn != null) return new Value.Text(vn.toString());
                }
                if (f.type() == FieldType.MULTI_CHOICE) {
                    List<Value> items = new ArrayList<>();
                    for (String part : s.split(";")) if (!part.isBlank()) items.add(new Value.Text(part.strip()));
                    return new Value.Texts(items);
                }
                return new Value.Text(s);
            }
            default:
                return new Value.Other();
        }
    }

    private static final Pattern VN_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    /** dd/MM/yyyy, as people in Việt Nam write a date; null when it is not one. */
    private static @Nullable LocalDate vietnameseDate(String s) {
        Matcher m = VN_DATE.matcher(s);
        if (!m.matches()) return null;
        try {
            return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static String text(@Nullable Cell c) {
        if (c == null) return "";
        if (c.getCellType() == CellType.STRING) return Inputs.validText(c.getStringCellValue()) ? VietnameseText.nfc(c.getStringCellValue()) : "?";
        if (c.getCellType() == CellType.NUMERIC) return BigDecimal.valueOf(c.getNumericCellValue()).stripTrailingZeros().toPlainString();
        return "";
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ").strip();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    /** A cell's name as Excel shows it: {@code C5} for row index 4, column index 2. */
    static String ref(int row, int col) {
        return new CellReference(row, col).formatAsString(false);
    }

    private static DomainException.BadInput refusal(List<FieldError> errors) {
        return new DomainException.BadInput(errors.stream().sorted(Comparator.comparingInt(SubmissionImport::rowOf)).toList());
    }

    private static int rowOf(FieldError e) {
        String f = e.field();
        String digits = f.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.length() > 7 ? digits.substring(0, 7) : digits);
    }
}
