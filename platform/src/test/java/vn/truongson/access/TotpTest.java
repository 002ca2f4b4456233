package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890"; we keep the last 6 of the 8 published digits.
    static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matches_the_rfc_6238_test_vectors() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
    }

    @Test
    void base32_round_trips_and_rejects_garbage() {
        assertThat(Totp.decodeBase32("JBSWY3DPEHPK3PXP")).isEqualTo("Hello!\u00de\u00ad\u00be\u00ef".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Totp.isValidSecret("JBSWY3DPEHPK3PXP")).isTrue();
        assertThat(Totp.isValidSecret("not base32!")).isFalse();
        assertThat(Totp.isValidSecret("ABC")).isFalse();
    }

    @Test
    void accepts_one_step_of_drift_and_no_more() {
        Instant now = Instant.ofEpochSecond(1_800_000_000);
        long s = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, s - 1), now)).isEqualTo(s - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, s + 1), now)).isEqualTo(s + 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, s - 3), now)).isEqualTo(-1);
        assertThat(Totp.matchingStep(RFC_SECRET, "12345", now)).isEqualTo(-1);
    }
}
