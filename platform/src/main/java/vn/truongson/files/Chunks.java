package vn.truongson.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.DomainException;

/**
 * The bytes of content-addressed files as rows of {@code files_chunk} (V550): chunks of at most {@link #SIZE} bytes
 * under the content's SHA-256, numbered from 0. Written and read one chunk at a time, so a file of any size passes
 * through with one chunk in memory. Writes join the caller's transaction and never overwrite: a chunk that is there
 * already (the same content, stored by another request or another node) is left as it is.
 */
final class Chunks {

    static final int SIZE = 1 << 20;

    private final JdbcClient jdbc;

    Chunks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the content is kept (its first chunk is; the rest were written in the same transaction). */
    boolean has(String sha256) {
        return jdbc.sql("select exists (select 1 from files_chunk where sha256 = ? and seq = 0)").param(sha256).query(Boolean.class).single();
    }

    /**
     * Writes the stream's bytes as the chunks of {@code sha256}; the stream must hash to it, or nothing is kept
     * (the exception rolls the caller's transaction back). Returns the bytes written.
     */
    long put(String sha256, InputStream content) {
        MessageDigest digest = Blobs.sha256();
        long total = 0;
        try (InputStream in = new DigestInputStream(content, digest)) {
            int seq = 0;
            byte[] chunk;
            while ((chunk = in.readNBytes(SIZE)).length > 0) {
                insert(sha256, seq++, chunk);
                total += chunk.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) throw new IllegalStateException("content hashes to " + actual + ", not to its name " + sha256);
        return total;
    }

    void put(String sha256, byte[] content) {
        put(sha256, new java.io.ByteArrayInputStream(content));
    }

    private void insert(String sha256, int seq, byte[] data) {
        jdbc.sql("insert into files_chunk (sha256, seq, data) values (?, ?, ?) on conflict (sha256, seq) do nothing")
                .params(sha256, seq, data).update();
    }

    private byte[] chunk(String sha256, int seq) {
        return jdbc.sql("select data from files_chunk where sha256 = ? and seq = ?").params(sha256, seq).query(byte[].class).optional().orElse(null);
    }

    /**
     * The content, read a chunk at a time as the caller reads; at the end its SHA-256 is checked against its name,
     * and a mismatch (a damaged or missing chunk) is an {@link IOException}, never silently wrong bytes.
     * 404 when nothing is kept under that name.
     */
    InputStream open(String sha256) {
        if (!Blobs.SHA256.matcher(sha256).matches()) throw new DomainException.NotFound("file", sha256);
        byte[] first = chunk(sha256, 0);
        if (first == null) throw new DomainException.NotFound("file", sha256);
        return new ChunkStream(sha256, first);
    }

    byte[] readAll(String sha256) {
        try (InputStream in = open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class ChunkStream extends InputStream {
        private final String sha256;
        private final MessageDigest digest = Blobs.sha256();
        private byte[] current;
        private int pos;
        private int seq;
        private boolean ended;

        ChunkStream(String sha256, byte[] first) {
            this.sha256 = sha256;
            this.current = first;
            digest.update(first);
        }

        /** Moves to the next chunk when the current one is used up; false at the end (after checking the hash). */
        private boolean fill() throws IOException {
            if (ended) return false;
            if (current != null && pos < current.length) return true;
            byte[] next = chunk(sha256, ++seq);
            if (next == null) {
                ended = true;
                current = null;
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha256)) throw new IOException("stored file " + sha256 + " fails its integrity check (reads as " + actual + ")");
                return false;
            }
            digest.update(next);
            current = next;
            pos = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) return -1;
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.length - pos;
        }
    }
}
