package vn.truongson.access;

import vn.truongson.core.SecrecyLevel;

/**
 * Where a request comes from, decided by its address. Law 29/2018 and Decree 85/2016: state secrets
 * travel only on approved, encrypted channels, so by default only the military network carries anything
 * above Thường.
 */
public enum NetworkZone {
    MILITARY_NETWORK("military-network", "Mạng truyền số liệu quân sự"),
    MOBILE("mobile", "Mạng di động"),
    INTERNET("internet", "Internet");

    private final String id;
    private final String vietnamese;

    NetworkZone(String id, String vietnamese) {
        this.id = id;
        this.vietnamese = vietnamese;
    }

    public String id() { return id; }

    public String vietnamese() { return vietnamese; }

    public static NetworkZone of(String id) {
        for (NetworkZone z : values()) if (z.id.equals(id)) return z;
        throw new IllegalArgumentException(id);
    }

    /** The default highest level a zone may carry; overridden by {@code truongson.access.zone-max-secrecy}. */
    SecrecyLevel defaultMaxSecrecy() {
        return this == MILITARY_NETWORK ? SecrecyLevel.TUYET_MAT : SecrecyLevel.THUONG;
    }
}
