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
    /** A hash to check against when the username is unknown, so timing does not tell which names exist. */
    private final String decoyHash;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Grants grants, OfficialDirectory officials, AccessProperties props,
            AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.grants = grants;
        this.officials = officials;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
        this.decoyHash = passwords.encode("decoy-password-never-used");
    }

    // ---- creation --------------------------------------------------------------------------------

    /** Usernames: 3–64 of a–z, 0–9, dot, dash, underscore; stored lower-case. */
    public static String normaliseUsername(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    public static List<DomainException.FieldError> checkNew(String username, String password, @Nullable String totpSecret) {
        var errors = new ArrayList<DomainException.FieldError>();
        if (!normaliseUsername(username).matches("[a-z0-9._-]{3,64}")) errors.add(new DomainException.FieldError("username", "problem.username.format"));
        if (password.length() < 10 || password.length() > 128 || !password.matches(".*\\p{L}.*") || !password.matches(".*\\d.*")) {
            errors.add(new DomainException.FieldError("password", "problem.password.weak"));
        }
        if (totpSecret != null && !totpSecret.isBlank() && !Totp.isValidSecret(totpSecret)) {
            errors.add(new DomainException.FieldError("totpSecret", "problem.totp.secret"));
        }
        return errors;
    }

    /** Creates the account of an official; call inside the transaction that creates the official. */
    @Transactional
    public long create(long officialId, String username, String password, @Nullable String totpSecret) {
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
        return jdbc.sql("select id, official_id, username, totp_enabled, locked_until from access_account where official_id = ?")
                .param(officialId)
                .query((rs, n) -> new AccountView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .optional();
    }

    // ---- sign-in ---------------------------------------------------------------------------------

    /**
     * Checks a password and, where one is needed, a second factor (TOTP code or recovery code). With no
     * {@code otp} where one is needed, answers {@link SignIn.SecondFactorRequired} without counting a failure.
     */
    @Transactional(noRollbackFor = DomainException.class)
    public SignIn signIn(String username, String password, @Nullable String otp) {
        String name = normaliseUsername(username);
        Row row = find(name).orElse(null);
        if (row == null) {
            passwords.matches(password, decoyHash);
            audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.FAILURE, "unknown user");
            vn.truongson.core.DomainMetrics.count(vn.truongson.core.DomainMetrics.Counter.SIGNIN_FAILURES);
            return new SignIn.Invalid();
        }
        Instant now = clock.instant();
        if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
            audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.DENIED, "locked");
            vn.truongson.core.DomainMetrics.count(vn.truongson.core.DomainMetrics.Counter.SIGNIN_FAILURES);
            return new SignIn.Locked(row.lockedUntil());
        }
        if (!passwords.matches(password, row.passwordHash())) {
            return fail(row, now, "bad password");
        }
        if (!officials.profile(row.officialId()).map(OfficialDirectory.Profile::active).orElse(false)) {
            // A deactivated official's account stays for the record, but opens nothing.
            audit.recordSeparately(name, "signin", "account:" + name, AuditTrail.DENIED, "official deactivated");
            return new SignIn.Invalid();
        }
        if (needsSecondFactor(row)) {
            if (!row.totpEnabled() || otp == null || otp.isBlank()) return new SignIn.SecondFactorRequired(row.id(), row.totpEnabled());
            return checkSecondFactor(row, otp, now);
        }
        return succeed(row);
    }

    /** Second step of the browser sign-in, after the password step answered SecondFactorRequired. */
    @Transactional(noRollbackFor = DomainException.class)
    public SignIn secondFactor(long accountId, String otp) {
        Row row = findById(accountId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
        Instant now = clock.instant();
        if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
            audit.recordSeparately(row.username(), "signin", "account:" + row.username(), AuditTrail.DENIED, "locked");
            return new SignIn.Locked(row.lockedUntil());
        }
        return checkSecondFactor(row, otp, now);
    }

    private SignIn checkSecondFactor(Row row, String otp, Instant now) {
        String code = otp.replace(" ", "").trim();
        long step = row.totpSecret() == null ? -1 : Totp.matchingStep(row.totpSecret(), code, now);
        if (step > row.totpLastStep()) {
            jdbc.sql("update access_account set totp_last_step = ? where id = ?").params(step, row.id()).update();
            return succeed(row);
        }
        if (step < 0 && useRecoveryCode(row.id(), code)) {
            audit.recordSeparately(row.username(), "signin.recovery-code", "account:" + row.username(), AuditTrail.SUCCESS, null);
            return succeed(row);
        }
        return fail(row, now, step >= 0 ? "replayed one-time code" : "bad one-time code");
    }

    private SignIn succeed(Row row) {
        jdbc.sql("update access_account set failed_attempts = 0, locked_until = null where id = ?").param(row.id()).update();
        audit.recordSeparately(row.username(), "signin", "account:" + row.username(), AuditTrail.SUCCESS, null);
        return new SignIn.Success(new AccountPrincipal(row.id(), row.officialId(), row.username()));
    }

    private SignIn fail(Row row, Instant now, String why) {
        int failures = row.failedAttempts() + 1;
        Instant until = failures >= props.maxFailedAttempts() ? now.plus(props.lockout()) : null;
        jdbc.sql("update access_account set failed_attempts = ?, locked_until = ? where id = ?")
                .params(until == null ? failures : 0, until == null ? null : Timestamp.from(until), row.id()).update();
        audit.recordSeparately(row.username(), "signin", "account:" + row.username(), AuditTrail.FAILURE,
                why + (until == null ? "" : "; locked until " + until));
        vn.truongson.core.DomainMetrics.count(vn.truongson.core.DomainMetrics.Counter.SIGNIN_FAILURES);
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
    @Transactional
    public void changePassword(long accountId, String current, String next) {
        Row row = findById(accountId).orElseThrow(() -> new DomainException.NotFound("account", accountId));
        if (!passwords.matches(current, row.passwordHash())) {
            audit.recordSeparately("account.password.change", "account:" + row.username(), AuditTrail.FAILURE, "wrong current password");
            throw new DomainException.BadInput("currentPassword", "problem.password.current");
        }
        var errors = checkNew(row.username(), next, null);
        if (!errors.isEmpty()) throw new DomainException.BadInput("newPassword", "problem.password.weak");
        if (next.equals(current)) throw new DomainException.BadInput("newPassword", "problem.password.same");
        jdbc.sql("update access_account set password_hash = ? where id = ?").params(passwords.encode(next), accountId).update();
        jdbc.sql("delete from access_token where account_id = ?").param(accountId).update();
        audit.record("account.password.change", "account:" + row.username(), AuditTrail.SUCCESS, null);
    }

    /** An administrator unlocks an account before its lockout ends. */
    @Transactional
    public void unlock(long officialId) {
        int n = jdbc.sql("update access_account set failed_attempts = 0, locked_until = null where official_id = ?").param(officialId).update();
        if (n == 0) throw new DomainException.NotFound("account", officialId);
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
