package vn.truongson.audit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/** {@code ./truongson audit-rotate-key}: a new leaf key now (issue 11); older records keep theirs. Prints the new key id. */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-rotate-key")
class AuditRotateKeyCommand extends AuditCommand {

    private final AuditTrail trail;

    AuditRotateKeyCommand(AuditTrail trail, ApplicationContext context) {
        super(context);
        this.trail = trail;
    }

    @Override
    int execute(String... args) {
        String id = trail.rotateLeafKey();
        System.out.println("OK: new audit leaf key " + id + " (older records keep theirs)");
        return OK;
    }
}
