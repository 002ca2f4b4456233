package vn.truongson.gateway;

/** The two networks: LOW (internet / mobile network), HIGH (military network). */
public enum Side {
    LOW, HIGH;

    public Side other() {
        return this == LOW ? HIGH : LOW;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
