package vn.truongson.population;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.VietnameseText;

/** Reading the uploaded lists of the bulk checks: one place for workbooks, cells, headers and colours. */
final class Workbooks {

    private Workbooks() {}

    private static final DataFormatter FORMAT = new DataFormatter();

    static Workbook open(InputStream in) {
        try {
            Workbook wb = WorkbookFactory.create(in);
            if (!(wb instanceof XSSFWorkbook)) {
                wb.close();
                throw new BadInput("file", "population.bulk.not-xlsx");
            }
            return wb;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInput b) throw b;
            throw new BadInput("file", "population.bulk.not-xlsx");
        }
    }

    /** Column index by header, each header folded (no diacritics, lower case, single spaces) and looked up in {@code names}. */
    static Map<String, Integer> columns(@Nullable Row header, Map<String, String[]> names) {
        Map<String, Integer> found = new HashMap<>();
        if (header == null) return found;
        for (Cell c : header) {
            String h = VietnameseText.fold(text(c)).replaceAll("\\s+", " ").strip();
            for (var e : names.entrySet()) {
                if (found.containsKey(e.getKey())) continue;
                for (String n : e.getValue()) {
                    if (h.equals(n)) {
                        found.put(e.getKey(), c.getColumnIndex());
                        break;
                    }
                }
            }
        }
        return found;
    }

    /**
     * A cell as text. An ID number typed as a number loses its leading zeros in Excel; every province code
     * starts with 0, so a 9–11 digit number is padded back to 12.
     */
    static String text(@Nullable Cell c) {
        if (c == null) return "";
        if (c.getCellType() == CellType.NUMERIC && !DateUtil.isCellDateFormatted(c)) {
            String s = String.valueOf((long) c.getNumericCellValue());
            return s.length() < IdNumber.LENGTH && s.length() >= 9 ? "0".repeat(IdNumber.LENGTH - s.length()) + s : s;
        }
        return FORMAT.formatCellValue(c);
    }

    static @Nullable LocalDate date(@Nullable Cell c) {
        if (c == null) return null;
        if (c.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(c)) return c.getLocalDateTimeCellValue().toLocalDate();
        String s = text(c).strip();
        if (s.isEmpty()) return null;
        return CitizenVerification.date(s);
    }

    static CellStyle fill(Workbook wb, IndexedColors color) {
        CellStyle s = wb.createCellStyle();
        s.setFillForegroundColor(color.getIndex());
        s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return s;
    }
}
