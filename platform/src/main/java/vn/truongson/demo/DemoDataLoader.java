package vn.truongson.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.Accounts;
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitKind;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;

/**
 * Loads the demo organisation the first time the platform starts in demo mode (no unit yet), in one
 * transaction: it is there whole, or not at all.
 */
@Component
class DemoDataLoader {

    /** API.md "Demo mode": the documented demo password and TOTP secret. Demo only. */
    static final String DEMO_PASSWORD = "TruongSon@2026";
    static final String DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final Units units;
    private final Officials officials;
    private final Accounts accounts;
    private final GrantAdministration grants;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoDataLoader(Units units, Officials officials, Accounts accounts, GrantAdministration grants, AuditTrail audit, TransactionTemplate tx,
            DemoMode demo) {
        this.demo = demo;
        this.units = units;
        this.officials = officials;
        this.accounts = accounts;
        this.grants = grants;
        this.audit = audit;
        this.tx = tx;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(0)
    void load() {
        if (!demo.enabled() || units.count() > 0) return;
        long t0 = System.nanoTime();
        int[] counts = tx.execute(s -> loadAll());
        log.info("Demo data loaded: {} units, {} officials in {} ms", counts[0], counts[1], (System.nanoTime() - t0) / 1_000_000);
    }

    private int[] loadAll() {
        // One hash for the one documented demo password: Argon2 is deliberately slow, 150 of them would be seconds.
        String hash = accounts.hash(DEMO_PASSWORD);
        Map<String, Unit> byCode = new HashMap<>();
        Map<String, int[]> childCounter = new HashMap<>();
        for (DemoOrganisation.U u : DemoOrganisation.UNITS) {
            Unit parent = u.parent() == null ? null : byCode.get(u.parent());
            String organId = organId(parent, childCounter);
            Unit unit = units.insert(new Units.NewUnit(u.code(), u.name(), u.shortName(), UnitKind.valueOf(u.kind()),
                    parent == null ? null : parent.id(), organId, SecrecyLevel.valueOf(u.secrecy())), parent);
            byCode.put(u.code(), unit);
        }
        audit.record("demo.load", "org", AuditTrail.SUCCESS, byCode.size() + " units");

        int people = 0;
        for (DemoOrganisation.Person p : DemoOrganisation.PEOPLE) {
            Unit unit = byCode.get(p.unit());
            SecrecyLevel clearance = SecrecyLevel.valueOf(p.clearance());
            Official o = officials.insert(new Officials.NewOfficial(p.username(), p.fullName(), unit.id(), p.position(), p.rank(),
                    clearance, unit.secrecy(), DEMO_PASSWORD, null, p.username() + "@demo.truongson.vn", null));
            boolean admin = p.grants().stream().anyMatch(g -> g.startsWith("ADMIN@"));
            accounts.createWithHash(o.id(), p.username(), hash, admin || clearance.isClassified() ? DEMO_TOTP_SECRET : null);
            for (String g : p.grants()) {
                // ROLE@UNITCODE:SCOPE
                String role = g.substring(0, g.indexOf('@'));
                String unitCode = g.substring(g.indexOf('@') + 1, g.indexOf(':'));
                grants.provision(o.id(), Role.valueOf(role), byCode.get(unitCode).id(), GrantScope.valueOf(g.substring(g.indexOf(':') + 1)));
            }
            people++;
        }

        // Two to three fictional officials per unit: a head and assistants, each reporting for their own unit.
        Random random = new Random(2026);
        for (DemoOrganisation.U u : DemoOrganisation.UNITS) {
            Unit unit = byCode.get(u.code());
            int n = unit.depth() <= 2 ? 3 : 2;
            for (int i = 1; i <= n; i++) {
                boolean female = random.nextInt(4) == 0;
                String name = pick(random, DemoOrganisation.SURNAMES) + " "
                        + pick(random, female ? DemoOrganisation.MIDDLE_FEMALE : DemoOrganisation.MIDDLE_MALE) + " "
                        + pick(random, female ? DemoOrganisation.GIVEN_FEMALE : DemoOrganisation.GIVEN_MALE);
                boolean head = i == 1;
                String position = head ? headTitle(unit) + " " + unit.shortName() : (i == 2 ? "Trợ lý" : "Nhân viên") + " " + unit.shortName();
                SecrecyLevel clearance = head || unit.secrecy().isClassified() ? SecrecyLevel.MAT : SecrecyLevel.THUONG;
                String username = u.code().toLowerCase() + ".%02d".formatted(i);
                Official o = officials.insert(new Officials.NewOfficial(username, name, unit.id(), position,
                        pick(random, head ? DemoOrganisation.RANKS_SENIOR : DemoOrganisation.RANKS_JUNIOR), clearance, unit.secrecy(),
                        DEMO_PASSWORD, null, null, null));
                accounts.createWithHash(o.id(), username, hash, clearance.isClassified() ? DEMO_TOTP_SECRET : null);
                grants.provision(o.id(), head ? Role.COMMANDER : Role.UNIT_REPORTER, unit.id(), head ? GrantScope.SUBTREE : GrantScope.UNIT);
                people++;
            }
        }
        audit.record("demo.load", "officials", AuditTrail.SUCCESS, people + " officials");
        return new int[] {byCode.size(), people};
    }

    private static String headTitle(Unit u) {
        return switch (u.kind()) {
            case MINISTRY -> "Chánh Văn phòng";
            case GENERAL_DEPARTMENT, DEPARTMENT -> "Thủ trưởng";
            case COMMAND, SERVICE, ARM, MILITARY_REGION -> "Tư lệnh";
            case ACADEMY -> "Giám đốc";
            case OFFICE -> "Chánh";
            case UNIT -> "Chỉ huy trưởng";
        };
    }

    /** Placeholder organisation identifiers in the NNN.NN.NN.XNN form, numbered down the tree. */
    private static String organId(Unit parent, Map<String, int[]> counters) {
        if (parent == null) return "000.00.00.G07";
        int n = ++counters.computeIfAbsent(parent.code(), k -> new int[1])[0];
        String[] p = parent.organId().split("\\.");
        return switch (parent.depth()) {
            case 1 -> "000.00.%02d.G07".formatted(n);
            case 2 -> "000.%02d.%s.G07".formatted(n, p[2]);
            default -> "%03d.%s.%s.G07".formatted(n, p[1], p[2]);
        };
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    static List<String> namedUsernames() {
        return DemoOrganisation.PEOPLE.stream().map(DemoOrganisation.Person::username).toList();
    }
}
