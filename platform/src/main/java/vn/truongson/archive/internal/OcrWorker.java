package vn.truongson.archive.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.core.VietnameseText;
import org.jspecify.annotations.Nullable;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;

/**
 * Runs queued scans through OCR on a bounded pool of this node ({@code truongson.archive.concurrency}, 1 by default),
 * never on a request thread. An item is claimed by one conditional UPDATE ({@code for update skip locked}), so each
 * runs once however many nodes and threads look; while it runs its row's heartbeat is touched, and an item whose node
 * stopped touching it (killed, crashed) is claimed again by the next worker that looks, up to {@code max-attempts}
 * times. A sweep on the cluster scheduler fails the items interrupted too often and wakes the workers.
 */
@Component
public class OcrWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OcrWorker.class);
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final FileStore files;
    private final TransactionTemplate tx;
    private final ArchiveProperties props;
    private final Ocr ocr;
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService heartbeats;
    private final java.util.Set<Long> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean active;

    private final SealedFiles sealed;

    OcrWorker(JdbcClient jdbc, FileStore files, SealedFiles sealed, TransactionTemplate tx, ArchiveProperties props) {
        this.jdbc = jdbc;
        this.files = files;
        this.sealed = sealed;
        this.tx = tx;
        this.props = props;
        this.ocr = new Ocr(props);
    }

    /** Tells this node's workers that something was queued (after the upload's commit). */
    public void wake() {
        if (wake.availablePermits() < props.concurrency()) wake.release();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        wake();
    }

    @Override
    public synchronized void start() {
        if (active) return;
        active = true;
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < Math.max(1, props.concurrency()); i++) {
            Thread t = new Thread(this::loop, "archive-ocr-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long beat = props.heartbeat().toMillis();
        // A new executor at each start: a stopped context (Spring's test contexts are paused between uses) starts again.
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archive-ocr-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        active = false;
        threads.forEach(Thread::interrupt); // a running ocrmypdf is killed; its item is claimed again later
        threads.clear();
        if (heartbeats != null) heartbeats.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    private void loop() {
        while (active) {
            try {
                Optional<Claim> c = claim();
                if (c.isPresent()) {
                    process(c.get());
                } else {
                    wake.tryAcquire(props.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!active) return;
                log.warn("Archive OCR worker: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    record Claim(long id, String sourceSha256, String sourceType, String fileName, int attempt, @Nullable Long sourceSealedId) {}

    /** One queued item, or one whose node went silent, for this node: one statement, so one claimant only. */
    Optional<Claim> claim() {
        return jdbc.sql("""
                update archive_item set status = 'RUNNING', node = ?, started_at = now(), heartbeat_at = now(), attempts = attempts + 1, error = null
                where id = (select id from archive_item
                            where status = 'QUEUED'
                               or (status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?) and attempts < ?)
                            order by id limit 1 for update skip locked)
                returning id, source_sha256, source_type, file_name, attempts, source_sealed_id""")
                .params(NODE, props.staleAfter().toSeconds(), props.maxAttempts())
                .query((rs, n) -> new Claim(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        (Long) rs.getObject(6))).optional();
    }

    private void beat() {
        try {
            for (long id : running) {
                jdbc.sql("update archive_item set heartbeat_at = now() where id = ? and status = 'RUNNING' and node = ?").params(id, NODE).update();
            }
        } catch (RuntimeException e) {
            log.warn("Archive OCR heartbeat: {}", e.toString());
        }
    }

    void process(Claim c) throws InterruptedException {
        running.add(c.id());
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("archive-ocr-");
            Path input = dir.resolve("input" + extension(c.sourceType()));
            if (c.sourceSealedId() != null) {
                Files.write(input, sealed.open(c.sourceSealedId())); // a classified scan: plaintext only in the private temporary directory
            } else {
                try (InputStream in = files.open(c.sourceSha256())) {
                    Files.copy(in, input, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Ocr.Result r = ocr.run(input, c.sourceType(), dir);
            Proposer.Proposal p = Proposer.propose(r.pages());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Path pdf = r.pdf();
            boolean done = Boolean.TRUE.equals(tx.execute(status -> {
                String ocrSha = null;
                Long ocrSealed = null;
                try {
                    if (c.sourceSealedId() != null) {
                        ocrSealed = sealed.seal(Files.readAllBytes(pdf), "application/pdf");
                    } else {
                        try (InputStream in = Files.newInputStream(pdf)) {
                            ocrSha = files.store(in, "ocr-" + c.id() + ".pdf", Math.max(props.maxUploadSize().toBytes() * 4, 200L << 20)).sha256();
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                int updated = jdbc.sql("""
                        update archive_item set status = 'DONE', pages = ?, ocr_sha256 = ?, ocr_sealed_id = ?, ocr_millis = ?, proposed = ?, confidence = ?,
                               finished_at = now(), heartbeat_at = now()
                        where id = ? and status = 'RUNNING' and node = ? and attempts = ?""")
                        .params(r.pages().size(), ocrSha, ocrSealed, millis, JSON.writeValueAsString(p.fields().asMap()),
                                JSON.writeValueAsString(p.confidence()), c.id(), NODE, c.attempt()).update();
                if (updated == 0) {
                    status.setRollbackOnly(); // taken over meanwhile: the other run's result stands
                    return false;
                }
                jdbc.sql("delete from archive_page where item_id = ?").param(c.id()).update();
                for (int i = 0; i < r.pages().size(); i++) {
                    String text = clean(r.pages().get(i));
                    jdbc.sql("insert into archive_page (item_id, page_no, text, folded) values (?, ?, ?, ?)")
                            .params(c.id(), i + 1, text, VietnameseText.fold(text)).update();
                }
                return true;
            }));
            log.info("Archive item {} ({}): OCR {} in {} ms, {} pages", c.id(), c.fileName(), done ? "done" : "superseded", millis, r.pages().size());
        } catch (Ocr.Failed e) {
            fail(c, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!active) throw new InterruptedException("stopping");
            log.error("Archive item {} failed", c.id(), e);
            fail(c, "Lỗi hệ thống khi nhận dạng chữ: " + e.getClass().getSimpleName());
        } finally {
            running.remove(c.id());
            if (dir != null) delete(dir);
        }
    }

    private void fail(Claim c, String reason) {
        jdbc.sql("update archive_item set status = 'FAILED', error = ?, finished_at = now() where id = ? and status = 'RUNNING' and node = ? and attempts = ?")
                .params(reason, c.id(), NODE, c.attempt()).update();
        log.info("Archive item {} ({}) failed: {}", c.id(), c.fileName(), reason);
    }

    /** Items interrupted {@code max-attempts} times are failed with that reason; then the workers look again. */
    void sweep() {
        int failed = jdbc.sql("""
                update archive_item set status = 'FAILED', finished_at = now(),
                       error = 'Quá trình nhận dạng bị gián đoạn ' || attempts || ' lần (máy chủ dừng hoặc quá tải); đã dừng thử lại.'
                where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?) and attempts >= ?""")
                .params(props.staleAfter().toSeconds(), props.maxAttempts()).update();
        if (failed > 0) log.info("Archive sweep: {} item(s) failed after {} interrupted attempts", failed, props.maxAttempts());
        wake();
    }

    /** Text as kept: NFC, without NUL or other controls than line breaks (pdftotext's output is otherwise as OCR read it). */
    static String clean(String page) {
        return Proposer.repair(VietnameseText.nfc(page)).replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]", " ");
    }

    private static String extension(String type) {
        return switch (type) {
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/tiff" -> ".tif";
            default -> ".bin";
        };
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ArchiveProperties.class)
    static class Schedule {
        @Bean
        RecurringTask<Void> archiveOcrSweep(OcrWorker worker) {
            return Tasks.recurring("archive-ocr-sweep", Schedules.fixedDelay(java.time.Duration.ofMinutes(1))).execute((instance, context) -> worker.sweep());
        }
    }
}
