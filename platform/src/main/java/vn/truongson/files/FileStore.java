package vn.truongson.files;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.core.DomainException;
import vn.truongson.runtime.RuntimeProperties;

/**
 * The content-addressed file store under {@code <truongson.data-dir>/files}, with a row per file in
 * {@code files_object}. It knows nothing of who may read a file: the module that keeps a reference to it
 * asks the access policy before it opens one.
 */
@Service
public class FileStore {

    private final Blobs blobs;
    private final JdbcClient jdbc;
    private final Clock clock;

    FileStore(RuntimeProperties runtime, JdbcClient jdbc, Clock clock) {
        this.blobs = new Blobs(Path.of(runtime.dataDir()).resolve("files"));
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Keeps the stream's content, at most {@code maxBytes}, if it is a PDF, PNG, JPEG, Word (.docx), Excel
     * (.xlsx) or UTF-8 text file. Storing the same content twice keeps it once. The row joins the caller's
     * transaction; should that roll back, the file stays on disk without a row and is simply stored again
     * next time.
     *
     * @param declaredName the uploader's name for it, only to name it in a refusal
     * @throws DomainException.BadInput on field {@code file}: empty, too large or not an accepted type
     */
    public StoredFile store(InputStream in, String declaredName, long maxBytes) {
        Blobs.Written w = blobs.write(in, declaredName, maxBytes);
        jdbc.sql("insert into files_object (sha256, size, content_type, created_at) values (?, ?, ?, ?) on conflict (sha256) do nothing")
                .params(w.sha256(), w.size(), w.contentType(), Timestamp.from(clock.instant())).update();
        return find(w.sha256()).orElseThrow();
    }

    public Optional<StoredFile> find(String sha256) {
        if (!Blobs.SHA256.matcher(sha256).matches()) return Optional.empty();
        return jdbc.sql("select sha256, size, content_type, created_at from files_object where sha256 = ?").param(sha256)
                .query((rs, n) -> new StoredFile(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** The content; the caller closes it. 404 when nothing is stored under that name. */
    public InputStream open(String sha256) {
        return blobs.open(sha256);
    }
}
