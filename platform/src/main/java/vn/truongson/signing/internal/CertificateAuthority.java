package vn.truongson.signing.internal;

import java.math.BigInteger;
import java.security.AuthProvider;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.audit.AuditTrail;
import vn.truongson.signing.CertificateRecord;
import vn.truongson.signing.SigningProperties;

/**
 * The platform's two-level CA (root and issuing), its TSA certificate and the master key, all on the
 * platform's own token; and the certificates it issues to officials (each on a token of their own, under their
 * PIN) and to units (seal keys on the platform token). Every issue and revocation is audited; revoking publishes a
 * new CRL at once.
 */
@Component
public class CertificateAuthority {

    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
    public static final String ROOT = "root";
    public static final String ISSUING = "issuing";
    public static final String TSA = "tsa";
    static final String PLATFORM_TOKEN = "truongson-platform";
    /** The JCA signature algorithm a key signs with: SHA-256 with ECDSA or RSA (PKCS#1 v1.5). */
    static String signatureAlgorithm(java.security.Key key) {
        return "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }
    private static final String COLUMNS = "serial, kind, official_id, unit_id, subject, not_before, not_after, status, revoked_at, "
            + "pin_failures, locked, issued_by, created_at";

    private final JdbcClient jdbc;
    private final Pkcs11Tokens tokens;
    private final SigningProperties props;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    private volatile @Nullable Platform platform;

    /** The platform's token, logged in, and this installation's id. */
    record Platform(String installation, String label, AuthProvider provider, KeyStore keyStore) {}

    CertificateAuthority(JdbcClient jdbc, Pkcs11Tokens tokens, SigningProperties props, AuditTrail audit, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.props = props;
        this.audit = audit;
        this.tx = tx;
    }

    // ---------------------------------------------------------------- the platform token and the CA

    /** The platform token, opened (and the first time: initialised, with the root, issuing and TSA keys made). */
    public Platform platform() {
        Platform p = platform;
        if (p != null) return p;
        synchronized (this) {
            if (platform == null) platform = open();
            return platform;
        }
    }

    private Platform open() {
        long t0 = System.nanoTime();
        String installation = jdbc.sql("select installation from signing_installation where id = 1").query(String.class).optional()
                .orElseGet(() -> {
                    String id = HexFormat.of().formatHex(bytes(4));
                    jdbc.sql("insert into signing_installation (id, installation) values (1, ?) on conflict do nothing").param(id).update();
                    return jdbc.sql("select installation from signing_installation where id = 1").query(String.class).single();
                });
        // One platform token per token store; each installation (database) sharing the store names its keys with its own id.
        String label = PLATFORM_TOKEN;
        char[] pin;
        if (tokens.managed()) {
            pin = tokens.acrossProcesses(() -> tokens.pinFile(label));
        } else {
            if (props.platformSlot() == null || props.platformPin() == null || props.platformPin().isBlank()) {
                throw new IllegalStateException("truongson.signing.platform-slot and platform-pin are needed when tokens are not managed");
            }
            pin = props.platformPin().toCharArray();
        }
        AuthProvider provider = tokens.platform(label, pin);
        KeyStore ks;
        try {
            ks = tokens.login(provider, pin);
        } catch (Pkcs11Tokens.WrongPin e) {
            throw new IllegalStateException("The platform token " + label + " refused its PIN");
        }
        Platform p = new Platform(installation, label, provider, ks);
        platform = p;
        ensureCa(p);
        log.info("Signing: platform token {} ready in {} ms", label, (System.nanoTime() - t0) / 1_000_000);
        return p;
    }

    private void ensureCa(Platform p) {
        if (find("ROOT").isPresent()) return;
        tx.executeWithoutResult(s -> {
            // Nodes starting together on one database: one makes the CA, the others wait and find it made.
            jdbc.sql("select pg_advisory_xact_lock(hashtext('signing.ca'))").query().singleRow();
            if (find("ROOT").isPresent()) return;
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name rootName = name("Trường Sơn Root CA", null, null);
            KeyPair rootKeys = generate(p.provider());
            X509Certificate root = build(rootName, rootKeys.getPrivate(), null, rootName, rootKeys.getPublic(), now, now.plus(Duration.ofDays(20 * 365)),
                    Kind.ROOT, p.provider());
            store(p, ROOT, rootKeys.getPrivate(), root, null);
            insert(root, "ROOT", null, null, p.label(), ROOT, "system");

            KeyPair issuingKeys = generate(p.provider());
            X509Certificate issuing = build(rootName, rootKeys.getPrivate(), root, name("Trường Sơn Issuing CA 1", null, null), issuingKeys.getPublic(),
                    now, now.plus(Duration.ofDays(10 * 365)), Kind.ISSUING, p.provider());
            store(p, ISSUING, issuingKeys.getPrivate(), issuing, root);
            insert(issuing, "ISSUING", null, null, p.label(), ISSUING, "system");

            KeyPair tsaKeys = generate(p.provider());
            X509Certificate tsa = build(issuing.getSubjectX500Principal(), issuingKeys.getPrivate(), issuing, name("Trường Sơn TSA 1", null, null),
                    tsaKeys.getPublic(), now, now.plus(Duration.ofDays(5 * 365)), Kind.TSA, p.provider());
            store(p, TSA, tsaKeys.getPrivate(), tsa, issuing, root);
            insert(tsa, "TSA", null, null, p.label(), TSA, "system");

            publishCrl("ROOT");
            publishCrl("ISSUING");
            audit.record("signing.ca.create", "certificate:" + serial(root), AuditTrail.SUCCESS,
                    "root " + serial(root) + ", issuing " + serial(issuing) + ", tsa " + serial(tsa));
        });
    }

    public X509Certificate root() { return certificate(find("ROOT").orElseThrow().serial()); }

    public X509Certificate issuing() { return certificate(find("ISSUING").orElseThrow().serial()); }

    public X509Certificate tsaCertificate() { return certificate(find("TSA").orElseThrow().serial()); }

    public PrivateKey platformKey(String alias) {
        try {
            PrivateKey k = (PrivateKey) reloadOnMiss(alias(alias));
            if (k == null) throw new IllegalStateException("No key " + alias(alias) + " on the platform token");
            return k;
        } catch (Exception e) {
            throw new IllegalStateException("No key " + alias + " on the platform token", e);
        }
    }

    /**
     * The key under {@code label}; when this node's key store does not know it, the store is read from the token
     * again once: another node sharing the token (a cluster) may have made it since this node opened the token.
     */
    private java.security.Key reloadOnMiss(String label) throws java.security.GeneralSecurityException {
        KeyStore ks = platform().keyStore();
        java.security.Key k = ks.getKey(label, null);
        if (k != null) return k;
        synchronized (ks) {
            try {
                ks.load(null, null);
            } catch (java.io.IOException e) {
                throw new java.security.KeyStoreException("Cannot read the platform token again", e);
            }
            return ks.getKey(label, null);
        }
    }

    /** Key labels on the platform token carry the installation's id. */
    private String alias(String alias) {
        return platform().installation() + "-" + alias;
    }

    public AuthProvider platformProvider() {
        return platform().provider();
    }

    // ---------------------------------------------------------------- issuing

    /** A personal certificate for the official, its key made on a token of their own under {@code pin}. */
    public CertificateRecord issuePersonal(long officialId, String fullName, String unitName, char[] pin, String issuedBy) {
        Platform p = platform();
        // A label of its own for each issue (at most 32 characters): a token left from an issue that failed half-way never
        // shadows the new one. The official's earlier token (and the key on it) goes; the old certificate is superseded.
        String label = "ts-" + p.installation() + "-o" + Long.toString(officialId, 36) + "-" + HexFormat.of().formatHex(bytes(2));
        personal(officialId).ifPresent(earlier -> tokens.deleteToken(tokenLabel(earlier.serial())));
        PublicKey key = tokens.createPersonal(label, pin, props.keyAlgorithm(), props.keySize());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = build(issuing().getSubjectX500Principal(), platformKey(ISSUING), issuing(), name(fullName, unitName, "official-" + officialId),
                key, now, now.plus(Duration.ofDays(props.personalValidityDays())), Kind.END_ENTITY, p.provider());
        try {
            tokens.writeCertificate(label, pin, cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate issued = cert;
        return tx.execute(s -> {
            jdbc.sql("update signing_certificate set status = 'SUPERSEDED' where kind = 'PERSONAL' and official_id = ? and status = 'VALID'")
                    .param(officialId).update();
            insert(issued, "PERSONAL", officialId, null, label, "signing", issuedBy);
            // Relying parties (DSS among them) accept only revocation data issued after the certificate.
            publishCrl("ISSUING");
            audit.record("signing.certificate.issue", "official:" + officialId, AuditTrail.SUCCESS,
                    "serial " + serial(issued) + ", " + issued.getSubjectX500Principal().getName());
            return find(serial(issued), true).orElseThrow();
        });
    }

    /** The unit's organisation certificate (its seal); the key stays on the platform token. */
    public CertificateRecord issueUnit(long unitId, String unitName, @Nullable String organId, String issuedBy) {
        Platform p = platform();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = generate(p.provider());
        X509Certificate cert = build(issuing().getSubjectX500Principal(), platformKey(ISSUING), issuing(), name(unitName, null, organId),
                keys.getPublic(), now, now.plus(Duration.ofDays(props.personalValidityDays())), Kind.END_ENTITY, p.provider());
        String alias = "unit-" + unitId + "-" + serial(cert).substring(0, 8).toLowerCase();
        store(p, alias, keys.getPrivate(), cert, issuing(), root());
        return tx.execute(s -> {
            jdbc.sql("update signing_certificate set status = 'SUPERSEDED' where kind = 'UNIT' and unit_id = ? and status = 'VALID'")
                    .param(unitId).update();
            insert(cert, "UNIT", null, unitId, p.label(), alias, issuedBy);
            publishCrl("ISSUING");
            audit.record("signing.certificate.issue", "unit:" + unitId, AuditTrail.SUCCESS,
                    "serial " + serial(cert) + ", " + cert.getSubjectX500Principal().getName());
            return find(serial(cert), true).orElseThrow();
        });
    }

    /**
     * A TLS client certificate for an information system, from its own PKCS#10 request (the key stays with the
     * system): subject C=VN, O=Bộ Quốc phòng, OU=the owner unit, CN=the system's code; keyUsage digitalSignature,
     * extendedKeyUsage clientAuth; the CRL distribution point of the issuing CA. The request's signature must verify
     * (proof of possession) and its key be RSA of at least 2048 bits or EC. The caller has checked who asks.
     */
    public X509Certificate issueClient(org.bouncycastle.pkcs.PKCS10CertificationRequest csr, String systemCode, String unitName, Duration validity,
            String issuedBy) {
        PublicKey key;
        try {
            var jca = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr);
            key = jca.getPublicKey();
            if (!csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("signature");
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("csr", e);
        }
        if (key instanceof java.security.interfaces.RSAPublicKey rsa ? rsa.getModulus().bitLength() < 2048 : !(key instanceof java.security.interfaces.ECPublicKey)) {
            throw new IllegalArgumentException("key");
        }
        Platform p = platform();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = build(issuing().getSubjectX500Principal(), platformKey(ISSUING), issuing(), name(systemCode, unitName, null), key, now,
                now.plus(validity), Kind.CLIENT, p.provider());
        return tx.execute(s -> {
            insert(cert, "CLIENT", null, null, "-", "-", issuedBy);
            publishCrl("ISSUING");
            audit.record("signing.certificate.issue", "exchange-system:" + systemCode, AuditTrail.SUCCESS,
                    "client serial " + serial(cert) + ", " + cert.getSubjectX500Principal().getName());
            return cert;
        });
    }

    /** Revokes the certificate and publishes a new CRL in the same transaction. */
    public CertificateRecord revoke(String serial, String reason) {
        return tx.execute(s -> {
            int n = jdbc.sql("update signing_certificate set status = 'REVOKED', revoked_at = now(), revocation_reason = ? "
                    + "where serial = ? and status <> 'REVOKED' and kind in ('PERSONAL', 'UNIT', 'CLIENT')").param(reason).param(serial).update();
            CertificateRecord r = find(serial, true).orElseThrow();
            if (n == 0) return r;
            publishCrl("ISSUING");
            audit.record("signing.certificate.revoke", r.officialId() != null ? "official:" + r.officialId() : r.unitId() != null ? "unit:" + r.unitId() : "client:" + serial,
                    AuditTrail.SUCCESS, "serial " + serial + ", " + reason);
            return r;
        });
    }

    // ---------------------------------------------------------------- PIN failures

    /** Counts a wrong PIN in a transaction of its own (the caller's is about to fail); true when the key is now locked. */
    public boolean countWrongPin(String serial) {
        Boolean locked = new TransactionTemplate(tx.getTransactionManager(), propagationRequiresNew()).execute(s -> {
            jdbc.sql("update signing_certificate set pin_failures = pin_failures + 1, locked = (pin_failures + 1 >= ?) where serial = ?")
                    .param(props.maxPinFailures()).param(serial).update();
            return jdbc.sql("select locked from signing_certificate where serial = ?").param(serial).query(Boolean.class).single();
        });
        return Boolean.TRUE.equals(locked);
    }

    public void resetPinFailures(String serial) {
        jdbc.sql("update signing_certificate set pin_failures = 0 where serial = ? and pin_failures > 0").param(serial).update();
    }

    public void unlock(String serial, long officialId) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("update signing_certificate set pin_failures = 0, locked = false where serial = ?").param(serial).update();
            audit.record("signing.key.unlock", "official:" + officialId, AuditTrail.SUCCESS, "serial " + serial);
        });
    }

