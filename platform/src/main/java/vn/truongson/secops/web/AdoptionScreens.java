package vn.truongson.secops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.core.Ids;
import vn.truongson.secops.Adoption;

/** /office/adoption: units ranked by their IT adoption for a month, drill-down to sub-units, a six-month trend, Excel. */
@Controller
class AdoptionScreens {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");

    /** A row as the page shows it: counts and shares in Vietnamese form (decimal comma). */
    record Line(String unitId, String unitName, long officials, long activeOfficials, String activeShare, long issued, long issuedSigned,
            String signedShare, long incoming, long incomingHandled, String handledShare, long reportsExpected, long reportsOnTime,
            String onTimeShare, long dossiers, long dossiersOnline, String onlineShare, String score, List<Trained> training) {
        static Line of(Adoption.Row r) {
            return new Line(Ids.str(r.unitId()), r.unitName(), r.officials(), r.activeOfficials(), share(r.activeOfficials(), r.officials()),
                    r.issued(), r.issuedSigned(), share(r.issuedSigned(), r.issued()), r.incoming(), r.incomingHandled(),
                    share(r.incomingHandled(), r.incoming()), r.reportsExpected(), r.reportsOnTime(), share(r.reportsOnTime(), r.reportsExpected()),
                    r.dossiers(), r.dossiersOnline(), share(r.dossiersOnline(), r.dossiers()), r.score() == null ? "—" : percent(r.score()),
                    r.training().stream().map(c -> new Trained(c.topic().vietnamese(), c.trained(), c.officials(), share(c.trained(), c.officials())))
                            .toList());
        }
    }

    /** One topic's training coverage as the page shows it. */
    record Trained(String topic, long trained, long officials, String share) {}

    static String share(long part, long whole) {
        return whole == 0 ? "—" : percent(Math.round(part * 1000.0 / whole) / 10.0);
    }

    static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.1f", p).replace('.', ',') + " %";
    }

    private final Adoption adoption;

    AdoptionScreens(Adoption adoption) {
        this.adoption = adoption;
    }

    @GetMapping("/office/adoption")
    String page(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId, Model model) {
        YearMonth p = AdoptionController.period(period);
        long unit = unitId == null || unitId.isBlank() ? adoption.defaultUnit() : Ids.parse("unitId", unitId);
        Adoption.Figures f = adoption.figures(unit, p);
        model.addAttribute("period", p.toString());
        model.addAttribute("trainingYear", p.getYear());
        model.addAttribute("periodLabel", MONTH.format(p));
        model.addAttribute("unit", Line.of(f.unit()));
        List<Line> ranked = f.subUnits().stream().map(Line::of).toList();
        model.addAttribute("ranked", ranked);
        List<Map<String, Object>> trend = new ArrayList<>();
        for (var e : adoption.trend(unit, p, 6)) {
            Double s = e.getValue().score();
            trend.add(Map.of("month", MONTH.format(e.getKey()), "score", s == null ? "—" : percent(s), "width", s == null ? 0 : s));
        }
        model.addAttribute("trend", trend);
        return "secops/adoption";
    }

    @GetMapping("/office/adoption.xlsx")
    void excel(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId,
            HttpServletResponse res) throws IOException {
        YearMonth p = AdoptionController.period(period);
        long unit = unitId == null || unitId.isBlank() ? adoption.defaultUnit() : Ids.parse("unitId", unitId);
        Adoption.Figures f = adoption.figures(unit, p);
        adoption.recordExport(unit, p);
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Ứng dụng CNTT " + p);
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle pct = wb.createCellStyle();
            pct.setDataFormat(wb.createDataFormat().getFormat("0.0"));
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue("Tỷ lệ ứng dụng công nghệ thông tin, tháng " + MONTH.format(p) + ": " + f.unit().unitName());
            title.getCell(0).setCellStyle(bold);
            String[] head = {"Hạng", "Đơn vị", "Cán bộ", "Cán bộ đã đăng nhập", "Văn bản phát hành", "Có chữ ký số", "Văn bản đến",
                    "Xử lý xong trên hệ thống", "Báo cáo phải nộp", "Nộp đúng hạn", "Hồ sơ TTHC", "Nộp trực tuyến", "Điểm (%)",
                    "Đã đào tạo chuyển đổi số năm " + p.getYear(), "Đã đào tạo an toàn thông tin năm " + p.getYear(), "Đã đào tạo chữ ký số năm " + p.getYear()};
            Row h = sheet.createRow(2);
            for (int i = 0; i < head.length; i++) {
                Cell c = h.createCell(i);
                c.setCellValue(head[i]);
                c.setCellStyle(bold);
            }
            int r = 3;
            write(sheet.createRow(r++), "Toàn đơn vị", f.unit(), pct);
            int rank = 1;
            for (Adoption.Row row : f.subUnits()) write(sheet.createRow(r++), Integer.toString(rank++), row, pct);
            for (int i = 0; i < head.length; i++) sheet.autoSizeColumn(i);
            res.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            res.setHeader("Content-Disposition", "attachment; filename=\"ung-dung-cntt-" + p + ".xlsx\"");
            wb.write(res.getOutputStream());
        }
    }

    private static void write(Row x, String rank, Adoption.Row r, CellStyle pct) {
        x.createCell(0).setCellValue(rank);
        x.createCell(1).setCellValue(r.unitName());
        long[] v = {r.officials(), r.activeOfficials(), r.issued(), r.issuedSigned(), r.incoming(), r.incomingHandled(), r.reportsExpected(),
                r.reportsOnTime(), r.dossiers(), r.dossiersOnline()};
        for (int i = 0; i < v.length; i++) x.createCell(2 + i).setCellValue(v[i]);
        Cell s = x.createCell(12);
        if (r.score() != null) {
            s.setCellValue(r.score());
            s.setCellStyle(pct);
        }
        // Additions (docs/adoption.md): officials trained in each topic this year to date, next to the adoption figures.
        for (int i = 0; i < r.training().size(); i++) x.createCell(13 + i).setCellValue(r.training().get(i).trained());
    }
}
