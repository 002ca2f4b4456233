package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import vn.truongson.audit.AuditTrail;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.secops.internal.DeadClamd;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 17 A, the rest: the attachments of an incoming edXML message are scanned before anything is stored (the first,
 * the document itself, and any other); and the per-kind scanner override — fail closed by default, fail open only when
 * a system administrator sets it for one kind with a reason, audited, refused (and audited) for anyone else, shown on the
 * security dashboard; a file of that kind is then accepted unscanned and audited while other kinds still get 503.
 */
@PlatformTest
class ScanningTest {

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired AuditTrail audit;
    @Autowired ScannerOverrides overrides;
    @LocalServerPort int port;

    String organ(String unit) {
        return jdbc.sql("select organ_id from org_unit where code = ?").param(unit).query(String.class).single();
    }

    long stored() {
        return jdbc.sql("select (select count(*) from document_document) + (select count(*) from document_attachment) + (select count(*) from document_recipient)")
                .query(Long.class).single();
    }

    byte[] message(String subject, List<EdxmlMessage.Attachment> attachments) {
        return EdXml.write(new EdxmlMessage(
                new EdxmlMessage.Organ("000.00.00.G22", "Văn phòng Chính phủ", "Chính phủ", null, null, null, null, null),
                List.of(new EdxmlMessage.Organ(organ("QK1"), "Quân khu 1", null, null, null, null, null, null)),
                "99", "VPCP-TTĐT", "Hà Nội", "2026-09-20", "TB", "Thông báo", subject, "Tóm tắt", new EdxmlMessage.Signer("KT. BỘ TRƯỞNG",
                        "Phó Chủ nhiệm", "Nguyễn Văn A"), "2026-10-01", List.of("Như trên"),
                new EdxmlMessage.OtherInfo("2", "Toàn quốc", "TTĐT(3)", "3", "1", List.of()), null, "1",
                "000.00.00.G22,2026/09/20,99/VPCP-TTĐT", List.of(), null, attachments));
    }

