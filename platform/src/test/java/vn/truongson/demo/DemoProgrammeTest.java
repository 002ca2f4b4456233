package vn.truongson.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * The demo's two illustrative plans, loaded with the demo organisation, read back through the API as a
 * commander of the ministry would: the right shape, and six months of reports that tell a story.
 */
@PlatformTest
class DemoProgrammeTest {

    /** Cleared Tuyệt mật, covering the whole ministry: sees every task. */
    static final String COMMANDER = "chihuy.bqp";
    /** Cleared Thường: the Mật tasks are hidden from them. */
    static final String THUONG_COORDINATOR = "dieuphoi.btl86";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api() {
        return new Api(port);
    }

    String planId(String code) {
        var r = api().get("/api/v1/plans?year=2024", COMMANDER);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode p : r.json()) {
            if (p.get("code").asString().equals(code)) return p.get("id").asString();
        }
        throw new AssertionError("no demo plan " + code + " in " + r.body());
    }

    JsonNode plan(String code, String user) {
        var r = api().get("/api/v1/plans/" + planId(code), user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<JsonNode> tasks(JsonNode plan) {
        List<JsonNode> out = new ArrayList<>();
        plan.get("groups").forEach(g -> g.get("tasks").forEach(out::add));
        return out;
    }

    JsonNode compilation(String planCode, String period, String unitCode) {
        String unit = unitCode == null ? "" : "&unitId=" + unitId(unitCode);
        var r = api().get("/api/v1/plans/" + planId(planCode) + "/compilation?period=" + period + unit, COMMANDER);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    String unitId(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    @Test
    void the_digital_transformation_plan_has_64_tasks_in_7_groups_issued_and_labelled_illustrative() {
        JsonNode plan = plan("BQP-CDS-2024", COMMANDER);
        assertThat(plan.get("title").asString()).isEqualTo("Kế hoạch chuyển đổi số năm 2024 của Bộ Quốc phòng (minh họa)");
        assertThat(plan.get("status").asString()).isEqualTo("ISSUED");
        assertThat(plan.get("issuedAt").asString()).startsWith("2024-01-");
        assertThat(plan.get("theme").asString()).startsWith("Mở rộng hạ tầng đồng bộ, rộng khắp");
        assertThat(plan.get("breakthrough").asString()).isEqualTo("Phát triển hạ tầng số và nguồn nhân lực phục vụ chuyển đổi số");
        assertThat(plan.get("ownerUnitId").asString()).isEqualTo(unitId("BTL86"));
        assertThat(plan.get("groups")).hasSize(7);
        plan.get("groups").forEach(g -> assertThat(g.get("tasks")).as(g.get("title").asString()).isNotEmpty());
        List<JsonNode> tasks = tasks(plan);
        assertThat(tasks).hasSize(64);
        for (JsonNode t : tasks) {
            assertThat(t.get("dueDate").asString()).startsWith("2024-");
            assertThat(t.get("expectedResult").asString()).isNotBlank();
            assertThat(t.get("indicators").size()).as(t.get("code").asString()).isBetween(1, 2);
        }
        long secret = tasks.stream().filter(t -> t.get("secrecy").asString().equals("MAT")).count();
        assertThat(secret).isBetween(1L, 8L);
        assertThat(tasks.stream().filter(t -> t.get("secrecy").asString().equals("THUONG")).count()).isEqualTo(64 - secret);
        // Indicators of every kind the compilation aggregates, including one to push down.
        List<JsonNode> indicators = tasks.stream().flatMap(t -> { List<JsonNode> l = new ArrayList<>(); t.get("indicators").forEach(l::add); return l.stream(); }).toList();
        assertThat(indicators).anySatisfy(i -> {
            assertThat(i.get("name").asString()).isEqualTo("Tỷ lệ cán bộ đầu mối có chữ ký số cá nhân");
            assertThat(i.get("aggregation").asString()).isEqualTo("AVERAGE");
            assertThat(i.get("target").decimalValue()).isEqualByComparingTo("100");
        });
        assertThat(indicators).anySatisfy(i -> assertThat(i.get("aggregation").asString()).isEqualTo("SUM"));
        assertThat(indicators).anySatisfy(i -> assertThat(i.get("higherIsBetter").asBoolean()).isFalse());

        // A reader cleared Thường sees the same plan without its Mật tasks.
        assertThat(tasks(plan("BQP-CDS-2024", THUONG_COORDINATOR))).hasSize((int) (64 - secret))
                .allSatisfy(t -> assertThat(t.get("secrecy").asString()).isEqualTo("THUONG"));
    }

    @Test
    void the_project_06_plan_has_40_items_in_5_groups() {
        JsonNode plan = plan("BQP-DA06-2024", COMMANDER);
        assertThat(plan.get("title").asString()).isEqualTo("Kế hoạch thực hiện Đề án 06 năm 2024 của Bộ Quốc phòng (minh họa)");
        assertThat(plan.get("kind").asString()).isEqualTo("PROJECT_06");
        assertThat(plan.get("status").asString()).isEqualTo("ISSUED");
        assertThat(plan.get("groups")).hasSize(5);
        assertThat(tasks(plan)).hasSize(40);
    }

    @Test
    void the_june_compilation_has_late_missing_and_lasting_bottlenecks() {
        JsonNode june = compilation("BQP-CDS-2024", "2024-06", null);
        long expected = june.get("expectedReports").asLong();
        long received = june.get("receivedReports").asLong();
        long onTime = june.get("onTimeReports").asLong();
        assertThat(expected).isGreaterThan(100);
        assertThat(received).isLessThan(expected).isGreaterThan(expected * 8 / 10);
        assertThat(onTime).isLessThan(received).isGreaterThan(received / 2);
        assertThat(june.get("missing")).hasSize((int) (expected - received));

        // Bottlenecks, some flagged months before June and still open, on stalled tasks.
        assertThat(june.get("bottlenecks")).isNotEmpty();
        Set<String> since = new HashSet<>();
        june.get("bottlenecks").forEach(b -> since.add(b.get("since").asString()));
        assertThat(since).anySatisfy(s -> assertThat(s).isLessThanOrEqualTo("2024-03"));
        assertThat(june.get("bottlenecks")).anySatisfy(b -> assertThat(b.get("text").asString()).contains("thiết bị bảo mật cơ yếu"));
        assertThat(june.get("tasks")).anySatisfy(t -> assertThat(t.get("status").asString()).isEqualTo("STALLED"));
        assertThat(june.get("tasks")).anySatisfy(t -> assertThat(t.get("status").asString()).isEqualTo("DONE"));
        assertThat(june.get("tasks")).anySatisfy(t -> assertThat(t.get("overdue").asBoolean()).isTrue());
        assertThat(june.get("indicators")).anySatisfy(i -> assertThat(i.get("actual").isNull()).isFalse());

        // A bottleneck that was cleared is no longer listed: BPHP's fibre arrived in May.
        JsonNode april = compilation("BQP-CDS-2024", "2024-04", null);
        String bphp = unitId("BPHP");
        assertThat(april.get("bottlenecks")).anySatisfy(b -> assertThat(b.get("unitId").asString()).isEqualTo(bphp));
        assertThat(june.get("bottlenecks")).noneSatisfy(b -> assertThat(b.get("unitId").asString()).isEqualTo(bphp));
    }

    @Test
    void progress_rises_month_by_month() {
        double previous = -1;
        for (String period : List.of("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06")) {
            JsonNode c = compilation("BQP-CDS-2024", period, null);
            double mean = 0;
            for (JsonNode t : c.get("tasks")) mean += t.get("percentComplete").asDouble();
            mean /= c.get("tasks").size();
            assertThat(mean).as(period).isGreaterThan(previous);
            previous = mean;
        }
        assertThat(previous).isGreaterThan(30);
    }

    @Test
    void work_is_cascaded_down_the_tree_and_the_subtree_compiles_on_its_own() {
        JsonNode sd3 = compilation("BQP-CDS-2024", "2024-06", "SD3");
        // Sư đoàn 3 and its regiments: assignments passed down from Quân khu 1, some never reported in June.
        assertThat(sd3.get("expectedReports").asLong()).isGreaterThanOrEqualTo(3);
        String td12 = unitId("TD12");
        assertThat(sd3.get("missing")).anySatisfy(m -> assertThat(m.get("unitId").asString()).isEqualTo(td12));
        assertThat(sd3.get("bottlenecks")).anySatisfy(b -> assertThat(b.get("text").asString()).contains("cấp trung đoàn"));
        long cascadedByQk1 = jdbc.sql("""
                select count(*) from programme_assignment a join org_unit u on u.id = a.unit_id
                where a.parent_id is not null and u.code in ('SD3', 'TD2', 'TD12')""").query(Long.class).single();
        assertThat(cascadedByQk1).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'programme.assignment.cascade' and actor = 'dieuphoi.qk1'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reports_keep_their_senders_and_the_import_is_audited() {
        assertThat(jdbc.sql("select count(distinct submitted_by) from programme_report_revision").query(Long.class).single()).isGreaterThan(20);
        assertThat(jdbc.sql("select count(*) from programme_report where revision > 1").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("""
                select count(*) from audit_event e join programme_plan p on e.target = 'plan:' || p.id
                where e.action = 'programme.report.import' and e.actor = 'kehoach.btl86' and e.zone = 'system' and p.code like 'BQP-%-2024'""")
                .query(Long.class).single()).isEqualTo(2);
        // The six months are all that was back-filled.
        assertThat(jdbc.sql("select max(period)::text from programme_report r join programme_plan p on p.id = r.plan_id where p.code like 'BQP-%-2024'")
                .query(String.class).single()).isEqualTo("2024-06-01");
    }
}
