package vn.truongson.signing;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.signing} (docs/configuration.md).
 *
 * @param pkcs11Library the PKCS#11 module that holds every key (SoftHSM2 by default; a real HSM's module in production)
 * @param managedTokens {@code true}: the platform creates and initialises its own SoftHSM2 token store under
 *     {@code <data-dir>/softhsm} (demo, tests, a single server); {@code false}: the tokens exist already
 *     (an HSM): {@code platformSlot} and {@code platformPin} name the platform's token
 * @param platformSlot the platform token's slot id, when tokens are not managed
 * @param platformPin the platform token's user PIN, when tokens are not managed (env {@code TRUONGSON_SIGNING_PLATFORM_PIN})
 * @param publicUrl the address outsiders reach the platform at: certificates name {@code <publicUrl>/api/v1/pki/crl} as
 *     their CRL distribution point
 * @param maxPinFailures wrong PINs in a row after which a personal key is locked until an administrator unlocks it
 * @param personalValidityDays validity of personal and organisation certificates
 * @param keyAlgorithm {@code EC} (P-256, the default: a key is made in milliseconds) or {@code RSA} for new keys
 * @param keySize RSA key size, when {@code keyAlgorithm} is RSA
 * @param tokenDir where managed tokens live (configuration, token files, the platform token's PIN file); empty:
 *     {@code <data-dir>/softhsm}. Several nodes of a cluster point here at one directory on shared storage, so they
 *     sign with the same CA, seal and TSA keys
 */
@ConfigurationProperties("truongson.signing")
public record SigningProperties(@DefaultValue("/usr/lib/softhsm/libsofthsm2.so") String pkcs11Library,
        @DefaultValue("true") boolean managedTokens, @Nullable Long platformSlot, @Nullable String platformPin,
        @DefaultValue("http://localhost:8080") String publicUrl, @DefaultValue("5") int maxPinFailures,
        @DefaultValue("1095") int personalValidityDays, @DefaultValue("EC") String keyAlgorithm, @DefaultValue("2048") int keySize,
        @Nullable String tokenDir) {

    public SigningProperties {
        if (maxPinFailures < 1 || maxPinFailures > 100) throw new IllegalArgumentException("truongson.signing.max-pin-failures must be 1..100");
        if (!keyAlgorithm.equals("EC") && !keyAlgorithm.equals("RSA")) throw new IllegalArgumentException("truongson.signing.key-algorithm must be EC or RSA");
        if (keySize < 2048) throw new IllegalArgumentException("truongson.signing.key-size must be at least 2048");
        while (publicUrl.endsWith("/")) publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
}
