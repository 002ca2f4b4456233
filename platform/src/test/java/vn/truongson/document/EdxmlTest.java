package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** edXML (QCVN 102:2016): export, import as incoming, the round trip field for field and byte for byte, and hostile messages. */
@PlatformTest
class EdxmlTest {

    static final long MB = 1024 * 1024;

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired vn.truongson.files.FileStore files;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    String organ(String unitCode) {
        return jdbc.sql("select organ_id from org_unit where code = ?").param(unitCode).query(String.class).single();
    }

    Api.Response post(String user, byte[] xml) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/exchange/edxml")).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml)), user);
    }

    long count() {
        return jdbc.sql("select (select count(*) from document_document) + (select count(*) from document_recipient)").query(Long.class).single();
    }

    static byte[] png() {
        try {
            var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    EdxmlMessage fromGovernmentOffice(String subject) {
        byte[] pdf = DocumentFixtures.pdf(subject, "Văn phòng Chính phủ thông báo ý kiến chỉ đạo về chữ ký số.");
        return new EdxmlMessage(
                new EdxmlMessage.Organ("000.00.00.G22", "Văn phòng Chính phủ", "Chính phủ", "1 Hoàng Hoa Thám, Hà Nội", "vpcp@chinhphu.vn", "080 43100",
                        null, "https://vpcp.chinhphu.vn"),
                List.of(new EdxmlMessage.Organ(organ("QK1"), "Quân khu 1", null, null, null, null, null, null)),
                "7816", "VPCP-TTĐT", "Hà Nội", "2026-09-20", "TB", "Thông báo", subject, "Thông báo ý kiến kết luận", new EdxmlMessage.Signer("KT. BỘ TRƯỞNG, CHỦ NHIỆM",
                        "Phó Chủ nhiệm", "Nguyễn Văn A"), "2026-10-01", List.of("Như trên", "Lưu: VT"),
                new EdxmlMessage.OtherInfo("2", "Toàn quốc", "TTĐT(3)", "3", "1", List.of("Phụ lục I")),
                new EdxmlMessage.ResponseFor("000.00.00.G07", "12/BQP-VP", "2026-09-01", "000.00.00.G07,2026/09/01,12/BQP-VP"), "1",
                "000.00.00.G22,2026/09/20,7816/VPCP-TTĐT", List.of(new EdxmlMessage.Trace("000.00.00.G22", "2026-09-20T09:15:00+07:00")),
                "MIIB...chữ ký XML", List.of(new EdxmlMessage.Attachment("cid-1", "7816-VPCP-TTDT.pdf", "application/pdf", "Thông báo", pdf),
                        new EdxmlMessage.Attachment("cid-2", "so-do.png", "image/png", null, png())));
    }

    @Test
    void an_imported_message_is_registered_as_incoming_and_exports_back_field_for_field_and_byte_for_byte() {
        EdxmlMessage sent = fromGovernmentOffice("Về việc triển khai chữ ký số chuyên dùng");
        var r = post(DocumentFixtures.CLERK_QK1, EdXml.write(sent));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(r.json().get("registrations").get(0).get("arrivalNumber").asInt()).isPositive();
        assertThat(r.json().get("numberAndNotation").asString()).isEqualTo("7816/VPCP-TTĐT");
        var box = api.get("/api/v1/documents?box=incoming&q=trien%20khai%20chu%20ky%20so%20chuyen%20dung", DocumentFixtures.CLERK_QK1).body();
        assertThat(box).contains("\"id\":\"" + id + "\"");

        var back = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents/" + id + "/edxml")).GET(), DocumentFixtures.CLERK_QK1);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        EdxmlMessage received = EdXml.read(back.body().getBytes(StandardCharsets.UTF_8), 40 * MB, 20 * MB);
        assertThat(received).isEqualTo(sent);
        assertThat(received.attachments().get(0).content()).isEqualTo(sent.attachments().get(0).content());
    }

    @Test
    void a_wrongly_sent_message_is_returned_with_an_edxml_status_02() {
        var r = post(DocumentFixtures.CLERK_QK1, EdXml.write(fromGovernmentOffice("Về việc gửi nhầm đơn vị")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(api.get("/api/v1/documents/" + id + "/status-notice", DocumentFixtures.CLERK_QK1).status()).isEqualTo(404);
        var back = api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"Không thuộc thẩm quyền của Quân khu 1\"}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("status").asString()).isEqualTo("RETURNED");
        assertThat(api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"Lần nữa\"}").status()).isEqualTo(409);
        var notice = api.get("/api/v1/documents/" + id + "/status-notice", DocumentFixtures.CLERK_QK1);
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        assertThat(notice.body()).contains("<edXML:StatusCode>02</edXML:StatusCode>").contains("Không thuộc thẩm quyền của Quân khu 1")
                .contains("000.00.00.G22,2026/09/20,7816/VPCP-TTĐT").contains("<edXML:OrganId>000.00.00.G22</edXML:OrganId>");
    }

    @Test
    void an_issued_document_exports_with_its_number_and_its_file() throws Exception {
        String id = f.issuedWithoutSignatures("QĐ", "Quyết định về chữ ký số", "THUONG", "HOA_TOC");
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents/" + id + "/edxml")).GET(), DocumentFixtures.CLERK);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        EdxmlMessage m = EdXml.read(r.body().getBytes(StandardCharsets.UTF_8), 40 * MB, 20 * MB);
        assertThat(m.codeNotation()).isEqualTo("QĐ-BTL86");
        assertThat(m.from().organId()).isEqualTo(organ("BTL86"));
        assertThat(m.to().get(0).organId()).isEqualTo(organ("QK1"));
        assertThat(m.otherInfo().priority()).isEqualTo("3");
        assertThat(m.documentId()).startsWith(organ("BTL86") + ",").endsWith("/QĐ-BTL86");
        String sha = jdbc.sql("select file_sha256 from document_document where id = ?").param(Long.parseLong(id)).query(String.class).single();
        try (var in = files.open(sha)) {
            assertThat(m.attachments().get(0).content()).isEqualTo(in.readAllBytes());
        }
        assertThat(new String(m.attachments().get(0).content(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        // A draft has no message yet.
        String draft = f.draft("CV", "Chưa ban hành", "THUONG", "THUONG");
        assertThat(api.get("/api/v1/documents/" + draft + "/edxml", DocumentFixtures.DRAFTER).status()).isEqualTo(409);
    }

    static void refused(Api.Response r, String text) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"edxml\"");
        if (text != null) assertThat(r.body()).contains(text);
    }

    @Test
    void hostile_and_malformed_messages_are_refused_and_change_nothing() {
        long before = count();
        String good = new String(EdXml.write(fromGovernmentOffice("Thử")), StandardCharsets.UTF_8);
        String clerk = DocumentFixtures.CLERK_QK1;
        // XXE: an external entity reading a local file.
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + good.substring(good.indexOf("<edXML:edXML")).replace("<edXML:Subject>Thử", "<edXML:Subject>&xxe;");
        refused(post(clerk, xxe.getBytes(StandardCharsets.UTF_8)), "DTD");
        // Billion laughs.
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) lol.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        lol.append("]><lolz>&lol9;</lolz>");
        refused(post(clerk, lol.toString().getBytes(StandardCharsets.UTF_8)), "DTD");
        // Lower-case doctype hidden after a comment still counts.
        refused(post(clerk, ("<!-- x --><!doctype x [<!ENTITY a 'b'>]>" + good.substring(good.indexOf("<edXML:edXML"))).getBytes(StandardCharsets.UTF_8)), null);
        // Huge base64: an attachment larger than the upload limit.
        String huge = good.replaceFirst("(<edXML:Attachment ContentId=\"cid-1\">)[^<]*", "$1" + "QUFB".repeat((int) (21 * MB / 3)));
        refused(post(clerk, huge.getBytes(StandardCharsets.UTF_8)), "MB");
        // A message larger than the message limit is refused while it is read.
        byte[] tooBig = new byte[(int) (41 * MB)];
        java.util.Arrays.fill(tooBig, (byte) ' ');
        refused(post(clerk, tooBig), "MB");
        refused(post(clerk, "<edXML:edXML xmlns:edXML=\"x\"><unclosed>".getBytes(StandardCharsets.UTF_8)), null);
        refused(post(clerk, good.replaceFirst("<edXML:Subject>[^<]*</edXML:Subject>", "").getBytes(StandardCharsets.UTF_8)), "Subject");
        refused(post(clerk, good.replaceFirst("(<edXML:Attachment ContentId=\"cid-1\">)[^<]*", "$1!!!not base64!!!").getBytes(StandardCharsets.UTF_8)), "base64");
        refused(post(clerk, good.replace(organ("QK1"), "999.99.99.Z99").getBytes(StandardCharsets.UTF_8)), "999.99.99.Z99");
        refused(post(clerk, good.replaceFirst("(<edXML:Attachment ContentId=\"cid-1\">)[^<]*",
                "$1" + Base64.getEncoder().encodeToString("not a pdf at all".getBytes())).getBytes(StandardCharsets.UTF_8)), "PDF");
        refused(post(clerk, new byte[0]), null);
        // Someone who is not a clerk of the addressed unit.
        assertThat(post(DocumentFixtures.HANDLER_QK1, good.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
        assertThat(count()).isEqualTo(before);
    }
}
