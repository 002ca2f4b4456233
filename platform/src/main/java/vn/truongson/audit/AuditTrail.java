package vn.truongson.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The trail's API: append, search, seal, prove, verify. Appends take no shared lock; a sealer appends committed records
 * to an RFC 9162 Merkle tree in batches and signs each tree head (docs/security.md "Audit log").
 */
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

    /**
     * Rebuilds the tree from the records with the leaf key, checks every head's signature (and time-stamp) against the
     * seal certificates on the token, and the heads kept outside the database. Names the first broken record.
     */
    Verification verify();

    /** Seals now, whatever the schedule: the committed records not yet in the tree. Answers the tree size. */
    long seal();

    /**
     * A new leaf key (rotation): made on the token's master key like the first, taken by new records (on other nodes
     * within 30 s); older records keep naming theirs and verify as before. Recorded in the trail. Answers the key id.
     */
    String rotateLeafKey();

    /** Rotates when the newest leaf key is at least {@code age} old (the schedule, once per cluster); whether it did. */
    boolean rotateLeafKeyIfOlderThan(java.time.Duration age);

    /** The signed tree heads, newest first. */
    List<TreeHead> heads(int limit);

    /**
     * The inclusion proof of record {@code id} under the newest head.
     *
     * @throws vn.truongson.core.DomainException.NotFound when there is no such record
     * @throws vn.truongson.core.DomainException.Conflict ({@code audit.proof.unsealed}) when it is not sealed yet
     */
    Proof proof(long id);

    /**
     * RFC 9162 consistency proof between the signed heads of sizes {@code from} and {@code to} ({@code null}: the newest).
     *
     * @throws vn.truongson.core.DomainException.NotFound when there is no signed head of such a size
     * @throws vn.truongson.core.DomainException.BadInput ({@code from}) when {@code from} is above {@code to}
     */
    Consistency consistency(long from, @Nullable Long to);

    /** The proof that the tree of {@code from} is a prefix of the tree of {@code to}; {@code path} as RFC 9162 §2.1.4.1 builds it. */
    record Consistency(TreeHead from, TreeHead to, List<byte[]> path) {}

    /**
     * A signed tree head. {@code signature} is over {@link #signedText()}; {@code timestamp} is an RFC 3161 token over
     * SHA-256 of the signature (null when the authority did not answer).
     */
    record TreeHead(long treeSize, byte[] rootHash, Instant signedAt, byte[] signature, java.security.cert.X509Certificate certificate,
            byte @Nullable [] timestamp) {
        /** The signed text: the version, the size, the root in lower-case hex and the time (ISO 8601, UTC), each on a line. */
        public byte[] signedText() {
            return signedText(treeSize, rootHash, signedAt);
        }

        public static byte[] signedText(long treeSize, byte[] rootHash, Instant signedAt) {
            return ("truongson-audit-head/v1\n" + treeSize + "\n" + java.util.HexFormat.of().formatHex(rootHash) + "\n" + signedAt + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** {@code leafData} is the record's HMAC, {@code leafHash} = SHA-256(0x00 || leafData); {@code path} bottom-up. */
    record Proof(long id, byte[] leafData, byte[] leafHash, long leafIndex, long treeSize, List<byte[]> path, TreeHead head) {}

    record Query(@Nullable String actor, @Nullable String action, @Nullable Instant from, @Nullable Instant to,
            @Nullable String target, @Nullable String outcome, int limit, long beforeId) {}

    /**
     * ok, how many rows were checked, the id of the first row that breaks the log, and why (null when intact). For a
     * removed tail, {@code firstBrokenId} is the first id after the last record still present.
     */
    record Verification(boolean ok, long checked, @Nullable Long firstBrokenId, @Nullable String reason) {}
}
