package vn.truongson.audit;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/** {@code ./truongson audit-rotate-key}: a new leaf key now (issue 11); older records keep theirs. Prints the new key id. */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-rotate-key")
class AuditRotateKeyCommand implements CommandLineRunner {

    private final AuditTrail trail;
    private final ApplicationContext context;

    AuditRotateKeyCommand(AuditTrail trail, ApplicationContext context) {
        this.trail = trail;
        this.context = context;
    }

    @Override
    public void run(String... args) {
        String id = trail.rotateLeafKey();
        System.out.println("OK: new audit leaf key " + id + " (older records keep theirs)");
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
