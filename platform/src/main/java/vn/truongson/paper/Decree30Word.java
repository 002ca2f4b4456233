package vn.truongson.paper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.Borders;
import org.apache.poi.xwpf.usermodel.LineSpacingRule;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHeader;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblGrid;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblWidth;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblLayoutType;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblWidth;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STVerticalJc;
import vn.truongson.paper.Decree30Document.Block;
import vn.truongson.paper.Decree30Document.Column;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Table;

/**
 * The Word file: the same layout as the PDF, built with Apache POI, in Times New Roman as Decree 30 names it
 * (a Word user has it; the PDF embeds the metric-compatible Liberation Serif instead).
 */
final class Decree30Word {

    private Decree30Word() {}

    /** Twentieths of a point per millimetre. */
    private static final double TWIPS_PER_MM = 1440 / 25.4;

    static byte[] render(Decree30Document d) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            page(doc);
            defaultFont(doc);
            pageNumbers(doc);
            doc.getProperties().getCoreProperties().setTitle(d.officialLetter() ? d.aboutLine() : Decree30Document.caps(d.typeName()) + " " + d.subject());
            doc.getProperties().getCoreProperties().setCreator(d.agency());

            header(doc, d);
            if (d.officialLetter()) {
                // Mẫu 1.4: no type name; "Kính gửi:" and the addressees open the body ("V/v" is in the header).
                java.util.List<String> to = d.addressees();
                for (int i = 0; i < to.size(); i++) {
                    String line = to.size() == 1 ? "Kính gửi: " + to.getFirst() + "."
                            : (i == 0 ? "Kính gửi:\t- " : "\t- ") + to.get(i) + (i == to.size() - 1 ? "." : ";");
                    run(paragraph(doc.createParagraph(), ParagraphAlignment.CENTER, i == 0 ? 18 : 0, 0), line, Layout.BODY_PT, false, false);
                }
            } else {
                XWPFParagraph type = paragraph(doc.createParagraph(), ParagraphAlignment.CENTER, 22, 0);
                run(type, Decree30Document.caps(d.typeName()), Layout.TYPE_PT, true, false);
                XWPFParagraph subject = paragraph(doc.createParagraph(), ParagraphAlignment.CENTER, 0, 0);
                subject.setIndentationLeft(twips(10));
                subject.setIndentationRight(twips(10));
                run(subject, d.subject(), Layout.TYPE_PT, true, false);
                rule(doc.createParagraph(), Layout.TEXT_WIDTH, Layout.shortRule(d.subject(), Fonts.Face.BOLD, Layout.TYPE_PT, Layout.TEXT_WIDTH));
                doc.getParagraphs().getLast().setSpacingAfter(pt(4));
            }

            for (Section s : d.sections()) section(doc, s);
            signatureAndRecipients(doc, d);
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void page(XWPFDocument doc) {
        var body = doc.getDocument().getBody();
        CTSectPr sect = body.isSetSectPr() ? body.getSectPr() : body.addNewSectPr();
        CTPageSz size = sect.isSetPgSz() ? sect.getPgSz() : sect.addNewPgSz();
        size.setW(BigInteger.valueOf(twips(Layout.PAGE_WIDTH)));
        size.setH(BigInteger.valueOf(twips(Layout.PAGE_HEIGHT)));
        CTPageMar m = sect.isSetPgMar() ? sect.getPgMar() : sect.addNewPgMar();
        m.setTop(BigInteger.valueOf(twips(Layout.TOP)));
        m.setBottom(BigInteger.valueOf(twips(Layout.BOTTOM)));
        m.setLeft(BigInteger.valueOf(twips(Layout.LEFT)));
        m.setRight(BigInteger.valueOf(twips(Layout.RIGHT)));
        m.setHeader(BigInteger.valueOf(twips(Layout.HEADER_DISTANCE)));
        m.setFooter(BigInteger.valueOf(twips(Layout.HEADER_DISTANCE)));
    }

