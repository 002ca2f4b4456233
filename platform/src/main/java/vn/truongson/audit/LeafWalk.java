package vn.truongson.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The verifier's pass over every sealed leaf (issue 11), in parallel: one cursor streams {@code audit_leaf} joined to
 * {@code audit_event} in leaf order (large fetches, in the verifier's snapshot and transaction, so it sees exactly what
 * that transaction sees); the rows are cut into chunks of 2^{@link #chunkBits} leaves aligned on the tree, and each
 * chunk goes to a worker that recomputes its leaves (HMAC under the leaf key, held in the JVM as for sealing: the key
 * never leaves the process, nothing new is unwrapped) and the root of its perfect subtree, plus the chunk's frontier at
 * every signed head's size that falls inside it. The chunks are merged in order: the tree's root at each head's size is
 * the frontier of the whole chunks before it followed by the chunk's own frontier ({@link Merkle.Frontier#of}).
 *
 * <p>The verdict is the serial pass's: findings are replayed in leaf order up to the first one that stops the walk
 * (a missing leaf, a removed record, a missing key, a root that differs from a head), so {@code firstBrokenId} and
 * {@code checked} do not depend on the number of workers or the chunk size.
 */
final class LeafWalk {

    private static final String SELECT = "select l.leaf_index, l.event_id, l.key_id, l.leaf_hash, e.id is null, e.mac, e.tx_id is null, "
            + "e.id, e.at, e.actor, e.unit_id, e.zone, e.ip, e.action, e.target, e.outcome, e.detail "
            + "from audit_leaf l left join audit_event e on e.id = l.event_id order by l.leaf_index";

    /** What a walk found: in leaf order; {@code stop} ends the walk at it. */
    record Finding(long position, long eventId, String why, boolean stop, boolean counted) {}

    record Result(List<Finding> findings, long checked, long treeSize, long maxId) {}

    /** Leaves the cursor after a finding that ends the walk. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private record Row(long index, long eventId, String keyId, byte[] leafHash, byte @Nullable [] storedMac, boolean legacy, AuditRecord record) {}

    private record Chunk(long start, List<Row> rows, Map<String, SecretKeySpec> keys, NavigableSet<Long> headSizes) {}

    /** A chunk done: its subtree root (when full), its frontier at each head size inside it, and its findings. */
    private record Done(long start, long[] eventIds, byte[] root, Map<Long, byte[]> frontierAt, List<Finding> findings, long maxId) {}

    private final JdbcClient jdbc;
    private final LeafKeys leafKeys;
    private final ExecutorService workers;
    private final int parallelism;
    private final int chunkBits;

    LeafWalk(JdbcClient jdbc, LeafKeys leafKeys, ExecutorService workers, int parallelism, int chunkBits) {
        this.jdbc = jdbc;
        this.leafKeys = leafKeys;
        this.workers = workers;
        this.parallelism = Math.max(1, parallelism);
        this.chunkBits = chunkBits;
    }

    /** Walks every leaf; {@code roots}: the root each tree size must have (from the signed heads), {@code rootSource} whose word it is. */
    Result walk(TreeMap<Long, byte[]> roots, Map<Long, String> rootSource) {
        long chunkSize = 1L << chunkBits;
        NavigableSet<Long> headSizes = roots.navigableKeySet();
        var state = new Object() {
            final ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
            final Merkle.Frontier whole = new Merkle.Frontier();
            final List<Finding> findings = new ArrayList<>();
            final Map<String, SecretKeySpec> keys = new HashMap<>();
            @Nullable Finding readerStop;
            List<Row> rows = new ArrayList<>();
            long next;
            long maxId;
            boolean stopped;
        };
        // Merges the oldest chunk: its findings, then the roots at the head sizes inside it, in leaf order.
        Runnable mergeOne = () -> {
            Done d = get(state.inFlight.removeFirst());
            if (state.stopped) return;
            List<Finding> here = new ArrayList<>(d.findings());
            for (var e : d.frontierAt().entrySet()) {
                long size = e.getKey();
                byte[] root;
                if (size == d.start() + chunkSize) {
                    Merkle.Frontier f = Merkle.Frontier.of(state.whole.size(), state.whole.packed());
                    f.add(d.root());
                    root = f.root();
                } else {
                    // The bits of size: those of the whole chunks before (above chunkBits), then those inside the chunk.
                    root = Merkle.Frontier.of(size, concat(state.whole.packed(), e.getValue())).root();
                }
                if (!Arrays.equals(roots.get(size), root)) {
                    here.add(new Finding(size - 1, d.eventIds()[(int) (size - 1 - d.start())], "the tree of " + size
                            + " records does not have the root of the signed head (" + rootSource.get(size) + ")", true, true));
                }
            }
            // Stable: at one leaf, its own findings come before the root check that ends at it.
            here.sort(java.util.Comparator.comparingLong(Finding::position));
            for (Finding f : here) {
                state.findings.add(f);
                if (f.stop()) {
                    state.stopped = true;
                    return;
                }
            }
            if (d.eventIds().length == chunkSize) state.whole.add(d.root());
            state.maxId = Math.max(state.maxId, d.maxId());
            state.next = d.start() + d.eventIds().length;
        };
        Runnable submit = () -> {
            if (state.rows.isEmpty()) return;
            long start = state.rows.getFirst().index();
            Chunk c = new Chunk(start, state.rows, Map.copyOf(state.keys), headSizes.subSet(start, false, start + chunkSize, true));
            state.rows = new ArrayList<>();
            while (state.inFlight.size() >= parallelism * 2) mergeOne.run();
            state.inFlight.addLast(workers.submit(() -> compute(c)));
        };
        long[] expectedIndex = {0};
        try {
            jdbc.sql(SELECT).withFetchSize(10_000).query((ResultSet rs) -> {
                // Nothing after a stop counts: the cursor is left at once.
                if (state.readerStop != null || state.stopped) throw new Stop();
                long index = rs.getLong(1);
                long eventId = rs.getLong(2);
                if (index != expectedIndex[0]) {
                    state.readerStop = new Finding(expectedIndex[0], eventId, "leaf " + expectedIndex[0] + " is missing from audit_leaf", true, false);
                    return;
                }
                if (rs.getBoolean(5)) {
                    state.readerStop = new Finding(index, eventId, "record " + eventId + " was removed", true, false);
                    return;
                }
                String keyId = rs.getString(3);
                if (!state.keys.containsKey(keyId)) {
                    try {
                        // Resolved here, in the verifier's transaction: what it sees of audit_leaf_key is what counts.
                        state.keys.put(keyId, leafKeys.key(keyId));
                    } catch (LeafKeys.KeyMissing e) {
                        submit.run();
                        state.readerStop = new Finding(index, eventId, e.getMessage(), true, true);
                        return;
                    }
                }
                state.rows.add(new Row(index, eventId, keyId, rs.getBytes(4), rs.getBytes(6), rs.getBoolean(7), record(rs)));
                expectedIndex[0]++;
                if ((expectedIndex[0] & (chunkSize - 1)) == 0) submit.run();
            });
        } catch (Stop stop) {
            // the walk ended early
        }
        submit.run();
        while (!state.inFlight.isEmpty()) mergeOne.run();
        if (!state.stopped && state.readerStop != null) {
            state.findings.add(state.readerStop);
            state.stopped = true;
        }
        long checked;
        long treeSize;
        if (state.stopped) {
            Finding last = state.findings.getLast();
            checked = last.position() + (last.counted() ? 1 : 0);
            treeSize = last.position();
        } else {
            checked = state.next;
            treeSize = state.next;
        }
        return new Result(state.findings, checked, treeSize, state.maxId);
    }

    /** The chunk's leaves: recomputed, compared with what is stored, folded into its subtree. */
    private static Done compute(Chunk c) {
        Map<String, Mac> macs = new HashMap<>();
        Merkle.Frontier f = new Merkle.Frontier();
        Map<Long, byte[]> frontierAt = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        long maxId = 0;
        long[] ids = new long[c.rows().size()];
        int i = 0;
        for (Row r : c.rows()) {
            byte[] mac = LeafKeys.mac(macs.computeIfAbsent(r.keyId(), k -> LeafKeys.newMac(c.keys().get(k))), r.record());
            if (!r.legacy() && (r.storedMac() == null || !Arrays.equals(r.storedMac(), mac))) {
                findings.add(new Finding(r.index(), r.eventId(), "record " + r.eventId()
                        + " was altered, or written outside the platform (its MAC does not match)", false, true));
            }
            byte[] leaf = Merkle.leafHash(mac);
            if (!Arrays.equals(leaf, r.leafHash())) {
                findings.add(new Finding(r.index(), r.eventId(), "record " + r.eventId() + " does not match its sealed leaf: altered after sealing", false, true));
            }
            f.add(leaf);
            ids[i++] = r.eventId();
            maxId = Math.max(maxId, r.eventId());
            long size = c.start() + f.size();
            if (c.headSizes().contains(size)) frontierAt.put(size, f.packed());
        }
        return new Done(c.start(), ids, f.root(), frontierAt, findings, maxId);
    }

    private static Done get(Future<Done> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The audit verification was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The audit verification failed: " + e.getCause(), e.getCause());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Columns 8 to 17 of {@link #SELECT}: the record. */
    private static AuditRecord record(ResultSet rs) throws SQLException {
        long unit = rs.getLong(11);
        Long unitId = rs.wasNull() ? null : unit;
        return new AuditRecord(rs.getLong(8), rs.getTimestamp(9).toInstant(), rs.getString(10), unitId, rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17));
    }
}
