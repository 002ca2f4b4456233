package vn.truongson.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Types are told by content: the accepted ones by their signatures, everything else refused. */
class ContentTypesTest {

    @TempDir Path dir;

    private Optional<String> detect(byte[] content) throws IOException {
        Path f = Files.createTempFile(dir, "f", ".bin");
        Files.write(f, content);
        return ContentTypes.detect(f);
    }

    @Test
    void the_accepted_types_are_recognised_by_their_first_bytes() throws IOException {
        assertThat(detect(FileFixtures.pdf("Bien ban nghiem thu"))).contains(ContentTypes.PDF);
        assertThat(detect(FileFixtures.png())).contains(ContentTypes.PNG);
        assertThat(detect(FileFixtures.jpeg())).contains(ContentTypes.JPEG);
    }

    @Test
    void tiff_is_recognised_in_both_byte_orders() throws IOException {
        var tiff = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "tiff", tiff);
        assertThat(detect(tiff.toByteArray())).contains(ContentTypes.TIFF);
        assertThat(detect(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0})).contains(ContentTypes.TIFF);
        // "II" followed by anything but 42 is not a TIFF.
        assertThat(detect(new byte[] {'I', 'I', 43, 0, 0, 0, 0, 8})).isEmpty();
    }

    @Test
    void word_and_excel_are_told_apart_by_the_part_their_package_declares() throws IOException {
        assertThat(detect(FileFixtures.ooxml("word/document.xml"))).contains(ContentTypes.DOCX);
        assertThat(detect(FileFixtures.ooxml("xl/workbook.xml"))).contains(ContentTypes.XLSX);
        // A PowerPoint file, a plain ZIP, and a ZIP cut short are none of them.
        assertThat(detect(FileFixtures.ooxml("ppt/presentation.xml"))).isEmpty();
        var zip = new ByteArrayOutputStream();
        try (var z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("virus.exe"));
            z.write(FileFixtures.executable());
            z.closeEntry();
        }
        assertThat(detect(zip.toByteArray())).isEmpty();
        byte[] docx = FileFixtures.ooxml("word/document.xml");
        assertThat(detect(java.util.Arrays.copyOf(docx, docx.length / 2))).isEmpty();
    }

    @Test
    void utf8_text_with_vietnamese_is_text_but_binary_or_other_encodings_are_not() throws IOException {
        assertThat(detect("Biên bản kiểm tra, đánh giá kết quả chuyển đổi số\r\nĐơn vị: Sư đoàn 3\t100%\n".getBytes(StandardCharsets.UTF_8)))
                .contains(ContentTypes.TEXT);
        byte[] bom = "\uFEFFDanh sách cán bộ".getBytes(StandardCharsets.UTF_8);
        assertThat(detect(bom)).contains(ContentTypes.TEXT);
        // Windows-1258 (the old Vietnamese code page) is not valid UTF-8: refused rather than shown as mojibake.
        assertThat(detect(new byte[] {'B', (byte) 0xEA, 'n', ' ', (byte) 0xD0})).isEmpty();
        assertThat(detect(FileFixtures.executable())).isEmpty();
        assertThat(detect("text with a NUL\0 inside".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(detect("<script>\u001b[31m".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
