package vn.truongson.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 proofs from stored nodes (issue 11) against the RFC's definitions written out plainly over the list of leaves
 * (MTH, PATH, PROOF of §2.1.1, §2.1.3.1, §2.1.4.1), for every size up to 70 and every pair of sizes, plus the number of
 * stored nodes a proof reads: O(log n), not O(n).
 */
class MerkleProofTest {

    static byte[] h(int prefix, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) prefix);
            for (byte[] p : parts) md.update(p);
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** §2.1.1 MTH over a list of leaf data. */
    static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) return emptyHash();
        if (d.size() == 1) return h(0, d.getFirst());
        int k = Integer.highestOneBit(d.size() - 1);
        return h(1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static byte[] emptyHash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** §2.1.3.1 PATH(m, D). */
    static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() <= 1) return out;
        int k = Integer.highestOneBit(d.size() - 1);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(path(m - k, d.subList(k, d.size())));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** §2.1.4.1 SUBPROOF(m, D, b). */
    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> out = new ArrayList<>();
        if (m == d.size()) {
            if (!b) out.add(mth(d));
            return out;
        }
        int k = Integer.highestOneBit(d.size() - 1);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(subproof(m - k, d.subList(k, d.size()), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** The stored tree, built as the sealer builds it: leaves, and the nodes the frontier reports; counts the reads. */
    static final class Stored implements Merkle.Nodes {
        final Map<String, byte[]> nodes = new HashMap<>();
        int reads;

        @Override
        public byte[] node(int level, long idx) {
            reads++;
            byte[] v = nodes.get(level + ":" + idx);
            if (v == null) throw new IllegalStateException("no node " + level + ":" + idx);
            return v;
        }
    }

    static Stored store(List<byte[]> d) {
        Stored s = new Stored();
        Merkle.Frontier f = new Merkle.Frontier().reporting((level, idx, hash) -> s.nodes.put(level + ":" + idx, hash));
        for (int i = 0; i < d.size(); i++) {
            byte[] leaf = Merkle.leafHash(d.get(i));
            s.nodes.put("0:" + i, leaf);
            f.add(leaf);
        }
        return s;
    }

    static List<byte[]> data(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            d.add(b);
        }
        return d;
    }

    @Test
    void inclusion_and_consistency_proofs_from_stored_nodes_are_the_rfcs_and_verify() {
        List<byte[]> d = data(70, 11);
        Stored s = store(d);
        for (int n = 1; n <= d.size(); n++) {
            List<byte[]> dn = d.subList(0, n);
            byte[] root = mth(dn);
            assertThat(Merkle.subtree(s, 0, n)).as("MTH of %d", n).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> p = Merkle.path(s, m, n);
                assertThat(p).as("PATH(%d, D[%d])", m, n).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(path(m, dn));
                assertThat(Merkle.verifyInclusion(m, n, Merkle.leafHash(d.get(m)), p, root)).isTrue();
                assertThat(Merkle.verifyInclusion(m, n, Merkle.leafHash(d.get((m + 1) % d.size())), p, root)).as("another leaf").isFalse();
            }
            for (int m = 1; m < n; m++) {
                List<byte[]> c = Merkle.consistency(s, m, n);
                assertThat(c).as("PROOF(%d, D[%d])", m, n).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(subproof(m, dn, true));
                byte[] old = mth(d.subList(0, m));
                assertThat(Merkle.verifyConsistency(m, n, old, root, c)).as("consistent %d → %d", m, n).isTrue();
                // A rewritten history: the old root of another log, or a proof with one hash changed.
                byte[] otherOld = mth(data(m, 99));
                assertThat(Merkle.verifyConsistency(m, n, otherOld, root, c)).as("rewritten %d → %d", m, n).isFalse();
                if (!c.isEmpty()) {
                    List<byte[]> bad = new ArrayList<>(c);
                    byte[] x = bad.getLast().clone();
                    x[0] ^= 1;
                    bad.set(bad.size() - 1, x);
                    assertThat(Merkle.verifyConsistency(m, n, old, root, bad)).as("tampered proof %d → %d", m, n).isFalse();
                }
            }
        }
    }

    /** MerkleTrees (leaf hashes in memory, for other modules) walks the same subtrees: the RFC's MTH and PATH. */
    @Test
    void merkle_trees_over_leaf_hashes_in_memory_answer_the_rfcs_root_and_paths() {
        List<byte[]> d = data(70, 12);
        List<byte[]> hashes = d.stream().map(Merkle::leafHash).toList();
        assertThat(MerkleTrees.root(List.of())).isEqualTo(emptyHash());
        for (int n = 1; n <= d.size(); n++) {
            List<byte[]> hn = hashes.subList(0, n);
            byte[] root = mth(d.subList(0, n));
            assertThat(MerkleTrees.root(hn)).as("MTH of %d", n).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> p = MerkleTrees.inclusionPath(hn, m);
                assertThat(p).as("PATH(%d, D[%d])", m, n).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(path(m, d.subList(0, n)));
                assertThat(MerkleTrees.verifyInclusion(m, n, hn.get(m), p, root)).isTrue();
            }
        }
    }

    @Test
    void a_proof_reads_a_logarithmic_number_of_stored_nodes() {
        int n = 100_003;
        List<byte[]> d = data(n, 5);
        Stored s = store(d);
        for (int m : new int[] {0, 1, 777, 65_536, n - 1}) {
            s.reads = 0;
            Merkle.path(s, m, n);
            assertThat(s.reads).as("nodes read for PATH(%d, D[%d])", m, n).isLessThanOrEqualTo(2 * 17 * 17 / 4);
        }
        for (int m : new int[] {1, 1000, 65_536, 99_999}) {
            s.reads = 0;
            Merkle.consistency(s, m, n);
            assertThat(s.reads).as("nodes read for PROOF(%d, D[%d])", m, n).isLessThanOrEqualTo(2 * 17 * 17 / 4);
        }
    }
}
