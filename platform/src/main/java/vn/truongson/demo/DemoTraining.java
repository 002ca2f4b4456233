package vn.truongson.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.core.Vietnam;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;
import vn.truongson.training.Training;

/**
 * Demo: a year of training classes (issue 17 D) organised by the ministry's direct sub-units for their own officials,
 * entered by the ministry's commander through the training module itself — three courses (chuyển đổi số, an toàn thông
 * tin, chữ ký số), one class of each per unit over the last twelve months, most participants present and most of those
 * passing (a fixed seed: every installation tells the same story), and one class still to come. Certificates are left to
 * be issued on the screens (each is a sealed PDF).
 */
@Component
class DemoTraining {

    private static final Logger log = LoggerFactory.getLogger(DemoTraining.class);

    record CourseSeed(String code, String title, String topic, int hours, String description) {}

    static final List<CourseSeed> COURSES = List.of(
            new CourseSeed("CDS-CB", "Bồi dưỡng kiến thức chuyển đổi số cho cán bộ (minh họa)", "DIGITAL_TRANSFORMATION", 16,
                    "Chương trình chuyển đổi số của Bộ Quốc phòng; khai thác hệ thống quản lý văn bản, báo cáo và dịch vụ công trên môi trường số."),
            new CourseSeed("ATTT-NSD", "An toàn thông tin cho người sử dụng (minh họa)", "INFORMATION_SECURITY", 8,
                    "Nhận biết mã độc và lừa đảo, quản lý mật khẩu và xác thực hai yếu tố, bảo vệ bí mật nhà nước trên không gian mạng."),
            new CourseSeed("CKS-SD", "Sử dụng chữ ký số chuyên dùng (minh họa)", "DIGITAL_SIGNATURE", 4,
                    "Ký số văn bản, kiểm tra chữ ký số, bảo quản thiết bị lưu khóa và mã PIN."));

    private final Training training;
    private final Units units;
    private final Officials officials;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoTraining(Training training, Units units, Officials officials, Accounts accounts, TransactionTemplate tx, DemoMode demo) {
        this.training = training;
        this.units = units;
        this.officials = officials;
        this.accounts = accounts;
        this.tx = tx;
        this.demo = demo;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(45)
    void load() {
        if (!demo.enabled()) return;
        AccountPrincipal commander = accounts.principalOf("chihuy.bqp").orElse(null);
        if (commander == null) return;
        long t0 = System.nanoTime();
        Integer classes = tx.execute(s -> DemoActors.as(commander, this::loadAll));
        if (classes != null && classes > 0) log.info("Demo training loaded: {} classes in {} ms", classes, (System.nanoTime() - t0) / 1_000_000);
    }

    private int loadAll() {
        if (training.courses(null, 500, 0).stream().anyMatch(c -> c.code().equals(COURSES.getFirst().code()))) return 0; // loaded before
        Map<String, Unit> byCode = units.byCodes(Set.of("BQP", "BTL86"));
        Unit bqp = byCode.get("BQP");
        Unit btl86 = byCode.get("BTL86");
        if (bqp == null || btl86 == null) return 0;
        List<Training.Course> courses = new ArrayList<>();
        for (CourseSeed c : COURSES) courses.add(training.createCourse(btl86.id(), c.code(), c.title(), c.topic(), c.hours(), c.description()));
        LocalDate today = LocalDate.now(Vietnam.ZONE);
        Random random = new Random(17);
        int made = 0;
        List<Unit> organisers = units.list(bqp.id(), null, 100);
        for (int u = 0; u < organisers.size(); u++) {
            Unit unit = organisers.get(u);
            List<Official> people = officials.list(unit.id(), true, null, 300, 0).stream().filter(Official::active).toList();
            if (people.isEmpty()) continue;
            for (int c = 0; c < courses.size(); c++) {
                Training.Course course = courses.get(c);
                // Spread over the last twelve months: each unit and course its own month, ending well before today.
                LocalDate start = today.minusMonths(1 + (u * 3L + c * 4L) % 11).withDayOfMonth(5 + (u + c) % 15);
                LocalDate end = start.plusDays(Math.max(0, course.hours() / 8 - 1));
                if (!end.isBefore(today)) continue;
                String place = "Hội trường " + unit.shortName();
                var k = training.createClass(course.id(), unit.id(), course.title().replace(" (minh họa)", "") + " – " + unit.shortName() + " (minh họa)",
                        start.toString(), end.toString(), place);
                List<Long> chosen = new ArrayList<>();
                for (Official o : people) if (random.nextInt(100) < 45 + 15 * c) chosen.add(o.id());
                if (chosen.isEmpty()) chosen.add(people.getFirst().id());
                training.enrol(k.id(), new ArrayList<Object>(chosen));
                for (long id : chosen) {
                    boolean present = random.nextInt(100) < 90;
                    boolean passed = present && random.nextInt(100) < 88;
                    BigDecimal score = present ? BigDecimal.valueOf((passed ? 60 : 30) + random.nextInt(passed ? 39 : 20)).add(
                            BigDecimal.valueOf(random.nextInt(4) * 25, 2)) : null;
                    training.record(k.id(), id, present, passed ? "PASSED" : "FAILED", score, present ? null : "Vắng do làm nhiệm vụ");
                }
                made++;
            }
        }
        // One class still to come at Bộ Tư lệnh 86: enrolled, no results yet.
        List<Official> staff = officials.list(btl86.id(), true, null, 300, 0).stream().filter(Official::active).limit(12).toList();
        var next = training.createClass(courses.get(1).id(), btl86.id(), "An toàn thông tin cho người sử dụng – đợt cuối năm (minh họa)",
                today.plusDays(10).toString(), today.plusDays(11).toString(), "Hội trường Bộ Tư lệnh 86");
        if (!staff.isEmpty()) training.enrol(next.id(), new ArrayList<Object>(staff.stream().map(Official::id).toList()));
        return made + 1;
    }
}
