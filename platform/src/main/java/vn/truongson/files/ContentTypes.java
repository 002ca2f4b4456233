package vn.truongson.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * What a file is, judged by its bytes (ARCHITECTURE.md §3: uploads are checked by content, not by name). Only
 * what offices exchange as evidence and attachments is recognised; anything else, executables and archives
 * included, is unknown and refused by the store.
 */
final class ContentTypes {

    static final String PDF = "application/pdf";
    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";
    static final String TIFF = "image/tiff";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String TEXT = "text/plain; charset=UTF-8";

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    // TIFF 6.0, section 2: "II*\0" (little-endian) or "MM\0*" (big-endian); scanners' multi-page output.
    private static final byte[] TIFF_LE_MAGIC = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE_MAGIC = {'M', 'M', 0, 42};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private ContentTypes() {}

    /** The type of the complete file at {@code file}, or empty when it is none of the accepted ones. */
    static Optional<String> detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (startsWith(head, PDF_MAGIC)) return Optional.of(PDF);
        if (startsWith(head, PNG_MAGIC)) return Optional.of(PNG);
        if (startsWith(head, JPEG_MAGIC)) return Optional.of(JPEG);
        if (startsWith(head, TIFF_LE_MAGIC) || startsWith(head, TIFF_BE_MAGIC)) return Optional.of(TIFF);
        if (startsWith(head, ZIP_MAGIC)) return officeOpenXml(file);
        return isText(file) ? Optional.of(TEXT) : Optional.empty();
    }

    /**
     * Word and Excel files are ZIP packages; which one is told by the part the package declares (ECMA-376 Part 2).
     * Only the central directory is read, so a ZIP bomb costs nothing here.
     */
    private static Optional<String> officeOpenXml(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("[Content_Types].xml") == null) return Optional.empty();
            if (zip.getEntry("word/document.xml") != null) return Optional.of(DOCX);
            if (zip.getEntry("xl/workbook.xml") != null) return Optional.of(XLSX);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // Not a readable ZIP: not an Office file either.
        }
    }

    /**
     * Plain text: valid UTF-8 throughout, and no control characters other than tab, line and page breaks. Read as a
     * stream, so a large file is never held in memory whole.
     */
    private static boolean isText(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bom = in.readNBytes(UTF8_BOM.length);
            InputStream rest = Arrays.equals(bom, UTF8_BOM) ? in : new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(bom), in);
            try (var reader = new java.io.InputStreamReader(rest, decoder)) {
                char[] buf = new char[16 * 1024];
                int n;
                while ((n = reader.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) return false;
                    }
                }
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
