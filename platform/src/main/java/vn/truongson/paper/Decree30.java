package vn.truongson.paper;

/**
 * Renders a {@link Decree30Document}: the PDF to read, sign and file, and the Word file to edit before signing.
 * Both follow Decree 30/2020/NĐ-CP, Appendix I; see {@link Layout} for the choices made within its ranges.
 */
public final class Decree30 {

    private Decree30() {}

    /** The PDF, A4, with Liberation Serif embedded (metric twin of Times New Roman). */
    public static byte[] pdf(Decree30Document document) {
        return Decree30Pdf.render(document);
    }

    /** The Word file (.docx), A4, in Times New Roman. */
    public static byte[] docx(Decree30Document document) {
        return Decree30Word.render(document);
    }

    public static final String PDF_TYPE = "application/pdf";
    public static final String DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}
