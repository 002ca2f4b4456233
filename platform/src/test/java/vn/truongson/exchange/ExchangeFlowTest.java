package vn.truongson.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * The data-sharing platform end to end over real HTTP (issue 14): a provider registered by its owner, a consumer by
 * another, credentials, an agreement asked and approved with fewer fields, a token, calls through the mediator to a
 * real peer provider (an HTTP server the test started), the answer filtered, the message log and the audit trail.
 * Then every refusal: rate, suspension, revocation, expiry, another system's token, a wrong secret, poison, oracles,
 * privilege, provider down, slow and garbage.
 */
@PlatformTest
class ExchangeFlowTest {

    static PeerProvider peer;

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired LogSeals seals;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPeer() throws Exception {
        peer = new PeerProvider();
    }

    @AfterAll
    static void stopPeer() {
        peer.close();
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String suffix() {
        return Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    /** A provider system of BTL86 on the peer, with service people (four fields), registered by hethong.btl86. */
    String provider(String endpoint) {
        String code = "QLQN-" + suffix();
        Api.Response r = api.post("/api/v1/exchange/systems", "hethong.btl86", """
                {"code":"%s","name":"Hệ thống quản lý quân nhân (thử)","ownerUnitId":"%s","purpose":"Hồ sơ quân nhân tổng hợp",
                 "securityLevel":3,"secrecy":"THUONG","zones":["military-network"],"status":"IN_SERVICE","endpointBaseUrl":"%s"}"""
                .formatted(code, unit("BTL86"), endpoint));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        for (String svc : List.of("people", "garbage", "failing", "slow")) {
            Api.Response s = api.post("/api/v1/exchange/systems/" + code + "/services", "hethong.btl86", """
                    {"code":"%s","name":"Danh sách quân nhân","path":"/%s","secrecy":"THUONG","fields":[
                     {"name":"id","classification":"PUBLIC"},{"name":"fullName","classification":"PERSONAL"},
                     {"name":"rank","classification":"INTERNAL"},{"name":"idNumber","classification":"PERSONAL"}]}""".formatted(svc, svc));
            assertThat(s.status()).as(s.body()).isEqualTo(201);
        }
        return code;
    }

    /** A consumer system of QK1, registered by hethong.qk1. */
    String consumer() {
        String code = "APP-" + suffix();
        Api.Response r = api.post("/api/v1/exchange/systems", "hethong.qk1", """
                {"code":"%s","name":"Ứng dụng khai thác (thử)","ownerUnitId":"%s","purpose":"Khai thác danh sách quân nhân",
                 "securityLevel":2,"secrecy":"THUONG","zones":["military-network"]}""".formatted(code, unit("QK1")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return code;
    }

    String[] credentials(String system, String owner) {
        Api.Response r = api.post("/api/v1/exchange/systems/" + system + "/credentials", owner, "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new String[] {r.json().get("clientId").asString(), r.json().get("clientSecret").asString()};
    }

    String agree(String consumer, String provider, String service, String requestedFields, String approval) {
        Api.Response r = api.post("/api/v1/exchange/agreements", "hethong.qk1", """
                {"consumer":"%s","provider":"%s","service":"%s","purpose":"Thử nghiệm khai thác","legalBasis":"Nghị định 47/2020/NĐ-CP",
                 "fields":%s,"validUntil":"%s"}""".formatted(consumer, provider, service, requestedFields, LocalDate.now().plusMonths(6)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("REQUESTED");
        String id = r.json().get("id").asString();
        Api.Response a = api.post("/api/v1/exchange/agreements/" + id + "/approve", "hethong.btl86", approval);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("status").asString()).isEqualTo("ACTIVE");
        return id;
    }

    HttpResponse<String> tokenResponse(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + "/oauth2/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String token(String[] cred) throws Exception {
        HttpResponse<String> r = tokenResponse(cred[0], cred[1]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = Api.json(r.body());
        assertThat(n.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(n.get("expires_in").asInt()).isBetween(60, 3600);
        return n.get("access_token").asString();
    }

    HttpResponse<String> call(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void register_agree_approve_fewer_fields_call_filtered_and_logged() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        // The catalogue shows both, with the fields' classification; search folds diacritics.
        Api.Response cat = api.get("/api/v1/exchange/catalogue?q=quan%20ly%20quan%20nhan", "baocao.qk1");
        assertThat(cat.status()).isEqualTo(200);
        assertThat(cat.body()).contains(prov).contains("\"classification\":\"PERSONAL\"");
        String[] cred = credentials(cons, "hethong.qk1");
        String id = agree(cons, prov, "people", "[\"id\",\"fullName\",\"rank\"]", "{\"fields\":[\"id\",\"fullName\"],\"ratePerMinute\":100}");
        assertThat(api.get("/api/v1/exchange/agreements/" + id, "hethong.qk1").json().get("fields").toString()).isEqualTo("[\"id\",\"fullName\"]");

        String token = token(cred);
        HttpResponse<String> r = call(token, "/x/" + prov + "/people");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode people = Api.json(r.body());
        assertThat(people.size()).isEqualTo(2);
        for (JsonNode p : people) assertThat(p.propertyNames()).containsExactlyInAnyOrder("id", "fullName");
        assertThat(r.body()).doesNotContain("001090000001").doesNotContain("Thiếu úy").contains("Nguyễn Văn An");
        // The provider learnt who called, under which agreement.
        Map<String, List<String>> h = peer.headers.getLast();
        assertThat(h.get("X-consumer-system")).containsExactly(cons);
        assertThat(h.get("X-agreement-id")).containsExactly(id);
        // A sub-path of the service, and its filtered object.
        HttpResponse<String> one = call(token, "/x/" + prov + "/people/1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Api.json(one.body()).propertyNames()).containsExactlyInAnyOrder("id", "fullName");

        // The log, for the provider's owner and the consumer's: digests of what was sent back.
        Api.Response logged = api.get("/api/v1/exchange/log?provider=" + prov + "&service=people", "hethong.btl86");
        assertThat(logged.status()).isEqualTo(200);
        JsonNode last = logged.json().get(1);
        assertThat(last.get("consumer").asString()).isEqualTo(cons);
        assertThat(last.get("agreementId").asString()).isEqualTo(id);
        assertThat(last.get("status").asInt()).isEqualTo(200);
        assertThat(last.get("responseDigest").asString()).isEqualTo(sha256(r.body()));
        assertThat(last.get("requestDigest").asString()).hasSize(64);
        assertThat(api.get("/api/v1/exchange/log?consumer=" + cons, "hethong.qk1").json().size()).isEqualTo(2);
        // Someone owning neither side sees none of it.
        assertThat(api.get("/api/v1/exchange/log?provider=" + prov, "baocao.qk1").json().size()).isZero();
        // The sealed message log is the evidence of each message; no audit row doubles it any more.
        assertThat(jdbc.sql("select count(*) from exchange_log where consumer = ?").param(cons).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.message' and detail like ?")
                .param(cons + " → " + prov + "/people%").query(Long.class).single()).isZero();
    }

    @Test
    void twelve_calls_at_once_against_five_a_minute_pass_exactly_five() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        String[] cred = credentials(cons, "hethong.qk1");
        agree(cons, prov, "people", "[\"id\"]", "{\"ratePerMinute\":5}");
        String token = token(cred);
        awaitAFreshMinute();
        long minute = System.currentTimeMillis() / 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) all.add(pool.submit(() -> {
            start.await();
            return call(token, "/x/" + prov + "/people");
        }));
        start.countDown();
        int ok = 0, limited = 0;
        for (Future<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) ok++;
            if (r.statusCode() == 429) {
                limited++;
                assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
                assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            }
        }
        pool.shutdown();
        // The rate counts in minute windows: a boundary in between would allow a second five.
        assertThat(System.currentTimeMillis() / 60_000).as("the calls took more than 20 s").isEqualTo(minute);
        assertThat(ok).isEqualTo(5);
        assertThat(limited).isEqualTo(7);
        assertThat(jdbc.sql("select count(*) from exchange_log where consumer = ? and status = 429").param(cons).query(Long.class).single()).isEqualTo(7);
        // Written together (group commit), each call still has its own row, id and time.
        assertThat(jdbc.sql("select count(distinct id) from exchange_log where consumer = ?").param(cons).query(Long.class).single()).isEqualTo(12);
    }

    @Test
    void suspended_revoked_and_expired_agreements_are_refused() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        String token = token(credentials(cons, "hethong.qk1"));
        String id = agree(cons, prov, "people", "[\"id\"]", "{}");
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);

        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/suspend", "hethong.btl86", "{\"reason\":\"Bảo trì\"}").status()).isEqualTo(200);
        HttpResponse<String> s = call(token, "/x/" + prov + "/people");
        assertThat(s.statusCode()).isEqualTo(403);
        assertThat(s.body()).contains("tạm dừng");
        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/resume", "hethong.btl86", "").status()).isEqualTo(200);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);

        // Time passes: the end date was yesterday.
        jdbc.sql("update exchange_agreement set valid_until = current_date - 1 where id = ?").param(Long.parseLong(id)).update();
        HttpResponse<String> e = call(token, "/x/" + prov + "/people");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.body()).contains("hết hạn");
        assertThat(api.get("/api/v1/exchange/agreements/" + id, "hethong.qk1").json().get("status").asString()).isEqualTo("EXPIRED");
        jdbc.sql("update exchange_agreement set valid_until = current_date + 30 where id = ?").param(Long.parseLong(id)).update();

        // The consumer's own owner withdraws: revoked at once.
        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/revoke", "hethong.qk1", "").status()).isEqualTo(200);
        HttpResponse<String> v = call(token, "/x/" + prov + "/people");
        assertThat(v.statusCode()).isEqualTo(403);
        assertThat(v.body()).contains("thu hồi");
        assertThat(peer.hits.getOrDefault("/personnel/people", 0)).isPositive();
        // A revoked agreement is not approved again.
        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/approve", "pheduyet.btl86", "{}").status()).isEqualTo(409);
    }

    @Test
    void a_system_cannot_use_another_systems_agreement_and_hidden_equals_missing() throws Exception {
        String prov = provider(peer.base());
        String a = consumer();
        String b = consumer();
        agree(a, prov, "people", "[\"id\"]", "{}");
        String tokenB = token(credentials(b, "hethong.qk1"));
        HttpResponse<String> agreedForA = call(tokenB, "/x/" + prov + "/people");
        HttpResponse<String> missing = call(tokenB, "/x/" + prov + "/no-such-service");
        HttpResponse<String> missingSystem = call(tokenB, "/x/NO-SUCH-SYSTEM/people");
        // A Mật service of the same (test's own) provider: above what B holds.
        jdbc.sql("insert into exchange_service (system_id, code, name, path, secrecy, search_text) select id, 'secret', 'Mật', '/people', 1, 'mat' "
                + "from exchange_system where code = ?").param(prov).update();
        HttpResponse<String> classified = call(tokenB, "/x/" + prov + "/secret");
        HttpResponse<String> classifiedSystem = call(tokenB, "/x/TSLQS-DICHVU/anything");
        // B may know of the service (Thường, its zone) but has no agreement: 403.
        assertThat(agreedForA.statusCode()).isEqualTo(403);
        assertThat(agreedForA.body()).contains("thỏa thuận");
        // Missing service, missing system, a Mật system above what B holds: one 404, byte for byte.
        for (HttpResponse<String> r : List.of(missing, missingSystem, classified, classifiedSystem)) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(missing.body());
            assertThat(r.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
        }
        assertThat(missing.body()).doesNotContain("no-such-service").doesNotContain(prov);
        assertThat(jdbc.sql("select count(*) from exchange_log where consumer = ? and status = 404 and outcome = 'UNKNOWN'").param(b).query(Long.class).single())
                .isEqualTo(4);
        // The catalogue: a Mật system, to someone cleared Thường, answers as a missing one.
        Api.Response hidden = api.get("/api/v1/exchange/systems/TSLQS-DICHVU", "hethong.qk1");
        Api.Response none = api.get("/api/v1/exchange/systems/NO-SUCH-SYSTEM", "hethong.qk1");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(none.status()).isEqualTo(404);
        assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(none));
        assertThat(api.get("/api/v1/exchange/catalogue", "hethong.qk1").body()).doesNotContain("TSLQS-DICHVU");
        assertThat(api.get("/api/v1/exchange/systems/TSLQS-DICHVU", "admin").status()).isEqualTo(200);
    }

    static String withoutInstance(Api.Response r) {
        JsonNode n = r.json();
        if (n instanceof tools.jackson.databind.node.ObjectNode o) o.remove("instance");
        return n.toString();
    }

    @Test
    void wrong_secret_no_token_and_revoked_credentials_fail_at_once() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        agree(cons, prov, "people", "[\"id\"]", "{}");
        String[] cred = credentials(cons, "hethong.qk1");
        HttpResponse<String> wrong = tokenResponse(cred[0], cred[1] + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid_client");
        assertThat(tokenResponse("nobody.000000", cred[1]).statusCode()).isEqualTo(401);
        HttpResponse<String> noAuth = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noAuth.statusCode()).isEqualTo(401);
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/x/" + prov + "/people")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        // An official's own API token is no system's token.
        assertThat(call(api.token("hethong.qk1"), "/x/" + prov + "/people").statusCode()).isEqualTo(401);

        String token = token(cred);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        // Nobody else revokes them; the owner does, and the token fails at once.
        assertThat(api.delete("/api/v1/exchange/systems/" + cons + "/credentials/" + cred[0], "hethong.btl86").status()).isIn(403, 404);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/exchange/systems/" + cons + "/credentials/" + cred[0], "hethong.qk1").status()).isEqualTo(204);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(401);
        assertThat(tokenResponse(cred[0], cred[1]).statusCode()).isEqualTo(401);
        // The secret is kept as its digest only.
        assertThat(jdbc.sql("select count(*) from exchange_credential where secret_hash = ? or secret_hash = ?")
                .params(cred[1], sha256(cred[1])).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from exchange_credential where secret_hash = ?").param(cred[1]).query(Long.class).single()).isZero();
    }

    @Test
    void privilege_nobody_decides_for_a_system_he_does_not_own_nor_his_own_request() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        // Not an owner of BTL86: cannot register there, add services there, nor get its credentials.
        String body = """
                {"code":"X-%s","name":"X","ownerUnitId":"%s","purpose":"x","securityLevel":1,"zones":["military-network"]}""";
        assertThat(api.post("/api/v1/exchange/systems", "hethong.qk1", body.formatted(suffix(), unit("BTL86"))).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/exchange/systems", "baocao.qk1", body.formatted(suffix(), unit("QK1"))).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/exchange/systems/" + prov + "/services", "hethong.qk1",
                "{\"code\":\"more\",\"name\":\"x\",\"path\":\"/x\",\"fields\":[{\"name\":\"a\",\"classification\":\"PUBLIC\"}]}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/exchange/systems/" + prov + "/credentials", "hethong.qk1", "").status()).isEqualTo(403);
        // The platform's own system is the system administrator's to register.
        assertThat(api.post("/api/v1/exchange/systems", "hethong.btl86", body.replace("X-%s", "TRUONGSON%s").formatted("", unit("BTL86"))).status())
                .isIn(400, 403);
        // Only the consumer's owner asks for the consumer.
        String ask = """
                {"consumer":"%s","provider":"%s","service":"people","purpose":"x","legalBasis":"y","fields":["id"],"validUntil":"%s"}""";
        assertThat(api.post("/api/v1/exchange/agreements", "hethong.btl86", ask.formatted(cons, prov, LocalDate.now().plusDays(30))).status()).isEqualTo(403);
        Api.Response asked = api.post("/api/v1/exchange/agreements", "hethong.qk1", ask.formatted(cons, prov, LocalDate.now().plusDays(30)));
        String id = asked.json().get("id").asString();
        // The consumer's owner cannot approve for the provider he does not own.
        Api.Response self = api.post("/api/v1/exchange/agreements/" + id + "/approve", "hethong.qk1", "{}");
        assertThat(self.status()).isEqualTo(403);
        // Someone owning neither side does not even learn it exists.
        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/approve", "baocao.qk1", "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exchange/agreements/" + id, "baocao.qk1").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exchange/agreements/" + id, "hethong.qk1").json().get("status").asString()).isEqualTo("REQUESTED");
        // Approving cannot add a field that was not asked.
        assertThat(api.post("/api/v1/exchange/agreements/" + id + "/approve", "hethong.btl86", "{\"fields\":[\"id\",\"idNumber\"]}").status()).isEqualTo(400);

        // One who owns both sides asks: a second owner of the provider decides, never he.
        String own = "SELF-" + suffix();
        assertThat(api.post("/api/v1/exchange/systems", "hethong.btl86", """
                {"code":"%s","name":"Ứng dụng nội bộ","ownerUnitId":"%s","purpose":"x","securityLevel":1,"zones":["military-network"]}"""
                .formatted(own, unit("BTL86"))).status()).isEqualTo(201);
        String ownId = api.post("/api/v1/exchange/agreements", "hethong.btl86", ask.formatted(own, prov, LocalDate.now().plusDays(30))).json().get("id").asString();
        Api.Response mine = api.post("/api/v1/exchange/agreements/" + ownId + "/approve", "hethong.btl86", "{}");
        assertThat(mine.status()).isEqualTo(403);
        assertThat(mine.body()).contains("Người đề nghị");
        assertThat(api.post("/api/v1/exchange/agreements/" + ownId + "/approve", "pheduyet.btl86", "{}").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.agreement.approve' and outcome = 'DENIED' and target = ?")
                .param("exchange-agreement:" + ownId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void concurrent_approvals_apply_once() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        String id = api.post("/api/v1/exchange/agreements", "hethong.qk1", """
                {"consumer":"%s","provider":"%s","service":"people","purpose":"x","legalBasis":"y","fields":["id"],"validUntil":"%s"}"""
                .formatted(cons, prov, LocalDate.now().plusDays(30))).json().get("id").asString();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String who = i % 2 == 0 ? "hethong.btl86" : "pheduyet.btl86";
            all.add(pool.submit(() -> api.post("/api/v1/exchange/agreements/" + id + "/approve", who, "{}").status()));
        }
        int ok = 0;
        for (Future<Integer> f : all) {
            int s = f.get();
            if (s == 200) ok++;
            else assertThat(s).isEqualTo(409);
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.agreement.approve' and outcome = 'SUCCESS' and target = ?")
                .param("exchange-agreement:" + id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void poison_inputs_are_refused_naming_the_field_and_nothing_is_stored() throws Exception {
        String unit = unit("QK1");
        long before = jdbc.sql("select count(*) from exchange_system").query(Long.class).single();
        String tmpl = """
                {"code":"%s","name":"%s","ownerUnitId":"%s","purpose":"x","securityLevel":%s,"zones":["military-network"]}""";
        Api.Response nul = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("P-" + suffix(), "a\\u0000b", unit, "1"));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("\"field\":\"name\"");
        Api.Response lone = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("P-" + suffix(), "a\\ud800b", unit, "1"));
        assertThat(lone.status()).isEqualTo(400);
        assertThat(lone.body()).contains("\"field\":\"name\"");
        Api.Response huge = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("P-" + suffix(), "x".repeat(100_000), unit, "1"));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).contains("\"field\":\"name\"");
        Api.Response number = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("P-" + suffix(), "n", unit, "1e5000"));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.body()).contains("\"field\":\"securityLevel\"");
        Api.Response code = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("x".repeat(5000), "n", unit, "1"));
        assertThat(code.status()).isEqualTo(400);
        assertThat(code.body()).contains("\"field\":\"code\"");
        Api.Response unitId = api.post("/api/v1/exchange/systems", "hethong.qk1", tmpl.formatted("P-" + suffix(), "n", "9".repeat(5000), "1"));
        assertThat(unitId.status()).isEqualTo(400);
        assertThat(unitId.body()).contains("\"field\":\"ownerUnitId\"").doesNotContain("99999999999999999999");
        Api.Response zone = api.post("/api/v1/exchange/systems", "hethong.qk1", """
                {"code":"P-%s","name":"n","ownerUnitId":"%s","purpose":"x","securityLevel":1,"secrecy":"MAT","zones":["internet"]}""".formatted(suffix(), unit));
        assertThat(zone.status()).isIn(400, 403);
        assertThat(jdbc.sql("select count(*) from exchange_system").query(Long.class).single()).isEqualTo(before);

        // The mediator: poison in the path and query never reaches a provider nor fails with a 500.
        String prov = provider(peer.base());
        String cons = consumer();
        agree(cons, prov, "people", "[\"id\"]", "{}");
        String token = token(credentials(cons, "hethong.qk1"));
        int hits = peer.hits.values().stream().mapToInt(Integer::intValue).sum();
        for (String path : List.of("/x/" + prov + "/people/%00", "/x/" + prov + "/people/..%2f..%2fadmin", "/x/" + prov + "/people?q=%00",
                "/x/" + prov + "/people/%2e%2e/secret", "/x/" + prov + "/people?q=" + "a".repeat(20_000))) {
            HttpResponse<String> r = call(token, path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(400, 499);
        }
        assertThat(peer.hits.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(hits);
        // A body over the limit: 413.
        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/x/" + prov + "/people")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(700_000) + "1]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void provider_down_slow_failing_or_garbage_is_503_or_502_as_problems() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String down = provider("http://127.0.0.1:" + closed + "/personnel");
        String prov = provider(peer.base());
        String cons = consumer();
        agree(cons, down, "people", "[\"id\"]", "{}");
        for (String svc : List.of("garbage", "failing", "slow")) agree(cons, prov, svc, "[\"id\"]", "{}");
        String token = token(credentials(cons, "hethong.qk1"));

        HttpResponse<String> d = call(token, "/x/" + down + "/people");
        assertThat(d.statusCode()).isEqualTo(503);
        assertThat(d.headers().firstValue("Retry-After")).isPresent();
        assertThat(d.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        HttpResponse<String> g = call(token, "/x/" + prov + "/garbage");
        assertThat(g.statusCode()).isEqualTo(502);
        assertThat(g.body()).doesNotContain("html");
        assertThat(call(token, "/x/" + prov + "/failing").statusCode()).isEqualTo(502);
        long t0 = System.nanoTime();
        HttpResponse<String> slow = call(token, "/x/" + prov + "/slow");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat(ms).isLessThan(7_900);
        assertThat(jdbc.sql("select outcome from exchange_log where consumer = ? order by id").param(cons).query(String.class).list())
                .containsExactly("UNAVAILABLE", "PROVIDER_GARBAGE", "PROVIDER_ERROR", "UNAVAILABLE");
    }

    @Test
    void the_demo_consumer_reads_the_unit_directory_with_its_documented_credentials() throws Exception {
        String token = token(new String[] {"qlvb-qk1.demo", "TruongSon-demo-QLVB-QK1-2026"});
        HttpResponse<String> r = call(token, "/x/TRUONGSON/units?q=quan%20khu%201");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode units = Api.json(r.body());
        assertThat(units.size()).isPositive();
        JsonNode qk1 = null;
        for (JsonNode u : units) if (u.get("code").asString().equals("QK1")) qk1 = u;
        assertThat(qk1).isNotNull();
        assertThat(qk1.propertyNames()).containsExactly("id", "code", "name", "organId", "parentId");
        assertThat(qk1.get("name").asString()).isEqualTo("Quân khu 1");
        assertThat(qk1.get("id").asString()).isEqualTo(unit("QK1"));
        // A Mật unit is not in a Thường directory.
        HttpResponse<String> all = call(token, "/x/TRUONGSON/units");
        assertThat(all.body()).doesNotContain("\"TTDL\"").contains("\"BTL86\"");
        assertThat(Api.json(api.get("/api/v1/exchange/catalogue?q=truong%20son", "baocao.qk1").body()).toString()).contains("TRUONGSON");
    }

    @Test
    void a_log_record_is_sealed_in_a_merkle_batch_its_short_proof_and_signatures_verify_with_openssl() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        agree(cons, prov, "people", "[\"id\"]", "{}");
        String token = token(credentials(cons, "hethong.qk1"));
        for (int i = 0; i < 5; i++) assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        String logId = api.get("/api/v1/exchange/log?consumer=" + cons, "hethong.qk1").json().get(2).get("id").asString();
        // The scheduler seals every few seconds; seal now in case it has not yet (the same code, either way).
        seals.sealNow();
        Api.Response proof = api.get("/api/v1/exchange/log/" + logId + "/proof", "hethong.qk1");
        assertThat(proof.status()).as(proof.body()).isEqualTo(200);
        JsonNode p = proof.json();
        assertThat(p.get("scheme").asString()).isEqualTo("rfc9162");
        String record = p.get("record").asString();
        assertThat(record).startsWith(logId + "|").contains("|" + cons + "|" + prov + "|people|");
        // The leaf is SHA-256(0x00 || record); the path is short: at most ceil(log2(size)) hashes.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((byte) 0);
        byte[] leaf = md.digest(record.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(leaf)).isEqualTo(p.get("leaf").asString());
        int size = p.get("treeSize").asInt();
        List<byte[]> path = new ArrayList<>();
        p.get("path").forEach(h -> path.add(HexFormat.of().parseHex(h.asString())));
        assertThat(path.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(Math.max(1, size - 1)));
        assertThat(p.get("leaves") == null || p.get("leaves").isNull()).as("no O(n) list of leaves").isTrue();
        byte[] root = HexFormat.of().parseHex(p.get("root").asString());
        assertThat(vn.truongson.audit.MerkleTrees.verifyInclusion(p.get("leafIndex").asLong(), size, leaf, path, root)).isTrue();
        // A changed record is not in the tree.
        byte[] other = MessageDigest.getInstance("SHA-256").digest(("\0" + record.replace("|200|", "|403|")).getBytes(StandardCharsets.UTF_8));
        assertThat(vn.truongson.audit.MerkleTrees.verifyInclusion(p.get("leafIndex").asLong(), size, other, path, root)).isFalse();
        // The head names the root and is signed.
        assertThat(p.get("head").asString()).contains("\n" + p.get("root").asString() + "\n").startsWith("truongson-exchange-seal/v1\n");
        // Nobody owning neither side gets the proof.
        assertThat(api.get("/api/v1/exchange/log/" + logId + "/proof", "baocao.qk1").status()).isEqualTo(404);

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("exchange-seal");
        java.nio.file.Path tsr = dir.resolve("token.der");
        java.nio.file.Files.write(tsr, Base64.getDecoder().decode(p.get("token").asString()));
        java.nio.file.Path ca = dir.resolve("ca.pem");
        java.nio.file.Files.writeString(ca, api.get("/api/v1/pki/ca.pem", null).body());
        assertThat(openssl("ts", "-verify", "-digest", p.get("root").asString(), "-token_in", "-in", tsr.toString(), "-CAfile", ca.toString()))
                .contains("Verification: OK");
        // The head's signature, with the certificate's public key.
        java.nio.file.Path head = dir.resolve("head.txt");
        java.nio.file.Files.writeString(head, p.get("head").asString());
        java.nio.file.Path sig = dir.resolve("head.sig");
        java.nio.file.Files.write(sig, Base64.getDecoder().decode(p.get("signature").asString()));
        java.nio.file.Path cert = dir.resolve("seal.pem");
        java.nio.file.Files.writeString(cert, p.get("certificate").asString());
        java.nio.file.Path pub = dir.resolve("seal.pub");
        java.nio.file.Files.writeString(pub, openssl("x509", "-in", cert.toString(), "-noout", "-pubkey"));
        assertThat(openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), head.toString())).contains("Verified OK");
        java.nio.file.Files.writeString(head, p.get("head").asString().replace(p.get("root").asString(), sha256("not the root")));
        Process bad = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), head.toString())
                .redirectErrorStream(true).start();
        bad.getInputStream().readAllBytes();
        assertThat(bad.waitFor()).isNotZero();
        // A changed root does not match the TSA's token.
        Process tampered = new ProcessBuilder("openssl", "ts", "-verify", "-digest", sha256("not the root"), "-token_in", "-in", tsr.toString(),
                "-CAfile", ca.toString()).redirectErrorStream(true).start();
        tampered.getInputStream().readAllBytes();
        assertThat(tampered.waitFor()).isNotZero();
    }

    static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pr.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void a_change_made_on_another_node_is_seen_at_the_next_call() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        String[] cred = credentials(cons, "hethong.qk1");
        String id = agree(cons, prov, "people", "[\"id\"]", "{}");
        String token = token(cred);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        // Another node suspends the agreement: only the database knows (this node's caches are warm).
        jdbc.sql("update exchange_agreement set status = 'SUSPENDED' where id = ?").param(Long.parseLong(id)).update();
        HttpResponse<String> s = call(token, "/x/" + prov + "/people");
        assertThat(s.statusCode()).isEqualTo(403);
        assertThat(s.body()).contains("tạm dừng");
        jdbc.sql("update exchange_agreement set status = 'ACTIVE' where id = ?").param(Long.parseLong(id)).update();
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        // Another node narrows the fields: the next answer has only what is agreed now.
        jdbc.sql("update exchange_agreement set fields = '{fullName}' where id = ?").param(Long.parseLong(id)).update();
        assertThat(call(token, "/x/" + prov + "/people").body()).contains("fullName").doesNotContain("\"id\"");
        // Another node revokes the credential (and deletes its tokens): 401 at once.
        jdbc.sql("delete from exchange_token where credential_id = (select id from exchange_credential where client_id = ?)").param(cred[0]).update();
        jdbc.sql("update exchange_credential set revoked_at = now() where client_id = ?").param(cred[0]).update();
        assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(401);
    }

    @Test
    void the_rate_is_counted_across_nodes() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        String id = agree(cons, prov, "people", "[\"id\"]", "{\"ratePerMinute\":7}");
        String token = token(credentials(cons, "hethong.qk1"));
        awaitAFreshMinute();
        // Two other nodes (their own counters, the same database) spend 3 and 2 of the 7.
        ClusterRate nodeB = new ClusterRate(jdbc);
        ClusterRate nodeC = new ClusterRate(jdbc);
        for (int i = 0; i < 3; i++) assertThat(nodeB.take(Long.parseLong(id), 7).allowed()).isTrue();
        for (int i = 0; i < 2; i++) assertThat(nodeC.take(Long.parseLong(id), 7).allowed()).isTrue();
        // This node gets what is left, twelve calls at once: 2 pass. (A minute boundary in between would reset the window.)
        long minute = System.currentTimeMillis() / 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) all.add(pool.submit(() -> {
            start.await();
            return call(token, "/x/" + prov + "/people");
        }));
        start.countDown();
        int ok = 0;
        for (Future<HttpResponse<String>> f : all) if (f.get().statusCode() == 200) ok++;
        pool.shutdown();
        assertThat(System.currentTimeMillis() / 60_000).as("the calls took more than 20 s").isEqualTo(minute);
        assertThat(ok).isEqualTo(2);
        assertThat(nodeB.take(Long.parseLong(id), 7).allowed()).isFalse();
        assertThat(jdbc.sql("select sum(used) from exchange_rate where agreement_id = ?").param(Long.parseLong(id)).query(Long.class).single()).isEqualTo(7);
    }

    @Test
    void monitoring_counts_refusals_errors_and_latency_per_service_and_day_for_those_who_may_see_the_log() throws Exception {
        String prov = provider(peer.base());
        String cons = consumer();
        agree(cons, prov, "people", "[\"id\"]", "{}");
        agree(cons, prov, "failing", "[\"id\"]", "{}");
        String token = token(credentials(cons, "hethong.qk1"));
        for (int i = 0; i < 3; i++) assertThat(call(token, "/x/" + prov + "/people").statusCode()).isEqualTo(200);
        assertThat(call(token, "/x/" + prov + "/failing").statusCode()).isEqualTo(502);
        assertThat(call(token, "/x/" + prov + "/garbage").statusCode()).isEqualTo(403);
        Api.Response r = api.get("/api/v1/exchange/monitor?system=" + prov, "hethong.btl86");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> byService = new java.util.HashMap<>();
        r.json().forEach(n -> byService.put(n.get("service").asString(), n));
        assertThat(byService.get("people").get("calls").asLong()).isEqualTo(3);
        assertThat(byService.get("people").get("errors").asLong()).isZero();
        assertThat(byService.get("people").get("consumer").asString()).isEqualTo(cons);
        assertThat(byService.get("people").get("day").asString()).isEqualTo(LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toString());
        assertThat(byService.get("people").get("p95Ms").asDouble()).isGreaterThanOrEqualTo(byService.get("people").get("p50Ms").asDouble());
        assertThat(byService.get("failing").get("errors").asLong()).isEqualTo(1);
        assertThat(byService.get("failing").get("lastFailureStatus").asInt()).isEqualTo(502);
        // The refusal without an agreement is the consumer's line (the provider's owner unit is not on it).
        assertThat(byService).doesNotContainKey("garbage");
        Map<String, JsonNode> consumerSide = new java.util.HashMap<>();
        api.get("/api/v1/exchange/monitor?system=" + cons, "hethong.qk1").json().forEach(n -> consumerSide.put(n.get("service").asString(), n));
        assertThat(consumerSide.get("garbage").get("refusals").asLong()).isEqualTo(1);
        assertThat(consumerSide.get("garbage").get("lastFailureStatus").asInt()).isEqualTo(403);
        // Prometheus has the same calls, per consumer, provider, service and outcome.
        String prom = api.get("/actuator/prometheus", null).body();
        assertThat(prom.lines().filter(l -> l.startsWith("truongson_exchange_calls_seconds_count{") && l.contains("consumer=\"" + cons + "\"")
                && l.contains("outcome=\"OK\"") && l.contains("provider=\"" + prov + "\"") && l.contains("service=\"people\"")).toList())
                .singleElement().satisfies(l -> assertThat(l).matches(".* 3(\\.0)?"));
        // The consumer's owner sees the same lines; someone owning neither side sees none of them.
        assertThat(api.get("/api/v1/exchange/monitor?system=" + cons, "hethong.qk1").json().size()).isEqualTo(3);
        assertThat(api.get("/api/v1/exchange/monitor?system=" + prov, "baocao.qk1").json().size()).isZero();
        // Poison: 400 naming the parameter.
        for (String q : List.of("days=0", "days=91", "days=abc", "days=1e5000", "days=99999999999999999999", "system=%00", "system=a%27--")) {
            Api.Response bad = api.get("/api/v1/exchange/monitor?" + q, "hethong.qk1");
            assertThat(bad.status()).as(q).isEqualTo(400);
            assertThat(bad.body()).as(q).contains(q.substring(0, q.indexOf('=')));
        }
        // Twelve identical reads at once answer alike.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Api.Response>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) all.add(pool.submit(() -> api.get("/api/v1/exchange/monitor?system=" + prov, "hethong.btl86")));
        for (Future<Api.Response> f : all) assertThat(f.get().json().size()).isEqualTo(r.json().size());
        pool.shutdown();
    }

    /**
     * The rate counts in minute windows: a test that must see one window starts with at least 20 s of it left (a wait
     * of at most 20 s), instead of skipping when a boundary fell in between.
     */
    private static void awaitAFreshMinute() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 40_000) Thread.sleep(60_000 - intoMinute + 50);
    }

    // ---- issue 14, second part: the sandbox personnel system, registrations at once, edits, open data ----------------

    @Test
    void the_sandbox_personnel_system_exchanges_with_a_consumer_through_the_mediator_over_real_http() throws Exception {
        var personnel = vn.truongson.support.SandboxPersonnel.shared();
        // Straight to the provider without the mediator's headers: it refuses (it serves the platform only).
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(personnel.url() + "/people")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(403);
        String prov = "QLQN-" + suffix();
        Api.Response r = api.post("/api/v1/exchange/systems", "hethong.btl86", """
                {"code":"%s","name":"Hệ thống quản lý quân nhân (hộp cát)","ownerUnitId":"%s","purpose":"Hồ sơ quân nhân","securityLevel":3,
                 "zones":["military-network"],"status":"PILOT","endpointBaseUrl":"%s"}""".formatted(prov, unit("BTL86"), personnel.url()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Api.Response s = api.post("/api/v1/exchange/systems/" + prov + "/services", "hethong.btl86", """
                {"code":"people","name":"Danh sách quân nhân","path":"/people","fields":[{"name":"id","classification":"PUBLIC"},
                 {"name":"fullName","classification":"PERSONAL"},{"name":"rank","classification":"INTERNAL"},{"name":"unit","classification":"INTERNAL"},
                 {"name":"birthYear","classification":"PERSONAL"},{"name":"idNumber","classification":"PERSONAL"},{"name":"enlistedOn","classification":"PERSONAL"}]}""");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String cons = consumer();
        String agreement = agree(cons, prov, "people", "[\"id\",\"fullName\",\"rank\",\"idNumber\"]", "{\"fields\":[\"id\",\"fullName\",\"rank\"]}");
        String token = token(credentials(cons, "hethong.qk1"));
        HttpResponse<String> list = call(token, "/x/" + prov + "/people?q=nguyen&limit=5");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode people = Api.json(list.body());
        assertThat(people.size()).isBetween(1, 5);
        for (JsonNode p : people) {
            assertThat(p.propertyNames()).containsExactlyInAnyOrder("id", "fullName", "rank");
            assertThat(p.get("fullName").asString()).startsWith("Nguyễn");
        }
        HttpResponse<String> one = call(token, "/x/" + prov + "/people/QN00001");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Api.json(one.body()).propertyNames()).containsExactlyInAnyOrder("id", "fullName", "rank");
        assertThat(one.body()).doesNotContain("idNumber").doesNotContain("enlistedOn");
        // The provider's own 404 passes through, filtered (nothing to filter).
        assertThat(call(token, "/x/" + prov + "/people/QN99999").statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from exchange_log where consumer = ? and provider = ? and agreement_id = ? and outcome = 'OK'")
                .params(cons, prov, Long.parseLong(agreement)).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void twelve_identical_registrations_at_once_create_one_system_and_edits_keep_the_rules() throws Exception {
        String code = "DUP-" + suffix();
        String body = """
                {"code":"%s","name":"Đăng ký đồng thời","ownerUnitId":"%s","purpose":"x","securityLevel":2,"zones":["military-network"]}"""
                .formatted(code, unit("QK1"));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(pool.submit(() -> {
                go.await();
                return api.post("/api/v1/exchange/systems", "hethong.qk1", body);
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<Api.Response> f : all) {
            Api.Response r = f.get();
            if (r.status() == 201) created++;
            else assertThat(r.status()).as(r.body()).isEqualTo(400);
            if (r.status() == 400) assertThat(r.body()).contains("\"field\":\"code\"");
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from exchange_system where code = ?").param(code).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.system.register' and target = ?").param("exchange-system:" + code)
                .query(Long.class).single()).isEqualTo(1);

        // Edit: the owner changes the description (audited); a stranger who sees it: 403; a hidden system: 404 as a missing one.
        String edit = """
                {"name":"Đã sửa tên","purpose":"Mục đích mới","securityLevel":3,"status":"PILOT","endpointBaseUrl":"https://qlqn.example.mil.vn/api","contact":"Ban CNTT"}""";
        assertThat(api.put("/api/v1/exchange/systems/" + code, "hethong.btl86", edit).status()).isEqualTo(403);
        Api.Response hidden = api.put("/api/v1/exchange/systems/TSLQS-DICHVU", "hethong.qk1", edit);
        Api.Response missing = api.put("/api/v1/exchange/systems/NO-SUCH-SYSTEM", "hethong.qk1", edit);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(missing));
        Api.Response nul = api.put("/api/v1/exchange/systems/" + code, "hethong.qk1", """
                {"name":"a\\u0000b","purpose":"x","securityLevel":2}""");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("\"field\":\"name\"");
        Api.Response poison = api.put("/api/v1/exchange/systems/" + code, "hethong.qk1", """
                {"name":"%s","purpose":"x","securityLevel":9,"endpointBaseUrl":"javascript:alert(1)","contact":"%s"}""".formatted("n".repeat(301), "c".repeat(5000)));
        assertThat(poison.status()).isEqualTo(400);
        assertThat(poison.body()).contains("\"field\":\"name\"").contains("\"field\":\"securityLevel\"").contains("\"field\":\"endpointBaseUrl\"")
                .contains("\"field\":\"contact\"");
        Api.Response ok = api.put("/api/v1/exchange/systems/" + code, "hethong.qk1", edit);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("name").asString()).isEqualTo("Đã sửa tên");
        assertThat(ok.json().get("status").asString()).isEqualTo("PILOT");
        assertThat(ok.json().get("secrecy").asString()).isEqualTo("THUONG");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.system.update' and target = ?").param("exchange-system:" + code)
                .query(Long.class).single()).isEqualTo(1);

        // A service's fields never rise above its secrecy, so an agreement never grants a consumer more than it may hold.
        Api.Response svc = api.post("/api/v1/exchange/systems/" + code + "/services", "hethong.qk1", """
                {"code":"people","name":"Danh sách","path":"/people","fields":[{"name":"id","classification":"PUBLIC"}]}""");
        assertThat(svc.status()).isEqualTo(201);
        Api.Response above = api.put("/api/v1/exchange/systems/" + code + "/services/people", "hethong.qk1", """
                {"name":"Danh sách","path":"/people","fields":[{"name":"id","classification":"PUBLIC"},{"name":"plan","classification":"MAT"}]}""");
        assertThat(above.status()).isEqualTo(400);
        assertThat(above.body()).contains("\"field\":\"fields[1].classification\"");
        Api.Response edited = api.put("/api/v1/exchange/systems/" + code + "/services/people", "hethong.qk1", """
                {"name":"Danh sách (sửa)","path":"/v2/people","fields":[{"name":"id","classification":"PUBLIC"},{"name":"rank","classification":"INTERNAL"}]}""");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/exchange/systems/" + code, "baocao.qk1").body()).contains("/v2/people").contains("\"rank\"");
        assertThat(api.put("/api/v1/exchange/systems/" + code + "/services/people", "hethong.btl86", """
                {"name":"x","path":"/x","fields":[{"name":"id","classification":"PUBLIC"}]}""").status()).isEqualTo(403);
        // A Thường consumer never gets an agreement on a Mật service, whoever asks (admin owns both and is cleared).
        String secretProv = "MAT-" + suffix();
        assertThat(api.post("/api/v1/exchange/systems", "admin", """
                {"code":"%s","name":"Hệ thống mật (thử)","ownerUnitId":"%s","purpose":"x","securityLevel":4,"secrecy":"MAT","zones":["military-network"]}"""
                .formatted(secretProv, unit("BTL86"))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/exchange/systems/" + secretProv + "/services", "admin", """
                {"code":"plans","name":"Kế hoạch","path":"/plans","secrecy":"MAT","fields":[{"name":"id","classification":"PUBLIC"},{"name":"plan","classification":"MAT"}]}""")
                .status()).isEqualTo(201);
        Api.Response thuong = api.post("/api/v1/exchange/agreements", "admin", """
                {"consumer":"%s","provider":"%s","service":"plans","purpose":"x","legalBasis":"y","fields":["id","plan"],"validUntil":"%s"}"""
                .formatted(code, secretProv, LocalDate.now().plusDays(30)));
        // admin is not an owner of QK1's system? he is (ADMIN on the root, SUBTREE): the refusal is the consumer's secrecy.
        assertThat(thuong.status()).as(thuong.body()).isEqualTo(400);
        assertThat(thuong.body()).contains("\"field\":\"consumer\"");
        assertThat(jdbc.sql("select count(*) from exchange_agreement a join exchange_system c on c.id = a.consumer_id where c.code = ?").param(code)
                .query(Long.class).single()).isZero();
    }

    @Test
    void the_catalogue_as_open_data_datasets_an_openapi_per_service_and_excel_within_the_readers_level() throws Exception {
        Api.Response sets = api.get("/api/v1/exchange/datasets", "hethong.qk1");
        assertThat(sets.status()).isEqualTo(200);
        JsonNode units = null;
        for (JsonNode d : sets.json()) if (d.get("identifier").asString().equals("TRUONGSON/units")) units = d;
        assertThat(units).isNotNull();
        assertThat(units.get("openapiUrl").asString()).endsWith("/api/v1/exchange/systems/TRUONGSON/services/units/openapi.json");
        assertThat(units.get("accessUrl").asString()).endsWith("/x/TRUONGSON/units");
        assertThat(units.get("fields").toString()).contains("organId");
        assertThat(sets.body()).doesNotContain("TSLQS-DICHVU");
        assertThat(api.get("/api/v1/exchange/datasets?q=" + "a".repeat(201), "hethong.qk1").body()).contains("\"field\":\"q\"");

        Api.Response doc = api.get("/api/v1/exchange/systems/TRUONGSON/services/units/openapi.json", "hethong.qk1");
        assertThat(doc.status()).isEqualTo(200);
        JsonNode o = doc.json();
        assertThat(o.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(o.get("paths").has("/x/TRUONGSON/units")).isTrue();
        assertThat(o.at("/components/schemas/Record/properties/organId/x-classification").asString()).isEqualTo("PUBLIC");
        assertThat(o.at("/components/securitySchemes/systemToken/flows/clientCredentials/tokenUrl").asString()).endsWith("/oauth2/token");
        assertThat(o.at("/paths/~1x~1TRUONGSON~1units/get/responses").has("429")).isTrue();
        // A Mật service of a Thường system, a Mật system, a missing service: the same 404.
        String prov = provider(peer.base());
        jdbc.sql("insert into exchange_service (system_id, code, name, path, secrecy, search_text) select id, 'secret', 'Mật', '/people', 1, 'mat' "
                + "from exchange_system where code = ?").param(prov).update();
        Api.Response secret = api.get("/api/v1/exchange/systems/" + prov + "/services/secret/openapi.json", "hethong.qk1");
        Api.Response none = api.get("/api/v1/exchange/systems/" + prov + "/services/nothing/openapi.json", "hethong.qk1");
        assertThat(secret.status()).isEqualTo(404);
        assertThat(secret.body().replace("secret", "nothing")).isEqualTo(none.body());
        assertThat(api.get("/api/v1/exchange/systems/TSLQS-DICHVU/services/x/openapi.json", "hethong.qk1").status()).isEqualTo(404);

        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/exchange/catalogue.xlsx"))
                .header("Authorization", "Bearer " + api.token("hethong.qk1")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        StringBuilder text = new StringBuilder();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Mã hệ thống");
            for (var row : sheet) for (var cell : row) text.append(cell.toString()).append('|');
        }
        assertThat(text).contains("TRUONGSON").contains("Danh bạ đơn vị").contains("organId (Công khai)").doesNotContain("TSLQS-DICHVU");
    }
}
