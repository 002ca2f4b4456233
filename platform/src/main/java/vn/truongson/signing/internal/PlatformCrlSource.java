package vn.truongson.signing.internal;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.crl.CRLValidity;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * DSS's CRL source, answered in process from the CRLs the platform publishes: validation never goes on the
 * network. Certificates of other issuers get no CRL here (UNKNOWN).
 */
final class PlatformCrlSource implements CRLSource {

    private final transient CertificateAuthority ca;

    PlatformCrlSource(CertificateAuthority ca) {
        this.ca = ca;
    }

    @Override
    public @Nullable CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
        if (certificate == null || issuer == null) return null;
        String which = same(issuer, ca.issuing()) ? "ISSUING" : same(issuer, ca.root()) ? "ROOT" : null;
        if (which == null) return null;
        try {
            CRLBinary binary = CRLUtils.buildCRLBinary(ca.crl(which));
            CRLValidity validity = CRLUtils.buildCRLValidity(binary, issuer);
            CRLToken token = new CRLToken(certificate, validity);
            token.setExternalOrigin(RevocationOrigin.EXTERNAL);
            token.setSourceURL(ca.crlUrl("ROOT".equals(which)));
            return token;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean same(CertificateToken token, X509Certificate cert) {
        return java.util.Arrays.equals(token.getEncoded(), encoded(cert));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (Exception e) {
            return new byte[0];
        }
    }
}
