package vn.truongson.sandbox.registry;

import java.util.List;
import java.util.Random;

/** Vietnamese names with their diacritics (NFC), family names weighted roughly as in the population. */
final class Names {

    private Names() {}

    // Family name, share in percent (approximate, after published surname surveys).
    private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ", "Đào", "Cao", "Hà", "Lâm", "Tô", "Triệu", "Quách"};
    private static final int[] FAMILY_WEIGHT = {38, 11, 9, 7, 3, 2, 4, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    private static final int FAMILY_TOTAL = java.util.Arrays.stream(FAMILY_WEIGHT).sum();

    private static final List<String> MIDDLE_MALE = List.of("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân",
            "Ngọc", "Tuấn", "Gia", "Hoàng", "Trọng", "Mạnh", "Duy", "Đình");
    private static final List<String> MIDDLE_FEMALE = List.of("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim",
            "Phương", "Bảo", "Khánh", "Thùy", "Mỹ", "Diệu", "Thị Thu", "Thị Ngọc");
    private static final List<String> GIVEN_MALE = List.of("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
            "Khoa", "Khánh", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
            "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ", "Đức", "Lâm", "Hưng", "Kiên", "Tùng", "Hiển", "Lộc", "Thịnh");
    private static final List<String> GIVEN_FEMALE = List.of("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
            "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên",
            "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hồng", "Nhàn", "Ánh");

    static final List<String> STREETS = List.of("đường Lê Lợi", "đường Trần Hưng Đạo", "đường Nguyễn Trãi", "đường Hùng Vương",
            "đường Quang Trung", "đường Lý Thường Kiệt", "đường Hai Bà Trưng", "thôn Đông", "thôn Đoài", "xóm Chùa", "ấp Bình Thạnh",
            "tổ dân phố số 3", "ngõ 12 phố Huế", "đường 30 Tháng 4", "bản Nà Mường");

    static String family(Random rng) {
        int r = rng.nextInt(FAMILY_TOTAL);
        for (int i = 0; i < FAMILY.length; i++) {
            r -= FAMILY_WEIGHT[i];
            if (r < 0) return FAMILY[i];
        }
        return FAMILY[0];
    }

    static String middle(Random rng, boolean male) { return CitizenGenerator.pick(rng, male ? MIDDLE_MALE : MIDDLE_FEMALE); }

    static String given(Random rng, boolean male) { return CitizenGenerator.pick(rng, male ? GIVEN_MALE : GIVEN_FEMALE); }
}
