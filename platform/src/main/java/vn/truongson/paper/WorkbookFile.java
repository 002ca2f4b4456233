package vn.truongson.paper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.core.io.InputStreamSource;
import vn.truongson.core.DomainException;

/**
 * An uploaded Excel workbook, read safely: no more than a limit of bytes, judged by its content (an OOXML package whose
 * main part is a workbook), never by its name, and no zip bomb (POI's {@link ZipSecureFile} limits). The package is
 * reverted, never saved, when closed. Refusals are 400 on {@code file} with the caller's message keys
 * {@code <prefix>.too-large}, {@code <prefix>.not-xlsx} and {@code <prefix>.unsafe}. Used by programme's task import
 * and data collection's submission import; the upload itself is scanned for malware by secops before either sees it.
 */
public record WorkbookFile(OPCPackage pkg, XSSFWorkbook workbook) implements AutoCloseable {

    /** Larger than any part of a real template; smaller than anything that could hurt the server. */
    public static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

    static {
        secureZip();
    }

    /**
     * POI's zip-bomb limits, JVM-wide, for every OOXML file the platform reads (population's bulk lists too): no part may
     * inflate more than 100 times its compressed size, nor beyond 64 MB, and a package has at most 1,000 parts. Called
     * by the importers' static initialisers, so the limits hold from start-up; idempotent.
     */
    public static void secureZip() {
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxFileCount(1000);
    }

    @Override
    public void close() {
        pkg.revert();
    }

    /** The upload, read no further than one byte past {@code maxBytes}: a larger file is refused without being held. */
    public static byte[] read(long size, InputStreamSource file, long maxBytes, String keyPrefix) {
        DomainException tooLarge = new DomainException.BadInput("file", keyPrefix + ".too-large", maxBytes / (1024 * 1024));
        if (size > maxBytes) throw tooLarge;
        try (InputStream in = file.getInputStream()) {
            byte[] content = in.readNBytes((int) maxBytes + 1);
            if (content.length > maxBytes) throw tooLarge;
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the bytes as an Excel workbook; a Word file, a PDF, a renamed anything and a zip bomb are refused. */
    public static WorkbookFile open(byte[] content, String keyPrefix) {
        if (content.length == 0 || FileMagic.valueOf(content) != FileMagic.OOXML) {
            throw new DomainException.BadInput("file", keyPrefix + ".not-xlsx");
        }
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(new ByteArrayInputStream(content));
        } catch (Exception e) {
            throw unreadable(e, keyPrefix);
        }
        try {
            if (pkg.getPartsByContentType(XSSFRelation.WORKBOOK.getContentType()).isEmpty()) {
                throw new DomainException.BadInput("file", keyPrefix + ".not-xlsx");
            }
            return new WorkbookFile(pkg, new XSSFWorkbook(pkg));
        } catch (DomainException e) {
            pkg.revert();
            throw e;
        } catch (Exception e) {
            pkg.revert();
            throw unreadable(e, keyPrefix);
        }
    }

    private static DomainException unreadable(Exception e, String keyPrefix) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("Zip bomb") || String.valueOf(c.getMessage()).contains(ZipSecureFile.MAX_FILE_COUNT_MSG)) {
                return new DomainException.BadInput("file", keyPrefix + ".unsafe");
            }
        }
        return new DomainException.BadInput("file", keyPrefix + ".not-xlsx");
    }
}
