package vn.truongson.signing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.signing.internal.CertificateAuthority;

/**
 * Issuing, revoking and unlocking certificates (API.md {@code /api/v1/pki/**}): an administrator of the
 * official's (or unit's) unit. Checks the caller's grant before the fields, so that a stranger learns nothing.
 */
@Service
public class Certificates {

    /** PKCS#11 user PINs: 6 to 32 printable ASCII characters, not all the same. */
    public static final int PIN_MIN = 6, PIN_MAX = 32;

    private final CertificateAuthority ca;
    private final AccessPolicy policy;
    private final OfficialDirectory officials;
    private final Units units;

    Certificates(CertificateAuthority ca, AccessPolicy policy, OfficialDirectory officials, Units units) {
        this.ca = ca;
        this.policy = policy;
        this.officials = officials;
        this.units = units;
    }

    public CertificateRecord issuePersonal(long officialId, @Nullable String pin) {
        OfficialDirectory.Profile p = official(officialId);
        policy.requireOnUnit(Set.of(Role.ADMIN), p.unitId());
        char[] checked = checkPin(pin);
        if (!p.active()) throw new DomainException.Conflict("signing.official-inactive");
        return ca.issuePersonal(officialId, p.fullName(), p.unitName(), checked, policy.actor().username());
    }

    public CertificateRecord issueUnit(long unitId) {
        Unit u = units.get(unitId);
        policy.requireOnUnit(Set.of(Role.ADMIN), unitId);
        return ca.issueUnit(unitId, u.name(), u.organId(), policy.actor().username());
    }

    /** Revokes the official's valid certificate; 409 when there is none. */
    public CertificateRecord revokePersonal(long officialId) {
        OfficialDirectory.Profile p = official(officialId);
        policy.requireOnUnit(Set.of(Role.ADMIN), p.unitId());
        CertificateRecord c = ca.personal(officialId).filter(r -> "VALID".equals(r.status()))
                .orElseThrow(() -> new DomainException.Conflict("signing.nothing-to-revoke"));
        return ca.revoke(c.serial(), "revoked by " + policy.actor().username());
    }

    public CertificateRecord revokeUnit(long unitId) {
        units.get(unitId);
        policy.requireOnUnit(Set.of(Role.ADMIN), unitId);
        CertificateRecord c = ca.unit(unitId).filter(r -> "VALID".equals(r.status()))
                .orElseThrow(() -> new DomainException.Conflict("signing.nothing-to-revoke"));
        return ca.revoke(c.serial(), "revoked by " + policy.actor().username());
    }

    /** A TLS client certificate issued from a system's request: DER, serial (hex), and the chain up to the root (PEM). */
    public record ClientCertificate(String serial, byte[] der, String pem, String chainPem, java.time.Instant notAfter) {}

