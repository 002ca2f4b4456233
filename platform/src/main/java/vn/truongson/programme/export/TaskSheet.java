package vn.truongson.programme.export;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.paper.Figures;
import vn.truongson.programme.Aggregation;

/**
 * Reads the task sheet of the import template into tasks, naming every cell it cannot read. It checks only
 * what a cell must be to be read at all (a number, a date, one of a list); whether the task is acceptable is for
 * the Tasks service to say, as it does for the API.
 *
 * <p>The rule for rows (also written on the template's Hướng dẫn sheet):
 * <ul>
 *   <li>Each row carries one indicator (columns J–O) of a task. A task without indicators is one row with J–O blank.</li>
 *   <li>A task's first row fills the task columns A–I. Its further rows, one per further indicator, follow it directly
 *       and leave A–I blank or repeat them exactly as on the first row (the same Mã nhiệm vụ in C).</li>
 *   <li>A Mã nhiệm vụ that reappears after another task's rows is an error: a task's rows are consecutive.</li>
 *   <li>Blank rows are skipped. Every cell is NFC-normalised and stripped of surrounding spaces.</li>
 * </ul>
 */
final class TaskSheet {

    static final String SHEET = "Nhiệm vụ";
    static final int MAX_ROWS = 5000;

    /** An error at a row (1-based, as Excel numbers it) and a column, or at the file when row is 0. */
    record CellError(int row, @Nullable TaskColumn column, FieldError error) {
        String field() {
            if (row == 0) return "file";
            return column == null ? "row " + row : column.at(row);
        }
    }

    record ParsedIndicator(int row, String code, String name, @Nullable String unit, @Nullable BigDecimal target, Aggregation aggregation,
            boolean higherIsBetter) {}

    /** A task as the sheet gives it; {@code readable} is false when one of its cells could not be read. */
    record ParsedTask(int row, @Nullable Integer group, @Nullable String groupTitle, String code, String title, @Nullable String lead,
            List<String> support, @Nullable String expectedResult, @Nullable LocalDate due, SecrecyLevel secrecy,
            List<ParsedIndicator> indicators, boolean readable) {}

    record Result(List<ParsedTask> tasks, List<CellError> errors) {}

    /** A cell as text (NFC, stripped), with its number or date when it holds one. */
    private record Value(String text, @Nullable Double number, @Nullable LocalDate date, boolean error) {
        static final Value BLANK = new Value("", null, null, false);

        boolean blank() {
            return text.isEmpty() && !error;
        }
    }

    private TaskSheet() {}

    static Result read(Workbook wb) {
        List<CellError> errors = new ArrayList<>();
        Sheet sheet = wb.getSheet(SHEET);
        if (sheet == null) sheet = wb.getSheetAt(0);
        if (!header(sheet, errors)) return new Result(List.of(), errors);

        List<Builder> tasks = new ArrayList<>();
        Map<String, Integer> firstRowOfCode = new HashMap<>();
        Builder current = null;
        int rowsRead = 0;
        for (Row row : sheet) { // the rows the file holds, in order; missing ones are blank
            if (row.getRowNum() == 0) continue;
            int rowNumber = row.getRowNum() + 1;
            Map<TaskColumn, Value> v = values(row);
            if (v.values().stream().allMatch(Value::blank)) continue;
            if (++rowsRead > MAX_ROWS) {
                return new Result(List.of(), List.of(new CellError(0, null, new FieldError("file", "programme.import.too-many-rows", MAX_ROWS))));
            }
            int before = errors.size();
            for (var e : v.entrySet()) {
                if (e.getValue().error()) errors.add(new CellError(rowNumber, e.getKey(), new FieldError("", "programme.import.cell-error")));
            }

            String code = v.get(TaskColumn.CODE).text();
            boolean continuation = code.isEmpty() || (current != null && code.equals(current.code));
            if (continuation) {
                if (current == null) {
                    errors.add(new CellError(rowNumber, TaskColumn.CODE, new FieldError("", "programme.import.no-task")));
                    continue;
                }
                for (TaskColumn c : TaskColumn.values()) {
                    if (c.isTaskColumn() && !v.get(c).blank() && !v.get(c).text().equals(current.first.get(c).text())) {
                        errors.add(new CellError(rowNumber, c, new FieldError("", "programme.import.continuation-differs", current.code, current.row)));
                    }
                }
                if (!hasIndicator(v)) {
                    errors.add(new CellError(rowNumber, TaskColumn.INDICATOR_CODE, new FieldError("", "programme.import.continuation-empty", current.code)));
                }
            } else {
                Integer seen = firstRowOfCode.putIfAbsent(code, rowNumber);
                if (seen != null) {
                    errors.add(new CellError(rowNumber, TaskColumn.CODE, new FieldError("", "programme.import.task-repeated", code, seen)));
                    current = null;
                    continue;
                }
                current = new Builder(rowNumber, code, v);
                current.readTask(errors);
                tasks.add(current);
            }
            if (hasIndicator(v)) current.indicators.add(indicator(rowNumber, v, errors));
            if (errors.size() > before) current.readable = false;
        }
        if (tasks.isEmpty() && errors.isEmpty()) errors.add(new CellError(0, null, new FieldError("file", "programme.import.empty")));
        return new Result(tasks.stream().map(Builder::build).toList(), errors);
    }

