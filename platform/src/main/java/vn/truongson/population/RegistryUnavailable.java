package vn.truongson.population;

import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;

/**
 * 503: the registry did not give a usable answer (down, slow, 5xx, garbage, or the circuit is open). It is
 * never turned into "not matched": a citizen must not be refused because a server failed.
 */
public class RegistryUnavailable extends DomainException {

    public RegistryUnavailable(String reason, @Nullable Throwable cause) {
        super("problem.population.registry-unavailable");
        initCause(cause);
        this.reason = reason;
    }

    private final String reason;

    /** For the log and the audit trail; never shown to callers. */
    public String reason() { return reason; }

    @Override public int status() { return 503; }
}
