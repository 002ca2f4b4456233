package vn.truongson.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.runtime.DemoMode;

/**
 * Credentials of systems (OAuth 2.0 client credentials, RFC 6749 §4.4). A client secret is 256 random bits, shown
 * once and kept as its SHA-256 (a slow hash such as Argon2 protects guessable passwords; a random 256-bit secret needs
 * none, and the token endpoint stays cheap). Tokens are opaque, short-lived and kept as SHA-256 too; revoking a
 * credential deletes its tokens in the same transaction, so they fail at once.
 */
@Service
public class Credentials {

    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    public record Issued(String clientId, String clientSecret) {}

    public record Credential(String clientId, Instant createdAt, @Nullable Instant revokedAt) {}

    public record Token(String accessToken, long expiresIn) {}

    /** The system a bearer token stands for. */
    public record Caller(long systemId, String code, long ownerUnitId, String clientId) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Catalogue catalogue;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final DemoMode demo;
    private final ExchangeCache cache;
    private final vn.truongson.signing.Certificates certificates;
    private final vn.truongson.org.Units units;

    Credentials(JdbcClient jdbc, Catalogue catalogue, AccessPolicy policy, AuditTrail audit, DemoMode demo, ExchangeCache cache,
            vn.truongson.signing.Certificates certificates, vn.truongson.org.Units units) {
        this.certificates = certificates;
        this.units = units;
        this.cache = cache;
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.policy = policy;
        this.audit = audit;
        this.demo = demo;
    }

