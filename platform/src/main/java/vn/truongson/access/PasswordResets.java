package vn.truongson.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Forgotten passwords (issue 13; docs/security.md, "Password reset"). Three steps:
 * <ol>
 *   <li>{@link #request}: anyone types a username on {@code /login/forgot}. The answer is the same whether the name
 *       exists or not; the request passes the sign-in rate limits (it counts as a sign-in attempt of that name and
 *       address); for a real, active account one open request is kept (however many arrive) and the administrators of
 *       the official's unit are told ({@link PasswordResetRequested}). Audited either way.</li>
 *   <li>{@link #issue}: an administrator whose ADMIN grant covers the official's unit, cleared at least as high as
 *       the official (an official who administers or oversees: a system administrator only; never oneself), issues a
 *       one-time code of 20 characters (100 bits), shown to him once, to hand over out of band (in person, by
 *       telephone). Only its SHA-256 is kept; it works for 30 minutes. He may also reset the second factor (a lost
 *       telephone): the official then enrols a new authenticator at the next sign-in.</li>
 *   <li>{@link #redeem}: the official types username, code and a new password (the password rule). The code is taken
 *       in one statement, so of twelve redemptions at once one succeeds; every API token of the account is revoked and
 *       its sign-in locks are lifted. A wrong code, a used one, an expired one and an unknown username answer alike.</li>
 * </ol>
 */
@Service
public class PasswordResets {

    /** How long an issued code works. */
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(30);
    /** How long a request waits for an administrator before it lapses. */
    public static final Duration REQUEST_LIFETIME = Duration.ofDays(3);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    /** Officials who administer or oversee: only a system administrator resets their password. */
    private static final Set<Role> GUARDED = Set.of(Role.ADMIN, Role.AUDITOR, Role.SECURITY_OFFICER);
    /** Base32 without 0, 1, O, I: read aloud over a telephone without doubt. */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a request or a redemption came to. */
    public sealed interface Outcome {
        /** Taken (or, for an unknown name, seemingly taken): the same answer either way. */
        record Accepted() implements Outcome {}

        /** A wrong, used or expired code, or an unknown username. */
        record Invalid() implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}

        record Busy(Duration retryAfter) implements Outcome {}
    }

    /** An open request or code, for the administrators' list. */
    public record Pending(long officialId, String fullName, String username, long unitId, String unitName, String state,
            Instant requestedAt, @Nullable Instant codeExpires) {
        public boolean issued() { return "ISSUED".equals(state); }
    }

    /** An issued code, shown once. */
    public record IssuedCode(String code, Instant expires, String username, String fullName, boolean resetTotp) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final SignInRateLimits limits;
    private final SignInThrottle throttle;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    PasswordResets(JdbcClient jdbc, PasswordEncoder passwords, Grants grants, OfficialDirectory officials, AccessPolicy policy,
            AuditTrail audit, SignInRateLimits limits, SignInThrottle throttle, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.grants = grants;
        this.officials = officials;
        this.policy = policy;
        this.audit = audit;
        this.limits = limits;
        this.throttle = throttle;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(txm);
    }

    // ---- 1. the request ----------------------------------------------------------------------------

    public Outcome request(String username) {
        String name = Accounts.normaliseUsername(username.length() > 64 ? username.substring(0, 64) : username);
        String source = RequestOrigin.currentIp();
        var limited = limits.tryAttempt(source, name);
        if (limited.isPresent()) {
            audit.recordSeparately(name, "account.password.reset.request", "account:" + name, AuditTrail.DENIED, "rate limited per " + limited.get().limit());
            return new Outcome.Throttled(limited.get().retryAfter());
        }
        var account = jdbc.sql("select id, official_id from access_account where username = ?").param(name)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
        var profile = account.flatMap(a -> officials.profile(a[1])).filter(OfficialDirectory.Profile::active);
        if (account.isEmpty() || profile.isEmpty() || username.length() > 64) {
            audit.recordSeparately(name, "account.password.reset.request", "account:" + name, AuditTrail.DENIED,
                    account.isEmpty() ? "unknown user" : username.length() > 64 ? "oversized username" : "official deactivated");
            return new Outcome.Accepted();
        }
        long accountId = account.get()[0];
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            lapse(accountId, now);
            // One open request or code per account (the partial unique index): twelve at once make one row.
            Long id = jdbc.sql("""
                    insert into access_password_reset (account_id, state, requested_at, source) values (?, 'REQUESTED', ?, ?)
                    on conflict (account_id) where state in ('REQUESTED', 'ISSUED') do nothing returning id""")
                    .params(accountId, Timestamp.from(now), source).query(Long.class).optional().orElse(null);
            audit.record("account.password.reset.request", "account:" + name, AuditTrail.SUCCESS, id == null ? "already open" : "request " + id);
            if (id != null) events.publishEvent(new PasswordResetRequested(id, profile.get().officialId(), profile.get().unitId()));
        });
        return new Outcome.Accepted();
    }

    /** Marks the account's request or code as lapsed when its time is past. */
    private void lapse(long accountId, Instant now) {
        jdbc.sql("""
                update access_password_reset set state = 'EXPIRED'
                where account_id = ? and ((state = 'REQUESTED' and requested_at < ?) or (state = 'ISSUED' and code_expires < ?))""")
                .params(accountId, Timestamp.from(now.minus(REQUEST_LIFETIME)), Timestamp.from(now)).update();
    }

    // ---- 2. the administrator ----------------------------------------------------------------------

    /** Open requests and codes of officials the current administrator may reset, oldest first. */
    public List<Pending> pending() {
        policy.requireAnyGrant(ADMIN);
        Instant now = clock.instant();
        var rows = jdbc.sql("""
                select a.official_id, a.username, r.state, r.requested_at, r.code_expires
                from access_password_reset r join access_account a on a.id = r.account_id
                where r.state in ('REQUESTED', 'ISSUED') order by r.requested_at limit 500""")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()})
                .list();
        var out = new ArrayList<Pending>();
        for (Object[] r : rows) {
            long officialId = (Long) r[0];
            Instant requested = (Instant) r[3];
            Instant expires = (Instant) r[4];
            if ("REQUESTED".equals(r[2]) && requested.isBefore(now.minus(REQUEST_LIFETIME))) continue;
            if ("ISSUED".equals(r[2]) && expires != null && expires.isBefore(now)) continue;
            var p = officials.profile(officialId).orElse(null);
            if (p == null || !mayReset(p)) continue;
            out.add(new Pending(officialId, p.fullName(), (String) r[1], p.unitId(), p.unitName(), (String) r[2], requested, expires));
        }
        return out;
    }

    /** The open request of one official, when the current person may act on it. */
    public Optional<Pending> pendingFor(long officialId) {
        if (policy.currentActor().map(a -> !a.has(Role.ADMIN)).orElse(true)) return Optional.empty();
        return pending().stream().filter(p -> p.officialId() == officialId).findFirst();
    }

    /** Whether the current administrator may reset this official's password (no exception, no audit). */
    public boolean mayReset(long officialId) {
        return officials.profile(officialId).map(this::mayReset).orElse(false);
    }

    private boolean mayReset(OfficialDirectory.Profile p) {
        try {
            check(p);
            return true;
        } catch (DomainException.Forbidden e) {
            return false;
        }
    }

    private void check(OfficialDirectory.Profile p) {
        Actor a = policy.actor();
        if (a.officialId() == p.officialId()) throw new DomainException.Forbidden("problem.password-reset.self");
        policy.requireOnUnit(ADMIN, p.unitId());
        if (!a.clearance().covers(p.clearance())) throw new DomainException.Forbidden("problem.password-reset.clearance");
        if (grants.of(p.officialId()).stream().anyMatch(g -> GUARDED.contains(g.role()))) policy.requireSystemAdmin();
    }

    /**
     * Issues a one-time code for the official (with or without a request of his: he may have come in person), replacing
     * any code issued before. 404 for an official out of the administrator's sight, 403 (audited) when he may not.
     */
    public IssuedCode issue(long officialId, boolean resetTotp) {
        var p = officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
        try {
            policy.requireOnUnit(AccessPolicy.ANY_ROLE, p.unitId());
        } catch (DomainException.Forbidden e) {
            throw new DomainException.NotFound("official", officialId);
        }
        try {
            check(p);
        } catch (DomainException.Forbidden e) {
            audit.recordSeparately("account.password.reset.issue", "official:" + officialId, AuditTrail.DENIED, e.messageKey());
            throw e;
        }
        if (!p.active()) throw new DomainException.Conflict("problem.password-reset.inactive");
        String code = newCode();
        Instant now = clock.instant();
        Instant expires = now.plus(CODE_LIFETIME);
        long adminId = policy.actor().officialId();
        String username = tx.execute(s -> {
            String name = jdbc.sql("select username from access_account where official_id = ? for update").param(officialId)
                    .query(String.class).optional().orElseThrow(() -> new DomainException.NotFound("account", officialId));
            long accountId = jdbc.sql("select id from access_account where official_id = ?").param(officialId).query(Long.class).single();
            lapse(accountId, now);
            int updated = jdbc.sql("""
                    update access_password_reset set state = 'ISSUED', code_hash = ?, code_expires = ?, reset_totp = ?, issued_by = ?, issued_at = ?
                    where account_id = ? and state in ('REQUESTED', 'ISSUED')""")
                    .params(Tokens.sha256(code), Timestamp.from(expires), resetTotp, adminId, Timestamp.from(now), accountId).update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into access_password_reset (account_id, state, requested_at, source, code_hash, code_expires, reset_totp, issued_by, issued_at)
                        values (?, 'ISSUED', ?, ?, ?, ?, ?, ?, ?)""")
                        .params(accountId, Timestamp.from(now), "admin:" + adminId, Tokens.sha256(code), Timestamp.from(expires), resetTotp, adminId,
                                Timestamp.from(now)).update();
            }
            audit.record("account.password.reset.issue", "official:" + officialId, AuditTrail.SUCCESS,
                    "expires " + expires + (resetTotp ? "; second factor reset" : ""));
            return name;
        });
        return new IssuedCode(group(code), expires, username, p.fullName(), resetTotp);
    }

    static String newCode() {
        char[] c = new char[20];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(c);
    }

    /** ABCD-EFGH-…: five groups of four, easier to read out. */
    static String group(String code) {
        return code.replaceAll("(.{4})(?!$)", "$1-");
    }

    /** The code as typed: case, spaces and dashes ignored; null when it cannot be a code. */
    static @Nullable String normaliseCode(String typed) {
        if (typed.length() > 64) return null;
        String c = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return c.matches("[A-HJ-NP-Z2-9]{20}") ? c : null;
    }

    // ---- 3. the official ---------------------------------------------------------------------------

    /**
     * Sets a new password with an issued code. The password rule is checked before the code is taken (a refused
     * password leaves the code usable); 400 naming {@code newPassword} or {@code confirmPassword}.
     */
    public Outcome redeem(String username, String typedCode, String newPassword, String confirm) {
        String name = Accounts.normaliseUsername(username.length() > 64 ? username.substring(0, 64) : username);
        String source = RequestOrigin.currentIp();
        var limited = limits.tryAttempt(source, name);
        if (limited.isPresent()) {
            audit.recordSeparately(name, "account.password.reset", "account:" + name, AuditTrail.DENIED, "rate limited per " + limited.get().limit());
            return new Outcome.Throttled(limited.get().retryAfter());
        }
        String code = normaliseCode(typedCode);
        Instant now = clock.instant();
        var open = code == null || username.length() > 64 ? Optional.<long[]>empty() : jdbc.sql("""
                select r.id, a.id, a.official_id from access_password_reset r join access_account a on a.id = r.account_id
                where a.username = ? and r.state = 'ISSUED' and r.code_hash = ? and r.code_expires > ?""")
                .params(name, Tokens.sha256(code), Timestamp.from(now))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).optional();
        if (open.isEmpty()) {
            audit.recordSeparately(name, "account.password.reset", "account:" + name, AuditTrail.FAILURE, "bad, used or expired code");
            return new Outcome.Invalid();
        }
        long resetId = open.get()[0];
        long accountId = open.get()[1];
        String fullName = officials.profile(open.get()[2]).map(OfficialDirectory.Profile::fullName).orElse(null);
        var errors = new ArrayList<>(PasswordRule.check("newPassword", newPassword, name, fullName));
        if (!newPassword.equals(confirm)) errors.add(new DomainException.FieldError("confirmPassword", "problem.password.confirm"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        // Taken in one statement, before any hash is computed: of several redemptions at once, one moves the row to USED
        // and only that one spends a password check.
        Timestamp at = Timestamp.from(now);
        Boolean resetTotp = jdbc.sql("""
                update access_password_reset set state = 'USED', used_at = ? where id = ? and state = 'ISSUED' and code_expires > ?
                returning reset_totp""").params(at, resetId, at).query(Boolean.class).optional().orElse(null);
        if (resetTotp == null) {
            audit.recordSeparately(name, "account.password.reset", "account:" + name, AuditTrail.FAILURE, "code already used");
            return new Outcome.Invalid();
        }
        // Argon2id with no connection held, within the bounded hashing slots; when none frees, the code is given back.
        Optional<String> hash = limits.hashing(() -> passwords.encode(newPassword));
        if (hash.isEmpty()) {
            jdbc.sql("update access_password_reset set state = 'ISSUED', used_at = null where id = ? and state = 'USED' and used_at = ?")
                    .params(resetId, at).update();
            return new Outcome.Busy(Accounts.BUSY_RETRY);
        }
        tx.executeWithoutResult(s -> {
            jdbc.sql("update access_account set password_hash = ? where id = ?").params(hash.get(), accountId).update();
            if (resetTotp) {
                jdbc.sql("update access_account set totp_enabled = false, totp_secret = null where id = ?").param(accountId).update();
                jdbc.sql("delete from access_recovery_code where account_id = ?").param(accountId).update();
            }
            jdbc.sql("delete from access_token where account_id = ?").param(accountId).update();
            audit.record("account.password.reset", "account:" + name, AuditTrail.SUCCESS, resetTotp ? "second factor reset" : null);
        });
        throttle.clear(name);
        return new Outcome.Accepted();
    }
}
