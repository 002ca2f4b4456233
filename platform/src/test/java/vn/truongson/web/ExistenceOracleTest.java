package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 10, finding 9: existence oracles. For each detail endpoint, a record hidden from the reader (above their
 * clearance, outside their units) and a record that does not exist answer byte for byte alike apart from the
 * instance path: same status, same content type, same type, title and detail, no internal id and no English in the
 * Vietnamese detail. In both languages.
 */
@PlatformTest
class ExistenceOracleTest {

    static final String MISSING = "999999999";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    record Case(String user, String hidden, String missing, String hiddenId) {}

    String one(String sql) {
        return jdbc.sql(sql).query(String.class).optional()
                .orElseThrow(() -> new AssertionError("the demo data has no row for: " + sql));
    }

    List<Case> cases() {
        // Trung tâm Dữ liệu quân sự (TTDL) is a Mật unit: hidden from anyone cleared Thường (README).
        String ttdl = one("select id::text from org_unit where code = 'TTDL'");
        String ttdlOfficial = one("select o.id::text from org_official o join org_unit u on u.id = o.unit_id where u.code = 'TTDL' order by o.id limit 1");
        String btl86Official = one("select o.id::text from org_official o join org_unit u on u.id = o.unit_id where u.code = 'BTL86' order by o.id limit 1");
        // Mật tasks of the demo plans: dieuphoi.btl86 (Thường) does not see them.
        String secretTask = one("select id::text from programme_task where secrecy > 0 order by id limit 1");
        String secretAssignment = one("select a.id::text from programme_assignment a join programme_task t on t.id = a.task_id where t.secrecy > 0 order by a.id limit 1");
        String plan = one("select id::text from programme_plan where code = 'BQP-CDS-2024'");
        List<Case> cases = new ArrayList<>(List.of(
                new Case("baocao.qk1", "/api/v1/units/" + ttdl, "/api/v1/units/" + MISSING, ttdl),
                new Case("baocao.qk1", "/api/v1/officials/" + ttdlOfficial, "/api/v1/officials/" + MISSING, ttdlOfficial),
                new Case("baocao.qk1", "/api/v1/officials/" + btl86Official + "/grants", "/api/v1/officials/" + MISSING + "/grants", btl86Official),
                new Case("dieuphoi.btl86", "/api/v1/tasks/" + secretTask, "/api/v1/tasks/" + MISSING, secretTask),
                new Case("dieuphoi.btl86", "/api/v1/assignments/" + secretAssignment, "/api/v1/assignments/" + MISSING, secretAssignment),
                new Case("dieuphoi.btl86", "/api/v1/assignments/" + secretAssignment + "/reports", "/api/v1/assignments/" + MISSING + "/reports", secretAssignment),
                new Case("baocao.qk1", "/api/v1/plans/" + plan + "/compilation?period=2024-06&unitId=" + ttdl,
                        "/api/v1/plans/" + plan + "/compilation?period=2024-06&unitId=" + MISSING, ttdl)));
        // A classified document, if the demo issued one, for a clerk cleared Thường.
        jdbc.sql("select id::text from document_document where secrecy_rank > 0 order by id limit 1").query(String.class).optional().ifPresent(d -> {
            cases.add(new Case("vanthu.qk1", "/api/v1/documents/" + d, "/api/v1/documents/" + MISSING, d));
            cases.add(new Case("vanthu.qk1", "/api/v1/documents/" + d + "/file", "/api/v1/documents/" + MISSING + "/file", d));
        });
        return cases;
    }

    Api.Response get(String path, String user, String language) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Accept-Language", language).GET(), user);
    }

    static String withoutInstance(Api.Response r) {
        JsonNode n = r.json();
        if (n instanceof ObjectNode o) o.remove("instance");
        return n.toString();
    }

    @Test
    void hidden_and_missing_answer_alike_on_every_detail_endpoint() {
        List<String> differences = new ArrayList<>();
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(7);
        for (Case c : cases) {
            for (String language : List.of("vi", "en")) {
                Api.Response hidden = get(c.hidden(), c.user(), language);
                Api.Response missing = get(c.missing(), c.user(), language);
                String what = c.user() + " " + c.hidden() + " [" + language + "]";
                assertThat(hidden.status()).as(what + " " + hidden.body()).isBetween(400, 499);
                if (hidden.status() != missing.status()) differences.add(what + ": status " + hidden.status() + " vs " + missing.status());
                if (!hidden.headers().get("content-type").equals(missing.headers().get("content-type"))) {
                    differences.add(what + ": content type " + hidden.headers().get("content-type") + " vs " + missing.headers().get("content-type"));
                }
                if (!withoutInstance(hidden).equals(withoutInstance(missing))) {
                    differences.add(what + ": " + withoutInstance(hidden) + " vs " + withoutInstance(missing));
                }
                String detail = hidden.json().path("detail").asString("");
                if (detail.contains(c.hiddenId())) differences.add(what + ": the detail names the id: " + detail);
                if (language.equals("vi") && detail.matches(".*\\b(No|task|assignment|official|unit|plan|document)\\b.*")) {
                    differences.add(what + ": English in the Vietnamese detail: " + detail);
                }
            }
        }
        assertThat(differences).isEmpty();
    }
}
