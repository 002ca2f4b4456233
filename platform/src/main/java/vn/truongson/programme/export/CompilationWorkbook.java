package vn.truongson.programme.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import vn.truongson.paper.Figures;
import vn.truongson.paper.WorkbookStyle;
import vn.truongson.programme.Compilation;
import vn.truongson.programme.Compilation.Bottleneck;
import vn.truongson.programme.Compilation.IndicatorResult;
import vn.truongson.programme.Compilation.Missing;
import vn.truongson.programme.Compilation.TaskProgress;
import vn.truongson.programme.Plans;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Task;

/**
 * The compiled report as one workbook, for people who go on computing with it: a sheet per part, numbers as
 * numbers (percentages as fractions formatted as such), dates as dates, the header row frozen.
 */
final class CompilationWorkbook implements AutoCloseable {

    static final String SUMMARY = "Tổng hợp";
    static final String TASKS = "Nhiệm vụ";
    static final String INDICATORS = "Chỉ tiêu";
    static final String MISSING = "Chưa báo cáo";
    static final String BOTTLENECKS = "Điểm nghẽn";
    static final String PROPOSALS = "Đề xuất";
    static final String INVALID = "Số liệu không hợp lệ";

    private final XSSFWorkbook wb = new XSSFWorkbook();
    private final WorkbookStyle style = new WorkbookStyle(wb);
    private final CellStyle header = style.header;
    private final CellStyle text = style.text;
    private final CellStyle wrapped = style.wrapped;
    private final CellStyle integer = style.integer;
    private final CellStyle decimal = style.decimal;
    private final CellStyle percent = style.percent;
    private final CellStyle date = style.date;

    private CompilationWorkbook() {}

    static byte[] of(ReportFacts f) {
        try (CompilationWorkbook w = new CompilationWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            w.summary(f);
            w.tasks(f);
            w.indicators(f);
            w.missing(f);
            w.bottlenecks(f);
            w.proposals(f);
            if (!f.compilation().invalidValues().isEmpty()) w.invalidValues(f);
            w.wb.getProperties().getCoreProperties().setTitle(f.subject());
            w.wb.getProperties().getCoreProperties().setCreator(f.issuerName());
            w.wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        wb.close();
    }

    // ---- sheets ----------------------------------------------------------------------------------------

    private void summary(ReportFacts f) {
        Compilation c = f.compilation();
        Sheet s = sheet(SUMMARY, new String[] {"Nội dung", "Giá trị"}, new int[] {42, 60});
        int r = 1;
        r = line(s, r, "Báo cáo", f.subject());
        r = line(s, r, "Kế hoạch", f.report().plan().code() + " - " + f.report().plan().title());
        r = line(s, r, "Đơn vị báo cáo", f.issuerName());
        r = line(s, r, "Phạm vi", f.scope());
        r = line(s, r, "Kỳ báo cáo", f.periodLabel());
        r = line(s, r, "Thời gian chốt số liệu", Figures.date(c.cutoffFrom()) + " - " + Figures.date(c.cutoffTo()));
        r = line(s, r, "Hạn gửi báo cáo", f.deadline());
        r = line(s, r, "Độ mật", CompilationDocument.secrecy(f).vietnamese());
        r = number(s, r, "Số báo cáo phải gửi", c.expectedReports(), integer);
        r = number(s, r, "Số báo cáo đã nhận", c.receivedReports(), integer);
        r = number(s, r, "Số báo cáo đúng hạn", c.onTimeReports(), integer);
        r = number(s, r, "Tỷ lệ đầy đủ", c.completeness(), percent);
        r = number(s, r, "Tỷ lệ đúng hạn", c.timeliness(), percent);
        r = number(s, r, "Số nhiệm vụ", c.tasks().size(), integer);
        for (ReportStatus st : ReportStatus.values()) r = number(s, r, "Nhiệm vụ " + st.vietnamese().toLowerCase(java.util.Locale.ROOT), f.tasksWith(st), integer);
        r = number(s, r, "Nhiệm vụ quá hạn", f.overdueTasks(), integer);
        r = number(s, r, "Lượt chưa báo cáo", c.missing().size(), integer);
        r = number(s, r, "Điểm nghẽn", c.bottlenecks().size(), integer);
        Row last = s.createRow(r);
        cell(last, 0, "Ngày lập", text);
        Cell d = last.createCell(1);
        d.setCellValue(f.issuedOn());
        d.setCellStyle(date);
    }

    private void tasks(ReportFacts f) {
        Sheet s = sheet(TASKS, new String[] {"STT", "Nhóm", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành", "Trạng thái", "% hoàn thành", "Quá hạn"},
                new int[] {6, 28, 9, 60, 30, 14, 24, 13, 10});
        int r = 1;
        for (TaskProgress t : f.compilation().tasks()) {
            Task task = f.report().task(t.taskId());
            Plans.Group g = f.report().groups().get(task.groupId());
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, g == null ? "" : g.ordinal() + ". " + g.title(), wrapped);
            cell(row, 2, t.code(), text);
            cell(row, 3, task.title(), wrapped);
            cell(row, 4, f.unitName(task.leadUnitId()), wrapped);
            Cell due = row.createCell(5);
            due.setCellValue(task.dueDate());
            due.setCellStyle(date);
            cell(row, 6, t.status().vietnamese(), text);
            cell(row, 7, t.percentComplete() / 100, percent);
            cell(row, 8, t.overdue() ? "Quá hạn" : "", text);
            r++;
        }
    }

    private void indicators(ReportFacts f) {
        Sheet s = sheet(INDICATORS, new String[] {"STT", "Mã nhiệm vụ", "Nhiệm vụ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp",
                "Càng cao càng tốt", "Chỉ tiêu giao", "Kết quả", "Tỷ lệ đạt"}, new int[] {6, 10, 45, 12, 45, 12, 14, 12, 14, 14, 12});
        int r = 1;
        for (IndicatorResult i : f.compilation().indicators()) {
            Task task = f.report().task(i.taskId());
            Task.Indicator ind = f.report().indicator(i.taskId(), i.code());
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, task.code(), text);
            cell(row, 2, task.title(), wrapped);
            cell(row, 3, i.code(), text);
            cell(row, 4, ind == null ? "" : ind.name(), wrapped);
            cell(row, 5, ind == null || ind.unit() == null ? "" : ind.unit(), text);
            cell(row, 6, ind == null ? "" : ind.aggregation().vietnamese(), text);
            cell(row, 7, ind == null ? "" : ind.higherIsBetter() ? "Có" : "Không", text);
            cell(row, 8, i.target() == null ? null : i.target().doubleValue(), decimal);
            cell(row, 9, i.actual(), decimal);
            cell(row, 10, i.achievement(), percent);
            r++;
        }
    }

