package vn.truongson.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed tree heads kept outside the database: one JSON line per head appended to a file
 * ({@code truongson.audit.heads-file}, by default {@code <data dir>/audit/heads.jsonl}; in production on another
 * volume or host, see docs/operations.md). A line: {@code {"treeSize":n,"rootHash":hex,"signedAt":ISO,"signature":b64,
 * "certificateSha256":hex}}; the certificate itself is on the token. Lines are only ever appended; a reader keeps the
 * last line per tree size and reports two lines for one size that disagree.
 */
@Component
class HeadFile {

    record Line(long treeSize, byte[] rootHash, Instant signedAt, byte[] signature, byte[] certificateSha256) {}

    private final Path file;
    private static final JsonMapper json = JsonMapper.builder().build();

    private final boolean syslog;

    @org.springframework.beans.factory.annotation.Autowired
    HeadFile(@Value("${truongson.audit.heads-file:${truongson.data-dir:./data}/audit/heads.jsonl}") String file) {
        this(file, false);
    }

    private HeadFile(String file, boolean syslog) {
        this.file = Path.of(file).toAbsolutePath();
        this.syslog = syslog;
    }

    /** The file a syslog witness writes the heads it receives to, mounted back readable: read only, by verify. */
    static HeadFile syslogCopy(String file) {
        return new HeadFile(file, true);
    }

    Path path() {
        return file;
    }

    synchronized void append(List<Line> lines) {
        if (lines.isEmpty()) return;
        StringBuilder b = new StringBuilder();
        for (Line l : lines) b.append(lineOf(l)).append('\n');
        try {
            Files.createDirectories(file.getParent());
            // One write with O_APPEND and a sync: a line is there whole, or not at all, once the seal returns.
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                long before = ch.size();
                var buf = java.nio.ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
                if (before == seenBytes) {
                    // Nobody else wrote since the last look: what was seen plus these lines is the whole file.
                    seenBytes = ch.size();
                    seenTreeSize = Math.max(seenTreeSize, lines.stream().mapToLong(Line::treeSize).max().orElse(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the audit head file " + file, e);
        }
    }

    /** The JSON text of one head: a line of the file, the message sent to a syslog witness. */
    static String lineOf(Line l) {
        var node = json.createObjectNode();
        node.put("treeSize", l.treeSize());
        node.put("rootHash", HexFormat.of().formatHex(l.rootHash()));
        node.put("signedAt", l.signedAt().toString());
        node.put("signature", Base64.getEncoder().encodeToString(l.signature()));
        node.put("certificateSha256", HexFormat.of().formatHex(l.certificateSha256()));
        return json.writeValueAsString(node);
    }

    /**
     * Every line, in file order; a torn last line (a crash mid-write) is skipped, any other bad line is an error.
     * A syslog host's copy ({@link #syslogCopy}) keeps only its {@code audit-head} messages, each read from its opening
     * brace on (after the RFC 5424 header, {@link SyslogWitness}).
     */
    synchronized List<Line> read() {
        if (!Files.exists(file)) return List.of();
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit head file " + file, e);
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i).strip();
            if (s.isEmpty()) continue;
            if (syslog) {
                int brace = s.indexOf('{');
                if (!s.contains(" audit-head ") || brace < 0) continue;
                s = s.substring(brace);
            }
            try {
                JsonNode n = json.readTree(s);
                out.add(new Line(n.get("treeSize").asLong(), HexFormat.of().parseHex(n.get("rootHash").asString()),
                        Instant.parse(n.get("signedAt").asString()), Base64.getDecoder().decode(n.get("signature").asString()),
                        HexFormat.of().parseHex(n.get("certificateSha256").asString())));
            } catch (RuntimeException e) {
                if (i == raw.size() - 1) break;
                throw new IllegalStateException("Line " + (i + 1) + " of the audit head file " + file + " is not a head", e);
            }
        }
        return out;
    }

    /** What {@link #lastTreeSize} last saw: the file's length then and the largest size in it. */
    private long seenBytes = -1;
    private long seenTreeSize;

    /**
     * The largest tree size in the file. Called after every seal: the file is read again only when its length changed
     * since the last call (another node, or this one, appended).
     */
    synchronized long lastTreeSize() {
        try {
            long bytes = Files.exists(file) ? Files.size(file) : 0;
            if (bytes != seenBytes) {
                seenTreeSize = read().stream().mapToLong(Line::treeSize).max().orElse(0);
                seenBytes = bytes;
            }
            return seenTreeSize;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit head file " + file, e);
        }
    }
}
