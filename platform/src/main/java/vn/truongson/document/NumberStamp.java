package vn.truongson.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationRubberStamp;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Writes the allocated number into the blank before the notation ("Số:     /QĐ-BTL86") when the clerk issues a
 * document (Decree 30: the number is given after the personal signature, then the agency signs). The number goes
 * in as an annotation in an incremental update, so the personal signature's bytes stay untouched, and the agency
 * signature that follows covers it. A PDF without a "Số: …/notation" line on page 1 is returned unchanged.
 */
final class NumberStamp {

    private static final float FONT_SIZE = 13f;

    private NumberStamp() {}

    /** Where the number goes: the baseline left of the slash that starts the notation, on page 1. */
    record Slot(float slashX, float baselineY, float fontSize) {}

    static byte[] stamp(byte[] pdf, String number, String notation) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            Optional<Slot> slot = find(doc, notation);
            if (slot.isEmpty()) return pdf;
            PDPage page = doc.getPage(0);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            float size = slot.get().fontSize() > 6 ? slot.get().fontSize() : FONT_SIZE;
            float width = font.getStringWidth(number) / 1000f * size;
            float height = size * 1.2f;
            float x = slot.get().slashX() - width - 1f;
            float y = slot.get().baselineY() - size * 0.25f;

            PDAppearanceStream appearance = new PDAppearanceStream(doc);
            appearance.setBBox(new PDRectangle(width + 2, height));
            PDResources resources = new PDResources();
            appearance.setResources(resources);
            try (PDPageContentStream cs = new PDPageContentStream(doc, appearance)) {
                cs.beginText();
                cs.setFont(font, size);
                cs.newLineAtOffset(1, size * 0.25f);
                cs.showText(number);
                cs.endText();
            }
            PDAnnotationRubberStamp annotation = new PDAnnotationRubberStamp();
            annotation.setRectangle(new PDRectangle(x - 1, y, width + 2, height));
            annotation.setPrinted(true);
            annotation.setLocked(true);
            annotation.setReadOnly(true);
            annotation.setContents("Số " + number);
            annotation.setAnnotationName("truongson-number");
            PDAppearanceDictionary ap = new PDAppearanceDictionary();
            ap.setNormalAppearance(appearance);
            annotation.setAppearance(ap);
            annotation.setPage(page);

            List<PDAnnotation> annotations = new ArrayList<>(page.getAnnotations());
            annotations.add(annotation);
            page.setAnnotations(annotations);
            page.getCOSObject().setNeedToBeUpdated(true);
            COSArray annots = page.getCOSObject().getCOSArray(COSName.ANNOTS);
            if (annots != null) annots.setNeedToBeUpdated(true);
            annotation.getCOSObject().setNeedToBeUpdated(true);
            appearance.getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 4096);
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "Số:" line of page 1 whose text continues with "/" + notation, if there is one. */
    static Optional<Slot> find(PDDocument doc, String notation) throws IOException {
        List<List<TextPosition>> lines = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
                lines.add(new ArrayList<>(positions));
            }
        };
        stripper.setStartPage(1);
        stripper.setEndPage(1);
        stripper.getText(doc);
        String wanted = "/" + notation;
        for (List<TextPosition> line : lines) {
            StringBuilder sb = new StringBuilder();
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < line.size(); i++) {
                String u = line.get(i).getUnicode();
                for (int k = 0; k < u.length(); k++) owner.add(i);
                sb.append(u);
            }
            String text = java.text.Normalizer.normalize(sb.toString(), java.text.Normalizer.Form.NFC);
            if (!text.strip().startsWith("Số")) continue;
            int at = sb.indexOf(wanted);
            if (at < 0) continue;
            TextPosition slash = line.get(owner.get(at));
            float pageHeight = doc.getPage(0).getMediaBox().getHeight();
            return Optional.of(new Slot(slash.getXDirAdj(), pageHeight - slash.getYDirAdj(), slash.getFontSizeInPt()));
        }
        return Optional.empty();
    }
}
