package vn.truongson.signing.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.signing.Signatures;

/**
 * {@code --truongson.command=signing-bench} (bench/signing.sh): times, in one JVM and one run, what signing a
 * document costs through the platform (PAdES B-T, key on the token, the platform's TSA, the Decree-30
 * appearance; one and two signatures) and validating it, against a bare DSS call on the same PDF (PAdES B-B with an
 * in-memory key: no token, no TSA, no appearance) and a bare DSS validation. Prints a Markdown table; needs the
 * demo data (ky.btl86 with PIN 123456, the BTL86 seal).
 */
@Component
@ConditionalOnProperty(name = "truongson.command", havingValue = "signing-bench")
class SigningBenchCommand implements CommandLineRunner {

    private final Signatures signatures;
    private final Accounts accounts;
    private final Units units;
    private final ApplicationContext context;
    private final int documents;
    private final int warmup;

    SigningBenchCommand(Signatures signatures, Accounts accounts, Units units, ApplicationContext context, Environment env) {
        this.signatures = signatures;
        this.accounts = accounts;
        this.units = units;
        this.context = context;
        this.documents = env.getProperty("truongson.bench.documents", Integer.class, 30);
        this.warmup = env.getProperty("truongson.bench.warmup", Integer.class, 5);
    }

    record Series(String name, List<Double> ms) {}

    @Override
    public void run(String... args) throws Exception {
        long ky = accounts.principalOf("ky.btl86").map(AccountPrincipal::officialId).orElseThrow(() -> new IllegalStateException("no demo data"));
        Unit btl86 = units.byCodes(List.of("BTL86")).get("BTL86");
        byte[] pdf = pdf();
        KeyPair bareKey = bareKey();
        X509Certificate bareCert = selfSigned(bareKey);

        byte[] bareSigned = bare(pdf, bareKey, bareCert);
        byte[] once = signatures.signPersonal(ky, "123456".toCharArray(), pdf);
        byte[] twice = signatures.signAsUnit(btl86.id(), once);
        if (!signatures.validate(twice).valid()) throw new IllegalStateException("the two-signature document does not validate");

        List<Series> all = new ArrayList<>();
        all.add(time("bare DSS: PAdES B-B, in-memory EC key, no TSA, no appearance", () -> bare(pdf, bareKey, bareCert)));
        all.add(time("platform: 1 signature (personal: token via pkcs11-tool, TSA, appearance)",
                () -> signatures.signPersonal(ky, "123456".toCharArray(), pdf)));
        all.add(time("platform: seal only (key on the platform token via SunPKCS11, TSA, appearance)",
                () -> signatures.signAsUnit(btl86.id(), pdf)));
        all.add(time("platform: 2 signatures (personal, then the seal over it)",
                () -> signatures.signAsUnit(btl86.id(), signatures.signPersonal(ky, "123456".toCharArray(), pdf))));
        all.add(time("bare DSS: validate the B-B document (default verifier, no revocation)", () -> bareValidate(bareSigned)));
        all.add(time("platform: validate 1 signature (root trust, CRL in process)", () -> { signatures.validate(once); return null; }));
        all.add(time("platform: validate 2 signatures", () -> { signatures.validate(twice); return null; }));

        System.out.println("BENCH-RESULT-BEGIN");
        System.out.println("| Operation (" + documents + " documents after " + warmup + " warm-up) | mean (ms) | p50 (ms) | p90 (ms) | min (ms) | max (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Series s : all) {
            double[] v = s.ms().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double mean = Arrays.stream(v).average().orElse(0);
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", s.name(), mean, pct(v, 50), pct(v, 90), v[0], v[v.length - 1]);
        }
        System.out.printf("%nDocument: a one-page A4 PDF of %d bytes; signed once %d bytes, twice %d bytes; bare B-B %d bytes.%n", pdf.length,
                once.length, twice.length, bareSigned.length);
        System.out.println("BENCH-RESULT-END");
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    private Series time(String name, Supplier<Object> op) {
        for (int i = 0; i < warmup; i++) op.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            long t0 = System.nanoTime();
            op.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return new Series(name, ms);
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static byte[] bare(byte[] pdf, KeyPair key, X509Certificate cert) {
        try {
            PAdESService service = new PAdESService(new CommonCertificateVerifier());
            PAdESSignatureParameters p = new PAdESSignatureParameters();
            p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
            p.setDigestAlgorithm(DigestAlgorithm.SHA256);
            p.setSigningCertificate(new CertificateToken(cert));
            p.bLevel().setSigningDate(new Date());
            DSSDocument doc = new InMemoryDocument(pdf, "document.pdf", MimeTypeEnum.PDF);
            ToBeSigned tbs = service.getDataToSign(doc, p);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(tbs.getBytes());
            DSSDocument signed = service.signDocument(doc, p, new SignatureValue(eu.europa.esig.dss.enumerations.SignatureAlgorithm.ECDSA_SHA256, s.sign()));
            try (InputStream in = signed.openStream()) {
                return in.readAllBytes();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object bareValidate(byte[] signed) {
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed, "document.pdf", MimeTypeEnum.PDF));
        v.setCertificateVerifier(new CommonCertificateVerifier());
        return v.validateDocument();
    }

    private static KeyPair bareKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair key) throws Exception {
        X500Name name = new X500Name("CN=Bench");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(System.currentTimeMillis() - 60_000),
                new Date(System.currentTimeMillis() + 86_400_000L), name, key.getPublic());
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    /** A one-page Decree-30-like PDF whose signer block prints the demo signer's name. */
    private static byte[] pdf() throws Exception {
        try (PDDocument doc = new PDDocument(); InputStream font = SigningBenchCommand.class.getResourceAsStream("/fonts/LiberationSerif-Regular.ttf")) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType0Font serif = PDType0Font.load(doc, font);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                String[][] lines = {{"70", "780", "BỘ TƯ LỆNH 86"}, {"330", "780", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
                        {"200", "700", "QUYẾT ĐỊNH về việc thử nghiệm chữ ký số"}, {"70", "640", "Điều 1. Áp dụng chữ ký số trong văn bản điện tử."},
                        {"370", "430", "KT. TƯ LỆNH / PHÓ TƯ LỆNH"}, {"370", "330", "Nguyễn Văn Phúc"}};
                for (String[] l : lines) {
                    cs.beginText();
                    cs.setFont(serif, 13);
                    cs.newLineAtOffset(Float.parseFloat(l[0]), Float.parseFloat(l[1]));
                    cs.showText(l[2]);
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        }
    }
}
