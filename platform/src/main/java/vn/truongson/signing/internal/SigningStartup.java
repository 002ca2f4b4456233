package vn.truongson.signing.internal;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.runtime.DemoMode;

/**
 * At start: opens the platform token (the first time: makes the CA). In demo mode, the first time, issues the
 * demo signers' certificates under the documented demo PIN (API.md "Demo mode") and the seals of the units that
 * have clerks.
 */
@Component
class SigningStartup {

    /** API.md "Demo mode": every demo account that signs has a personal certificate whose key PIN is this. */
    static final String DEMO_PIN = "123456";
    static final List<String> DEMO_SIGNERS = List.of("ky.btl86", "chihuy.btl86", "chihuy.qk1", "chihuy.bqp");
    static final List<String> DEMO_SEALS = List.of("BTL86", "QK1");

    private static final Logger log = LoggerFactory.getLogger(SigningStartup.class);

    private final CertificateAuthority ca;
    private final DemoMode demo;
    private final Accounts accounts;
    private final OfficialDirectory officials;
    private final Units units;

    SigningStartup(CertificateAuthority ca, DemoMode demo, Accounts accounts, OfficialDirectory officials, Units units) {
        this.ca = ca;
        this.demo = demo;
        this.accounts = accounts;
        this.officials = officials;
        this.units = units;
    }

    /** After the demo organisation (order 0), before the demo documents (order 5), which sign with these certificates. */
    @EventListener(ApplicationStartedEvent.class)
    @Order(2)
    void start() {
        long t0 = System.nanoTime();
        ca.platform();
        if (!demo.enabled() || ca.list(1000).stream().anyMatch(c -> "PERSONAL".equals(c.kind()) || "UNIT".equals(c.kind()))) return;
        int n = 0;
        for (String username : DEMO_SIGNERS) {
            var profile = accounts.principalOf(username).map(AccountPrincipal::officialId).flatMap(officials::profile);
            if (profile.isEmpty()) continue;
            OfficialDirectory.Profile p = profile.get();
            ca.issuePersonal(p.officialId(), p.fullName(), p.unitName(), DEMO_PIN.toCharArray(), "demo");
            n++;
        }
        Map<String, Unit> byCode = units.byCodes(DEMO_SEALS);
        for (String code : DEMO_SEALS) {
            Unit u = byCode.get(code);
            if (u == null) continue;
            ca.issueUnit(u.id(), u.name(), u.organId(), "demo");
            n++;
        }
        log.info("Signing: {} demo certificates (PIN {}) in {} ms", n, DEMO_PIN, (System.nanoTime() - t0) / 1_000_000);
    }
}
