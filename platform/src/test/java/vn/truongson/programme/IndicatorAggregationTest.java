package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;

/**
 * Indicators: actual = the aggregation over the values the assignments contribute, those without a value left
 * out, null when none has one; achievement = actual ÷ target, or target ÷ actual when lower is better.
 *
 * <pre>
 *              QK1   QK3   QK5   QK7   actual          achievement
 * S   SUM  200  50    70    –     30   150             0.75
 * A   AVG   10   8    12    –      7   27/3 = 9        0.9
 * MN  MIN    5   6     4    –      9   4               0.8
 * MX  MAX    5   6     4    –      9   9               1.8
 * L   AVG    2   1     4    –      4   3 (lower)       2/3
 * LM  MIN   10  20     5    –      8   5 (lower)       10/5 = 2
 * D   SUM    1  0.1   0.2   –      –   0.3             0.3
 * Z   SUM    0   1     –    –      –   1               null (target 0)
 * N   SUM   10   –     –    –      –   null            null
 * </pre>
 * QK5 reports, but with no values at all.
 */
@ProgrammeTest
class IndicatorAggregationTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void sum_average_min_max_and_lower_is_better() {
        String plan = p.plan(2026, "BQP", 25);
        String g = p.group(plan, 1, "Chỉ tiêu");
        String t = p.task(plan, g, "1.1", "QK1", "2026-12-31", String.join(",",
                Programme.indicator("S", "SUM", "200", true),
                Programme.indicator("A", "AVERAGE", "10", true),
                Programme.indicator("MN", "MIN", "5", true),
                Programme.indicator("MX", "MAX", "5", true),
                Programme.indicator("L", "AVERAGE", "2", false),
                Programme.indicator("LM", "MIN", "10", false),
                Programme.indicator("D", "SUM", "1", true),
                Programme.indicator("Z", "SUM", "0", true),
                Programme.indicator("N", "SUM", "10", true)));
        String qk1 = p.assign(t, "QK1");
        String qk3 = p.assign(t, "QK3");
        String qk5 = p.assign(t, "QK5");
        String qk7 = p.assign(t, "QK7");
        p.issue(plan);
        String at = "2026-06-24T09:00:00+07:00";
        p.report(at, "baocao.qk1", qk1, "2026-06", "IN_PROGRESS", 50,
                "\"S\":50,\"A\":8,\"MN\":6,\"MX\":6,\"L\":1,\"LM\":20,\"D\":0.1,\"Z\":1", false, "");
        p.report(at, "qk3.02", qk3, "2026-06", "IN_PROGRESS", 50, "\"S\":70,\"A\":12,\"MN\":4,\"MX\":4,\"L\":4,\"LM\":5,\"D\":0.2", false, "");
        p.report(at, "qk5.02", qk5, "2026-06", "IN_PROGRESS", 50, "", false, "");
        p.report(at, "qk7.02", qk7, "2026-06", "IN_PROGRESS", 50, "\"S\":30,\"A\":7,\"MN\":9,\"MX\":9,\"L\":4,\"LM\":8,\"N\":null", false, "");

        JsonNode c = p.compilation("dieuphoi.btl86", plan, "2026-06", null);
        JsonNode indicators = c.get("indicators");
        assertThat(indicators.size()).isEqualTo(9);
        // In the task's order of indicators.
        String[] codes = {"S", "A", "MN", "MX", "L", "LM", "D", "Z", "N"};
        Double[] actual = {150.0, 9.0, 4.0, 9.0, 3.0, 5.0, 0.3, 1.0, null};
        Double[] achievement = {0.75, 0.9, 0.8, 1.8, 2.0 / 3, 2.0, 0.3, null, null};
        for (int i = 0; i < codes.length; i++) {
            JsonNode n = indicators.get(i);
            assertThat(n.get("taskId").asString()).isEqualTo(t);
            assertThat(n.get("code").asString()).isEqualTo(codes[i]);
            if (actual[i] == null) assertThat(n.get("actual").isNull()).as(codes[i]).isTrue();
            else assertThat(n.get("actual").asDouble()).as(codes[i]).isCloseTo(actual[i], within(1e-9));
            if (achievement[i] == null) assertThat(n.get("achievement").isNull()).as(codes[i]).isTrue();
            else assertThat(n.get("achievement").asDouble()).as(codes[i]).isCloseTo(achievement[i], within(1e-9));
        }
        assertThat(indicators.get(0).get("target").asDouble()).isEqualTo(200);

        // Scoped to QK3 alone: its own values.
        JsonNode q3 = p.compilation("dieuphoi.btl86", plan, "2026-06", "QK3");
        assertThat(q3.get("indicators").get(0).get("actual").asDouble()).isCloseTo(70, within(1e-9));
        assertThat(q3.get("indicators").get(4).get("achievement").asDouble()).isCloseTo(0.5, within(1e-9));
    }
}
