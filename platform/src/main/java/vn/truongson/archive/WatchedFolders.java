package vn.truongson.archive;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.archive.internal.ArchiveProperties;
import vn.truongson.archive.internal.OcrWorker;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Vietnam;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;
import vn.truongson.secops.MalwareScanner;

/**
 * Watched folders (thư mục theo dõi, issue 16): a directory per unit ({@code truongson.archive.watch.folders.<unit code>})
 * into which a scanner drops PDF, TIFF, JPEG or PNG files. Every node looks every {@code watch.every}; a file unchanged
 * for {@code watch.settle} is taken in one transaction: a row of {@code archive_watch_file} keyed by the folder, the
 * file's name, size and time (the claim: a second node's insert waits on the first's and then finds it taken), the
 * malware scan (secops, as every upload), the file store, and a QUEUED item in the unit's batch of the day ("Thư mục
 * quét dd/MM/yyyy"). The file is deleted after the commit; should the node die before, the row says it was taken and
 * the next look deletes it without importing it again; should it die before the commit, nothing is kept and the file is
 * taken again. A refused file (malware, not a scan, empty, too large) is moved to {@code .refused/} beside a note of
 * the reason, and its row says so. Symbolic links and subdirectories are never followed.
 */
@Component
public class WatchedFolders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WatchedFolders.class);
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();
    static final Set<String> EXTENSIONS = Set.of("pdf", "tif", "tiff", "jpg", "jpeg", "png");
    /** At most this many files per folder and look, so one look stays short. */
    static final int PER_LOOK = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** What one look did with one folder. */
    public record Look(int imported, int refused, int skipped) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FileStore files;
    private final MalwareScanner scanner;
    private final OcrWorker worker;
    private final AuditTrail audit;
    private final ArchiveProperties props;
    private final Clock clock;
    private final org.springframework.context.MessageSource messages;
    private final vn.truongson.org.Units units;
    private volatile @Nullable ScheduledExecutorService timer;

    WatchedFolders(JdbcClient jdbc, TransactionTemplate tx, FileStore files, MalwareScanner scanner, OcrWorker worker, AuditTrail audit,
            ArchiveProperties props, Clock clock, org.springframework.context.MessageSource messages, vn.truongson.org.Units units) {
        this.messages = messages;
        this.units = units;
        this.jdbc = jdbc;
        this.tx = tx;
        this.files = files;
        this.scanner = scanner;
        this.worker = worker;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (timer != null || props.watch().foldersOrNone().isEmpty()) return;
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "archive-watch");
            th.setDaemon(true);
            return th;
        });
        long every = Math.max(1000, props.watch().every().toMillis());
        t.scheduleWithFixedDelay(this::lookAll, every, every, TimeUnit.MILLISECONDS);
        timer = t;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService t = timer;
        if (t != null) t.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    private void lookAll() {
        for (var e : props.watch().foldersOrNone().entrySet()) {
            try {
                look(e.getKey(), Path.of(e.getValue()));
            } catch (RuntimeException ex) {
                log.warn("Watched folder {} of {}: {}", e.getValue(), e.getKey(), ex.toString());
            }
        }
    }

    /** One look into the folder of the unit with that code: each settled file taken once. */
    public Look look(String unitCode, Path folder) {
        Long unitId = units.idOfConfiguredCode(unitCode).orElse(null);
        if (unitId == null) throw new IllegalStateException("truongson.archive.watch.folders: no unit with code " + unitCode);
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return new Look(0, 0, 0);
        var found = new ArrayList<Path>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                found.add(p);
                if (found.size() >= PER_LOOK) break;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        found.sort(null);
        int imported = 0, refused = 0, skipped = 0;
        for (Path p : found) {
            Outcome o;
            try {
                o = take(unitId, dir, p);
            } catch (RuntimeException e) {
                // One file never stops the folder: logged, and looked at again next time.
                log.warn("Watched folder {}: file {} left for a later look: {}", dir, safe(p.getFileName().toString()), e.toString());
                o = Outcome.SKIPPED;
            }
            switch (o) {
                case IMPORTED -> imported++;
                case REFUSED -> refused++;
                default -> skipped++;
            }
        }
        if (imported > 0) worker.wake();
        return new Look(imported, refused, skipped);
    }

    enum Outcome { IMPORTED, REFUSED, SKIPPED }

    private Outcome take(long unitId, Path dir, Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Outcome.SKIPPED; // gone meanwhile (taken by another node)
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (clock.millis() - modified < props.watch().settle().toMillis()) return Outcome.SKIPPED; // the scanner may still be writing
        String folder = dir.toString();
        // The name as the directory gives it, and as it is kept: a name with a control character or bytes that are not
        // UTF-8 (which the JVM reads as U+FFFD) is refused below, and kept and set aside under an escaped form.
        String raw = safe(file.getFileName().toString());
        String name = Archive.fileName(raw);
        long size = attrs.size();
        String refusal;
        try {
            Long item = tx.execute(s -> {
                Long claim = jdbc.sql("""
                        insert into archive_watch_file (unit_id, folder, file_name, size, modified_ms, status, node)
                        values (?, ?, ?, ?, ?, 'IMPORTED', ?) on conflict (folder, file_name, size, modified_ms) do nothing returning id""")
                        .params(unitId, folder, raw, size, modified, NODE).query(Long.class).optional().orElse(null);
                if (claim == null) return -1L; // taken already, by this node before a restart or by another
                if (!raw.equals(file.getFileName().toString())) throw new DomainException.BadInput("file", "archive.watch.bad-name", name);
                String ext = raw.contains(".") ? raw.substring(raw.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
                if (!EXTENSIONS.contains(ext)) throw new DomainException.BadInput("file", "archive.file.type", name);
                if (size > props.maxUploadSize().toBytes()) {
                    throw new DomainException.BadInput("file", "problem.file.too-large", name, Long.toString(props.maxUploadSize().toMegabytes()));
                }
                StoredFile f;
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    scanner.requireClean(name, in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    f = files.store(in, name, props.maxUploadSize().toBytes());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (!Archive.SCAN_TYPES.contains(f.contentType())) throw new DomainException.BadInput("file", "archive.file.type", name);
                long batch = batchOfTheDay(unitId);
                long id = jdbc.sql("""
                        insert into archive_item (batch_id, unit_id, secrecy_rank, file_name, source_sha256, source_type, source_size, status, created_by)
                        select id, unit_id, secrecy_rank, ?, ?, ?, ?, 'QUEUED', ? from archive_batch where id = ? returning id""")
                        .params(name, f.sha256(), f.contentType(), f.size(), props.watch().account(), batch).query(Long.class).single();
                jdbc.sql("update archive_watch_file set item_id = ? where id = ?").params(id, claim).update();
                audit.record("archive.scan.watch", "archive-item:" + id, AuditTrail.SUCCESS, "batch " + batch + ": " + name + " from " + folder + " ("
                        + f.contentType() + ", " + f.size() + " bytes, sha256 " + f.sha256() + ")");
                return id;
            });
            if (item != null && item > 0) {
                delete(file);
                return Outcome.IMPORTED;
            }
            // Taken already (by another node, or by this one before a restart): finish what the taker may not have.
            record Taken(String status, @Nullable String reason) {}
            Taken t = jdbc.sql("select status, reason from archive_watch_file where folder = ? and file_name = ? and size = ? and modified_ms = ?")
                    .params(folder, raw, size, modified).query((rs, n) -> new Taken(rs.getString(1), rs.getString(2))).optional().orElse(null);
            if (t != null && t.status().equals("IMPORTED")) delete(file);
            else if (t != null) setAside(dir, file, raw, String.valueOf(t.reason()));
            return Outcome.SKIPPED;
        } catch (vn.truongson.secops.ScannerUnavailable e) {
            return Outcome.SKIPPED; // fail closed, and try again on a later look
        } catch (DomainException e) {
            refusal = reason(e);
        } catch (java.io.UncheckedIOException e) {
            return Outcome.SKIPPED; // unreadable now (gone, or still locked): looked at again next time
        }
        // Refused: nothing of the import was kept; the refusal itself is recorded once, and the file set aside.
        String reason = refusal;
        Boolean first = tx.execute(s -> jdbc.sql("""
                insert into archive_watch_file (unit_id, folder, file_name, size, modified_ms, status, reason, node)
                values (?, ?, ?, ?, ?, 'REFUSED', ?, ?) on conflict (folder, file_name, size, modified_ms) do nothing returning id""")
                .params(unitId, folder, raw, size, modified, reason, NODE).query(Long.class).optional().isPresent());
        if (Boolean.TRUE.equals(first)) {
            audit.recordSeparately("archive.scan.watch", "archive-watch:" + folder, AuditTrail.FAILURE, name + ": " + reason);
            setAside(dir, file, raw, reason);
            return Outcome.REFUSED;
        }
        return Outcome.SKIPPED;
    }

    /**
     * The file's name as kept and as set aside: itself when it is valid text without control characters; else each
     * control character, NUL, lone surrogate and U+FFFD (a byte that is not UTF-8) written as {@code \\uXXXX}.
     */
    static String safe(String raw) {
        var b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1));
            if (paired) {
                b.append(c).append(raw.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFD' || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A refused file moved to {@code .refused/} with a note of the reason, by whichever look gets to it first. */
    private static void setAside(Path dir, Path file, String raw, String reason) {
        try {
            Path refused = Files.createDirectories(dir.resolve(".refused"));
            try {
                Files.move(file, refused.resolve(raw), StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.NoSuchFileException e) {
                return; // set aside by another look meanwhile
            }
            Files.writeString(refused.resolve(raw + ".txt"), reason + "\n");
        } catch (IOException e) {
            log.warn("Watched folder {}: could not set {} aside: {}", dir, raw, e.toString());
        }
    }

    /** The refusal in Vietnamese, as the upload screen would say it. */
    private String reason(DomainException e) {
        Locale vi = Locale.forLanguageTag("vi");
        if (e instanceof DomainException.BadInput b && !b.errors().isEmpty()) {
            var fe = b.errors().getFirst();
            return messages.getMessage(fe.messageKey(), fe.args(), fe.messageKey(), vi);
        }
        return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), vi);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Watched folder: could not delete the imported {}: {} (it will not be imported again)", file, e.toString());
        }
    }

    /** The unit's batch of today for what the folder brings, made by the first node that needs it. */
    private long batchOfTheDay(long unitId) {
        LocalDate today = LocalDate.now(clock.withZone(Vietnam.ZONE));
        String title = "Thư mục quét " + DAY.format(today);
        String by = props.watch().account();
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('archive-watch:' || ?, 0))").param(unitId).query((rs, n) -> 1).list();
        return jdbc.sql("select id from archive_batch where unit_id = ? and title = ? and created_by = ? and secrecy_rank = 0 order by id limit 1")
                .params(unitId, title, by).query(Long.class).optional()
                .orElseGet(() -> {
                    long id = jdbc.sql("insert into archive_batch (unit_id, year, title, fonds, created_by) values (?, ?, ?, null, ?) returning id")
                            .params(unitId, today.getYear(), title, by).query(Long.class).single();
                    audit.record("archive.batch.create", "archive-batch:" + id, AuditTrail.SUCCESS, "unit " + unitId + ", watched folder: " + title);
                    return id;
                });
    }

}
