package vn.truongson.document;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The 29 administrative document types of Decree 30/2020/NĐ-CP (Appendix III) with their abbreviations; a công
 * văn and a thư công have none, so none appears in their notation. {@code code} is what the API takes.
 */
public enum DocumentType {
    NQ("NQ", "Nghị quyết"), QD("QĐ", "Quyết định"), CT("CT", "Chỉ thị"), QC("QC", "Quy chế"), QYD("QyĐ", "Quy định"),
    TC("TC", "Thông cáo"), TB("TB", "Thông báo"), HD("HD", "Hướng dẫn"), CTR("CTr", "Chương trình"), KH("KH", "Kế hoạch"),
    PA("PA", "Phương án"), DA_DE_AN("ĐA", "Đề án"), DA("DA", "Dự án"), BC("BC", "Báo cáo"), BB("BB", "Biên bản"),
    TTR("TTr", "Tờ trình"), HDONG("HĐ", "Hợp đồng"), CD("CĐ", "Công điện"), BGN("BGN", "Bản ghi nhớ"), BTT("BTT", "Bản thỏa thuận"),
    GUQ("GUQ", "Giấy ủy quyền"), GM("GM", "Giấy mời"), GGT("GGT", "Giấy giới thiệu"), GNP("GNP", "Giấy nghỉ phép"),
    PG("PG", "Phiếu gửi"), PC("PC", "Phiếu chuyển"), PB("PB", "Phiếu báo"),
    CV("CV", "Công văn"), THU_CONG("ThC", "Thư công");

    private final String code;
    private final String vietnamese;

    DocumentType(String code, String vietnamese) {
        this.code = code;
        this.vietnamese = vietnamese;
    }

    /** The abbreviation as it appears in a notation ("QĐ"), and the API's name for the type. */
    public String code() { return code; }

    public String vietnamese() { return vietnamese; }

    /** Công văn and thư công carry no type abbreviation in their number (Decree 30, Appendix I, II.3). */
    public boolean hasAbbreviation() { return this != CV && this != THU_CONG; }

    /** The type for an API code: the abbreviation ("QĐ", "QyĐ"), or the enum name ("QD", "DA_DE_AN"); "CV" for công văn. */
    public static Optional<DocumentType> of(@Nullable String code) {
        if (code == null) return Optional.empty();
        String c = vn.truongson.core.VietnameseText.nfc(code.strip());
        for (DocumentType t : values()) if (t.code.equals(c) || t.name().equals(c)) return Optional.of(t);
        return Optional.empty();
    }
}
