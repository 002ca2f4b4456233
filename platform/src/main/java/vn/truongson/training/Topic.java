package vn.truongson.training;

import java.util.Locale;
import vn.truongson.core.Localized;

/** What a course teaches; coverage is counted per topic. */
public enum Topic implements Localized {
    DIGITAL_TRANSFORMATION("Chuyển đổi số", "Digital transformation"),
    INFORMATION_SECURITY("An toàn thông tin", "Information security"),
    DIGITAL_SIGNATURE("Chữ ký số", "Digital signature"),
    OTHER("Chủ đề khác", "Other");

    private final String vietnamese;
    private final String english;

    Topic(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    public String vietnamese() { return vietnamese; }

    @Override
    public String in(Locale locale) {
        return "en".equals(locale.getLanguage()) ? english : vietnamese;
    }

    /** The topics coverage is reported for (every one but OTHER). */
    public static final java.util.List<Topic> COVERED = java.util.List.of(DIGITAL_TRANSFORMATION, INFORMATION_SECURITY, DIGITAL_SIGNATURE);
}
