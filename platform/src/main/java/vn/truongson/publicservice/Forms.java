package vn.truongson.publicservice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.Decree30Document.Align;
import vn.truongson.paper.Decree30Document.Column;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Table;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;

/**
 * The one-stop forms of Circular 01/2018/TT-VPCP (DOMAIN-VN.md §3), laid out per Decree 30 by the paper module:
 * Mẫu 01 receipt and appointment, Mẫu 02 supplement request, Mẫu 03 refusal, Mẫu 04 apology and new date, Mẫu 05
 * control slip; and the result document.
 */
public final class Forms {

    /** Which form. */
    public enum Kind {
        M01("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "GTN"),
        M02("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "PBS"),
        M03("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "PTC"),
        M04("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "PXL"),
        M05("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "PKS");

        private final String number;
        private final String title;
        private final String abbreviation;

        Kind(String number, String title, String abbreviation) {
            this.number = number;
            this.title = title;
            this.abbreviation = abbreviation;
        }

        public String number() { return number; }

        public String title() { return title; }
    }

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH 'giờ' mm 'phút, ngày' dd/MM/yyyy").withZone(WorkingCalendar.ZONE);
    static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy").withZone(WorkingCalendar.ZONE);

    private Forms() {}

    /** "09 giờ 00 phút, ngày 03/02/2025" */
    public static String dateTime(@Nullable Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    public static String shortTime(@Nullable Instant at) {
        return at == null ? "" : SHORT.format(at);
    }

    /**
     * The form as a PDF.
     *
     * @param stepUnits names of the steps' units, for Mẫu 05
     */
    public static byte[] pdf(Kind kind, Dossier d, Procedure p, Map<Long, String> stepUnits, Instant now) {
        return pdf(kind, d, p, stepUnits, Forms::who, now);
    }

    /**
     * The form as a PDF, the officers named by {@code officers} (an actor of the timeline, "official:&lt;username&gt;", to
     * the name Mẫu 05 prints: the official's full name).
     */
    public static byte[] pdf(Kind kind, Dossier d, Procedure p, Map<Long, String> stepUnits, java.util.function.Function<String, String> officers,
            Instant now) {
        return Decree30.pdf(document(kind, d, p, stepUnits, officers, now));
    }

    static Decree30Document document(Kind kind, Dossier d, Procedure p, Map<Long, String> stepUnits, Instant now) {
        return document(kind, d, p, stepUnits, Forms::who, now);
    }

    static Decree30Document document(Kind kind, Dossier d, Procedure p, Map<Long, String> stepUnits,
            java.util.function.Function<String, String> officers, Instant now) {
        LocalDate today = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        List<Section> sections = new ArrayList<>();
        String applicant = d.applicant().fullName() + " (số định danh cá nhân " + d.applicant().idNumber() + ")";
        String subject = "Mẫu số " + kind.number() + " – Hồ sơ " + d.code();
        switch (kind) {
            case M01 -> {
                sections.add(new Section(null, List.of(
                        new Paragraph("Bộ phận tiếp nhận và trả kết quả: " + p.unitName() + "."),
                        new Paragraph("Tiếp nhận hồ sơ của: " + applicant + "."),
                        new Paragraph("Địa chỉ liên hệ: " + contact(d) + "."),
                        new Paragraph("Nội dung yêu cầu giải quyết: " + p.name() + " (mã thủ tục " + p.code() + ")."),
                        new Paragraph("Mã hồ sơ: " + d.code() + ". Hình thức nộp: " + (d.channel() == Dossier.Channel.ONLINE ? "trực tuyến" : "trực tiếp") + "."))));
                List<List<String>> rows = new ArrayList<>();
                int i = 1;
                for (Procedure.Component c : p.components()) {
                    boolean has = d.attachments().stream().anyMatch(a -> a.component().equals(c.code()));
                    rows.add(List.of(Integer.toString(i++), c.name(), c.required() ? "Bắt buộc" : "Không bắt buộc",
                            has ? "Bản điện tử" : (d.channel() == Dossier.Channel.WALK_IN ? "Bản giấy" : "—")));
                }
                sections.add(new Section("1. Thành phần hồ sơ", List.of(new Table(List.of(new Column("TT", 1, Align.CENTER),
                        new Column("Tên giấy tờ", 8, Align.LEFT), new Column("Yêu cầu", 3, Align.CENTER), new Column("Hình thức", 3, Align.CENTER)), rows))));
                sections.add(new Section("2. Thời gian giải quyết", List.of(
                        new Paragraph("Thời gian giải quyết hồ sơ theo quy định: " + p.processingTimeText() + "."),
                        new Paragraph("Thời gian nhận hồ sơ: " + dateTime(d.receivedAt()) + "."),
                        new Paragraph("Thời gian trả kết quả giải quyết hồ sơ: " + dateTime(d.appointmentAt()) + "."),
                        new Paragraph("Đăng ký nhận kết quả tại: " + p.unitName() + (p.level() == Procedure.Level.FULL_ONLINE
                                ? " hoặc trực tuyến trên Cổng dịch vụ công." : ".")),
                        new Paragraph("Lệ phí: " + p.fees() + "."))));
            }
            case M02 -> sections.add(new Section(null, List.of(
                    new Paragraph(p.unitName() + " tiếp nhận hồ sơ của: " + applicant + "."),
                    new Paragraph("Nội dung yêu cầu giải quyết: " + p.name() + ". Mã hồ sơ: " + d.code() + "."),
                    new Paragraph("Qua xem xét, hồ sơ của ông/bà cần được bổ sung, hoàn thiện với nội dung sau: "
                            + (d.supplementReason() == null ? lastNote(d, "SUPPLEMENT_REQUESTED") : d.supplementReason()) + "."),
                    new Paragraph("Lý do: hồ sơ chưa đầy đủ hoặc chưa hợp lệ theo quy định của thủ tục hành chính."),
                    new Paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ " + p.unitName()
                            + " để được hướng dẫn. Xin trân trọng cảm ơn!"))));
            case M03 -> sections.add(new Section(null, List.of(
                    new Paragraph(p.unitName() + " tiếp nhận hồ sơ của: " + applicant + "."),
                    new Paragraph("Nội dung yêu cầu giải quyết: " + p.name() + ". Mã hồ sơ: " + d.code() + "."),
                    new Paragraph("Căn cứ quy định của thủ tục hành chính, cơ quan từ chối tiếp nhận, giải quyết hồ sơ này với lý do: "
                            + (d.rejectReason() == null ? "" : d.rejectReason()) + "."),
                    new Paragraph("Xin thông báo để ông/bà được biết và thực hiện."))));
            case M04 -> sections.add(new Section(null, List.of(
                    new Paragraph("Ngày " + dateTime(d.receivedAt()) + ", " + p.unitName() + " tiếp nhận hồ sơ của: " + applicant
                            + ", đề nghị giải quyết thủ tục " + p.name() + ". Mã hồ sơ: " + d.code() + "."),
                    new Paragraph("Thời gian hẹn trả kết quả giải quyết hồ sơ: " + dateTime(d.appointmentAt()) + "."),
                    new Paragraph("Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ của ông/bà. Lý do: "
                            + (d.apologyReason() == null ? "" : d.apologyReason()) + "."),
                    new Paragraph("Sự chậm trễ này đã gây phiền hà cho ông/bà. " + p.unitName() + " xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ"
                            + " cho ông/bà vào: " + dateTime(d.newAppointmentAt()) + "."),
                    new Paragraph("Xin trân trọng cảm ơn!"))));
            case M05 -> {
                sections.add(new Section(null, List.of(
                        new Paragraph("Kèm theo hồ sơ của: " + applicant + ". Mã hồ sơ: " + d.code() + "."),
                        new Paragraph("Thủ tục: " + p.name() + ". Ngày hẹn trả kết quả: " + dateTime(d.appointmentAt()) + "."))));
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("1. Giao: Bộ phận tiếp nhận và trả kết quả", shortTime(d.receivedAt()), name(officers, d.receivedBy()), ""));
                for (Dossier.Step s : d.steps()) {
                    String unit = stepUnits.getOrDefault(s.unitId(), "");
                    String result = s.completedAt() == null ? (s.startedAt() == null ? "" : "Đang xử lý, hạn " + shortTime(s.dueAt()))
                            : Boolean.TRUE.equals(s.late()) ? "Quá hạn (hạn " + shortTime(s.dueAt()) + ")" : "Đúng hạn";
                    rows.add(List.of("Bước " + s.ordinal() + ": " + s.name() + (unit.isEmpty() ? "" : " – " + unit),
                            shortTime(s.startedAt()) + (s.completedAt() == null ? "" : " → " + shortTime(s.completedAt())), name(officers, s.completedBy()), result));
                }
                if (d.returnedAt() != null) {
                    rows.add(List.of("Trả kết quả cho tổ chức, cá nhân", shortTime(d.returnedAt()), name(officers, d.returnedBy()),
                            Boolean.TRUE.equals(d.onTime()) ? "Đúng hạn" : "Quá hạn"));
                }
                sections.add(new Section("Quá trình giải quyết", List.of(new Table(List.of(new Column("Tên cơ quan, bước giao, nhận", 7, Align.LEFT),
                        new Column("Thời gian giao, nhận", 4, Align.CENTER), new Column("Người giao, nhận", 3, Align.CENTER),
                        new Column("Kết quả giải quyết", 3, Align.CENTER)), rows))));
            }
        }
        return new Decree30Document(p.parentUnitName(), p.unitName(), DocumentNumber.notIssued(kind.abbreviation + "-" + p.unitCode()), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", today), kind.title(), subject, sections,
                new Decree30Document.Signature(List.of(kind == Forms.Kind.M04 ? "THỦ TRƯỞNG CƠ QUAN" : "NGƯỜI TIẾP NHẬN"), null),
                kind == Kind.M05 ? List.of() : List.of(d.applicant().fullName(), "Lưu: Bộ phận một cửa"));
    }

    /** The result document (kết quả giải quyết) when the last step is done. */
    static Decree30Document result(Dossier d, Procedure p, Instant now) {
        LocalDate today = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        List<List<String>> rows = new ArrayList<>();
        p.form().fields().forEach(f -> {
            Object v = d.formData().get(f.name());
            if (v != null) rows.add(List.of(f.label(), String.valueOf(v)));
        });
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(null, List.of(
                new Paragraph("Xét đề nghị của ông/bà " + d.applicant().fullName() + " (số định danh cá nhân " + d.applicant().idNumber()
                        + ") về việc " + p.name() + ", mã hồ sơ " + d.code() + ";"),
                new Paragraph(p.unitName() + " chấp thuận đề nghị với các thông tin dưới đây."))));
        if (!rows.isEmpty()) {
            sections.add(new Section("Thông tin", List.of(new Table(List.of(new Column("Nội dung", 4, Align.LEFT), new Column("Thông tin kê khai", 6, Align.LEFT)), rows))));
        }
        if (p.illustrative()) sections.add(new Section(null, List.of(new Paragraph("(Văn bản minh họa, do hệ thống thử nghiệm tạo.)"))));
        return new Decree30Document(p.parentUnitName(), p.unitName(), DocumentNumber.notIssued("KQ-" + p.unitCode()), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", today), "Thông báo", "Kết quả giải quyết thủ tục " + clip(p.name(), 400), sections,
                new Decree30Document.Signature(List.of("THỦ TRƯỞNG CƠ QUAN"), null), List.of(d.applicant().fullName(), "Lưu: VT, hồ sơ " + d.code()));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String name(java.util.function.Function<String, String> officers, @Nullable String actor) {
        return actor == null ? "" : officers.apply(actor);
    }

    private static String who(@Nullable String actor) {
        if (actor == null) return "";
        int i = actor.indexOf(':');
        return i < 0 ? actor : actor.substring(i + 1);
    }

    private static String contact(Dossier d) {
        List<String> parts = new ArrayList<>();
        if (d.applicant().phone() != null) parts.add("điện thoại " + d.applicant().phone());
        if (d.applicant().email() != null) parts.add("thư điện tử " + d.applicant().email());
        return parts.isEmpty() ? "không cung cấp" : String.join(", ", parts);
    }

    private static String lastNote(Dossier d, String kind) {
        for (int i = d.events().size() - 1; i >= 0; i--) {
            Dossier.Event e = d.events().get(i);
            if (e.kind().equals(kind) && e.note() != null) return e.note();
        }
        return "";
    }
}
