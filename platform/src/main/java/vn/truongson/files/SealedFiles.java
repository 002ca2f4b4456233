package vn.truongson.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.core.DomainException;
import vn.truongson.runtime.RuntimeProperties;

/**
 * Classified content encrypted at rest (ARCHITECTURE.md §3): a fresh AES-256-GCM data key per file, kept only
 * wrapped by the {@link MasterKey} (on the token), with the key's id beside it. The ciphertext is kept under its
 * own SHA-256 (in the database's {@code files_chunk} by default, or on disk under {@code <data-dir>/files/sealed} with
 * {@code truongson.files.store=disk}), the row id names the sealed file. Nothing here decides who may open one: the module
 * that keeps the id asks the access policy first, and audits the opening.
 *
 * <p>Until a {@link MasterKey} bean is present (the signing module provides the token's), a key file under
 * {@code <data-dir>/keys} stands in, so an embedded run and the tests still never keep plaintext.
 */
@Service
public class SealedFiles {

    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Path root;
    private final ObjectProvider<MasterKey> masterKeys;
    private final Path dataDir;
    private final Chunks chunks;
    private final boolean database;
    private volatile MasterKey fallback;

    SealedFiles(RuntimeProperties runtime, FilesProperties props, JdbcClient jdbc, Clock clock, ObjectProvider<MasterKey> masterKeys) {
        this.jdbc = jdbc;
        this.chunks = new Chunks(jdbc);
        this.database = props.database();
        this.clock = clock;
        this.dataDir = Path.of(runtime.dataDir()).toAbsolutePath().normalize();
        this.root = dataDir.resolve("files").resolve("sealed");
        this.masterKeys = masterKeys;
    }

    /** Seals the content; the row joins the caller's transaction. Returns the sealed file's id. */
    public long seal(byte[] content, String contentType) {
        if (content.length == 0) throw new DomainException.BadInput("file", "problem.file.empty", "-");
        MasterKey master = master();
        byte[] dataKey = new byte[32];
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(dataKey);
        RANDOM.nextBytes(nonce);
        byte[] cipherText;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipherText = c.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every Java runtime", e);
        }
        byte[] wrapped = master.wrap(dataKey);
        Arrays.fill(dataKey, (byte) 0);
        String sha = write(cipherText);
        return jdbc.sql("""
                insert into files_sealed (blob_sha256, key_id, wrapped_key, nonce, size, content_type, created_at)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(sha, master.keyId(), wrapped, nonce, content.length, contentType, Timestamp.from(clock.instant()))
                .query(Long.class).single();
    }

    /** The plaintext of a sealed file; 404 when there is none under that id. */
    public byte[] open(long id) {
        record Row(String sha, String keyId, byte[] wrapped, byte[] nonce) {}
        Row row = jdbc.sql("select blob_sha256, key_id, wrapped_key, nonce from files_sealed where id = ?").param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4))).optional()
                .orElseThrow(() -> new DomainException.NotFound("file", id));
        byte[] dataKey = masterFor(row.keyId()).unwrap(row.keyId(), row.wrapped());
        try {
            byte[] cipherText = read(row.sha());
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, row.nonce()));
            return c.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            // The tag does not match: the ciphertext or its key was altered. Never hand out what we cannot vouch for.
            throw new IllegalStateException("sealed file " + id + " fails its integrity check", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Erases a sealed file for good: its wrapped key (so no copy of the ciphertext, in a backup say, can be read again)
     * and its ciphertext (the database's chunks now, the file on disk once the caller's transaction commits). A sealed
     * file is never shared (a fresh key and nonce each time), so nothing else refers to it. Unknown: nothing happens.
     */
    public void erase(long id) {
        String sha = jdbc.sql("delete from files_sealed where id = ? returning blob_sha256").param(id).query(String.class).optional().orElse(null);
        if (sha == null) return;
        if (jdbc.sql("select count(*) from files_sealed where blob_sha256 = ?").param(sha).query(Long.class).single() > 0) return;
        jdbc.sql("delete from files_chunk where sha256 = ?").param(sha).update();
        if (!database) {
            Path file = path(sha);
            FileStore.afterCommit(() -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The bytes as kept in the store (for tests and operators: they must never be the plaintext). */
    public byte[] cipherText(long id) {
        String sha = jdbc.sql("select blob_sha256 from files_sealed where id = ?").param(id).query(String.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("file", id));
        return read(sha);
    }

    private byte[] read(String sha) {
        if (database) return chunks.readAll(sha);
        try {
            return Files.readAllBytes(path(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MasterKey master() {
        MasterKey m = masterKeys.getIfAvailable();
        return m != null ? m : fileKey();
    }

    private MasterKey masterFor(String keyId) {
        return keyId.startsWith(FileMasterKey.PREFIX) ? fileKey() : master();
    }

    private MasterKey fileKey() {
        MasterKey f = fallback;
        if (f == null) {
            synchronized (this) {
                if (fallback == null) fallback = FileMasterKey.load(dataDir.resolve("keys"));
                f = fallback;
            }
        }
        return f;
    }

    private String write(byte[] bytes) {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (database) {
                chunks.put(sha, bytes); // Joins the caller's transaction, with the row.
                return sha;
            }
            Path target = path(sha);
            if (Files.exists(target)) return sha;
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "sealed-", ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path path(String sha) {
        if (!Blobs.SHA256.matcher(sha).matches()) throw new DomainException.NotFound("file", sha);
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }
}
