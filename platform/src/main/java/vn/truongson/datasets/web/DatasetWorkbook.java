package vn.truongson.datasets.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.FieldType;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Rollup;
import vn.truongson.datasets.Submissions;
import vn.truongson.org.Unit;
import vn.truongson.paper.WorkbookStyle;

/**
 * A data set's figures as a workbook, for people who go on computing with them: numbers as numbers, dates as dates,
 * the header row frozen. Sheets: "Tổng hợp" (the roll-up), "Chưa nộp" (units that have not submitted), "Số liệu đơn vị"
 * (each unit's submission as it stands), "Phân tổ chéo" (the fields broken down by two category lists, as cross tables),
 * and for the template "Mẫu nhập" (the fields, one row to fill per unit).
 */
final class DatasetWorkbook implements AutoCloseable {

    static final String SUMMARY = "Tổng hợp";
    static final String MISSING = "Chưa nộp";
    static final String UNITS = "Số liệu đơn vị";
    static final String TEMPLATE = "Mẫu nhập";
    static final String CROSS = "Phân tổ chéo";

    private final XSSFWorkbook wb = new XSSFWorkbook();
    private final WorkbookStyle style = new WorkbookStyle(wb);
    private final CellStyle header = style.header;
    private final CellStyle text = style.wrapped;
    private final CellStyle number = style.number;
    private final CellStyle percent = style.percent;
    private final CellStyle date = style.date;
    private final CellStyle instant = style.dateTime;

    /** The roll-up: the figures, then one row per rolled-up field. */
    void summary(Dataset d, Rollup r, @Nullable Unit scope) {
        Sheet s = wb.createSheet(SUMMARY);
        int row = 0;
        row = pair(s, row, "Bộ dữ liệu", d.code() + " (phiên bản " + d.version() + ") — " + d.title());
        row = pair(s, row, "Kỳ", PeriodType.label(r.period()));
        row = pair(s, row, "Đơn vị tổng hợp", scope == null ? Long.toString(r.unitId()) : scope.name());
        row = pairNumber(s, row, "Số đơn vị được giao", r.expected());
        row = pairNumber(s, row, "Số đơn vị đã nộp", r.received());
        row = pairNumber(s, row, "Số đơn vị nộp đúng hạn", r.onTime());
        Row p = s.createRow(row++);
        cell(p, 0, "Tỷ lệ hoàn thành", header);
        Cell c = p.createCell(1);
        c.setCellValue(r.completeness());
        c.setCellStyle(percent);
        row++;
        Row h = s.createRow(row++);
        String[] heads = {"Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp", "Giá trị tổng hợp"};
        for (int i = 0; i < heads.length; i++) cell(h, i, heads[i], header);
        for (Field f : d.fields()) {
            if (f.aggregation() == Aggregation.NONE) continue;
            Row x = s.createRow(row++);
            cell(x, 0, f.code(), text);
            cell(x, 1, f.label(), text);
            cell(x, 2, f.unitOfMeasure() == null ? "" : f.unitOfMeasure(), text);
            cell(x, 3, f.aggregation().vietnamese(), text);
            value(x, 4, f, r.values().get(f.code()));
            // A field broken down by a category list: its total above, a row per option below.
            Map<String, @Nullable Object> parts = r.categories().get(f.code());
            if (parts == null) continue;
            int j = 0;
            for (var e : parts.entrySet()) {
                Row o = s.createRow(row++);
                cell(o, 0, f.code() + "#" + ++j, text);
                cell(o, 1, f.label() + " — " + e.getKey(), text);
                cell(o, 2, f.unitOfMeasure() == null ? "" : f.unitOfMeasure(), text);
                cell(o, 3, f.aggregation().vietnamese(), text);
                value(o, 4, f, e.getValue());
            }
        }
        s.setColumnWidth(0, 28 * 256);
        s.setColumnWidth(1, 50 * 256);
        s.setColumnWidth(2, 14 * 256);
        s.setColumnWidth(3, 22 * 256);
        s.setColumnWidth(4, 18 * 256);
    }