    /** New credentials for a system, by its owner: the secret is in the answer and nowhere else. */
    @Transactional
    public Issued issue(String systemCode) {
        InfoSystem s = catalogue.managed(systemCode);
        String clientId = s.code().toLowerCase(java.util.Locale.ROOT) + "." + HexFormat.of().formatHex(random(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        store(s, clientId, secret);
        return new Issued(clientId, secret);
    }

    /** Demo mode only: credentials with a documented secret (docs/exchange.md), so the demo can be tried by hand. */
    @Transactional
    public Issued provisionDemo(String systemCode, String clientId, String secret) {
        if (!demo.enabled()) throw new IllegalStateException("demo credentials outside demo mode");
        InfoSystem s = catalogue.find(systemCode).orElseThrow();
        store(s, clientId, secret);
        return new Issued(clientId, secret);
    }

    private void store(InfoSystem s, String clientId, String secret) {
        jdbc.sql("insert into exchange_credential (system_id, client_id, secret_hash, created_by) values (?, ?, ?, ?)")
                .params(s.id(), clientId, sha256(secret), catalogueActor()).update();
        audit.record("exchange.credential.issue", "exchange-system:" + s.code(), AuditTrail.SUCCESS, "client:" + clientId);
    }

    private @Nullable Long catalogueActor() {
        return policy.currentActor().map(a -> a.officialId()).orElse(null);
    }

    public List<Credential> list(String systemCode) {
        InfoSystem s = catalogue.managed(systemCode);
        return jdbc.sql("select client_id, created_at, revoked_at from exchange_credential where system_id = ? order by created_at desc, id desc")
                .param(s.id()).query((rs, n) -> new Credential(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).list();
    }

    /** A TLS client certificate issued to a system: its credential's client id, the certificate and the chain (PEM). */
    public record IssuedCertificate(String clientId, String serial, String sha256, String certificate, String chain, Instant notAfter) {}

    /** How long a system's TLS client certificate is valid: short, renewed by a new request. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);

    /**
     * A TLS client certificate for a system, by its owner, from the system's own PKCS#10 request (PEM; the key never
     * leaves the system): issued by the platform's issuing CA (signing), kept as a credential of kind TLS by the
     * SHA-256 of its DER. Audited (here and by signing).
     */
    @Transactional
    public IssuedCertificate issueCertificate(String systemCode, @Nullable String csrPem) {
        InfoSystem s = catalogue.managed(systemCode);
        if (csrPem == null || csrPem.isBlank()) throw new DomainException.BadInput("csr", "problem.field.required");
        String unitName = units.names(List.of(s.ownerUnitId())).getOrDefault(s.ownerUnitId(), "-");
        var c = certificates.issueClientCertificate(csrPem, s.code(), unitName, CERTIFICATE_VALIDITY);
        String fingerprint = HexFormat.of().formatHex(digest(c.der()));
        String clientId = "tls." + c.serial().toLowerCase(java.util.Locale.ROOT);
        jdbc.sql("insert into exchange_credential (system_id, client_id, kind, cert_serial, cert_sha256, created_by) values (?, ?, 'TLS', ?, ?, ?)")
                .params(s.id(), clientId, c.serial(), fingerprint, catalogueActor()).update();
        audit.record("exchange.credential.issue", "exchange-system:" + s.code(), AuditTrail.SUCCESS, "client:" + clientId + " tls sha256:" + fingerprint);
        return new IssuedCertificate(clientId, c.serial(), fingerprint, c.pem(), c.chainPem(), c.notAfter());
    }

    /**
     * The system a verified TLS client certificate stands for (its DER's SHA-256, hex, as the trusted proxy passes it):
     * a live TLS credential of a system not retired. Cached until anything in the catalogue changes, so a revocation
     * is seen at the next call on every node.
     */
    public Optional<Caller> resolveCertificate(String sha256) {
        String f = sha256.strip().toLowerCase(java.util.Locale.ROOT).replace(":", "");
        if (!f.matches("[0-9a-f]{64}")) return Optional.empty();
        return cache.getIfFound(new CertKey(f), k -> jdbc.sql("""
                select s.id, s.code, s.owner_unit_id, c.client_id from exchange_credential c join exchange_system s on s.id = c.system_id
                where c.kind = 'TLS' and c.cert_sha256 = ? and c.revoked_at is null and s.status <> 'RETIRED'""").param(k.sha256())
                .query((rs, n) -> new Caller(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4))).optional());
    }

    private record CertKey(String sha256) {}

    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Revokes a credential and deletes its tokens: a call with one of them fails from this commit on. A TLS
     * certificate is revoked at the CA too (its CRL is published in the same transaction).
     */
    @Transactional
    public void revoke(String systemCode, String clientId) {
        InfoSystem s = catalogue.managed(systemCode);
        Long id = jdbc.sql("update exchange_credential set revoked_at = now() where system_id = ? and client_id = ? and revoked_at is null returning id")
                .params(s.id(), clientId).query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.NotFound("exchange-credential", clientId);
        String serial = jdbc.sql("select cert_serial from exchange_credential where id = ?").param(id).query(String.class).optional().orElse(null);
        if (serial != null) certificates.revokeClientCertificate(serial, "exchange credential " + clientId + " revoked");
        int tokens = jdbc.sql("delete from exchange_token where credential_id = ?").param(id).update();
        audit.record("exchange.credential.revoke", "exchange-system:" + s.code(), AuditTrail.SUCCESS, "client:" + clientId + " tokens:" + tokens);
    }

    /**
     * The token endpoint's check: a live credential of a system not retired, with this secret. Empty otherwise, with
     * no hint of which part was wrong; each refusal is audited.
     */
    @Transactional
    public Optional<Token> token(String clientId, String secret) {
        record Row(long id, long systemId, String hash, String code) {}
        Optional<Row> row = clientId.length() > 100 ? Optional.empty() : jdbc.sql("""
                select c.id, c.system_id, c.secret_hash, s.code from exchange_credential c join exchange_system s on s.id = c.system_id
                where c.client_id = ? and c.kind = 'SECRET' and c.revoked_at is null and s.status <> 'RETIRED'""").param(clientId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))).optional();
        // Compare digests in constant time; hash even when no row, so timing says nothing of which part was wrong.
        byte[] given = sha256(secret).getBytes(StandardCharsets.US_ASCII);
        byte[] kept = row.map(r -> r.hash().getBytes(StandardCharsets.US_ASCII)).orElse(new byte[given.length]);
        if (row.isEmpty() || !MessageDigest.isEqual(given, kept)) {
            audit.recordSeparately("client:" + clip(clientId), "exchange.token", "exchange-credential:" + clip(clientId), AuditTrail.DENIED, "bad client credentials");
            return Optional.empty();
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        jdbc.sql("delete from exchange_token where expires_at < now() - interval '1 hour'").update();
        jdbc.sql("insert into exchange_token (token_hash, credential_id, system_id, expires_at) values (?, ?, ?, ?)")
                .params(sha256(token), row.get().id(), row.get().systemId(), java.sql.Timestamp.from(Instant.now().plus(TOKEN_LIFETIME))).update();
        audit.recordSeparately("client:" + clientId, "exchange.token", "exchange-system:" + row.get().code(), AuditTrail.SUCCESS, null);
        return Optional.of(new Token(token, TOKEN_LIFETIME.toSeconds()));
    }

    /** The system a live token stands for. */
    public Optional<Caller> resolve(String token) {
        if (token.isEmpty() || token.length() > 200) return Optional.empty();
        return lookup(sha256(token)).filter(l -> l.expiresAt().isAfter(Instant.now())).map(Live::caller);
    }

    /** A live token as cached: known tokens only (a token issued a moment ago is simply not cached yet). */
    record Live(Caller caller, Instant expiresAt) {}

    private record TokenKey(String hash) {}

    private Optional<Live> lookup(String hash) {
        return cache.getIfFound(new TokenKey(hash), k -> jdbc.sql("""
                select s.id, s.code, s.owner_unit_id, c.client_id, t.expires_at from exchange_token t join exchange_credential c on c.id = t.credential_id
                join exchange_system s on s.id = t.system_id
                where t.token_hash = ? and t.expires_at > now() and c.revoked_at is null and s.status <> 'RETIRED'""").param(k.hash())
                .query((rs, n) -> new Live(new Caller(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)), rs.getTimestamp(5).toInstant()))
                .optional());
    }

    private static String clip(String s) {
        String v = s.length() > 100 ? s.substring(0, 100) : s;
        return v.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