    private static org.springframework.transaction.TransactionDefinition propagationRequiresNew() {
        var d = new org.springframework.transaction.support.DefaultTransactionDefinition();
        d.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return d;
    }

    // ---------------------------------------------------------------- records

    public Optional<CertificateRecord> personal(long officialId) {
        return jdbc.sql("select " + COLUMNS + " from signing_certificate where kind = 'PERSONAL' and official_id = ? "
                + "order by (status = 'VALID') desc, created_at desc limit 1").param(officialId).query(CertificateAuthority::map).optional();
    }

    public Optional<CertificateRecord> unit(long unitId) {
        return jdbc.sql("select " + COLUMNS + " from signing_certificate where kind = 'UNIT' and unit_id = ? "
                + "order by (status = 'VALID') desc, created_at desc limit 1").param(unitId).query(CertificateAuthority::map).optional();
    }

    public List<CertificateRecord> list(int limit) {
        return jdbc.sql("select " + COLUMNS + " from signing_certificate order by created_at desc, serial limit ?").param(limit)
                .query(CertificateAuthority::map).list();
    }

    public Optional<CertificateRecord> find(String kind) {
        return jdbc.sql("select " + COLUMNS + " from signing_certificate where kind = ? and status = 'VALID' order by created_at desc limit 1")
                .param(kind).query(CertificateAuthority::map).optional();
    }

