package vn.truongson.programme;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Compilations kept in this node's memory, least recently used first out. The key holds the plan's data version
 * (V106: moved in the same transaction as any change the compilation reads), so an entry is never served after a
 * change committed on any node: a reader that sees version n gets a compilation of at least version n's data. The
 * unit tree is another module's: a unit moved takes effect within {@link ProgrammeProperties#compilationCacheTtl()}.
 */
@Component
class CompilationCache {

    /** What a compilation depends on besides the clock-free data: the scope's path and the reader's level are part of it. */
    record Key(long planId, Period period, @Nullable String scopePath, int level, long dataVersion) {}

    private record Kept(Compilations.Compiled value, Instant at) {}

    private final int capacity;
    private final java.time.Duration ttl;
    private final Clock clock;
    private final Map<Key, Kept> entries;
    private long hits;
    private long misses;

    CompilationCache(ProgrammeProperties props, Clock clock) {
        this.capacity = props.compilationCacheEntries();
        this.ttl = props.compilationCacheTtl();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The kept compilation for the key, or a fresh one kept. Two readers missing at once both compile (no lock is held
     * while compiling); the later one's result is kept.
     */
    Compilations.Compiled get(Key key, Supplier<Compilations.Compiled> compile) {
        if (capacity == 0) return compile.get();
        Instant now = Instant.now(clock);
        synchronized (entries) {
            Kept e = entries.get(key);
            if (e != null && !e.at().plus(ttl).isBefore(now)) {
                hits++;
                return e.value();
            }
            misses++;
        }
        Compilations.Compiled value = compile.get();
        synchronized (entries) {
            entries.put(key, new Kept(value, now));
        }
        return value;
    }

    /** Hits and misses since start, for tests and the logs. */
    long[] counts() {
        synchronized (entries) {
            return new long[] {hits, misses};
        }
    }
}
