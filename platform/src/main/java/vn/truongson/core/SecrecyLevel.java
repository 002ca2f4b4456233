package vn.truongson.core;

/**
 * Secrecy level (độ mật) of a record, and the clearance of a person. Law 29/2018/QH14 names three
 * levels of state secret (Mật, Tối mật, Tuyệt mật); everything else is Thường.
 */
public enum SecrecyLevel {
    THUONG("Thường", "Unclassified"),
    MAT("Mật", "Confidential"),
    TOI_MAT("Tối mật", "Secret"),
    TUYET_MAT("Tuyệt mật", "Top secret");

    private final String vietnamese;
    private final String english;

    SecrecyLevel(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    public String vietnamese() { return vietnamese; }

    public String english() { return english; }

    /** The rank stored beside records (0 = Thường), so that SQL can compare levels. */
    public int rank() { return ordinal(); }

    public boolean covers(SecrecyLevel other) { return compareTo(other) >= 0; }

    public boolean isClassified() { return this != THUONG; }

    public static SecrecyLevel lower(SecrecyLevel a, SecrecyLevel b) { return a.compareTo(b) <= 0 ? a : b; }

    public static SecrecyLevel ofRank(int rank) { return values()[rank]; }
}
