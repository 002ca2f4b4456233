package vn.truongson.signing.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.VietnameseText;

/**
 * Where the visible signatures go on the last page (Decree 30's signer block): the personal signature just
 * above the signer's printed name, when the page shows it, else in the lower right; the seal over the left third
 * of the last signature already there. Boxes are in PDF points, measured from the page's top left, as DSS wants.
 */
final class Placement {

    record Box(int page, float x, float top, float width, float height) {}

    private Placement() {}

    static Box personal(byte[] pdf, String fullName) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int last = doc.getNumberOfPages();
            PDRectangle media = doc.getPage(last - 1).getMediaBox();
            float w = Appearances.PERSONAL_WIDTH, h = Appearances.PERSONAL_HEIGHT;
            float[] name = findLine(doc, last, fullName);
            if (name != null) {
                float cx = (name[0] + name[1]) / 2;
                float top = name[2] - h - 2;
                float x = Math.max(4, Math.min(media.getWidth() - w - 4, cx - w / 2));
                if (top > 4) return new Box(last, x, top, w, h);
            }
            return new Box(last, media.getWidth() - w - 56, media.getHeight() - h - 64, w, h);
        }
    }

    /** Points the seal's ring sits above its old place, leaving room for its time line inside the signature's box. */
    static final float SEAL_LIFT = 12;

    static Box seal(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int last = doc.getNumberOfPages();
            PDPage page = doc.getPage(last - 1);
            PDRectangle media = page.getMediaBox();
            PDRectangle signature = null;
            for (PDAnnotation a : page.getAnnotations()) {
                if (a instanceof PDAnnotationWidget widget && "Sig".equals(widget.getCOSObject().getNameAsString(org.apache.pdfbox.cos.COSName.FT))) {
                    signature = widget.getRectangle();
                } else if (a instanceof PDAnnotationWidget widget && widget.getCOSObject().getCOSDictionary(org.apache.pdfbox.cos.COSName.PARENT) != null
                        && "Sig".equals(widget.getCOSObject().getCOSDictionary(org.apache.pdfbox.cos.COSName.PARENT).getNameAsString(org.apache.pdfbox.cos.COSName.FT))) {
                    signature = widget.getRectangle();
                }
            }
            float size = Appearances.SEAL_SIZE, h = Appearances.SEAL_SIZE;
            if (signature == null || signature.getWidth() < 1) {
                Box p = personal(pdf, "\u0000");
                return new Box(last, p.x(), p.top() - 10 - SEAL_LIFT, size, h);
            }
            float sigTop = media.getHeight() - signature.getUpperRightY();
            // Lifted so that the time under the ring ends inside the signature's box, above the printed name (issue 13).
            float ringCentre = sigTop + signature.getHeight() * 0.31f - SEAL_LIFT;
            float x = Math.max(2, signature.getLowerLeftX() + signature.getWidth() / 3 - size);
            return new Box(last, x, Math.max(2, ringCentre - size / 2), size, h);
        }
    }

    /** The last line on the page that contains the name: {xStart, xEnd, top}. */
    private static float @Nullable [] findLine(PDDocument doc, int pageNumber, String fullName) throws IOException {
        String wanted = VietnameseText.fold(fullName).replaceAll("\\s+", " ").trim();
        if (wanted.isEmpty()) return null;
        List<float[]> hits = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
                String folded = VietnameseText.fold(text).replaceAll("\\s+", " ");
                if (positions.isEmpty() || !folded.contains(wanted)) return;
                TextPosition first = positions.getFirst(), lastPos = positions.getLast();
                hits.add(new float[] {first.getXDirAdj(), lastPos.getXDirAdj() + lastPos.getWidthDirAdj(), first.getYDirAdj() - first.getHeightDir() * 1.3f});
            }
        };
        stripper.setStartPage(pageNumber);
        stripper.setEndPage(pageNumber);
        stripper.getText(doc);
        return hits.isEmpty() ? null : hits.getLast();
    }
}
