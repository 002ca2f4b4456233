package vn.truongson.audit;

import org.springframework.beans.factory.ObjectProvider;

import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.audit.AuditTrail.Proof;
import vn.truongson.audit.AuditTrail.TreeHead;
import vn.truongson.audit.AuditTrail.Verification;
import vn.truongson.core.DomainException;

/**
 * The sealer, the verifier and the proofs of the trail (issue 11).
 *
 * <p><b>Seal.</b> Under an advisory lock that only sealers take (appenders never wait on it), the records of every
 * transaction below the oldest one still running ({@code pg_snapshot_xmin}) that are not sealed yet are taken in id
 * order, their leaves (HMAC under the leaf key) appended to the tree, and the new head signed on the token, time-stamped,
 * stored, and after the commit appended to the head file outside the database. A transaction that commits out of id
 * order is simply sealed in a later batch: the leaf index, not the id, is the record's place in the tree.
 *
 * <p><b>Verify.</b> The head file is read first (every line in it was committed before), then, in one snapshot, every
 * leaf is recomputed from its record with the key, the tree rebuilt, and its root compared at the size of every head in
 * the database and in the file; every head's signature is checked with the seal certificates read from the token.
 */
@Component
class MerkleLog {

    private static final Logger log = LoggerFactory.getLogger(MerkleLog.class);
    /** Taken by sealers only, in their own transaction: two nodes never append the same batch. */
    private static final long SEAL_LOCK = 0x7473_6175_6469_7453L;
    private static final String GENESIS = "0".repeat(64);
    private static final String EVENT_COLUMNS = "e.id, e.at, e.actor, e.unit_id, e.zone, e.ip, e.action, e.target, e.outcome, e.detail, "
            + "e.key_id, e.mac, e.tx_id is null as legacy, e.prev_hash, e.hash";

    private final JdbcClient jdbc;
    private final LeafKeys leafKeys;
    /** Lazily: the signing module that implements it records to this trail itself. */
    private final ObjectProvider<AuditKeys> keys;
    private final HeadFile headFile;
    /** The head files outside the database: the node's own, and the witness when one is configured. */
    private final List<HeadFile> outside;
    private final TransactionTemplate sealTx;
    private final TransactionTemplate readTx;
    /** The verifier's workers (daemon threads): leaves and subtrees of a chunk each. */
    private final java.util.concurrent.ExecutorService workers;
    private final int parallelism;
    private final int chunkBits;
    private final @Nullable SyslogWitness syslog;
    /** The syslog host's file, read back by verify when readable. */
    private final @Nullable HeadFile syslogCopy;
    /** The largest tree size the syslog witness has been sent; -1 before the first send. */
    private long syslogSent = -1;

    /**
     * What is configured beyond the database.
     *
     * @param witnessFile {@code truongson.audit.witness-file}: a second head file on a volume the database's administrators
     *        do not control (the security office's share, another host's mount); empty: none
     * @param syslog {@code truongson.audit.witness.syslog}: {@code host:port} of a syslog host each head is sent to; empty: none
     * @param syslogProtocol {@code truongson.audit.witness.syslog-protocol}: {@code udp} (default) or {@code tcp}
     * @param syslogCopy {@code truongson.audit.witness.syslog-copy}: the syslog host's file of those messages, mounted back
     *        readable; verify compares it when it can read it; empty: none
     * @param verifyThreads {@code truongson.audit.verify-threads}: the verifier's workers, 0 for one per core
     * @param chunkBits {@code truongson.audit.verify-chunk-bits}: the verifier's chunks of 2^bits leaves (14: 16,384 leaves, a few tens of MB in flight)
     */
    record Settings(String witnessFile, String syslog, String syslogProtocol, String syslogCopy, int verifyThreads, int chunkBits) {
        static Settings defaults() {
            return new Settings("", "", "udp", "", 0, 14);
        }

        Settings withWitnessFile(String f) {
            return new Settings(f, syslog, syslogProtocol, syslogCopy, verifyThreads, chunkBits);
        }

        Settings withSyslog(String hostPort, String protocol, String copy) {
            return new Settings(witnessFile, hostPort, protocol, copy, verifyThreads, chunkBits);
        }

