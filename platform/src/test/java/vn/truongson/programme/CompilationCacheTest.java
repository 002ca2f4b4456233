package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * The compilations kept in memory are never served after a change: a report through the API, and a change written
 * straight into the tables (as another node's transaction would be), each move the plan's data version, and the next
 * compilation shows them; an unchanged plan is served from memory.
 */
@ProgrammeTest
class CompilationCacheTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired CompilationCache cache;
    @Autowired javax.sql.DataSource dataSource;

    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    long version(String plan) {
        return jdbc.sql("select coalesce(sum(version), 0) from programme_plan_version where plan_id = ?::bigint").param(plan).query(Long.class).single();
    }

    @Test
    void a_change_on_any_node_is_seen_at_once_and_an_unchanged_plan_is_served_from_memory() {
        String plan = p.plan(2029, "BTL86", 20);
        String g = p.group(plan, 1, "Hạ tầng số");
        String t = p.task(plan, g, "1.1", "QK1", "2029-12-31", "");
        String a = p.assign(t, "QK1");
        p.assign(t, "QK3");
        p.issue(plan);

        JsonNode first = p.compilation(Programme.COORDINATOR, plan, "2029-03", null);
        assertThat(first.get("receivedReports").asLong()).isZero();
        long hits = cache.counts()[0];
        JsonNode again = p.compilation(Programme.COORDINATOR, plan, "2029-03", null);
        assertThat(again).isEqualTo(first);
        assertThat(cache.counts()[0]).as("served from memory").isEqualTo(hits + 1);

        // A report through the API moves the version: the next compilation counts it.
        long v = version(plan);
        p.report("2029-03-10T09:00:00+07:00", "baocao.qk1", a, "2029-03", "IN_PROGRESS", 40, "", false, "");
        assertThat(version(plan)).isGreaterThan(v);
        JsonNode after = p.compilation(Programme.COORDINATOR, plan, "2029-03", null);
        assertThat(after.get("receivedReports").asLong()).isEqualTo(1);
        assertThat(after.get("tasks").get(0).get("percentComplete").asDouble()).isEqualTo(20);

        // Another node's change, written straight into the table: seen too.
        jdbc.sql("update programme_report set percent_complete = 80 where assignment_id = ?::bigint").param(a).update();
        JsonNode other = p.compilation(Programme.COORDINATOR, plan, "2029-03", null);
        assertThat(other.get("tasks").get(0).get("percentComplete").asDouble()).isEqualTo(40);

        // A change to another plan leaves this one's kept compilation alone.
        long before = version(plan);
        String otherPlan = p.plan(2029, "BTL86", 20);
        p.group(otherPlan, 1, "Nhóm khác");
        assertThat(version(plan)).isEqualTo(before);
    }

    /**
     * Issue 20, finding 1: a report locks no row that reports on other assignments of the same plan need. One
     * transaction writes a report and stays open; a report on an assignment of another counter, in a second
     * transaction with a 2 s lock timeout, goes through (before V580 it waited on the plan's row until the first
     * committed). Both commits move the version, whichever commits first.
     */
    @Test
    void reports_on_different_assignments_of_one_plan_do_not_wait_on_each_other() throws Exception {
        String plan = p.plan(2029, "BTL86", 20);
        String g = p.group(plan, 1, "Hạ tầng số");
        String t = p.task(plan, g, "1.1", "QK1", "2029-12-31", "");
        java.util.List<Long> assignments = new java.util.ArrayList<>();
        for (String unit : java.util.List.of("QK1", "QK3", "QK5", "QK7", "SD3")) assignments.add(Long.parseLong(p.assign(t, unit)));
        p.issue(plan);
        long a = assignments.getFirst();
        long b = assignments.stream().filter(x -> x % 64 != a % 64).findFirst().orElseThrow();
        long v0 = version(plan);
        String insert = "insert into programme_report (assignment_id, period, plan_id, revision, status, percent_complete, indicator_values, "
                + "first_submitted_at, on_time, submitted_at) values (?, date '2029-03-01', ?, 1, 'IN_PROGRESS', 10, '{}', now(), true, now())";
        try (var first = dataSource.getConnection(); var second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (var ps = first.prepareStatement(insert)) {
                ps.setLong(1, a);
                ps.setLong(2, Long.parseLong(plan));
                ps.executeUpdate();
            }
            second.createStatement().execute("set local lock_timeout = '2s'");
            try (var ps = second.prepareStatement(insert)) {
                ps.setLong(1, b);
                ps.setLong(2, Long.parseLong(plan));
                ps.executeUpdate(); // a lock wait on the first would fail here after 2 s
            }
            second.commit();
            assertThat(version(plan)).as("the second report, committed first, moved the version").isGreaterThan(v0);
            long v1 = version(plan);
            first.commit();
            assertThat(version(plan)).as("the first report, committed last, moved it again").isGreaterThan(v1);
        }
    }
}
