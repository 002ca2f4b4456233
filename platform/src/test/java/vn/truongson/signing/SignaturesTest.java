package vn.truongson.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.core.DomainException;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * The real thing end to end: keys on SoftHSM2, PAdES B-T by DSS with the platform's TSA, checked by Poppler's
 * {@code pdfsig} as well as by our own validator.
 */
@PlatformTest
class SignaturesTest {

    @LocalServerPort int port;
    @Autowired Signatures signatures;

    long officialId(Api api, String username) {
        return Long.parseLong(api.get("/api/v1/me", username).json().get("id").asString());
    }

    long unitId(Api api, String code) {
        var units = api.get("/api/v1/units?q=" + code, "admin").json();
        for (var u : units) if (u.get("code").asString().equals(code)) return Long.parseLong(u.get("id").asString());
        throw new IllegalStateException("no unit " + code);
    }

    @Test
    void personal_then_agency_signature_verify_in_pdfsig_and_in_our_validator_and_one_changed_byte_fails_both() throws Exception {
        Api api = new Api(port);
        long ky = officialId(api, "ky.btl86");
        long btl86 = unitId(api, "BTL86");
        assertThat(signatures.hasPersonalCertificate(ky)).as("demo certificate of ky.btl86").isTrue();
        assertThat(signatures.hasUnitCertificate(btl86)).as("demo seal of BTL86").isTrue();

        byte[] pdf = SigningFixtures.decree30Pdf("KT. TƯ LỆNH / PHÓ TƯ LỆNH", "Nguyễn Văn Phúc");
        byte[] once = signatures.signPersonal(ky, "123456".toCharArray(), pdf);
        byte[] twice = signatures.signAsUnit(btl86, once);
        Files.write(Path.of("target", "signed-twice.pdf"), twice);

        String pdfsig = SigningFixtures.pdfsig(twice);
        assertThat(pdfsig).contains("Signature #1", "Signature #2");
        assertThat(pdfsig.split("Signature is Valid", -1)).as(pdfsig).hasSize(3);
        assertThat(pdfsig).contains("Nguyễn Văn Phúc", "Bộ Tư lệnh 86");

        Signatures.Validation v = signatures.validate(twice);
        assertThat(v.signatures()).hasSize(2);
        assertThat(v.signatures()).allSatisfy(s -> {
            assertThat(s.intact()).isTrue();
            assertThat(s.timestamped()).isTrue();
            assertThat(s.certificateStatus()).isEqualTo("GOOD");
            assertThat(s.indication()).isEqualTo("TOTAL_PASSED");
            assertThat(s.signedAt()).isNotNull();
        });
        assertThat(v.signatures()).extracting(Signatures.Verdict::signer).containsExactlyInAnyOrder("Nguyễn Văn Phúc", "Bộ Tư lệnh 86");
        assertThat(v.valid()).isTrue();

        byte[] tampered = SigningFixtures.tamper(twice);
        String broken = SigningFixtures.pdfsig(tampered);
        assertThat(broken).doesNotContain("Signature is Valid");
        Signatures.Validation bad = signatures.validate(tampered);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.signatures()).hasSize(2).allSatisfy(s -> {
            assertThat(s.intact()).isFalse();
            assertThat(s.indication()).isEqualTo("TOTAL_FAILED");
        });
    }

    @Test
    void an_unsigned_pdf_is_not_valid_and_a_non_pdf_is_bad_input() {
        Signatures.Validation v = signatures.validate(SigningFixtures.decree30Pdf("CHỈ HUY", "Ai Đó"));
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures()).isEmpty();
        assertThatThrownBy(() -> signatures.validate("hello, not a pdf".getBytes()))
                .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("file"));
    }

    @Test
    void the_root_certificate_and_the_crl_are_public() {
        Api api = new Api(port);
        var pem = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pki/ca.pem")).GET(), null);
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----");
        var crl = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pki/crl")).GET(), null);
        assertThat(crl.status()).isEqualTo(200);
        assertThat(crl.headers().get("content-type").getFirst()).startsWith("application/pkix-crl");
    }
}
