package vn.truongson.population.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.truongson.support.Api;
import vn.truongson.support.SandboxRegistry;
import vn.truongson.support.TestDatabase;

/**
 * POST /api/v1/population/verify against the real sandbox registry, a separate process; then the sandbox
 * is stopped, and the answer must be "unavailable", not "not matched".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"truongson.demo.enabled=true", "truongson.data-dir=target/test-data",
            "truongson.population.read-timeout=1s", "truongson.population.retry-backoff=50ms"})
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerificationApiTest {

    static SandboxRegistry sandbox;

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry r) {
        r.add("truongson.population.registry-url", () -> {
            if (sandbox == null) sandbox = SandboxRegistry.start();
            return sandbox.url();
        });
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) sandbox.stop();
    }

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    Api.Response verify(String idNumber, String fullName, String dateOfBirth, String purpose) {
        String body = "{\"idNumber\":\"" + idNumber + "\",\"fullName\":\"" + fullName + "\",\"dateOfBirth\":\"" + dateOfBirth + "\""
                + (purpose == null ? "" : ",\"purpose\":\"" + purpose + "\"") + "}";
        return api.post("/api/v1/population/verify", "admin", body);
    }

    @Test
    @Order(1)
    void aCitizenMatchesWithNamesComparedAfterNfcAndCaseIgnored() {
        var r = verify("001090001234", Normalizer.normalize("NGUYỄN văn AN", Normalizer.Form.NFD), "14/05/1990", "ADMISSIONS");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("matched").asBoolean()).isTrue();
        assertThat(r.json().get("mismatches").size()).isZero();
        assertThat(verify("001090001234", "Nguyễn Văn An", "1990-05-14", "BORDER").json().get("matched").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void mismatchesNameTheFields() {
        var dob = verify("001090001234", "Nguyễn Văn An", "1990-05-15", "PUBLIC_SERVICE").json();
        assertThat(dob.get("matched").asBoolean()).isFalse();
        assertThat(dob.get("mismatches").toString()).isEqualTo("[\"dateOfBirth\"]");
        var both = verify("001090001234", "Nguyễn Văn Ân", "1991-05-14", "PUBLIC_SERVICE").json();
        assertThat(both.get("mismatches").toString()).isEqualTo("[\"fullName\",\"dateOfBirth\"]");
        // Well-formed, but never issued.
        var unknown = verify("001090999999", "Nguyễn Văn An", "1990-05-14", "PUBLIC_SERVICE").json();
        assertThat(unknown.get("mismatches").toString()).isEqualTo("[\"idNumber\"]");
    }

    @Test
    @Order(3)
    void aDeceasedCitizenNeverMatches() {
        var r = verify("079155000777", "Trần Thị Bích", "1955-03-02", "BORDER").json();
        assertThat(r.get("matched").asBoolean()).isFalse();
        assertThat(r.get("mismatches").toString()).isEqualTo("[\"status\"]");
    }

    @Test
    @Order(4)
    void aChangedNameMatchesOnlyUnderTheCurrentName() {
        assertThat(verify("048203000999", "Lê Hoàng Nam", "2003-11-20", "ADMISSIONS").json().get("matched").asBoolean()).isTrue();
        var old = verify("048203000999", "Lê Văn Tèo", "2003-11-20", "ADMISSIONS").json();
        assertThat(old.get("matched").asBoolean()).isFalse();
        assertThat(old.get("mismatches").toString()).isEqualTo("[\"fullName\"]");
    }

    @Test
    @Order(5)
    void everyLookupStatesAPurposeAndBadInputIsReportedWithoutAskingTheRegistry() {
        var none = verify("001090001234", "Nguyễn Văn An", "1990-05-14", null);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("\"field\":\"purpose\"", "mục đích");
        assertThat(verify("001090001234", "Nguyễn Văn An", "1990-05-14", "CURIOSITY").body()).contains("\"field\":\"purpose\"");
        var bad = verify("0039x1234567", "", "31/02/1990", "ADMISSIONS");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"idNumber\"", "\"field\":\"fullName\"", "\"field\":\"dateOfBirth\"", "Mã tỉnh \\\"003\\\"");
    }

    @Test
    @Order(6)
    void lookupsAreAuditedWithThePurposeAndTheNumberMasked() {
        var rows = jdbc.sql("select actor, target, outcome, detail from audit_event where action = 'population.verify' order by id")
                .query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)).list();
        assertThat(rows).anySatisfy(r -> assertThat(r).isEqualTo("admin|citizen:001******234|SUCCESS|purpose=ADMISSIONS; matched=true"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("citizen:079******777", "purpose=BORDER", "mismatches=status"));
        assertThat(String.join("\n", rows)).doesNotContain("001090001234", "Nguyễn", "1990");
        // The 400s above asked nobody, so they left no lookup behind.
        assertThat(rows).noneMatch(r -> r.contains("CURIOSITY") || r.contains("003"));
    }

    @Test
    @Order(7)
    void whenTheRegistryStopsTheAnswerIsUnavailableNeverNotMatched() {
        sandbox.stop();
        assertThat(sandbox.running()).isFalse();
        var r = verify("001090001234", "Nguyễn Văn An", "1990-05-14", "ADMISSIONS");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        assertThat(r.body()).contains("population-registry-unavailable", "không có nghĩa là thông tin không khớp").doesNotContain("matched");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'population.verify' and outcome = 'FAILURE' and detail like 'purpose=ADMISSIONS; registry unavailable%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }
}