    /** Stored figures outside the platform's range (issue 10, finding 6): left out of the figures, named here. */
    private void invalidValues(ReportFacts f) {
        Sheet s = sheet(INVALID, new String[] {"STT", "Mã nhiệm vụ", "Đơn vị", "Trường", "Ghi chú"}, new int[] {6, 12, 34, 30, 60});
        int r = 1;
        for (vn.truongson.programme.Compilation.InvalidValue v : f.compilation().invalidValues()) {
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, f.report().task(v.taskId()).code(), text);
            cell(row, 2, v.unitId() == null ? "" : f.unitName(v.unitId()), wrapped);
            cell(row, 3, v.field(), text);
            cell(row, 4, "Ngoài phạm vi cho phép (hữu hạn, không quá 10^15, không quá 6 chữ số thập phân); không đưa vào tổng hợp.", wrapped);
            r++;
        }
    }

    private void missing(ReportFacts f) {
        Sheet s = sheet(MISSING, new String[] {"STT", "Đơn vị", "Mã nhiệm vụ", "Nhiệm vụ"}, new int[] {6, 40, 12, 60});
        int r = 1;
        for (Missing m : f.compilation().missing()) {
            Task task = f.report().task(m.taskId());
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, f.unitName(m.unitId()), wrapped);
            cell(row, 2, task.code(), text);
            cell(row, 3, task.title(), wrapped);
            r++;
        }
    }

    private void bottlenecks(ReportFacts f) {
        Sheet s = sheet(BOTTLENECKS, new String[] {"STT", "Đơn vị", "Mã nhiệm vụ", "Nhiệm vụ", "Khó khăn, vướng mắc", "Từ kỳ"},
                new int[] {6, 34, 12, 45, 60, 10});
        int r = 1;
        for (Bottleneck b : f.compilation().bottlenecks()) {
            Task task = f.report().task(b.taskId());
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, f.unitName(b.unitId()), wrapped);
            cell(row, 2, task.code(), text);
            cell(row, 3, task.title(), wrapped);
            cell(row, 4, b.text() == null ? "" : b.text(), wrapped);
            cell(row, 5, ReportFacts.periodLabel(b.since()), text);
            r++;
        }
    }

    private void proposals(ReportFacts f) {
        Sheet s = sheet(PROPOSALS, new String[] {"STT", "Đơn vị", "Mã nhiệm vụ", "Nhiệm vụ", "Đề xuất, kiến nghị"}, new int[] {6, 34, 12, 45, 70});
        int r = 1;
        for (Compilation.Proposal p : f.compilation().proposals()) {
            Task task = f.report().task(p.taskId());
            Row row = s.createRow(r);
            cell(row, 0, r, integer);
            cell(row, 1, f.unitName(p.unitId()), wrapped);
            cell(row, 2, task.code(), text);
            cell(row, 3, task.title(), wrapped);
            cell(row, 4, p.text(), wrapped);
            r++;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A sheet with its header row, frozen, and the column widths in characters. */
    private Sheet sheet(String name, String[] headers, int[] widths) {
        Sheet s = wb.createSheet(name);
        Row h = s.createRow(0);
        h.setHeightInPoints(30);
        for (int i = 0; i < headers.length; i++) {
            cell(h, i, headers[i], header);
            s.setColumnWidth(i, widths[i] * 256);
        }
        s.createFreezePane(0, 1);
        s.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, 0, 0, headers.length - 1));
        return s;
    }

    private int line(Sheet s, int r, String label, String value) {
        Row row = s.createRow(r);
        cell(row, 0, label, text);
        cell(row, 1, value, wrapped);
        return r + 1;
    }

    private int number(Sheet s, int r, String label, double value, CellStyle style) {
        Row row = s.createRow(r);
        cell(row, 0, label, text);
        cell(row, 1, value, style);
        return r + 1;
    }

    private static void cell(Row row, int col, String value, CellStyle style) {
        WorkbookStyle.cell(row, col, value, style);
    }

    /** A number, or an empty cell (still bordered) when there is none. */
    private static void cell(Row row, int col, @Nullable Double value, CellStyle style) {
        WorkbookStyle.cell(row, col, value, style);
    }

    private static void cell(Row row, int col, long value, CellStyle style) {
        WorkbookStyle.cell(row, col, value, style);
    }

    static List<String> sheetNames() {
        return List.of(SUMMARY, TASKS, INDICATORS, MISSING, BOTTLENECKS, PROPOSALS);
    }
}