    private static boolean header(Sheet sheet, List<CellError> errors) {
        Map<TaskColumn, Value> h = values(sheet.getRow(0));
        for (TaskColumn c : TaskColumn.values()) {
            if (!VietnameseText.fold(h.get(c).text()).equals(VietnameseText.fold(c.header))) {
                errors.add(new CellError(1, c, new FieldError("", "programme.import.header", c.letter(), c.header)));
            }
        }
        return errors.isEmpty();
    }

    private static boolean hasIndicator(Map<TaskColumn, Value> v) {
        for (TaskColumn c : TaskColumn.values()) {
            if (!c.isTaskColumn() && !v.get(c).blank()) return true;
        }
        return false;
    }

    private static final class Builder {
        final int row;
        final String code;
        final Map<TaskColumn, Value> first;
        final List<ParsedIndicator> indicators = new ArrayList<>();
        boolean readable = true;
        @Nullable Integer group;
        @Nullable LocalDate due;
        SecrecyLevel secrecy = SecrecyLevel.THUONG;

        Builder(int row, String code, Map<TaskColumn, Value> first) {
            this.row = row;
            this.code = code;
            this.first = first;
        }

        void readTask(List<CellError> errors) {
            Value g = first.get(TaskColumn.GROUP);
            if (g.blank()) errors.add(new CellError(row, TaskColumn.GROUP, new FieldError("", "problem.field.required")));
            else group = integer(row, TaskColumn.GROUP, g, errors);
            if (first.get(TaskColumn.LEAD).blank()) errors.add(new CellError(row, TaskColumn.LEAD, new FieldError("", "problem.field.required")));
            Value d = first.get(TaskColumn.DUE);
            if (d.blank()) errors.add(new CellError(row, TaskColumn.DUE, new FieldError("", "problem.field.required")));
            else due = date(row, TaskColumn.DUE, d, errors);
            Value s = first.get(TaskColumn.SECRECY);
            if (!s.blank()) {
                SecrecyLevel level = null;
                for (SecrecyLevel l : SecrecyLevel.values()) {
                    if (VietnameseText.fold(l.vietnamese()).equals(VietnameseText.fold(s.text())) || l.name().equalsIgnoreCase(s.text())) level = l;
                }
                if (level == null) errors.add(new CellError(row, TaskColumn.SECRECY, new FieldError("", "programme.import.choice", "Thường, Mật, Tối mật, Tuyệt mật")));
                else secrecy = level;
            }
        }

        ParsedTask build() {
            return new ParsedTask(row, group, text(first.get(TaskColumn.GROUP_TITLE)), code, first.get(TaskColumn.TITLE).text(),
                    text(first.get(TaskColumn.LEAD)) == null ? null : first.get(TaskColumn.LEAD).text().toUpperCase(Locale.ROOT),
                    codes(first.get(TaskColumn.SUPPORT).text()), text(first.get(TaskColumn.RESULT)), due, secrecy, List.copyOf(indicators), readable);
        }
    }

    private static ParsedIndicator indicator(int row, Map<TaskColumn, Value> v, List<CellError> errors) {
        BigDecimal target = null;
        Value t = v.get(TaskColumn.TARGET);
        if (t.blank()) errors.add(new CellError(row, TaskColumn.TARGET, new FieldError("", "problem.field.required")));
        else target = number(row, TaskColumn.TARGET, t, errors);

        Aggregation aggregation = Aggregation.SUM;
        Value a = v.get(TaskColumn.AGGREGATION);
        if (!a.blank()) {
            Aggregation found = null;
            for (Aggregation x : Aggregation.values()) {
                if (VietnameseText.fold(x.vietnamese()).equals(VietnameseText.fold(a.text())) || x.name().equalsIgnoreCase(a.text())) found = x;
            }
            if (found == null) errors.add(new CellError(row, TaskColumn.AGGREGATION, new FieldError("", "programme.import.choice", "Tổng, Trung bình, Nhỏ nhất, Lớn nhất")));
            else aggregation = found;
        }

        boolean higher = true;
        Value h = v.get(TaskColumn.HIGHER_IS_BETTER);
        if (!h.blank()) {
            String f = VietnameseText.fold(h.text());
            if (f.equals("co") || f.equals("true")) higher = true;
            else if (f.equals("khong") || f.equals("false")) higher = false;
            else errors.add(new CellError(row, TaskColumn.HIGHER_IS_BETTER, new FieldError("", "programme.import.choice", "Có, Không")));
        }
        return new ParsedIndicator(row, v.get(TaskColumn.INDICATOR_CODE).text(), v.get(TaskColumn.INDICATOR_NAME).text(),
                text(v.get(TaskColumn.MEASURE)), target, aggregation, higher);
    }

