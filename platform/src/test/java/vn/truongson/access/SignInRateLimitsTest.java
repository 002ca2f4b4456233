package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 10, finding 2: the in-memory gates in front of a password check, on a clock the test moves. */
class SignInRateLimitsTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final TimeMeter clock = new TimeMeter() {
        @Override public long currentTimeNanos() { return nanos.get(); }
        @Override public boolean isWallClockBased() { return false; }
    };

    SignInRateLimits limits(int perSource, int perUsername, int hashing, Duration wait, int tracked) {
        return new SignInRateLimits(new SignInProperties(perSource, perUsername, hashing, wait, null, tracked), clock);
    }

    @Test
    void a_source_gets_its_bucket_per_minute_then_429_with_the_wait_until_the_next_token() {
        var l = limits(6, 100, 1, Duration.ZERO, 1000);
        for (int i = 0; i < 6; i++) assertThat(l.tryAttempt("203.0.113.5", "name" + i)).isEmpty();
        var refused = l.tryAttempt("203.0.113.5", "another");
        assertThat(refused).isPresent();
        assertThat(refused.get().limit()).isEqualTo("source");
        assertThat(refused.get().retryAfter()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThat(l.tryAttempt("198.51.100.1", "another")).as("another source").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(l.tryAttempt("203.0.113.5", "another")).as("one token back after 10 s").isEmpty();
        assertThat(l.tryAttempt("203.0.113.5", "another")).isPresent();
    }

    @Test
    void a_username_gets_its_bucket_whatever_the_sources() {
        var l = limits(100, 3, 1, Duration.ZERO, 1000);
        for (int i = 0; i < 3; i++) assertThat(l.tryAttempt("10.0.0." + i, "cb.an")).isEmpty();
        var refused = l.tryAttempt("10.0.0.99", "cb.an");
        assertThat(refused).isPresent();
        assertThat(refused.get().limit()).isEqualTo("username");
        assertThat(l.tryAttempt("10.0.0.99", "cb.binh")).isEmpty();
    }

    @Test
    void a_flood_of_made_up_names_cannot_grow_the_memory_past_the_tracked_keys() {
        var l = limits(1_000_000, 1, 1, Duration.ZERO, 50);
        for (int i = 0; i < 10_000; i++) l.tryAttempt("203.0.113.5", "made-up-" + i);
        // The map forgot the oldest names: the first one has a fresh bucket again, the newest does not.
        assertThat(l.tryAttempt("203.0.113.5", "made-up-0")).isEmpty();
        assertThat(l.tryAttempt("203.0.113.5", "made-up-9999")).isPresent();
    }

    @Test
    void password_checks_run_at_most_n_at_once_and_a_late_one_is_refused_after_the_wait() throws Exception {
        var l = limits(100, 100, 1, Duration.ofMillis(100), 1000);
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> l.hashing(() -> {
            inside.countDown();
            try { release.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return true;
        }));
        inside.await();
        assertThat(l.hashingInUse()).isEqualTo(1);
        long t0 = System.nanoTime();
        assertThat(l.hashing(() -> true)).as("no slot within the wait").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(90), Duration.ofSeconds(2));
        release.countDown();
        holder.join();
        assertThat(l.hashing(() -> 42)).contains(42);
        assertThat(l.hashingInUse()).isZero();
    }
}
