package vn.truongson.document;

/** Mức độ khẩn (Decree 30, Art. 8): urgent documents are registered and forwarded at once, and sorted first. */
public enum Urgency {
    THUONG("Thường", 0), KHAN("Khẩn", 1), THUONG_KHAN("Thượng khẩn", 2), HOA_TOC("Hỏa tốc", 3);

    private final String vietnamese;
    private final int rank;

    Urgency(String vietnamese, int rank) {
        this.vietnamese = vietnamese;
        this.rank = rank;
    }

    public String vietnamese() { return vietnamese; }

    public int rank() { return rank; }

    /** Hỏa tốc and Thượng khẩn are marked on every list. */
    public boolean marked() { return rank >= 2; }

    /** edXML OtherInfo/Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
    public static Urgency ofRank(int rank) {
        for (Urgency u : values()) if (u.rank == rank) return u;
        throw new IllegalArgumentException("urgency rank " + rank);
    }
}
