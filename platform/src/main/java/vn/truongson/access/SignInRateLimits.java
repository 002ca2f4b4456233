package vn.truongson.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The cheap, in-memory gates in front of a password check, per node: token buckets (Bucket4j) per source address
 * and per username, and a bound on password checks run at once (Argon2id costs 16 MiB and tens of milliseconds of a
 * core each; unbounded, a flood takes the CPU and the memory). The durable guess counting is {@link SignInThrottle}.
 */
@Component
public class SignInRateLimits {

    /** Which limit refused, and when to try again. */
    public record Refusal(String limit, Duration retryAfter) {}

    private final SignInProperties props;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets;
    private final Semaphore hashing;

    @org.springframework.beans.factory.annotation.Autowired
    SignInRateLimits(SignInProperties props) {
        this(props, TimeMeter.SYSTEM_NANOTIME);
    }

    SignInRateLimits(SignInProperties props, TimeMeter time) {
        this.props = props;
        this.time = time;
        int max = props.trackedKeys();
        this.buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > max;
            }
        });
        this.hashing = new Semaphore(props.hashingConcurrency(), true);
    }

    /** Takes one attempt from the source's bucket and then the username's; empty when both had one. */
    public Optional<Refusal> tryAttempt(String source, String username) {
        var bySource = take("source:" + source, props.perSourcePerMinute());
        if (bySource.isPresent()) return Optional.of(new Refusal("source", bySource.get()));
        var byName = take("username:" + username, props.perUsernamePerMinute());
        return byName.map(d -> new Refusal("username", d));
    }

    private Optional<Duration> take(String key, int perMinute) {
        Bucket b = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe p = b.tryConsumeAndReturnRemaining(1);
        if (p.isConsumed()) return Optional.empty();
        return Optional.of(Duration.ofNanos(p.getNanosToWaitForRefill()));
    }

    /**
     * Runs a password check when one of the bounded slots frees within the configured wait; empty when none did
     * (the caller answers 503 with Retry-After).
     */
    public <T> Optional<T> hashing(Supplier<T> check) {
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(props.hashingWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!acquired) return Optional.empty();
        try {
            return Optional.ofNullable(check.get());
        } finally {
            hashing.release();
        }
    }

    /** Password checks running now (for the tests and the metrics). */
    int hashingInUse() {
        return props.hashingConcurrency() - hashing.availablePermits();
    }

    /** Forgets every bucket: for the tests that flood from the one test address. */
    void reset() {
        buckets.clear();
    }
}
