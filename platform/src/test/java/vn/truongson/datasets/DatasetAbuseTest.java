package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * Abuse of the data sets' API: twelve submissions at once for one unit and period, a reporter of another unit, a reader
 * outside the subtree or below the secrecy, poison values and a broken rule. Every refusal changes nothing.
 */
@ProgrammeTest
class DatasetAbuseTest {

    static final String MISSING = "999999999";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    DatasetFixture ds;

    @BeforeEach
    void setUp() {
        ds = new DatasetFixture(new Api(port), jdbc);
        // Before the clock moves: the second factor's codes are read on the platform's clock.
        ds.api.token("kehoach.btl86");
        ds.api.token("qk3.01");
        clock.set("2026-12-10T09:00:00+07:00");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    List<Api.Response> atOnce(int n, java.util.function.IntFunction<Api.Response> request) throws Exception {
        // Sign in first, so the twelve requests meet at the submission, not at the token endpoint.
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit((Callable<Api.Response>) () -> {
                    start.await();
                    return request.apply(k);
                }));
            }
            start.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twelveIdenticalSubmissionsAtOnceLeaveOneCurrentValueAndOneRevision() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        ds.api.token("sd3.02");
        String unit = ds.unit("SD3");
        List<Api.Response> answers = atOnce(12, k -> ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":10,\"deployed\":4}"));
        for (Api.Response r : answers) assertThat(r.status()).as(r.body()).isEqualTo(200);
        // PUT is idempotent: one revision, and every answer names it.
        assertThat(answers.stream().map(r -> r.json().get("revision").asInt()).distinct().toList()).containsExactly(1);
        assertThat(answers.stream().map(r -> r.json().get("submittedAt").asString()).distinct().count()).isEqualTo(1);
        long ds1 = Long.parseLong(id);
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ? and unit_id = ?", ds1, Long.parseLong(unit))).isEqualTo(1);
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ? and unit_id = ?", ds1, Long.parseLong(unit))).isEqualTo(1);
        JsonNode r = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR).json();
        assertThat(r.get("expected").asInt()).isEqualTo(2);
        assertThat(r.get("received").asInt()).isEqualTo(1);
        assertThat(r.get("values").get("needed").asInt()).isEqualTo(10);
    }

    @Test
    void twelveDifferentSubmissionsAtOnceAreTwelveRevisionsInOrderAndTheLastIsCurrent() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "TD2");
        ds.api.token("td2.02");
        List<Api.Response> answers = atOnce(12, k -> ds.submit("td2.02", id, "TD2", "2026-12", "{\"needed\":%d,\"deployed\":1}".formatted(100 + k)));
        for (Api.Response r : answers) assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(answers.stream().map(r -> r.json().get("revision").asInt()).sorted().toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        long unit = Long.parseLong(ds.unit("TD2"));
        long d = Long.parseLong(id);
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ? and unit_id = ?", d, unit)).isEqualTo(12);
        assertThat(ds.count("select max(revision) from datasets_submission_revision where dataset_id = ? and unit_id = ?", d, unit)).isEqualTo(12);
        // The current value is the twelfth revision's, and the roll-up reads it.
        long current = ds.count("select (values->>'needed')::bigint from datasets_submission where dataset_id = ? and unit_id = ?", d, unit);
        long last = ds.count("select (values->>'needed')::bigint from datasets_submission_revision where dataset_id = ? and unit_id = ? and revision = 12", d, unit);
        assertThat(current).isEqualTo(last);
        JsonNode r = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR).json();
        assertThat(r.get("received").asInt()).isEqualTo(1);
        assertThat(r.get("values").get("needed").asLong()).isEqualTo(current);
    }

    @Test
    void aReporterOfAnotherUnitIsRefusedAndAnUnassignedOneSeesNothing() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        // td2.02 reports for TD2 only.
        var other = ds.submit("td2.02", id, "SD3", "2026-12", "{\"needed\":1,\"deployed\":0}");
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        // A reporter of a unit the data set was never assigned to: it does not exist for him.
        var stranger = ds.submit("td12.02", id, "TD12", "2026-12", "{\"needed\":1,\"deployed\":0}");
        var missing = ds.api.put("/api/v1/datasets/" + MISSING + "/submissions/" + ds.unit("TD12") + "/2026-12", "td12.02", "{\"values\":{}}");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(withoutInstance(stranger)).isEqualTo(withoutInstance(missing));
        // A reporter of an assigned unit, for a period not assigned: 409.
        var period = ds.submit("td2.02", id, "TD2", "2026-11", "{\"needed\":1,\"deployed\":0}");
        assertThat(period.status()).as(period.body()).isEqualTo(409);
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ?", Long.parseLong(id))).isZero();
    }

    @Test
    void brokenDownValuesAtOnceKeepOneRevisionAndPoisonPerOptionIsRefusedByName() throws Exception {
        String id = ds.byRank(DatasetFixture.COORDINATOR, "QK1", "MONTHLY");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3");
        ds.api.token("sd3.02");
        String values = """
                {"staff":{"Sĩ quan":10,"QNCN":5,"Hạ sĩ quan - binh sĩ":20},"trained":{"QNCN":1}}""";
        List<Api.Response> answers = atOnce(12, k -> ds.submit("sd3.02", id, "SD3", "2026-12", values));
        for (Api.Response r : answers) assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(answers.stream().map(r -> r.json().get("revision").asInt()).distinct().toList()).containsExactly(1);
        long d = Long.parseLong(id);
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", d)).isEqualTo(1);
        // The same values with the options in another order: the same answer, no new revision.
        var reordered = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"trained":{"QNCN":1},"staff":{"Hạ sĩ quan - binh sĩ":20,"QNCN":5,"Sĩ quan":10}}""");
        assertThat(reordered.json().get("revision").asInt()).isEqualTo(1);
        // Poison inside a broken-down value, each named by its option (or by the field for a bad option name).
        for (String[] poison : new String[][] {
                {"{\"Sĩ quan\":1e5000,\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff.Sĩ quan", "problem.number.range"},
                {"{\"Sĩ quan\":NaN,\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff.Sĩ quan", "problem.number.range"},
                {"{\"Sĩ quan\":\"1\\u0000\",\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff.Sĩ quan", ""},
                {"{\"a\\u0000\":1,\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff", ""},
                {"{\"Sĩ quan\":{\"x\":1},\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff.Sĩ quan", ""},
                {"{\"Sĩ quan\":" + "9".repeat(5000) + ",\"QNCN\":5,\"Hạ sĩ quan - binh sĩ\":20}", "values.staff.Sĩ quan", "problem.number.range"}}) {
            var r = ds.submit("sd3.02", id, "SD3", "2026-12", "{\"staff\":" + poison[0] + "}");
            assertThat(r.status()).as(poison[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(poison[0]).contains("\"" + poison[1] + "\"");
        }
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", d)).isEqualTo(1);
        JsonNode r = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR).json();
        assertThat(r.get("categories").get("staff").get("QNCN").asInt()).isEqualTo(5);
        assertThat(r.get("values").get("staff").asInt()).isEqualTo(35);
    }

    @Test
    void aReaderOutsideTheSubtreeOrBelowTheSecrecySeesNothing() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        // sd3.02 reads the data set (his unit is assigned) but not Quân khu 1's roll-up: the same 403 as a unit that does not exist.
        var outside = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), "sd3.02");
        var noUnit = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + MISSING, "sd3.02");
        assertThat(outside.status()).isEqualTo(403);
        assertThat(withoutInstance(outside)).isEqualTo(withoutInstance(noUnit));
        // A commander of another military region: the data set, its roll-up and its submissions do not exist for him.
        var qk3 = ds.api.get("/api/v1/datasets/" + id, "qk3.01");
        var none = ds.api.get("/api/v1/datasets/" + MISSING, "qk3.01");
        assertThat(qk3.status()).isEqualTo(404);
        assertThat(withoutInstance(qk3)).isEqualTo(withoutInstance(none));
        var rollup = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12", "qk3.01");
        var rollupNone = ds.api.get("/api/v1/datasets/" + MISSING + "/rollup?period=2026-12", "qk3.01");
        assertThat(withoutInstance(rollup)).isEqualTo(withoutInstance(rollupNone));
        assertThat(ds.api.get("/api/v1/datasets", "qk3.01").body()).doesNotContain("\"id\":\"" + id + "\"");

        // A Mật data set: hidden from the coordinator cleared Thường exactly like a missing one; kehoach.btl86 (Mật) reads it.
        String secret = ds.published("kehoach.btl86", "QK1", "MONTHLY", "MAT");
        var hidden = ds.api.get("/api/v1/datasets/" + secret, DatasetFixture.COORDINATOR);
        var gone = ds.api.get("/api/v1/datasets/" + MISSING, DatasetFixture.COORDINATOR);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(gone));
        assertThat(ds.api.get("/api/v1/datasets/" + secret + "/rollup?period=2026-12", DatasetFixture.COORDINATOR).status()).isEqualTo(404);
        assertThat(ds.api.post("/api/v1/datasets/" + secret + "/publish", DatasetFixture.COORDINATOR, "").status()).isEqualTo(404);
        assertThat(ds.api.get("/api/v1/datasets", DatasetFixture.COORDINATOR).body()).doesNotContain("\"id\":\"" + secret + "\"");
        assertThat(ds.api.get("/api/v1/datasets/" + secret, "kehoach.btl86").status()).isEqualTo(200);
    }

    @Test
    void poisonValuesAreRefusedByNameAndNothingIsStored() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3");
        String[][] cases = {
                {"{\"values\":{\"needed\":1e5000,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":-1e5000,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":NaN,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":Infinity,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":\"NaN\",\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":1" + "0".repeat(5000) + ",\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":10000000000000001,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":1.5,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":-1,\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"readiness\":100.0000001}}", "values.readiness"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"note\":\"a\\u0000b\"}}", "values.note"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"note\":\"\\ud800\"}}", "values.note"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"note\":\"" + "x".repeat(3000) + "\"}}", "values.note"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"kind\":\"Máy bay\"}}", "values.kind"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"channels\":[\"Thoại\",\"\\ud800\"]}}", "values.channels"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"pilot\":\"có\"}}", "values.pilot"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"surveyed\":\"2026-02-30\"}}", "values.surveyed"},
                {"{\"values\":{\"needed\":1,\"deployed\":0,\"unknown\":1}}", "values.unknown"},
                {"{\"values\":{\"deployed\":0}}", "values.needed"},
                {"{\"values\":{\"needed\":1,\"deployed\":0}", "body"},
                {"[1,2]", "body"},
        };
        String unit = ds.unit("SD3");
        for (String[] c : cases) {
            var r = ds.api.put("/api/v1/datasets/" + id + "/submissions/" + unit + "/2026-12", "sd3.02", c[0]);
            assertThat(r.status()).as(c[0].length() > 200 ? c[0].substring(0, 200) : c[0]).isEqualTo(400);
            assertThat(r.headers().get("content-type").getFirst()).startsWith("application/problem+json");
            List<String> fields = new ArrayList<>();
            for (JsonNode e : r.json().get("errors")) fields.add(e.get("field").asString());
            assertThat(fields).as(r.body()).contains(c[1]);
        }
        // A raw NUL byte and bytes that are not UTF-8 in the body: still a 400, never stored.
        var bytes = ds.api.send(HttpRequest.newBuilder(URI.create(ds.api.base() + "/api/v1/datasets/" + id + "/submissions/" + unit + "/2026-12"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', 'v', 'a', 'l', 'u', 'e', 's', '"', ':', '{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '}'})),
                "sd3.02");
        assertThat(bytes.status()).as(bytes.body()).isEqualTo(400);
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ?", Long.parseLong(id))).isZero();
    }

    @Test
    void aBrokenRuleIsNamedWithItsMessageInVietnameseAndNothingIsStored() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3");
        var r = ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":3,\"deployed\":5}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode e = r.json().get("errors").get(0);
        assertThat(e.get("field").asString()).isEqualTo("rules[0]");
        assertThat(e.get("message").asString()).isEqualTo("Số đã triển khai không được vượt quá nhu cầu");
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ?", Long.parseLong(id))).isZero();
        // The rule holds at the boundary, and is not judged when a field it reads is empty.
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":5,\"deployed\":5}").status()).isEqualTo(200);
    }

    static String withoutInstance(Api.Response r) {
        JsonNode n = r.json();
        if (n instanceof ObjectNode o) o.remove("instance");
        return r.status() + " " + r.headers().get("content-type") + " " + n;
    }
}
