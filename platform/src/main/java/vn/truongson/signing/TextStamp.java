package vn.truongson.signing;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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

/**
 * A line of text written onto a PDF page before a signature is made over it: a locked, printed rubber-stamp
 * annotation (Times Roman, readable and found by a text search) saved as an incremental update, so the signatures
 * already in the file keep their bytes and the next signature covers the stamp. The one place that draws such a
 * stamp: the document's number written into "Số:     /QĐ-…" at issue ({@code document.NumberStamp}) and the seal's
 * time under the seal's ring ({@code signing.internal.SealTime}).
 */
public final class TextStamp {

    /**
     * Where and how: {@code page} from 0; {@code left}, {@code bottom} the annotation's corner in PDF points (origin at
     * the page's bottom left); the box is the text's width + 2 by {@code lineHeight}, the baseline {@code baseline}
     * above its bottom; {@code contents} the annotation's text for readers, {@code name} its name (/NM).
     */
    public record Spot(int page, float left, float bottom, float fontSize, float lineHeight, float baseline, Color color, String contents,
            String name) {}

    private TextStamp() {}

    /** The width of {@code text} in points at {@code fontSize}, in the stamp's font: to place a stamp right-aligned. */
    public static float width(String text, float fontSize) {
        try {
            return font().getStringWidth(text) / 1000f * fontSize;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PDF with {@code text} stamped at {@code spot}, as an incremental update. */
    public static byte[] stamp(byte[] pdf, String text, Spot spot) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            add(doc, text, spot);
            return saveIncremental(doc, pdf.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the stamp to a document the caller loaded (and looked into), marked for {@link #saveIncremental}. */
    public static void add(PDDocument doc, String text, Spot spot) throws IOException {
        PDPage page = doc.getPage(spot.page());
        PDType1Font font = font();
        float width = font.getStringWidth(text) / 1000f * spot.fontSize();
        PDAppearanceStream appearance = new PDAppearanceStream(doc);
        appearance.setBBox(new PDRectangle(width + 2, spot.lineHeight()));
        appearance.setResources(new PDResources());
        try (PDPageContentStream cs = new PDPageContentStream(doc, appearance)) {
            if (!Color.BLACK.equals(spot.color())) cs.setNonStrokingColor(spot.color());
            cs.beginText();
            cs.setFont(font, spot.fontSize());
            cs.newLineAtOffset(1, spot.baseline());
            cs.showText(text);
            cs.endText();
        }
        PDAnnotationRubberStamp annotation = new PDAnnotationRubberStamp();
        annotation.setRectangle(new PDRectangle(spot.left(), spot.bottom(), width + 2, spot.lineHeight()));
        annotation.setPrinted(true);
        annotation.setLocked(true);
        annotation.setReadOnly(true);
        annotation.setContents(spot.contents());
        annotation.setAnnotationName(spot.name());
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
    }

    /** The document saved as an incremental update of the bytes it was loaded from. */
    public static byte[] saveIncremental(PDDocument doc, int sizeHint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint + 4096);
        doc.saveIncremental(out);
        return out.toByteArray();
    }

    private static PDType1Font font() {
        return new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
    }
}
