package vn.truongson.programme.export;

/**
 * The columns of the task import template, in their order (A to O). One row per indicator: the task columns
 * (A–I) on a task's first row, and on its further rows either left blank or repeated exactly; see
 * {@link TaskSheet} for the rule and the Hướng dẫn sheet of the template for how users read it.
 */
enum TaskColumn {
    GROUP("Nhóm", true, "Số thứ tự của nhóm nhiệm vụ trong kế hoạch: 1, 2, 3…"),
    GROUP_TITLE("Tên nhóm", false, "Bắt buộc khi nhóm chưa có trong kế hoạch (nhóm sẽ được tạo với tên này); nhóm đã có thì để trống hoặc ghi đúng tên."),
    CODE("Mã nhiệm vụ", true, "Ví dụ 1.3; duy nhất trong kế hoạch. Cột được định dạng văn bản để 1.10 không thành 1.1."),
    TITLE("Tên nhiệm vụ", true, "Nội dung nhiệm vụ."),
    LEAD("Đơn vị chủ trì", true, "Mã đơn vị, ví dụ QK1, BTL86."),
    SUPPORT("Đơn vị phối hợp", false, "Mã các đơn vị, cách nhau bởi dấu chấm phẩy: QK3; BTLBP."),
    RESULT("Sản phẩm", false, "Sản phẩm, kết quả dự kiến."),
    DUE("Hạn hoàn thành", true, "Ngày dạng dd/MM/yyyy, ví dụ 31/12/2026."),
    SECRECY("Độ mật", false, "Thường, Mật, Tối mật hoặc Tuyệt mật; để trống là Thường. Không được cao hơn mức bạn được phép xem."),
    INDICATOR_CODE("Mã chỉ tiêu", false, "Ví dụ HT; duy nhất trong nhiệm vụ. Để trống cả các cột J–O nếu nhiệm vụ không có chỉ tiêu."),
    INDICATOR_NAME("Tên chỉ tiêu", false, "Bắt buộc khi có chỉ tiêu."),
    MEASURE("Đơn vị tính", false, "Ví dụ %, hệ thống, lượt."),
    TARGET("Chỉ tiêu giao", false, "Bắt buộc khi có chỉ tiêu; một số, ví dụ 100 hoặc 12,5."),
    AGGREGATION("Cách tổng hợp", false, "Tổng, Trung bình, Nhỏ nhất hoặc Lớn nhất: cách cộng dồn số liệu của các đơn vị; để trống là Tổng."),
    HIGHER_IS_BETTER("Càng cao càng tốt", false, "Có hoặc Không (Không: chỉ tiêu cần giảm, như số sự cố); để trống là Có.");

    final String header;
    final boolean required;
    final String help;

    TaskColumn(String header, boolean required, String help) {
        this.header = header;
        this.required = required;
        this.help = help;
    }

    /** A, B, … O */
    String letter() {
        return Character.toString('A' + ordinal());
    }

    int index() {
        return ordinal();
    }

    boolean isTaskColumn() {
        return ordinal() <= SECRECY.ordinal();
    }

    /** How an error names a cell: "row 7, column E (Đơn vị chủ trì)". */
    String at(int row) {
        return "row " + row + ", column " + letter() + " (" + header + ")";
    }
}
