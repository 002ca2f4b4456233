package vn.truongson.paper;

/**
 * Decree 30/2020/NĐ-CP, Appendix I: page, margins, and the size and style of each element, chosen within the
 * ranges it allows (DOMAIN-VN.md §1, "Page layout"). Both renderers read them, so the PDF and the Word file
 * are the same document.
 */
final class Layout {

    private Layout() {}

    static final String NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    static final String MOTTO = "Độc lập - Tự do - Hạnh phúc";

    // A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    static final double PAGE_WIDTH = 210;
    static final double PAGE_HEIGHT = 297;
    static final double TOP = 20;
    static final double BOTTOM = 20;
    static final double LEFT = 30;
    static final double RIGHT = 15;
    static final double TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT;
    /** The page number sits in the top margin, this far from the paper's edge. */
    static final double HEADER_DISTANCE = 10;

    /** The agency's column of the header; the national title takes the rest, wide enough for it on one line at 12 pt. */
    static final double AGENCY_COLUMN = 62;
    static final double NATION_COLUMN = TEXT_WIDTH - AGENCY_COLUMN;
    /** The signer's column; nơi nhận takes the rest. */
    static final double SIGNER_COLUMN = 90;
    static final double RECIPIENTS_COLUMN = TEXT_WIDTH - SIGNER_COLUMN;

    // Sizes in points.
    static final double NATION_PT = 12;     // Quốc hiệu 12–13, bold, capitals
    static final double MOTTO_PT = 13;      // Tiêu ngữ 13–14, bold
    static final double AGENCY_PT = 12;     // agency names 12–13; the issuer bold
    static final double NUMBER_PT = 13;     // số, ký hiệu 13
    static final double DATE_PT = 14;       // place and date 13–14, italic
    static final double TYPE_PT = 14;       // type name and trích yếu 13–14, bold
    static final double BODY_PT = 14;       // body 13–14
    static final double TABLE_PT = 12;      // tables in the body, smaller so that they fit the width
    static final double SIGNER_PT = 14;     // title and name 13–14, bold
    static final double RECIPIENTS_LABEL_PT = 12; // "Nơi nhận:" 12, bold italic
    static final double RECIPIENTS_PT = 11; // the list 11
    static final double PAGE_NUMBER_PT = 13;
    static final double SECRECY_PT = 13;

    /** First-line indent of body paragraphs: 1–1.27 cm. */
    static final double INDENT = 10;
    /** Room for the handwritten or digital signature between the title and the name. */
    static final double SIGNATURE_SPACE = 26;

    /**
     * The rule under the issuer's name and under the trích yếu: a third to a half of the line it underlines,
     * centred (Appendix I, items II.2 and II.5); here 40 %, within the column.
     */
    static double shortRule(String line, Fonts.Face face, double pt, double column) {
        return Math.max(12, Math.min(Fonts.widthMm(line, face, pt), column) * 0.4);
    }

    /** The rule under the motto is as long as the motto. */
    static double mottoRule() {
        return Fonts.widthMm(MOTTO, Fonts.Face.BOLD, MOTTO_PT);
    }
}
