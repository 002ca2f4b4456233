package vn.truongson.document.web;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.paper.Figures;
import vn.truongson.paper.PdfOutput;

/**
 * The printed register (sổ đăng ký văn bản đi/đến, Decree 30, Appendix IV): A4 landscape, Liberation Serif (Times
 * New Roman's metrics), the Decree-30 columns, a header row repeated on every page, page numbers at the top.
 */
@Component
class RegisterPdf {

    private static final byte[] REGULAR = font("LiberationSerif-Regular.ttf");
    private static final byte[] BOLD = font("LiberationSerif-Bold.ttf");
    private static final int[] OUT_WIDTHS = {9, 7, 24, 10, 14, 10, 5, 7, 6, 8};
    private static final int[] IN_WIDTHS = {7, 5, 12, 9, 7, 24, 13, 7, 6, 10};

    private final Clock clock;

    RegisterPdf(Clock clock) {
        this.clock = clock;
    }

    private static byte[] font(String file) {
        try (InputStream in = RegisterPdf.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) throw new IllegalStateException("font missing: " + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] render(RegisterScreens.Register reg) {
        boolean in = reg.direction().equals("IN");
        int[] widths = in ? IN_WIDTHS : OUT_WIDTHS;
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<html><head><style>")
                .append("@page { size: A4 landscape; margin: 20mm 15mm 20mm 25mm; @top-center { content: counter(page); font-family: 'Liberation Serif'; font-size: 12pt; } }")
                .append("@page :first { @top-center { content: none; } }")
                .append("body { font-family: 'Liberation Serif'; font-size: 11pt; }")
                .append("h1 { font-size: 15pt; text-align: center; margin: 0 0 2mm 0; } p.sub { text-align: center; margin: 0 0 5mm 0; font-size: 13pt; }")
                .append("table { width: 100%; border-collapse: collapse; table-layout: fixed; -fs-table-paginate: paginate; }")
                .append("th, td { border: 0.5pt solid #000; padding: 1.5mm; vertical-align: top; word-wrap: break-word; }")
                .append("th { font-weight: bold; text-align: center; } thead { display: table-header-group; } tr { page-break-inside: avoid; }")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(in ? "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" : "SỔ ĐĂNG KÝ VĂN BẢN ĐI")).append(reg.classified() ? " (MẬT)" : "").append("</h1>");
        h.append("<p class=\"sub\">").append(esc(reg.unitName())).append(" — năm ").append(reg.year()).append("</p>");
        h.append("<table><colgroup>");
        for (int w : widths) h.append("<col style=\"width:").append(w).append("%\"/>");
        h.append("</colgroup><thead><tr>");
        for (String head : reg.headers()) h.append("<th>").append(esc(head)).append("</th>");
        h.append("</tr><tr>");
        for (int i = 1; i <= reg.headers().size(); i++) h.append("<th>").append(i).append("</th>");
        h.append("</tr></thead><tbody>");
        for (List<String> row : reg.rows()) {
            h.append("<tr>");
            for (String cell : row) h.append("<td>").append(esc(cell)).append("</td>");
            h.append("</tr>");
        }
        if (reg.rows().isEmpty()) h.append("<tr><td colspan=\"").append(reg.headers().size()).append("\">Chưa có văn bản nào.</td></tr>");
        h.append("</tbody></table><p style=\"margin-top:4mm;font-style:italic\">In ngày ")
                .append(esc(Figures.date(LocalDate.now(clock.withZone(WorkingCalendar.ZONE))))).append("</p></body></html>");
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        b.withProducer("Trường Sơn");
        b.useFont(() -> new ByteArrayInputStream(REGULAR), "Liberation Serif", 400, FontStyle.NORMAL, true);
        b.useFont(() -> new ByteArrayInputStream(BOLD), "Liberation Serif", 700, FontStyle.NORMAL, true);
        b.withHtmlContent(h.toString(), null);
        return PdfOutput.render(b);
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
