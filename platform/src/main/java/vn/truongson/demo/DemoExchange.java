package vn.truongson.demo;

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
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.exchange.Agreements;
import vn.truongson.exchange.Catalogue;
import vn.truongson.exchange.Catalogue.NewField;
import vn.truongson.exchange.Catalogue.NewService;
import vn.truongson.exchange.Catalogue.NewSystem;
import vn.truongson.exchange.Credentials;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;

/**
 * The exchange's demo (docs/exchange.md, "Demo"): three system owners, the platform's own system TRUONGSON with its
 * service {@code units}, the e-office of Quân khu 1 as a consumer with an ACTIVE agreement and documented credentials,
 * the sandbox population registry and a few of the ministry's shared systems the seeds name — all illustrative.
 * Done through the exchange's services as the named people, so the policy and the audit trail see it like anyone's.
 */
@Component
class DemoExchange {

    /** Demo only: the consumer's documented credentials. */
    static final String DEMO_CLIENT_ID = "qlvb-qk1.demo";
    static final String DEMO_CLIENT_SECRET = "TruongSon-demo-QLVB-QK1-2026";

    private static final Logger log = LoggerFactory.getLogger(DemoExchange.class);

    private final Catalogue catalogue;
    private final Agreements agreements;
    private final Credentials credentials;
    private final Units units;
    private final Officials officials;
    private final Accounts accounts;
    private final GrantAdministration grants;
    private final TransactionTemplate tx;
    private final DemoMode demo;
    private final org.springframework.core.env.Environment env;

