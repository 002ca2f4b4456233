package vn.truongson.demo;

import java.time.LocalDate;
import java.util.Map;
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
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;
import vn.truongson.secops.SystemRegister;
import vn.truongson.secops.SystemRegister.RegisteredSystem;

/**
 * Demo: the Decree 85 register of the systems the data-sharing catalogue names (issue 17 C), entered by the ministry's
 * security officer through the register itself — approved ones, one overdue for its periodic check, one still in draft.
 */
@Component
class DemoRegister {

    private static final Logger log = LoggerFactory.getLogger(DemoRegister.class);

    private final SystemRegister register;
    private final Units units;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoRegister(SystemRegister register, Units units, Accounts accounts, TransactionTemplate tx, DemoMode demo) {
        this.register = register;
        this.units = units;
        this.accounts = accounts;
        this.tx = tx;
        this.demo = demo;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(40)
    void load() {
        if (!demo.enabled()) return;
        AccountPrincipal officer = accounts.principalOf("baomat.bqp").orElse(null);
        if (officer == null) return;
        try {
            tx.executeWithoutResult(s -> DemoActors.as(officer, () -> {
                loadAll();
                return null;
            }));
            log.info("Demo Decree 85 register loaded: 6 systems");
        } catch (DomainException.Conflict e) {
            // loaded before
        }
    }

    private void loadAll() {
        Map<String, Unit> u = units.byCodes(Set.of("BQP", "BTL86", "QK1", "VPBQP", "PTMBTL86"));
        LocalDate today = LocalDate.now(vn.truongson.calendar.WorkingCalendar.ZONE);
        RegisteredSystem qlvb = system("QLVB-BQP", "Hệ thống quản lý văn bản và điều hành Bộ Quốc phòng (minh họa)", u.get("VPBQP"), u.get("BTL86"), 3);
        approve(qlvb, "125/QĐ-BQP", today.minusYears(2).minusMonths(3), "Chủ quản hệ thống thông tin");
        mark(qlvb, "HS-CAP-DO", "DONE", "Quyết định 125/QĐ-BQP phê duyệt cấp độ 3");
        mark(qlvb, "PHUONG-AN", "DONE", "Phương án bảo đảm an toàn thông tin kèm hồ sơ đề xuất cấp độ");
        mark(qlvb, "QL-CHINH-SACH", "DONE", "Quy chế bảo đảm an toàn thông tin của Văn phòng Bộ");
        mark(qlvb, "KT-MANG", "PARTIAL", "Tường lửa lớp mạng đã có; chưa phân vùng máy chủ quản trị");
        // Approved over two years ago and never checked since: overdue (level 3: every 24 months).

        RegisteredSystem dvc = system("DVC-BQP", "Cổng dịch vụ công Bộ Quốc phòng (minh họa)", u.get("BQP"), u.get("BTL86"), 3);
        approve(dvc, "88/QĐ-BQP", today.minusMonths(20), "Chủ quản hệ thống thông tin");
        register.reviewed(dvc.id(), today.minusMonths(2).toString());
        for (String c : new String[] {"HS-CAP-DO", "PHUONG-AN", "QL-CHINH-SACH", "QL-TO-CHUC", "QL-NHAN-LUC", "KT-MANG", "KT-MAY-CHU", "KT-UNG-DUNG"})
            mark(dvc, c, "DONE", "Biên bản kiểm tra, đánh giá an toàn thông tin tháng " + today.minusMonths(2).getMonthValue());

        RegisteredSystem ca = system("CA-BQP", "Hệ thống chứng thực chữ ký số chuyên dùng (minh họa)", u.get("BTL86"), u.get("BTL86"), 4);
        approve(ca, "15/QĐ-BQP", today.minusMonths(11).minusDays(20), "Chủ quản hệ thống thông tin");
        mark(ca, "HS-CAP-DO", "DONE", "Quyết định 15/QĐ-BQP; thẩm định của Cục An toàn thông tin");

        RegisteredSystem cds = system("CDS-THEODOI", "Phần mềm theo dõi chương trình chuyển đổi số (minh họa)", u.get("PTMBTL86"), null, 2);
        approve(cds, "40/QĐ-BTL86", today.minusMonths(6), "Chủ quản hệ thống thông tin");

        RegisteredSystem qk1 = system("QLVB-QK1", "Hệ thống quản lý văn bản và điều hành Quân khu 1 (minh họa)", u.get("QK1"), null, 2);
        register.submit(qk1.id());

        system("CSDLDC-SANDBOX", "Kết nối Cơ sở dữ liệu quốc gia về dân cư (hộp cát, minh họa)", u.get("BTL86"), u.get("BTL86"), 3);
    }

    private RegisteredSystem system(String code, String name, Unit owner, Unit operator, int level) {
        return register.register(new SystemRegister.NewSystem(code, name, Ids.str(owner.id()), operator == null ? null : Ids.str(operator.id()), null,
                level, "THUONG", code));
    }

    private void approve(RegisteredSystem s, String number, LocalDate on, String by) {
        register.submit(s.id());
        register.approve(s.id(), new SystemRegister.Approval(number, on.toString(), by));
    }

    private void mark(RegisteredSystem s, String control, String status, String evidence) {
        register.mark(s.id(), control, status, evidence, null, null);
    }
}
