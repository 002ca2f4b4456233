package vn.truongson.paper;

import org.jspecify.annotations.Nullable;

/**
 * Số, ký hiệu: "12/BC-BTL86". Before the clerk issues the document it has no number yet, and the line keeps
 * room for one to be written in: "Số:      /BC-BTL86". Decree 30/2020, Appendix I, item II.3: numbers below
 * 10 take a leading zero.
 *
 * @param number the number in the register, or null while not issued
 * @param notation the type abbreviation and the agency's ("BC-BTL86"); without a type for a công văn
 */
public record DocumentNumber(@Nullable Integer number, String notation) {

    /** Spaces wide enough to write a number in by hand. */
    static final String BLANK = "\u00a0".repeat(7);

    public DocumentNumber {
        if (number != null && number < 1) throw new IllegalArgumentException("document numbers start at 01");
    }

    public static DocumentNumber notIssued(String notation) {
        return new DocumentNumber(null, notation);
    }

    @Override
    public String toString() {
        String n = number == null ? BLANK : number < 10 ? "0" + number : number.toString();
        return n + "/" + notation;
    }
}