    Api.Response post(Api api, byte[] xml) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/exchange/edxml")).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml)), "vanthu.qk1");
    }

    @Test
    void an_infected_edxml_attachment_is_refused_before_anything_is_stored() {
        Api api = new Api(port);
        api.token("vanthu.qk1");
        Instant before = Instant.now().minusSeconds(1);
        long n = stored();
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        // The document itself carries the test file.
        var main = post(api, message("Thư có mã độc trong văn bản", List.of(new EdxmlMessage.Attachment("cid-1", "thong-bao.pdf", "application/pdf", null, Eicar.insidePdf()))));
        assertThat(main.status()).as(main.body()).isEqualTo(422);
        assertThat(main.body()).contains("/malware").contains("thong-bao.pdf").contains("TruongSon.Test.EICAR");
        // A second attachment carries it.
        var second = post(api, message("Thư có mã độc trong phụ lục", List.of(new EdxmlMessage.Attachment("cid-1", "thong-bao.pdf", "application/pdf", null, pdf),
                new EdxmlMessage.Attachment("cid-2", "phu-luc.docx", "application/octet-stream", null, Eicar.file()))));
        assertThat(second.status()).as(second.body()).isEqualTo(422);
        assertThat(second.body()).contains("phu-luc.docx");
        assertThat(stored()).as("nothing stored").isEqualTo(n);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.malware.refused' and at >= ? and target in ('file:thong-bao.pdf', 'file:phu-luc.docx')")
                .param(Timestamp.from(before)).query(Long.class).single()).isEqualTo(2);
        // A malformed message is left to the import's own problem (400), not a scanner error.
        var bad = post(api, "<not-edxml".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("edxml");
    }

    @Test
    void only_an_administrator_lets_one_kind_fail_open_and_it_is_audited_and_shown() throws Exception {
        Api api = new Api(port);
        try {
            var officer = api.put("/api/v1/security/scanner/overrides/PDF", "baomat.bqp", "{\"failOpen\":true,\"reason\":\"clamd bảo trì\"}");
            assertThat(officer.status()).isEqualTo(403);
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.scanner.override' and actor = 'baomat.bqp' and outcome = 'DENIED'")
                    .query(Long.class).single()).isPositive();
            var noReason = api.put("/api/v1/security/scanner/overrides/PDF", "admin", "{\"failOpen\":true}");
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.body()).contains("reason");
            for (String bad : List.of("FOO", "x".repeat(300))) {
                var r = api.put("/api/v1/security/scanner/overrides/" + bad, "admin", "{\"failOpen\":false}");
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.body()).contains("kind");
            }
            // A NUL in the path is refused by the edge before any handler (400 request-malformed), never 500.
            assertThat(api.put("/api/v1/security/scanner/overrides/pdf%00", "admin", "{\"failOpen\":false}").status()).isEqualTo(400);
            var poison = api.put("/api/v1/security/scanner/overrides/PDF", "admin", "{\"failOpen\":true,\"reason\":\"a\\u0000b\"}");
            assertThat(poison.status()).isEqualTo(400);
            assertThat(poison.body()).contains("reason");

            // Twelve identical settings at once: one row, each audited.
            List<Integer> statuses = SystemRegisterTest.parallel(12, () -> api.put("/api/v1/security/scanner/overrides/pdf", "admin",
                    "{\"failOpen\":true,\"reason\":\"Máy chủ quét đang bảo trì đến 17 giờ\"}").status());
            assertThat(statuses).containsOnly(200);
            assertThat(jdbc.sql("select count(*) from secops_scanner_override where kind = 'PDF' and fail_open").query(Long.class).single()).isEqualTo(1);

            var seen = api.get("/api/v1/security/scanner", "baomat.bqp");
            assertThat(seen.status()).isEqualTo(200);
            assertThat(seen.body()).contains("\"kind\":\"PDF\",\"kindName\":\"Tệp PDF\",\"failOpen\":true").contains("\"kind\":\"OFFICE\",\"kindName\"");
            assertThat(api.get("/api/v1/security/scanner", "baocao.sd3").status()).isEqualTo(403);
            String dash = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/office/security")
                    .with(Principals.as(jdbc, "baomat.bqp"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(dash).contains("security-fail-open").contains("Tệp PDF");

            // With the scanner down: the PDF is let through and audited; a Word file still gets 503.
            Path dir = Files.createTempDirectory("dead-clamd");
            MalwareScanner down = new MalwareScanner(DeadClamd.at(dir), audit, new ScannerProperties(true, "", "", java.time.Duration.ofSeconds(2), 1000), overrides);
            Instant before = Instant.now().minusSeconds(1);
            down.requireClean("ke-hoach.pdf", new ByteArrayInputStream("%PDF-1.4".getBytes()));
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.scanner.bypassed' and target = 'file:ke-hoach.pdf' and at >= ?")
                    .param(Timestamp.from(before)).query(Long.class).single()).isEqualTo(1);
            assertThatThrownBy(() -> down.requireClean("ke-hoach.docx", new ByteArrayInputStream("x".getBytes()))).isInstanceOf(ScannerUnavailable.class);
        } finally {
            var closed = api.put("/api/v1/security/scanner/overrides/PDF", "admin", "{\"failOpen\":false,\"reason\":\"Máy quét hoạt động trở lại\"}");
            assertThat(closed.status()).isEqualTo(200);
        }
        assertThat(overrides.failingOpen()).isEmpty();
        Path dir = Files.createTempDirectory("dead-clamd");
        MalwareScanner down = new MalwareScanner(DeadClamd.at(dir), audit, new ScannerProperties(true, "", "", java.time.Duration.ofSeconds(2), 1000), overrides);
        assertThatThrownBy(() -> down.requireClean("ke-hoach.pdf", new ByteArrayInputStream("x".getBytes()))).as("fail closed again").isInstanceOf(ScannerUnavailable.class);
    }
}
