package vn.truongson.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.core.DomainException;
import vn.truongson.runtime.RuntimeProperties;

/**
 * The content-addressed file store, with a row per file in {@code files_object}. The bytes live in PostgreSQL
 * ({@code files_chunk}, the default: every node of a cluster reaches them) or on disk under
 * {@code <truongson.data-dir>/files} ({@code truongson.files.store=disk}). It knows nothing of who may read a file:
 * the module that keeps a reference to it asks the access policy before it opens one.
 */
@Service
public class FileStore {

    private final Blobs blobs;
    private final Chunks chunks;
    private final boolean database;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;

    FileStore(RuntimeProperties runtime, FilesProperties props, JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
        this.blobs = new Blobs(Path.of(runtime.dataDir()).resolve("files"));
        this.chunks = new Chunks(jdbc);
        this.database = props.database();
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Keeps the stream's content, at most {@code maxBytes}, if it is a PDF, PNG, JPEG, TIFF, Word (.docx), Excel
     * (.xlsx) or UTF-8 text file. Storing the same content twice keeps it once. The content passes through a
     * temporary file (to be hashed and checked) and is never held in memory whole. The row (and, in the database,
     * the bytes) join the caller's transaction; should that roll back, nothing of it stays in the database (on disk
     * the file stays without a row and is simply stored again next time).
     *
     * @param declaredName the uploader's name for it, only to name it in a refusal
     * @throws DomainException.BadInput on field {@code file}: empty, too large or not an accepted type
     */
    public StoredFile store(InputStream in, String declaredName, long maxBytes) {
        Blobs.Written w;
        if (database) {
            try (Blobs.Spooled s = blobs.spool(in, declaredName, maxBytes)) {
                w = s.written();
                tx.executeWithoutResult(status -> {
                    if (find(w.sha256()).isEmpty()) {
                        try (InputStream content = Files.newInputStream(s.file())) {
                            chunks.put(w.sha256(), content);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    insertRow(w);
                });
            }
        } else {
            w = blobs.write(in, declaredName, maxBytes);
            insertRow(w);
        }
        return find(w.sha256()).orElseThrow();
    }

    private void insertRow(Blobs.Written w) {
        jdbc.sql("insert into files_object (sha256, size, content_type, created_at) values (?, ?, ?, ?) on conflict (sha256) do nothing")
                .params(w.sha256(), w.size(), w.contentType(), Timestamp.from(clock.instant())).update();
    }

    public Optional<StoredFile> find(String sha256) {
        if (!Blobs.SHA256.matcher(sha256).matches()) return Optional.empty();
        return jdbc.sql("select sha256, size, content_type, created_at from files_object where sha256 = ?").param(sha256)
                .query((rs, n) -> new StoredFile(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /**
     * The content, read as the caller reads (a chunk at a time from the database); the caller closes it. 404 when
     * nothing is stored under that name.
     */
    public InputStream open(String sha256) {
        return database ? chunks.open(sha256) : blobs.open(sha256);
    }
}
