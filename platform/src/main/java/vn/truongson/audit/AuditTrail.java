package vn.truongson.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The trail's API: append, search, verify. */
public interface AuditTrail {

    String SUCCESS = "SUCCESS";
    String FAILURE = "FAILURE";
    String DENIED = "DENIED";

    /**
     * Appends a row inside the caller's transaction, so the row commits, or rolls back, with the change
     * it describes.
     */
    void record(String action, String target, String outcome, @Nullable String detail);

    /**
     * Appends a row in a transaction of its own: for failures and refusals, whose caller's transaction
     * is about to roll back.
     */
    void recordSeparately(String action, String target, String outcome, @Nullable String detail);

    /** Same, for a given actor (e.g. a failed sign-in names the username tried). */
    void recordSeparately(String actor, String action, String target, String outcome, @Nullable String detail);

    List<AuditRecord> search(Query query);

    Verification verify();

    record Query(@Nullable String actor, @Nullable String action, @Nullable Instant from, @Nullable Instant to,
            @Nullable String target, @Nullable String outcome, int limit, long beforeId) {}

    /** ok, how many rows were checked, and the id of the first row that breaks the chain. */
    record Verification(boolean ok, long checked, @Nullable Long firstBrokenId) {}
}
