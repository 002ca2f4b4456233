package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;
import vn.truongson.support.Prometheus;

/** {@code truongson_reports_submitted_total} moves by one per accepted submission or revision, and not for a refused one. */
@ProgrammeTest
class ReportMetricsTest {

    static final String COUNTER = "truongson_reports_submitted_total";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @Test
    void each_accepted_submission_counts_once() {
        String plan = p.plan(2041, "BTL86", 20);
        String g = p.group(plan, 1, "Nhóm");
        String t = p.task(plan, g, "1.1", "BTL86", "2041-12-31", "");
        String a = p.assign(t, "QK1");
        p.issue(plan);

        double before = Prometheus.value(port, COUNTER);
        p.report("2041-03-10T09:00:00+07:00", "baocao.qk1", a, "2041-03", "IN_PROGRESS", 30, "", false, "");
        assertThat(Prometheus.value(port, COUNTER)).isEqualTo(before + 1);
        p.report("2041-03-11T09:00:00+07:00", "baocao.qk1", a, "2041-03", "IN_PROGRESS", 35, "", false, "");
        assertThat(Prometheus.value(port, COUNTER)).as("a revision is a submission too").isEqualTo(before + 2);

        var refused = p.reportAt("2041-03-12T09:00:00+07:00", "baocao.sd3", a, "2041-03", Programme.body("IN_PROGRESS", 40, "", false, ""));
        assertThat(refused.status()).as(refused.body()).isIn(403, 404);
        var bad = p.reportAt("2041-03-12T09:00:00+07:00", "baocao.qk1", a, "2041-03", Programme.body("IN_PROGRESS", 140, "", false, ""));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(Prometheus.value(port, COUNTER)).as("refused submissions are not counted").isEqualTo(before + 2);
    }
}
