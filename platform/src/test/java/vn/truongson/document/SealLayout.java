package vn.truongson.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import vn.truongson.core.VietnameseText;

/** Where a line of text sits on the last page: {xStart, xEnd, top (from the page's top), bottom}. */
final class SealLayout {

    private SealLayout() {}

    static float[] nameLine(PDDocument doc, String name) throws IOException {
        String wanted = VietnameseText.fold(name);
        List<float[]> hits = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
                if (positions.isEmpty() || !VietnameseText.fold(text).contains(wanted)) return;
                TextPosition first = positions.getFirst(), last = positions.getLast();
                hits.add(new float[] {first.getXDirAdj(), last.getXDirAdj() + last.getWidthDirAdj(), first.getYDirAdj() - first.getHeightDir(),
                        first.getYDirAdj()});
            }
        };
        stripper.setStartPage(doc.getNumberOfPages());
        stripper.setEndPage(doc.getNumberOfPages());
        stripper.getText(doc);
        return hits.isEmpty() ? null : hits.getLast();
    }
}
