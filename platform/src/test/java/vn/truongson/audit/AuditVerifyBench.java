package vn.truongson.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code --truongson.command=audit-verify-bench} (bench/audit-verify.sh; bench tooling, not in the production jar: the
 * script puts this class on the launcher's path). Demo mode only. Fills the trail with {@code truongson.bench.rows}
 * sealed records made in SQL as the database owner — each record's MAC is the real HMAC-SHA-256 under the installation's
 * leaf key (computed by PostgreSQL's sha256 over the key's inner and outer pads), its leaf, the stored inner nodes, and
 * one head signed on the token per {@code truongson.bench.head-every} records, as the sealer would have made them —
 * then times the full verification ({@link AuditTrail#verify}, what {@code audit-verify} and the API run) and, for the
 * breakdown, the bare cursor over the same rows. Prints Markdown between BENCH-RESULT-BEGIN and BENCH-RESULT-END.
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "audit-verify-bench")
class AuditVerifyBench extends AuditCommand {

    /** The sealer's advisory lock ({@link MerkleLog}): held while a batch is made, so the real sealer waits. */
    private static final long SEAL_LOCK = 0x7473_6175_6469_7453L;

    private final AuditTrail trail;
    private final LeafKeys leafKeys;
    private final ObjectProvider<AuditKeys> keys;
    private final JdbcClient jdbc;
    private final Environment env;

    AuditVerifyBench(ApplicationContext context, AuditTrail trail, LeafKeys leafKeys, ObjectProvider<AuditKeys> keys, JdbcClient jdbc, Environment env) {
        super(context);
        this.trail = trail;
        this.leafKeys = leafKeys;
        this.keys = keys;
        this.jdbc = jdbc;
        this.env = env;
    }

    @Override
    int execute(String... args) throws Exception {
        if (!env.getProperty("truongson.demo.enabled", Boolean.class, false)) {
            System.out.println("audit-verify-bench writes test records: demo mode only");
            return 2;
        }
        long rows = env.getProperty("truongson.bench.rows", Long.class, 1_000_000L);
        int headEvery = env.getProperty("truongson.bench.head-every", Integer.class, 100_000);
        DataSource ownerDs = ownerDataSource();
        JdbcClient owner = JdbcClient.create(ownerDs);
        TransactionTemplate ownerTx = new TransactionTemplate(new DataSourceTransactionManager(ownerDs));

        // A first record, sealed: the sealer's state then has its xmin, below which the generated rows' tx_id lies.
        trail.record("bench.verify.start", "bench:verify", AuditTrail.SUCCESS, null);
        while (jdbc.sql("select count(*) from audit_event e where not exists (select 1 from audit_leaf l where l.event_id = e.id)")
                .query(Long.class).single() > 0) {
            trail.seal();
            Thread.sleep(200);
        }
        String keyId = new TransactionTemplate(
                new DataSourceTransactionManager(context.getBean(DataSource.class))).execute(s -> leafKeys.currentId());
        byte[] key = leafKeys.key(keyId).getEncoded();
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        long have = jdbc.sql("select tree_size from audit_seal_state").query(Long.class).single();
        long t0 = System.nanoTime();
        long made = 0;
        while (made < rows) {
            int n = (int) Math.min(headEvery, rows - made);
            ownerTx.executeWithoutResult(s -> batch(owner, n, keyId, ipad, opad));
            made += n;
            if (made % 1_000_000 < headEvery) System.out.println("audit-verify-bench: " + made + " rows made");
        }
        double fill = (System.nanoTime() - t0) / 1e9;
        long size = jdbc.sql("select tree_size from audit_seal_state").query(Long.class).single();
        long heads = jdbc.sql("select count(*) from audit_tree_head").query(Long.class).single();
        owner.sql("analyze audit_event, audit_leaf, audit_node").update();

        // The bare stream: the verifier's cursor with no work on the rows.
        t0 = System.nanoTime();
        long[] streamed = {0};
        new TransactionTemplate(new DataSourceTransactionManager(context.getBean(DataSource.class))).executeWithoutResult(s ->
                jdbc.sql("select l.leaf_index, l.event_id, l.key_id, l.leaf_hash, e.id is null, e.mac, e.tx_id is null, e.id, e.at, e.actor, "
                        + "e.unit_id, e.zone, e.ip, e.action, e.target, e.outcome, e.detail from audit_leaf l left join audit_event e on e.id = l.event_id "
                        + "order by l.leaf_index").withFetchSize(10_000).query(rs -> {
                            rs.getBytes(4);
                            rs.getString(17);
                            streamed[0]++;
                        }));
        double stream = (System.nanoTime() - t0) / 1e9;

        List<String> out = new ArrayList<>();
        out.add("| Run | records checked | time (s) | records/s | 10 M records (s, linear) |");
        out.add("|---|---:|---:|---:|---:|");
        out.add(String.format("| bare cursor (join, fetch 10 000, no work) | %d | %.1f | %.0f | %.0f |", streamed[0], stream, streamed[0] / stream,
                stream / streamed[0] * 10_000_000));
        boolean allOk = true;
        List<String> cpu = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            double jvm0 = jvmCpu();
            double pg0 = postgresCpu();
            t0 = System.nanoTime();
            AuditTrail.Verification v = trail.verify();
            double t = (System.nanoTime() - t0) / 1e9;
            double jvm = jvmCpu() - jvm0;
            double pg = postgresCpu() - pg0;
            allOk &= v.ok();
            out.add(String.format("| `AuditTrail.verify` run %d (%s) | %d | %.1f | %.0f | %.0f |", run, v.ok() ? "OK" : "BROKEN: " + v.reason(),
                    v.checked(), t, v.checked() / t, t / v.checked() * 10_000_000));
            // The cursor is one backend: its share runs on one core whatever the JVM does on the other.
            double tenM = 1e7 / v.checked();
            cpu.add(String.format("- Run %d used %.1f CPU s in the JVM and %.1f CPU s in PostgreSQL (%.1f µs of CPU per record): 10 M records need "
                    + "%.0f core-seconds, **≈ %.0f s on 2 otherwise idle cores** (at least the cursor's single backend, %.0f s, and half the total).",
                    run, jvm, pg, (jvm + pg) / v.checked() * 1e6, (jvm + pg) * tenM, Math.max(pg * tenM, (jvm + pg) * tenM / 2), pg * tenM));
        }
        out.add("");
        out.addAll(cpu);
        out.add(String.format("- Made: %d records in SQL as the owner (tree was %d, now %d; %d signed heads), in %.0f s.", made, have, size, heads, fill));
        out.add(String.format("- Verifier: %d workers, chunks of 2^%d leaves (`truongson.audit.verify-threads`, `truongson.audit.verify-chunk-bits`); "
                + "%d processors seen by the JVM.", env.getProperty("truongson.audit.verify-threads", Integer.class, 0) > 0
                        ? env.getProperty("truongson.audit.verify-threads", Integer.class) : Runtime.getRuntime().availableProcessors(),
                env.getProperty("truongson.audit.verify-chunk-bits", Integer.class, 14), Runtime.getRuntime().availableProcessors()));
        System.out.println("BENCH-RESULT-BEGIN");
        out.forEach(System.out::println);
        System.out.println("BENCH-RESULT-END");
        return allOk ? 0 : 3;
    }

    /** One batch of {@code n} records, their leaves, the inner nodes they complete and a signed head, as the sealer makes them. */
    private void batch(JdbcClient db, int n, String keyId, byte[] ipad, byte[] opad) {
        db.sql("select pg_advisory_xact_lock(?)").param(SEAL_LOCK).query().singleRow();
        var state = db.sql("select tree_size, frontier from audit_seal_state").query((rs, i) -> new Object[] {rs.getLong(1), rs.getBytes(2)}).single();
        long t = (Long) state[0];
        long first = db.sql("select nextval('audit_event_id_seq')").query(Long.class).single();
        db.sql("select setval('audit_event_id_seq', ?)").param(first + n - 1).query().singleRow();
        // LeafKeys.canonical in SQL: every field length-prefixed (all non-null here; Vietnamese text is in the BMP, so
        // PostgreSQL's length() counts what Java's does).
        db.sql("""
                insert into audit_event (id, at, actor, unit_id, zone, ip, action, target, outcome, detail, key_id, mac, tx_id)
                select id, at, actor, unit_id, zone, ip, action, target, outcome, detail, :key,
                       sha256(:opad || sha256(:ipad || convert_to('truongson-audit-leaf/v1'
                         || '|' || length(id::text) || ':' || id || '|' || length(us::text) || ':' || us
                         || '|' || length(actor) || ':' || actor || '|' || length(unit_id::text) || ':' || unit_id
                         || '|' || length(zone) || ':' || zone || '|' || length(ip) || ':' || ip || '|' || length(action) || ':' || action
                         || '|' || length(target) || ':' || target || '|' || length(outcome) || ':' || outcome
                         || '|' || length(detail) || ':' || detail, 'UTF8'))), '1'::xid8
                from (select id, at, (extract(epoch from at) * 1000000)::bigint as us, 'can.bo.' || (id % 500) as actor, 1 + id % 40 as unit_id,
                             'office' as zone, '10.0.' || (id % 250) || '.' || (id % 200) as ip, 'report.submit' as action,
                             'report:' || id as target, 'SUCCESS' as outcome, 'Nộp báo cáo kỳ ' || (id % 12 + 1) || '/2026 — bản ghi đo' as detail
                      from (select :first + i as id, timestamptz '2026-01-01 00:00:00+00' + (:first + i) * interval '1 microsecond' as at
                            from generate_series(0, :n - 1) i) g) r""")
                .param("key", keyId).param("opad", opad).param("ipad", ipad).param("first", first).param("n", n).update();
        db.sql("""
                insert into audit_leaf (leaf_index, event_id, key_id, leaf_hash)
                select :t + (id - :first), id, key_id, sha256('\\x00'::bytea || mac) from audit_event where id >= :first and id < :first + :n""")
                .param("t", t).param("first", first).param("n", n).update();
        // The inner nodes the new leaves complete, level by level (what the sealer's frontier reports).
        db.sql("""
                insert into audit_node (level, idx, hash)
                select 1, l.leaf_index / 2, sha256('\\x01'::bytea || l.leaf_hash || r.leaf_hash)
                from audit_leaf l join audit_leaf r on r.leaf_index = l.leaf_index + 1
                where l.leaf_index % 2 = 0 and l.leaf_index >= :from on conflict do nothing""").param("from", Math.max(0, t - 1)).update();
        for (int level = 1; level < 62; level++) {
            long from = Math.max(0, (t >> level) - 1);
            int added = db.sql("""
                    insert into audit_node (level, idx, hash)
                    select :lvl + 1, a.idx / 2, sha256('\\x01'::bytea || a.hash || b.hash)
                    from audit_node a join audit_node b on b.level = :lvl and b.idx = a.idx + 1
                    where a.level = :lvl and a.idx % 2 = 0 and a.idx >= :from on conflict do nothing""")
                    .param("lvl", level).param("from", from).update();
            if (added == 0) break;
        }
        Merkle.Frontier f = Merkle.Frontier.of(t, (byte[]) state[1]);
        db.sql("select leaf_hash from audit_leaf where leaf_index >= ? order by leaf_index").param(t).withFetchSize(10_000)
                .query(rs -> {
                    f.add(rs.getBytes(1));
                });
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] root = f.root();
        AuditKeys.Seal seal = keys.getObject().sign(AuditTrail.TreeHead.signedText(f.size(), root, signedAt));
        db.sql("""
                insert into audit_tree_head (tree_size, root_hash, signed_at, signature, certificate, timestamp_token)
                values (?, ?, ?, ?, ?, ?)""").param(f.size()).param(root).param(Timestamp.from(signedAt)).param(seal.signature())
                .param(MerkleLog.encoded(seal.certificate())).param(seal.timestamp()).update();
        db.sql("update audit_seal_state set tree_size = ?, frontier = ?").param(f.size()).param(f.packed()).update();
    }

    /** The owner's connections: the runtime's database roles, reached by name (bench tooling may; the audit module does not depend on runtime). */
    private DataSource ownerDataSource() throws ReflectiveOperationException {
        Object server = context.getBean("databaseServer");
        var rolesAccessor = server.getClass().getDeclaredMethod("roles");
        rolesAccessor.setAccessible(true);
        Object roles = rolesAccessor.invoke(server);
        return (DataSource) roles.getClass().getMethod("ownerDataSource").invoke(roles);
    }

    /** CPU seconds of this JVM so far. */
    private static double jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU seconds of the embedded PostgreSQL's processes so far (the postmaster's children, from /proc; 100 ticks a second). */
    private double postgresCpu() {
        try {
            java.nio.file.Path pidFile = java.nio.file.Path.of(env.getProperty("truongson.data-dir", "./data"), "postgres", "postmaster.pid");
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).getFirst().strip());
            double ticks = 0;
            for (long p : java.util.stream.Stream.concat(java.util.stream.Stream.of(pid), ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid))
                    .orElse(java.util.stream.Stream.empty())).toList()) {
                try {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p), "stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // a backend that ended
                }
            }
            return ticks / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
