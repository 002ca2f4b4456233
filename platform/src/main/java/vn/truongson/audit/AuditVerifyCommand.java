package vn.truongson.audit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code ./truongson audit-verify}: rebuilds the tree with the leaf key, checks every signed head in the database and in
 * the head file, prints the verdict, exits 0 when intact and 3 when broken.
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-verify")
class AuditVerifyCommand extends AuditCommand {

    private final AuditTrail trail;

    AuditVerifyCommand(AuditTrail trail, ApplicationContext context) {
        super(context);
        this.trail = trail;
    }

    @Override
    int execute(String... args) {
        long t0 = System.nanoTime();
        AuditTrail.Verification v = trail.verify();
        String took = String.format(" in %.1f s", (System.nanoTime() - t0) / 1e9);
        if (v.ok()) {
            System.out.println("OK: audit trail intact, " + v.checked() + " rows checked" + took);
        } else {
            System.out.println("BROKEN: first broken row id " + v.firstBrokenId() + " (" + v.checked() + " rows read" + took + "): " + v.reason());
        }
        return v.ok() ? OK : BROKEN;
    }
}
