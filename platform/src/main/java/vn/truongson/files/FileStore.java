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
                    lock(w.sha256());
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
            try (Blobs.Spooled s = blobs.spool(in, declaredName, maxBytes)) {
                w = s.written();
                lock(w.sha256()); // not erased meanwhile (see erase)
                blobs.place(s);
                insertRow(w);
            }
        }
        return find(w.sha256()).orElseThrow();
    }

    /**
     * Erases a stored content for good — its row, its chunks in the database and its file on disk (after the caller's
     * transaction commits) — unless something else still refers to it: the store is content-addressed, so two owners
     * may share one content. The caller answers for its own tables (those whose names start with {@code ownTables},
     * such as {@code "archive_"}) through {@code stillReferenced}, asked under the lock; every other table of the schema with a text column named {@code …sha256} is looked at
     * here, so a document, evidence or dossier file holding the same bytes keeps them. The check and the erasure hold a
     * lock on the content that {@link #store} takes too, so an upload of the same bytes meanwhile either comes first
     * (and the content is kept for it) or after (and stores it again).
     *
     * @return whether the content was erased (false: unknown, or still referred to elsewhere)
     */
    public boolean erase(String sha256, String ownTables, java.util.function.Predicate<String> stillReferenced) {
        if (!Blobs.SHA256.matcher(sha256).matches() || !ownTables.matches("[a-z]+_")) throw new IllegalArgumentException(ownTables);
        return Boolean.TRUE.equals(tx.execute(status -> {
            lock(sha256);
            if (find(sha256).isEmpty()) return false;
            if (stillReferenced.test(sha256) || referencedOutside(sha256, ownTables)) return false;
            jdbc.sql("delete from files_chunk where sha256 = ?").param(sha256).update();
            jdbc.sql("delete from files_object where sha256 = ?").param(sha256).update();
            Path file = blobs.path(sha256);
            afterCommit(() -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return true;
        }));
    }

    /** Whether a text column named {@code …sha256} of any table but the store's own and the caller's holds the content. */
    private boolean referencedOutside(String sha256, String ownTables) {
        var columns = jdbc.sql("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
                where c.table_schema = current_schema() and c.data_type = 'text' and c.column_name like '%sha256'
                  and c.table_name not like 'files\\_%' and c.table_name not like ?""")
                .param(ownTables.replace("_", "\\_") + "%").query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        for (String[] c : columns) {
            String sql = "select exists (select 1 from \"" + c[0].replace("\"", "") + "\" where \"" + c[1].replace("\"", "") + "\" = ?)";
            if (Boolean.TRUE.equals(jdbc.sql(sql).param(sha256).query(Boolean.class).single())) return true;
        }
        return false;
    }

    /** A lock on one content for the rest of the transaction: storing and erasing the same bytes take turns. */
    private void lock(String sha256) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('files:' || ?, 0))").param(sha256).query((rs, n) -> 1).list();
    }

    static void afterCommit(Runnable r) {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            r.run();
                        }
                    });
        } else {
            r.run();
        }
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
