package vn.truongson.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts sign-in guesses per (username, source address), for known and unknown usernames alike. A guess is
 * claimed, under the row's lock, before the password is checked, so that however many arrive at once at most
 * {@code max-failed-attempts} are checked in a window; the claim that reaches the limit locks the pair at once.
 * Each lock of a pair lasts twice the one before (15 min, 30 min, 1 h, … up to {@code max-lockout}); a success
 * forgets the pair. A stranger guessing elsewhere locks only his own address out (docs/security.md, Sign-in).
 *
 * <p>Each call is one short transaction on one connection, never held across a password check.
 */
@Component
public class SignInThrottle {

    /** The outcome of claiming a guess. */
    public sealed interface Claim {
        /** The guess may be checked; {@code locksUntil}: this guess was the last of the window, and failing leaves the pair locked. */
        record Granted(@Nullable Instant locksUntil) implements Claim {}

        record Refused(Instant until) implements Claim {}
    }

    private final JdbcClient jdbc;
    private final AccessProperties access;
    private final SignInProperties props;
    private final Clock clock;
    private final TransactionTemplate tx;

    SignInThrottle(JdbcClient jdbc, AccessProperties access, SignInProperties props, Clock clock, PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.access = access;
        this.props = props;
        this.clock = clock;
        this.tx = new TransactionTemplate(txm);
        // Its own transaction, committed before the password is checked, whatever the caller holds.
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    private record State(int failures, Instant windowStart, @Nullable Instant lockedUntil, int lockouts) {}

    /** Claims one guess for the pair. */
    public Claim claim(String username, String source) {
        return tx.execute(s -> {
            Instant now = clock.instant();
            jdbc.sql("insert into access_signin_throttle (username, source, window_start) values (?, ?, ?) on conflict do nothing")
                    .params(username, source, Timestamp.from(now)).update();
            State st = jdbc.sql("""
                    select failures, window_start, locked_until, lockouts from access_signin_throttle
                    where username = ? and source = ? for update""")
                    .params(username, source)
                    .query((rs, n) -> new State(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getInt(4)))
                    .single();
            if (st.lockedUntil() != null && st.lockedUntil().isAfter(now)) return new Claim.Refused(st.lockedUntil());
            int failures = st.failures();
            Instant windowStart = st.windowStart();
            int lockouts = st.lockouts();
            if (st.lockedUntil() != null || windowStart.plus(access.lockout()).isBefore(now)) {
                // A lock that ended, or failures older than a window: a new window.
                failures = 0;
                windowStart = now;
            }
            if (st.lockedUntil() != null && st.lockedUntil().plus(props.maxLockout()).isBefore(now)) {
                // Long quiet since the last lock ended: lockouts start short again.
                lockouts = 0;
            }
            failures++;
            Instant until = null;
            if (failures >= access.maxFailedAttempts()) {
                lockouts++;
                until = now.plus(lockFor(lockouts));
            }
            jdbc.sql("""
                    update access_signin_throttle set failures = ?, window_start = ?, locked_until = ?, lockouts = ?
                    where username = ? and source = ?""")
                    .params(failures, Timestamp.from(windowStart), until == null ? null : Timestamp.from(until), lockouts, username, source)
                    .update();
            return new Claim.Granted(until);
        });
    }

    /** How long the n-th lock of a pair lasts: the lockout, doubled for each earlier one, at most max-lockout. */
    Duration lockFor(int lockouts) {
        Duration d = access.lockout();
        for (int i = 1; i < lockouts && d.compareTo(props.maxLockout()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(props.maxLockout()) > 0 ? props.maxLockout() : d;
    }

    /**
     * Gives a claimed guess back: the password was right and a second factor is still to come, which is not a
     * failure (and, if this claim locked the pair, the lock goes with it).
     */
    public void giveBack(String username, String source, Claim.Granted claim) {
        if (claim.locksUntil() != null) {
            jdbc.sql("""
                    update access_signin_throttle set failures = greatest(failures - 1, 0), locked_until = null,
                        lockouts = greatest(lockouts - 1, 0)
                    where username = ? and source = ? and locked_until = ?""")
                    .params(username, source, Timestamp.from(claim.locksUntil())).update();
        } else {
            jdbc.sql("update access_signin_throttle set failures = greatest(failures - 1, 0) where username = ? and source = ? and locked_until is null")
                    .params(username, source).update();
        }
    }

    /** A successful sign-in forgets the pair's failures and locks. */
    public void succeeded(String username, String source) {
        jdbc.sql("delete from access_signin_throttle where username = ? and source = ?").params(username, source).update();
    }

    /** The latest lock on the username from any source, if one is running (shown to administrators). */
    public Optional<Instant> lockedUntil(String username) {
        return jdbc.sql("select locked_until from access_signin_throttle where username = ? and locked_until > ? order by locked_until desc limit 1")
                .params(username, Timestamp.from(clock.instant()))
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** An administrator's unlock: every source's count and lock on the username. */
    public int clear(String username) {
        return jdbc.sql("delete from access_signin_throttle where username = ?").param(username).update();
    }

    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purge() {
        // Pairs quiet for longer than the longest lock have nothing left to remember.
        Instant before = clock.instant().minus(props.maxLockout()).minus(access.lockout());
        jdbc.sql("delete from access_signin_throttle where window_start < ? and (locked_until is null or locked_until < ?)")
                .params(Timestamp.from(before), Timestamp.from(before)).update();
    }
}
