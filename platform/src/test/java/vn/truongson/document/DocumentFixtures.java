package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.support.Api;

/** Builds documents through the API as the demo accounts would, and the PDFs (good and hostile) they upload. */
final class DocumentFixtures {

    static final String DRAFTER = "soanthao.btl86";
    static final String SIGNER = "ky.btl86";
    static final String CLERK = "vanthu.btl86";
    static final String CLERK_QK1 = "vanthu.qk1";
    static final String HANDLER_QK1 = "xuly.qk1";
    static final String COMMANDER_QK1 = "chihuy.qk1";
    static final String PIN = "123456";

    final Api api;
    final JdbcClient jdbc;

    DocumentFixtures(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    String official(String username) {
        return jdbc.sql("select official_id::text from access_account where username = ?").param(username).query(String.class).single();
    }

    /** A Decree-30 PDF whose text says {@code body}. */
    static byte[] pdf(String subject, String body) {
        return Decree30.pdf(new Decree30Document("Bộ Quốc phòng", "Bộ Tư lệnh 86", DocumentNumber.notIssued("BTL86-VP"), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", LocalDate.of(2026, 11, 20)), "Công văn", subject,
                List.of(new Decree30Document.Section(null, List.of(new Decree30Document.Paragraph(body)))),
                new Decree30Document.Signature(List.of("PHÓ TƯ LỆNH"), "Đại tá Nguyễn Văn Phúc"), List.of("Như trên", "Lưu: VT")));
    }

    static byte[] withJavaScript() {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('x');"));
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encrypted() {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            StandardProtectionPolicy p = new StandardProtectionPolicy("owner-secret", "", new AccessPermission());
            p.setEncryptionKeyLength(128);
            doc.protect(p);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid PDF whose startxref points into the middle of nowhere. */
    static byte[] brokenXref() {
        byte[] good = pdf("Hỏng", "Bảng xref hỏng");
        String s = new String(good, StandardCharsets.ISO_8859_1);
        int at = s.lastIndexOf("startxref");
        int end = s.indexOf("%%EOF", at);
        String broken = s.substring(0, at) + "startxref\n17\n" + s.substring(end);
        return broken.getBytes(StandardCharsets.ISO_8859_1);
    }

    String metadata(String type, String subject, String secrecy, String urgency, String recipients) {
        return """
                {"type":"%s","subject":"%s","secrecy":"%s","urgency":"%s","issuingUnitId":"%s","signerId":"%s","recipients":%s}"""
                .formatted(type, subject, secrecy, urgency, unit("BTL86"), official(SIGNER), recipients);
    }

    String toQk1() {
        return "[{\"unitId\":\"" + unit("QK1") + "\"}]";
    }

    /** POST /api/v1/documents as multipart; {@code pdf} null sends no file part. */
    Api.Response upload(String user, String metadata, byte[] pdf) {
        String boundary = "----doc" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (metadata != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(metadata.getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (pdf != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"van-ban.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(pdf);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
    }

    String draft(String type, String subject, String secrecy, String urgency) {
        var r = upload(secrecy.equals("THUONG") ? DRAFTER : CLERK, metadata(type, subject, secrecy, urgency, toQk1()), pdf(subject, subject + ". Nội dung."));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("DRAFT");
        return r.json().get("id").asString();
    }

    /**
     * A document as the issue step leaves it (signed by the signer and sealed by the unit, numbered), for the
     * rules after issue while the signing module is not on this branch: the number is taken from the real register.
     */
    String issuedWithoutSignatures(String type, String subject, String secrecy, String urgency) {
        String id = draft(type, subject, secrecy, urgency);
        int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
        boolean classified = !secrecy.equals("THUONG");
        int n = jdbc.sql("""
                insert into document_register (unit_id, year, direction, classified, last_number) values (?, ?, 'OUT', ?, 1)
                on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1
                returning last_number""").params(Long.parseLong(unit("BTL86")), year, classified).query(Integer.class).single();
        jdbc.sql("update document_document set status = 'ISSUED', number = ?, year = ?, issued_at = now(), signed_at = now() where id = ?")
                .params(n, year, Long.parseLong(id)).update();
        return id;
    }

    boolean signingAvailable() {
        var r = api.get("/api/v1/pki/ca.pem", null);
        return r.status() == 200;
    }
}