    private static void defaultFont(XWPFDocument doc) {
        CTFonts fonts = CTFonts.Factory.newInstance();
        fonts.setAscii(Fonts.WORD_FAMILY);
        fonts.setHAnsi(Fonts.WORD_FAMILY);
        fonts.setCs(Fonts.WORD_FAMILY);
        fonts.setEastAsia(Fonts.WORD_FAMILY);
        doc.createStyles().setDefaultFonts(fonts);
    }

    /** Centred in the top margin from page 2 on: a first-page header of its own, left empty. */
    private static void pageNumbers(XWPFDocument doc) {
        XWPFHeader first = doc.createHeader(HeaderFooterType.FIRST);
        first.createParagraph();
        XWPFHeader other = doc.createHeader(HeaderFooterType.DEFAULT);
        XWPFParagraph p = paragraph(other.createParagraph(), ParagraphAlignment.CENTER, 0, 0);
        XWPFRun r = run(p, "", Layout.PAGE_NUMBER_PT, false, false);
        r.getCTR().addNewFldChar().setFldCharType(org.openxmlformats.schemas.wordprocessingml.x2006.main.STFldCharType.BEGIN);
        XWPFRun instr = run(p, "", Layout.PAGE_NUMBER_PT, false, false);
        instr.getCTR().addNewInstrText().setStringValue(" PAGE ");
        XWPFRun end = run(p, "", Layout.PAGE_NUMBER_PT, false, false);
        end.getCTR().addNewFldChar().setFldCharType(org.openxmlformats.schemas.wordprocessingml.x2006.main.STFldCharType.END);
        CTSectPr sect = doc.getDocument().getBody().getSectPr();
        if (!sect.isSetTitlePg()) sect.addNewTitlePg();
    }

    private static void header(XWPFDocument doc, Decree30Document d) {
        XWPFTable t = doc.createTable(2, 2);
        t.removeBorders();
        widths(t, Layout.AGENCY_COLUMN, Layout.NATION_COLUMN);
        noCellMargins(t);

        XWPFTableCell agency = t.getRow(0).getCell(0);
        XWPFParagraph first = agency.getParagraphs().getFirst();
        String issuer = Decree30Document.caps(d.agency());
        if (d.parentAgency() != null && !d.parentAgency().isBlank()) {
            run(paragraph(first, ParagraphAlignment.CENTER, 0, 0), Decree30Document.caps(d.parentAgency()), Layout.AGENCY_PT, false, false);
            first = agency.addParagraph();
        }
        run(paragraph(first, ParagraphAlignment.CENTER, 0, 0), issuer, Layout.AGENCY_PT, true, false);
        rule(agency.addParagraph(), Layout.AGENCY_COLUMN, Layout.shortRule(issuer, Fonts.Face.BOLD, Layout.AGENCY_PT, Layout.AGENCY_COLUMN));

        XWPFTableCell nation = t.getRow(0).getCell(1);
        run(paragraph(nation.getParagraphs().getFirst(), ParagraphAlignment.CENTER, 0, 0), Layout.NATION, Layout.NATION_PT, true, false);
        run(paragraph(nation.addParagraph(), ParagraphAlignment.CENTER, 0, 0), Layout.MOTTO, Layout.MOTTO_PT, true, false);
        rule(nation.addParagraph(), Layout.NATION_COLUMN, Layout.mottoRule());

        XWPFTableCell number = t.getRow(1).getCell(0);
        run(paragraph(number.getParagraphs().getFirst(), ParagraphAlignment.CENTER, 6, 0), "Số: " + d.number(), Layout.NUMBER_PT, false, false);
        if (d.secrecy().isClassified()) {
            XWPFRun mark = run(paragraph(number.addParagraph(), ParagraphAlignment.CENTER, 6, 0),
                    Decree30Document.caps(d.secrecy().vietnamese()), Layout.SECRECY_PT, true, false);
            mark.setColor("C00000");
            CTBorder b = mark.getCTR().addNewRPr().addNewBdr();
            b.setVal(STBorder.SINGLE);
            b.setSz(BigInteger.valueOf(12));
            b.setColor("C00000");
        }
        if (d.officialLetter()) run(paragraph(number.addParagraph(), ParagraphAlignment.CENTER, 3, 0), d.aboutLine(), 12, false, false);
        XWPFTableCell date = t.getRow(1).getCell(1);
        run(paragraph(date.getParagraphs().getFirst(), ParagraphAlignment.CENTER, 6, 0), d.placeAndDate().toString(), Layout.DATE_PT, false, true);
    }

