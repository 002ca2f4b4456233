package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.signing.Signatures;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Signing and issuing with the real signing module (PAdES on the token): the named signer with the PIN, the clerk's
 * number, notation and agency signature over the personal one, both signatures valid; concurrent issues on one
 * register through the API get contiguous numbers. Skipped when the signing module is not in this build.
 */
@PlatformTest
class DocumentIssueTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Signatures signatures;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    byte[] file(String id, String user) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents/" + id + "/file"))
                .header("Authorization", "Bearer " + api.token(user)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    String signed(String subject) {
        String id = f.draft("CV", subject, "THUONG", "THUONG");
        var s = api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"" + DocumentFixtures.PIN + "\"}");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        assertThat(s.json().get("status").asString()).isEqualTo("SIGNED");
        return id;
    }

    @Test
    void the_signer_signs_the_clerk_issues_and_both_signatures_verify() throws Exception {
        String id = f.draft("CV", "Về việc ký số và cấp số", "THUONG", "THUONG");
        var wrongPin = api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"000000\"}");
        assertThat(wrongPin.status()).as(wrongPin.body()).isEqualTo(400);
        assertThat(wrongPin.body()).contains("\"field\":\"pin\"");
        assertThat(api.get("/api/v1/documents/" + id, DocumentFixtures.DRAFTER).json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"123456\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"123456\"}").status()).isEqualTo(409);

        double issuedBefore = vn.truongson.support.Prometheus.value(port, "truongson_documents_issued_total");
        var issued = api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.json().get("status").asString()).isEqualTo("ISSUED");
        assertThat(issued.json().get("notation").asString()).isEqualTo("BTL86-VP");
        assertThat(issued.json().get("number").asInt()).isPositive();
        assertThat(issued.json().get("issuedAt").asString()).contains("+07:00");
        assertThat(api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "").status()).isEqualTo(409);
        assertThat(vn.truongson.support.Prometheus.value(port, "truongson_documents_issued_total")).as("issued once, the repeat refused")
                .isEqualTo(issuedBefore + 1);

        byte[] issuedPdf = file(id, DocumentFixtures.CLERK);
        Signatures.Validation v = signatures.validate(issuedPdf);
        assertThat(v.signatures()).hasSize(2);
        assertThat(v.valid()).as(v.toString()).isTrue();
        // Poppler's pdfsig, an independent reader, finds both signatures intact.
        java.nio.file.Path pdfsig = java.nio.file.Path.of("/usr/bin/pdfsig");
        assertThat(pdfsig).as("Poppler (poppler-utils) is installed; .ci/run installs it").isExecutable();
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("issued-", ".pdf");
        try {
            java.nio.file.Files.write(tmp, issuedPdf);
            Process p = new ProcessBuilder(pdfsig.toString(), tmp.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            assertThat(out.split("Signature is Valid", -1).length - 1).as(out).isEqualTo(2);
            // qpdf, a second independent reader, finds the structure (two incremental updates on the rendered draft) clean.
            vn.truongson.support.Qpdf.assertClean(issuedPdf, "the issued, twice-signed document");
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }

        // The number is written into the blank of "Số:    /BTL86-VP" (after the personal signature, under the agency's).
        int number = issued.json().get("number").asInt();
        String numberText = (number < 10 ? "0" : "") + number;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(issuedPdf)) {
            var slot = NumberStamp.find(doc, "BTL86-VP").orElseThrow();
            var stamps = doc.getPage(0).getAnnotations().stream().filter(a -> "truongson-number".equals(a.getAnnotationName())).toList();
            assertThat(stamps).hasSize(1);
            assertThat(stamps.getFirst().getContents()).isEqualTo("Số " + numberText);
            var r = stamps.getFirst().getRectangle();
            assertThat(r.getUpperRightX()).isBetween(slot.slashX() - 3, slot.slashX() + 1);
            assertThat(slot.baselineY()).isBetween(r.getLowerLeftY(), r.getUpperRightY());
        }
    }

    @Test
    void a_pdf_without_a_number_line_is_issued_unchanged_by_the_stamp() {
        byte[] plain = DocumentFixtures.withJavaScript(); // any PDF without "Số: …/notation"; the stamp never parses scripts
        assertThat(NumberStamp.stamp(plain, "07", "BTL86-VP")).isSameAs(plain);
        byte[] rendered = DocumentFixtures.pdf("Về việc thử", "Nội dung");
        byte[] stamped = NumberStamp.stamp(rendered, "07", "BTL86-VP");
        assertThat(stamped.length).isGreaterThan(rendered.length);
        assertThat(java.util.Arrays.copyOf(stamped, rendered.length)).isEqualTo(rendered); // an incremental update: earlier bytes untouched
    }

    long notices(String key) {
        return jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param(key).query(Long.class).single();
    }

    long noticesEventually(String key, long expected) throws InterruptedException {
        for (int i = 0; i < 100 && notices(key) < expected; i++) Thread.sleep(200);
        Thread.sleep(800); // late duplicates would show now
        return notices(key);
    }

    /**
     * Issue 19: signing, issuing and sending each register an event heard after the commit (notices.FlowNotices): the
     * issuing unit's clerks are told the signed document waits for them, the drafter that it was numbered, then sent —
     * once, though twelve clerks send at once; a refused step (a wrong PIN) tells nobody.
     */
    @Test
    void signing_issuing_and_sending_tell_the_clerks_and_the_drafter_once_after_the_commit() throws Exception {
        String subject = "Về việc thông báo ký, cấp số và phát hành " + System.nanoTime();
        String id = f.draft("CV", subject, "THUONG", "THUONG");
        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"000000\"}").status()).isEqualTo(400);
        Thread.sleep(1000);
        assertThat(notices("document.signed:" + id + ":%")).as("a refused signature tells nobody").isZero();

        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"123456\"}").status()).isEqualTo(200);
        String clerk = f.official(DocumentFixtures.CLERK);
        assertThat(noticesEventually("document.signed:" + id + ":" + clerk, 1)).as("the issuing unit's clerk told once").isEqualTo(1);
        var signedNotice = jdbc.sql("select title, body, link from notify_notification where dedupe_key = ?").param("document.signed:" + id + ":" + clerk)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).single();
        assertThat(signedNotice.get(0)).isEqualTo("Văn bản chờ cấp số, phát hành");
        assertThat(signedNotice.get(1)).contains(subject);
        assertThat(signedNotice.get(2)).isEqualTo("/office/documents/" + id);
        assertThat(notices("document.signed:" + id + ":" + f.official(DocumentFixtures.CLERK_QK1))).as("not another unit's clerk").isZero();

        var issued = api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        int issuedNumber = issued.json().get("number").asInt();
        String number = issuedNumber < 10 ? "0" + issuedNumber : Integer.toString(issuedNumber);
        assertThat(noticesEventually("document.issued:" + id, 1)).as("the drafter told once").isEqualTo(1);
        var issuedNotice = jdbc.sql("select official_id::text, body from notify_notification where dedupe_key = ?").param("document.issued:" + id)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(issuedNotice.get(0)).isEqualTo(f.official(DocumentFixtures.DRAFTER));
        assertThat(issuedNotice.get(1)).contains(subject, number + "/BTL86-VP");

        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Api.Response>> sends = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sends.add(pool.submit(() -> api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}")));
        }
        for (Future<Api.Response> s : sends) assertThat(s.get().status()).as(s.get().body()).isEqualTo(200);
        pool.shutdown();
        assertThat(noticesEventually("document.sent:" + id + ":%", 1)).as("one send reached the recipient: the drafter told once").isEqualTo(1);
        assertThat(jdbc.sql("select body from notify_notification where dedupe_key like ?").param("document.sent:" + id + ":%").query(String.class).single())
                .contains(subject, "Mạng truyền số liệu quân sự", "1 nơi nhận");
    }

    @Test
    void concurrent_issues_through_the_api_get_contiguous_numbers() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(signed("Cấp số đồng thời " + i));
        api.token(DocumentFixtures.CLERK);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Api.Response>> futures = new ArrayList<>();
        for (String id : ids) futures.add(pool.submit(() -> api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "")));
        List<Integer> numbers = new ArrayList<>();
        for (Future<Api.Response> fu : futures) {
            Api.Response r = fu.get();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            numbers.add(r.json().get("number").asInt());
        }
        pool.shutdown();
        Collections.sort(numbers);
        for (int i = 1; i < numbers.size(); i++) assertThat(numbers.get(i)).isEqualTo(numbers.get(i - 1) + 1);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /**
     * Issue 13 (Decree 30, DOMAIN-VN.md §1): a deputy signing for the head writes "KT. TƯ LỆNH" above his own title,
     * chosen on the draft and rendered; the seal's time reads to the second, as text (pdftotext finds it), below the
     * ring and clear of the signer's printed name; both signatures still verify (pdfsig).
     */
    @Test
    void a_deputy_signs_kt_for_the_head_and_the_seal_time_reads_to_the_second() throws Exception {
        String meta = """
                {"type":"CV","subject":"Về việc ký thay","secrecy":"THUONG","urgency":"THUONG","issuingUnitId":"%s","signerId":"%s",
                 "recipients":%s,"body":"Đề nghị các đơn vị thực hiện.","signerAuthority":"KT","signerFor":"Tư lệnh"}"""
                .formatted(f.unit("BTL86"), f.official(DocumentFixtures.SIGNER), f.toQk1());
        var drafted = f.upload(DocumentFixtures.DRAFTER, meta, null);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String id = drafted.json().get("id").asString();
        var detail = api.get("/api/v1/documents/" + id, DocumentFixtures.DRAFTER).json();
        assertThat(detail.get("signerAuthority").asString()).isEqualTo("KT");
        assertThat(detail.get("signerTitle").get(0).asString()).isEqualTo("KT. TƯ LỆNH");
        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"123456\"}").status()).isEqualTo(200);
        var issued = api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        byte[] pdf = file(id, DocumentFixtures.CLERK);
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("kt-", ".pdf");
        try {
            java.nio.file.Files.write(tmp, pdf);
            String text = run("/usr/bin/pdftotext", "-layout", tmp.toString(), "-");
            assertThat(text).contains("KT. TƯ LỆNH").contains("PHÓ TƯ LỆNH");
            assertThat(text).as("the seal's time, hh:mm:ss").containsPattern("\\d{2}:\\d{2}:\\d{2} \\d{2}/\\d{2}/\\d{4}");
            String sig = run("/usr/bin/pdfsig", tmp.toString());
            assertThat(sig.split("Signature is Valid", -1).length - 1).as(sig).isEqualTo(2);
        } finally {
            if (System.getenv("KEEP_PDF") != null) java.nio.file.Files.copy(tmp, java.nio.file.Path.of(System.getenv("KEEP_PDF")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.deleteIfExists(tmp);
        }
        // The seal's time text (below its ring) stays clear of the printed signer's name and of the personal signature's name.
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            var page = doc.getPage(doc.getNumberOfPages() - 1);
            var widgets = page.getAnnotations().stream().filter(a -> a instanceof org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget)
                    .map(a -> a.getRectangle()).toList();
            assertThat(widgets).hasSize(2);
            var personal = widgets.get(0);
            var seal = widgets.get(1);
            float[] name = SealLayout.nameLine(doc, "Nguyễn Văn Phúc");
            assertThat(name).as("the printed name").isNotNull();
            float pageHeight = page.getMediaBox().getHeight();
            // The seal's box (ring and time) ends above the printed name's line (PDF y grows upwards).
            assertThat(seal.getLowerLeftY()).as("seal bottom above the printed name's top").isGreaterThanOrEqualTo(pageHeight - name[2] - 0.5f);
            assertThat(seal.getUpperRightX()).isLessThanOrEqualTo(personal.getLowerLeftX() + personal.getWidth() * 0.5f);
            // Its time, hh:mm:ss as text under the ring: inside the signature's box, above the printed name, left of the personal name.
            var time = page.getAnnotations().stream().filter(a -> "truongson-seal-time".equals(a.getAnnotationName())).toList();
            assertThat(time).hasSize(1);
            assertThat(time.getFirst().getContents()).matches("\\d{2}:\\d{2}:\\d{2} \\d{2}/\\d{2}/\\d{4}");
            var t = time.getFirst().getRectangle();
            assertThat(t.getLowerLeftY()).as("time above the printed name").isGreaterThan(pageHeight - name[2]);
            assertThat(t.getLowerLeftY()).as("time inside the signature's box").isGreaterThanOrEqualTo(personal.getLowerLeftY() - 0.5f);
            assertThat(t.getUpperRightX()).as("time left of the centred names").isLessThan(personal.getLowerLeftX() + 40);
        }
    }
}
