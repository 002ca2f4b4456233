package vn.truongson.core;

import java.text.Normalizer;
import java.util.Locale;

/** Vietnamese text rules: NFC on input, and diacritic folding ("đ" included) for search. */
public final class VietnameseText {

    private VietnameseText() {}

    /** NFC form; NFD input (decomposed diacritics) is normalised, never rejected. */
    public static String nfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** Lower case, without diacritics, with đ → d: "Chuyển đổi số" → "chuyen doi so". */
    public static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) continue;
            if (c == 'đ' || c == 'Đ') c = 'd';
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Capitals without diacritics, as the Border Guard e-procedure lists require: "Nguyễn Văn Đạt" → "NGUYEN VAN DAT". */
    public static String upperAscii(String s) {
        return fold(s).toUpperCase(Locale.ROOT);
    }

    /**
     * The first control character in the text, or -1. Line breaks and tabs are allowed only when
     * {@code multiline} is true.
     */
    public static int firstControlChar(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') return i;
        }
        return -1;
    }
}
