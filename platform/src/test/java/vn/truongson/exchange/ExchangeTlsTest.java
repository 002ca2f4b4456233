package vn.truongson.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * A TLS client certificate for a system (issue 14 item 3): the owner sends the system's PKCS#10 request, the
 * platform's issuing CA answers with a clientAuth certificate that openssl verifies against the chain; the mediator
 * accepts it (its fingerprint passed by the trusted proxy) in place of a bearer token; revoked, it fails at the next
 * call and the CA's CRL carries it.
 */
@PlatformTest
class ExchangeTlsTest {

    @LocalServerPort int port;
    @TempDir Path dir;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit=" + p.exitValue() + "\n" + out;
    }

    HttpResponse<String> call(String fingerprint) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + "/x/TRUONGSON/units?q=quan%20khu")).header("X-Client-Cert-SHA256", fingerprint)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String csr(String keyAlgorithm) throws Exception {
        String key = dir.resolve(keyAlgorithm + ".key").toString();
        String gen = keyAlgorithm.equals("ec")
                ? run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
                : run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", key);
        assertThat(gen).startsWith("exit=0");
        Path csr = dir.resolve(keyAlgorithm + ".csr");
        assertThat(run(dir, "openssl", "req", "-new", "-key", key, "-subj", "/CN=ignored", "-out", csr.toString())).startsWith("exit=0");
        return Files.readString(csr);
    }

    @Test
    void a_system_gets_a_client_certificate_from_its_csr_the_mediator_accepts_it_and_a_revoked_one_fails_at_once() throws Exception {
        String csr = csr("ec");
        String body = "{\"csr\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(csr) + "}";
        // Only the system's owner; bad requests named on csr.
        assertThat(api.post("/api/v1/exchange/systems/QLVB-QK1/certificates", "hethong.btl86", body).status()).isEqualTo(403);
        Api.Response garbage = api.post("/api/v1/exchange/systems/QLVB-QK1/certificates", "hethong.qk1", "{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n\"}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"field\":\"csr\"");
        String weak = "{\"csr\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(csr("rsa")) + "}";
        Api.Response weakKey = api.post("/api/v1/exchange/systems/QLVB-QK1/certificates", "hethong.qk1", weak);
        assertThat(weakKey.status()).isEqualTo(400);
        assertThat(weakKey.body()).contains("\"field\":\"csr\"").contains("2048");

        Api.Response issued = api.post("/api/v1/exchange/systems/QLVB-QK1/certificates", "hethong.qk1", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String pem = issued.json().get("certificate").asString();
        Files.writeString(dir.resolve("cert.pem"), pem);
        Files.writeString(dir.resolve("chain.pem"), issued.json().get("chain").asString());
        // openssl: the chain verifies for a TLS client, the EKU is clientAuth, the subject names the system.
        assertThat(run(dir, "openssl", "verify", "-purpose", "sslclient", "-CAfile", "chain.pem", "cert.pem")).startsWith("exit=0").contains("cert.pem: OK");
        assertThat(run(dir, "openssl", "verify", "-purpose", "sslserver", "-CAfile", "chain.pem", "cert.pem")).doesNotStartWith("exit=0");
        String text = run(dir, "openssl", "x509", "-in", "cert.pem", "-noout", "-text", "-nameopt", "RFC2253");
        assertThat(text).contains("TLS Web Client Authentication").contains("CN=QLVB-QK1").contains("CA:FALSE");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        assertThat(issued.json().get("sha256").asString()).isEqualTo(fingerprint);
        assertThat(cert.getNotAfter().toInstant()).isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(31)));

        // The mediator accepts the verified certificate (its fingerprint from the trusted proxy) in place of a token.
        HttpResponse<String> ok = call(fingerprint);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(call("00".repeat(32)).statusCode()).isEqualTo(401);
        assertThat(call("not-a-fingerprint").statusCode()).isEqualTo(401);

        // Revoked: the next call fails, and the CA's CRL lists it (openssl refuses the certificate against it).
        String clientId = issued.json().get("clientId").asString();
        assertThat(api.delete("/api/v1/exchange/systems/QLVB-QK1/credentials/" + clientId, "hethong.qk1").status()).isEqualTo(204);
        assertThat(call(fingerprint).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> crl = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pki/crl")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Files.write(dir.resolve("crl.der"), crl.body());
        assertThat(run(dir, "openssl", "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem")).startsWith("exit=0");
        String check = run(dir, "openssl", "verify", "-crl_check", "-CRLfile", "crl.pem", "-purpose", "sslclient", "-CAfile", "chain.pem", "cert.pem");
        assertThat(check).doesNotStartWith("exit=0").contains("revoked");
        assertThat(api.get("/api/v1/exchange/systems/QLVB-QK1/credentials", "hethong.qk1").body()).contains(clientId);
        assertThat(List.of(issued.json().get("serial").asString())).allMatch(s -> s.matches("[0-9A-F]+"));
    }
}
