package vn.truongson.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 11: consistency proofs between signed heads ({@code GET /api/v1/audit/consistency}), checked by the test's own
 * reading of the leaves and by {@code ./truongson audit-prove}'s checker; leaf key rotation; the witness file.
 */
@PlatformTest
class AuditConsistencyTest {

    @LocalServerPort int port;
    @Autowired AuditTrail trail;
    @Autowired JdbcClient jdbc;
    @Autowired LeafKeys leafKeys;
    @Autowired ObjectProvider<AuditKeys> keys;
    @Autowired HeadFile headFile;
    @Autowired PlatformTransactionManager txm;
    @Autowired vn.truongson.signing.internal.CertificateAuthority ca;
    Api api;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long sealedAfterRecording(String tag, int n) {
        for (int i = 0; i < n; i++) trail.record("test.event", "test:consistency:" + tag + ":" + i, AuditTrail.SUCCESS, null);
        long[] size = new long[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            size[0] = trail.seal();
            return jdbc.sql("select count(*) from audit_event e where target like ? and not exists (select 1 from audit_leaf l where l.event_id = e.id)")
                    .param("test:consistency:" + tag + ":%").query(Long.class).single() == 0;
        });
        return jdbc.sql("select max(tree_size) from audit_tree_head").query(Long.class).single();
    }

    /** MTH over stored leaf hashes, by the RFC's recursion: the test's own reading of the tree. */
    static byte[] mth(List<byte[]> leafHashes) {
        if (leafHashes.size() == 1) return leafHashes.getFirst();
        int k = Integer.highestOneBit(leafHashes.size() - 1);
        return Merkle.node(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, leafHashes.size())));
    }

    @Test
    void the_consistency_proof_between_two_heads_is_the_rfcs_and_verifies_offline_and_a_changed_one_does_not() {
        long a = sealedAfterRecording("a" + System.nanoTime(), 3);
        long b = sealedAfterRecording("b" + System.nanoTime(), 5);
        assertThat(b).isGreaterThan(a);
        Api.Response r = api.get("/api/v1/audit/consistency?from=" + a + "&to=" + b, "auditor");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = r.json();
        assertThat(c.get("from").asString()).isEqualTo(Long.toString(a));
        assertThat(c.get("to").asString()).isEqualTo(Long.toString(b));
        // The heads' roots are the trees of the stored leaves, rebuilt here; the proof verifies with them.
        List<byte[]> leaves = jdbc.sql("select leaf_hash from audit_leaf where leaf_index < ? order by leaf_index").param(b).query(byte[].class).list();
        HexFormat hex = HexFormat.of();
        assertThat(c.get("fromHead").get("rootHash").asString()).isEqualTo(hex.formatHex(mth(leaves.subList(0, (int) a))));
        assertThat(c.get("toHead").get("rootHash").asString()).isEqualTo(hex.formatHex(mth(leaves)));
        List<byte[]> path = new ArrayList<>();
        c.get("path").forEach(n -> path.add(hex.parseHex(n.asString())));
        assertThat(path.size()).isLessThanOrEqualTo(2 * (64 - Long.numberOfLeadingZeros(b)));
        assertThat(Merkle.verifyConsistency(a, b, mth(leaves.subList(0, (int) a)), mth(leaves), path)).isTrue();
        assertThat(AuditProve.check(c, List.of(), false, List.of(), false)).isEmpty();
        // The checker of ./truongson audit-prove, against the head file as the auditor's copy.
        List<JsonNode> kept = new ArrayList<>();
        for (HeadFile.Line l : headFile.read()) kept.add(json.readTree("{\"treeSize\":" + l.treeSize() + ",\"rootHash\":\"" + hex.formatHex(l.rootHash()) + "\"}"));
        assertThat(AuditProve.check(c, List.of(), false, kept, true)).isEmpty();
        // A proof with one hash changed, or a head's root changed, fails and says why.
        ObjectNode changed = (ObjectNode) c.deepCopy();
        ArrayNode p = (ArrayNode) changed.get("path");
        if (!p.isEmpty()) {
            String first = p.get(0).asString();
            p.set(0, json.getNodeFactory().textNode((first.charAt(0) == '0' ? "1" : "0") + first.substring(1)));
            assertThat(AuditProve.check(changed, List.of(), false, List.of(), false)).anyMatch(s -> s.contains("consistency path does not prove"));
        }
        ObjectNode otherRoot = (ObjectNode) c.deepCopy();
        ((ObjectNode) otherRoot.get("fromHead")).put("rootHash", "00".repeat(32));
        assertThat(AuditProve.check(otherRoot, List.of(), false, List.of(), false)).anyMatch(s -> s.contains("signature")).anyMatch(s -> s.contains("consistency"));
    }

    @Test
    void the_inclusion_proof_passes_audit_prove_with_the_platforms_ca_and_fails_when_the_record_changes() throws Exception {
        String target = "test:prove:" + System.nanoTime();
        trail.record("test.event", target, AuditTrail.SUCCESS, "chứng minh");
        long id = jdbc.sql("select id from audit_event where target = ?").param(target).query(Long.class).single();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            trail.seal();
            return jdbc.sql("select count(*) from audit_leaf where event_id = ?").param(id).query(Long.class).single() == 1;
        });
        Api.Response r = api.get("/api/v1/audit/" + id + "/proof", "auditor");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Path dir = Files.createTempDirectory("audit-prove");
        Files.writeString(dir.resolve("proof.json"), r.body());
        Api.Response ca = api.get("/api/v1/pki/ca.pem", null);
        assertThat(ca.status()).isEqualTo(200);
        // The bundle an auditor keeps: the public root and the issuing CA below it (the seal certificate's issuer).
        String issuing = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(this.ca.issuing().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("ca.pem"), ca.body() + issuing);
        Files.writeString(dir.resolve("root-only.pem"), ca.body());
        var rootOnly = new java.io.ByteArrayOutputStream();
        assertThat(AuditProve.run(new String[] {dir.resolve("proof.json").toString(), "--ca", dir.resolve("root-only.pem").toString()},
                new java.io.PrintStream(rootOnly, true, StandardCharsets.UTF_8))).as("without the issuing CA the chain is not complete").isEqualTo(3);
        var out = new java.io.ByteArrayOutputStream();
        int code = AuditProve.run(new String[] {dir.resolve("proof.json").toString(), "--ca", dir.resolve("ca.pem").toString()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: record " + id);
        // The record as a forger would show it: another leafData (its MAC cannot be made without the key).
        ObjectNode forged = (ObjectNode) r.json().deepCopy();
        forged.put("leafHash", HexFormat.of().formatHex(Merkle.leafHash("giả mạo".getBytes(StandardCharsets.UTF_8))));
        forged.put("leafData", HexFormat.of().formatHex("giả mạo".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("forged.json"), json.writeValueAsString(forged));
        out.reset();
        code = AuditProve.run(new String[] {dir.resolve("forged.json").toString()}, new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("BROKEN: the path does not lead");
    }

    @Test
    void bad_sizes_are_400_naming_the_field_unknown_heads_404_and_strangers_refused() {
        assertThat(api.get("/api/v1/audit/consistency?from=1", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/consistency?from=1", "baocao.sd3").status()).isEqualTo(403);
        for (String q : List.of("", "from=0", "from=-1", "from=abc", "from=1&to=x", "from=99999999999999999999")) {
            Api.Response r = api.get("/api/v1/audit/consistency?" + q, "auditor");
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.body()).as(q).contains(q.contains("to=") ? "\"to\"" : "\"from\"");
        }
        long newest = jdbc.sql("select max(tree_size) from audit_tree_head").query(Long.class).single();
        assertThat(api.get("/api/v1/audit/consistency?from=" + (newest + 1) + "&to=" + newest, "auditor").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/consistency?from=" + (newest + 1000), "auditor").status()).isEqualTo(400);
        // A size no head has: 404.
        long missing = jdbc.sql("select min(s) from generate_series(1, ?) s where not exists (select 1 from audit_tree_head h where h.tree_size = s)")
                .param(newest).query(Long.class).optional().orElse(null) == null ? -1
                : jdbc.sql("select min(s) from generate_series(1, ?) s where not exists (select 1 from audit_tree_head h where h.tree_size = s)")
                        .param(newest).query(Long.class).single();
        if (missing > 0) assertThat(api.get("/api/v1/audit/consistency?from=" + missing, "auditor").status()).isEqualTo(404);
    }

    @Test
    void a_rotated_leaf_key_keys_new_records_and_old_records_still_verify() {
        String before = "test:rotate-before:" + System.nanoTime();
        trail.record("test.event", before, AuditTrail.SUCCESS, null);
        String oldKey = jdbc.sql("select key_id from audit_event where target = ?").param(before).query(String.class).single();
        String newKey = trail.rotateLeafKey();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'audit.leaf-key.rotate' and target = ?").param(newKey)
                .query(Long.class).single()).isEqualTo(1);
        String after = "test:rotate-after:" + System.nanoTime();
        trail.record("test.event", after, AuditTrail.SUCCESS, null);
        assertThat(jdbc.sql("select key_id from audit_event where target = ?").param(after).query(String.class).single()).isEqualTo(newKey);
        assertThat(trail.rotateLeafKeyIfOlderThan(java.time.Duration.ofDays(1))).as("the new key is young").isFalse();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            trail.seal();
            return jdbc.sql("select count(*) from audit_leaf l join audit_event e on e.id = l.event_id where e.target in (?, ?)")
                    .params(before, after).query(Long.class).single() == 2;
        });
        var v = trail.verify();
        assertThat(v.ok()).as(v.reason()).isTrue();
        assertThat(jdbc.sql("select count(distinct l.key_id) from audit_leaf l join audit_event e on e.id = l.event_id where e.target in (?, ?)")
                .params(before, after).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void the_witness_file_gets_every_head_and_a_witness_that_disagrees_fails_verification() throws Exception {
        Path witness = Files.createTempDirectory("audit-witness").resolve("heads.jsonl");
        MerkleLog withWitness = new MerkleLog(jdbc, leafKeys, keys, headFile, txm, MerkleLog.Settings.defaults().withWitnessFile(witness.toString()));
        sealedAfterRecording("w" + System.nanoTime(), 2);
        withWitness.catchUpFile();
        long newest = jdbc.sql("select max(tree_size) from audit_tree_head").query(Long.class).single();
        List<String> lines = Files.readAllLines(witness);
        assertThat(lines).isNotEmpty();
        assertThat(json.readTree(lines.getLast()).get("treeSize").asLong()).isEqualTo(newest);
        var ok = withWitness.verify();
        assertThat(ok.ok()).as(ok.reason()).isTrue();
        // The witness holds another root for a head (what it would hold had the database been rewritten and re-signed
        // with a stolen key, or the file is the one of another installation): named.
        ObjectNode last = (ObjectNode) json.readTree(lines.getLast());
        last.put("rootHash", "11".repeat(32));
        lines.set(lines.size() - 1, json.writeValueAsString(last));
        Files.write(witness, lines);
        var broken = withWitness.verify();
        assertThat(broken.ok()).isFalse();
        assertThat(broken.reason()).contains(witness.toString());
    }

    /**
     * The syslog witness against real listeners bound first on the loopback (a UDP socket and a TCP server socket): each
     * gets the newest head as an RFC 5424 message (octet-counted over TCP) whose JSON is the head's; the UDP host's file,
     * mounted back as the syslog copy, verifies, and names itself when it holds another root.
     */
    @Test
    void the_syslog_witness_gets_each_head_over_udp_and_tcp_and_verify_compares_its_copy() throws Exception {
        try (var udp = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                var tcp = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(10_000);
            tcp.setSoTimeout(10_000);
            Path copy = Files.createTempDirectory("audit-syslog").resolve("truongson-audit.log");
            MerkleLog viaUdp = new MerkleLog(jdbc, leafKeys, keys, headFile, txm,
                    MerkleLog.Settings.defaults().withSyslog("127.0.0.1:" + udp.getLocalPort(), "udp", copy.toString()));
            MerkleLog viaTcp = new MerkleLog(jdbc, leafKeys, keys, headFile, txm,
                    MerkleLog.Settings.defaults().withSyslog("127.0.0.1:" + tcp.getLocalPort(), "tcp", ""));
            sealedAfterRecording("s" + System.nanoTime(), 1);
            long newest = jdbc.sql("select max(tree_size) from audit_tree_head").query(Long.class).single();
            String root = HexFormat.of().formatHex(jdbc.sql("select root_hash from audit_tree_head where tree_size = ?").param(newest)
                    .query(byte[].class).single());

            viaUdp.catchUpFile();
            var packet = new java.net.DatagramPacket(new byte[8192], 8192);
            udp.receive(packet);
            String udpMessage = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertThat(udpMessage).matches("<109>1 \\S+Z \\S+ truongson \\d+ audit-head - \\{.*\\}");
            JsonNode head = json.readTree(udpMessage.substring(udpMessage.indexOf('{')));
            assertThat(head.get("treeSize").asLong()).isEqualTo(newest);
            assertThat(head.get("rootHash").asString()).isEqualTo(root);

            viaTcp.catchUpFile();
            try (var peer = tcp.accept()) {
                var in = new java.io.DataInputStream(peer.getInputStream());
                StringBuilder length = new StringBuilder();
                for (int c = in.read(); c != ' '; c = in.read()) length.append((char) c);
                byte[] frame = new byte[Integer.parseInt(length.toString())];
                in.readFully(frame);
                String tcpMessage = new String(frame, StandardCharsets.UTF_8);
                assertThat(tcpMessage).startsWith("<109>1 ").contains(" audit-head - ");
                assertThat(json.readTree(tcpMessage.substring(tcpMessage.indexOf('{'))).get("rootHash").asString()).isEqualTo(root);
            }

            // What the syslog host wrote to its file (with a line of another program), read back by verify.
            Files.writeString(copy, "Dec  7 19:40:00 host sshd[12]: Accepted publickey {for x}\n" + udpMessage + "\n");
            var ok = viaUdp.verify();
            assertThat(ok.ok()).as(ok.reason()).isTrue();
            Files.writeString(copy, udpMessage.replace(root, "22".repeat(32)) + "\n");
            var broken = viaUdp.verify();
            assertThat(broken.ok()).isFalse();
            assertThat(broken.reason()).contains(copy.toString());
            // Not readable (the host's share not mounted): verified without it.
            Files.delete(copy);
            assertThat(viaUdp.verify().ok()).isTrue();
        }
    }
}
