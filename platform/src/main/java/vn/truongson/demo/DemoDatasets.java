package vn.truongson.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.FieldType;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Submissions;
import vn.truongson.datasets.Value;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;

/**
 * Two illustrative data sets (issue 18), defined and assigned by the demo data coordinator, filled by the units' own
 * reporters through the module's services: the cipher-equipment needs survey that seed 001 tells of ("rà soát, tổng hợp
 * nhu cầu, bảo đảm thiết bị bảo mật cơ yếu", pilot units first), and a quarterly IT-infrastructure census. Deadlines are
 * two weeks after the demo is loaded, so the forms stay open to try. Loaded once, when there is no data set.
 */
@Component
class DemoDatasets {

    private static final Logger log = LoggerFactory.getLogger(DemoDatasets.class);
    static final String COORDINATOR = "dieuphoi.btl86";

    private final Datasets datasets;
    private final Submissions submissions;
    private final Units units;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoDatasets(Datasets datasets, Submissions submissions, Units units, Accounts accounts, TransactionTemplate tx, DemoMode demo) {
        this.datasets = datasets;
        this.submissions = submissions;
        this.units = units;
        this.accounts = accounts;
        this.tx = tx;
        this.demo = demo;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(5)
    void load() {
        if (!demo.enabled() || datasets.count() > 0) return;
        AccountPrincipal coordinator = accounts.principalOf(COORDINATOR).orElse(null);
        if (coordinator == null) return;
        try {
            Integer n = DemoActors.as(coordinator, () -> tx.execute(s -> loadAll(coordinator)));
            log.info("Demo data sets loaded: 2 data sets, {} submissions (illustrative)", n);
        } catch (DomainException.BadInput e) {
            throw new IllegalStateException("demo data sets refused: " + e.errors().stream().map(f -> f.field() + " " + f.messageKey()).toList(), e);
        }
    }

    static final List<String> CIPHER_UNITS = List.of("QK1", "BTMQK1", "SD3", "TD2", "TD12", "BTLBP", "BPLS", "BPQN", "BTL86", "TTANM", "HVKTQS",
            "QCHQ", "VUNG1", "BCTT");

    private int loadAll(AccountPrincipal coordinator) {
        Map<String, Unit> u = units.byCodes(Set.of("BQP", "QK1", "BTMQK1", "SD3", "TD2", "TD12", "BTLBP", "BPLS", "BPQN", "BTL86", "TTANM", "HVKTQS",
                "QCHQ", "VUNG1", "BCTT", "CHQSLS"));
        LocalDate deadline = LocalDate.now(Submissions.ZONE_ID).plusDays(14);

        Dataset cipher = DemoActors.as(coordinator, () -> {
            Dataset d = datasets.create(new Datasets.NewDataset("BQP-CY-2026", "Rà soát, tổng hợp nhu cầu thiết bị bảo mật cơ yếu (minh họa)",
                    Long.toString(u.get("BQP").id()), PeriodType.ONCE, SecrecyLevel.THUONG, List.of(
                    field("kind", "Loại thiết bị chủ yếu", FieldType.CHOICE, false, null, null, null,
                            List.of("Máy mã thoại", "Máy mã dữ liệu", "Thiết bị mạng riêng ảo bảo mật", "Thiết bị ký số (token)"), null),
                    field("needed", "Số lượng cần trang bị", FieldType.INTEGER, true, BigDecimal.ZERO, null, Aggregation.SUM, null, "bộ"),
                    field("deployed", "Số lượng đã triển khai", FieldType.INTEGER, true, BigDecimal.ZERO, null, Aggregation.SUM, null, "bộ"),
                    field("priority", "Mức ưu tiên (1 = cao nhất)", FieldType.INTEGER, true, BigDecimal.ONE, BigDecimal.valueOf(3), Aggregation.MIN,
                            null, null),
                    field("pilot", "Đơn vị điểm", FieldType.YES_NO, false, null, null, Aggregation.COUNT_YES, null, null),
                    field("readiness", "Mức đáp ứng hiện nay", FieldType.PERCENT, false, null, null, Aggregation.AVERAGE, null, "%"),
                    field("surveyed", "Ngày rà soát", FieldType.DATE, false, null, null, Aggregation.MAX, null, null),
                    field("note", "Đề xuất, kiến nghị", FieldType.TEXT, false, null, null, null, null, null)),
                    List.of(new Datasets.NewRule("deployed <= needed", "Số lượng đã triển khai không được vượt quá số lượng cần trang bị.")), null));
            datasets.publish(d.id());
            datasets.assign(d.id(), CIPHER_UNITS.stream().map(c -> Long.toString(u.get(c).id())).toList(), "ONCE", deadline.toString());
            return d;
        });

        Dataset census = DemoActors.as(coordinator, () -> {
            Dataset d = datasets.create(new Datasets.NewDataset("BQP-HTCNTT", "Điều tra hạ tầng công nghệ thông tin hằng quý (minh họa)",
                    Long.toString(u.get("QK1").id()), PeriodType.QUARTERLY, SecrecyLevel.THUONG, List.of(
                    field("dataNetwork", "Tỷ lệ cơ quan, đơn vị kết nối mạng truyền số liệu quân sự", FieldType.PERCENT, true, null, null,
                            Aggregation.AVERAGE, null, "%"),
                    field("computerNetwork", "Tỷ lệ kết nối mạng máy tính", FieldType.PERCENT, true, null, null, Aggregation.AVERAGE, null, "%"),
                    field("computers", "Số máy tính", FieldType.INTEGER, true, BigDecimal.ZERO, null, Aggregation.SUM, null, "chiếc"),
                    field("trained", "Số cán bộ được tập huấn chuyển đổi số", FieldType.INTEGER, true, BigDecimal.ZERO, null, Aggregation.SUM, null,
                            "người"),
                    field("staff", "Tổng số cán bộ", FieldType.INTEGER, true, BigDecimal.ZERO, null, Aggregation.SUM, null, "người")),
                    List.of(new Datasets.NewRule("trained <= staff", "Số cán bộ được tập huấn không được vượt quá tổng số cán bộ.")), null));
            datasets.publish(d.id());
            datasets.assign(d.id(), List.of("QK1", "BTMQK1", "SD3", "TD2", "TD12", "CHQSLS").stream().map(c -> Long.toString(u.get(c).id())).toList(),
                    quarter(deadline), deadline.toString());
            return d;
        });

        int n = 0;
        // Illustrative answers: most units in, BTMQK1, BPQN, TTANM and BCTT not yet.
        n += submit(cipher, u, "QK1", "ONCE", Map.of("kind", t("Máy mã thoại"), "needed", num(12), "deployed", num(5), "priority", num(1),
                "pilot", new Value.Bool(true), "readiness", num(42), "note", t("Đề nghị ưu tiên trang bị cho Sư đoàn 3 là đơn vị điểm.")));
        n += submit(cipher, u, "SD3", "ONCE", Map.of("kind", t("Máy mã thoại"), "needed", num(8), "deployed", num(3), "priority", num(1),
                "pilot", new Value.Bool(true), "readiness", num(38)));
        n += submit(cipher, u, "TD2", "ONCE", Map.of("kind", t("Máy mã dữ liệu"), "needed", num(4), "deployed", num(1), "priority", num(2),
                "pilot", new Value.Bool(false), "readiness", num(25)));
        n += submit(cipher, u, "TD12", "ONCE", Map.of("kind", t("Máy mã dữ liệu"), "needed", num(4), "deployed", num(0), "priority", num(2),
                "pilot", new Value.Bool(false), "readiness", num(0), "note", t("Chưa có đường truyền số liệu quân sự đến cấp trung đoàn.")));
        n += submit(cipher, u, "BTLBP", "ONCE", Map.of("kind", t("Thiết bị mạng riêng ảo bảo mật"), "needed", num(20), "deployed", num(11),
                "priority", num(1), "pilot", new Value.Bool(true), "readiness", num(55)));
        n += submit(cipher, u, "BPLS", "ONCE", Map.of("kind", t("Thiết bị mạng riêng ảo bảo mật"), "needed", num(6), "deployed", num(2),
                "priority", num(2), "pilot", new Value.Bool(false), "readiness", num(33)));
        n += submit(cipher, u, "BTL86", "ONCE", Map.of("kind", t("Thiết bị ký số (token)"), "needed", num(30), "deployed", num(24),
                "priority", num(1), "pilot", new Value.Bool(true), "readiness", num(80)));
        n += submit(cipher, u, "HVKTQS", "ONCE", Map.of("kind", t("Thiết bị ký số (token)"), "needed", num(15), "deployed", num(6),
                "priority", num(3), "pilot", new Value.Bool(false), "readiness", num(40)));
        n += submit(cipher, u, "QCHQ", "ONCE", Map.of("kind", t("Máy mã thoại"), "needed", num(18), "deployed", num(7), "priority", num(2),
                "pilot", new Value.Bool(false), "readiness", num(39)));
        n += submit(cipher, u, "VUNG1", "ONCE", Map.of("kind", t("Máy mã thoại"), "needed", num(6), "deployed", num(2), "priority", num(2),
                "pilot", new Value.Bool(false), "readiness", num(30)));

        String q = quarter(deadline);
        n += submit(census, u, "QK1", q, Map.of("dataNetwork", num(100), "computerNetwork", num(100), "computers", num(420), "trained", num(160),
                "staff", num(380)));
        n += submit(census, u, "SD3", q, Map.of("dataNetwork", num(75), "computerNetwork", num(90), "computers", num(210), "trained", num(95),
                "staff", num(300)));
        n += submit(census, u, "TD2", q, Map.of("dataNetwork", num(40), "computerNetwork", num(70), "computers", num(64), "trained", num(20),
                "staff", num(120)));
        n += submit(census, u, "CHQSLS", q, Map.of("dataNetwork", num(60), "computerNetwork", num(85), "computers", num(150), "trained", num(48),
                "staff", num(210)));
        return n;
    }

    private int submit(Dataset d, Map<String, Unit> u, String unitCode, String period, Map<String, Value> values) {
        String reporter = unitCode.toLowerCase() + ".02";
        AccountPrincipal p = accounts.principalOf(reporter).orElse(null);
        if (p == null) return 0;
        DemoActors.as(p, () -> submissions.submit(d.id(), u.get(unitCode).id(), period, new LinkedHashMap<>(values)));
        return 1;
    }

    private static String quarter(LocalDate d) {
        return d.getYear() + "-Q" + ((d.getMonthValue() - 1) / 3 + 1);
    }

    private static Value t(String s) {
        return new Value.Text(s);
    }

    private static Value num(long n) {
        return new Value.Number(BigDecimal.valueOf(n));
    }

    private static Datasets.NewField field(String code, String label, FieldType type, boolean required, @Nullable BigDecimal min,
            @Nullable BigDecimal max, @Nullable Aggregation aggregation, @Nullable List<String> options, @Nullable String unitOfMeasure) {
        return new Datasets.NewField(code, label, type, required, min, max, aggregation, options, unitOfMeasure, null, null);
    }
}
