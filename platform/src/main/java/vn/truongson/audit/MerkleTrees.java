package vn.truongson.audit;

import java.util.List;

/**
 * The trail's RFC 9162 Merkle hashing for other modules that seal their own logs in batches (the exchange's message
 * log): leaf and tree hashes, inclusion proofs (O(log n) hashes) and their check, over leaf hashes held in memory. The
 * same code the trail's sealer and verifier use ({@link Merkle}); nothing here touches the trail itself.
 */
public final class MerkleTrees {

    private MerkleTrees() {}

    /** SHA-256(0x00 || data). */
    public static byte[] leafHash(byte[] data) {
        return Merkle.leafHash(data);
    }

    /** MTH of the leaf hashes, in order (SHA-256 of nothing for none). */
    public static byte[] root(List<byte[]> leafHashes) {
        return Merkle.subtree(Merkle.inMemory(leafHashes), 0, leafHashes.size());
    }

    /** PATH(index, leaves): the inclusion proof of one leaf, bottom-up. */
    public static List<byte[]> inclusionPath(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) throw new IndexOutOfBoundsException(index);
        return Merkle.path(Merkle.inMemory(leafHashes), index, leafHashes.size());
    }

    /** Whether {@code path} proves {@code leafHash} at {@code index} in a tree of {@code size} leaves under {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        return Merkle.verifyInclusion(index, size, leafHash, path, root);
    }
}