    private static void section(XWPFDocument doc, Section s) {
        if (s.heading() != null) {
            XWPFParagraph h = body(doc.createParagraph());
            h.getCTP().getPPr().addNewKeepNext(); // a heading never ends a page
            run(h, s.heading(), Layout.BODY_PT, true, false);
        }
        for (Block b : s.blocks()) {
            switch (b) {
                case Paragraph p -> run(body(doc.createParagraph()), p.text(), Layout.BODY_PT, false, false);
                case Table t -> table(doc, t);
            }
        }
    }

    private static XWPFParagraph body(XWPFParagraph p) {
        paragraph(p, ParagraphAlignment.BOTH, 6, 0);
        p.setIndentationFirstLine(twips(Layout.INDENT));
        p.setSpacingBetween(1.1);
        return p;
    }

    private static void table(XWPFDocument doc, Table t) {
        // A little space above, as the PDF has.
        paragraph(doc.createParagraph(), ParagraphAlignment.LEFT, 0, 0).setSpacingBetween(4, LineSpacingRule.EXACT);
        XWPFTable x = doc.createTable(t.rows().size() + 1, t.columns().size());
        int total = t.columns().stream().mapToInt(Column::weight).sum();
        double[] widths = t.columns().stream().mapToDouble(c -> Layout.TEXT_WIDTH * c.weight() / total).toArray();
        widths(x, widths);
        XWPFTableRow head = x.getRow(0);
        head.setRepeatHeader(true);
        head.setCantSplitRow(true);
        for (int c = 0; c < t.columns().size(); c++) {
            XWPFTableCell cell = head.getCell(c);
            cell.setVerticalAlignment(XWPFTableCell.XWPFVertAlign.CENTER);
            run(paragraph(cell.getParagraphs().getFirst(), ParagraphAlignment.CENTER, 1, 1), t.columns().get(c).header(), Layout.TABLE_PT, true, false);
        }
        for (int r = 0; r < t.rows().size(); r++) {
            XWPFTableRow row = x.getRow(r + 1);
            row.setCantSplitRow(true);
            for (int c = 0; c < t.columns().size(); c++) {
                ParagraphAlignment a = switch (t.columns().get(c).align()) {
                    case LEFT -> ParagraphAlignment.LEFT;
                    case CENTER -> ParagraphAlignment.CENTER;
                    case RIGHT -> ParagraphAlignment.RIGHT;
                };
                run(paragraph(row.getCell(c).getParagraphs().getFirst(), a, 1, 1), t.rows().get(r).get(c), Layout.TABLE_PT, false, false);
            }
        }
    }

