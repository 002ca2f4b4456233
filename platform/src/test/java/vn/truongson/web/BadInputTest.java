package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Hostile and broken input, on every endpoint the application maps: never a 5xx, always a problem. Then,
 * on the organisation endpoints, each kind of bad field gets a 400 naming it, and nothing is half-written.
 */
@PlatformTest
class BadInputTest {

    @LocalServerPort int port;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static Stream<String> badBodies() {
        return Stream.of(
                "{not json",
                "[]",
                "\"just a string\"",
                "{\"code\": 12, \"name\": [1,2], \"unitId\": {\"a\":1}, \"role\": 5}",
                "{\"role\":\"GENERAL\",\"scope\":\"GALAXY\",\"kind\":\"PLANET\",\"clearance\":\"ULTRA\",\"zone\":\"moon\"}",
                "{\"name\":\"" + "Đ".repeat(5000) + "\",\"username\":\"" + "a".repeat(500) + "\"}",
                "{\"name\":\"Ban\\u0000chỉ huy\\u001b\",\"fullName\":\"x\\u0007\"}",
                "{\"name\":\"Bo\u0323 Tu\u031b le\u0323nh\",\"cidr\":\"10.0.0.0/99\",\"unitId\":\"-5\",\"parentId\":\"abc\"}",
                "{}",
                // Issue 10, findings 6 and 7: poison numbers and lone surrogates wherever numbers and text are taken.
                "{\"indicatorValues\":{\"CT1\":1e5000},\"percentComplete\":1e100000,\"target\":-1e16,\"year\":1e400,\"ordinal\":1.0000001}",
                "{\"name\":\"a\\ud800b\",\"title\":\"\\udc00\",\"code\":\"X\\u0000\",\"fullName\":\"\\ud800\"}",
                "null");
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void no_endpoint_answers_5xx_to_a_bad_body(String body) {
        List<String> failures = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (info.getPathPatternsCondition() == null) return;
            for (String p : info.getPathPatternsCondition().getPatternValues()) {
                if (!p.startsWith("/api/v1/")) continue;
                var methods = info.getMethodsCondition().getMethods();
                for (RequestMethod m : methods.isEmpty() ? java.util.Set.of(RequestMethod.GET) : methods) {
                    // Deletes, and actions on a record (…/{id}/revoke, …/{id}/issue: "{}" is a valid body for many), only aim at
                    // ids that do not exist: the walk must not change the demo data other tests use (it revoked the demo's
                    // exchange agreement 1 once).
                    boolean action = m != RequestMethod.GET && p.matches(".*\\{[^}]+}/[a-z-]+$");
                    String[] ids = m == RequestMethod.DELETE || action ? new String[] {"999999999", "x%20y", "-1"} : new String[] {"1", "999999999", "x%20y", "-1"};
                    for (String id : ids) {
                        String path = p.replaceAll("\\{[^}]+}", id) + (m == RequestMethod.GET ? "?from=nope&to=2024-13-45&year=abc&limit=-4&parentId=zz&unitId=%00" : "");
                        var req = HttpRequest.newBuilder(URI.create(api.base() + path)).header("Content-Type", "application/json")
                                .method(m.name(), HttpRequest.BodyPublishers.ofString(body));
                        var r = api.send(req, "admin");
                        if (r.status() >= 500) failures.add(m + " " + path + " → " + r.status() + " " + r.body());
                        else if (r.status() >= 400 && !r.headers().getOrDefault("content-type", List.of("")).get(0).contains("problem+json")) {
                            failures.add(m + " " + path + " → " + r.status() + " without a problem body");
                        }
                    }
                }
            }
        });
        assertThat(failures).isEmpty();
    }

    String rootId() {
        return jdbc.sql("select id::text from org_unit where code = 'BQP'").query(String.class).single();
    }

    long units() {
        return jdbc.sql("select count(*) from org_unit").query(Long.class).single();
    }

    String field(Api.Response r) {
        return r.json().get("errors").get(0).get("field").asString();
    }

    @Test
    void each_bad_field_is_a_400_naming_it_and_nothing_is_written() {
        long before = units();
        String parent = rootId();
        var malformed = api.post("/api/v1/units", "admin", "{\"code\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("title").asString()).isEqualTo("Dữ liệu không hợp lệ");

        var wrongType = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":{\"a\":1},\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(field(wrongType)).isEqualTo("name");

        var unknownEnum = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":\"Đơn vị thử\",\"shortName\":\"X\",\"kind\":\"PLANET\",\"parentId\":\"" + parent + "\"}");
        assertThat(unknownEnum.status()).isEqualTo(400);
        assertThat(field(unknownEnum)).isEqualTo("kind");

        var missing = api.post("/api/v1/units", "admin", "{\"name\":\"Đơn vị thử\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(field(missing)).isEqualTo("code");

        var tooLong = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":\"" + "Đ".repeat(251) + "\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(field(tooLong)).isEqualTo("name");

        var control = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":\"Đơn vị\\u0000thử\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
        assertThat(control.status()).isEqualTo(400);
        assertThat(field(control)).isEqualTo("name");

        var badOrgan = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":\"Đơn vị thử\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"organId\":\"G07\",\"parentId\":\"" + parent + "\"}");
        assertThat(badOrgan.status()).isEqualTo(400);
        assertThat(field(badOrgan)).isEqualTo("organId");

        var badParent = api.post("/api/v1/units", "admin", "{\"code\":\"X1\",\"name\":\"Đơn vị thử\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"abc\"}");
        assertThat(badParent.status()).isEqualTo(400);
        assertThat(field(badParent)).isEqualTo("parentId");

        assertThat(units()).isEqualTo(before);
    }

    @Test
    void nfd_vietnamese_is_stored_as_nfc_never_rejected() {
        String code = "NFD" + (System.nanoTime() % 100000);
        // "Tiểu đoàn Thông tin" typed with combining marks (NFD), as macOS and some old systems send it.
        String nfd = java.text.Normalizer.normalize("Tiểu đoàn Thông tin", java.text.Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo("Tiểu đoàn Thông tin");
        var r = api.post("/api/v1/units", "admin", "{\"code\":\"" + code + "\",\"name\":\"" + nfd + "\",\"shortName\":\"d" + "\",\"kind\":\"UNIT\",\"parentId\":\"" + rootId() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("name").asString()).isEqualTo("Tiểu đoàn Thông tin");
        assertThat(jdbc.sql("select name from org_unit where code = ?").param(code).query(String.class).single()).isEqualTo("Tiểu đoàn Thông tin");
        // And the search folds diacritics, đ included.
        var found = api.get("/api/v1/units?q=tieu%20doan%20thong", "admin").json();
        assertThat(found.toString()).contains(code);
    }

    @Test
    void a_refused_official_leaves_no_person_and_no_account_behind() {
        long officials = jdbc.sql("select count(*) from org_official").query(Long.class).single();
        String unit = jdbc.sql("select id::text from org_unit where code = 'SD3'").query(String.class).single();
        // Username already taken: 409 after validation passed, inside the transaction.
        var r = api.post("/api/v1/officials", "admin", """
                {"username":"baocao.qk1","fullName":"Người trùng tên","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"MatKhau2026!x"}"""
                .formatted(unit));
        assertThat(r.status()).isEqualTo(409);
        var weak = api.post("/api/v1/officials", "admin", """
                {"username":"moi.nguoi","fullName":"Người mới","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"123"}"""
                .formatted(unit));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(field(weak)).isEqualTo("password");
        assertThat(jdbc.sql("select count(*) from org_official").query(Long.class).single()).isEqualTo(officials);
    }

    @Test
    void problems_speak_english_when_asked() {
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/units"))
                .header("Content-Type", "application/json").header("Accept-Language", "en-GB,en;q=0.9")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "admin");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("title").asString()).isEqualTo("Invalid input");
        assertThat(r.json().get("errors").get(0).get("message").asString()).isEqualTo("This field is required.");
    }
}