    /**
     * The fields broken down by two category lists, each as a cross table (sheet "Phân tổ chéo", made only when the data
     * set has such a field): a title row, the second list's options across with "Cộng", a row per option of the first
     * list with its total, and the columns' totals below; the margins as {@link CrossTable} makes them.
     */
    void cross(Dataset d, Rollup r) {
        List<CrossTable> tables = CrossTable.of(d, r);
        if (tables.isEmpty()) return;
        Sheet s = wb.createSheet(CROSS);
        int row = 0;
        int widest = 0;
        for (CrossTable t : tables) {
            Field f = t.field();
            Row title = s.createRow(row++);
            cell(title, 0, f.label() + (f.unitOfMeasure() == null ? "" : " (" + f.unitOfMeasure() + ")") + " — " + f.aggregation().vietnamese() + " ["
                    + f.code() + "]", header);
            Row h = s.createRow(row++);
            cell(h, 0, t.rowTitle() + " \\ " + t.columnTitle(), header);
            for (int c = 0; c < t.columns().size(); c++) cell(h, c + 1, t.columns().get(c), header);
            cell(h, t.columns().size() + 1, "Cộng", header);
            for (int i = 0; i < t.rows().size(); i++) {
                Row x = s.createRow(row++);
                cell(x, 0, t.rows().get(i), text);
                for (int c = 0; c < t.columns().size(); c++) value(x, c + 1, f, t.cells().get(i).get(c));
                value(x, t.columns().size() + 1, f, t.rowTotals().get(i));
            }
            Row total = s.createRow(row++);
            cell(total, 0, "Cộng", header);
            for (int c = 0; c < t.columns().size(); c++) value(total, c + 1, f, t.columnTotals().get(c));
            value(total, t.columns().size() + 1, f, t.total());
            row++;
            widest = Math.max(widest, t.columns().size() + 2);
        }
        s.setColumnWidth(0, 36 * 256);
        for (int i = 1; i < widest; i++) s.setColumnWidth(i, 16 * 256);
    }

    void missing(List<Long> missing, Map<Long, Unit> units) {
        Sheet s = wb.createSheet(MISSING);
        Row h = s.createRow(0);
        cell(h, 0, "Mã đơn vị", header);
        cell(h, 1, "Tên đơn vị", header);
        int row = 1;
        for (long id : missing) {
            Unit u = units.get(id);
            Row x = s.createRow(row++);
            cell(x, 0, u == null ? Long.toString(id) : u.code(), text);
            cell(x, 1, u == null ? "" : u.name(), text);
        }
        s.createFreezePane(0, 1);
        s.setColumnWidth(0, 14 * 256);
        s.setColumnWidth(1, 60 * 256);
    }

    /** Each unit's submission as it stands: one row per unit, one column per field. */
    void units(Dataset d, List<Submissions.Entry> entries, Map<Long, Unit> units) {
        Sheet s = wb.createSheet(UNITS);
        Row h = s.createRow(0);
        cell(h, 0, "Mã đơn vị", header);
        cell(h, 1, "Tên đơn vị", header);
        int col = 2;
        List<Column> columns = columns(d);
        for (Column k : columns) cell(h, col++, k.title(true), header);
        cell(h, col++, "Lần nộp", header);
        cell(h, col++, "Thời điểm nộp", header);
        cell(h, col, "Đúng hạn", header);
        int row = 1;
        for (Submissions.Entry e : entries) {
            Unit u = units.get(e.unitId());
            Row x = s.createRow(row++);
            cell(x, 0, u == null ? Long.toString(e.unitId()) : u.code(), text);
            cell(x, 1, u == null ? "" : u.name(), text);
            int c = 2;
            for (Column k : columns) value(x, c++, k.field(), k.of(e.values()));
            Cell rev = x.createCell(c++);
            rev.setCellValue(e.revision());
            rev.setCellStyle(number);
            Cell at = x.createCell(c++);
            at.setCellValue(e.submittedAt().atZone(Submissions.ZONE_ID).toLocalDateTime());
            at.setCellStyle(instant);
            cell(x, c, e.onTime() ? "Đúng hạn" : "Muộn", text);
        }
        s.createFreezePane(2, 1);
        s.setColumnWidth(1, 40 * 256);
        for (int i = 2; i < columns.size() + 5; i++) s.setColumnWidth(i, 18 * 256);
    }

