package vn.truongson.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import tools.jackson.databind.json.JsonMapper;

/** Test messages and files, built at run time (no malware sample is kept in the repository). */
final class Samples {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Samples() {}

    static byte[] eicar() {
        return ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!$H+H*").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] eicarInsidePdf() {
        String s = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% " + new String(eicar(), StandardCharsets.US_ASCII) + "\n%%EOF\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A one-page PDF with the text (Vietnamese, Liberation Serif embedded: Debian fonts-liberation2); with JavaScript on open when asked; padded to padTo bytes. */
    static byte[] pdf(String text, boolean javascript, int padTo) throws Exception {
        try (PDDocument d = new PDDocument()) {
            PDPage page = new PDPage();
            d.addPage(page);
            var font = PDType0Font.load(d, Path.of("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf").toFile());
            try (PDPageContentStream cs = new PDPageContentStream(d, page)) {
                if (padTo > 0) {
                    // A scanned-looking page: an image of noise (incompressible), so the file really weighs padTo bytes.
                    int side = (int) Math.sqrt(padTo / 3.0);
                    var img = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
                    var rnd = new java.util.Random(42);
                    for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.setRGB(x, y, rnd.nextInt(0xffffff));
                    cs.drawImage(org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(d, img), 72, 100, 400, 400);
                }
                cs.beginText();
                cs.setFont(font, 14);
                cs.newLineAtOffset(72, 700);
                cs.showText(text);
                cs.endText();
            }
            if (javascript) {
                PDActionJavaScript js = new PDActionJavaScript("app.alert('x'); this.exportDataObject({cName: 'a', nLaunch: 2});");
                d.getDocumentCatalog().setOpenAction(js);
                PDJavascriptNameTreeNode tree = new PDJavascriptNameTreeNode();
                tree.setNames(Map.of("init", js));
                PDDocumentNameDictionary names = new PDDocumentNameDictionary(d.getDocumentCatalog());
                names.setJavascript(tree);
                d.getDocumentCatalog().setNames(names);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static Map<String, Object> dossier(String id, List<Map<String, Object>> files) {
        return Map.of("id", id, "type", "dossier.envelope", "label", "THUONG", "sender", "cong-dvc",
                "payload", Map.of("dossierCode", "HS-" + id.substring(0, 8), "procedureCode", "1.001234",
                        "submittedAt", "2026-12-07T09:15:00+07:00",
                        "applicant", Map.of("fullName", "Nguyễn Thị Hoà", "idNumber", "001190012345")),
                "files", files);
    }

    static Map<String, Object> file(String name, byte[] content) {
        return Map.of("name", name, "content", b64(content));
    }

    static byte[] bytes(Object o) {
        return JSON.writeValueAsBytes(o);
    }

    static boolean hasName(PDDocument d, String key) {
        return d.getDocumentCatalog().getCOSObject().containsKey(COSName.getPDFName(key));
    }
}
