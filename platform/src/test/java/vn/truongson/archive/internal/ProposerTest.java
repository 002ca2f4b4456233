package vn.truongson.archive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The proposer on OCR text as pdftotext -layout gives it, OCR's slips included. */
class ProposerTest {

    @Test
    void a_decision_with_a_letter_read_twice_and_an_eth_for_d() {
        String page = """
                        BỘ QUỐC PHÒNG                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                         BỘ TƯ LỆNH 86                     Độc lập - Tự do - Hạnh phúc
                        Số: 12/QĐÐ-BTL86                  Hà Nội, ngày 05 tháng 3 năm 2024


                                            QUYẾT ĐỊNH
                          Về việc ban hành Kế hoạch chuyển đổi số năm 2024

                                      TƯ LỆNH BỘ TƯ LỆNH 86
                Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;

                Nơi nhận:                                              KT. TƯ LỆNH
                - Như Điều 3;                                         PHÓ TƯ LỆNH
                - Lưu: VT, PTM.

                                                                  Đại tá Nguyễn Văn Phúc
                """;
        var p = Proposer.propose(List.of(page));
        assertThat(p.fields().numberAndNotation()).isEqualTo("12/QĐ-BTL86");
        assertThat(p.fields().date()).isEqualTo("05/03/2024");
        assertThat(p.fields().type()).isEqualTo("Quyết định");
        assertThat(p.fields().issuer()).isEqualTo("BỘ TƯ LỆNH 86");
        assertThat(p.fields().subject()).isEqualTo("Về việc ban hành Kế hoạch chuyển đổi số năm 2024");
        assertThat(p.fields().signer()).isEqualTo("Đại tá Nguyễn Văn Phúc");
        assertThat(p.confidence().get("type")).isGreaterThan(0.95); // the heading and the notation's QĐ agree
    }

    @Test
    void a_cong_van_has_no_type_heading_and_its_subject_is_the_v_v_line() {
        String page = """
                   BỘ TƯ LỆNH 86                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                   VĂN PHÒNG                          Độc lập - Tự do - Hạnh phúc
                Số: 05/BTL86-VP
                V/v số hóa tài liệu lưu trữ       Hải Phòng, ngày 7 tháng 12 năm 2026
                năm 2026

                            Kính gửi: Các cơ quan, đơn vị trực thuộc.
                """;
        var p = Proposer.propose(List.of(page, "                                         TL. TƯ LỆNH\n                                         Thiếu tá Lê Văn An\n"));
        assertThat(p.fields().numberAndNotation()).isEqualTo("05/BTL86-VP");
        assertThat(p.fields().type()).isEqualTo("Công văn");
        assertThat(p.fields().date()).isEqualTo("07/12/2026");
        assertThat(p.fields().issuer()).isEqualTo("VĂN PHÒNG");
        assertThat(p.fields().subject()).isEqualTo("V/v số hóa tài liệu lưu trữ năm 2026");
        assertThat(p.fields().signer()).isEqualTo("Thiếu tá Lê Văn An");
    }

    @Test
    void nothing_recognisable_proposes_nothing_with_no_confidence() {
        var p = Proposer.propose(List.of("\u0000 ~~~ \n\n ###"));
        assertThat(p.fields().asMap().values()).containsOnlyNulls();
        assertThat(p.confidence().values()).containsOnly(0.0);
        assertThat(Proposer.propose(List.of()).fields().asMap().values()).containsOnlyNulls();
    }
}
