package vn.truongson.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.DomainException;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import tools.jackson.databind.JsonNode;

/** The PKI endpoints over real HTTP: issuing, revoking (and the CRL), the TSA, validation, and bad input for each. */
@PlatformTest
class PkiApiTest {

    @LocalServerPort int port;
    @Autowired Signatures signatures;
    @Autowired JdbcClient jdbc;

    long officialId(Api api, String username) {
        return Long.parseLong(api.get("/api/v1/me", username).json().get("id").asString());
    }

    long unitId(Api api, String code) {
        for (JsonNode u : api.get("/api/v1/units?q=" + code, "admin").json()) {
            if (u.get("code").asString().equals(code)) return Long.parseLong(u.get("id").asString());
        }
        throw new IllegalStateException("no unit " + code);
    }

    int certificates() {
        return jdbc.sql("select count(*) from signing_certificate").query(Integer.class).single();
    }

    static void assertField(Api.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void an_administrator_issues_a_personal_certificate_and_bad_requests_change_nothing() throws Exception {
        Api api = new Api(port);
        long id = officialId(api, "baocao.sd3");
        int before = certificates();
        // Missing, empty and weak PINs: 400 on pin, nothing issued.
        assertField(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{}"), 400, "pin");
        assertField(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"\"}"), 400, "pin");
        assertField(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"12345\"}"), 400, "pin");
        assertField(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"000000\"}"), 400, "pin");
        assertField(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"mật khẩu\"}"), 400, "pin");
        // Not an administrator: 403 before any field is looked at. Unknown official, or not an id: 404.
        assertThat(api.post("/api/v1/pki/officials/" + id + "/certificates", "baocao.sd3", "{\"pin\":\"13572468\"}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/pki/officials/99999999/certificates", "admin", "{\"pin\":\"13572468\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/pki/officials/abc/certificates", "admin", "{\"pin\":\"13572468\"}").status()).isEqualTo(404);
        assertThat(certificates()).isEqualTo(before);

        Api.Response r = api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"13572468\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("serial").asString()).matches("[0-9A-F]+");
        assertThat(c.get("subject").asString()).contains("Ngô Văn Bình");
        assertThat(c.get("notAfter").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(signatures.hasPersonalCertificate(id)).isTrue();

        // The key signs under that PIN.
        byte[] signed = signatures.signPersonal(id, "13572468".toCharArray(), SigningFixtures.decree30Pdf("TRỢ LÝ", "Ngô Văn Bình"));
        assertThat(signatures.validate(signed).valid()).isTrue();

        // Reissue: a new serial, the old one superseded, the new key under the new PIN.
        String again = api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"24681357\"}").json().get("serial").asString();
        assertThat(again).isNotEqualTo(c.get("serial").asString());
        assertThatThrownBy(() -> signatures.signPersonal(id, "13572468".toCharArray(), SigningFixtures.decree30Pdf("TRỢ LÝ", "Ngô Văn Bình")))
                .isInstanceOf(DomainException.BadInput.class);
        assertThat(signatures.signPersonal(id, "24681357".toCharArray(), SigningFixtures.decree30Pdf("TRỢ LÝ", "Ngô Văn Bình"))).isNotEmpty();
    }

    @Test
    void five_wrong_pins_lock_the_key_until_an_administrator_unlocks_it() {
        Api api = new Api(port);
        long id = officialId(api, "baocao.btlbp");
        assertThat(api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"97531864\"}").status()).isEqualTo(201);
        byte[] pdf = SigningFixtures.decree30Pdf("TRỢ LÝ", "Đỗ Thị Hồng Nhung");
        for (int i = 1; i <= 4; i++) {
            assertThatThrownBy(() -> signatures.signPersonal(id, "11112222".toCharArray(), pdf))
                    .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("pin"));
        }
        assertThatThrownBy(() -> signatures.signPersonal(id, "11112222".toCharArray(), pdf))
                .isInstanceOfSatisfying(DomainException.Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("signing.key-locked-now"));
        // Locked: even the right PIN is refused, and says why.
        assertThatThrownBy(() -> signatures.signPersonal(id, "97531864".toCharArray(), pdf))
                .isInstanceOfSatisfying(DomainException.Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("signing.key-locked"));
        assertThat(api.get("/api/v1/pki/certificates", "admin").body()).contains("\"locked\":true");

        assertThat(api.post("/api/v1/pki/officials/" + id + "/unlock", "baocao.btlbp", "{}").status()).isEqualTo(403);
        Api.Response unlocked = api.post("/api/v1/pki/officials/" + id + "/unlock", "admin", "{}");
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(unlocked.json().get("locked").asBoolean()).isFalse();
        assertThat(signatures.signPersonal(id, "97531864".toCharArray(), pdf)).isNotEmpty();
    }

    @Test
    void revoking_publishes_a_new_crl_and_later_validations_say_revoked() throws Exception {
        Api api = new Api(port);
        long id = officialId(api, "baocao.qk1");
        assertThat(api.post("/api/v1/pki/officials/" + id + "/revoke", "admin", "{}").status()).as("nothing to revoke yet").isEqualTo(409);
        String serial = api.post("/api/v1/pki/officials/" + id + "/certificates", "admin", "{\"pin\":\"86420975\"}").json().get("serial").asString();
        byte[] signed = signatures.signPersonal(id, "86420975".toCharArray(), SigningFixtures.decree30Pdf("TRỢ LÝ", "Bùi Thị Lan"));
        assertThat(signatures.validate(signed).signatures().getFirst().certificateStatus()).isEqualTo("GOOD");

        assertThat(api.post("/api/v1/pki/officials/" + id + "/revoke", "baocao.qk1", "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/pki/officials/99999999/revoke", "admin", "{}").status()).isEqualTo(404);
        Api.Response revoked = api.post("/api/v1/pki/officials/" + id + "/revoke", "admin", "{}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("serial").asString()).isEqualTo(serial);
        assertThat(api.post("/api/v1/pki/officials/" + id + "/revoke", "admin", "{}").status()).as("twice").isEqualTo(409);

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(get(api, "/api/v1/pki/crl")));
        assertThat(crl.getRevokedCertificate(new BigInteger(serial, 16))).isNotNull();
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(get(api, "/api/v1/pki/ca.pem")));
        assertThat(root.getSubjectX500Principal().getName()).contains("Trường Sơn Root CA");

        Signatures.Verdict v = signatures.validate(signed).signatures().getFirst();
        assertThat(v.certificateStatus()).isEqualTo("REVOKED");
        assertThat(signatures.hasPersonalCertificate(id)).isFalse();
        assertThatThrownBy(() -> signatures.signPersonal(id, "86420975".toCharArray(), SigningFixtures.decree30Pdf("TRỢ LÝ", "Bùi Thị Lan")))
                .isInstanceOf(DomainException.Conflict.class);
    }

    @Test
    void unit_certificates_are_for_administrators_of_the_unit() {
        Api api = new Api(port);
        long sd3 = unitId(api, "SD3");
        int before = certificates();
        assertThat(api.post("/api/v1/pki/units/" + sd3 + "/certificates", "baocao.sd3", "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/pki/units/99999999/certificates", "admin", "{}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/pki/units/x/certificates", "admin", "{}").status()).isEqualTo(404);
        assertThat(certificates()).isEqualTo(before);
        Api.Response r = api.post("/api/v1/pki/units/" + sd3 + "/certificates", "admin", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("subject").asString()).contains("Sư đoàn 3");
        assertThat(signatures.hasUnitCertificate(sd3)).isTrue();
        assertThat(api.post("/api/v1/pki/units/" + sd3 + "/revoke", "admin", "{}").json().get("serial").asString())
                .isEqualTo(r.json().get("serial").asString());
        assertThat(signatures.hasUnitCertificate(sd3)).isFalse();
    }

    @Test
    void the_tsa_answers_a_real_rfc3161_request_and_the_timestamp_verifies() throws Exception {
        Api api = new Api(port);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("Trường Sơn".getBytes(StandardCharsets.UTF_8));
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest request = g.generate(NISTObjectIdentifiers.id_sha256, digest, BigInteger.valueOf(20261122));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pki/tsa"))
                .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/timestamp-reply");
        TimeStampResponse response = new TimeStampResponse(r.body());
        response.validate(request);
        TimeStampToken token = response.getTimeStampToken();
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(BigInteger.valueOf(20261122));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        X509Certificate tsa = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        // The TSA's certificate chains to the published root through the issuing CA in the token.
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(get(api, "/api/v1/pki/ca.pem")));
        X509Certificate issuing = null;
        for (Object o : token.getCertificates().getMatches(null)) {
            X509Certificate c = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) o);
            if (c.getSubjectX500Principal().equals(tsa.getIssuerX500Principal())) issuing = c;
        }
        assertThat(issuing).isNotNull();
        tsa.verify(issuing.getPublicKey());
        issuing.verify(root.getPublicKey());

        // Bad input: wrong content type, garbage, empty.
        assertThat(post(api, "/api/v1/pki/tsa", "application/octet-stream", request.getEncoded())).isEqualTo(400);
        assertThat(post(api, "/api/v1/pki/tsa", "application/timestamp-query", "not a query".getBytes())).isEqualTo(400);
        assertThat(post(api, "/api/v1/pki/tsa", "application/timestamp-query", new byte[0])).isEqualTo(400);
    }

    @Test
    void the_validate_endpoint_answers_for_signed_unsigned_and_non_pdf_files() throws Exception {
        Api api = new Api(port);
        long ky = officialId(api, "ky.btl86");
        byte[] signed = signatures.signPersonal(ky, "123456".toCharArray(), SigningFixtures.decree30Pdf("PHÓ TƯ LỆNH", "Nguyễn Văn Phúc"));
        Api.Response ok = multipart(api, "file", signed, "vanthu.qk1");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode j = ok.json();
        assertThat(j.get("valid").asBoolean()).isTrue();
        JsonNode s = j.get("signatures").get(0);
        assertThat(s.get("signer").asString()).isEqualTo("Nguyễn Văn Phúc");
        assertThat(s.get("timestamped").asBoolean()).isTrue();
        assertThat(s.get("certificateStatus").asString()).isEqualTo("GOOD");
        assertThat(s.get("intact").asBoolean()).isTrue();
        assertThat(s.get("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(s.get("signedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");

        Api.Response unsigned = multipart(api, "file", SigningFixtures.decree30Pdf("X", "Y"), "vanthu.qk1");
        assertThat(unsigned.status()).isEqualTo(200);
        assertThat(unsigned.json().get("valid").asBoolean()).isFalse();
        assertThat(unsigned.json().get("signatures").size()).isZero();

        assertField(multipart(api, "file", "hello".getBytes(), "vanthu.qk1"), 400, "file");
        assertField(multipart(api, "file", "%PDF-1.7 broken beyond repair".getBytes(), "vanthu.qk1"), 400, "file");
        assertThat(multipart(api, "other", signed, "vanthu.qk1").status()).isEqualTo(400);
        assertThat(multipart(api, "file", signed, null).status()).isEqualTo(401);
    }

    private static byte[] get(Api api, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int post(Api api, String path, String type, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static Api.Response multipart(Api api, String part, byte[] content, String username) {
        String boundary = "----ts" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"vb.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/signatures/validate"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), username);
    }
}
