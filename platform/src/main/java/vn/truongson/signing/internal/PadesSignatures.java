package vn.truongson.signing.internal;

import eu.europa.esig.dss.alert.LogOnStatusAlert;
import eu.europa.esig.dss.alert.SilentOnStatusAlert;
import eu.europa.esig.dss.diagnostic.CertificateRevocationWrapper;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.ImageScaling;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.PdfSignatureFieldPositionChecker;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.signing.CertificateRecord;
import vn.truongson.signing.Signatures;
import vn.truongson.signing.SigningProperties;

/**
 * {@link Signatures} with EU DSS: PAdES B-T, the digest signed on the token, timestamped by the platform's
 * own TSA; validation offline, against our root, with our own CRLs.
 */
@Component
public class PadesSignatures implements Signatures {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PadesSignatures.class);

    /** The organisation name printed round the top of every seal. */
    private static final String SEAL_TOP = "Bộ Quốc phòng";

    private final CertificateAuthority ca;
    private final Pkcs11Tokens tokens;
    private final TimestampAuthority tsa;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final SigningProperties props;
    private final Map<Long, Object> personalLocks = new ConcurrentHashMap<>();
    private volatile @Nullable ValidationPolicy policy;

    PadesSignatures(CertificateAuthority ca, Pkcs11Tokens tokens, TimestampAuthority tsa, AuditTrail audit, JdbcClient jdbc, SigningProperties props) {
        this.ca = ca;
        this.tokens = tokens;
        this.tsa = tsa;
        this.audit = audit;
        this.jdbc = jdbc;
        this.props = props;
    }

    @Override
    public byte[] signPersonal(long officialId, char[] pin, byte[] pdf) {
        if (pin == null || pin.length == 0) throw new DomainException.BadInput("pin", "signing.pin.required");
        requirePdf(pdf);
        CertificateRecord c = ca.personal(officialId).filter(CertificateRecord::valid)
                .orElseThrow(() -> new DomainException.Conflict("signing.no-certificate"));
        if (c.locked()) throw new DomainException.Conflict("signing.key-locked", props.maxPinFailures());
        X509Certificate cert = ca.certificate(c.serial());
        String label = ca.tokenLabel(c.serial());
        byte[] signed;
        synchronized (personalLocks.computeIfAbsent(officialId, k -> new Object())) {
            String name = commonName(cert);
            try {
                Placement.Box box = Placement.personal(pdf, name);
                Instant now = Instant.now();
                byte[] image = Appearances.personal(name, now, ca.signatureImage(officialId));
                signed = sign(pdf, data -> tokens.signPersonal(label, pin, cert.getPublicKey().getAlgorithm(), data), cert, box, image, now, "Ký số bởi " + name, name);
            } catch (Pkcs11Tokens.WrongPin e) {
                boolean locked = ca.countWrongPin(c.serial());
                audit.recordSeparately("signing.sign.personal", "official:" + officialId, AuditTrail.DENIED, locked ? "wrong PIN, key locked" : "wrong PIN");
                if (locked) throw new DomainException.Conflict("signing.key-locked-now", props.maxPinFailures());
                int left = props.maxPinFailures() - ca.find(c.serial(), true).map(CertificateRecord::pinFailures).orElse(0);
                throw new DomainException.BadInput("pin", "signing.pin.wrong", left);
            } catch (IOException e) {
                throw new DomainException.BadInput("file", "signing.pdf.invalid");
            }
        }
        ca.resetPinFailures(c.serial());
        audit.record("signing.sign.personal", "official:" + officialId, AuditTrail.SUCCESS, "serial " + c.serial());
        return signed;
    }

    @Override
    public byte[] signAsUnit(long unitId, byte[] pdf) {
        requirePdf(pdf);
        CertificateRecord c = ca.unit(unitId).filter(CertificateRecord::valid)
                .orElseThrow(() -> new DomainException.Conflict("signing.no-seal"));
        X509Certificate cert = ca.certificate(c.serial());
        PrivateKey key = ca.platformKey(ca.keyLabel(c.serial()));
        String name = commonName(cert);
        byte[] signed;
        try {
            Placement.Box box = Placement.seal(pdf);
            Instant now = Instant.now();
            byte[] image = Appearances.seal(name, SEAL_TOP);
            // The seal's time (hh:mm:ss) as text under the ring, added before the seal so that the seal's signature covers it.
            byte[] timed = SealTime.stamp(pdf, box, Appearances.time(now));
            signed = sign(timed, data -> onToken(key, ca.platformProvider(), data), cert, box, image, now, "Đóng dấu " + name, name);
        } catch (IOException e) {
            throw new DomainException.BadInput("file", "signing.pdf.invalid");
        } catch (Pkcs11Tokens.WrongPin e) {
            throw new IllegalStateException(e);
        }
        audit.record("signing.sign.unit", "unit:" + unitId, AuditTrail.SUCCESS, "serial " + c.serial());
        return signed;
    }

    /** One PAdES B-T signature: DSS computes what to sign, the key (on its token) signs it, DSS embeds it with a timestamp. */
    /** Signs the bytes DSS asks to be signed (SHA256withRSA), on a token. */
    @FunctionalInterface
    interface TokenSigner {
        byte[] sign(byte[] data) throws Pkcs11Tokens.WrongPin;
    }

    static byte[] onToken(PrivateKey key, Provider provider, byte[] data) {
        try {
            Signature s = Signature.getInstance(CertificateAuthority.signatureAlgorithm(key), provider);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The token would not sign", e);
        }
    }

    byte[] sign(byte[] pdf, TokenSigner signer, X509Certificate cert, Placement.Box box, byte[] image, Instant at, String reason,
            String signerName) throws IOException, Pkcs11Tokens.WrongPin {
        PAdESService service = service();
        PAdESSignatureParameters p = new PAdESSignatureParameters();
        p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_T);
        p.setDigestAlgorithm(DigestAlgorithm.SHA256);
        p.setSigningCertificate(new CertificateToken(cert));
        p.setCertificateChain(new CertificateToken(ca.issuing()), new CertificateToken(ca.root()));
        p.bLevel().setSigningDate(Date.from(at));
        p.setReason(reason);
        p.setSignerName(signerName);
        p.setLocation("Việt Nam");
        SignatureImageParameters ip = new SignatureImageParameters();
        ip.setImage(new InMemoryDocument(image, "appearance.png", MimeTypeEnum.PNG));
        ip.setImageScaling(ImageScaling.STRETCH);
        SignatureFieldParameters fp = new SignatureFieldParameters();
        fp.setPage(box.page());
        fp.setOriginX(box.x());
        fp.setOriginY(box.top());
        fp.setWidth(box.width());
        fp.setHeight(box.height());
        ip.setFieldParameters(fp);
        p.setImageParameters(ip);
        DSSDocument doc = new InMemoryDocument(pdf, "document.pdf", MimeTypeEnum.PDF);
        ToBeSigned toBeSigned = service.getDataToSign(doc, p);
        byte[] value = signer.sign(toBeSigned.getBytes());
        DSSDocument signed = service.signDocument(doc, p, new SignatureValue("EC".equals(cert.getPublicKey().getAlgorithm())
                ? SignatureAlgorithm.ECDSA_SHA256 : SignatureAlgorithm.RSA_SHA256, value));
        try (InputStream in = signed.openStream()) {
            return in.readAllBytes();
        }
    }

    private PAdESService service() {
        CommonCertificateVerifier verifier = verifier();
        verifier.setAlertOnMissingRevocationData(new SilentOnStatusAlert());
        verifier.setAlertOnUncoveredPOE(new SilentOnStatusAlert());
        verifier.setAlertOnNoRevocationAfterBestSignatureTime(new SilentOnStatusAlert());
        PAdESService service = new PAdESService(verifier);
        service.setTspSource(tsa);
        PdfBoxNativeObjectFactory factory = new PdfBoxNativeObjectFactory();
        PdfSignatureFieldPositionChecker checker = new PdfSignatureFieldPositionChecker();
        // Decree 30: the seal is placed over the signature on purpose.
        checker.setAlertOnSignatureFieldOverlap(new SilentOnStatusAlert());
        checker.setAlertOnSignatureFieldOutsidePageDimensions(new LogOnStatusAlert());
        factory.setPdfSignatureFieldPositionChecker(checker);
        service.setPdfObjFactory(factory);
        return service;
    }

    /** Trust: our root only. Revocation: our CRLs, in process. No AIA, no OCSP, no network. */
    CommonCertificateVerifier verifier() {
        CommonCertificateVerifier v = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(ca.root()));
        v.setTrustedCertSources(trusted);
        CommonCertificateSource adjunct = new CommonCertificateSource();
        adjunct.addCertificate(new CertificateToken(ca.issuing()));
        adjunct.addCertificate(new CertificateToken(ca.tsaCertificate()));
        v.setAdjunctCertSources(adjunct);
        v.setCrlSource(new PlatformCrlSource(ca));
        v.setOcspSource(null);
        v.setAIASource(null);
        return v;
    }

    @Override
    public Validation validate(byte[] pdf) {
        requirePdf(pdf);
        SignedDocumentValidator validator;
        try {
            validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf, "document.pdf", MimeTypeEnum.PDF));
        } catch (RuntimeException e) {
            throw new DomainException.BadInput("file", "signing.pdf.invalid");
        }
        validator.setCertificateVerifier(verifier());
        Reports reports;
        try {
            reports = validator.validateDocument(policy());
        } catch (RuntimeException e) {
            throw new DomainException.BadInput("file", "signing.pdf.invalid");
        }
        DiagnosticData diagnostic = reports.getDiagnosticData();
        List<Verdict> verdicts = new ArrayList<>();
        for (SignatureWrapper s : diagnostic.getSignatures()) {
            CertificateWrapper signer = s.getSigningCertificate();
            String name = signer == null ? "?" : (signer.getCommonName() != null ? signer.getCommonName() : signer.getReadableCertificateName());
            Instant signedAt = s.getTimestampList().stream().map(TimestampWrapper::getProductionTime).filter(d -> d != null)
                    .map(Date::toInstant).min(Instant::compareTo)
                    .orElse(s.getClaimedSigningTime() == null ? null : s.getClaimedSigningTime().toInstant());
            String status = "UNKNOWN";
            if (signer != null) {
                List<CertificateRevocationWrapper> revocations = signer.getCertificateRevocationData();
                if (revocations.stream().anyMatch(CertificateRevocationWrapper::isRevoked)) status = "REVOKED";
                else if (revocations.stream().anyMatch(r -> r.isKnown() && !r.isRevoked())) status = "GOOD";
            }
            boolean intact = s.isSignatureIntact() && s.isSignatureValid()
                    && s.getDigestMatchers().stream().allMatch(m -> m.isDataFound() && m.isDataIntact());
            Indication indication = reports.getSimpleReport().getIndication(s.getId());
            if (log.isDebugEnabled() || indication != Indication.TOTAL_PASSED) {
                log.info("Signature {} of {}: {} {} {}", s.getId(), name, indication, reports.getSimpleReport().getSubIndication(s.getId()),
                        reports.getSimpleReport().getAdESValidationErrors(s.getId()).stream().map(m -> m.getValue()).toList());
            }
            String ind = indication == null ? "INDETERMINATE" : switch (indication) {
                case TOTAL_PASSED, PASSED -> "TOTAL_PASSED";
                case TOTAL_FAILED, FAILED -> "TOTAL_FAILED";
                default -> "INDETERMINATE";
            };
            verdicts.add(new Verdict(name, signedAt, !s.getTimestampList().isEmpty(), status, intact, ind));
        }
        boolean valid = !verdicts.isEmpty() && verdicts.stream().allMatch(v -> "TOTAL_PASSED".equals(v.indication()) && v.intact());
        return new Validation(valid, verdicts);
    }

    @Override
    public boolean hasPersonalCertificate(long officialId) {
        return ca.personal(officialId).filter(CertificateRecord::valid).isPresent();
    }

    @Override
    public byte[] timestamp(byte[] sha256) {
        if (sha256.length != 32) throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        return tsa.getTimeStampResponse(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, sha256).getBytes();
    }

    @Override
    public boolean hasUnitCertificate(long unitId) {
        return ca.unit(unitId).filter(CertificateRecord::valid).isPresent();
    }

    private ValidationPolicy policy() {
        ValidationPolicy p = policy;
        if (p == null) {
            p = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
            policy = p;
        }
        return p;
    }

    static void requirePdf(byte[] pdf) {
        if (pdf == null || pdf.length < 8 || !new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw new DomainException.BadInput("file", "signing.pdf.not-pdf");
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) return rdn.getValue().toString();
            }
        } catch (Exception e) {
            // fall through
        }
        return cert.getSubjectX500Principal().getName();
    }
}
