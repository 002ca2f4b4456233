package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import vn.truongson.access.Role;
import vn.truongson.paper.Decree30;

/** The one-stop forms Mẫu 01–05 and the result render as Decree 30 PDFs with what each must state (kept under target/forms to look at). */
class FormsTest {

    static final Path OUT = Path.of("target/forms");
    static final Instant RECEIVED = Instant.parse("2026-02-13T02:00:00Z"); // 09:00 in Vietnam
    static final Instant APPOINTMENT = Instant.parse("2026-03-06T02:00:00Z");

    static Procedure procedure() {
        return new Procedure(1, "BQP-TS-01", "Đăng ký sơ tuyển vào các trường quân đội", "Tuyển sinh quân sự", 7, "CNT", "Cục Nhà trường",
                "Bộ Tổng Tham mưu", Procedure.Level.PARTIAL_ONLINE, 10, null, "Lệ phí sơ tuyển 50.000 đồng/hồ sơ", 50_000,
                List.of(new Procedure.Component("phieu", "Phiếu đăng ký sơ tuyển", true), new Procedure.Component("hocBa", "Bản sao học bạ THPT", true)),
                new Procedure.Form(List.of(new Procedure.Field("school", "Trường đăng ký dự tuyển", Procedure.FieldType.TEXT, true, null, null, null,
                        List.of(), null, null))),
                List.of(new Procedure.Step(1, "Tiếp nhận", null, Role.ONE_STOP_OFFICER, 1, null),
                        new Procedure.Step(2, "Thẩm định", null, Role.PROCESSING_OFFICER, 9, null)),
                true, true, RECEIVED, RECEIVED);
    }

    static Dossier dossier(DossierStatus status) {
        var steps = List.of(
                new Dossier.Step(1, "Tiếp nhận", 7, Role.ONE_STOP_OFFICER, RECEIVED, Instant.parse("2026-02-23T02:00:00Z"),
                        Instant.parse("2026-02-23T01:30:00Z"), "official:motcua.cnt", false),
                new Dossier.Step(2, "Thẩm định", 7, Role.PROCESSING_OFFICER, Instant.parse("2026-02-23T01:30:00Z"), Instant.parse("2026-03-05T01:30:00Z"),
                        Instant.parse("2026-03-05T03:00:00Z"), "official:giaiquyet.cnt", true));
        return new Dossier(1, "CNT-260213-0001", 1, "BQP-TS-01", "Đăng ký sơ tuyển vào các trường quân đội", 7, Dossier.Channel.ONLINE, status,
                new Dossier.Applicant("001090001234", "Nguyễn Văn An", LocalDate.of(1990, 5, 14), "0912345678", "an@example.vn"),
                Map.of("school", "Học viện Kỹ thuật quân sự"), RECEIVED.minusSeconds(3600), "citizen:001090001234", RECEIVED, "official:motcua.cnt",
                APPOINTMENT, Instant.parse("2026-03-13T10:00:00Z"), "Chờ kết quả khám sức khỏe", 2, "Thiếu bản sao học bạ lớp 12",
                "Thí sinh quá tuổi dự tuyển", null, null, false, null, null, null, null, null, steps,
                List.of(new Dossier.Attachment("phieu", "phieu.pdf", "a".repeat(64), 100, "application/pdf", RECEIVED)), List.of());
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void every_form_states_what_it_must() throws IOException {
        Files.createDirectories(OUT);
        Dossier d = dossier(DossierStatus.REJECTED);
        Map<Long, String> units = Map.of(7L, "Cục Nhà trường");
        Map<Forms.Kind, List<String>> must = Map.of(
                Forms.Kind.M01, List.of("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "CNT-260213-0001", "Phiếu đăng ký sơ tuyển", "09 giờ 00 phút, ngày 13/02/2026",
                        "09 giờ 00 phút, ngày 06/03/2026", "10 ngày làm việc", "50.000"),
                Forms.Kind.M02, List.of("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Thiếu bản sao học bạ lớp 12"),
                Forms.Kind.M03, List.of("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Thí sinh quá tuổi dự tuyển"),
                Forms.Kind.M04, List.of("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Chờ kết quả khám sức khỏe", "17 giờ 00 phút, ngày 13/03/2026"),
                Forms.Kind.M05, List.of("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Bước 2: Thẩm định", "Quá hạn", "Đúng hạn", "giaiquyet.cnt"));
        for (Forms.Kind k : Forms.Kind.values()) {
            byte[] pdf = Forms.pdf(k, d, procedure(), units, RECEIVED);
            Files.write(OUT.resolve("mau-" + k.number() + ".pdf"), pdf);
            vn.truongson.support.Qpdf.assertClean(pdf, "Mẫu " + k.number());
            String text = text(pdf);
            assertThat(text).as(k.name()).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỤC NHÀ TRƯỜNG").contains(must.get(k));
        }
        byte[] result = Decree30.pdf(Forms.result(dossier(DossierStatus.RESULT_READY), procedure(), RECEIVED));
        Files.write(OUT.resolve("ket-qua.pdf"), result);
        vn.truongson.support.Qpdf.assertClean(result, "the dossier's result");
        assertThat(text(result)).contains("Học viện Kỹ thuật quân sự", "minh họa");
    }
}
