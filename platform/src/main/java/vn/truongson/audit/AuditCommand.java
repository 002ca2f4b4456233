package vn.truongson.audit;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * The shape of the audit module's commands ({@code ./truongson audit-verify}, {@code audit-rotate-key}, and the bench
 * tooling's): do one thing, print the verdict, close the context and exit with a code — {@link #OK}, {@link #USAGE} or
 * {@link #BROKEN}, the codes {@code audit-prove} ({@link AuditProve}, offline, without a context) answers too.
 */
abstract class AuditCommand implements CommandLineRunner {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int BROKEN = 3;

    protected final ApplicationContext context;

    AuditCommand(ApplicationContext context) {
        this.context = context;
    }

    /** The command's work; answers the exit code. */
    abstract int execute(String... args) throws Exception;

    @Override
    public final void run(String... args) throws Exception {
        int code = execute(args);
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
