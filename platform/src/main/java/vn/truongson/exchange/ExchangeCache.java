package vn.truongson.exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the mediator caches between calls — live tokens, agreements, systems — and when it forgets. Everything cached
 * depends on {@code exchange_state.version}, which every change to systems, services, fields, credentials and
 * agreements moves at its commit (V1500's deferred triggers). The mediator reads the version once per call
 * ({@link #sync}, one primary-key read); if it moved, the caches are dropped before the call is decided, on every node
 * of the cluster alike. Hence a revoked credential or a suspended agreement fails at the next call anywhere. Each map is
 * bounded: past {@value #MAX_ENTRIES} entries it is cleared (a flood of made-up codes cannot grow it).
 */
@Component
class ExchangeCache {

    static final int MAX_ENTRIES = 10_000;

    private final JdbcClient jdbc;
    private volatile long version = Long.MIN_VALUE;
    private final Map<Object, Object> entries = new ConcurrentHashMap<>();

    ExchangeCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the version and drops everything cached under an older one. */
    void sync() {
        long now = jdbc.sql("select version from exchange_state where id = 1").query(Long.class).single();
        if (now != version) {
            // Clear before publishing the new version: a reader that sees it never finds an older entry.
            entries.clear();
            version = now;
        }
    }

    /** The value cached under {@code key}, computed if absent. The key's record type keeps kinds apart. */
    @SuppressWarnings("unchecked")
    <K, V> V get(K key, Function<K, V> load) {
        Object v = entries.get(key);
        if (v != null) return (V) v;
        long before = version;
        V loaded = load.apply(key);
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        // Not kept if the version moved while loading: the value may predate the change.
        if (before == version) entries.put(key, loaded);
        return loaded;
    }

    /** Like {@link #get}, but only what was found is kept (for keys a caller makes up, such as bearer tokens). */
    @SuppressWarnings("unchecked")
    <K, V> java.util.Optional<V> getIfFound(K key, Function<K, java.util.Optional<V>> load) {
        Object v = entries.get(key);
        if (v != null) return java.util.Optional.of((V) v);
        long before = version;
        java.util.Optional<V> loaded = load.apply(key);
        if (loaded.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) entries.clear();
            if (before == version) entries.put(key, loaded.get());
        }
        return loaded;
    }

    /** Forgets everything (this node; the other nodes see the version move). */
    void clear() {
        entries.clear();
    }
}
