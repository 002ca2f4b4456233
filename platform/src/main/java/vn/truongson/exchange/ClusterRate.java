package vn.truongson.exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The agreement's rate across the cluster: at most {@code ratePerMinute} calls per agreement in each minute (fixed
 * windows on the minute), counted in PostgreSQL ({@code exchange_rate}) so that every node draws on the same count. A
 * node takes an allowance in chunks of {@code max(1, rate / 200)} calls with one atomic upsert that never grants past the
 * rate, and spends it locally; so a rate up to 399 a minute is counted call by call (12 calls at once against 5 → 5
 * pass, whichever nodes they reach), and a large rate costs one statement per chunk. A node may hold up to a chunk
 * unspent (0.5 % of the rate) while another is refused — never more than the rate in all. Once the count is exhausted,
 * a node refuses until the window ends without asking again. Windows follow each node's clock (NTP-synchronised).
 */
@Component
class ClusterRate {

    /** Allowed, or refused with the seconds until the window ends. */
    record Decision(boolean allowed, long retryAfterSeconds) {}

    private static final class Local {
        long window = -1;
        int rate;
        int left;
        boolean exhausted;
    }

    private final JdbcClient jdbc;
    private final Map<Long, Local> local = new ConcurrentHashMap<>();

    ClusterRate(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static int chunk(int rate) {
        return Math.max(1, rate / 200);
    }

    Decision take(long agreementId, int rate) {
        long now = System.currentTimeMillis();
        long window = now - Math.floorMod(now, 60_000L);
        long retry = Math.max(1, (window + 60_000 - now + 999) / 1000);
        Local l = local.computeIfAbsent(agreementId, k -> new Local());
        synchronized (l) {
            if (l.window != window || l.rate != rate) {
                l.window = window;
                l.rate = rate;
                l.left = 0;
                l.exhausted = false;
            }
            if (l.left > 0) {
                l.left--;
                return new Decision(true, 0);
            }
            if (l.exhausted) return new Decision(false, retry);
            int granted = reserve(agreementId, window, rate, Math.min(chunk(rate), rate));
            if (granted <= 0) {
                l.exhausted = true;
                return new Decision(false, retry);
            }
            l.left = granted - 1;
            return new Decision(true, 0);
        }
    }

    /** Up to {@code chunk} calls of the window, never past the rate: how many were granted (0 when none is left). */
    private int reserve(long agreementId, long window, int rate, int chunk) {
        return jdbc.sql("""
                insert into exchange_rate as r (agreement_id, window_start, used, last_grant) values (:a, :w, :chunk, :chunk)
                on conflict (agreement_id, window_start) do update
                    set used = least(r.used + :chunk, :rate), last_grant = least(r.used + :chunk, :rate) - r.used
                    where r.used < :rate
                returning last_grant""")
                .param("a", agreementId).param("w", Timestamp.from(Instant.ofEpochMilli(window))).param("chunk", chunk).param("rate", rate)
                .query(Integer.class).optional().orElse(0);
    }

    /** Windows older than an hour are of no use. */
    void prune() {
        jdbc.sql("delete from exchange_rate where window_start < now() - interval '1 hour'").update();
    }
}
