package vn.truongson.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The signed client token: accepted once, refused when replayed, late, tampered with or unsigned; all logged. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sandbox.data-dir=target/test-data", "sandbox.citizens.count=2000"})
class SignedRequestsTest {

    static final String SECRET = "truongson-sandbox-demo-secret";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body, long ts, String nonce, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String sig = SignedRequests.sign(secret, method, path, String.valueOf(ts), nonce, bytes);
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Registry-Client", "truongson").header("X-Registry-Timestamp", String.valueOf(ts))
                .header("X-Registry-Nonce", nonce).header("X-Registry-Signature", sig).header("X-Purpose", "ADMISSIONS")
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedRequestIsAnsweredOnceAndLogged() throws Exception {
        long now = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString();
        var r = send("GET", "/registry/v1/citizens/001090001234", "", now, nonce, SECRET);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Nguyễn Văn An");
        assertThat(send("GET", "/registry/v1/citizens/001090001234", "", now, nonce, SECRET).statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from access_log where path = '/registry/v1/citizens/001090001234' and purpose = 'ADMISSIONS'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void lateWrongOrTamperedRequestsAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(send("GET", "/registry/v1/citizens/001090001234", "", now - 360, UUID.randomUUID().toString(), SECRET).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/registry/v1/citizens/001090001234", "", now + 360, UUID.randomUUID().toString(), SECRET).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/registry/v1/citizens/001090001234", "", now, UUID.randomUUID().toString(), "guess").statusCode()).isEqualTo(401);
        // Signed for one body, sent with another.
        String nonce = UUID.randomUUID().toString();
        String signed = "{\"idNumber\":\"001090001234\",\"fullName\":\"Nguyễn Văn An\",\"dateOfBirth\":\"1990-05-14\"}";
        String sig = SignedRequests.sign(SECRET, "POST", "/registry/v1/citizens/match", String.valueOf(now), nonce, signed.getBytes(StandardCharsets.UTF_8));
        var tampered = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/registry/v1/citizens/match"))
                .header("X-Registry-Client", "truongson").header("X-Registry-Timestamp", String.valueOf(now)).header("X-Registry-Nonce", nonce)
                .header("X-Registry-Signature", sig).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signed.replace("1990-05-14", "1991-05-14"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(401);
        var unsigned = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/registry/v1/citizens/001090001234")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from access_log where outcome like 'REFUSED%'").query(Long.class).single()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void matchComparesNamesAfterNfcAndCaseAndFlagsTheEdgeCases() throws Exception {
        long now = Instant.now().getEpochSecond();
        var ok = send("POST", "/registry/v1/citizens/match", "{\"idNumber\":\"001090001234\",\"fullName\":\"NGUYỄN VĂN AN\",\"dateOfBirth\":\"1990-05-14\"}",
                now, UUID.randomUUID().toString(), SECRET);
        assertThat(ok.body()).contains("\"matched\":true", "\"mismatches\":[]");
        var dead = send("POST", "/registry/v1/citizens/match", "{\"idNumber\":\"079155000777\",\"fullName\":\"Trần Thị Bích\",\"dateOfBirth\":\"1955-03-02\"}",
                now, UUID.randomUUID().toString(), SECRET);
        assertThat(dead.body()).contains("\"matched\":false", "\"status\"", "DECEASED");
        var old = send("POST", "/registry/v1/citizens/match", "{\"idNumber\":\"048203000999\",\"fullName\":\"Lê Văn Tèo\",\"dateOfBirth\":\"2003-11-20\"}",
                now, UUID.randomUUID().toString(), SECRET);
        assertThat(old.body()).contains("\"matched\":false", "[\"fullName\"]", "\"matchesPreviousName\":true");
        var house = send("GET", "/registry/v1/households/001090001234", "", now, UUID.randomUUID().toString(), SECRET);
        assertThat(house.body()).contains("\"memberCount\":1", "Chủ hộ");
    }

    @Test
    void thePageSaysItIsASandbox() throws Exception {
        var page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Môi trường thử nghiệm (sandbox) — dữ liệu công dân là giả lập");
    }
}
