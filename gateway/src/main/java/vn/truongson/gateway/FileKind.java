package vn.truongson.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The file kinds of the allow-list, recognised by content (magic bytes and structure), never by name. */
public enum FileKind {
    PDF("application/pdf"), PNG("image/png"), JPEG("image/jpeg"), OOXML("application/vnd.openxmlformats-officedocument"),
    XML("application/xml");

    public final String mediaType;

    FileKind(String mediaType) {
        this.mediaType = mediaType;
    }

    /** What the bytes are, if one of the allowed kinds. */
    public static Optional<FileKind> of(byte[] b) {
        if (starts(b, "%PDF-")) return Optional.of(PDF);
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && starts(b, 1, "PNG\r\n\u001a\n")) return Optional.of(PNG);
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return Optional.of(JPEG);
        if (starts(b, "PK\u0003\u0004") && isOoxml(b)) return Optional.of(OOXML);
        int i = 0;
        if (b.length > 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) i = 3;
        while (i < b.length && Character.isWhitespace(b[i])) i++;
        if (starts(b, i, "<?xml") || (i < b.length && b[i] == '<' && i + 1 < b.length && Character.isLetter(b[i + 1]))) return Optional.of(XML);
        return Optional.empty();
    }

    private static boolean isOoxml(byte[] b) {
        try (ZipInputStream z = new ZipInputStream(new java.io.ByteArrayInputStream(b))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().equals("[Content_Types].xml")) return true;
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    private static boolean starts(byte[] b, String s) {
        return starts(b, 0, s);
    }

    private static boolean starts(byte[] b, int off, String s) {
        byte[] p = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length < off + p.length) return false;
        for (int i = 0; i < p.length; i++) if (b[off + i] != p[i]) return false;
        return true;
    }
}
