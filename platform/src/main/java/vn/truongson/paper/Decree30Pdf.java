package vn.truongson.paper;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import vn.truongson.paper.Decree30Document.Block;
import vn.truongson.paper.Decree30Document.Column;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Table;

/** The PDF: XHTML and CSS of our own, laid out by openhtmltopdf with Liberation Serif embedded (subset). */
final class Decree30Pdf {

    private Decree30Pdf() {}

    static byte[] render(Decree30Document d) {
        String html = html(d);
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        b.withProducer("Trường Sơn");
        font(b, Fonts.Face.REGULAR, 400, FontStyle.NORMAL);
        font(b, Fonts.Face.BOLD, 700, FontStyle.NORMAL);
        font(b, Fonts.Face.ITALIC, 400, FontStyle.ITALIC);
        font(b, Fonts.Face.BOLD_ITALIC, 700, FontStyle.ITALIC);
        b.withHtmlContent(html, null);
        return PdfOutput.render(b);
    }

    private static void font(PdfRendererBuilder b, Fonts.Face face, int weight, FontStyle style) {
        b.useFont(() -> new ByteArrayInputStream(Fonts.bytes(face)), Fonts.PDF_FAMILY, weight, style, true);
    }

    static String html(Decree30Document d) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"UTF-8\"/><title>")
                .append(esc(d.officialLetter() ? d.aboutLine() : Decree30Document.caps(d.typeName()) + " " + d.subject())).append("</title>")
                .append("<meta name=\"subject\" content=\"").append(esc(d.subject())).append("\"/>")
                .append("<meta name=\"author\" content=\"").append(esc(d.agency())).append("\"/>")
                .append("<style>").append(css(d)).append("</style></head><body>");
        header(h, d);
        if (d.officialLetter()) {
            // Mẫu 1.4: no type name; "Kính gửi:" and the addressees open the body (the "V/v" line is in the header).
            List<String> to = d.addressees();
            if (to.size() == 1) {
                h.append("<div class=\"to\">Kính gửi: ").append(esc(to.getFirst())).append(".</div>");
            } else if (!to.isEmpty()) {
                h.append("<table class=\"to\"><tr><td class=\"to-label\">Kính gửi:</td><td>");
                for (int i = 0; i < to.size(); i++) {
                    h.append("<div>- ").append(esc(to.get(i))).append(i == to.size() - 1 ? "." : ";").append("</div>");
                }
                h.append("</td></tr></table>");
            }
        } else {
            h.append("<div class=\"type\">").append(esc(Decree30Document.caps(d.typeName()))).append("</div>");
            h.append("<div class=\"subject\">").append(esc(d.subject())).append("</div>");
            h.append("<div class=\"rule\" style=\"width:").append(mm(Layout.shortRule(d.subject(), Fonts.Face.BOLD, Layout.TYPE_PT, Layout.TEXT_WIDTH)))
                    .append("\"></div>");
        }
        h.append("<div class=\"content\">");
        for (Section s : d.sections()) section(h, s);
        h.append("</div>");
        signatureAndRecipients(h, d);
        h.append("</body></html>");
        return h.toString();
    }

    private static void header(StringBuilder h, Decree30Document d) {
        String issuer = Decree30Document.caps(d.agency());
        h.append("<table class=\"head\"><tr><td class=\"agency\">");
        if (d.parentAgency() != null && !d.parentAgency().isBlank()) {
            h.append("<div class=\"parent\">").append(esc(Decree30Document.caps(d.parentAgency()))).append("</div>");
        }
        h.append("<div class=\"issuer\">").append(esc(issuer)).append("</div>")
                .append("<div class=\"rule\" style=\"width:").append(mm(Layout.shortRule(issuer, Fonts.Face.BOLD, Layout.AGENCY_PT, Layout.AGENCY_COLUMN)))
                .append("\"></div>");
        h.append("</td><td class=\"nation\"><div class=\"nation-title\">").append(esc(Layout.NATION)).append("</div>")
                .append("<div class=\"motto\">").append(esc(Layout.MOTTO)).append("</div>")
                .append("<div class=\"rule\" style=\"width:").append(mm(Layout.mottoRule())).append("\"></div>");
        h.append("</td></tr><tr><td class=\"number\">Số: ").append(esc(d.number().toString()));
        if (d.secrecy().isClassified()) {
            h.append("<div class=\"secrecy\"><span>").append(esc(Decree30Document.caps(d.secrecy().vietnamese()))).append("</span></div>");
        }
        if (d.officialLetter()) h.append("<div class=\"about\">").append(esc(d.aboutLine())).append("</div>");
        h.append("</td><td class=\"date\">").append(esc(d.placeAndDate().toString())).append("</td></tr></table>");
    }

    private static void section(StringBuilder h, Section s) {
        int from = 0;
        if (s.heading() != null) {
            // A heading never ends a page: it stays with the paragraph after it, or with a table short enough to move along.
            h.append("<div class=\"keep\"><p class=\"heading\">").append(esc(s.heading())).append("</p>");
            if (!s.blocks().isEmpty() && keepsWithHeading(s.blocks().getFirst())) {
                block(h, s.blocks().getFirst());
                from = 1;
            }
            h.append("</div>");
        }
        for (Block b : s.blocks().subList(from, s.blocks().size())) block(h, b);
    }

    static boolean keepsWithHeading(Block b) {
        return !(b instanceof Table t) || t.rows().size() <= SHORT_TABLE;
    }

    /** Rows of a table that moves to the next page with its heading rather than leave the heading alone. */
    static final int SHORT_TABLE = 12;

    private static void block(StringBuilder h, Block b) {
        switch (b) {
            case Paragraph p -> h.append("<p>").append(esc(p.text())).append("</p>");
            case Table t -> table(h, t);
        }
    }

    private static void table(StringBuilder h, Table t) {
        int total = t.columns().stream().mapToInt(Column::weight).sum();
        h.append("<table class=\"data\"><thead><tr>");
        for (Column c : t.columns()) {
            h.append("<th style=\"width:").append(String.format(Locale.ROOT, "%.2f%%", 100.0 * c.weight() / total)).append("\">")
                    .append(esc(c.header())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                h.append("<td class=\"").append(t.columns().get(i).align().name().toLowerCase(Locale.ROOT)).append("\">")
                        .append(esc(row.get(i))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static void signatureAndRecipients(StringBuilder h, Decree30Document d) {
        h.append("<table class=\"sign\"><tr><td class=\"recipients\">");
        if (!d.recipients().isEmpty()) {
            h.append("<div class=\"label\">Nơi nhận:</div>");
            for (int i = 0; i < d.recipients().size(); i++) {
                boolean last = i == d.recipients().size() - 1;
                h.append("<div class=\"recipient\">- ").append(esc(d.recipients().get(i))).append(last ? "." : ";").append("</div>");
            }
        }
        h.append("</td><td class=\"signer\">");
        for (String line : d.signature().title()) h.append("<div>").append(esc(Decree30Document.caps(line))).append("</div>");
        h.append("<div class=\"space\"></div>");
        if (d.signature().name() != null) h.append("<div>").append(esc(d.signature().name())).append("</div>");
        h.append("</td></tr></table>");
    }

    private static String css(Decree30Document d) {
        return """
                @page { size: %s %s; margin: %s %s %s %s;
                  @top-center { content: counter(page); font-family: '%s'; font-size: %spt; vertical-align: middle; } }
                @page :first { @top-center { content: none; } }
                body { font-family: '%s'; font-size: %spt; color: #000; margin: 0; line-height: 1.2; }
                table.head { width: 100%%; border-collapse: collapse; table-layout: fixed; }
                table.head td { padding: 0; vertical-align: top; text-align: center; }
                td.agency { width: %s; font-size: %spt; line-height: 1.15; }
                td.nation { width: %s; line-height: 1.15; }
                .issuer { font-weight: bold; }
                .nation-title { font-size: %spt; font-weight: bold; white-space: nowrap; }
                .motto { font-size: %spt; font-weight: bold; white-space: nowrap; }
                .rule { margin: 3pt auto 0 auto; border-top: 0.6pt solid #000; height: 0; }
                td.number { font-size: %spt; padding-top: 6pt !important; }
                td.date { font-size: %spt; font-style: italic; padding-top: 6pt !important; }
                .secrecy { margin-top: 6pt; }
                .about { font-size: 12pt; margin-top: 3pt; line-height: 1.15; }
                .to { margin: 18pt 0 0 0; text-align: center; font-size: 14pt; }
                table.to { margin: 18pt auto 0 auto; border-collapse: collapse; text-align: left; }
                table.to td { vertical-align: top; padding: 0; }
                td.to-label { padding-right: 4pt !important; white-space: nowrap; }
                .secrecy span { font-size: %spt; font-weight: bold; color: #c00000; border: 1.2pt solid #c00000; padding: 1pt 8pt; }
                .type { font-size: %spt; font-weight: bold; text-align: center; margin-top: 22pt; }
                .subject { font-size: %spt; font-weight: bold; text-align: center; margin: 0 10mm; }
                .content { margin-top: 10pt; }
                p { text-align: justify; text-indent: %s; margin: 6pt 0 0 0; line-height: 1.25; }
                p.heading { font-weight: bold; page-break-after: avoid; }
                div.keep { page-break-inside: avoid; }
                table.data { width: 100%%; border-collapse: collapse; margin: 6pt 0 0 0; font-size: %spt; line-height: 1.15;
                  -fs-table-paginate: paginate; }
                table.data th, table.data td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; }
                table.data th { font-weight: bold; text-align: center; vertical-align: middle; }
                table.data tr { page-break-inside: avoid; }
                td.left { text-align: left; } td.center { text-align: center; } td.right { text-align: right; }
                table.sign { width: 100%%; border-collapse: collapse; table-layout: fixed; margin-top: 14pt; page-break-inside: avoid; }
                table.sign td { padding: 0; vertical-align: top; }
                td.recipients { width: %s; font-size: %spt; line-height: 1.15; }
                .recipients .label { font-size: %spt; font-weight: bold; font-style: italic; margin-bottom: 1pt; }
                td.signer { width: %s; text-align: center; font-weight: bold; font-size: %spt; }
                .signer .space { height: %s; }
                """.formatted(mm(Layout.PAGE_WIDTH), mm(Layout.PAGE_HEIGHT), mm(Layout.TOP), mm(Layout.RIGHT), mm(Layout.BOTTOM), mm(Layout.LEFT),
                Fonts.PDF_FAMILY, pt(Layout.PAGE_NUMBER_PT), Fonts.PDF_FAMILY, pt(Layout.BODY_PT),
                mm(Layout.AGENCY_COLUMN), pt(Layout.AGENCY_PT), mm(Layout.NATION_COLUMN), pt(Layout.NATION_PT), pt(Layout.MOTTO_PT),
                pt(Layout.NUMBER_PT), pt(Layout.DATE_PT), pt(Layout.SECRECY_PT), pt(Layout.TYPE_PT), pt(Layout.TYPE_PT),
                mm(Layout.INDENT), pt(Layout.TABLE_PT),
                mm(Layout.RECIPIENTS_COLUMN), pt(Layout.RECIPIENTS_PT), pt(Layout.RECIPIENTS_LABEL_PT),
                mm(Layout.SIGNER_COLUMN), pt(Layout.SIGNER_PT), mm(Layout.SIGNATURE_SPACE));
    }

    private static String mm(double v) {
        return String.format(Locale.ROOT, "%.1fmm", v);
    }

    private static String pt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text for XHTML: markup characters escaped, line breaks kept as such. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append("<br/>");
                case '\t' -> b.append(' ');
                case '\r' -> { }
                default -> {
                    // Other control characters are not allowed in XML at all.
                    if (c >= 0x20 || c == 0x09) b.append(c);
                }
            }
        }
        return b.toString();
    }
}
