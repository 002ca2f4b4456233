package vn.truongson.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import vn.truongson.signing.TextStamp;

/**
 * Writes the allocated number into the blank before the notation ("Số:     /QĐ-BTL86") when the clerk issues a
 * document (Decree 30: the number is given after the personal signature, then the agency signs). The number goes
 * in as an annotation in an incremental update, so the personal signature's bytes stay untouched, and the agency
 * signature that follows covers it ({@link TextStamp} draws it). A PDF without a "Số: …/notation" line on page 1 is returned unchanged.
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
            float size = slot.get().fontSize() > 6 ? slot.get().fontSize() : FONT_SIZE;
            float x = slot.get().slashX() - TextStamp.width(number, size) - 1f;
            TextStamp.add(doc, number, new TextStamp.Spot(0, x - 1, slot.get().baselineY() - size * 0.25f, size, size * 1.2f, size * 0.25f,
                    java.awt.Color.BLACK, "Số " + number, "truongson-number"));
            return TextStamp.saveIncremental(doc, pdf.length);
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
