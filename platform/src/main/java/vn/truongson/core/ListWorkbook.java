package vn.truongson.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The one Excel export of the lists officials work from (issue 13): a sheet with a bold, frozen header row in the
 * reader's language, one row per line of the list as the screen filters it (the same module query, so the same access
 * policy), numbers as numbers and dates as dates (dd/MM/yyyy), an autofilter, and the file named in Vietnamese.
 * Streaming (SXSSF), so a long list does not sit in memory as cells.
 */
public final class ListWorkbook {

    public static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    /** The most rows an export carries. */
    public static final int MAX_ROWS = 5000;

    private ListWorkbook() {}

    /** Cells may be String, Number, LocalDate or null. */
    public static byte[] xlsx(String sheetName, List<String> headers, List<? extends List<?>> rows) {
        try (var wb = new SXSSFWorkbook(200)) {
            Sheet sheet = wb.createSheet(safeSheetName(sheetName));
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
            Row h = sheet.createRow(0);
            for (int c = 0; c < headers.size(); c++) {
                var cell = h.createCell(c);
                cell.setCellValue(headers.get(c));
                cell.setCellStyle(head);
                sheet.setColumnWidth(c, Math.min(60, Math.max(12, headers.get(c).length() + 4)) * 256);
            }
            int r = 1;
            for (List<?> line : rows) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < line.size(); c++) {
                    Object v = line.get(c);
                    var cell = row.createCell(c);
                    switch (v) {
                        case null -> cell.setBlank();
                        case BigDecimal b -> cell.setCellValue(b.doubleValue());
                        case Number n -> cell.setCellValue(n.doubleValue());
                        case LocalDate d -> {
                            cell.setCellValue(d);
                            cell.setCellStyle(date);
                        }
                        default -> cell.setCellValue(clip(v.toString()));
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            if (!headers.isEmpty()) sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, Math.max(0, r - 1), 0, headers.size() - 1));
            var out = new ByteArrayOutputStream();
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workbook as a download, named {@code fileName} (UTF-8, e.g. "bao-cao-2026-11.xlsx"), never cached. */
    public static ResponseEntity<byte[]> download(String fileName, byte[] bytes) {
        return ResponseEntity.ok()
                .contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(bytes);
    }

    /** Excel refuses cells over 32,767 characters; a formula-looking text stays text (no CSV-style injection: cells are typed). */
    private static String clip(String s) {
        return s.length() > 32_000 ? s.substring(0, 32_000) + "…" : s;
    }

    private static String safeSheetName(String s) {
        String n = s.replaceAll("[\\\\/?*\\[\\]:]", " ").strip();
        if (n.isEmpty()) n = "Danh sách";
        return n.length() > 31 ? n.substring(0, 31) : n;
    }
}
