package vn.truongson.access;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.truongson.audit.AuditTrail;

/**
 * The audit rows of sign-ins refused before any check (rate limit, busy), written by one thread, one connection at a
 * time, in the order they came: a flood of refusals is audited without taking the pool from everyone else (each row
 * takes the trail's chain lock). Each row keeps the zone and address of its request. Should the queue ever overflow
 * (10,000 rows waiting), the rows left out are counted and written as one row saying how many.
 */
@Component
class SignInAudit {

    private static final Logger log = LoggerFactory.getLogger(SignInAudit.class);
    static final int QUEUE = 10_000;

    private final AuditTrail audit;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    SignInAudit(AuditTrail audit) {
        this.audit = audit;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("signin-audit").daemon().factory());
    }

    /** Queues the row of a refused sign-in, with the current request's zone and address. */
    void refused(String username, String detail) {
        String zone = RequestOrigin.inRequest() ? RequestOrigin.currentZone().id() : "system";
        String ip = RequestOrigin.currentIp();
        try {
            writer.execute(() -> {
                try {
                    AccessAuditContext.runFrom(zone, ip, () -> audit.recordSeparately(username, "signin", "account:" + username, AuditTrail.DENIED, detail));
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        audit.recordSeparately("system", "signin", "account:*", AuditTrail.DENIED,
                                lost + " refused sign-ins not audited one by one: the audit queue was full");
                    }
                } catch (RuntimeException e) {
                    // The database is down or overloaded: say so in the log, with what was lost.
                    log.warn("Could not audit a refused sign-in of {} ({}): {}", username, detail, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Waits until every row queued so far is written (for the tests). */
    void flush() {
        try {
            writer.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
