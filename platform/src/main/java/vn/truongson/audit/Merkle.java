package vn.truongson.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 Merkle tree hashing: a leaf is SHA-256(0x00 || data), an inner node SHA-256(0x01 || left || right);
 * a tree of n leaves splits at the largest power of two below n. {@link Frontier} builds the root of a growing tree
 * keeping only the roots of its perfect subtrees (one per bit of the size), so that neither the sealer nor the
 * verifier holds more than log2(n) hashes.
 */
final class Merkle {

    private Merkle() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] leafHash(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        return md.digest(data);
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 1);
        md.update(left);
        return md.digest(right);
    }

    /** The hash of the empty tree: SHA-256 of nothing. */
    static byte[] empty() {
        return sha256().digest();
    }

    /** The right edge of a growing tree: the roots of its perfect subtrees, largest (leftmost) first. */
    static final class Frontier {
        private final List<byte[]> roots = new ArrayList<>();
        private final List<Integer> heights = new ArrayList<>();
        private long size;
        private @org.jspecify.annotations.Nullable NodeSink sink;

        /** Tells {@code sink} of every inner node completed from now on (the sealer stores them). */
        Frontier reporting(NodeSink sink) {
            this.sink = sink;
            return this;
        }

        static Frontier of(long size, byte[] packed) {
            Frontier f = new Frontier();
            f.size = size;
            int at = 0;
            for (int h = 63; h >= 0; h--) {
                if ((size >>> h & 1) == 0) continue;
                byte[] r = java.util.Arrays.copyOfRange(packed, at, at + 32);
                at += 32;
                f.roots.add(r);
                f.heights.add(h);
            }
            if (at != packed.length) throw new IllegalStateException("The sealer's frontier does not match its tree size");
            return f;
        }

        void add(byte[] leafHash) {
            byte[] h = leafHash;
            int height = 0;
            while (!heights.isEmpty() && heights.getLast() == height) {
                h = node(roots.removeLast(), h);
                heights.removeLast();
                height++;
                if (sink != null) sink.node(height, size >>> height, h);
            }
            roots.add(h);
            heights.add(height);
            size++;
        }

        long size() {
            return size;
        }

        /** MTH of the leaves so far: the subtrees folded from the right. */
        byte[] root() {
            if (roots.isEmpty()) return empty();
            byte[] r = roots.getLast();
            for (int i = roots.size() - 2; i >= 0; i--) r = node(roots.get(i), r);
            return r;
        }

        byte[] packed() {
            byte[] out = new byte[roots.size() * 32];
            for (int i = 0; i < roots.size(); i++) System.arraycopy(roots.get(i), 0, out, i * 32, 32);
            return out;
        }
    }

    /** Receives the inner nodes of the tree as they are completed: level (1 = above the leaves) and index at that level. */
    interface NodeSink {
        void node(int level, long idx, byte[] hash);
    }

    /**
     * The hash of a perfect, aligned subtree: level 0 is the leaf hash of leaf {@code idx}, level L the root of the leaves
     * [idx * 2^L, (idx + 1) * 2^L). The stored tree answers it with one row; leaf hashes in memory by folding them
     * ({@link #inMemory}).
     */
    interface Nodes {
        byte[] node(int level, long idx);
    }

    /** Perfect subtrees of leaf hashes held in memory, each folded when asked for (a proof asks O(log n) of them, O(n) work in all). */
    static Nodes inMemory(List<byte[]> leafHashes) {
        return (level, idx) -> {
            if (level == 0) return leafHashes.get(Math.toIntExact(idx));
            Frontier f = new Frontier();
            int from = Math.toIntExact(idx << level);
            for (int i = from; i < from + (1 << level); i++) f.add(leafHashes.get(i));
            return f.root();
        };
    }

    /** MTH(D[from:to]) from perfect subtrees: O(log n) of them for any range the proofs ask for. */
    static byte[] subtree(Nodes nodes, long from, long to) {
        long n = to - from;
        if (n <= 0) return empty();
        if (Long.bitCount(n) == 1 && from % n == 0) return nodes.node(Long.numberOfTrailingZeros(n), from / n);
        long k = n == 1 ? 1 : Long.highestOneBit(n - 1);
        return node(subtree(nodes, from, from + k), subtree(nodes, from + k, to));
    }

    /**
     * RFC 9162 §2.1.3.1 PATH(m, D[0:n]): the inclusion proof of leaf m, bottom-up, over any source of perfect subtrees —
     * the stored tree ({@code audit_node}) for the trail, leaf hashes in memory for {@link MerkleTrees}: one walk.
     */
    static List<byte[]> path(Nodes nodes, long m, long n) {
        List<byte[]> out = new ArrayList<>();
        pathFrom(nodes, m, 0, n, out);
        return out;
    }

    private static void pathFrom(Nodes nodes, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n <= 1) return;
        long k = Long.highestOneBit(n - 1);
        if (m < k) {
            pathFrom(nodes, m, from, from + k, out);
            out.add(subtree(nodes, from + k, to));
        } else {
            pathFrom(nodes, m - k, from + k, to, out);
            out.add(subtree(nodes, from, from + k));
        }
    }

    /** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]): the consistency proof between the tree of m leaves and the tree of n. */
    static List<byte[]> consistency(Nodes nodes, long m, long n) {
        List<byte[]> out = new ArrayList<>();
        if (m <= 0 || m >= n) return out;
        subproof(nodes, m, 0, n, true, out);
        return out;
    }

    private static void subproof(Nodes nodes, long m, long from, long to, boolean b, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!b) out.add(subtree(nodes, from, to));
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(nodes, m, from, from + k, b, out);
            out.add(subtree(nodes, from + k, to));
        } else {
            subproof(nodes, m - k, from + k, to, false, out);
            out.add(subtree(nodes, from, from + k));
        }
    }

    /** RFC 9162 §2.1.4.2: whether {@code proof} shows the tree of {@code first} leaves is a prefix of the tree of {@code second}. */
    static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        if (first <= 0 || first > second) return false;
        if (first == second) return proof.isEmpty() && java.util.Arrays.equals(firstHash, secondHash);
        if (proof.isEmpty()) return false;
        List<byte[]> c = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) c.addFirst(firstHash);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = c.getFirst();
        byte[] sr = c.getFirst();
        for (int i = 1; i < c.size(); i++) {
            byte[] p = c.get(i);
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(p, fr);
                sr = node(p, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = node(sr, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return java.util.Arrays.equals(fr, firstHash) && java.util.Arrays.equals(sr, secondHash) && sn == 0;
    }

    /** RFC 9162 §2.1.3.2: whether {@code path} proves {@code leafHash} at {@code index} in a tree of {@code size} under {@code root}. */
    static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index >= size) return false;
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && java.util.Arrays.equals(r, root);
    }
}
