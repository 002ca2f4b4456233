package vn.truongson.programme.export;

import java.util.regex.Pattern;
import vn.truongson.core.VietnameseText;

/** A generated file with the name it is downloaded under. */
record ExportFile(String filename, String contentType, byte[] content) {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    /**
     * A name of ASCII letters, digits and . _ - only, so that every browser and mail gateway keeps it: diacritics
     * folded (đ → d) with each letter's case kept, anything else a dash. "bao-cao-CĐS-2024" → "bao-cao-CDS-2024".
     */
    static String asciiName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            String folded = VietnameseText.fold(new String(Character.toChars(cp)));
            b.append(Character.isUpperCase(cp) ? folded.toUpperCase(java.util.Locale.ROOT) : folded);
        });
        String safe = UNSAFE.matcher(b).replaceAll("-").replaceAll("-{2,}", "-");
        return safe.replaceAll("^[-.]+|[-.]+$", "");
    }
}
