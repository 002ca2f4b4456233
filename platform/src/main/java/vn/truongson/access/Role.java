package vn.truongson.access;

/** The roles a grant gives on a unit (API.md "Access and organisation"). */
public enum Role implements vn.truongson.core.Localized {
    ADMIN("Quản trị hệ thống", "Administrator"),
    AUDITOR("Kiểm tra nhật ký", "Auditor"),
    COMMANDER("Chỉ huy", "Commander"),
    PROGRAMME_COORDINATOR("Điều phối chuyển đổi số", "Programme coordinator"),
    UNIT_REPORTER("Cán bộ báo cáo", "Unit reporter"),
    CLERK("Văn thư", "Clerk"),
    SIGNER("Người ký", "Signer"),
    DOCUMENT_HANDLER("Cán bộ xử lý văn bản", "Document handler"),
    ONE_STOP_OFFICER("Cán bộ một cửa", "One-stop officer"),
    PROCESSING_OFFICER("Cán bộ giải quyết hồ sơ", "Processing officer"),
    /** Approves clearance changes (the second person of the two-person rule) on the units the grant covers. */
    SECURITY_OFFICER("Cán bộ bảo mật", "Security officer"),
    /** Registers and manages the information systems of the units the grant covers, their services, credentials and agreements (docs/exchange.md). */
    SYSTEM_OWNER("Chủ quản hệ thống thông tin", "System owner"),
    /** Defines, publishes and assigns data sets (datasets module) on the units the grant covers. */
    DATA_COORDINATOR("Điều phối thu thập dữ liệu", "Data coordinator"),
    /** Digitises, describes and files the unit's paper (lưu trữ viên, issue 16: module archive). */
    ARCHIVIST("Cán bộ lưu trữ", "Archivist"),
    /**
     * Releases what leaves the military network through the secure inter-network gateway (issue 15: one of the two
     * officials of the two-person release; docs/gateway.md), on the high node's /office/gateway.
     */
    GATEWAY_RELEASER("Cán bộ phát hành qua cổng kết nối", "Gateway releaser");

    private final String vietnamese;
    private final String english;

    Role(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    /** The role of this name, or null for a name this version does not know. */
    public static Role known(String name) {
        for (Role r : values()) if (r.name().equals(name)) return r;
        return null;
    }

    public String vietnamese() { return vietnamese; }

    public String english() { return english; }

    @Override
    public String in(java.util.Locale locale) {
        return "en".equals(locale.getLanguage()) ? english : vietnamese;
    }
}
