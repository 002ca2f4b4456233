package vn.truongson.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.runtime.RuntimeProperties;

/**
 * At start, with the database store: copies into {@code files_chunk} every file that an installation of an earlier
 * version (or one run with {@code truongson.files.store=disk}) kept on disk under {@code <data-dir>/files} — stored
 * files ({@code ab/cd/<sha256>}, named in {@code files_object}) and sealed ciphertext ({@code sealed/ab/cd/<sha256>},
 * named in {@code files_sealed}). Each file in a transaction of its own, checked against its name; a file already in
 * the database is skipped, so running it again (or on two nodes at once) changes nothing. The files on disk are left
 * where they are: an operator removes them once satisfied (docs/operations.md).
 */
@Component
class DiskImport {

    private static final Logger log = LoggerFactory.getLogger(DiskImport.class);

    record Result(int imported, int present, int unreferenced, int damaged) {}

    private final Path root;
    private final boolean database;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Chunks chunks;

    DiskImport(RuntimeProperties runtime, FilesProperties props, JdbcClient jdbc, TransactionTemplate tx) {
        this.root = Path.of(runtime.dataDir()).toAbsolutePath().normalize().resolve("files");
        this.database = props.database();
        this.jdbc = jdbc;
        this.tx = tx;
        this.chunks = new Chunks(jdbc);
    }

    /** Before every other start-up step (the demo loaders among them). */
    @EventListener(ApplicationStartedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onStart() {
        if (!database || !Files.isDirectory(root)) return;
        Result r = run();
        if (r.imported() + r.damaged() + r.unreferenced() > 0) {
            log.info("Files: {} imported from {} into the database, {} there already, {} without a row (left on disk), {} damaged (left on disk)",
                    r.imported(), root, r.present(), r.unreferenced(), r.damaged());
        }
    }

    Result run() {
        int imported = 0, present = 0, unreferenced = 0, damaged = 0;
        for (Path file : candidates()) {
            String sha = file.getFileName().toString();
            boolean sealed = root.relativize(file).getName(0).toString().equals("sealed");
            boolean referenced = sealed
                    ? jdbc.sql("select exists (select 1 from files_sealed where blob_sha256 = ?)").param(sha).query(Boolean.class).single()
                    : jdbc.sql("select exists (select 1 from files_object where sha256 = ?)").param(sha).query(Boolean.class).single();
            if (!referenced) {
                unreferenced++;
                continue;
            }
            if (chunks.has(sha)) {
                present++;
                continue;
            }
            try {
                tx.executeWithoutResult(s -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        chunks.put(sha, in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                imported++;
            } catch (IllegalStateException | UncheckedIOException e) {
                log.warn("Files: {} not imported: {}", file, e.getMessage());
                damaged++;
            }
        }
        return new Result(imported, present, unreferenced, damaged);
    }

    /** {@code ab/cd/<sha256>} and {@code sealed/ab/cd/<sha256>}, each in the folders its name puts it in. */
    private List<Path> candidates() {
        try (Stream<Path> s = Files.walk(root, 4)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                if (!Blobs.SHA256.matcher(name).matches()) return false;
                Path rel = root.relativize(p);
                int n = rel.getNameCount();
                boolean sealed = n == 4 && rel.getName(0).toString().equals("sealed");
                if (n != 3 && !sealed) return false;
                return rel.getName(n - 3).toString().equals(name.substring(0, 2)) && rel.getName(n - 2).toString().equals(name.substring(2, 4));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
