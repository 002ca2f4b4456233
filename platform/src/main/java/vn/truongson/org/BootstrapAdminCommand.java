package vn.truongson.org;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.Accounts;
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.Role;
import vn.truongson.access.Totp;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.SecrecyLevel;

/**
 * {@code ./truongson bootstrap-admin}: on an empty production database, creates the root unit and the
 * first system administrator (ADMIN, SUBTREE on the root), with a random password and TOTP secret printed
 * once. Refuses when any unit exists, so it can never take over a running organisation.
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "bootstrap-admin")
class BootstrapAdminCommand implements CommandLineRunner {

    private final Units units;
    private final Officials officials;
    private final Accounts accounts;
    private final GrantAdministration grants;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Environment env;
    private final ApplicationContext context;

    BootstrapAdminCommand(Units units, Officials officials, Accounts accounts, GrantAdministration grants, AuditTrail audit,
            TransactionTemplate tx, Environment env, ApplicationContext context) {
        this.units = units;
        this.officials = officials;
        this.accounts = accounts;
        this.grants = grants;
        this.audit = audit;
        this.tx = tx;
        this.env = env;
        this.context = context;
    }

    @Override
    public void run(String... args) {
        int code = tx.execute(s -> bootstrap());
        System.exit(SpringApplication.exit(context, () -> code));
    }

    private int bootstrap() {
        if (units.count() > 0) {
            System.out.println("REFUSED: the database already has units; create administrators in the platform instead.");
            return 4;
        }
        String rootCode = env.getProperty("truongson.bootstrap.root-code", "BQP");
        String rootName = env.getProperty("truongson.bootstrap.root-name", "Bộ Quốc phòng");
        String organId = env.getProperty("truongson.bootstrap.organ-id", "000.00.00.G07");
        String username = env.getProperty("truongson.bootstrap.username", "admin");
        String fullName = env.getProperty("truongson.bootstrap.full-name", "Quản trị hệ thống");
        Unit root = units.insert(new Units.NewUnit(rootCode, rootName, rootCode, UnitKind.MINISTRY, null, organId, SecrecyLevel.THUONG), null);
        byte[] raw = new byte[15];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "9a";
        String secret = Totp.newSecret();
        Official o = officials.insert(new Officials.NewOfficial(username, fullName, root.id(), "Quản trị hệ thống", null,
                SecrecyLevel.THUONG, SecrecyLevel.THUONG, password, secret, null, null));
        accounts.create(o.id(), username, password, secret);
        grants.provision(o.id(), Role.ADMIN, root.id(), GrantScope.SUBTREE);
        audit.record("bootstrap.admin", "official:" + o.id(), AuditTrail.SUCCESS, "root unit " + rootCode);
        System.out.println("Created root unit " + rootCode + " (" + rootName + ") and system administrator '" + username + "'.");
        System.out.println("Password (shown once; change it at /account/security after the first sign-in): " + password);
        System.out.println("TOTP secret (add to an authenticator app): " + secret);
        System.out.println(Totp.uri("Trường Sơn", username, secret));
        return 0;
    }
}
