package vn.truongson.gateway;

import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classification markings in content going out: the stamps MẬT, TỐI MẬT, TUYỆT MẬT (capitals, as stamped; the
 * lower-case word "mật" in ordinary prose, e.g. "bảo mật", is not a stamp), also spaced or written without
 * diacritics on a stamp ("M Ậ T", "TOI MAT"), and the configured dirty words (any case, whole words).
 */
public final class Markings {

    private static final Pattern STAMP = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(TUYỆT\\s*MẬT|TỐI\\s*MẬT|M\\s?Ậ\\s?T|TUYET\\s+MAT|TOI\\s+MAT)(?![\\p{L}\\p{N}])");

    private final List<Pattern> dirty;

    public Markings(List<String> dirtyWords) {
        this.dirty = dirtyWords.stream().map(String::strip).filter(w -> !w.isEmpty())
                .map(w -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(nfc(w)) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
    }

    /** The first hit ("dấu mật «MẬT»" or "từ cấm «…»"), or empty. */
    public Optional<String> find(String content) {
        String s = nfc(content);
        var m = STAMP.matcher(s);
        if (m.find()) return Optional.of("dấu mật «" + m.group(1) + "»");
        for (Pattern p : dirty) {
            var d = p.matcher(s);
            if (d.find()) return Optional.of("từ cấm «" + d.group() + "»");
        }
        return Optional.empty();
    }

    static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).replace('\u00a0', ' ');
    }
}