    /**
     * A column of the units' sheet and of the template: a field, or one option of a field broken down by a category
     * list, written {@code [code#j]} (j counted from 1) so that the upload finds it again.
     */
    record Column(Field field, @Nullable String option, int index) {
        String title(boolean unit) {
            String label = option == null ? field.label() : field.label() + " — " + option;
            String uom = unit && field.unitOfMeasure() != null ? " (" + field.unitOfMeasure() + ")" : "";
            return label + uom + "\n[" + field.code() + (option == null ? "" : "#" + index) + "]";
        }

        @Nullable Object of(Map<String, Object> values) {
            Object v = values.get(field.code());
            if (option == null) return v instanceof Map<?, ?> ? null : v;
            return v instanceof Map<?, ?> m ? m.get(option) : null;
        }
    }

    static List<Column> columns(Dataset d) {
        List<Column> out = new java.util.ArrayList<>();
        for (Field f : d.fields()) {
            if (!f.disaggregated()) out.add(new Column(f, null, 0));
            else {
                List<String> options = d.options(f);
                for (int j = 0; j < options.size(); j++) out.add(new Column(f, options.get(j), j + 1));
            }
        }
        return out;
    }

    /** The template: the fields as columns with their rules in the second row, and a row per assigned unit to fill in. */
    void template(Dataset d, List<Unit> assigned) {
        Sheet s = wb.createSheet(TEMPLATE);
        Row h = s.createRow(0);
        Row rules = s.createRow(1);
        cell(h, 0, "Mã đơn vị", header);
        cell(h, 1, "Tên đơn vị", header);
        cell(rules, 0, "Yêu cầu", header);
        cell(rules, 1, "", header);
        int col = 2;
        List<Column> columns = columns(d);
        for (Column k : columns) {
            cell(h, col, k.title(false), header);
            cell(rules, col++, describe(k.field()), text);
        }
        int row = 2;
        for (Unit u : assigned) {
            Row x = s.createRow(row++);
            cell(x, 0, u.code(), text);
            cell(x, 1, u.name(), text);
        }
        s.createFreezePane(2, 2);
        s.setColumnWidth(1, 40 * 256);
        for (int i = 2; i < columns.size() + 2; i++) s.setColumnWidth(i, 22 * 256);
    }

    private static String describe(Field f) {
        StringBuilder b = new StringBuilder(f.type().vietnamese());
        if (f.required()) b.append(", bắt buộc");
        if (f.min() != null) b.append(", từ ").append(f.min().toPlainString().replace('.', ','));
        if (f.max() != null) b.append(", đến ").append(f.max().toPlainString().replace('.', ','));
        if (!f.options().isEmpty()) b.append(": ").append(String.join("; ", f.options()));
        if (f.type() == FieldType.YES_NO) b.append(": Có / Không");
        return b.toString();
    }

    private int pair(Sheet s, int row, String label, String value) {
        Row r = s.createRow(row);
        cell(r, 0, label, header);
        cell(r, 1, value, text);
        return row + 1;
    }

    private int pairNumber(Sheet s, int row, String label, long value) {
        Row r = s.createRow(row);
        cell(r, 0, label, header);
        Cell c = r.createCell(1);
        c.setCellValue(value);
        c.setCellStyle(number);
        return row + 1;
    }

    private static void cell(Row r, int col, String value, CellStyle style) {
        WorkbookStyle.cell(r, col, value, style);
    }

    private void value(Row r, int col, Field f, @Nullable Object v) {
        Cell c = r.createCell(col);
        c.setCellStyle(text);
        if (v == null) return;
        switch (v) {
            case BigDecimal n -> {
                c.setCellValue(n.doubleValue());
                c.setCellStyle(number);
            }
            case Number n -> {
                c.setCellValue(n.doubleValue());
                c.setCellStyle(number);
            }
            case Boolean b -> c.setCellValue(b ? "Có" : "Không");
            case List<?> l -> c.setCellValue(String.join("; ", l.stream().map(String::valueOf).toList()));
            default -> {
                String s = String.valueOf(v);
                if (f.type() == FieldType.DATE && s.length() == 10) {
                    c.setCellValue(LocalDate.parse(s));
                    c.setCellStyle(date);
                } else {
                    c.setCellValue(s);
                }
            }
        }
    }

    byte[] bytes() {
        return WorkbookStyle.bytes(wb);
    }

    @Override
    public void close() throws IOException {
        wb.close();
    }

    static String stamp(Instant i) {
        return DatasetViews.instant(i);
    }
}
