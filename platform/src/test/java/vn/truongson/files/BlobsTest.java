package vn.truongson.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.truongson.core.DomainException;

/** The files on disk: named by SHA-256 under two levels of folders, written whole or not at all. */
class BlobsTest {

    @TempDir Path root;

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private long filesUnder(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void a_file_is_kept_under_its_sha256_and_read_back_as_it_was() throws Exception {
        var blobs = new Blobs(root);
        byte[] pdf = FileFixtures.pdf("Bao cao thang 11");
        Blobs.Written w = blobs.write(new ByteArrayInputStream(pdf), "báo cáo.pdf", 1024 * 1024);
        assertThat(w.sha256()).isEqualTo(sha256(pdf));
        assertThat(w.size()).isEqualTo(pdf.length);
        assertThat(w.contentType()).isEqualTo(ContentTypes.PDF);
        Path expected = root.resolve(w.sha256().substring(0, 2)).resolve(w.sha256().substring(2, 4)).resolve(w.sha256());
        assertThat(expected).exists();
        try (InputStream in = blobs.open(w.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
        // Nothing is left in the temporary folder.
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
    }

    @Test
    void the_same_content_twice_is_kept_once() throws Exception {
        var blobs = new Blobs(root);
        byte[] png = FileFixtures.png();
        var a = blobs.write(new ByteArrayInputStream(png), "a.png", 1000);
        var b = blobs.write(new ByteArrayInputStream(png), "ảnh khác tên.png", 1000);
        assertThat(b).isEqualTo(a);
        assertThat(filesUnder(root)).isEqualTo(1);
    }

    @Test
    void oversized_empty_or_unaccepted_files_are_refused_on_field_file_and_nothing_stays_on_disk() throws Exception {
        var blobs = new Blobs(root);
        byte[] pdf = FileFixtures.pdf("x".repeat(500));
        assertThatThrownBy(() -> blobs.write(new ByteArrayInputStream(pdf), "lớn.pdf", 100))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> {
                    assertThat(e.errors().getFirst().field()).isEqualTo("file");
                    assertThat(e.errors().getFirst().messageKey()).isEqualTo("problem.file.too-large");
                });
        assertThatThrownBy(() -> blobs.write(new ByteArrayInputStream(new byte[0]), "rỗng.pdf", 100))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().getFirst().messageKey()).isEqualTo("problem.file.empty"));
        // Called .pdf, but an executable by content.
        assertThatThrownBy(() -> blobs.write(new ByteArrayInputStream(FileFixtures.executable()), "bien-ban.pdf", 10_000))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> {
                    assertThat(e.errors().getFirst().messageKey()).isEqualTo("problem.file.type");
                    assertThat(e.errors().getFirst().args()).containsExactly("bien-ban.pdf");
                });
        assertThat(filesUnder(root)).isZero();
    }

    @Test
    void a_name_that_is_not_a_sha256_opens_nothing_and_never_leaves_the_root() {
        var blobs = new Blobs(root);
        for (String bad : new String[] {"../../etc/passwd", "ABCDEF" + "0".repeat(58), "0".repeat(63), ""}) {
            assertThatThrownBy(() -> blobs.open(bad)).as(bad).isInstanceOf(DomainException.NotFound.class);
        }
        assertThatThrownBy(() -> blobs.open("0".repeat(64))).isInstanceOf(DomainException.NotFound.class);
    }
}
