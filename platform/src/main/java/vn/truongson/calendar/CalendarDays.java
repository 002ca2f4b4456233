package vn.truongson.calendar;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code calendar_day} table, read a year at a time through an in-memory cache: deadlines are
 * computed on every dossier and document, and the table changes a few times a year.
 */
@Repository
class CalendarDays {

    private record CachedYear(SortedMap<LocalDate, CalendarDay> days, long loadedAt) {}

    private final JdbcClient jdbc;
    private final long ttlNanos;
    private final Map<Integer, CachedYear> cache = new ConcurrentHashMap<>();
    /** Bumped by every eviction, so that a read which raced an edit does not keep its old copy. */
    private final AtomicLong generation = new AtomicLong();

    CalendarDays(JdbcClient jdbc, CalendarProperties properties) {
        this.jdbc = jdbc;
        this.ttlNanos = properties.cacheTtl().toNanos();
    }

    /** The stored days of a year, in date order. */
    SortedMap<LocalDate, CalendarDay> ofYear(int year) {
        long now = System.nanoTime();
        CachedYear cached = cache.get(year);
        if (cached != null && now - cached.loadedAt() < ttlNanos) return cached.days();
        long seen = generation.get();
        CachedYear fresh = new CachedYear(load(year), now);
        cache.put(year, fresh);
        if (generation.get() != seen) cache.remove(year, fresh); // an edit came in meanwhile: don't keep what may predate it
        return fresh.days();
    }

    /** The stored day, read from the table rather than the cache: for edits. */
    Optional<CalendarDay> read(LocalDate day) {
        return jdbc.sql("select day, kind, name, source from calendar_day where day = :day")
                .param("day", day)
                .query(CalendarDays::row)
                .optional();
    }

    /** Creates or replaces the day. */
    void save(CalendarDay day) {
        jdbc.sql("""
                insert into calendar_day (day, kind, name, source) values (:day, :kind, :name, :source)
                on conflict (day) do update set kind = excluded.kind, name = excluded.name, source = excluded.source
                """)
                .param("day", day.date())
                .param("kind", day.kind().name())
                .param("name", day.name())
                .param("source", day.source())
                .update();
    }

    /** Removes the day; empty when there was none. */
    Optional<CalendarDay> delete(LocalDate day) {
        return jdbc.sql("delete from calendar_day where day = :day returning day, kind, name, source")
                .param("day", day)
                .query(CalendarDays::row)
                .optional();
    }

    /** Forgets every cached year; the next read goes to the table. */
    void evict() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** For tests: the years held in memory now. */
    int cachedYears() {
        return cache.size();
    }

    private SortedMap<LocalDate, CalendarDay> load(int year) {
        TreeMap<LocalDate, CalendarDay> days = new TreeMap<>();
        jdbc.sql("select day, kind, name, source from calendar_day where day >= :first and day < :next order by day")
                .param("first", LocalDate.of(year, 1, 1))
                .param("next", LocalDate.of(year + 1, 1, 1))
                .query(CalendarDays::row)
                .list()
                .forEach(d -> days.put(d.date(), d));
        return Collections.unmodifiableSortedMap(days);
    }

    private static CalendarDay row(ResultSet rs, int n) throws SQLException {
        return new CalendarDay(rs.getObject("day", LocalDate.class), DayKind.valueOf(rs.getString("kind")),
                rs.getString("name"), rs.getString("source"));
    }
}
