package vn.truongson.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox provider's second factor and redirect-URI rule, without a server. */
class EidAccountsTest {

    /** RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (Base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), last 6 digits. */
    @Test
    void totpMatchesTheRfcVectors() {
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assertThat(EidAccounts.totp(secret, 59 / 30)).isEqualTo("287082");
        assertThat(EidAccounts.totp(secret, 1111111109L / 30)).isEqualTo("081804");
        assertThat(EidAccounts.totp(secret, 1234567890L / 30)).isEqualTo("005924");
        assertThat(EidAccounts.totpMatches(secret, "287082", Instant.ofEpochSecond(59 + 30))).as("one step late").isTrue();
        assertThat(EidAccounts.totpMatches(secret, "287082", Instant.ofEpochSecond(59 + 90))).as("three steps late").isFalse();
        assertThat(EidAccounts.totpMatches(secret, "28708", Instant.ofEpochSecond(59))).isFalse();
    }

    @Test
    void aPasswordHashVerifiesOnlyItsPassword() {
        var accounts = new EidAccounts(null, new EidProperties("", "x", "JBSWY3DPEHPK3PXP", java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(10), null));
        String h = accounts.hash("CongDan@2026");
        assertThat(EidAccounts.passwordMatches("CongDan@2026", h)).isTrue();
        assertThat(EidAccounts.passwordMatches("CongDan@2027", h)).isFalse();
        assertThat(accounts.hash("CongDan@2026")).as("salted").isNotEqualTo(h);
    }

    @Test
    void redirectUrisMatchExactlyExceptTheLoopbackPort() {
        var client = new EidProperties.Client("c", "s", List.of("http://localhost/citizen/callback", "https://dvc.example.vn/citizen/callback"));
        assertThat(EidProvider.registered(client, "http://localhost:8080/citizen/callback")).isTrue();
        assertThat(EidProvider.registered(client, "https://dvc.example.vn/citizen/callback")).isTrue();
        assertThat(EidProvider.registered(client, "https://dvc.example.vn:8443/citizen/callback")).as("port of a real host").isFalse();
        assertThat(EidProvider.registered(client, "http://localhost:8080/citizen/callback/")).isFalse();
        assertThat(EidProvider.registered(client, "http://localhost:8080/citizen/callback?next=x")).isFalse();
        assertThat(EidProvider.registered(client, "https://localhost/citizen/callback")).as("scheme").isFalse();
        assertThat(EidProvider.registered(client, "http://localhost.evil.example/citizen/callback")).isFalse();
        assertThat(EidProvider.registered(client, "not a uri")).isFalse();
    }
}
