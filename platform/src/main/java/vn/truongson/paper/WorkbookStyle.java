package vn.truongson.paper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.jspecify.annotations.Nullable;

/**
 * The one look of the platform's exported workbooks (programme's compilation, data collection's roll-up and template):
 * thin borders, text at the top of its cell, a bold grey centred header that wraps, numbers as numbers with Vietnamese
 * grouping left to Excel's locale, dates as dd/mm/yyyy. Made once per workbook (a workbook holds at most 64,000 styles).
 */
public final class WorkbookStyle {

    /** Bold, grey, centred, wrapped. */
    public final CellStyle header;
    /** Plain text on one line. */
    public final CellStyle text;
    /** Text that wraps. */
    public final CellStyle wrapped;
    /** {@code #,##0}. */
    public final CellStyle integer;
    /** {@code #,##0.##}. */
    public final CellStyle decimal;
    /** {@code #,##0.######}: up to the six decimals the platform keeps. */
    public final CellStyle number;
    /** {@code 0.0%} of a fraction. */
    public final CellStyle percent;
    /** {@code dd/mm/yyyy}, centred. */
    public final CellStyle date;
    /** {@code dd/mm/yyyy hh:mm}. */
    public final CellStyle dateTime;

    private final Workbook wb;

    public WorkbookStyle(Workbook wb) {
        this.wb = wb;
        Font bold = wb.createFont();
        bold.setBold(true);
        header = bordered();
        header.setFont(bold);
        header.setWrapText(true);
        header.setAlignment(HorizontalAlignment.CENTER);
        header.setVerticalAlignment(VerticalAlignment.CENTER);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        text = bordered();
        wrapped = bordered();
        wrapped.setWrapText(true);
        DataFormat format = wb.createDataFormat();
        integer = formatted(format, "#,##0");
        decimal = formatted(format, "#,##0.##");
        number = formatted(format, "#,##0.######");
        percent = formatted(format, "0.0%");
        date = formatted(format, "dd/mm/yyyy");
        date.setAlignment(HorizontalAlignment.CENTER);
        dateTime = formatted(format, "dd/mm/yyyy hh:mm");
    }

    private CellStyle formatted(DataFormat format, String pattern) {
        CellStyle s = bordered();
        s.setDataFormat(format.getFormat(pattern));
        return s;
    }

    /** A thin-bordered style, text at the top; the base of every style here, for a module's own variants. */
    public CellStyle bordered() {
        CellStyle s = wb.createCellStyle();
        s.setBorderTop(BorderStyle.THIN);
        s.setBorderBottom(BorderStyle.THIN);
        s.setBorderLeft(BorderStyle.THIN);
        s.setBorderRight(BorderStyle.THIN);
        s.setVerticalAlignment(VerticalAlignment.TOP);
        return s;
    }

    public static Cell cell(Row row, int col, String value, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        c.setCellStyle(style);
        return c;
    }

    /** A number, or an empty cell (still bordered) when there is none. */
    public static Cell cell(Row row, int col, @Nullable Double value, CellStyle style) {
        Cell c = row.createCell(col);
        if (value != null) c.setCellValue(value);
        c.setCellStyle(style);
        return c;
    }

    public static Cell cell(Row row, int col, long value, CellStyle style) {
        return cell(row, col, (Double) (double) value, style);
    }

    /** The workbook written out. */
    public static byte[] bytes(Workbook wb) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
