package vn.truongson.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import vn.truongson.runtime.DatabaseSignals;

/**
 * A few seconds' memory of who a bearer token is and what an official holds, so that a request costs no statement
 * before its own work (issue 20: the token, the profile and the grants were three pool checkouts on every request).
 *
 * <p>Exact across nodes: triggers on the tables the answers come from (V1900: tokens deleted, accounts, grants,
 * officials, units) notify {@value #CHANNEL} at commit; every node's {@link DatabaseSignals} hears it and this cache
 * forgets everything. An answer loaded while a change was being heard is not kept (a generation, taken before the
 * load, must still hold when it is stored). While the signals' connection is down nothing is cached. The time to
 * live ({@code truongson.access.actor-cache-ttl}, default 5 s; 0 turns the cache off) bounds what a lost
 * notification could cost. Unknown tokens are never cached, so guessing fills nothing.
 */
@Component
class ActorCache {

    static final String CHANNEL = "truongson_access";
    private static final int MAX_ENTRIES = 20_000;

    record Principal(AccountPrincipal principal, Instant expiresAt) {}

    /** The official's profile (org's) and his account's grants and second factor; {@code account} null without an account. */
    record Person(OfficialDirectory.Profile profile, Grants.OfAccount account) {}

    private record Entry<V>(V value, long generation, long loadedAt) {}

    private volatile long ttlNanos;
    private final DatabaseSignals signals;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Entry<Principal>> tokens = new ConcurrentHashMap<>();
    private final Map<Long, Entry<Person>> people = new ConcurrentHashMap<>();

    ActorCache(AccessProperties props, DatabaseSignals signals) {
        this.ttlNanos = props.actorCacheTtl().toNanos();
        this.signals = signals;
        signals.listen(CHANNEL, this::forgetAll);
    }

    Optional<Principal> token(String tokenHash, Supplier<Optional<Principal>> load) {
        Optional<Principal> hit = get(tokens, tokenHash).filter(p -> p.expiresAt().isAfter(Instant.now()));
        return hit.isPresent() ? hit : put(tokens, tokenHash, load);
    }

    Optional<Person> person(long officialId, Supplier<Optional<Person>> load) {
        Optional<Person> hit = get(people, officialId);
        return hit.isPresent() ? hit : put(people, officialId, load);
    }

    void forgetAll() {
        generation.incrementAndGet();
        tokens.clear();
        people.clear();
    }

    /** For tests that turn the cache on in the shared test platform (it runs with it off: see PlatformTest). */
    void ttl(Duration ttl) {
        forgetAll();
        this.ttlNanos = ttl.toNanos();
    }

    boolean enabled() {
        return ttlNanos > 0 && signals.live();
    }

    private <K, V> Optional<V> get(Map<K, Entry<V>> map, K key) {
        if (!enabled()) return Optional.empty();
        Entry<V> e = map.get(key);
        if (e == null || e.generation() != generation.get() || System.nanoTime() - e.loadedAt() > ttlNanos) return Optional.empty();
        return Optional.of(e.value());
    }

    private <K, V> Optional<V> put(Map<K, Entry<V>> map, K key, Supplier<Optional<V>> load) {
        long before = generation.get();
        Optional<V> loaded = load.get();
        if (loaded.isPresent() && enabled() && generation.get() == before) {
            if (map.size() >= MAX_ENTRIES) map.clear();
            map.put(key, new Entry<>(loaded.get(), before, System.nanoTime()));
        }
        return loaded;
    }

    static Duration defaultTtl() {
        return Duration.ofSeconds(5);
    }
}
