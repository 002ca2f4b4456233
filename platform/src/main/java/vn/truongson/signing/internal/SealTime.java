package vn.truongson.signing.internal;

import vn.truongson.signing.TextStamp;

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
        float height = FONT_SIZE * 1.25f;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            float pageHeight = doc.getPage(ring.page() - 1).getMediaBox().getHeight();
            TextStamp.add(doc, time, new TextStamp.Spot(ring.page() - 1, ring.x() + 2, pageHeight - (ring.top() + ring.height() + height), FONT_SIZE,
                    height, FONT_SIZE * 0.3f, Appearances.SEAL_RED, time, NAME));
            return TextStamp.saveIncremental(doc, pdf.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
