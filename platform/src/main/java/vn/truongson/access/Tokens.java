package vn.truongson.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Opaque API bearer tokens. Only their SHA-256 is stored, so a copy of the database gives no usable
 * token; being rows, they work on every node and can be revoked.
 */
@Service
public class Tokens {

    public record Issued(String token, long expiresIn) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final AccessProperties props;
    private final ActorCache cache;

    Tokens(JdbcClient jdbc, AccessProperties props, ActorCache cache) {
        this.jdbc = jdbc;
        this.props = props;
        this.cache = cache;
    }

    public Issued issue(long accountId) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = Instant.now();
        jdbc.sql("insert into access_token (token_hash, account_id, issued_at, expires_at) values (?, ?, ?, ?)")
                .params(sha256(token), accountId, Timestamp.from(now), Timestamp.from(now.plus(props.tokenLifetime()))).update();
        return new Issued(token, props.tokenLifetime().toSeconds());
    }

    Optional<AccountPrincipal> resolve(String token) {
        if (token.length() > 100) return Optional.empty();
        String hash = sha256(token);
        return cache.token(hash, () -> jdbc.sql("""
                select a.id, a.official_id, a.username, t.expires_at from access_token t join access_account a on a.id = t.account_id
                where t.token_hash = ? and t.expires_at > now()""")
                .param(hash)
                .query((rs, n) -> new ActorCache.Principal(new AccountPrincipal(rs.getLong(1), rs.getLong(2), rs.getString(3)),
                        rs.getTimestamp(4).toInstant())).optional())
                .map(ActorCache.Principal::principal);
    }

    void revokeAll(long accountId) {
        jdbc.sql("delete from access_token where account_id = ?").param(accountId).update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purgeExpired() {
        jdbc.sql("delete from access_token where expires_at < now()").update();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
