package vn.truongson.paper;

import java.time.LocalDate;

/**
 * The place and date of a document (địa danh và thời gian ban hành): "Hà Nội, ngày 05 tháng 02 năm 2024".
 * Decree 30/2020, Appendix I, item II.4: days below 10 and the months 1 and 2 take a leading zero, so that
 * nobody can add a digit in front of them afterwards; the other months do not.
 */
public record PlaceAndDate(String place, LocalDate date) {

    public PlaceAndDate {
        if (place.isBlank()) throw new IllegalArgumentException("a document names the place it is issued at");
    }

    public String day() {
        return date.getDayOfMonth() < 10 ? "0" + date.getDayOfMonth() : Integer.toString(date.getDayOfMonth());
    }

    public String month() {
        int m = date.getMonthValue();
        return m <= 2 ? "0" + m : Integer.toString(m);
    }

    /** "ngày 05 tháng 02 năm 2024" */
    public String dateText() {
        return "ngày " + day() + " tháng " + month() + " năm " + date.getYear();
    }

    @Override
    public String toString() {
        return place.strip() + ", " + dateText();
    }
}
