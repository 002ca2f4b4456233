package vn.truongson.gateway;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Content disarm and reconstruction: each file is rebuilt from what it means, not passed on as received. PDFs lose
 * JavaScript, open actions, additional actions, embedded files, launch actions, annotations and forms, and are written
 * anew; Office (OOXML) files lose macros, ActiveX and embedded objects; images are decoded and encoded again (metadata
 * and trailing bytes gone); XML is parsed without DTDs or entities and written again. What cannot be rebuilt is refused.
 */
public final class Cdr {

    /** The rebuilt file, what was removed, and its text (for the marking check). */
    public record Result(byte[] content, List<String> removed, String text) {}

    /** Refused: the file cannot be rebuilt safely. */
    public static final class Unremovable extends Exception {
        public Unremovable(String message) {
            super(message);
        }
    }

    private static final Pattern PDF_ACTIVE = Pattern.compile("/(JavaScript|JS|Launch|OpenAction|AA|EmbeddedFile|EmbeddedFiles|AcroForm|XFA|RichMedia|SubmitForm|ImportData)\\b");

    private Cdr() {}

    public static Result rebuild(FileKind kind, byte[] in) throws Unremovable {
        try {
            return switch (kind) {
                case PDF -> pdf(in);
                case PNG, JPEG -> image(kind, in);
                case OOXML -> ooxml(in);
                case XML -> xml(in);
            };
        } catch (Unremovable e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new Unremovable("không dựng lại được tệp " + kind.name() + ": " + e.getClass().getSimpleName());
        }
    }

    static Result pdf(byte[] in) throws IOException, Unremovable {
        List<String> removed = new ArrayList<>();
        String raw = new String(in, StandardCharsets.ISO_8859_1);
        var m = PDF_ACTIVE.matcher(raw);
        while (m.find()) if (!removed.contains(m.group(1))) removed.add(m.group(1));
        try (PDDocument src = Loader.loadPDF(in); PDDocument out = new PDDocument()) {
            if (src.isEncrypted()) throw new Unremovable("PDF mã hoá: không kiểm tra được nội dung");
            PDDocumentCatalog cat = src.getDocumentCatalog();
            // What the document means to do, named (the raw scan above misses what sits in compressed object streams).
            var names = cat.getNames();
            if (names != null && names.getJavaScript() != null && !removed.contains("JavaScript")) removed.add("JavaScript");
            if (names != null && names.getEmbeddedFiles() != null && !removed.contains("EmbeddedFiles")) removed.add("EmbeddedFiles");
            Object open = cat.getCOSObject().getDictionaryObject(COSName.OPEN_ACTION);
            if (open instanceof org.apache.pdfbox.cos.COSDictionary action) {
                String s = action.getNameAsString(COSName.S);
                if (s != null && !removed.contains(s)) removed.add(s);
            }
            for (COSName n : List.of(COSName.OPEN_ACTION, COSName.AA, COSName.NAMES, COSName.ACRO_FORM, COSName.getPDFName("URI"),
                    COSName.getPDFName("Collection"), COSName.getPDFName("AF"), COSName.OUTLINES)) {
                if (cat.getCOSObject().containsKey(n)) {
                    cat.getCOSObject().removeItem(n);
                    if (!removed.contains(n.getName())) removed.add(n.getName());
                }
            }
            String text = new PDFTextStripper().getText(src);
            for (PDPage page : src.getPages()) {
                page.getCOSObject().removeItem(COSName.AA);
                if (!page.getAnnotations().isEmpty()) {
                    if (!removed.contains("Annots")) removed.add("Annots");
                    page.getCOSObject().removeItem(COSName.ANNOTS);
                }
                page.getCOSObject().removeItem(COSName.getPDFName("AF"));
                out.importPage(page);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length);
            out.save(bytes, CompressParameters.NO_COMPRESSION);
            byte[] rebuilt = bytes.toByteArray();
            var left = PDF_ACTIVE.matcher(new String(rebuilt, StandardCharsets.ISO_8859_1));
            if (left.find()) throw new Unremovable("PDF còn nội dung chủ động sau khi làm sạch: /" + left.group(1));
            return new Result(rebuilt, removed, text);
        }
    }

    static Result image(FileKind kind, byte[] in) throws IOException, Unremovable {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(in));
        if (img == null) throw new Unremovable("ảnh không đọc được");
        if ((long) img.getWidth() * img.getHeight() > 50_000_000L) throw new Unremovable("ảnh quá lớn");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedImage rgb = img;
        if (kind == FileKind.JPEG && img.getType() != BufferedImage.TYPE_INT_RGB) {
            rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(img, 0, 0, null);
        }
        if (!ImageIO.write(rgb, kind == FileKind.PNG ? "png" : "jpeg", out)) throw new Unremovable("không mã hoá lại được ảnh");
        return new Result(out.toByteArray(), List.of("metadata"), "");
    }

    static Result ooxml(byte[] in) throws IOException, Unremovable {
        List<String> removed = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length);
        long total = 0;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(in)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String name = e.getName();
                String lower = name.toLowerCase(Locale.ROOT);
                byte[] data = z.readNBytes(64 * 1024 * 1024);
                total += data.length;
                if (total > 256L * 1024 * 1024) throw new Unremovable("tệp Office giải nén quá lớn");
                if (lower.contains("vbaproject") || lower.contains("vbadata") || lower.contains("/activex/") || lower.contains("/embeddings/")
                        || lower.endsWith(".bin")) {
                    removed.add(name);
                    continue;
                }
                if (name.contains("..") || name.startsWith("/")) throw new Unremovable("đường dẫn trong tệp Office không hợp lệ: " + name);
                if (lower.endsWith(".xml") || lower.endsWith(".rels")) {
                    String s = new String(data, StandardCharsets.UTF_8);
                    String cleaned = s.replaceAll("<Relationship [^>]*(vbaProject|vbaData|activeX|oleObject|/embeddings/)[^>]*/>", "")
                            .replaceAll("<Override [^>]*(vbaProject|vbaData|activeX|oleObject)[^>]*/>", "")
                            .replace("application/vnd.ms-word.document.macroEnabled.main+xml",
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
                            .replace("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
                    if (!cleaned.equals(s) && !removed.contains("macro references")) removed.add("macro references");
                    data = cleaned.getBytes(StandardCharsets.UTF_8);
                    if (lower.startsWith("word/document") || lower.startsWith("xl/sharedstrings") || lower.startsWith("xl/worksheets/")) {
                        text.append(cleaned.replaceAll("<[^>]+>", " ")).append('\n');
                    }
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(data);
                out.closeEntry();
            }
        }
        return new Result(bytes.toByteArray(), removed, text.toString());
    }

    static Result xml(byte[] in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(in));
        List<String> removed = new ArrayList<>();
        removeProcessingInstructions(doc, removed);
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        var t = tf.newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        StringWriter w = new StringWriter();
        t.transform(new DOMSource(doc), new StreamResult(w));
        return new Result(w.toString().getBytes(StandardCharsets.UTF_8), removed, doc.getDocumentElement().getTextContent());
    }

    private static void removeProcessingInstructions(org.w3c.dom.Node n, List<String> removed) {
        var children = n.getChildNodes();
        for (int i = children.getLength() - 1; i >= 0; i--) {
            var c = children.item(i);
            if (c.getNodeType() == org.w3c.dom.Node.PROCESSING_INSTRUCTION_NODE) {
                n.removeChild(c);
                removed.add("processing instruction");
            } else {
                removeProcessingInstructions(c, removed);
            }
        }
    }
}
