package vn.truongson.signing.internal;

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
 * The seal's time, "hh:mm:ss dd/MM/yyyy", written as text (readable, found by a text search) just under the seal's
 * ring, starting at the ring's left edge so that it stays left of the personal signature's centred name and inside
 * the signature's box, above the printed name (issue 13). Added as an incremental update before the seal is signed,
 * so the seal's signature covers it and the personal signature before it stays intact.
 */
final class SealTime {

    static final float FONT_SIZE = 7f;
    static final String NAME = "truongson-seal-time";

    private SealTime() {}

    /** {@code ring}: the seal's box (points from the page's top left), as {@link Placement#seal} gives it. */
    static byte[] stamp(byte[] pdf, Placement.Box ring, String time) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDPage page = doc.getPage(ring.page() - 1);
            float pageHeight = page.getMediaBox().getHeight();
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            float width = font.getStringWidth(time) / 1000f * FONT_SIZE;
            float height = FONT_SIZE * 1.25f;
            float x = ring.x() + 2;
            float yBottom = pageHeight - (ring.top() + ring.height() + height);

            PDAppearanceStream appearance = new PDAppearanceStream(doc);
            appearance.setBBox(new PDRectangle(width + 2, height));
            appearance.setResources(new PDResources());
            try (PDPageContentStream cs = new PDPageContentStream(doc, appearance)) {
                cs.setNonStrokingColor(Appearances.SEAL_RED);
                cs.beginText();
                cs.setFont(font, FONT_SIZE);
                cs.newLineAtOffset(1, FONT_SIZE * 0.3f);
                cs.showText(time);
                cs.endText();
            }
            PDAnnotationRubberStamp annotation = new PDAnnotationRubberStamp();
            annotation.setRectangle(new PDRectangle(x, yBottom, width + 2, height));
            annotation.setPrinted(true);
            annotation.setLocked(true);
            annotation.setReadOnly(true);
            annotation.setContents(time);
            annotation.setAnnotationName(NAME);
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
}
