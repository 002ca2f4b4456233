package vn.truongson.programme.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Excel template for importing tasks: the sheet to fill (Nhiệm vụ) with its header row, formats and lists,
 * and a sheet of instructions (Hướng dẫn) with the rule for rows and an example.
 */
final class ImportTemplate {

    static final String INSTRUCTIONS = "Hướng dẫn";
    /** Rows prepared with formats and lists; more may be added by hand. */
    private static final int PREPARED_ROWS = 1000;

    private ImportTemplate() {}

    static ExportFile file() {
        return new ExportFile("mau-nhap-nhiem-vu.xlsx", ExportFile.XLSX, workbook());
    }

    static byte[] workbook() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle header = wb.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            var format = wb.createDataFormat();
            CellStyle textCells = wb.createCellStyle();
            textCells.setDataFormat(format.getFormat("@"));
            CellStyle dateCells = wb.createCellStyle();
            dateCells.setDataFormat(format.getFormat("dd/mm/yyyy"));
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            wrap.setVerticalAlignment(VerticalAlignment.TOP);

            Sheet s = wb.createSheet(TaskSheet.SHEET);
            Row h = s.createRow(0);
            h.setHeightInPoints(32);
            int[] widths = {7, 24, 12, 50, 14, 20, 30, 14, 10, 12, 36, 11, 12, 14, 11};
            for (TaskColumn c : TaskColumn.values()) {
                var cell = h.createCell(c.index());
                cell.setCellValue(c.header);
                cell.setCellStyle(header);
                s.setColumnWidth(c.index(), widths[c.index()] * 256);
            }
            // Codes are text, so that 1.10 stays 1.10; dates are dates.
            for (TaskColumn c : List.of(TaskColumn.CODE, TaskColumn.LEAD, TaskColumn.SUPPORT, TaskColumn.INDICATOR_CODE)) {
                s.setDefaultColumnStyle(c.index(), textCells);
            }
            s.setDefaultColumnStyle(TaskColumn.DUE.index(), dateCells);
            s.createFreezePane(0, 1);

            DataValidationHelper dv = s.getDataValidationHelper();
            list(s, dv, TaskColumn.SECRECY, "Thường", "Mật", "Tối mật", "Tuyệt mật");
            list(s, dv, TaskColumn.AGGREGATION, "Tổng", "Trung bình", "Nhỏ nhất", "Lớn nhất");
            list(s, dv, TaskColumn.HIGHER_IS_BETTER, "Có", "Không");
            validate(s, dv, TaskColumn.GROUP, dv.createIntegerConstraint(DataValidationConstraint.OperatorType.BETWEEN, "1", "999"),
                    "Số thứ tự nhóm từ 1 đến 999.");
            validate(s, dv, TaskColumn.DUE, dv.createDateConstraint(DataValidationConstraint.OperatorType.BETWEEN, "DATE(2000,1,1)", "DATE(2100,12,31)",
                    "dd/mm/yyyy"), "Ngày dạng dd/MM/yyyy.");
            validate(s, dv, TaskColumn.TARGET, dv.createDecimalConstraint(DataValidationConstraint.OperatorType.BETWEEN, "-1E+15", "1E+15"),
                    "Một số.");

            instructions(wb, header, wrap);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void list(Sheet s, DataValidationHelper dv, TaskColumn c, String... values) {
        validate(s, dv, c, dv.createExplicitListConstraint(values), "Chọn một trong: " + String.join(", ", values) + ".");
    }

    private static void validate(Sheet s, DataValidationHelper dv, TaskColumn c, DataValidationConstraint constraint, String message) {
        DataValidation v = dv.createValidation(constraint, new CellRangeAddressList(1, PREPARED_ROWS, c.index(), c.index()));
        v.setShowErrorBox(true);
        v.setErrorStyle(DataValidation.ErrorStyle.STOP);
        v.createErrorBox(c.header, message);
        v.setEmptyCellAllowed(true);
        s.addValidationData(v);
    }

