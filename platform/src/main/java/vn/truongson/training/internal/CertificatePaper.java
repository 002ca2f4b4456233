package vn.truongson.training.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;

/**
 * A training certificate (giấy chứng nhận) in the Decree 30 layout (Article 8; Appendix III for the form of a giấy
 * chứng nhận): the organising unit under its parent, số và ký hiệu "05/GCN-BTL86", place and date, the type name and
 * what it certifies, the content (who, which class and course, when and where, the result), the head's signer block —
 * where the unit's seal goes — and the nơi nhận.
 */
public final class CertificatePaper {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private CertificatePaper() {}

    public static Decree30Document document(@Nullable String parentAgency, String agency, int number, String notation, LocalDate issuedOn,
            String className, String courseTitle, String topic, int hours, LocalDate from, LocalDate to, String place,
            @Nullable String rankTitle, String fullName, String officialUnit, @Nullable BigDecimal score, String issuer) {
        String person = (rankTitle == null || rankTitle.isBlank() ? "" : rankTitle.strip() + " ") + fullName;
        List<Paragraph> body = new ArrayList<>();
        body.add(new Paragraph(agency.strip() + " chứng nhận đồng chí: " + person + ", đơn vị: " + officialUnit + ","));
        body.add(new Paragraph("Đã hoàn thành " + clip(className, 300) + " thuộc khóa " + clip(courseTitle, 300) + " (chủ đề: "
                + topic.toLowerCase(java.util.Locale.forLanguageTag("vi")) + "; thời lượng " + hours + " giờ), từ ngày " + DATE.format(from)
                + " đến ngày " + DATE.format(to) + " tại " + clip(place, 300) + "."));
        body.add(new Paragraph("Kết quả: đạt" + (score == null ? "" : "; điểm " + score.stripTrailingZeros().toPlainString().replace('.', ',')) + "."));
        body.add(new Paragraph("Giấy chứng nhận này có giá trị để ghi vào hồ sơ đào tạo, bồi dưỡng của cán bộ."));
        String subject = clip("Chứng nhận hoàn thành " + className, Decree30Document.MAX_SUBJECT);
        return new Decree30Document(parentAgency, agency, new DocumentNumber(number, notation), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", issuedOn), "Giấy chứng nhận", subject, List.of(new Section(null, List.copyOf(body))),
                new Decree30Document.Signature(List.of("THỦ TRƯỞNG ĐƠN VỊ"), issuer), List.of("Đồng chí " + fullName, "Lưu: VT, hồ sơ lớp"));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
