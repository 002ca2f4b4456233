package vn.truongson.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One side's transfer log: JSON lines, each with its sequence number, time, the previous line's hash and its own, and
 * an Ed25519 signature over that hash by the gateway's key ({@code <data-dir>/keys}). Appends are serialised; a line
 * is written and forced to disk before the caller answers. {@link #verify()} checks the chain and every signature.
 */
public final class TransferLog {

    private final Side side;
    private final Path file;
    private final JsonMapper json;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private long seq;
    private String last = "0".repeat(64);

    public TransferLog(Side side, Path dir, KeyPair keys, JsonMapper json) throws IOException {
        this.side = side;
        this.file = dir.resolve("transfer-" + side.key() + ".jsonl");
        this.json = json;
        this.key = keys.getPrivate();
        this.publicKey = keys.getPublic();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                JsonNode n = json.readTree(line);
                seq = n.get("seq").asLong();
                last = n.get("hash").asString();
            }
        }
    }

    /** The gateway's key pair, made at the first start. */
    static KeyPair keys(Path dir) throws Exception {
        Path priv = dir.resolve("gateway-ed25519.key"), pub = dir.resolve("gateway-ed25519.pub");
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        if (Files.exists(priv) && Files.exists(pub)) {
            return new KeyPair(kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(pub).strip()))),
                    kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(priv).strip()))));
        }
        Files.createDirectories(dir);
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(priv, Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX
        }
        Files.writeString(pub, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
        return kp;
    }

    /** Appends an entry (the fields given, plus side, seq, at, prev, hash, sig); returns it. */
    public synchronized ObjectNode append(ObjectNode fields) {
        try {
            ObjectNode e = json.createObjectNode();
            e.put("seq", seq + 1);
            e.put("side", side.key());
            e.put("at", Instant.now().toString());
            e.setAll(fields);
            e.put("prev", last);
            String hash = sha256(json.writeValueAsString(e));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            e.put("hash", hash);
            e.put("sig", Base64.getEncoder().encodeToString(s.sign()));
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((json.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
            seq++;
            last = hash;
            return e;
        } catch (Exception ex) {
            throw new IllegalStateException("the transfer log could not be written: " + ex.getMessage(), ex);
        }
    }

    /** Every entry, in order. */
    public synchronized List<ObjectNode> entries() {
        try {
            List<ObjectNode> out = new ArrayList<>();
            if (!Files.exists(file)) return out;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) out.add((ObjectNode) json.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first problem of the chain or a signature ("line n: …"), or null when the whole log is intact. */
    public String verify() {
        String prev = "0".repeat(64);
        long n = 0;
        try {
            for (ObjectNode e : entries()) {
                n++;
                String hash = e.get("hash").asString(), sig = e.get("sig").asString();
                ObjectNode body = e.deepCopy();
                body.remove("hash");
                body.remove("sig");
                if (!prev.equals(body.get("prev").asString())) return "dòng " + n + ": chuỗi băm bị đứt";
                if (body.get("seq").asLong() != n) return "dòng " + n + ": số thứ tự sai";
                if (!sha256(json.writeValueAsString(body)).equals(hash)) return "dòng " + n + ": nội dung đã bị sửa";
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(publicKey);
                s.update(hash.getBytes(StandardCharsets.US_ASCII));
                if (!s.verify(Base64.getDecoder().decode(sig))) return "dòng " + n + ": chữ ký không hợp lệ";
                prev = hash;
            }
            return null;
        } catch (Exception ex) {
            return "dòng " + n + ": " + ex.getMessage();
        }
    }

    public Path file() {
        return file;
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