    private static final String[] RULES = {
        "Mỗi dòng ghi một chỉ tiêu của một nhiệm vụ. Nhiệm vụ không có chỉ tiêu ghi một dòng, để trống các cột J đến O.",
        "Dòng đầu của nhiệm vụ ghi đủ các cột A đến I. Nhiệm vụ có nhiều chỉ tiêu: mỗi chỉ tiêu tiếp theo ghi ở dòng ngay dưới, "
                + "các cột A đến I để trống hoặc ghi lặp lại đúng như dòng đầu (cột C cùng mã nhiệm vụ).",
        "Các dòng của một nhiệm vụ phải liền nhau: một mã nhiệm vụ không được xuất hiện lại sau dòng của nhiệm vụ khác.",
        "Nhóm chưa có trong kế hoạch được tạo với số ở cột A và tên ở cột B; nhóm đã có thì cột B để trống hoặc ghi đúng tên nhóm.",
        "Đơn vị ghi bằng mã đơn vị (ví dụ QK1, BTL86); nhiều đơn vị phối hợp cách nhau bởi dấu chấm phẩy.",
        "Chỉ nhập được vào kế hoạch đang dự thảo (chưa ban hành), bởi cán bộ điều phối của đơn vị chủ quản kế hoạch.",
        "Nhập theo nguyên tắc tất cả hoặc không: chỉ cần một ô sai thì không nhiệm vụ nào được nhập; mọi lỗi được báo theo dòng và cột "
                + "(ví dụ: row 7, column E (Đơn vị chủ trì)) để sửa một lần.",
        "Tệp Excel .xlsx, tối đa 5 MB và " + TaskSheet.MAX_ROWS + " dòng. Dòng trống được bỏ qua.",
    };

    private static final String[][] EXAMPLE = {
        {"1", "Hạ tầng số", "1.1", "Triển khai mạng truyền số liệu quân sự đến cấp sư đoàn", "BCTT", "QK1; QK3", "Mạng được nghiệm thu", "31/12/2026",
            "Thường", "HT", "Số đơn vị được kết nối", "đơn vị", "40", "Tổng", "Có"},
        {"", "", "", "", "", "", "", "", "", "SC", "Số sự cố mất kết nối", "lượt", "5", "Tổng", "Không"},
        {"1", "", "1.2", "Trang bị chữ ký số chuyên dùng cho đầu mối các đơn vị", "BTL86", "", "Chứng thư số được cấp", "30/06/2026",
            "", "", "", "", "", "", ""},
    };

    private static void instructions(XSSFWorkbook wb, CellStyle header, CellStyle wrap) {
        Sheet s = wb.createSheet(INSTRUCTIONS);
        s.setColumnWidth(0, 10 * 256);
        s.setColumnWidth(1, 24 * 256);
        s.setColumnWidth(2, 10 * 256);
        s.setColumnWidth(3, 100 * 256);
        int r = 0;
        Row title = s.createRow(r++);
        title.createCell(0).setCellValue("HƯỚNG DẪN NHẬP NHIỆM VỤ TỪ EXCEL");
        title.getCell(0).setCellStyle(header);
        r++;
        s.createRow(r++).createCell(0).setCellValue("Quy tắc");
        s.getRow(r - 1).getCell(0).setCellStyle(header);
        for (int i = 0; i < RULES.length; i++) {
            Row row = s.createRow(r++);
            row.createCell(0).setCellValue(i + 1);
            var c = row.createCell(3);
            c.setCellValue(RULES[i]);
            c.setCellStyle(wrap);
        }
        r++;
        Row h = s.createRow(r++);
        String[] heads = {"Cột", "Tên cột", "Bắt buộc", "Cách ghi"};
        for (int i = 0; i < heads.length; i++) {
            h.createCell(i).setCellValue(heads[i]);
            h.getCell(i).setCellStyle(header);
        }
        for (TaskColumn c : TaskColumn.values()) {
            Row row = s.createRow(r++);
            row.createCell(0).setCellValue(c.letter());
            row.createCell(1).setCellValue(c.header);
            row.createCell(2).setCellValue(c.required ? "Có" : "");
            var help = row.createCell(3);
            help.setCellValue(c.help);
            help.setCellStyle(wrap);
        }
        r++;
        s.createRow(r++).createCell(0).setCellValue("Ví dụ (nhiệm vụ 1.1 có hai chỉ tiêu, nhiệm vụ 1.2 không có chỉ tiêu)");
        s.getRow(r - 1).getCell(0).setCellStyle(header);
        Row eh = s.createRow(r++);
        for (TaskColumn c : TaskColumn.values()) {
            eh.createCell(c.index()).setCellValue(c.letter() + ". " + c.header);
            eh.getCell(c.index()).setCellStyle(header);
        }
        for (String[] example : EXAMPLE) {
            Row row = s.createRow(r++);
            for (int i = 0; i < example.length; i++) row.createCell(i).setCellValue(example[i]);
        }
    }
}
