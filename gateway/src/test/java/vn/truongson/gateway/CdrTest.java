package vn.truongson.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.junit.jupiter.api.Test;

/** CDR of each allowed kind, file-type recognition by content, and the marking rules, without a running gateway. */
class CdrTest {

    @Test
    void pdfLosesEmbeddedFilesAndLaunchActions() throws Exception {
        byte[] pdf;
        try (PDDocument d = new PDDocument()) {
            PDPage page = new PDPage();
            d.addPage(page);
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile("payload.exe");
            spec.setEmbeddedFile(new PDEmbeddedFile(d, new ByteArrayInputStream("MZ...".getBytes())));
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of("payload.exe", spec));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(d.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            d.getDocumentCatalog().setNames(names);
            PDAnnotationLink link = new PDAnnotationLink();
            PDActionLaunch launch = new PDActionLaunch();
            launch.setFile(spec);
            link.setAction(launch);
            page.getAnnotations().add(link);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
            pdf = out.toByteArray();
        }
        assertThat(FileKind.of(pdf)).hasValue(FileKind.PDF);
        Cdr.Result r = Cdr.rebuild(FileKind.PDF, pdf);
        assertThat(r.removed()).contains("EmbeddedFiles", "Launch", "Annots");
        String raw = new String(r.content(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("/EmbeddedFile").doesNotContain("/Launch").doesNotContain("payload.exe");
        try (PDDocument d = Loader.loadPDF(r.content())) {
            assertThat(d.getNumberOfPages()).isEqualTo(1);
            assertThat(d.getPage(0).getAnnotations()).isEmpty();
        }
    }

    @Test
    void officeFilesLoseTheirMacros() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            put(z, "[Content_Types].xml", "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/>"
                    + "<Override PartName=\"/word/vbaProject.bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>");
            put(z, "word/_rels/document.xml.rels", "<Relationships><Relationship Id=\"rId9\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>");
            put(z, "word/document.xml", "<w:document><w:t>Báo cáo tháng</w:t></w:document>");
            put(z, "word/vbaProject.bin", "Attribute VB_Name = \"AutoOpen\"");
        }
        assertThat(FileKind.of(zip.toByteArray())).hasValue(FileKind.OOXML);
        Cdr.Result r = Cdr.rebuild(FileKind.OOXML, zip.toByteArray());
        assertThat(r.removed()).contains("word/vbaProject.bin", "macro references");
        List<String> names = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(r.content()))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                names.add(e.getName());
                all.append(new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(names).doesNotContain("word/vbaProject.bin").contains("word/document.xml");
        assertThat(all.toString()).doesNotContain("vbaProject").doesNotContain("macroEnabled").contains("Báo cáo tháng");
        assertThat(r.text()).contains("Báo cáo tháng");
    }

    private static void put(ZipOutputStream z, String name, String content) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        z.write(content.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    @Test
    void imagesAreEncodedAgainWithoutWhatTrailsThem() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xff0000);
        for (String format : List.of("png", "jpeg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            out.write("<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII)); // a polyglot's tail
            FileKind kind = FileKind.of(out.toByteArray()).orElseThrow();
            Cdr.Result r = Cdr.rebuild(kind, out.toByteArray());
            assertThat(new String(r.content(), StandardCharsets.ISO_8859_1)).doesNotContain("<script>");
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(r.content()));
            assertThat(back.getWidth()).isEqualTo(40);
            assertThat(back.getHeight()).isEqualTo(30);
        }
        assertThatThrownBy(() -> Cdr.rebuild(FileKind.PNG, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}))
                .isInstanceOf(Cdr.Unremovable.class);
    }

    @Test
    void xmlIsParsedWithoutEntitiesAndWrittenAgain() throws Exception {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
        assertThat(FileKind.of(bomb.getBytes())).hasValue(FileKind.XML);
        assertThatThrownBy(() -> Cdr.rebuild(FileKind.XML, bomb.getBytes())).isInstanceOf(Cdr.Unremovable.class);
        Cdr.Result r = Cdr.rebuild(FileKind.XML, "<?xml version=\"1.0\"?><?xml-stylesheet href=\"http://x/\"?><edXML><Subject>Công văn</Subject></edXML>"
                .getBytes(StandardCharsets.UTF_8));
        String out = new String(r.content(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("xml-stylesheet").contains("<Subject>Công văn</Subject>");
        assertThat(r.removed()).contains("processing instruction");
    }

    @Test
    void kindsAreKnownByContentNotByName() {
        assertThat(FileKind.of("MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(FileKind.of("PK\u0003\u0004junk".getBytes(StandardCharsets.ISO_8859_1))).as("a zip that is not OOXML").isEmpty();
        assertThat(FileKind.of(new byte[0])).isEmpty();
        assertThat(FileKind.of("#!/bin/sh\nrm -rf /".getBytes())).isEmpty();
    }

    @Test
    void stampsAndDirtyWordsAreFoundAndProseIsNot() {
        Markings m = new Markings(List.of("Sư đoàn 308"));
        assertThat(m.find("Thông tin được bảo mật theo quy định; bí mật đời tư.")).isEmpty();
        assertThat(m.find("Độ mật: MẬT")).isPresent();
        assertThat(m.find("M Ậ T")).isPresent();
        assertThat(m.find("TOI MAT")).isPresent();
        assertThat(m.find(Normalizer.normalize("TUYỆT MẬT", Normalizer.Form.NFD))).as("decomposed input").isPresent();
        assertThat(m.find("sư đoàn 308 hành quân")).hasValueSatisfying(h -> assertThat(h).contains("từ cấm"));
        assertThat(m.find("Sư đoàn 3080")).as("whole words").isEmpty();
        assertThat(m.find("MẬTKHẨU")).as("part of a word").isEmpty();
    }
}
