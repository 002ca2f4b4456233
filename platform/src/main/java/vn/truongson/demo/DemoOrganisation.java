package vn.truongson.demo;

import java.util.List;

/**
 * The ministry's tree as drawn from its public structure, reduced for the demo. Codes are our own; every
 * mã định danh is a placeholder built on 000.00.00.G07, which is itself only a placeholder for the
 * ministry (DOMAIN-VN.md §2: the real code is unconfirmed).
 */
final class DemoOrganisation {

    /** parent code (null for the root), code, kind, short name, full name, secrecy. */
    record U(String parent, String code, String kind, String shortName, String name, String secrecy) {}

    private DemoOrganisation() {}

    static final List<U> UNITS = List.of(
            u(null, "BQP", "MINISTRY", "BQP", "Bộ Quốc phòng"),
            // Level 2: general departments, commands, regions, services, arms, academies.
            u("BQP", "BTTM", "GENERAL_DEPARTMENT", "BTTM", "Bộ Tổng Tham mưu Quân đội nhân dân Việt Nam"),
            u("BQP", "TCCT", "GENERAL_DEPARTMENT", "TCCT", "Tổng cục Chính trị Quân đội nhân dân Việt Nam"),
            u("BQP", "TCHC", "GENERAL_DEPARTMENT", "TCHC", "Tổng cục Hậu cần"),
            u("BQP", "TCKT", "GENERAL_DEPARTMENT", "TCKT", "Tổng cục Kỹ thuật"),
            u("BQP", "TCCNQP", "GENERAL_DEPARTMENT", "TCCNQP", "Tổng cục Công nghiệp quốc phòng"),
            u("BQP", "VPBQP", "OFFICE", "VPBQP", "Văn phòng Bộ Quốc phòng"),
            u("BQP", "BTL86", "COMMAND", "BTL86", "Bộ Tư lệnh 86"),
            u("BQP", "BTLBP", "COMMAND", "BĐBP", "Bộ Tư lệnh Bộ đội Biên phòng"),
            u("BQP", "BTLCSB", "COMMAND", "CSB", "Bộ Tư lệnh Cảnh sát biển Việt Nam"),
            u("BQP", "BTLTD", "COMMAND", "BTLTĐ", "Bộ Tư lệnh Thủ đô Hà Nội"),
            u("BQP", "QK1", "MILITARY_REGION", "QK1", "Quân khu 1"),
            u("BQP", "QK3", "MILITARY_REGION", "QK3", "Quân khu 3"),
            u("BQP", "QK5", "MILITARY_REGION", "QK5", "Quân khu 5"),
            u("BQP", "QK7", "MILITARY_REGION", "QK7", "Quân khu 7"),
            u("BQP", "QK9", "MILITARY_REGION", "QK9", "Quân khu 9"),
            u("BQP", "QCPKKQ", "SERVICE", "PK-KQ", "Quân chủng Phòng không - Không quân"),
            u("BQP", "QCHQ", "SERVICE", "HQ", "Quân chủng Hải quân"),
            u("BQP", "BCTT", "ARM", "BCTT", "Binh chủng Thông tin liên lạc"),
            u("BQP", "BCCB", "ARM", "BCCB", "Binh chủng Công binh"),
            u("BQP", "HVQP", "ACADEMY", "HVQP", "Học viện Quốc phòng"),
            u("BQP", "HVKTQS", "ACADEMY", "HVKTQS", "Học viện Kỹ thuật quân sự"),
            u("BQP", "HVLQ", "ACADEMY", "HVLQ", "Học viện Lục quân"),
            u("BQP", "HVCT", "ACADEMY", "HVCT", "Học viện Chính trị"),
            // Level 3.
            u("BTTM", "CTC", "DEPARTMENT", "CTC", "Cục Tác chiến"),
            u("BTTM", "CQH", "DEPARTMENT", "CQH", "Cục Quân huấn"),
            u("BTTM", "CNT", "DEPARTMENT", "CNT", "Cục Nhà trường"),
            u("BTTM", "CQL", "DEPARTMENT", "CQL", "Cục Quân lực"),
            u("BTTM", "VPBTTM", "OFFICE", "VP BTTM", "Văn phòng Bộ Tổng Tham mưu"),
            u("TCCT", "VPTCCT", "OFFICE", "VP TCCT", "Văn phòng Tổng cục Chính trị"),
            u("TCCT", "CTH", "DEPARTMENT", "CTH", "Cục Tuyên huấn"),
            u("TCCT", "CCB", "DEPARTMENT", "CCB", "Cục Cán bộ"),
            u("TCCT", "CCS", "DEPARTMENT", "CCS", "Cục Chính sách"),
            u("TCHC", "VPTCHC", "OFFICE", "VP TCHC", "Văn phòng Tổng cục Hậu cần"),
            u("TCHC", "CQY", "DEPARTMENT", "CQY", "Cục Quân y"),
            u("TCKT", "VPTCKT", "OFFICE", "VP TCKT", "Văn phòng Tổng cục Kỹ thuật"),
            u("TCKT", "CQK", "DEPARTMENT", "CQK", "Cục Quân khí"),
            u("TCKT", "CKTBC", "DEPARTMENT", "CKTBC", "Cục Kỹ thuật binh chủng"),
            u("TCCNQP", "VPTCCNQP", "OFFICE", "VP TCCNQP", "Văn phòng Tổng cục Công nghiệp quốc phòng"),
            u("BTL86", "VPBTL86", "OFFICE", "VP BTL86", "Văn phòng Bộ Tư lệnh 86"),
            u("BTL86", "PTMBTL86", "DEPARTMENT", "PTM", "Phòng Tham mưu - Kế hoạch chuyển đổi số (minh họa)"),
            u("BTL86", "TTANM", "UNIT", "TTANM", "Trung tâm An ninh mạng (minh họa)"),
            mat("BTL86", "TTDL", "UNIT", "TTDL", "Trung tâm Dữ liệu quân sự (minh họa)"),
            u("BTLBP", "BTMBP", "DEPARTMENT", "BTM BĐBP", "Bộ Tham mưu Bộ đội Biên phòng"),
            u("BTLBP", "CCKBP", "DEPARTMENT", "CCK", "Cục Cửa khẩu"),
            u("BTLBP", "BPLS", "UNIT", "BĐBP Lạng Sơn", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn"),
            u("BTLBP", "BPQN", "UNIT", "BĐBP Quảng Ninh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh"),
            u("BTLBP", "BPHP", "UNIT", "BĐBP Hải Phòng", "Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng"),
            u("BTLCSB", "VPCSB", "OFFICE", "VP CSB", "Văn phòng Bộ Tư lệnh Cảnh sát biển"),
            u("BTLTD", "BCHQSHN", "UNIT", "BCHQS HN", "Ban Chỉ huy quân sự quận Ba Đình (minh họa)"),
            u("QK1", "BTMQK1", "DEPARTMENT", "BTM QK1", "Bộ Tham mưu Quân khu 1"),
            u("QK1", "SD3", "UNIT", "SĐ3", "Sư đoàn 3"),
            u("QK1", "CHQSLS", "UNIT", "Bộ CHQS Lạng Sơn", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn"),
            u("QK3", "SD395", "UNIT", "SĐ395", "Sư đoàn 395"),
            u("QK3", "CHQSHP", "UNIT", "Bộ CHQS Hải Phòng", "Bộ Chỉ huy Quân sự thành phố Hải Phòng"),
            u("QK5", "SD2", "UNIT", "SĐ2", "Sư đoàn 2"),
            u("QK5", "CHQSDN", "UNIT", "Bộ CHQS Đà Nẵng", "Bộ Chỉ huy Quân sự thành phố Đà Nẵng"),
            u("QK7", "SD5", "UNIT", "SĐ5", "Sư đoàn 5"),
            u("QK7", "CHQSHCM", "UNIT", "Bộ TLTP HCM", "Bộ Tư lệnh Thành phố Hồ Chí Minh"),
            u("QK9", "SD330", "UNIT", "SĐ330", "Sư đoàn 330"),
            u("QK9", "CHQSCT", "UNIT", "Bộ CHQS Cần Thơ", "Bộ Chỉ huy Quân sự thành phố Cần Thơ"),
            u("QCPKKQ", "SD371", "UNIT", "SĐ371", "Sư đoàn Không quân 371"),
            u("QCPKKQ", "TSQKQ", "ACADEMY", "TSQKQ", "Trường Sĩ quan Không quân"),
            u("QCHQ", "VUNG1", "UNIT", "Vùng 1", "Bộ Tư lệnh Vùng 1 Hải quân"),
            u("QCHQ", "LD170", "UNIT", "LĐ170", "Lữ đoàn 170"),
            u("BCTT", "TSQTT", "ACADEMY", "TSQTT", "Trường Sĩ quan Thông tin"),
            u("BCCB", "LD229", "UNIT", "LĐ229", "Lữ đoàn Công binh 229"),
            u("HVKTQS", "KCNTT", "DEPARTMENT", "Khoa CNTT", "Khoa Công nghệ thông tin"),
            u("HVKTQS", "PDTKT", "DEPARTMENT", "P.ĐT", "Phòng Đào tạo, Học viện Kỹ thuật quân sự"),
            u("HVQP", "PDTQP", "DEPARTMENT", "P.ĐT", "Phòng Đào tạo, Học viện Quốc phòng"),
            u("HVLQ", "PDTLQ", "DEPARTMENT", "P.ĐT", "Phòng Đào tạo, Học viện Lục quân"),
            // Level 4.
            u("BPLS", "DBPHN", "UNIT", "Đồn Hữu Nghị", "Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị"),
            u("BPQN", "DBPHG", "UNIT", "Đồn CK Hòn Gai", "Đồn Biên phòng cửa khẩu cảng Hòn Gai"),
            u("BPQN", "DBPMC", "UNIT", "Đồn CK Móng Cái", "Đồn Biên phòng cửa khẩu quốc tế Móng Cái"),
            u("BPHP", "DBPCHP", "UNIT", "Đồn CK cảng HP", "Đồn Biên phòng cửa khẩu cảng Hải Phòng"),
            u("SD3", "TD2", "UNIT", "e2", "Trung đoàn 2, Sư đoàn 3"),
            u("SD3", "TD12", "UNIT", "e12", "Trung đoàn 12, Sư đoàn 3"),
            u("CHQSLS", "BCHQSCL", "UNIT", "BCHQS Cao Lộc", "Ban Chỉ huy quân sự huyện Cao Lộc"),
            u("CHQSHP", "BCHQSTN", "UNIT", "BCHQS Thủy Nguyên", "Ban Chỉ huy quân sự huyện Thủy Nguyên"),
            u("SD5", "TD4", "UNIT", "e4", "Trung đoàn 4, Sư đoàn 5"),
            u("TTANM", "DOIUCSC", "UNIT", "Đội UCSC", "Đội Ứng cứu sự cố an toàn thông tin (minh họa)"));

    private static U u(String parent, String code, String kind, String shortName, String name) {
        return new U(parent, code, kind, shortName, name, "THUONG");
    }

    private static U mat(String parent, String code, String kind, String shortName, String name) {
        return new U(parent, code, kind, shortName, name, "MAT");
    }

    /** Named demo accounts, one or more for every role. username, full name, rank, position, unit, clearance, role@unit:scope… */
    record Person(String username, String fullName, String rank, String position, String unit, String clearance, List<String> grants) {}

    static final List<Person> PEOPLE = List.of(
            p("admin", "Nguyễn Quang Huy", "Thượng tá", "Trưởng phòng Quản trị hệ thống", "BTL86", "TOI_MAT", "ADMIN@BQP:SUBTREE"),
            p("auditor", "Phạm Thị Thu Hà", "Trung tá", "Trợ lý kiểm tra an toàn thông tin", "VPBQP", "MAT", "AUDITOR@BQP:SUBTREE"),
            p("baomat.bqp", "Trương Văn Bảo", "Thượng tá", "Trưởng ban Bảo mật, Văn phòng Bộ (minh họa)", "VPBQP", "TOI_MAT", "SECURITY_OFFICER@BQP:SUBTREE"),
            p("chihuy.bqp", "Lê Văn Thành", "Trung tướng", "Thứ trưởng (minh họa)", "BQP", "TUYET_MAT", "COMMANDER@BQP:SUBTREE"),
            p("chihuy.btl86", "Vũ Đức Hạnh", "Đại tá", "Tư lệnh Bộ Tư lệnh 86 (minh họa)", "BTL86", "TOI_MAT", "COMMANDER@BTL86:SUBTREE"),
            p("dieuphoi.btl86", "Trần Minh Tuấn", "Trung tá", "Trợ lý kế hoạch chuyển đổi số", "PTMBTL86", "THUONG", "PROGRAMME_COORDINATOR@BQP:SUBTREE",
                    "DATA_COORDINATOR@BQP:SUBTREE"),
            p("kehoach.btl86", "Đào Mạnh Cường", "Thượng tá", "Trưởng phòng Tham mưu - Kế hoạch chuyển đổi số (minh họa)", "PTMBTL86", "MAT",
                    "PROGRAMME_COORDINATOR@BQP:SUBTREE", "DATA_COORDINATOR@BQP:SUBTREE"),
            p("dieuphoi.qk1", "Hoàng Văn Nam", "Thiếu tá", "Trợ lý Tham mưu, điều phối chuyển đổi số", "BTMQK1", "THUONG", "PROGRAMME_COORDINATOR@QK1:SUBTREE",
                    "DATA_COORDINATOR@QK1:SUBTREE"),
            p("chihuy.qk1", "Đặng Quốc Khánh", "Thiếu tướng", "Tư lệnh Quân khu 1 (minh họa)", "QK1", "TOI_MAT", "COMMANDER@QK1:SUBTREE"),
            p("baocao.qk1", "Bùi Thị Lan", "Đại úy", "Trợ lý báo cáo chuyển đổi số", "BTMQK1", "THUONG", "UNIT_REPORTER@QK1:UNIT"),
            p("baocao.sd3", "Ngô Văn Bình", "Đại úy", "Trợ lý Tham mưu Sư đoàn 3", "SD3", "THUONG", "UNIT_REPORTER@SD3:UNIT"),
            p("baocao.btlbp", "Đỗ Thị Hồng Nhung", "Thiếu tá", "Trợ lý Tham mưu, phụ trách báo cáo", "BTMBP", "THUONG", "UNIT_REPORTER@BTLBP:UNIT"),
            p("baocao.btl86", "Lý Minh Châu", "Thượng úy", "Nhân viên tổng hợp", "VPBTL86", "THUONG", "UNIT_REPORTER@BTL86:UNIT"),
            p("vanthu.btl86", "Phan Thị Mai", "Thiếu tá QNCN", "Văn thư Bộ Tư lệnh 86", "VPBTL86", "MAT", "CLERK@BTL86:UNIT"),
            p("ky.btl86", "Nguyễn Văn Phúc", "Đại tá", "Phó Tư lệnh Bộ Tư lệnh 86 (minh họa)", "BTL86", "MAT", "SIGNER@BTL86:UNIT"),
            p("soanthao.btl86", "Nguyễn Thị Hương", "Đại úy", "Trợ lý Văn phòng, soạn thảo văn bản", "VPBTL86", "THUONG", "DOCUMENT_HANDLER@BTL86:SUBTREE"),
            p("vanthu.qk1", "Trịnh Văn Hùng", "Trung úy QNCN", "Văn thư Quân khu 1", "BTMQK1", "THUONG", "CLERK@QK1:UNIT"),
            p("xuly.qk1", "Mai Anh Dũng", "Thiếu tá", "Trợ lý Tham mưu, xử lý văn bản", "BTMQK1", "THUONG", "DOCUMENT_HANDLER@QK1:SUBTREE"),
            p("motcua.bdbp", "Lương Thị Thanh", "Đại úy", "Cán bộ bộ phận một cửa", "CCKBP", "THUONG", "ONE_STOP_OFFICER@BTLBP:SUBTREE"),
            p("giaiquyet.bdbp", "Tạ Quang Vinh", "Thiếu tá", "Trợ lý Cục Cửa khẩu", "CCKBP", "THUONG", "PROCESSING_OFFICER@BTLBP:SUBTREE"),
            p("motcua.cnt", "Hà Thị Ngọc Ánh", "Đại úy", "Cán bộ một cửa, tuyển sinh quân sự", "CNT", "THUONG", "ONE_STOP_OFFICER@CNT:UNIT"),
            p("giaiquyet.cnt", "Chu Văn Lực", "Trung tá", "Trợ lý tuyển sinh, Cục Nhà trường", "CNT", "THUONG", "PROCESSING_OFFICER@CNT:UNIT"),
            p("coyeu.ttdl", "Kiều Văn Sơn", "Trung tá", "Trưởng ban Bảo mật dữ liệu (minh họa)", "TTDL", "TOI_MAT", "UNIT_REPORTER@TTDL:UNIT"),
            p("luutru.btl86", "Đinh Thị Thu Trang", "Thiếu tá QNCN", "Nhân viên lưu trữ, Văn phòng Bộ Tư lệnh 86", "VPBTL86", "MAT", "ARCHIVIST@BTL86:SUBTREE"),
            p("luutru.qk1", "Lâm Văn Kiên", "Trung úy QNCN", "Nhân viên lưu trữ Quân khu 1", "BTMQK1", "THUONG", "ARCHIVIST@QK1:SUBTREE"));

    private static Person p(String username, String fullName, String rank, String position, String unit, String clearance, String... grants) {
        return new Person(username, fullName, rank, position, unit, clearance, List.of(grants));
    }

    static final String[] SURNAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Tạ", "Hà", "Mai", "Chu"};
    static final String[] MIDDLE_MALE = {"Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Thanh", "Công", "Ngọc", "Quốc", "Mạnh", "Tiến"};
    static final String[] MIDDLE_FEMALE = {"Thị", "Thị Thu", "Thị Thanh", "Ngọc", "Thị Minh", "Thị Hồng", "Thùy", "Thị Kim"};
    static final String[] GIVEN_MALE = {"Hùng", "Dũng", "Cường", "Thắng", "Tuấn", "Hải", "Long", "Phong", "Sơn", "Trung", "Nghĩa",
            "Đạt", "Khoa", "Quyết", "Toàn", "Hiếu", "Đông", "Lâm", "Việt", "Bảo", "Thịnh", "Kiên"};
    static final String[] GIVEN_FEMALE = {"Hằng", "Hương", "Lan", "Ngọc", "Thảo", "Trang", "Huyền", "Yến", "Loan", "Nhung", "Vân", "Dung"};
    static final String[] RANKS_SENIOR = {"Đại tá", "Thượng tá", "Trung tá"};
    static final String[] RANKS_JUNIOR = {"Thiếu tá", "Đại úy", "Thượng úy", "Trung úy"};
}
