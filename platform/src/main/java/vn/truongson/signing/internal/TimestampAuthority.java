package vn.truongson.signing.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.springframework.stereotype.Component;

/**
 * The platform's RFC 3161 time-stamp authority: answers time-stamp queries (the HTTP endpoint) and, in
 * process, DSS's {@link TSPSource} for B-T signatures. The TSA key is on the platform token.
 */
@Component
public class TimestampAuthority implements TSPSource {

    /** The TSA's policy: a placeholder arc for this platform's time-stamping policy. */
    public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("2.16.704.1.99.1.1");

    private final CertificateAuthority ca;
    private final SecureRandom random = new SecureRandom();

    TimestampAuthority(CertificateAuthority ca) {
        this.ca = ca;
    }

    /** The DER response to a DER query; a malformed query is an {@link IOException} or {@link IllegalArgumentException}. */
    public byte[] respond(byte[] query) throws IOException {
        TimeStampRequest request = new TimeStampRequest(query);
        return respond(request).getEncoded();
    }

    TimeStampResponse respond(TimeStampRequest request) {
        try {
            DigestCalculator sha1 = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
            java.security.PrivateKey key = ca.platformKey(CertificateAuthority.TSA);
            var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().setProvider(ca.platformProvider())
                    .build(CertificateAuthority.signatureAlgorithm(key), key, ca.tsaCertificate());
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo, sha1, POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(ca.tsaCertificate(), ca.issuing())));
            tokens.setAccuracyMillis(500);
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
            BigInteger serial = new BigInteger(1, randomBytes(16));
            return responses.generate(request, serial, new Date());
        } catch (TSPException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("The time-stamp authority failed", e);
        }
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) throws DSSException {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        ASN1ObjectIdentifier oid = switch (digestAlgorithm) {
            case SHA256 -> NISTObjectIdentifiers.id_sha256;
            case SHA384 -> NISTObjectIdentifiers.id_sha384;
            case SHA512 -> NISTObjectIdentifiers.id_sha512;
            default -> new ASN1ObjectIdentifier(digestAlgorithm.getOid());
        };
        TimeStampRequest request = g.generate(oid, digest, new BigInteger(1, randomBytes(8)));
        TimeStampResponse response = respond(request);
        if (response.getTimeStampToken() == null) throw new DSSException("The time-stamp authority refused: " + response.getStatusString());
        try {
            return new TimestampBinary(response.getTimeStampToken().getEncoded());
        } catch (IOException e) {
            throw new DSSException(e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
