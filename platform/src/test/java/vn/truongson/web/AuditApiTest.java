package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** API.md "Audit", over real HTTP with bearer tokens. */
@PlatformTest
class AuditApiTest {

    /** A demo account without a second factor, so that the test can sign it in as often as it needs. */
    static final String SUBJECT = "baocao.qk1";

    @LocalServerPort int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static List<JsonNode> rows(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One failed and one successful sign-in of SUBJECT; answers the highest audit id seen before them. */
    private long signInTwice() {
        long before = rows(api.get("/api/v1/audit?limit=1", "auditor")).stream().mapToLong(n -> Long.parseLong(n.get("id").asString())).max().orElse(0);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"" + SUBJECT + "\",\"password\":\"SaiMatKhau999\"}").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"" + SUBJECT + "\",\"password\":\"" + Api.DEMO_PASSWORD + "\"}").status()).isEqualTo(200);
        return before;
    }

    @Test
    void without_a_token_the_answer_is_401_and_without_admin_or_auditor_grant_403() {
        assertThat(api.get("/api/v1/audit", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/verify", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit", "baocao.sd3").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/verify", "baocao.sd3").status()).isEqualTo(403);
    }

    @Test
    void filtering_by_actor_finds_the_sign_ins_just_made_newest_first() {
        long before = signInTwice();
        List<JsonNode> rows = rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&action=signin", "auditor"));
        assertThat(rows).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("actor").asString()).isEqualTo(SUBJECT);
            assertThat(n.get("action").asString()).isEqualTo("signin");
            assertThat(n.get("id").isString()).isTrue();
        });
        List<JsonNode> fresh = rows.stream().filter(n -> Long.parseLong(n.get("id").asString()) > before).toList();
        assertThat(fresh).extracting(n -> n.get("outcome").asString()).containsExactly("SUCCESS", "FAILURE");
        JsonNode last = fresh.getFirst();
        assertThat(last.get("target").asString()).isEqualTo("account:" + SUBJECT);
        assertThat(last.get("zone").asString()).isEqualTo("military-network");
        assertThat(last.get("ip").asString()).isNotBlank();
        // ISO 8601 with an offset, and recent.
        OffsetDateTime at = OffsetDateTime.parse(last.get("at").asString());
        assertThat(at.getOffset().getTotalSeconds()).isEqualTo(7 * 3600);
        assertThat(at.toInstant()).isAfter(java.time.Instant.now().minusSeconds(300));
        List<Long> ids = rows.stream().map(n -> Long.parseLong(n.get("id").asString())).toList();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // Another actor's filter does not show these rows.
        assertThat(rows(api.get("/api/v1/audit?actor=baocao.sd3&action=signin", "auditor")))
                .noneMatch(n -> n.get("actor").asString().equals(SUBJECT));
        // The outcome filter (an addition to API.md) keeps only failures.
        assertThat(rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&outcome=FAILURE", "auditor")))
                .isNotEmpty().allSatisfy(n -> assertThat(n.get("outcome").asString()).isEqualTo("FAILURE"));
    }

    @Test
    void from_and_to_take_dates_in_vietnam_time_and_instants() {
        long before = signInTwice();
        JsonNode row = rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&limit=1", "auditor")).getFirst();
        long id = Long.parseLong(row.get("id").asString());
        assertThat(id).isGreaterThan(before);
        OffsetDateTime at = OffsetDateTime.parse(row.get("at").asString());
        LocalDate day = at.atZoneSameInstant(ZoneId.of("Asia/Ho_Chi_Minh")).toLocalDate();

        // A date as "to" includes that whole day; as "from", starts it.
        assertThat(ids("from=" + day + "&to=" + day)).contains(id);
        assertThat(ids("to=" + day.minusDays(1))).doesNotContain(id);
        assertThat(ids("from=" + day.plusDays(1))).isEmpty();
        // Instants: "to" is exclusive.
        assertThat(ids("from=" + enc(at.minusSeconds(1).toString()) + "&to=" + enc(at.plusSeconds(1).toString()))).contains(id);
        assertThat(ids("to=" + enc(at.toInstant().toString()))).doesNotContain(id);
        assertThat(ids("from=" + enc(at.toInstant().minusSeconds(5).toString()))).contains(id);
    }

    private List<Long> ids(String query) {
        return rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&" + query, "auditor")).stream()
                .map(n -> Long.parseLong(n.get("id").asString())).toList();
    }

    @Test
    void a_bad_date_is_a_400_naming_the_field_in_the_callers_language() {
        Api.Response r = api.get("/api/v1/audit?from=hom-qua", "auditor");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().get("content-type")).anySatisfy(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode errors = r.json().get("errors");
        assertThat(errors.size()).isEqualTo(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("from");
        assertThat(errors.get(0).get("message").asString()).contains("ISO 8601");

        Api.Response en = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/audit?to=2026-13-45&from=x"))
                .header("Accept-Language", "en").GET(), "auditor");
        assertThat(en.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        en.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("from", "to");
        assertThat(en.json().get("errors").get(0).get("message").asString()).startsWith("Use an ISO 8601 instant");

        Api.Response reversed = api.get("/api/v1/audit?from=2026-11-20&to=2026-11-19", "auditor");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }

    @Test
    void the_chain_verifies_and_counts_every_row() {
        signInTwice();
        long newest = Long.parseLong(rows(api.get("/api/v1/audit?limit=1", "auditor")).getFirst().get("id").asString());
        Api.Response r = api.get("/api/v1/audit/verify", "admin");
        assertThat(r.status()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("ok").asBoolean()).isTrue();
        assertThat(v.get("checked").asLong()).isGreaterThanOrEqualTo(newest);
        assertThat(v.get("firstBrokenId").isNull()).isTrue();
    }
}
