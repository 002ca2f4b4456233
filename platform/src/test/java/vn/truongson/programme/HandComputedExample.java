package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/**
 * The plan worked by hand in {@link CompilationExampleTest} (see the table there), built through the API. The
 * export tests compile the same plan, so every file is checked against figures computed by hand.
 *
 * @param assignments a1 … a9 of the table, by name
 */
record HandComputedExample(String plan, String t11, String t12, String t21, Map<String, String> assignments) {

    static HandComputedExample build(Programme p) {
        Map<String, String> a = new HashMap<>();
        String plan = p.plan(2026, "BTL86", 20);
        String g1 = p.group(plan, 1, "Hạ tầng số");
        String g2 = p.group(plan, 2, "Dữ liệu số");
        String t11 = p.task(plan, g1, "1.1", "QK1", "2026-12-31",
                Programme.indicator("HT", "SUM", "100", true) + "," + Programme.indicator("TG", "AVERAGE", "5", false));
        String t12 = p.task(plan, g1, "1.2", "QK3", "2026-03-10",
                Programme.indicator("MIN1", "MIN", "80", true) + "," + Programme.indicator("MAX1", "MAX", "50", true));
        String t21 = p.task(plan, g2, "2.1", "BTLBP", "2026-02-28", Programme.indicator("KQ", "SUM", "3", true));

        a.put("a1", p.assign(t11, "QK1"));
        a.put("a2", p.cascade("dieuphoi.qk1", a.get("a1"), "SD3"));
        a.put("a3", p.cascade("dieuphoi.qk1", a.get("a1"), "CHQSLS"));
        a.put("a4", p.assign(t11, "QK3"));
        a.put("a5", p.assign(t12, "QK3"));
        a.put("a6", p.assign(t12, "SD395"));
        a.put("a7", p.assign(t12, "SD3"));
        a.put("a8", p.assign(t21, "BTLBP"));
        a.put("a9", p.assign(t21, "QK1"));
        p.clock.set("2026-01-05T08:00:00+07:00");
        p.issue(plan);
        p.clock.reset();

        // February.
        assertThat(p.report("2026-02-18T09:00:00+07:00", "baocao.sd3", a.get("a2"), "2026-02", "STALLED", 10, "", true, "Chưa có thiết bị")).isTrue();
        assertThat(p.report("2026-02-18T09:00:00+07:00", "chqsls.02", a.get("a3"), "2026-02", "IN_PROGRESS", 10, "", true, "Thiếu người")).isTrue();
        assertThat(p.report("2026-02-18T09:00:00+07:00", "qk3.02", a.get("a4"), "2026-02", "IN_PROGRESS", 40, "\"HT\":10,\"TG\":3", true,
                "Thiếu kinh phí")).isTrue();
        assertThat(p.report("2026-02-19T09:00:00+07:00", "baocao.btlbp", a.get("a8"), "2026-02", "DONE", 100, "", false, "")).isTrue();

        // March.
        assertThat(p.report("2026-03-18T10:00:00+07:00", "baocao.qk1", a.get("a1"), "2026-03", "IN_PROGRESS", 50, "\"HT\":30,\"TG\":4", false, ""))
                .isTrue();
        // A revision after the deadline: the first submission decides.
        assertThat(p.report("2026-03-25T10:00:00+07:00", "baocao.qk1", a.get("a1"), "2026-03", "IN_PROGRESS", 60, "\"HT\":40,\"TG\":6", false, ""))
                .isTrue();
        assertThat(p.report("2026-03-22T10:00:00+07:00", "baocao.sd3", a.get("a2"), "2026-03", "STALLED", 20, "\"HT\":5", true,
                "Chờ cấp thiết bị")).isFalse();
        // In the deadline's last second: on time.
        assertThat(p.report("2026-03-20T23:59:59.400+07:00", "chqsls.02", a.get("a3"), "2026-03", "IN_PROGRESS", 30, "\"HT\":15,\"TG\":2", false,
                "")).isTrue();
        assertThat(p.report("2026-03-19T10:00:00+07:00", "qk3.02", a.get("a5"), "2026-03", "DONE", 100, "\"MIN1\":90,\"MAX1\":40", false, ""))
                .isTrue();
        assertThat(p.report("2026-03-21T08:00:00+07:00", "sd395.02", a.get("a6"), "2026-03", "DONE", 100, "\"MIN1\":70,\"MAX1\":60", false, ""))
                .isFalse();
        assertThat(p.report("2026-03-10T10:00:00+07:00", "baocao.btlbp", a.get("a8"), "2026-03", "DONE", 100, "", false, "")).isTrue();
        assertThat(p.report("2026-03-20T12:00:00+07:00", "baocao.qk1", a.get("a9"), "2026-03", "DONE", 100, "", true, "Đã xử lý xong")).isTrue();

        // After the lock nothing is accepted, and nothing changes.
        var locked = p.reportAt("2026-03-31T00:00:00+07:00", "baocao.sd3", a.get("a7"), "2026-03",
                Programme.body("IN_PROGRESS", 10, "\"MIN1\":1", false, ""));
        assertThat(locked.status()).as(locked.body()).isEqualTo(409);
        assertThat(p.revisions(a.get("a7"))).isZero();

        return new HandComputedExample(plan, t11, t12, t21, Map.copyOf(a));
    }
}
