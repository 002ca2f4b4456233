package vn.truongson.sandbox.registry;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The e-identity accounts of the documented citizens (README.md), and the checks of a password and of a
 * one-time code (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, one step either side). A password alone is e-ID
 * level 1; password and one-time code, level 2.
 */
@Component
class EidAccounts implements ApplicationRunner {

    /** Documented accounts: ID number, has a second factor, phone, e-mail. */
    private record Demo(String idNumber, boolean totp, String phone, String email) {}

    private static final Demo[] DEMO = {
        new Demo("001090001234", true, "0912345678", "nguyenvanan@example.vn"),
        new Demo("079155000777", true, null, null),
        new Demo("048203000999", true, "0987654321", null),
        new Demo("036307004321", false, null, null),
    };

    record Account(String idNumber, String passwordHash, String totpSecret, String phone, String email) {}

    private final JdbcClient jdbc;
    private final EidProperties props;
    private final SecureRandom random = new SecureRandom();

    EidAccounts(JdbcClient jdbc, EidProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Demo d : DEMO) {
            jdbc.sql("insert into eid_account (id_number, password_hash, totp_secret, phone, email) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(d.idNumber(), hash(props.demoPassword()), d.totp() ? props.demoTotpSecret() : null, d.phone(), d.email())
                    .update();
        }
    }

    Optional<Account> find(String idNumber) {
        return jdbc.sql("select id_number, password_hash, totp_secret, phone, email from eid_account where id_number = ?").param(idNumber)
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        int iterations = 100_000;
        return "pbkdf2$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
    }

    static boolean passwordMatches(String password, String stored) {
        String[] p = stored.split("\\$");
        byte[] expected = Base64.getDecoder().decode(p[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1])));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean totpMatches(String base32Secret, String code, Instant now) {
        return matchingStep(base32Secret, code, now) >= 0;
    }

    /** The time step (one either side of now) whose code {@code code} is, or -1. */
    static long matchingStep(String base32Secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{6}")) return -1;
        long step = now.getEpochSecond() / 30;
        long found = -1;
        for (long s = step - 1; s <= step + 1; s++) {
            if (MessageDigest.isEqual(totp(base32Secret, s).getBytes(), code.getBytes())) found = s;
        }
        return found;
    }

    /**
     * Checks a one-time code and uses it up: accepted only for a time step later than the last one accepted for the
     * account, and that step recorded in the same statement, so a code works once even for two sign-ins at once.
     */
    boolean useTotp(String idNumber, String base32Secret, String code, Instant now) {
        long step = matchingStep(base32Secret, code, now);
        if (step < 0) return false;
        return jdbc.sql("update eid_account set totp_last_step = ? where id_number = ? and totp_last_step < ?")
                .params(step, idNumber, step).update() == 1;
    }

    static String totp(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[h.length - 1] & 0xf;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = s.replace("=", "").replace(" ", "").toUpperCase();
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0, bits = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
