package vn.truongson.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

/**
 * Sign-in accounts: password (Argon2id), TOTP second factor with recovery codes, lockout after repeated
 * failures. Every sign-in, success or failure, is audited.
 */
@Service
public class Accounts {

    /** What a sign-in attempt came to. */
    public sealed interface SignIn {
        record Success(AccountPrincipal principal) implements SignIn {}

        /** The password was right; a second factor is needed ({@code enrolled} false: set one up first). */
        record SecondFactorRequired(long accountId, boolean enrolled) implements SignIn {}

        record Invalid() implements SignIn {}

        record Locked(Instant until) implements SignIn {}

        /** Too many attempts from this source or on this username: 429 with Retry-After. */
        record Throttled(java.time.Duration retryAfter) implements SignIn {}

        /** Every password check slot was taken for the whole wait: 503 with Retry-After. */
        record Busy(java.time.Duration retryAfter) implements SignIn {}
    }

    public record AccountView(long id, long officialId, String username, boolean totpEnabled, @Nullable Instant lockedUntil) {}

    private record Row(long id, long officialId, String username, String passwordHash, @Nullable String totpSecret,
            boolean totpEnabled, long totpLastStep, int failedAttempts, @Nullable Instant lockedUntil) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final AccessProperties props;
    private final AuditTrail audit;
    private final Clock clock;
    private final SignInThrottle throttle;
    private final SignInRateLimits limits;
    private final SignInAudit refusals;
    private final vn.truongson.runtime.DemoMode demo;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    /** A hash to check against when the username is unknown, so timing does not tell which names exist. */
    private final String decoyHash;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Grants grants, OfficialDirectory officials, AccessProperties props,
            AuditTrail audit, Clock clock, SignInThrottle throttle, SignInRateLimits limits,
            SignInAudit refusals, vn.truongson.runtime.DemoMode demo, org.springframework.transaction.PlatformTransactionManager txm) {
        this.demo = demo;
        this.refusals = refusals;
        this.tx = new org.springframework.transaction.support.TransactionTemplate(txm);
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.grants = grants;
        this.officials = officials;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
        this.throttle = throttle;
        this.limits = limits;
        this.decoyHash = passwords.encode("decoy-password-never-used");
    }

    // ---- creation --------------------------------------------------------------------------------

    /** Usernames: 3–64 of a–z, 0–9, dot, dash, underscore; stored lower-case. */
    public static String normaliseUsername(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * What is wrong with a new account's username, password (the {@link PasswordRule}) and TOTP secret. The
     * person's name is checked against the password by {@link #create}, once the official exists.
     */
    public static List<DomainException.FieldError> checkNew(String username, String password, @Nullable String totpSecret) {
        var errors = new ArrayList<DomainException.FieldError>();
        if (!normaliseUsername(username).matches("[a-z0-9._-]{3,64}")) errors.add(new DomainException.FieldError("username", "problem.username.format"));
        var passwordErrors = PasswordRule.check("password", password, normaliseUsername(username), null);
        // The documented demo password is judged by create(), which knows whether this is a demo.
        if (PasswordRule.DEMO_PASSWORD.equals(password)) passwordErrors.removeIf(e -> e.messageKey().equals("problem.password.platform"));
        errors.addAll(passwordErrors);
        if (totpSecret != null && !totpSecret.isBlank() && !Totp.isValidSecret(totpSecret)) {
            errors.add(new DomainException.FieldError("totpSecret", "problem.totp.secret"));
        }
        return errors;
    }

    /** Creates the account of an official; call inside the transaction that creates the official. */
    @Transactional
    public long create(long officialId, String username, String password, @Nullable String totpSecret) {
        // Every password a person or an administrator sets follows the rule, whoever calls (API, screens, bootstrap).
        String fullName = officials.profile(officialId).map(OfficialDirectory.Profile::fullName).orElse(null);
        var errors = PasswordRule.check("password", password, normaliseUsername(username), fullName);
        if (demo.enabled() && PasswordRule.DEMO_PASSWORD.equals(password)) {
            // Demo mode only (never in prod): new accounts may get the documented, public demo password, so that the
            // demo walk-throughs and the tests sign them in like the seeded ones (docs/security.md, Sign-in).
            errors.removeIf(e -> e.messageKey().equals("problem.password.platform"));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        return createWithHash(officialId, username, passwords.encode(password), totpSecret);
    }

    /** Same, with a password hash made once (demo data, where every account shares the documented password). */
    @Transactional
    public long createWithHash(long officialId, String username, String passwordHash, @Nullable String totpSecret) {
        String name = normaliseUsername(username);
        if (usernameTaken(name)) throw new DomainException.Conflict("problem.username.taken", name);
        boolean totp = totpSecret != null && !totpSecret.isBlank();
        return jdbc.sql("""
                insert into access_account (official_id, username, password_hash, totp_secret, totp_enabled)
                values (?, ?, ?, ?, ?) returning id""")
                .params(officialId, name, passwordHash, totp ? totpSecret.replace(" ", "").toUpperCase(Locale.ROOT) : null, totp)
                .query(Long.class).single();
    }

    public String hash(String password) {
        return passwords.encode(password);
    }

    public boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from access_account where username = ?").param(normaliseUsername(username)).query(Long.class).single() > 0;
    }

    public Optional<AccountView> ofOfficial(long officialId) {
        return jdbc.sql("select id, official_id, username, totp_enabled from access_account where official_id = ?")
                .param(officialId)
                .query((rs, n) -> new AccountView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4), null))
                .optional()
                .map(v -> new AccountView(v.id(), v.officialId(), v.username(), v.totpEnabled(), throttle.lockedUntil(v.username()).orElse(null)));
    }

    // ---- sign-in ---------------------------------------------------------------------------------

    /**
     * Checks a password and, where one is needed, a second factor (TOTP code or recovery code). With no
     * {@code otp} where one is needed, answers {@link SignIn.SecondFactorRequired} without counting a failure.
     *
     * <p>Not one transaction: each step (rate limits in memory, the guess claimed in {@link SignInThrottle}, the
     * password checked with no connection held, the outcome recorded, the audit row) holds at most one pool
     * connection, briefly, so a flood of sign-ins cannot take the pool from everyone else. Unknown and known
     * usernames go the same way: same counting, same answers, a password hash checked either way.
     */
    public SignIn signIn(String username, String password, @Nullable String otp) {
        SignIn outcome = attempt(username, password, otp);
        if (!(outcome instanceof SignIn.Success || outcome instanceof SignIn.SecondFactorRequired)) {
            vn.truongson.core.DomainMetrics.count(vn.truongson.core.DomainMetrics.Counter.SIGNIN_FAILURES);
        }
        return outcome;
    }

    private SignIn attempt(String username, String password, @Nullable String otp) {
        String name = normaliseUsername(username);
        String source = RequestOrigin.currentIp();
        var limited = limits.tryAttempt(source, name);
        if (limited.isPresent()) {
            refusals.refused(name, "rate limited per " + limited.get().limit());
            return new SignIn.Throttled(limited.get().retryAfter());
        }
        // At most hashing-concurrency sign-ins check at once, each with at most one connection at a time.
        Optional<SignIn> checked = limits.hashing(() -> check(name, password, otp, source));
        if (checked.isEmpty()) {
            refusals.refused(name, "sign-in busy");
            return new SignIn.Busy(BUSY_RETRY);
        }
        return checked.get();
    }

    private SignIn check(String name, String password, @Nullable String otp, String source) {
        Row row = find(name).orElse(null);
        // The guess is counted before it is checked, so no number of parallel guesses gets more than the limit checked.
        SignInThrottle.Claim claim = throttle.claim(name, source);
        if (claim instanceof SignInThrottle.Claim.Refused r) {
            audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.DENIED, "locked");
            return new SignIn.Locked(r.until());
        }
        var granted = (SignInThrottle.Claim.Granted) claim;
        // A hash is checked for unknown names too (a decoy), so the time taken does not tell which names exist.
        boolean matches = passwords.matches(password, row == null ? decoyHash : row.passwordHash());
        if (row == null || !matches) {
            return fail(name, source, granted, row == null ? "unknown user" : "bad password");
        }
        if (!officials.profile(row.officialId()).map(OfficialDirectory.Profile::active).orElse(false)) {
            // A deactivated official's account stays for the record, but opens nothing; the guess stays counted.
            audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.DENIED, "official deactivated");
            return granted.locksUntil() == null ? new SignIn.Invalid() : new SignIn.Locked(granted.locksUntil());
        }
        if (needsSecondFactor(row)) {
            if (!row.totpEnabled() || otp == null || otp.isBlank()) {
                throttle.giveBack(name, source, granted);
                return new SignIn.SecondFactorRequired(row.id(), row.totpEnabled());
            }
            return checkSecondFactor(row, otp, source, granted);
        }
        return succeed(row, source);
    }

    /** How long a sign-in refused for want of a free password check is told to wait. */
    static final java.time.Duration BUSY_RETRY = java.time.Duration.ofSeconds(2);

    /** Second step of the browser sign-in, after the password step answered SecondFactorRequired. */
    public SignIn secondFactor(long accountId, String otp) {
        Row row = findById(accountId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
        String source = RequestOrigin.currentIp();
        SignInThrottle.Claim claim = throttle.claim(row.username(), source);
        if (claim instanceof SignInThrottle.Claim.Refused r) {
            audit.recordSeparately(row.username(), "signin", "account:" + row.username(), AuditTrail.DENIED, "locked");
            return new SignIn.Locked(r.until());
        }
        return checkSecondFactor(row, otp, source, (SignInThrottle.Claim.Granted) claim);
    }

    private SignIn checkSecondFactor(Row row, String otp, String source, SignInThrottle.Claim.Granted claim) {
        String code = otp.replace(" ", "").trim();
        long step = row.totpSecret() == null ? -1 : Totp.matchingStep(row.totpSecret(), code, clock.instant());
        // Taken atomically: of two sign-ins with one code, only one moves the last step forward.
        if (step >= 0 && jdbc.sql("update access_account set totp_last_step = ? where id = ? and totp_last_step < ?")
                .params(step, row.id(), step).update() == 1) {
            return succeed(row, source);
        }
        if (step < 0 && useRecoveryCode(row.id(), code)) {
            audit.recordSeparately(row.username(), "signin.recovery-code", "account:" + row.username(), AuditTrail.SUCCESS, null);
            return succeed(row, source);
        }
        return fail(row.username(), source, claim, step >= 0 ? "replayed one-time code" : "bad one-time code");
    }

    private SignIn succeed(Row row, String source) {
        throttle.succeeded(row.username(), source);
        audit.recordSeparately(row.username(), "signin", "account:" + row.username(), AuditTrail.SUCCESS, null);
        return new SignIn.Success(new AccountPrincipal(row.id(), row.officialId(), row.username()));
    }

    /** The guess was claimed (counted) before it was checked; what is left is to say so in the trail and to the caller. */
    private SignIn fail(String name, String source, SignInThrottle.Claim.Granted claim, String why) {
        Instant until = claim.locksUntil();
        audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.FAILURE, why + (until == null ? "" : "; locked until " + until));
        return until == null ? new SignIn.Invalid() : new SignIn.Locked(until);
    }

    /** Administrators and anyone cleared above Thường must use a second factor. */
    boolean needsSecondFactor(Row row) {
        boolean admin = grants.of(row.officialId()).stream().anyMatch(g -> g.role() == Role.ADMIN);
        SecrecyLevel clearance = officials.profile(row.officialId()).map(OfficialDirectory.Profile::clearance).orElse(SecrecyLevel.THUONG);
        return admin || clearance.isClassified();
    }

    public boolean needsSecondFactor(long accountId) {
        return findById(accountId).map(this::needsSecondFactor).orElse(false);
    }

    // ---- second-factor enrolment -----------------------------------------------------------------

    /**
     * Turns on TOTP with a secret the person's app now holds, proven by one code; returns ten fresh
     * recovery codes, shown once.
     */
    @Transactional
    public List<String> enrolTotp(long accountId, String secret, String code) {
        Row row = findById(accountId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
        long step = Totp.matchingStep(secret, code.replace(" ", ""), clock.instant());
        if (step < 0) throw new DomainException.BadInput("code", "problem.totp.code");
        jdbc.sql("update access_account set totp_secret = ?, totp_enabled = true, totp_last_step = ? where id = ?")
                .params(secret, step, accountId).update();
        List<String> codes = newRecoveryCodes(accountId);
        audit.record("account.totp.enrol", "account:" + row.username(), AuditTrail.SUCCESS, null);
        return codes;
    }

    @Transactional
    public List<String> newRecoveryCodes(long accountId) {
        jdbc.sql("delete from access_recovery_code where account_id = ?").param(accountId).update();
        var codes = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            String c = String.format(Locale.ROOT, "%05d-%05d", RANDOM.nextInt(100_000), RANDOM.nextInt(100_000));
            codes.add(c);
            jdbc.sql("insert into access_recovery_code (account_id, code_hash) values (?, ?) on conflict do nothing")
                    .params(accountId, Tokens.sha256(c)).update();
        }
        return codes;
    }

    public int unusedRecoveryCodes(long accountId) {
        return jdbc.sql("select count(*) from access_recovery_code where account_id = ? and used_at is null").param(accountId).query(Integer.class).single();
    }

    private boolean useRecoveryCode(long accountId, String code) {
        if (!code.matches("\\d{5}-\\d{5}")) return false;
        return jdbc.sql("update access_recovery_code set used_at = now() where account_id = ? and code_hash = ? and used_at is null")
                .params(accountId, Tokens.sha256(code)).update() == 1;
    }

    /**
     * The person changes their own password: the current one proves it is them; the new one follows the
     * password rule. Every API token of the account is revoked, so a stolen token dies with the old password.
     */
    public void changePassword(long accountId, String current, String next) {
        // No transaction around the two Argon2 computations: a connection is taken only for the short write.
        Row row = findById(accountId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
        if (!passwords.matches(current, row.passwordHash())) {
            audit.recordSeparately("account.password.change", "account:" + row.username(), AuditTrail.FAILURE, "wrong current password");
            throw new DomainException.BadInput("currentPassword", "problem.password.current");
        }
        String fullName = officials.profile(row.officialId()).map(OfficialDirectory.Profile::fullName).orElse(null);
        var errors = PasswordRule.check("newPassword", next, row.username(), fullName);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (next.equals(current)) throw new DomainException.BadInput("newPassword", "problem.password.same");
        String hash = passwords.encode(next);
        tx.executeWithoutResult(s -> {
            jdbc.sql("update access_account set password_hash = ? where id = ?").params(hash, accountId).update();
            jdbc.sql("delete from access_token where account_id = ?").param(accountId).update();
            audit.record("account.password.change", "account:" + row.username(), AuditTrail.SUCCESS, null);
        });
    }

    /** An administrator unlocks an account before its lockout ends: from every source address. */
    @Transactional
    public void unlock(long officialId) {
        String username = jdbc.sql("select username from access_account where official_id = ?").param(officialId).query(String.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("account", officialId));
        throttle.clear(username);
        audit.record("account.unlock", "official:" + officialId, AuditTrail.SUCCESS, null);
    }

    /** Who an account is, by username: for acting as a known person outside a request (demo data, jobs). */
    public Optional<AccountPrincipal> principalOf(String username) {
        return find(normaliseUsername(username)).map(r -> new AccountPrincipal(r.id(), r.officialId(), r.username()));
    }

    public long officialOf(long accountId) {
        return findById(accountId).map(Row::officialId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
    }

    // ---- rows ------------------------------------------------------------------------------------

    private Optional<Row> find(String username) {
        return jdbc.sql(SELECT + " where username = ?").param(username).query(Accounts::row).optional();
    }

    private Optional<Row> findById(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Accounts::row).optional();
    }

    private static final String SELECT = """
            select id, official_id, username, password_hash, totp_secret, totp_enabled, totp_last_step, failed_attempts, locked_until
            from access_account""";

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp locked = rs.getTimestamp(9);
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                rs.getLong(7), rs.getInt(8), locked == null ? null : locked.toInstant());
    }
}