    DemoExchange(Catalogue catalogue, Agreements agreements, Credentials credentials, Units units, Officials officials, Accounts accounts,
            GrantAdministration grants, TransactionTemplate tx, DemoMode demo, org.springframework.core.env.Environment env) {
        this.catalogue = catalogue;
        this.agreements = agreements;
        this.credentials = credentials;
        this.units = units;
        this.officials = officials;
        this.accounts = accounts;
        this.grants = grants;
        this.tx = tx;
        this.demo = demo;
        this.env = env;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(30)
    void load() {
        if (!demo.enabled() || accounts.principalOf("hethong.btl86").isPresent()) return;
        if (accounts.principalOf("admin").isEmpty()) return;
        try {
            tx.executeWithoutResult(s -> loadAll());
            log.info("Demo exchange loaded: TRUONGSON/units, QLVB-QK1 with an active agreement (client {}), illustrative systems", DEMO_CLIENT_ID);
        } catch (DomainException.BadInput e) {
            throw new IllegalStateException("demo exchange refused: " + e.errors().stream().map(f -> f.field() + " " + f.messageKey()).toList(), e);
        }
    }

    /**
     * The sandbox personnel records system (sandbox/personnel-system) when the launcher runs one
     * ({@code truongson.exchange.personnel-url}): system QLQN-SANDBOX of BTL86 with service {@code people}, and an
     * ACTIVE agreement for QLVB-QK1 on four of its six fields (never idNumber nor birthYear). Registered at the first
     * start that has the address; at later starts (a new port each time) its address is brought up to date, as its owner.
     */
    @EventListener(ApplicationStartedEvent.class)
    @Order(31)
    void personnel() {
        String url = env.getProperty("truongson.exchange.personnel-url", "");
        if (!demo.enabled() || url.isBlank()) return;
        var owner = accounts.principalOf("hethong.btl86");
        var qk1 = accounts.principalOf("hethong.qk1");
        var second = accounts.principalOf("pheduyet.btl86");
        if (owner.isEmpty() || qk1.isEmpty() || second.isEmpty()) return;
        try {
            tx.executeWithoutResult(s -> DemoActors.as(owner.get(), () -> {
                var existing = catalogue.list("QLQN-SANDBOX", 5).stream().filter(x -> x.code().equals(PERSONNEL)).findFirst();
                if (existing.isPresent()) {
                    var x = existing.get();
                    if (!url.equals(x.endpointBaseUrl())) {
                        catalogue.update(PERSONNEL, new NewSystem(null, x.name(), null, x.purpose(), x.securityLevel(), null, null, x.status().name(), url,
                                x.contact()));
                    }
                    return null;
                }
                Unit btl86 = units.byCodes(Set.of("BTL86")).get("BTL86");
                catalogue.register(new NewSystem(PERSONNEL, "Hệ thống quản lý quân nhân (hộp cát, dữ liệu tổng hợp)", id(btl86),
                        "Hồ sơ quân nhân: họ tên, cấp bậc, đơn vị; ở bản chạy thử là hộp cát sandbox/personnel-system với dữ liệu tổng hợp.", 3, "THUONG",
                        List.of("military-network"), "PILOT", url, "Bộ Tư lệnh 86, hethong.btl86"));
                catalogue.addService(PERSONNEL, new NewService("people", "Danh sách quân nhân", "/people", "THUONG", List.of(
                        new NewField("id", "PUBLIC"), new NewField("fullName", "PERSONAL"), new NewField("rank", "INTERNAL"), new NewField("unit", "INTERNAL"),
                        new NewField("birthYear", "PERSONAL"), new NewField("idNumber", "PERSONAL"), new NewField("enlistedOn", "PERSONAL"))));
                return null;
            }));
            if (DemoActors.as(second.get(), () -> agreements.list(PERSONNEL, 50)).stream().noneMatch(a -> a.consumer().equals("QLVB-QK1"))) {
                Agreements.Agreement a = DemoActors.as(qk1.get(), () -> agreements.request(new Agreements.NewAgreement("QLVB-QK1", PERSONNEL, "people",
                        "Tra cứu họ tên, cấp bậc, đơn vị của quân nhân nhận văn bản.", "Nghị định 47/2020/NĐ-CP",
                        List.of("id", "fullName", "rank", "unit", "idNumber"), Agreements.today().plusYears(1).toString())));
                // The provider's owner approves fewer fields than asked: the citizen identity number never leaves.
                DemoActors.as(second.get(), () -> agreements.approve(a.id(), new Agreements.Approval(List.of("id", "fullName", "rank", "unit"), 600, null)));
            }
            log.info("Demo exchange: sandbox personnel system {} at {}", PERSONNEL, url);
        } catch (DomainException e) {
            log.warn("Demo exchange: the sandbox personnel system was not registered: {}", e.getMessage());
        }
    }

    static final String PERSONNEL = "QLQN-SANDBOX";

    private void loadAll() {
        Map<String, Unit> u = units.byCodes(Set.of("BQP", "BTL86", "QK1", "VPBQP", "PTMBTL86", "BTLBP"));
        String hash = accounts.hash(DemoDataLoader.DEMO_PASSWORD);
        person("hethong.btl86", "Đinh Công Thắng", "Thiếu tá", "Trợ lý quản trị hệ thống dùng chung (minh họa)", u.get("BTL86"), hash);
        person("pheduyet.btl86", "Lại Thị Minh Thu", "Trung tá", "Trưởng ban Tích hợp dữ liệu (minh họa)", u.get("BTL86"), hash);
        person("hethong.qk1", "Quách Văn Toàn", "Đại úy", "Trợ lý công nghệ thông tin Quân khu 1 (minh họa)", u.get("QK1"), hash);

        AccountPrincipal admin = accounts.principalOf("admin").orElseThrow();
        AccountPrincipal btl86 = accounts.principalOf("hethong.btl86").orElseThrow();
        AccountPrincipal qk1 = accounts.principalOf("hethong.qk1").orElseThrow();
        String registry = env.getProperty("truongson.population.registry-url", "");
        DemoActors.as(admin, () -> {
            catalogue.register(new NewSystem(Catalogue.PLATFORM, "Nền tảng Trường Sơn (dịch vụ dùng chung của Bộ Quốc phòng)", id(u.get("BTL86")),
                    "Công bố dữ liệu dùng chung của nền tảng qua trục chia sẻ: danh bạ đơn vị, mã định danh cơ quan.", 3, "THUONG",
                    List.of("military-network"), "IN_SERVICE", null, "Bộ Tư lệnh 86, hethong.btl86"));
            catalogue.addService(Catalogue.PLATFORM, new NewService("units", "Danh bạ đơn vị", "/units", "THUONG", List.of(
                    new NewField("id", "PUBLIC"), new NewField("code", "PUBLIC"), new NewField("name", "PUBLIC"),
                    new NewField("organId", "PUBLIC"), new NewField("parentId", "PUBLIC"))));
            illustrative(u, registry);
            return null;
        });
        DemoActors.as(qk1, () -> {
            catalogue.register(new NewSystem("QLVB-QK1", "Hệ thống quản lý văn bản và điều hành Quân khu 1 (minh họa)", id(u.get("QK1")),
                    "Quản lý văn bản, hồ sơ công việc của Quân khu 1; dùng danh bạ đơn vị của Bộ để gửi, nhận văn bản.", 2, "THUONG",
                    List.of("military-network"), "IN_SERVICE", null, "Ban CNTT Quân khu 1, hethong.qk1"));
            return null;
        });
        Agreements.Agreement a = DemoActors.as(qk1, () -> agreements.request(new Agreements.NewAgreement("QLVB-QK1", Catalogue.PLATFORM, "units",
                "Tra cứu đơn vị nhận văn bản và mã định danh cơ quan khi gửi văn bản điện tử.", "Nghị định 47/2020/NĐ-CP; Nghị định 30/2020/NĐ-CP",
                List.of("id", "code", "name", "organId", "parentId"), Agreements.today().plusYears(1).toString())));
        DemoActors.as(btl86, () -> agreements.approve(a.id(), new Agreements.Approval(null, 600, null)));
        credentials.provisionDemo("QLVB-QK1", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    }

    /** Shared systems the seed articles name, labelled illustrative; the sandbox registry with its address when one runs. */
    private void illustrative(Map<String, Unit> u, String registry) {
        String bqp = id(u.get("BQP"));
        catalogue.register(new NewSystem("CSDLDC-SANDBOX", "Kết nối Cơ sở dữ liệu quốc gia về dân cư (hộp cát, minh họa)", id(u.get("BTL86")),
                "Xác thực thông tin công dân theo Đề án 06; ở bản chạy thử là hộp cát sandbox/population-registry với dữ liệu tổng hợp.", 3, "THUONG",
                List.of("military-network"), "PILOT", registry.isBlank() ? null : registry, "Bộ Tư lệnh 86"));
        catalogue.addService("CSDLDC-SANDBOX", new NewService("verify", "Xác thực thông tin công dân", "/api/citizens/verify", "THUONG", List.of(
                new NewField("matched", "PUBLIC"), new NewField("fullName", "PERSONAL"), new NewField("dateOfBirth", "PERSONAL"))));
        catalogue.register(new NewSystem("QLVB-BQP", "Hệ thống quản lý văn bản và điều hành Bộ Quốc phòng (minh họa)", id(u.get("VPBQP")),
                "Văn phòng điện tử dùng chung; liên thông văn bản với các đơn vị và Trục liên thông văn bản quốc gia.", 3, "THUONG",
                List.of("military-network"), "IN_SERVICE", null, null));
        catalogue.register(new NewSystem("DVC-BQP", "Cổng dịch vụ công Bộ Quốc phòng (minh họa)", bqp,
                "Tiếp nhận, giải quyết thủ tục hành chính; kết nối Cổng Dịch vụ công quốc gia.", 3, "THUONG",
                List.of("military-network", "internet"), "IN_SERVICE", null, null));
        catalogue.register(new NewSystem("CDS-THEODOI", "Phần mềm theo dõi chương trình chuyển đổi số (minh họa)", id(u.get("PTMBTL86")),
                "Theo dõi kế hoạch, nhiệm vụ, báo cáo tháng về chuyển đổi số của các đơn vị.", 2, "THUONG",
                List.of("military-network"), "IN_SERVICE", null, null));
        catalogue.register(new NewSystem("CA-BQP", "Hệ thống chứng thực chữ ký số chuyên dùng (minh họa)", id(u.get("BTL86")),
                "Cấp, thu hồi chứng thư số cho cán bộ và cơ quan; dịch vụ cấp dấu thời gian.", 4, "THUONG",
                List.of("military-network"), "IN_SERVICE", null, null));
        catalogue.register(new NewSystem("TSLQS-DICHVU", "Dịch vụ trên mạng truyền số liệu quân sự (minh họa)", bqp,
                "Danh mục dịch vụ dùng chung trên mạng truyền số liệu quân sự.", 4, "MAT", List.of("military-network"), "PILOT", null, null));
    }

    private void person(String username, String fullName, String rank, String position, Unit unit, String hash) {
        Official o = officials.insert(new Officials.NewOfficial(username, fullName, unit.id(), position, rank, SecrecyLevel.THUONG, unit.secrecy(),
                DemoDataLoader.DEMO_PASSWORD, null, username + "@demo.truongson.vn", null));
        accounts.createWithHash(o.id(), username, hash, null);
        grants.provision(o.id(), Role.SYSTEM_OWNER, unit.id(), GrantScope.SUBTREE);
    }

    private static String id(@Nullable Unit u) {
        if (u == null) throw new IllegalStateException("demo unit missing");
        return Ids.str(u.id());
    }
}
