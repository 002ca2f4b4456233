package vn.truongson.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import vn.truongson.core.DomainException;

/**
 * What an uploaded document must be, judged by its content (ARCHITECTURE.md §3): a PDF, not encrypted, within
 * the size limit, with an intact cross-reference table, and no JavaScript. Also reads its text for search.
 */
final class PdfChecks {

    /** The text kept for search, at most this many characters. */
    static final int MAX_TEXT = 200_000;

    record Checked(int pages, String text) {}

    private PdfChecks() {}

    static Checked check(byte[] pdf, long maxBytes) {
        if (pdf.length == 0) throw bad("document.file.empty");
        if (pdf.length > maxBytes) throw bad("document.file.too-large", Long.toString(maxBytes / (1024 * 1024)));
        if (!startsWith(pdf, "%PDF-")) throw bad("document.file.not-pdf");
        if (!xrefIntact(pdf)) throw bad("document.file.broken-xref");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (doc.isEncrypted()) throw bad("document.file.encrypted");
            if (hasJavaScript(doc)) throw bad("document.file.javascript");
            int pages = doc.getNumberOfPages();
            if (pages == 0) throw bad("document.file.broken");
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setEndPage(Math.min(pages, 200));
            String text = stripper.getText(doc);
            return new Checked(pages, text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        } catch (InvalidPasswordException e) {
            throw bad("document.file.encrypted");
        } catch (IOException e) {
            throw bad("document.file.broken");
        }
    }

    /**
     * The last {@code startxref} must point at a cross-reference table ("xref") or stream ("n g obj"). PDFBox would
     * otherwise rebuild a broken table silently, and a reader and a signature validator could then see different
     * documents.
     */
    static boolean xrefIntact(byte[] pdf) {
        int tail = Math.max(0, pdf.length - 2048);
        String end = new String(pdf, tail, pdf.length - tail, StandardCharsets.ISO_8859_1);
        int at = end.lastIndexOf("startxref");
        if (at < 0 || !end.substring(at).contains("%%EOF")) return false;
        String rest = end.substring(at + "startxref".length()).strip();
        int i = 0;
        while (i < rest.length() && Character.isDigit(rest.charAt(i))) i++;
        if (i == 0 || i > 12) return false;
        long offset = Long.parseLong(rest.substring(0, i));
        if (offset <= 0 || offset >= pdf.length) return false;
        int len = (int) Math.min(64, pdf.length - offset);
        String target = new String(pdf, (int) offset, len, StandardCharsets.ISO_8859_1);
        return target.startsWith("xref") || target.matches("(?s)\\d+\\s+\\d+\\s+obj.*");
    }

    /** Any JavaScript action anywhere: an OpenAction, a name tree, an annotation's or form field's action. */
    private static boolean hasJavaScript(PDDocument doc) {
        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        COSBase names = catalog.getDictionaryObject(COSName.NAMES);
        if (names instanceof COSDictionary n && n.containsKey(COSName.JAVA_SCRIPT)) return true;
        for (COSObject o : doc.getDocument().getXrefTable().keySet().stream().map(k -> doc.getDocument().getObjectFromPool(k)).toList()) {
            if (o.getObject() instanceof COSDictionary d && isJavaScript(d)) return true;
        }
        return isJavaScript(catalog) || catalog.getDictionaryObject(COSName.OPEN_ACTION) instanceof COSDictionary oa && isJavaScript(oa);
    }

    private static boolean isJavaScript(COSDictionary d) {
        return d.containsKey(COSName.JS) || COSName.JAVA_SCRIPT.equals(d.getCOSName(COSName.S));
    }

    private static boolean startsWith(byte[] data, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        // PDF 1.7 §7.5.2 lets the header sit within the first 1024 bytes; we accept only the header first.
        if (data.length < p.length) return false;
        for (int i = 0; i < p.length; i++) if (data[i] != p[i]) return false;
        return true;
    }

    private static DomainException.BadInput bad(String key, Object... args) {
        return new DomainException.BadInput("file", key, args);
    }
}
