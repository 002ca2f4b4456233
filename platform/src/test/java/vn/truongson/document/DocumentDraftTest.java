package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** Drafting (POST /api/v1/documents): what is accepted, and every kind of bad input refused with nothing written. */
@PlatformTest
class DocumentDraftTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    long count() {
        return jdbc.sql("select (select count(*) from document_document) + (select count(*) from document_recipient)").query(Long.class).single();
    }

    static void badField(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
        assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void a_drafter_uploads_a_pdf_and_gets_a_draft_with_the_decree_30_notation() {
        String meta = f.metadata("CV", "Về việc triển khai chữ ký số", "THUONG", "KHAN",
                "[{\"unitId\":\"" + f.unit("QK1") + "\"},{\"organId\":\"000.00.00.G22\",\"name\":\"Văn phòng Chính phủ\"}]");
        var r = f.upload(DocumentFixtures.DRAFTER, meta, DocumentFixtures.pdf("Về việc triển khai chữ ký số", "Nội dung công văn."));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("DRAFT");
        var d = api.get("/api/v1/documents/" + r.json().get("id").asString(), DocumentFixtures.DRAFTER).json();
        assertThat(d.get("notation").asString()).isEqualTo("BTL86-VP"); // công văn: agency - drafting unit
        assertThat(d.get("urgency").asString()).isEqualTo("KHAN");
        assertThat(d.get("recipients")).hasSize(2);
        assertThat(d.get("recipients").get(1).get("organId").asString()).isEqualTo("000.00.00.G22");

        var q = f.upload(DocumentFixtures.DRAFTER, f.metadata("QĐ", "Quyết định thử", "THUONG", "THUONG", f.toQk1()), DocumentFixtures.pdf("QĐ", "x"));
        var qd = api.get("/api/v1/documents/" + q.json().get("id").asString(), DocumentFixtures.DRAFTER).json();
        assertThat(qd.get("notation").asString()).isEqualTo("QĐ-BTL86");
        assertThat(qd.get("type").asString()).isEqualTo("QĐ");
    }

    @Test
    void a_body_without_a_file_is_rendered_to_a_decree_30_pdf() {
        String meta = f.metadata("TB", "Thông báo lịch họp giao ban", "THUONG", "THUONG", f.toQk1()).replace("}", ",\"body\":\"Kính gửi các đơn vị.\\nĐúng 8 giờ.\"}");
        var r = f.upload(DocumentFixtures.DRAFTER, meta, null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var file = api.get("/api/v1/documents/" + r.json().get("id").asString() + "/file", DocumentFixtures.DRAFTER);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).startsWith("%PDF-");
    }

    @Test
    void bad_metadata_is_refused_naming_the_field_and_nothing_is_written() {
        long before = count();
        byte[] pdf = DocumentFixtures.pdf("x", "y");
        String qk1 = f.toQk1();
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("XYZ", "Trích yếu", "THUONG", "THUONG", qk1), pdf), "type");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "", "THUONG", "THUONG", qk1), pdf), "subject");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "a".repeat(501), "THUONG", "THUONG", qk1), pdf), "subject");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "SECRET", "THUONG", qk1), pdf), "secrecy");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "NOW", qk1), pdf), "urgency");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", "[]"), pdf), "recipients");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", "[{\"unitId\":\"999999999\"}]"), pdf),
                "recipients[0].unitId");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", "[{\"organId\":\"G22\",\"name\":\"X\"}]"), pdf),
                "recipients[0].organId");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", "[{\"name\":\"Ai đó\"}]"), pdf), "recipients[0]");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", qk1).replace(f.official("ky.btl86"), "77777777"), pdf),
                "signerId");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", qk1).replace(f.unit("BTL86"), "abc"), pdf),
                "issuingUnitId");
        badField(f.upload(DocumentFixtures.DRAFTER, "{not json", pdf), "metadata");
        badField(f.upload(DocumentFixtures.DRAFTER, null, pdf), "metadata");
        badField(f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", qk1), null), "file");
        // The signer must be cleared for the document: soanthao.btl86 (Thường) cannot be named to sign a Mật one.
        badField(f.upload(DocumentFixtures.CLERK, f.metadata("CV", "Trích yếu", "MAT", "THUONG", qk1).replace(f.official("ky.btl86"),
                f.official("soanthao.btl86")), pdf), "signerId");
        // Only a holder of SIGNER covering the issuing unit may be named (issue 13): the drafter, cleared and of the unit, may not.
        var noGrant = f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Trích yếu", "THUONG", "THUONG", qk1).replace(f.official("ky.btl86"),
                f.official("soanthao.btl86")), pdf);
        badField(noGrant, "signerId");
        assertThat(noGrant.body()).contains("không có quyền ký");
        // The signer's authority as Decree 30 has it: KT. needs what it is signed for; Q. is not a deputy's; unknown names refused.
        String kt = f.metadata("CV", "Trích yếu", "THUONG", "THUONG", qk1);
        badField(f.upload(DocumentFixtures.DRAFTER, kt.replace("\"recipients\"", "\"signerAuthority\":\"KT\",\"recipients\""), pdf), "signerFor");
        badField(f.upload(DocumentFixtures.DRAFTER, kt.replace("\"recipients\"", "\"signerAuthority\":\"Q\",\"signerFor\":\"Tư lệnh\",\"recipients\""), pdf),
                "signerAuthority");
        badField(f.upload(DocumentFixtures.DRAFTER, kt.replace("\"recipients\"", "\"signerAuthority\":\"KY_THAY\",\"signerFor\":\"Tư lệnh\",\"recipients\""), pdf),
                "signerAuthority");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void uploads_are_checked_by_content() {
        long before = count();
        String meta = f.metadata("CV", "Kiểm tra tệp", "THUONG", "THUONG", f.toQk1());
        var notPdf = f.upload(DocumentFixtures.DRAFTER, meta, "MZ this is an executable".getBytes());
        badField(notPdf, "file");
        assertThat(notPdf.body()).contains("PDF");
        var js = f.upload(DocumentFixtures.DRAFTER, meta, DocumentFixtures.withJavaScript());
        badField(js, "file");
        assertThat(js.body()).contains("JavaScript");
        var enc = f.upload(DocumentFixtures.DRAFTER, meta, DocumentFixtures.encrypted());
        badField(enc, "file");
        assertThat(enc.body()).contains("mã hóa");
        var xref = f.upload(DocumentFixtures.DRAFTER, meta, DocumentFixtures.brokenXref());
        badField(xref, "file");
        assertThat(xref.body()).contains("xref");
        byte[] huge = new byte[21 * 1024 * 1024];
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, huge, 0, 9);
        var big = f.upload(DocumentFixtures.DRAFTER, meta, huge);
        badField(big, "file");
        assertThat(big.body()).contains("20 MB");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void a_drafter_cannot_draft_above_their_clearance_nor_for_a_unit_outside_their_grants() {
        long before = count();
        byte[] pdf = DocumentFixtures.pdf("x", "y");
        var secret = f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Mật", "MAT", "THUONG", f.toQk1()), pdf);
        assertThat(secret.status()).as(secret.body()).isEqualTo(403);
        var other = f.upload(DocumentFixtures.DRAFTER, f.metadata("CV", "Khác đơn vị", "THUONG", "THUONG", f.toQk1()).replace(f.unit("BTL86"), f.unit("QK1")), pdf);
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void no_token_is_401() {
        assertThat(api.get("/api/v1/documents", null).status()).isEqualTo(401);
    }
}
