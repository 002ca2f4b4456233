package vn.truongson.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./truongson audit-prove FILE [--ca CA.pem] [--heads heads.jsonl]}: checks, offline and without the database, a
 * proof the API gave — an inclusion proof ({@code GET /api/v1/audit/{id}/proof}) or a consistency proof
 * ({@code GET /api/v1/audit/consistency}) — with RFC 9162 hashing, each signed head's signature with its certificate, the
 * certificate against the platform's CA ({@code --ca}, e.g. {@code GET /api/v1/pki/ca.pem}, may hold the chain), and the
 * heads against a copy of the head file the auditor keeps ({@code --heads}). Exit 0 when everything holds, 3 when
 * something does not (named), 2 on a bad command line or file.
 */
public final class AuditProve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditProve() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String file = null;
        String ca = null;
        String heads = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ca" -> ca = i + 1 < args.length ? args[++i] : null;
                case "--heads" -> heads = i + 1 < args.length ? args[++i] : null;
                default -> file = args[i];
            }
        }
        if (file == null) {
            out.println("usage: ./truongson audit-prove PROOF.json [--ca ca.pem] [--heads heads.jsonl]");
            return AuditCommand.USAGE;
        }
        JsonNode proof;
        List<X509Certificate> anchors;
        List<JsonNode> kept = new ArrayList<>();
        try {
            proof = JSON.readTree(Files.readString(Path.of(file)));
            anchors = ca == null ? List.of() : certificates(Files.readAllBytes(Path.of(ca)));
            if (heads != null) {
                for (String line : Files.readAllLines(Path.of(heads))) if (!line.isBlank()) kept.add(JSON.readTree(line));
            }
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            out.println("audit-prove: cannot read the input: " + e.getMessage());
            return AuditCommand.USAGE;
        }
        List<String> problems = check(proof, anchors, ca != null, kept, heads != null);
        if (problems.isEmpty()) {
            out.println("OK: " + (proof.has("leafIndex") ? "record " + proof.get("id").asString() + " is leaf " + proof.get("leafIndex").asString()
                    + " of the signed tree of " + proof.get("treeSize").asString()
                    : "the signed tree of " + proof.get("from").asString() + " is a prefix of the signed tree of " + proof.get("to").asString()));
            return AuditCommand.OK;
        }
        problems.forEach(p -> out.println("BROKEN: " + p));
        return AuditCommand.BROKEN;
    }

    /** What does not hold; empty when the proof, its heads and their certificates all do. */
    static List<String> check(JsonNode p, List<X509Certificate> anchors, boolean checkCa, List<JsonNode> kept, boolean checkKept) {
        List<String> problems = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        try {
            List<byte[]> path = new ArrayList<>();
            p.get("path").forEach(n -> path.add(hex.parseHex(n.asString())));
            List<JsonNode> headsToCheck = new ArrayList<>();
            if (p.has("leafIndex")) {
                JsonNode head = p.get("head");
                headsToCheck.add(head);
                byte[] leafHash = hex.parseHex(p.get("leafHash").asString());
                if (p.has("leafData") && !p.get("leafData").isNull()
                        && !Arrays.equals(leafHash, Merkle.leafHash(hex.parseHex(p.get("leafData").asString())))) {
                    problems.add("leafHash is not SHA-256(0x00 || leafData)");
                }
                long size = Long.parseLong(p.get("treeSize").asString());
                if (size != Long.parseLong(head.get("treeSize").asString())) problems.add("the proof's treeSize is not its head's");
                if (!Merkle.verifyInclusion(Long.parseLong(p.get("leafIndex").asString()), size, leafHash, path,
                        hex.parseHex(head.get("rootHash").asString()))) {
                    problems.add("the path does not lead from the leaf to the head's rootHash");
                }
            } else if (p.has("fromHead")) {
                JsonNode from = p.get("fromHead");
                JsonNode to = p.get("toHead");
                headsToCheck.add(from);
                headsToCheck.add(to);
                if (!Merkle.verifyConsistency(Long.parseLong(from.get("treeSize").asString()), Long.parseLong(to.get("treeSize").asString()),
                        hex.parseHex(from.get("rootHash").asString()), hex.parseHex(to.get("rootHash").asString()), path)) {
                    problems.add("the consistency path does not prove the tree of " + from.get("treeSize").asString() + " a prefix of the tree of "
                            + to.get("treeSize").asString() + ": the log was rewritten between them");
                }
            } else {
                problems.add("not a proof of the audit API (neither leafIndex nor fromHead)");
            }
            for (JsonNode h : headsToCheck) {
                String size = h.get("treeSize").asString();
                X509Certificate cert = certificates(h.get("certificate").asString().getBytes(StandardCharsets.US_ASCII)).getFirst();
                byte[] root = hex.parseHex(h.get("rootHash").asString());
                byte[] text = AuditTrail.TreeHead.signedText(Long.parseLong(size), root, Instant.parse(h.get("signedAt").asString()));
                Signature s = Signature.getInstance(MerkleLog.algorithm(cert));
                s.initVerify(cert.getPublicKey());
                s.update(text);
                if (!s.verify(Base64.getDecoder().decode(h.get("signature").asString()))) problems.add("the signature of the head of size " + size + " does not verify");
                if (checkCa && !chainsTo(cert, anchors)) problems.add("the certificate of the head of size " + size + " is not from the given CA");
                if (checkKept) {
                    JsonNode k = kept.stream().filter(l -> Long.toString(l.get("treeSize").asLong()).equals(size)).findFirst().orElse(null);
                    if (k == null) problems.add("the head of size " + size + " is not in the kept head file");
                    else if (!k.get("rootHash").asString().equalsIgnoreCase(h.get("rootHash").asString())) {
                        problems.add("the head of size " + size + " has another root in the kept head file: the log was rewritten");
                    }
                }
            }
        } catch (RuntimeException | java.security.GeneralSecurityException e) {
            problems.add("malformed proof: " + e);
        }
        return problems;
    }

    static List<X509Certificate> certificates(byte[] pem) throws java.security.cert.CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) out.add((X509Certificate) c);
        if (out.isEmpty()) throw new java.security.cert.CertificateException("no certificate");
        return out;
    }

    /** Whether {@code cert} chains, through the given certificates, to one of them that signed itself (the root). */
    static boolean chainsTo(X509Certificate cert, List<X509Certificate> given) {
        X509Certificate current = cert;
        for (int depth = 0; depth < 8; depth++) {
            @Nullable X509Certificate issuer = null;
            for (X509Certificate c : given) {
                if (!c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) continue;
                try {
                    current.verify(c.getPublicKey());
                    issuer = c;
                    break;
                } catch (java.security.GeneralSecurityException e) {
                    // not this one
                }
            }
            if (issuer == null) return false;
            if (issuer.getSubjectX500Principal().equals(issuer.getIssuerX500Principal())) return true;
            current = issuer;
        }
        return false;
    }
}
