package vn.truongson.paper;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;

/**
 * Writes what openhtmltopdf laid out, with a classic cross-reference table.
 *
 * <p>PDFBox 3.0's compressed save (object streams and a cross-reference stream) leaves the stream's own object out
 * of its index while counting it in {@code /Size}, so {@code qpdf --check} reports "reported number of objects (n) is
 * not one plus the highest object number (n-2)". Saved uncompressed (streams are still Flate-compressed; only the
 * object streams go, about 10 % larger), the file is clean, and every incremental update made on it later (the number
 * stamp, PAdES signatures) keeps a classic table too.
 */
public final class PdfOutput {

    private PdfOutput() {}

    /** Lays out the builder's document and returns the PDF. The builder must not have an output stream set. */
    public static byte[] render(PdfRendererBuilder builder) {
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            PDDocument doc = renderer.createPDFKeepOpen();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
