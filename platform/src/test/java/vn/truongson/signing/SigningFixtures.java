package vn.truongson.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small PDFs for the signing tests: a Decree-30-like last page whose signer block prints the signer's name. */
final class SigningFixtures {

    /** Printed in plain text, uncompressed, so a test can find it in the file and change one byte of it. */
    static final String MARKER = "TAMPER-ME-SIGNED-CONTENT";

    private SigningFixtures() {}

    static byte[] decree30Pdf(String signerTitle, String signerName) {
        try (PDDocument doc = new PDDocument(); InputStream font = SigningFixtures.class.getResourceAsStream("/fonts/LiberationSerif-Regular.ttf")) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType0Font serif = PDType0Font.load(doc, font);
            PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                text(cs, serif, 13, 70, 780, "BỘ TƯ LỆNH 86");
                text(cs, serif, 13, 330, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
                text(cs, serif, 14, 200, 700, "QUYẾT ĐỊNH về việc thử nghiệm chữ ký số");
                text(cs, helvetica, 11, 70, 650, MARKER);
                text(cs, serif, 13, 70, 620, "Điều 1. Áp dụng chữ ký số trong văn bản điện tử của đơn vị.");
                text(cs, serif, 13, 370, 430, signerTitle);
                text(cs, serif, 14, 370, 330, signerName);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(PDPageContentStream cs, org.apache.pdfbox.pdmodel.font.PDFont font, float size, float x, float y, String s) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    /** The same bytes with one byte of the marker changed: inside the range both signatures cover. */
    static byte[] tamper(byte[] signed) {
        byte[] copy = signed.clone();
        int at = indexOf(copy, MARKER.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) throw new IllegalStateException("marker not found");
        copy[at + 3] = (byte) (copy[at + 3] == 'P' ? 'Q' : 'P');
        return copy;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Runs Poppler's pdfsig on the file; its whole output. */
    static String pdfsig(byte[] pdf) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("signed", ".pdf");
            try {
                java.nio.file.Files.write(f, pdf);
                Process p = new ProcessBuilder("pdfsig", f.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return out;
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("pdfsig (Debian package poppler-utils) is needed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
