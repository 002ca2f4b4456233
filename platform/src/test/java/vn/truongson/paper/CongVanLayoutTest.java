package vn.truongson.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Signature;
import vn.truongson.support.RealParts;

/**
 * Issue 13, Decree 30 to the letter (DOMAIN-VN.md §1, Mẫu 1.4): a công văn prints no type name, its trích yếu sits under
 * the number in the left column as "V/v …", and its body opens with "Kính gửi:". Read back with Poppler's pdftotext
 * in layout mode, as a person reads the page. The file is left in target/paper/cong-van.pdf.
 */
class CongVanLayoutTest {

    static final Path PDFTOTEXT = Path.of("/usr/bin/pdftotext");

    static Decree30Document letter(List<String> recipients) {
        return new Decree30Document("Bộ Quốc phòng", "Bộ Tư lệnh 86", DocumentNumber.notIssued("BTL86-VP"), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", LocalDate.of(2026, 11, 20)), "Công văn", "Về việc triển khai chữ ký số chuyên dùng",
                List.of(new Section(null, List.of(new Paragraph("Thực hiện kế hoạch chuyển đổi số năm 2026, Bộ Tư lệnh 86 đề nghị các đơn vị triển khai.")))),
                new Signature(List.of("KT. Tư lệnh", "Phó Tư lệnh"), "Đại tá Nguyễn Văn Phúc"), recipients);
    }

    static String text(byte[] pdf, String name) throws IOException, InterruptedException {
        RealParts.require("poppler-utils", PDFTOTEXT);
        Path dir = Files.createDirectories(Path.of("target/paper"));
        Path file = dir.resolve(name + ".pdf");
        Files.write(file, pdf);
        Path out = dir.resolve(name + ".txt");
        Process p = new ProcessBuilder(PDFTOTEXT.toString(), "-layout", "-enc", "UTF-8", file.toString(), out.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static int lineOf(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle)) return i;
        throw new AssertionError("no line holds \"" + needle + "\"");
    }

    @Test
    void a_cong_van_has_no_type_name_the_v_v_line_under_the_number_and_opens_with_kinh_gui() throws Exception {
        String text = text(Decree30.pdf(letter(List.of("Bộ Tư lệnh Quân khu 1", "Như trên", "Lưu: VT, TM"))), "cong-van");
        List<String> lines = text.lines().toList();
        assertThat(text).doesNotContain("CÔNG VĂN").doesNotContain("Về việc");
        int number = lineOf(lines, "Số:");
        int about = lineOf(lines, "V/v triển khai chữ ký số");
        int to = lineOf(lines, "Kính gửi: Bộ Tư lệnh Quân khu 1.");
        int body = lineOf(lines, "Thực hiện kế hoạch chuyển đổi số");
        assertThat(about).as("V/v under the number").isGreaterThan(number).isLessThanOrEqualTo(number + 3);
        assertThat(to).as("Kính gửi before the body").isGreaterThan(about).isLessThan(body);
        // Left: in the agency's column, like the number; the date is on the right.
        String aboutLine = lines.get(about);
        int width = lines.stream().mapToInt(String::length).max().orElse(80);
        assertThat(aboutLine.indexOf("V/v")).as("the V/v line starts in the left half").isLessThan(width / 2);
        assertThat(text).contains("Nơi nhận:", "- Như trên;", "- Lưu: VT, TM.", "KT. TƯ LỆNH", "PHÓ TƯ LỆNH");
    }

    @Test
    void several_addressees_are_listed_under_kinh_gui_and_other_types_keep_their_title() throws Exception {
        String text = text(Decree30.pdf(letter(List.of("Bộ Tư lệnh Quân khu 1", "Bộ Tư lệnh Bộ đội Biên phòng (để thực hiện)", "Lưu: VT"))), "cong-van-2");
        List<String> lines = text.lines().toList();
        int to = lineOf(lines, "Kính gửi:");
        assertThat(lines.get(to)).contains("- Bộ Tư lệnh Quân khu 1;");
        assertThat(text).contains("- Bộ Tư lệnh Bộ đội Biên phòng.");
        String report = text(Decree30.pdf(Decree30Test.sample(SecrecyLevel.THUONG)), "bao-cao-title");
        assertThat(report).contains("BÁO CÁO").doesNotContain("Kính gửi").doesNotContain("V/v");
    }
}
