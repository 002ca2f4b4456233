package vn.truongson.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Decree 30/2020, Appendix I, item II.4: a leading zero on days below 10 and on the months 1 and 2 only. */
class PlaceAndDateTest {

    static String at(String date) {
        return new PlaceAndDate("Hà Nội", LocalDate.parse(date)).toString();
    }

    @Test
    void days_below_ten_and_january_and_february_take_a_leading_zero() {
        assertThat(at("2024-02-05")).isEqualTo("Hà Nội, ngày 05 tháng 02 năm 2024");
        assertThat(at("2024-01-09")).isEqualTo("Hà Nội, ngày 09 tháng 01 năm 2024");
        assertThat(at("2024-01-10")).isEqualTo("Hà Nội, ngày 10 tháng 01 năm 2024");
    }

    @Test
    void other_months_do_not() {
        assertThat(at("2024-03-01")).isEqualTo("Hà Nội, ngày 01 tháng 3 năm 2024");
        assertThat(at("2024-09-30")).isEqualTo("Hà Nội, ngày 30 tháng 9 năm 2024");
        assertThat(at("2024-10-15")).isEqualTo("Hà Nội, ngày 15 tháng 10 năm 2024");
        assertThat(at("2024-12-31")).isEqualTo("Hà Nội, ngày 31 tháng 12 năm 2024");
    }

    @Test
    void the_place_is_required() {
        assertThatThrownBy(() -> new PlaceAndDate(" ", LocalDate.of(2024, 1, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void document_numbers_below_ten_take_a_leading_zero_and_an_unissued_one_leaves_room() {
        assertThat(new DocumentNumber(5, "BC-BTL86")).hasToString("05/BC-BTL86");
        assertThat(new DocumentNumber(12, "BC-BTL86")).hasToString("12/BC-BTL86");
        assertThat(DocumentNumber.notIssued("BC-BTL86").toString()).matches("\u00a0{5,}/BC-BTL86");
    }

    @Test
    void figures_are_written_the_vietnamese_way() {
        assertThat(Figures.percentOfRatio(7.0 / 9)).isEqualTo("77,8%");
        assertThat(Figures.percentOfRatio(1)).isEqualTo("100%");
        assertThat(Figures.percent(37.5)).isEqualTo("37,5%");
        assertThat(Figures.percent(200.0 / 3)).isEqualTo("66,7%");
        assertThat(Figures.number(1234.5)).isEqualTo("1.234,5");
        assertThat(Figures.number(11.0 / 3)).isEqualTo("3,67");
        assertThat(Figures.number(new java.math.BigDecimal("100.00"))).isEqualTo("100");
        assertThat(Figures.date(LocalDate.of(2024, 2, 5))).isEqualTo("05/02/2024");
    }
}