    /**
     * Issues a TLS client certificate (extendedKeyUsage clientAuth, CN = {@code systemCode}, OU = {@code unitName}) from
     * the issuing CA for a PKCS#10 request in PEM, valid {@code validity} (at most 90 days). The caller (the exchange)
     * has checked that the person owns the system; audited. 400 on {@code csr} for a request that is not PEM PKCS#10,
     * whose signature does not verify, or whose key is weak.
     */
    public ClientCertificate issueClientCertificate(String csrPem, String systemCode, String unitName, java.time.Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(java.time.Duration.ofDays(90)) > 0) throw new IllegalArgumentException("validity");
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr;
        try (var reader = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(csrPem))) {
            if (csrPem.length() > 20_000 || !(reader.readObject() instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest r)) {
                throw new DomainException.BadInput("csr", "signing.csr.invalid");
            }
            csr = r;
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof DomainException d) throw d;
            throw new DomainException.BadInput("csr", "signing.csr.invalid");
        }
        java.security.cert.X509Certificate c;
        try {
            c = ca.issueClient(csr, systemCode, unitName, validity, policy.actor().username());
        } catch (IllegalArgumentException e) {
            throw new DomainException.BadInput("csr", "key".equals(e.getMessage()) ? "signing.csr.weak-key" : "signing.csr.invalid");
        }
        try {
            return new ClientCertificate(CertificateAuthority.serial(c), c.getEncoded(), pem(c.getEncoded()),
                    pem(ca.issuing().getEncoded()) + pem(ca.root().getEncoded()), c.getNotAfter().toInstant());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Revokes a client certificate (the CRL is published in the same transaction); the caller checked who asks. */
    public void revokeClientCertificate(String serial, String reason) {
        ca.revoke(serial, reason + " (" + policy.actor().username() + ")");
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Clears the wrong-PIN count of the official's key. */
    public CertificateRecord unlock(long officialId) {
        OfficialDirectory.Profile p = official(officialId);
        policy.requireOnUnit(Set.of(Role.ADMIN), p.unitId());
        CertificateRecord c = ca.personal(officialId).filter(r -> "VALID".equals(r.status()))
                .orElseThrow(() -> new DomainException.Conflict("signing.no-certificate"));
        ca.unlock(c.serial(), officialId);
        return ca.find(c.serial(), true).orElseThrow();
    }

    /** Every certificate, newest first: for administrators. */
    public List<CertificateRecord> list(int limit) {
        policy.requireAnyGrant(Set.of(Role.ADMIN));
        return ca.list(Math.clamp(limit, 1, 1000));
    }

    /** The signed-in official's own personal certificate, if any. */
    public Optional<CertificateRecord> mine() {
        return ca.personal(policy.actor().officialId());
    }

    public Optional<CertificateRecord> ofOfficial(long officialId) {
        return ca.personal(officialId);
    }

    public Optional<CertificateRecord> ofUnit(long unitId) {
        return ca.unit(unitId);
    }

    /**
     * The signed-in official's own signature image (PNG, at most 512 KB): drawn on their later signatures
     * instead of the one made from their name.
     */
    public void setSignatureImage(byte[] png) {
        if (png.length == 0 || png.length > 512 * 1024) throw new DomainException.BadInput("image", "signing.image.size", 512);
        java.awt.image.BufferedImage img;
        try {
            boolean isPng = png.length > 8 && (png[0] & 0xff) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G';
            img = isPng ? javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)) : null;
        } catch (java.io.IOException e) {
            img = null;
        }
        if (img == null || img.getWidth() > 4000 || img.getHeight() > 4000) throw new DomainException.BadInput("image", "signing.image.png");
        ca.setSignatureImage(policy.actor().officialId(), png);
    }

    public boolean hasSignatureImage() {
        return ca.signatureImage(policy.actor().officialId()) != null;
    }

    /** The signed-in official's own signature image, if they uploaded one. */
    public Optional<byte[]> signatureImage() {
        return Optional.ofNullable(ca.signatureImage(policy.actor().officialId()));
    }

    /** The root certificate, PEM. */
    public String rootPem() {
        try {
            String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.root().getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current CRL of the issuing CA (end-entity certificates), DER. */
    public byte[] crl() {
        return ca.crl("ISSUING");
    }

    /** The root's CRL (revoked CA certificates), DER. */
    public byte[] rootCrl() {
        return ca.crl("ROOT");
    }

    public static char[] checkPin(@Nullable String pin) {
        if (pin == null || pin.isEmpty()) throw new DomainException.BadInput("pin", "signing.pin.required");
        String p = VietnameseText.nfc(pin);
        boolean printable = p.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (p.length() < PIN_MIN || p.length() > PIN_MAX || !printable || p.chars().distinct().count() == 1) {
            throw new DomainException.BadInput("pin", "signing.pin.weak", PIN_MIN, PIN_MAX);
        }
        return p.toCharArray();
    }

    private OfficialDirectory.Profile official(long officialId) {
        return officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
    }
}
