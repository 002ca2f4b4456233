package vn.truongson.signing.internal;

import eu.europa.esig.dss.cms.CMS;
import eu.europa.esig.dss.cms.object.CMSObjectUtils;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * DSS's CMS parsing, tolerant of the zero padding that follows the CMS in a PDF signature's {@code /Contents}.
 * DSS 6.4 was built against BouncyCastle 1.83; BouncyCastle 1.86 (the version this project pins) refuses
 * trailing bytes after the DER object ("Extra data detected in stream"), so without this every PAdES signature
 * would go unseen by the validator. Registered first in {@code META-INF/services/eu.europa.esig.dss.cms.ICMSUtils}
 * (the application's classes come before the libraries'), it trims the bytes to the first DER object's length.
 */
public class PaddedCmsUtils extends CMSObjectUtils {

    @Override
    public CMS parseToCMS(byte[] bytes) {
        return super.parseToCMS(trim(bytes));
    }

    @Override
    public CMS parseToCMS(DSSDocument document) {
        try (InputStream in = document.openStream()) {
            return super.parseToCMS(new InMemoryDocument(trim(in.readAllBytes()), document.getName(), document.getMimeType()));
        } catch (IOException e) {
            return super.parseToCMS(document);
        }
    }

    /** The bytes up to the end of the first DER object (definite length), or all of them when that cannot be told. */
    static byte[] trim(byte[] bytes) {
        if (bytes == null || bytes.length < 2) return bytes;
        int first = bytes[1] & 0xff;
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || bytes.length < 2 + n) return bytes;
            length = 0;
            for (int i = 0; i < n; i++) length = (length << 8) | (bytes[2 + i] & 0xff);
            header = 2 + n;
        }
        long total = header + length;
        return total < bytes.length ? Arrays.copyOf(bytes, (int) total) : bytes;
    }
}
