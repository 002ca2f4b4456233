package vn.truongson.publicservice;

/** A dossier's states (API.md "Public services and one-stop"). */
public enum DossierStatus {
    SUBMITTED("Đã nộp, chờ tiếp nhận"),
    RECEIVED("Đã tiếp nhận"),
    IN_PROCESS("Đang giải quyết"),
    RESULT_READY("Đã có kết quả, chờ trả"),
    RETURNED("Đã trả kết quả"),
    SUPPLEMENT_REQUESTED("Yêu cầu bổ sung hồ sơ"),
    REJECTED("Từ chối tiếp nhận, giải quyết");

    private final String vietnamese;

    DossierStatus(String vietnamese) { this.vietnamese = vietnamese; }

    public String vietnamese() { return vietnamese; }

    /** Still with the administration: counted as in progress. */
    public boolean open() {
        return this == RECEIVED || this == IN_PROCESS || this == SUPPLEMENT_REQUESTED;
    }
}