    private static void signatureAndRecipients(XWPFDocument doc, Decree30Document d) {
        paragraph(doc.createParagraph(), ParagraphAlignment.LEFT, 0, 0).setSpacingBetween(14, LineSpacingRule.EXACT);
        XWPFTable t = doc.createTable(1, 2);
        t.removeBorders();
        widths(t, Layout.RECIPIENTS_COLUMN, Layout.SIGNER_COLUMN);
        noCellMargins(t);
        t.getRow(0).setCantSplitRow(true);

        XWPFTableCell recipients = t.getRow(0).getCell(0);
        XWPFParagraph p = recipients.getParagraphs().getFirst();
        if (!d.recipients().isEmpty()) {
            run(paragraph(p, ParagraphAlignment.LEFT, 0, 0), "Nơi nhận:", Layout.RECIPIENTS_LABEL_PT, true, true);
            for (int i = 0; i < d.recipients().size(); i++) {
                boolean last = i == d.recipients().size() - 1;
                run(paragraph(recipients.addParagraph(), ParagraphAlignment.LEFT, 0, 0), "- " + d.recipients().get(i) + (last ? "." : ";"),
                        Layout.RECIPIENTS_PT, false, false);
            }
        }

        XWPFTableCell signer = t.getRow(0).getCell(1);
        XWPFParagraph line = signer.getParagraphs().getFirst();
        boolean firstLine = true;
        for (String title : d.signature().title()) {
            if (!firstLine) line = signer.addParagraph();
            run(paragraph(line, ParagraphAlignment.CENTER, 0, 0), Decree30Document.caps(title), Layout.SIGNER_PT, true, false);
            firstLine = false;
        }
        XWPFParagraph name = paragraph(signer.addParagraph(), ParagraphAlignment.CENTER, 0, 0);
        name.setSpacingBefore(twips(Layout.SIGNATURE_SPACE));
        if (d.signature().name() != null) run(name, d.signature().name(), Layout.SIGNER_PT, true, false);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static XWPFParagraph paragraph(XWPFParagraph p, ParagraphAlignment a, double beforePt, double afterPt) {
        p.setAlignment(a);
        p.setSpacingBefore(pt(beforePt));
        p.setSpacingAfter(pt(afterPt));
        return p;
    }

    private static XWPFRun run(XWPFParagraph p, String text, double size, boolean bold, boolean italic) {
        XWPFRun r = p.createRun();
        r.setFontFamily(Fonts.WORD_FAMILY);
        r.setFontSize(size);
        r.setBold(bold);
        r.setItalic(italic);
        if (text.isEmpty()) return r; // a run for a field character carries no text
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) r.addBreak();
            r.setText(lines[i], i);
        }
        return r;
    }

    /** A rule of {@code lengthMm}, centred in a column of {@code columnMm}: the top border of a paragraph almost without height. */
    private static void rule(XWPFParagraph p, double columnMm, double lengthMm) {
        paragraph(p, ParagraphAlignment.CENTER, 1, 0);
        int side = Math.max(0, twips((columnMm - lengthMm) / 2));
        p.setIndentationLeft(side);
        p.setIndentationRight(side);
        p.setBorderTop(Borders.SINGLE);
        p.setSpacingBetween(2, LineSpacingRule.EXACT);
    }

    private static void widths(XWPFTable t, double... mm) {
        CTTblPr pr = t.getCTTbl().getTblPr() == null ? t.getCTTbl().addNewTblPr() : t.getCTTbl().getTblPr();
        (pr.isSetTblLayout() ? pr.getTblLayout() : pr.addNewTblLayout()).setType(STTblLayoutType.FIXED);
        CTTblWidth w = pr.isSetTblW() ? pr.getTblW() : pr.addNewTblW();
        int sum = 0;
        for (double v : mm) sum += twips(v);
        w.setW(BigInteger.valueOf(sum));
        w.setType(STTblWidth.DXA);
        CTTblGrid grid = t.getCTTbl().getTblGrid() == null ? t.getCTTbl().addNewTblGrid() : t.getCTTbl().getTblGrid();
        while (grid.sizeOfGridColArray() > 0) grid.removeGridCol(0);
        for (double v : mm) grid.addNewGridCol().setW(BigInteger.valueOf(twips(v)));
        for (XWPFTableRow row : t.getRows()) {
            List<XWPFTableCell> cells = row.getTableCells();
            for (int c = 0; c < cells.size(); c++) {
                CTTcPr tc = cells.get(c).getCTTc().isSetTcPr() ? cells.get(c).getCTTc().getTcPr() : cells.get(c).getCTTc().addNewTcPr();
                CTTblWidth cw = tc.isSetTcW() ? tc.getTcW() : tc.addNewTcW();
                cw.setW(BigInteger.valueOf(twips(mm[c])));
                cw.setType(STTblWidth.DXA);
                if (!tc.isSetVAlign()) tc.addNewVAlign().setVal(STVerticalJc.TOP);
            }
        }
    }

    private static void noCellMargins(XWPFTable t) {
        t.setCellMargins(0, 0, 0, 0);
    }

    private static int twips(double mm) {
        return (int) Math.round(mm * TWIPS_PER_MM);
    }

    private static int pt(double points) {
        return (int) Math.round(points * 20);
    }
}