        Settings withVerifier(int threads, int bits) {
            return new Settings(witnessFile, syslog, syslogProtocol, syslogCopy, threads, bits);
        }
    }

    MerkleLog(JdbcClient jdbc, LeafKeys leafKeys, ObjectProvider<AuditKeys> keys, HeadFile headFile, PlatformTransactionManager tx) {
        this(jdbc, leafKeys, keys, headFile, tx, Settings.defaults());
    }

    @org.springframework.beans.factory.annotation.Autowired
    MerkleLog(JdbcClient jdbc, LeafKeys leafKeys, ObjectProvider<AuditKeys> keys, HeadFile headFile, PlatformTransactionManager tx,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.witness-file:}") String witnessFile,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.witness.syslog:}") String syslog,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.witness.syslog-protocol:udp}") String syslogProtocol,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.witness.syslog-copy:}") String syslogCopy,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.verify-threads:0}") int threads,
            @org.springframework.beans.factory.annotation.Value("${truongson.audit.verify-chunk-bits:14}") int chunkBits) {
        this(jdbc, leafKeys, keys, headFile, tx, new Settings(witnessFile, syslog, syslogProtocol, syslogCopy, threads, chunkBits));
    }

    MerkleLog(JdbcClient jdbc, LeafKeys leafKeys, ObjectProvider<AuditKeys> keys, HeadFile headFile, PlatformTransactionManager tx, Settings settings) {
        String witnessFile = settings.witnessFile();
        int threads = settings.verifyThreads();
        int chunkBits = settings.chunkBits();
        this.syslog = settings.syslog().isBlank() ? null : new SyslogWitness(settings.syslog().strip(), settings.syslogProtocol());
        this.syslogCopy = settings.syslogCopy().isBlank() ? null : HeadFile.syslogCopy(settings.syslogCopy().strip());
        this.jdbc = jdbc;
        this.leafKeys = leafKeys;
        this.keys = keys;
        this.headFile = headFile;
        this.outside = witnessFile == null || witnessFile.isBlank() ? List.of(headFile) : List.of(headFile, new HeadFile(witnessFile));
        this.sealTx = new TransactionTemplate(tx);
        this.sealTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.readTx = new TransactionTemplate(tx);
        this.readTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.readTx.setReadOnly(true);
        this.parallelism = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.chunkBits = Math.clamp(chunkBits, 1, 24);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "audit-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------------------------------------ seal

    long seal() {
        Long size = sealTx.execute(s -> sealBatch());
        catchUpFile();
        return size == null ? 0 : size;
    }

    private long sealBatch() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(SEAL_LOCK).query().singleRow();
        var state = jdbc.sql("select tree_size, sealed_xmin::text, frontier from audit_seal_state")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3)}).single();
        long size = (Long) state[0];
        @Nullable String sealedXmin = (String) state[1];
        // Every transaction below this one has ended: its records are all visible now, or never will be.
        String xmin = jdbc.sql("select pg_snapshot_xmin(pg_current_snapshot())::text").query(String.class).single();
        List<Object[]> nodes = new ArrayList<>();
        Merkle.Frontier frontier = Merkle.Frontier.of(size, (byte[]) state[2])
                .reporting((level, idx, hash) -> nodes.add(new Object[] {level, idx, hash}));
        String where = sealedXmin == null ? "(e.tx_id is null or e.tx_id < ?::xid8)" : "e.tx_id >= ?::xid8 and e.tx_id < ?::xid8";
        List<Object> params = sealedXmin == null ? List.of(xmin) : List.of(sealedXmin, xmin);
        var batch = new Object() {
            final List<Object[]> leaves = new ArrayList<>();
            String chain = GENESIS;
            long chainLastId = 0;
            boolean legacy;
            @Nullable String legacyBroken;
        };
        String currentKey = leafKeys.currentId();
        jdbc.sql("select " + EVENT_COLUMNS + " from audit_event e where " + where + " order by e.id").params(params).withFetchSize(2000)
                .query(rs -> {
                    AuditRecord r = map(rs);
                    String keyId = rs.getString("key_id");
                    if (rs.getBoolean("legacy")) {
                        // A row of the old hash chain: checked once, link by link, before it is sealed.
                        batch.legacy = true;
                        String expected = legacyHash(batch.chain, r);
                        if (batch.legacyBroken == null && (!batch.chain.equals(rs.getString("prev_hash")) || !expected.equals(rs.getString("hash")))) {
                            batch.legacyBroken = "the old hash chain breaks at record " + r.id();
                        }
                        batch.chain = rs.getString("hash");
                        batch.chainLastId = r.id();
                        keyId = currentKey;
                    } else if (keyId == null) {
                        keyId = currentKey; // not written by the trail: verify names it
                    }
                    byte[] mac = leafKeys.mac(keyId, r);
                    byte[] stored = rs.getBytes("mac");
                    if (!rs.getBoolean("legacy") && (stored == null || !Arrays.equals(stored, mac))) {
                        log.error("Audit: record {} does not carry the MAC of its content: written or altered outside the platform", r.id());
                    }
                    byte[] leaf = Merkle.leafHash(mac);
                    frontier.add(leaf);
                    batch.leaves.add(new Object[] {frontier.size() - 1, r.id(), keyId, leaf});
                });
        if (batch.legacy) {
            var head = jdbc.sql("select last_id, last_hash from audit_head").query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
            if (batch.legacyBroken == null && head.isPresent() && ((Long) head.get()[0] != batch.chainLastId || !head.get()[1].equals(batch.chain))) {
                batch.legacyBroken = "the old hash chain lost its tail after record " + batch.chainLastId;
            }
            if (batch.legacyBroken != null) {
                // Sealing a broken history would bless it: stop, loudly; the lag gauge grows until someone looks.
                throw new IllegalStateException("Audit: not sealing, " + batch.legacyBroken);
            }
        }
        if (batch.leaves.isEmpty()) {
            // Nothing to seal: no write either (an idle platform would otherwise write every second). The next batch
            // starts from the old position and finds the same nothing in between.
            return size;
        }
        for (int i = 0; i < batch.leaves.size(); i += 1000) {
            List<Object[]> part = batch.leaves.subList(i, Math.min(batch.leaves.size(), i + 1000));
            StringBuilder sql = new StringBuilder("insert into audit_leaf (leaf_index, event_id, key_id, leaf_hash) values ");
            List<Object> args = new ArrayList<>();
            for (int j = 0; j < part.size(); j++) {
                sql.append(j == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
                args.addAll(Arrays.asList(part.get(j)));
            }
            jdbc.sql(sql.toString()).params(args).update();
        }
        insertRows("insert into audit_node (level, idx, hash) values ", "(?, ?, ?)", nodes);
        long newSize = frontier.size();
        byte[] root = frontier.root();
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AuditKeys.Seal seal = keys.getObject().sign(TreeHead.signedText(newSize, root, signedAt));
        try {
            jdbc.sql("""
                    insert into audit_tree_head (tree_size, root_hash, signed_at, signature, certificate, timestamp_token, legacy_chain_hash)
                    values (?, ?, ?, ?, ?, ?, ?)""").param(newSize).param(root).param(Timestamp.from(signedAt)).param(seal.signature())
                    .param(seal.certificate().getEncoded()).param(seal.timestamp()).param(batch.legacy ? batch.chain : null).update();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("update audit_seal_state set tree_size = ?, sealed_xmin = ?::xid8, frontier = ?").param(newSize).param(xmin)
                .param(frontier.packed()).update();
        return newSize;
    }

    private void insertRows(String insert, String row, List<Object[]> rows) {
        for (int i = 0; i < rows.size(); i += 1000) {
            List<Object[]> part = rows.subList(i, Math.min(rows.size(), i + 1000));
            StringBuilder sql = new StringBuilder(insert);
            List<Object> args = new ArrayList<>();
            for (int j = 0; j < part.size(); j++) {
                sql.append(j == 0 ? "" : ", ").append(row);
                args.addAll(Arrays.asList(part.get(j)));
            }
            jdbc.sql(sql.toString()).params(args).update();
        }
    }

    /** Appends to each head file (the node's, the witness) the heads of the database it does not hold yet, each after checking its signature. */
    void catchUpFile() {
        for (HeadFile f : outside) catchUp(f);
        if (syslog != null) catchUpSyslog(syslog);
    }

    /**
     * Sends the syslog witness the heads it has not been sent by this node: after a start, the newest one (and what
     * follows), each after checking its signature; one that cannot be sent is sent again after the next seal.
     */
    private synchronized void catchUpSyslog(SyslogWitness witness) {
        try {
            List<TreeHead> newer = syslogSent < 0
                    ? jdbc.sql(HEAD_SELECT + " order by tree_size desc limit 1").query(MerkleLog::head).list()
                    : jdbc.sql(HEAD_SELECT + " where tree_size > ? order by tree_size").param(syslogSent).query(MerkleLog::head).list();
            if (newer.isEmpty()) return;
            List<X509Certificate> trusted = keys.getObject().sealCertificates();
            List<HeadFile.Line> lines = new ArrayList<>();
            for (TreeHead h : newer) {
                if (signatureProblem(h.treeSize(), h.rootHash(), h.signedAt(), h.signature(), h.certificate(), trusted) != null) {
                    log.error("Audit: tree head {} in the database does not verify; not sent to {}", h.treeSize(), witness.target());
                    break;
                }
                lines.add(new HeadFile.Line(h.treeSize(), h.rootHash(), h.signedAt(), h.signature(), sha256(encoded(h.certificate()))));
            }
            witness.send(lines);
            if (!lines.isEmpty()) syslogSent = lines.getLast().treeSize();
        } catch (java.io.IOException | RuntimeException e) {
            log.error("Audit: the syslog witness {} could not be sent the new heads: {}", witness.target(), e.toString());
        }
    }

    private void catchUp(HeadFile headFile) {
        try {
            long last = headFile.lastTreeSize();
            List<TreeHead> newer = jdbc.sql(HEAD_SELECT + " where tree_size > ? order by tree_size").param(last).query(MerkleLog::head).list();
            if (newer.isEmpty()) return;
            List<X509Certificate> trusted = keys.getObject().sealCertificates();
            List<HeadFile.Line> lines = new ArrayList<>();
            for (TreeHead h : newer) {
                if (signatureProblem(h.treeSize(), h.rootHash(), h.signedAt(), h.signature(), h.certificate(), trusted) != null) {
                    log.error("Audit: tree head {} in the database does not verify; not copied to {}", h.treeSize(), headFile.path());
                    break;
                }
                lines.add(new HeadFile.Line(h.treeSize(), h.rootHash(), h.signedAt(), h.signature(), sha256(encoded(h.certificate()))));
            }
            headFile.append(lines);
        } catch (RuntimeException e) {
            log.error("Audit: the head file {} could not be brought up to date: {}", headFile.path(), e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ heads and proofs

    private static final String HEAD_SELECT = "select tree_size, root_hash, signed_at, signature, certificate, timestamp_token from audit_tree_head";

    List<TreeHead> heads(int limit) {
        return jdbc.sql(HEAD_SELECT + " order by tree_size desc limit ?").param(Math.clamp(limit, 1, 1000)).query(MerkleLog::head).list();
    }

    Proof proof(long id) {
        return readTx.execute(s -> {
            var leaf = jdbc.sql("select leaf_index, key_id, leaf_hash from audit_leaf where event_id = ?").param(id)
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3)}).optional();
            if (leaf.isEmpty()) {
                boolean exists = jdbc.sql("select exists (select 1 from audit_event where id = ?)").param(id).query(Boolean.class).single();
                if (exists) throw new DomainException.Conflict("audit.proof.unsealed", id);
                throw new DomainException.NotFound("audit", id);
            }
            long index = (Long) leaf.get()[0];
            TreeHead head = jdbc.sql(HEAD_SELECT + " order by tree_size desc limit 1").query(MerkleLog::head).single();
            AuditRecord r = jdbc.sql("select " + EVENT_COLUMNS + " from audit_event e where e.id = ?").param(id)
                    .query((rs, n) -> map(rs)).single();
            byte[] data = leafKeys.mac((String) leaf.get()[1], r);
            List<byte[]> path = withStoredNodes(nodes -> Merkle.path(nodes, index, head.treeSize()));
            return new Proof(id, data, (byte[]) leaf.get()[2], index, head.treeSize(), path, head);
        });
    }

    /** RFC 9162 consistency proof between the signed heads of sizes {@code from} and {@code to} (the newest when null). */
    AuditTrail.Consistency consistency(long from, @Nullable Long to) {
        return readTx.execute(s -> {
            TreeHead newer = to == null ? jdbc.sql(HEAD_SELECT + " order by tree_size desc limit 1").query(MerkleLog::head).optional()
                    .orElseThrow(() -> new DomainException.NotFound("audit.head", "to"))
                    : jdbc.sql(HEAD_SELECT + " where tree_size = ?").param(to).query(MerkleLog::head).optional()
                    .orElseThrow(() -> new DomainException.NotFound("audit.head", to));
            if (from > newer.treeSize()) throw new DomainException.BadInput("from", "problem.field.range");
            TreeHead older = jdbc.sql(HEAD_SELECT + " where tree_size = ?").param(from).query(MerkleLog::head).optional()
                    .orElseThrow(() -> new DomainException.NotFound("audit.head", from));
            List<byte[]> path = withStoredNodes(nodes -> Merkle.consistency(nodes, from, newer.treeSize()));
            return new AuditTrail.Consistency(older, newer, path);
        });
    }

    /**
     * Runs {@code build} twice: first to learn which stored nodes it needs (O(log n) for a proof; the answers are
     * placeholders), then with those nodes read in two queries. The structure of a proof depends on sizes only.
     */
    private <T> T withStoredNodes(java.util.function.Function<Merkle.Nodes, T> build) {
        java.util.TreeSet<Long> leaves = new java.util.TreeSet<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> idxs = new ArrayList<>();
        byte[] placeholder = new byte[32];
        build.apply((level, idx) -> {
            if (level == 0) leaves.add(idx);
            else {
                levels.add(level);
                idxs.add(idx);
            }
            return placeholder;
        });
        Map<String, byte[]> got = new HashMap<>();
        if (!leaves.isEmpty()) {
            jdbc.sql("select leaf_index, leaf_hash from audit_leaf where leaf_index = any(?)").param(leaves.toArray(Long[]::new))
                    .query(rs -> {
                        got.put("0:" + rs.getLong(1), rs.getBytes(2));
                    });
        }
        if (!levels.isEmpty()) {
            jdbc.sql("select n.level, n.idx, n.hash from audit_node n join unnest(?::int[], ?::bigint[]) as w(level, idx) "
                    + "on n.level = w.level and n.idx = w.idx").param(levels.toArray(Integer[]::new)).param(idxs.toArray(Long[]::new))
                    .query(rs -> {
                        got.put(rs.getInt(1) + ":" + rs.getLong(2), rs.getBytes(3));
                    });
        }
        return build.apply((level, idx) -> {
            byte[] h = got.get(level + ":" + idx);
            if (h == null) throw new IllegalStateException("The audit tree lacks its node at level " + level + ", index " + idx);
            return h;
        });
    }

    // ------------------------------------------------------------------------------------------------ verify

    private static final class Walk {
        long checked;
        @Nullable Long broken;
        @Nullable String reason;
        @Nullable String headProblem;

        void fail(long id, String why) {
            if (broken == null || id < broken) {
                broken = id;
                reason = why;
            }
        }
    }

    Verification verify() {
        // The file first: a line in it was committed before it was written, so the snapshot below holds it.
        java.util.LinkedHashMap<HeadFile, List<HeadFile.Line>> fileHeads = new java.util.LinkedHashMap<>();
        for (HeadFile f : outside) {
            try {
                fileHeads.put(f, f.read());
            } catch (RuntimeException e) {
                return new Verification(false, 0, null, "the head file " + f.path() + " cannot be read: " + e.getMessage());
            }
        }
        if (syslogCopy != null) {
            // The syslog host's copy: compared when it can be read (mounted back, not rotated away); else the other copies.
            try {
                if (java.nio.file.Files.isReadable(syslogCopy.path())) fileHeads.put(syslogCopy, syslogCopy.read());
                else log.warn("Audit: the syslog witness's copy {} cannot be read; verified without it", syslogCopy.path());
            } catch (RuntimeException e) {
                return new Verification(false, 0, null, "the syslog witness's copy " + syslogCopy.path() + " cannot be read: " + e.getMessage());
            }
        }
        List<X509Certificate> trusted = keys.getObject().sealCertificates();
        Verification v = readTx.execute(s -> verifyIn(fileHeads, trusted));
        if (v != null && v.ok()) catchUpFile();
        return v == null ? new Verification(false, 0, null, "no answer") : v;
    }

    private Verification verifyIn(Map<HeadFile, List<HeadFile.Line>> files, List<X509Certificate> trusted) {
        Walk w = new Walk();
        // The roots the tree must have, by size: from the database's heads and the file's.
        TreeMap<Long, byte[]> roots = new TreeMap<>();
        Map<Long, String> rootSource = new HashMap<>();
        List<TreeHead> dbHeads = jdbc.sql(HEAD_SELECT + " order by tree_size").query(MerkleLog::head).list();
        // A head that does not verify is set aside (and reported), and the tree still rebuilt against the others, so
        // that a forger who redid the roots is named by the first record he changed.
        List<String> headProblems = new ArrayList<>();
        for (TreeHead h : dbHeads) {
            String problem = signatureProblem(h.treeSize(), h.rootHash(), h.signedAt(), h.signature(), h.certificate(), trusted);
            if (problem == null && h.timestamp() != null && !keys.getObject().timestampValid(h.timestamp(), h.signature())) problem = "its time-stamp does not verify";
            if (problem != null) {
                headProblems.add("the tree head of size " + h.treeSize() + " in the database: " + problem);
                continue;
            }
            roots.put(h.treeSize(), h.rootHash());
            rootSource.put(h.treeSize(), "database");
        }
        for (var file : files.entrySet()) for (HeadFile.Line l : file.getValue()) {
            HeadFile headFile = file.getKey();
            X509Certificate cert = trusted.stream().filter(c -> Arrays.equals(sha256(encoded(c)), l.certificateSha256())).findFirst().orElse(null);
            String problem = cert == null ? "signed by a key the token does not hold"
                    : signatureProblem(l.treeSize(), l.rootHash(), l.signedAt(), l.signature(), cert, trusted);
            if (problem != null) {
                headProblems.add("the tree head of size " + l.treeSize() + " in " + headFile.path() + ": " + problem);
                continue;
            }
            byte[] known = roots.get(l.treeSize());
            if (known != null && !Arrays.equals(known, l.rootHash())) {
                headProblems.add("the tree head of size " + l.treeSize() + " differs between " + rootSource.get(l.treeSize()) + " and " + headFile.path());
            }
            // The file's word wins: it is the copy out of the database's reach.
            roots.put(l.treeSize(), l.rootHash());
            rootSource.put(l.treeSize(), headFile.path().toString());
        }
        w.headProblem = headProblems.isEmpty() ? null : String.join("; ", headProblems);

        var state = jdbc.sql("select tree_size, sealed_xmin::text from audit_seal_state").query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional().orElse(new Object[] {0L, null});
        long stateSize = (Long) state[0];
        @Nullable String sealedXmin = (String) state[1];

        // Every leaf, recomputed from its record with the key; the tree rebuilt and compared at every head's size:
        // one cursor, the leaves and subtrees computed by the workers in chunks (LeafWalk).
        LeafWalk.Result walked = new LeafWalk(jdbc, leafKeys, workers, parallelism, chunkBits).walk(roots, rootSource);
        for (LeafWalk.Finding f : walked.findings()) w.fail(f.eventId(), f.why());
        w.checked = walked.checked();
        if (w.broken != null) return done(w);
        long treeSize = walked.treeSize();
        long maxEventId = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        if (!roots.isEmpty() && roots.lastKey() > treeSize) {
            w.fail(Math.max(walked.maxId(), maxEventId) + 1, "a signed head (" + rootSource.get(roots.lastKey()) + ") covers " + roots.lastKey()
                    + " records, the database holds " + treeSize + ": records were removed, or the database was restored from an older backup");
            return done(w);
        }
        if (stateSize != treeSize) {
            w.fail(walked.maxId() + 1, "the sealer's state says " + stateSize + " records are sealed, the tree holds " + treeSize);
            return done(w);
        }
        // Records that should be sealed but are not: slipped into the past outside the platform.
        Long orphan = jdbc.sql("select min(e.id) from audit_event e where " + (sealedXmin == null ? "false" : "(e.tx_id is null or e.tx_id < ?::xid8)")
                + " and not exists (select 1 from audit_leaf l where l.event_id = e.id)").params(sealedXmin == null ? List.of() : List.of(sealedXmin))
                .query(Long.class).optional().orElse(null);
        if (orphan != null) w.fail(orphan, "record " + orphan + " is not in the tree although everything of its time was sealed: added outside the platform");
        // Records not sealed yet: their MAC must already be right.
        jdbc.sql("select " + EVENT_COLUMNS + " from audit_event e where " + (sealedXmin == null ? "true" : "e.tx_id >= ?::xid8")
                + " and not exists (select 1 from audit_leaf l where l.event_id = e.id) order by e.id")
                .params(sealedXmin == null ? List.of() : List.of(sealedXmin)).withFetchSize(2000).query(rs -> {
                    AuditRecord r = map(rs);
                    w.checked++;
                    if (rs.getBoolean("legacy")) return; // the old chain, checked when it is sealed
                    String keyId = rs.getString("key_id");
                    byte[] stored = rs.getBytes("mac");
                    try {
                        if (keyId == null || stored == null || !Arrays.equals(stored, leafKeys.mac(keyId, r))) {
                            w.fail(r.id(), "record " + r.id() + " (not sealed yet) was altered, or written outside the platform (its MAC does not match)");
                        }
                    } catch (LeafKeys.KeyMissing e) {
                        w.fail(r.id(), e.getMessage());
                    }
                });
        return done(w);
    }

    private static Verification done(Walk w) {
        if (w.broken == null && w.headProblem != null) return new Verification(false, w.checked, null, w.headProblem);
        String reason = w.reason == null ? null : w.headProblem == null ? w.reason : w.reason + "; " + w.headProblem;
        return new Verification(w.broken == null, w.checked, w.broken, reason);
    }

    /** Null when {@code certificate} is a seal certificate on the token and its key signed the head; else what is wrong. */
    private static @Nullable String signatureProblem(long size, byte[] root, Instant signedAt, byte[] signature, X509Certificate certificate,
            List<X509Certificate> trusted) {
        if (trusted.stream().noneMatch(c -> c.equals(certificate))) return "signed by a key the token does not hold";
        try {
            Signature s = Signature.getInstance(algorithm(certificate));
            s.initVerify(certificate.getPublicKey());
            s.update(TreeHead.signedText(size, root, signedAt));
            return s.verify(signature) ? null : "its signature does not verify";
        } catch (java.security.GeneralSecurityException e) {
            return "its signature does not verify (" + e.getMessage() + ")";
        }
    }

    static String algorithm(X509Certificate c) {
        String a = c.getPublicKey().getAlgorithm();
        return "EC".equals(a) || "ECDSA".equals(a) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    // ------------------------------------------------------------------------------------------------ rows

    static AuditRecord map(ResultSet rs) throws SQLException {
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), unitId,
                rs.getString("zone"), rs.getString("ip"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("detail"));
    }

    private static TreeHead head(ResultSet rs, int n) throws SQLException {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(rs.getBytes("certificate")));
            return new TreeHead(rs.getLong("tree_size"), rs.getBytes("root_hash"), rs.getTimestamp("signed_at").toInstant(),
                    rs.getBytes("signature"), c, rs.getBytes("timestamp_token"));
        } catch (CertificateException e) {
            throw new SQLException("audit_tree_head " + rs.getLong("tree_size") + " holds no certificate", e);
        }
    }

    /** The old chain's hash of a row (before issue 11): SHA-256 over the previous hash and every field, length-prefixed. */
    static String legacyHash(String prev, AuditRecord r) {
        StringBuilder b = new StringBuilder(256).append(prev);
        for (Object f : new Object[] {r.id(), r.at().getEpochSecond() * 1_000_000 + r.at().getNano() / 1000, r.actor(),
                r.unitId(), r.zone(), r.ip(), r.action(), r.target(), r.outcome(), r.detail()}) {
            String s = f == null ? "\u0000" : f.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
        return java.util.HexFormat.of().formatHex(Merkle.sha256().digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] b) {
        return Merkle.sha256().digest(b);
    }

    static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
