package vn.truongson.secops;

import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;

/** 503: the malware scanner did not answer; uploads fail closed (nothing unscanned is stored). */
public class ScannerUnavailable extends DomainException {

    public ScannerUnavailable(String reason, @Nullable Throwable cause) {
        super("problem.secops.scanner-unavailable");
        this.reason = reason;
        if (cause != null) initCause(cause);
    }

    private final String reason;

    /** For the log and the audit trail; never shown to callers. */
    public String reason() { return reason; }

    @Override public int status() { return 503; }
}
