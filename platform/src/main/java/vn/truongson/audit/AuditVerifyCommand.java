package vn.truongson.audit;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code ./truongson audit-verify}: rebuilds the tree with the leaf key, checks every signed head in the database and in
 * the head file, prints the verdict, exits 0 when intact and 3 when broken.
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-verify")
class AuditVerifyCommand implements CommandLineRunner {

    private final AuditTrail trail;
    private final ApplicationContext context;

    AuditVerifyCommand(AuditTrail trail, ApplicationContext context) {
        this.trail = trail;
        this.context = context;
    }

    @Override
    public void run(String... args) {
        AuditTrail.Verification v = trail.verify();
        if (v.ok()) {
            System.out.println("OK: audit trail intact, " + v.checked() + " rows checked");
        } else {
            System.out.println("BROKEN: first broken row id " + v.firstBrokenId() + " (" + v.checked() + " rows read): " + v.reason());
        }
        int code = v.ok() ? 0 : 3;
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