    public Optional<CertificateRecord> find(String serial, boolean bySerial) {
        return jdbc.sql("select " + COLUMNS + " from signing_certificate where serial = ?").param(serial).query(CertificateAuthority::map).optional();
    }

    public String tokenLabel(String serial) {
        return jdbc.sql("select token_label from signing_certificate where serial = ?").param(serial).query(String.class).single();
    }

    public String keyLabel(String serial) {
        return jdbc.sql("select key_label from signing_certificate where serial = ?").param(serial).query(String.class).single();
    }

    public X509Certificate certificate(String serial) {
        return certificates.computeIfAbsent(serial, s -> parse(jdbc.sql("select der from signing_certificate where serial = ?").param(s)
                .query(byte[].class).single()));
    }

    /** Revoked serials and when, for the validator's own view. */
    public Map<BigInteger, Instant> revoked() {
        Map<BigInteger, Instant> out = new java.util.HashMap<>();
        jdbc.sql("select serial, revoked_at from signing_certificate where status = 'REVOKED'")
                .query((rs, n) -> out.put(new BigInteger(rs.getString(1), 16), rs.getTimestamp(2).toInstant())).list();
        return out;
    }

    public void setSignatureImage(long officialId, byte[] png) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("insert into signing_signature_image (official_id, png) values (?, ?) on conflict (official_id) do update set png = excluded.png, "
                    + "updated_at = now()").param(officialId).param(png).update();
            audit.record("signing.signature-image.set", "official:" + officialId, AuditTrail.SUCCESS, png.length + " bytes");
        });
    }

    public byte @Nullable [] signatureImage(long officialId) {
        return jdbc.sql("select png from signing_signature_image where official_id = ?").param(officialId).query(byte[].class).optional().orElse(null);
    }

    // ---------------------------------------------------------------- CRLs

    /** The latest CRL of the issuer (ROOT or ISSUING), republished when it is more than a day old. */
    public byte[] crl(String issuer) {
        platform();
        record Row(Instant thisUpdate, byte[] der) {}
        Optional<Row> latest = jdbc.sql("select this_update, der from signing_crl where issuer = ? order by number desc limit 1").param(issuer)
                .query((rs, n) -> new Row(rs.getTimestamp(1).toInstant(), rs.getBytes(2))).optional();
        if (latest.isPresent() && latest.get().thisUpdate().isAfter(Instant.now().minus(Duration.ofDays(1)))) return latest.get().der();
        return tx.execute(s -> publishCrl(issuer));
    }

    private byte[] publishCrl(String issuer) {
        try {
            boolean root = "ROOT".equals(issuer);
            X509Certificate ca = root ? root() : issuing();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long number = jdbc.sql("select coalesce(max(number), 0) + 1 from signing_crl where issuer = ?").param(issuer).query(Long.class).single();
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            String kinds = root ? "('ISSUING', 'TSA')" : "('PERSONAL', 'UNIT', 'CLIENT')";
            jdbc.sql("select serial, revoked_at from signing_certificate where status = 'REVOKED' and kind in " + kinds).query((rs, n) -> {
                b.addCRLEntry(new BigInteger(rs.getString(1), 16), rs.getTimestamp(2), CRLReason.unspecified);
                return null;
            }).list();
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            PrivateKey caKey = platformKey(root ? ROOT : ISSUING);
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(caKey)).setProvider(platformProvider()).build(caKey);
            X509CRLHolder holder = b.build(signer);
            byte[] der = holder.getEncoded();
            jdbc.sql("insert into signing_crl (issuer, number, this_update, next_update, der) values (?, ?, ?, ?, ?)")
                    .param(issuer).param(number).param(Timestamp.from(now)).param(Timestamp.from(now.plus(Duration.ofDays(7)))).param(der).update();
            return der;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish the " + issuer + " CRL", e);
        }
    }

    public X509CRL parseCrl(byte[] der) {
        try {
            return new JcaX509CRLConverter().getCRL(new X509CRLHolder(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String crlUrl(boolean root) {
        return props.publicUrl() + (root ? "/api/v1/pki/root-crl" : "/api/v1/pki/crl");
    }

    // ---------------------------------------------------------------- helpers

    private enum Kind { ROOT, ISSUING, TSA, END_ENTITY, CLIENT }

    private static X500Name name(String commonName, @Nullable String unitName, @Nullable String identifier) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        b.addRDN(BCStyle.C, "VN");
        b.addRDN(BCStyle.O, "Bộ Quốc phòng");
        if (unitName != null) b.addRDN(BCStyle.OU, unitName);
        if (identifier != null) b.addRDN(new ASN1ObjectIdentifier("2.5.4.97"), identifier);
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    private X509Certificate build(javax.security.auth.x500.X500Principal issuer, PrivateKey issuerKey, X509Certificate issuerCert, X500Name subject,
            PublicKey key, Instant from, Instant to, Kind kind, AuthProvider provider) {
        return build(X500Name.getInstance(issuer.getEncoded()), issuerKey, issuerCert, subject, key, from, to, kind, provider);
    }

    private X509Certificate build(X500Name issuer, PrivateKey issuerKey, @Nullable X509Certificate issuerCert, X500Name subject, PublicKey key,
            Instant from, Instant to, Kind kind, AuthProvider provider) {
        try {
            BigInteger serial = new BigInteger(1, bytes(15)).setBit(119);
            // Valid from a minute back: clocks of relying parties differ a little.
            var b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from.minusSeconds(60)), Date.from(to), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuerCert != null) b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            switch (kind) {
                case ROOT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case ISSUING -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl(true)));
                }
                case TSA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
                    b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl(false)));
                }
                case CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | (key instanceof java.security.interfaces.RSAPublicKey ? KeyUsage.keyEncipherment : 0)));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                    b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl(false)));
                }
                case END_ENTITY -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                    b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl(false)));
                }
            }
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).setProvider(provider).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build the certificate for " + subject, e);
        }
    }

    private static CRLDistPoint distributionPoint(String url) {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    private KeyPair generate(AuthProvider provider) {
        try {
            if ("EC".equals(props.keyAlgorithm())) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", provider);
            g.initialize(props.keySize());
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make a key on " + provider.getName(), e);
        }
    }

    /** The alias prefix of the audit seal keys (issue 11): {@code audit-seal-1}, {@code audit-seal-2} after a rotation. */
    public static final String AUDIT_SEAL = "audit-seal-";

    /**
     * The current audit seal key and its certificate (issued by the issuing CA), made on the platform token the first time:
     * under an advisory lock, so that nodes sealing together make one.
     */
    public Map.Entry<PrivateKey, X509Certificate> auditSealKey() {
        List<X509Certificate> existing = auditSealCertificates();
        if (existing.isEmpty()) {
            tx.executeWithoutResult(s -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtext('signing.audit-seal'))").query().singleRow();
                if (!auditSealCertificates().isEmpty()) return;
                Platform p = platform();
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                KeyPair keys = generate(p.provider());
                X509Certificate cert = build(issuing().getSubjectX500Principal(), platformKey(ISSUING), issuing(),
                        name("Trường Sơn Audit Seal 1", null, null), keys.getPublic(), now, now.plus(Duration.ofDays(10 * 365)),
                        Kind.END_ENTITY, p.provider());
                store(p, AUDIT_SEAL + "1", keys.getPrivate(), cert);
                audit.record("signing.audit-seal.create", "certificate:" + serial(cert), AuditTrail.SUCCESS, cert.getSubjectX500Principal().getName());
            });
            existing = auditSealCertificates();
        }
        X509Certificate current = existing.getFirst();
        int n = existing.size();
        return Map.entry(platformKey(AUDIT_SEAL + n), current);
    }

    /** The audit seal certificates on the token (read from the token itself, not the database), newest first. */
    public List<X509Certificate> auditSealCertificates() {
        List<X509Certificate> out = new java.util.ArrayList<>();
        try {
            KeyStore ks = platform().keyStore();
            // Made by another node since this one read the token: read it again once.
            if (ks.getCertificate(alias(AUDIT_SEAL + 1)) == null) reloadOnMiss(alias(AUDIT_SEAL + 1));
            for (int i = 1; ; i++) {
                java.security.cert.Certificate c = ks.getCertificate(alias(AUDIT_SEAL + i));
                if (c == null) break;
                out.addFirst((X509Certificate) c);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the audit seal certificates from the platform token", e);
        }
        return out;
    }

    /** The TSA certificate as the token holds it. */
    public X509Certificate tokenTsaCertificate() {
        try {
            java.security.cert.Certificate c = platform().keyStore().getCertificate(alias(TSA));
            return c == null ? tsaCertificate() : (X509Certificate) c;
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes an AES-256 key on the platform token under {@code alias}. */
    public void generateSecretKey(String alias) {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES", platformProvider());
            g.init(256);
            SecretKey key = g.generateKey();
            platform().keyStore().setEntry(alias(alias), new KeyStore.SecretKeyEntry(key), null);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make the master key " + alias, e);
        }
    }

    public SecretKey secretKey(String alias) {
        try {
            SecretKey k = (SecretKey) reloadOnMiss(alias(alias));
            if (k == null) throw new IllegalStateException("No key " + alias + " on the platform token");
            return k;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void store(Platform p, String alias, PrivateKey key, X509Certificate... chain) {
        try {
            // The leaf only: SunPKCS11 would store the chain's CA certificates as objects of their own, and a CA
            // certificate there twice (once as its own key's) makes that key's alias ambiguous. Chains live in our tables.
            p.keyStore().setKeyEntry(p.installation() + "-" + alias, key, null, new Certificate[] {chain[0]});
        } catch (Exception e) {
            throw new IllegalStateException("Cannot store " + alias + " on the platform token", e);
        }
    }

    private void insert(X509Certificate c, String kind, @Nullable Long officialId, @Nullable Long unitId, String tokenLabel, String keyLabel,
            String issuedBy) {
        try {
            jdbc.sql("insert into signing_certificate (serial, kind, official_id, unit_id, subject, not_before, not_after, der, token_label, key_label, "
                    + "issued_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .param(serial(c)).param(kind).param(officialId).param(unitId).param(c.getSubjectX500Principal().getName())
                    .param(Timestamp.from(c.getNotBefore().toInstant())).param(Timestamp.from(c.getNotAfter().toInstant()))
                    .param(c.getEncoded()).param(tokenLabel).param(keyLabel).param(issuedBy).update();
            certificates.put(serial(c), c);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16).toUpperCase();
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private char[] soPin() {
        return HexFormat.of().formatHex(bytes(8)).toCharArray();
    }

    private static CertificateRecord map(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        long official = rs.getLong("official_id");
        Long officialId = rs.wasNull() ? null : official;
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        return new CertificateRecord(rs.getString("serial"), rs.getString("kind"), officialId, unitId, rs.getString("subject"),
                rs.getTimestamp("not_before").toInstant(), rs.getTimestamp("not_after").toInstant(), rs.getString("status"),
                revoked == null ? null : revoked.toInstant(), rs.getInt("pin_failures"), rs.getBoolean("locked"), rs.getString("issued_by"),
                rs.getTimestamp("created_at").toInstant());
    }
}
