package vn.truongson.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * The demo's dossiers, as the officers meet them through the API: Cục Nhà trường's desk has two waiting and one
 * received at its step, the appraiser has the two at step 2 in his queue, and the border post has its own dossiers
 * only.
 */
@PlatformTest
class DemoDossiersTest {

    @LocalServerPort int port;

    static List<String> statuses(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : list) out.add(d.get("status").asString());
        return out;
    }

    static List<String> procedures(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : list) out.add(d.get("procedureCode").asString());
        return out;
    }

    @Test
    void the_one_stop_queues_start_populated_with_each_unit_seeing_its_own() {
        Api api = new Api(port);
        var desk = api.get("/api/v1/dossiers?queue=reception", "motcua.cnt");
        assertThat(desk.status()).as(desk.body()).isEqualTo(200);
        assertThat(statuses(desk.json())).filteredOn("SUBMITTED"::equals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(procedures(desk.json())).allMatch(c -> c.startsWith("BQP-TS-"));

        var appraiser = api.get("/api/v1/dossiers?queue=processing", "giaiquyet.cnt");
        assertThat(appraiser.status()).as(appraiser.body()).isEqualTo(200);
        assertThat(statuses(appraiser.json())).filteredOn("IN_PROCESS"::equals).hasSizeGreaterThanOrEqualTo(2);

        var border = api.get("/api/v1/dossiers?queue=reception", "motcua.bdbp");
        assertThat(border.status()).as(border.body()).isEqualTo(200);
        assertThat(procedures(border.json())).contains("BQP-BP-02").noneMatch(c -> c.startsWith("BQP-TS-"));
    }
}
