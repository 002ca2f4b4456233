package vn.truongson.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Read-only queries over the trail's rows for the modules that watch it (secops' detection rules, the SIEM export, the
 * adoption figures). Reads the columns every row has had since V3 (id, at, actor, unit_id, zone, ip, action, target,
 * outcome, detail) and nothing of how rows are chained or sealed, so the sealing can change underneath.
 */
public interface AuditEvents {

    /**
     * The highest id among rows at least {@code settle} old: rows above it may still be joined by rows with lower ids
     * whose transactions have not committed yet, so a reader that keeps a cursor stops here.
     */
    long settledUpTo(java.time.Duration settle);

    /** Rows with {@code afterId < id <= upToId}, in id order, at most {@code limit}. */
    List<AuditRecord> between(long afterId, long upToId, int limit);

    /** Rows of these actions (exact names) with {@code from <= at <= to} and {@code id <= upToId}, in time order. */
    List<AuditRecord> ofActions(Collection<String> actions, Instant from, Instant to, long upToId);

    /** How many rows of one action and outcome one actor has in {@code [from, to)}. */
    long count(String actor, String action, String outcome, Instant from, Instant to);

    /** How many rows of one action and outcome in {@code [from, to)}, everyone's. */
    long count(String action, String outcome, Instant from, Instant to);

    /** The actors (usernames) with at least one row of this action and outcome in {@code [from, to)}. */
    Set<String> actors(String action, String outcome, Instant from, Instant to);

    /** The rows with these ids, in id order. */
    List<AuditRecord> byIds(Collection<Long> ids);

    /** Every row in {@code [from, to)}, in id order, streamed (for exports); the consumer sees one row at a time. */
    void forEach(Instant from, Instant to, Consumer<AuditRecord> each);

    /** The newest row of an action, if any ({@code outcome} null: any outcome). */
    @Nullable AuditRecord latest(String action, @Nullable String outcome);
}