    // ---- cells ---------------------------------------------------------------------------------------

    private static Map<TaskColumn, Value> values(@Nullable Row row) {
        Map<TaskColumn, Value> out = new EnumMap<>(TaskColumn.class);
        for (TaskColumn c : TaskColumn.values()) out.put(c, row == null ? Value.BLANK : value(row.getCell(c.index())));
        return out;
    }

    private static Value value(@Nullable Cell cell) {
        if (cell == null) return Value.BLANK;
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> new Value(clean(cell.getStringCellValue()), null, null, false);
            case NUMERIC -> {
                double d = cell.getNumericCellValue();
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDate date = cell.getLocalDateTimeCellValue().toLocalDate();
                    yield new Value(Figures.date(date), null, date, false);
                }
                yield new Value(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(), d, null, false);
            }
            case BOOLEAN -> new Value(cell.getBooleanCellValue() ? "TRUE" : "FALSE", null, null, false);
            case ERROR -> new Value("", null, null, true);
            default -> Value.BLANK;
        };
    }

    /** NFC (input from Word or a Mac may come decomposed), no-break spaces as spaces, stripped. */
    private static String clean(String s) {
        return VietnameseText.nfc(s).replace('\u00a0', ' ').strip();
    }

    private static @Nullable String text(Value v) {
        return v.blank() ? null : v.text();
    }

    /** Unit codes separated by semicolons (commas and line breaks are forgiven), upper case. */
    static List<String> codes(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("[;,\\n]")) {
            String c = part.strip().toUpperCase(Locale.ROOT);
            if (!c.isEmpty()) out.add(c);
        }
        return out;
    }

    private static @Nullable Integer integer(int row, TaskColumn c, Value v, List<CellError> errors) {
        try {
            BigDecimal n = v.number() != null ? BigDecimal.valueOf(v.number()) : new BigDecimal(v.text());
            return n.intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            errors.add(new CellError(row, c, new FieldError("", "programme.import.integer")));
            return null;
        }
    }

    private static final Pattern GROUPED = Pattern.compile("-?\\d{1,3}(\\.\\d{3})+");

    /**
     * A number cell, or text written either way: "12,5" and "1.234,5" the Vietnamese way (decimal comma), "12.5"
     * the other; "1.000" (dots between groups of three) is a thousand.
     */
    static @Nullable BigDecimal number(int row, TaskColumn c, Value v, List<CellError> errors) {
        BigDecimal n = parseNumber(row, c, v, errors);
        // The platform's one range (API.md): finite, |x| ≤ 10¹⁵, at most 6 decimals.
        if (n != null && !vn.truongson.core.Inputs.validNumber(n)) {
            errors.add(new CellError(row, c, new FieldError("", vn.truongson.core.Inputs.NUMBER_KEY)));
            return null;
        }
        return n;
    }

    private static @Nullable BigDecimal parseNumber(int row, TaskColumn c, Value v, List<CellError> errors) {
        if (v.number() != null) {
            if (!Double.isFinite(v.number())) {
                errors.add(new CellError(row, c, new FieldError("", vn.truongson.core.Inputs.NUMBER_KEY)));
                return null;
            }
            return BigDecimal.valueOf(v.number()).stripTrailingZeros();
        }
        String t = v.text().replace(" ", "");
        if (t.contains(",")) t = t.replace(".", "").replace(',', '.');
        else if (GROUPED.matcher(t).matches()) t = t.replace(".", "");
        if (t.length() > 64) {
            errors.add(new CellError(row, c, new FieldError("", vn.truongson.core.Inputs.NUMBER_KEY)));
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            errors.add(new CellError(row, c, new FieldError("", "programme.import.number")));
            return null;
        }
    }

    private static final Pattern DMY = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    private static @Nullable LocalDate date(int row, TaskColumn c, Value v, List<CellError> errors) {
        if (v.date() != null) return v.date();
        Matcher m = DMY.matcher(v.text());
        if (m.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            } catch (DateTimeException e) {
                // falls through to the error
            }
        }
        errors.add(new CellError(row, c, new FieldError("", "programme.import.date")));
        return null;
    }
}
