package vn.truongson.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.runtime.DemoMode;

/**
 * {@code --truongson.command=audit-seal-bench} (bench/audit-seal.sh; bench tooling, not in the production jar: the script
 * puts this class on the launcher's path; demo mode only, it writes test records): in one
 * JVM, through {@link AuditTrail#record} with the real leaf key and the real sealer on the cluster scheduler (signing
 * and time-stamping on the token),
 * <ol>
 * <li>seal lag — commit to inclusion in a signed head — with 1 writer (baseline) and with {@code truongson.bench.writers}
 * (12), each record in a transaction of its own, for {@code truongson.bench.seconds} each;</li>
 * <li>the trail filled to {@code truongson.bench.rows} records (batches of 500 per transaction) or for at most
 * {@code truongson.bench.fill-seconds}, then {@link AuditTrail#verify()} timed at two sizes, and a proof of the last
 * record and a consistency proof timed.</li>
 * </ol>
 * Prints Markdown between BENCH-RESULT-BEGIN and BENCH-RESULT-END.
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-seal-bench")
class AuditSealBench extends AuditCommand {

    private final AuditTrail trail;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DemoMode demo;
    private final Environment env;

    AuditSealBench(AuditTrail trail, JdbcClient jdbc, TransactionTemplate tx, ApplicationContext context, DemoMode demo, Environment env) {
        super(context);
        this.trail = trail;
        this.jdbc = jdbc;
        this.tx = tx;
        this.demo = demo;
        this.env = env;
    }

    @Override
    int execute(String... args) throws Exception {
        if (!demo.enabled()) {
            System.out.println("audit-seal-bench writes test records: demo mode only");
            return USAGE;
        }
        int writers = env.getProperty("truongson.bench.writers", Integer.class, 12);
        int seconds = env.getProperty("truongson.bench.seconds", Integer.class, 30);
        long rows = env.getProperty("truongson.bench.rows", Long.class, 1_000_000L);
        int fillSeconds = env.getProperty("truongson.bench.fill-seconds", Integer.class, 180);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<String> out = new ArrayList<>();
        out.add("| Phase | writers | records | records/s | seal lag p50 (s) | p99 (s) | max (s) |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        out.add(lagPhase("baseline, 1 writer", "bench:" + run + ":one:", 1, seconds));
        out.add(lagPhase(writers + " writers", "bench:" + run + ":many:", writers, seconds));
        out.add("");

        // Fill, then verify at two sizes.
        long firstSize = sealAll();
        long t0 = System.nanoTime();
        AuditTrail.Verification v1 = trail.verify();
        double verify1 = (System.nanoTime() - t0) / 1e9;
        long until = System.nanoTime() + fillSeconds * 1_000_000_000L;
        AtomicLong written = new AtomicLong();
        long have = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < until && have + written.get() < rows) {
                    tx.executeWithoutResult(s -> {
                        for (int i = 0; i < 500; i++) trail.record("bench.fill", "bench:" + run + ":fill", AuditTrail.SUCCESS, "Điền bảng đo");
                    });
                    written.addAndGet(500);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        long fillSecondsTaken = Math.max(1, (System.nanoTime() - until + fillSeconds * 1_000_000_000L) / 1_000_000_000L);
        long size = sealAll();
        t0 = System.nanoTime();
        AuditTrail.Verification v2 = trail.verify();
        double verify2 = (System.nanoTime() - t0) / 1e9;
        long lastId = jdbc.sql("select max(event_id) from audit_leaf").query(Long.class).single();
        t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) trail.proof(lastId);
        double proofMs = (System.nanoTime() - t0) / 1e6 / 20;
        List<Long> heads = jdbc.sql("select tree_size from audit_tree_head order by tree_size").query(Long.class).list();
        long mid = heads.get(heads.size() / 2);
        t0 = System.nanoTime();
        AuditTrail.Consistency c = null;
        for (int i = 0; i < 20; i++) c = trail.consistency(mid, null);
        double consistencyMs = (System.nanoTime() - t0) / 1e6 / 20;

        double perRow = (verify2 - verify1) / Math.max(1, v2.checked() - v1.checked());
        out.add("| Verification (`AuditTrail.verify`, what `audit-verify` runs) | records checked | time (s) | records/s |");
        out.add("|---|---:|---:|---:|");
        out.add(String.format("| after the lag phases (%s) | %d | %.2f | %.0f |", v1.ok() ? "OK" : "BROKEN: " + v1.reason(), v1.checked(), verify1, v1.checked() / verify1));
        out.add(String.format("| after filling (%s) | %d | %.2f | %.0f |", v2.ok() ? "OK" : "BROKEN: " + v2.reason(), v2.checked(), verify2, v2.checked() / verify2));
        out.add("");
        out.add(String.format("- Filled: %d records in %d s (%.0f/s, batches of 500 per transaction, 4 threads); tree size %d (was %d).",
                written.get(), fillSecondsTaken, written.get() / (double) fillSecondsTaken, size, firstSize));
        out.add(String.format("- Verification slope between the two sizes: %.2f µs per record → **10 M records ≈ %.0f s** (linear: one pass over "
                + "the leaves joined to their records; the tree is rebuilt in memory with log2(n) hashes kept).", perRow * 1e6, perRow * 10_000_000));
        out.add(String.format("- Inclusion proof of the newest record under the newest head (tree of %d): %.1f ms; consistency proof %d → %d (%d hashes): "
                + "%.1f ms — read from `audit_node` in two queries each (mean of 20).", size, proofMs, mid, c.to().treeSize(), c.path().size(), consistencyMs));
        System.out.println("BENCH-RESULT-BEGIN");
        out.forEach(System.out::println);
        System.out.println("BENCH-RESULT-END");
        return v1.ok() && v2.ok() ? OK : BROKEN;
    }

    /** Writers each record in a transaction of their own for {@code seconds}; then the lag of each from its `at` to its head's time. */
    private String lagPhase(String name, String prefix, int writers, int seconds) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong n = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    trail.record("bench.seal", prefix + n.incrementAndGet(), AuditTrail.SUCCESS, null);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        // Let the scheduled sealer take the rest (it seals every second); no seal is forced here.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && unsealed(prefix) > 0) Thread.sleep(200);
        var r = jdbc.sql("""
                select count(*), percentile_cont(0.5) within group (order by lag), percentile_cont(0.99) within group (order by lag), max(lag)
                from (select extract(epoch from (select h.signed_at from audit_tree_head h where h.tree_size > l.leaf_index order by h.tree_size limit 1)
                             - e.at) as lag
                      from audit_event e join audit_leaf l on l.event_id = e.id where e.target like ?) x""").param(prefix + "%")
                .query((rs, i) -> new double[] {rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)}).single();
        return String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f |", name, writers, (long) r[0], n.get() / (double) seconds, r[1], r[2], r[3]);
    }

    private long unsealed(String prefix) {
        return jdbc.sql("select count(*) from audit_event e where e.target like ? and not exists (select 1 from audit_leaf l where l.event_id = e.id)")
                .param(prefix + "%").query(Long.class).single();
    }

    private long sealAll() throws InterruptedException {
        long size = trail.seal();
        while (jdbc.sql("select count(*) from audit_event e where not exists (select 1 from audit_leaf l where l.event_id = e.id)").query(Long.class).single() > 0) {
            Thread.sleep(200);
            size = trail.seal();
        }
        return size;
    }
}
