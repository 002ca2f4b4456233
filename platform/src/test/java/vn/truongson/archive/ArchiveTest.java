package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.core.VietnameseText;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Digitisation through HTTP, with the real OCR: an archivist makes a batch, uploads a Decree-30 page rendered by paper
 * and rasterised at 200 dpi, OCR runs in the background and proposes the number, date and type, the archivist corrects a
 * field (audited), and the page is found by words without diacritics — by the archivist of the unit, not by another
 * unit's, to whom the batch is missing byte for byte. Bad files are refused at once or fail with a reason; twelve scans
 * uploaded at once are each processed exactly once; poison input is a 400 naming the field.
 */
@PlatformTest
class ArchiveTest {

    static final String ARCHIVIST = "luutru.btl86";
    static final String OTHER = "luutru.qk1";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired vn.truongson.signing.Signatures signatures;
    Api api;

    @BeforeEach
    void setUp() {
        vn.truongson.support.RealParts.require("ocrmypdf tesseract-ocr-vie poppler-utils", java.nio.file.Path.of("/usr/bin/ocrmypdf"),
                java.nio.file.Path.of("/usr/bin/tesseract"), java.nio.file.Path.of("/usr/bin/pdftoppm"));
        api = new Api(port);
    }

    long unit(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    long batch(String user, String title) {
        Api.Response r = api.post("/api/v1/archive/batches", user, "{\"unitId\":" + unit("BTL86") + ",\"year\":2024,\"title\":\"" + title + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("OPEN");
        return r.json().get("id").asLong();
    }

    Api.Response upload(long batch, String user, String fileName, byte[] content) {
        String boundary = "----scan" + System.nanoTime();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/archive/batches/" + batch + "/scans"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
    }

    /** The batch once none of its items is QUEUED or RUNNING. */
    JsonNode finished(long batch, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (true) {
            Api.Response r = api.get("/api/v1/archive/batches/" + batch, ARCHIVIST);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (r.json().get("status").asString().equals("DONE")) return r.json();
            if (Instant.now().isAfter(end)) throw new AssertionError("OCR not finished in " + within + ": " + r.body());
            Thread.sleep(1000);
        }
    }

    @Test
    void a_scan_is_read_described_corrected_and_found_without_diacritics() throws Exception {
        long batch = batch(ARCHIVIST, "Văn bản đi năm 2024");
        Api.Response up = upload(batch, ARCHIVIST, "qd-12.png", Scans.png(Scans.decision(), 200));
        assertThat(up.status()).as(up.body()).isEqualTo(202);
        assertThat(up.json().get("status").asString()).isEqualTo("QUEUED");
        long item = up.json().get("id").asLong();

        JsonNode b = finished(batch, Duration.ofMinutes(5));
        JsonNode it = b.get("items").get(0);
        assertThat(it.get("id").asLong()).isEqualTo(item);
        assertThat(it.get("status").asString()).as(it.toString()).isEqualTo("DONE");
        assertThat(it.get("pages").asInt()).isEqualTo(1);
        assertThat(it.get("proposed").get("numberAndNotation").asString()).isEqualTo("12/QĐ-BTL86");
        assertThat(it.get("proposed").get("date").asString()).isEqualTo("05/03/2024");
        assertThat(it.get("proposed").get("type").asString()).isEqualTo("Quyết định");
        assertThat(it.get("confidence").get("numberAndNotation").asDouble()).isGreaterThan(0.8);
        String text = api.get("/api/v1/archive/items/" + item + "/pages/1", ARCHIVIST).json().get("text").asString();
        assertThat(VietnameseText.fold(text)).contains("chuyen doi so", "cong tac van thu", "bo tu lenh 86");

        // The searchable PDF carries the text layer.
        Api.Response pdf = api.get("/api/v1/archive/items/" + item + "/pdf", ARCHIVIST);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF-");

        // The archivist corrects the signer and confirms the rest; audited with what changed.
        Api.Response d = api.put("/api/v1/archive/items/" + item, ARCHIVIST, "{\"signer\":\"Đại tá Nguyễn Văn Phúc\",\"issuer\":\"Bộ Tư lệnh 86\"}");
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(d.json().get("described").get("issuer").asString()).isEqualTo("Bộ Tư lệnh 86");
        assertThat(d.json().get("described").get("numberAndNotation").asString()).isEqualTo("12/QĐ-BTL86");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.item.describe' and target = ?").param("archive-item:" + item)
                .query(Long.class).single()).isEqualTo(1);
        Api.Response badDate = api.put("/api/v1/archive/items/" + item, ARCHIVIST, "{\"date\":\"31/02/2024\"}");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("\"date\"");
        // A commander may read but not describe.
        assertThat(api.put("/api/v1/archive/items/" + item, "chihuy.btl86", "{\"signer\":\"X\"}").status()).isEqualTo(403);

        // Found by words without diacritics, with the page and a snippet, by those who may see it.
        Api.Response s = api.get("/api/v1/archive/search?q=" + URLEncoder.encode("chuyen doi so", StandardCharsets.UTF_8), ARCHIVIST);
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        JsonNode hit = hitFor(s.json(), item);
        assertThat(hit).as(s.body()).isNotNull();
        assertThat(hit.get("page").asInt()).isEqualTo(1);
        assertThat(hit.get("snippet").asString()).contains("«chuyển đổi số»");
        assertThat(hitFor(api.get("/api/v1/archive/search?q=" + URLEncoder.encode("\"cong tac van thu\"", StandardCharsets.UTF_8), "chihuy.btl86").json(),
                item)).isNotNull();
        assertThat(hitFor(api.get("/api/v1/archive/search?q=" + URLEncoder.encode("chuyen doi so", StandardCharsets.UTF_8), OTHER).json(), item)).isNull();

        // Another unit's archivist: the batch and the item are missing, byte for byte as ones that do not exist.
        for (String[] paths : new String[][] {{"/api/v1/archive/batches/" + batch, "/api/v1/archive/batches/987654321"},
                {"/api/v1/archive/items/" + item, "/api/v1/archive/items/987654321"},
                {"/api/v1/archive/items/" + item + "/pdf", "/api/v1/archive/items/987654321/pdf"}}) {
            Api.Response hidden = api.get(paths[0], OTHER);
            Api.Response missing = api.get(paths[1], OTHER);
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(missing));
        }
        assertThat(upload(batch, OTHER, "x.png", Scans.png(Scans.decision(), 50)).status()).isEqualTo(404);

        recordAndHandOver(item);
    }

    /** Decree 30 Chapter IV: the document filed into a record, handed over as a BagIt bag that coreutils' sha256sum verifies. */
    void recordAndHandOver(long item) throws Exception {
        long btl86 = unit("BTL86");
        String code = "HS-" + System.nanoTime() % 100000;
        Api.Response r = api.post("/api/v1/archive/records", ARCHIVIST,
                "{\"unitId\":" + btl86 + ",\"code\":\"" + code + "\",\"title\":\"Hồ sơ kế hoạch chuyển đổi số năm 2024\",\"year\":2024,\"retentionYears\":20}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long record = r.json().get("id").asLong();
        assertThat(api.post("/api/v1/archive/records", ARCHIVIST,
                "{\"unitId\":" + btl86 + ",\"code\":\"" + code + "\",\"title\":\"Trùng\",\"year\":2024,\"permanent\":true}").body()).contains("\"code\"");
        assertThat(api.post("/api/v1/archive/records", ARCHIVIST,
                "{\"unitId\":" + btl86 + ",\"code\":\"X1\",\"title\":\"A\",\"year\":2024,\"permanent\":true,\"retentionYears\":5}").body())
                .contains("\"retentionYears\"");
        assertThat(api.post("/api/v1/archive/records/" + record + "/hand-over", ARCHIVIST, "").status()).isEqualTo(409); // empty
        Api.Response bad = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "," + item + ",987654321,\"x\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("itemIds[1]", "itemIds[2]", "itemIds[3]");
        Api.Response filed = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(200);
        assertThat(filed.json().get("items").get(0).get("description").get("numberAndNotation").asString()).isEqualTo("12/QĐ-BTL86");
        assertThat(api.get("/api/v1/archive/records/" + record, OTHER).status()).isEqualTo(404);
        Api.Response handed = api.post("/api/v1/archive/records/" + record + "/hand-over", ARCHIVIST, "");
        assertThat(handed.status()).as(handed.body()).isEqualTo(200);
        assertThat(handed.json().get("status").asString()).isEqualTo("HANDED_OVER");
        assertThat(api.post("/api/v1/archive/records/" + record + "/hand-over", ARCHIVIST, "").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}").status()).isEqualTo(409);

        // The package, checked by independent tools: unzip, then sha256sum -c on both manifests.
        var zip = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/archive/records/" + record + "/package")).GET(), ARCHIVIST);
        assertThat(zip.status()).isEqualTo(200);
        byte[] bytes = download("/api/v1/archive/records/" + record + "/package");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bag-");
        java.nio.file.Path file = dir.resolve("bag.zip");
        java.nio.file.Files.write(file, bytes);
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                java.nio.file.Path out = dir.resolve(e.getName()).normalize();
                assertThat(out.startsWith(dir)).isTrue();
                java.nio.file.Files.createDirectories(out.getParent());
                java.nio.file.Files.copy(in, out);
            }
        }
        java.nio.file.Path bag;
        try (var list = java.nio.file.Files.list(dir)) {
            bag = list.filter(java.nio.file.Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(bag.resolve("bagit.txt"))).startsWith("BagIt-Version: 1.0");
        String info = java.nio.file.Files.readString(bag.resolve("bag-info.txt"));
        assertThat(info).contains("External-Identifier: " + code, "Payload-Oxum: ", "Retention-Period: 20 years");
        assertThat(run(bag, "sha256sum", "--quiet", "-c", "manifest-sha256.txt")).isZero();
        assertThat(run(bag, "sha256sum", "--quiet", "-c", "tagmanifest-sha256.txt")).isZero();
        String manifest = java.nio.file.Files.readString(bag.resolve("manifest-sha256.txt"));
        assertThat(manifest).contains("data/0001-tai-lieu-" + item + ".pdf", "data/0001-tai-lieu-" + item + ".json", "data/ho-so.json");
        // Payload-Oxum: the payload's bytes and files.
        long total = 0;
        int count = 0;
        try (var walk = java.nio.file.Files.walk(bag.resolve("data"))) {
            for (var f : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
                total += java.nio.file.Files.size(f);
                count++;
            }
        }
        assertThat(info).contains("Payload-Oxum: " + total + "." + count);
        assertThat(java.nio.file.Files.readString(bag.resolve("data/0001-tai-lieu-" + item + ".json"))).contains("\"numberAndNotation\" : \"12/QĐ-BTL86\"");
        // The unit's seal (niem-phong.pdf, a tag file): its PAdES signature verified by poppler's pdfsig and by DSS, and the
        // SHA-256 of manifest-sha256.txt (sha256sum's) written in its signed text — so each payload file is the one handed over.
        java.nio.file.Path seal = bag.resolve(Records.SEAL_FILE);
        assertThat(java.nio.file.Files.readString(bag.resolve("tagmanifest-sha256.txt"))).contains("  " + Records.SEAL_FILE);
        assertThat(output(bag, "pdfsig", Records.SEAL_FILE)).contains("Signature is Valid");
        assertThat(signatures.validate(java.nio.file.Files.readAllBytes(seal)).valid()).isTrue();
        String manifestSha = output(bag, "sha256sum", "manifest-sha256.txt").substring(0, 64);
        assertThat(output(bag, "pdftotext", Records.SEAL_FILE, "-").replaceAll("\\s+", "")).contains(manifestSha);
        // A payload file changed afterwards no longer matches the sealed manifest.
        java.nio.file.Files.writeString(bag.resolve("data/ho-so.json"), "{}");
        assertThat(run(bag, "sha256sum", "--quiet", "-c", "manifest-sha256.txt")).isNotZero();
        // The package is made again byte for byte, seal included.
        assertThat(download("/api/v1/archive/records/" + record + "/package")).isEqualTo(bytes);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.record.hand-over' and target = ?").param("archive-record:" + record)
                .query(Long.class).single()).isEqualTo(1);
    }

    byte[] download(String path) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var res = http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Authorization", "Bearer " + api.token(ARCHIVIST)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    static int run(java.nio.file.Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static String output(java.nio.file.Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }

    static JsonNode hitFor(JsonNode hits, long item) {
        for (JsonNode h : hits) if (h.get("itemId").asLong() == item) return h;
        return null;
    }

    static String withoutInstance(Api.Response r) {
        JsonNode n = r.json();
        if (n instanceof ObjectNode o) o.remove("instance");
        return n.toString();
    }

    @Test
    void bad_files_are_refused_at_once_or_fail_with_a_reason() throws Exception {
        long batch = batch(ARCHIVIST, "Lô thử tệp hỏng");
        long before = jdbc.sql("select count(*) from archive_item").query(Long.class).single();
        // Not a scan by content (a text file named .png), and an empty file: 400 on file, nothing stored.
        Api.Response text = upload(batch, ARCHIVIST, "giả-ảnh.png", "Đây không phải ảnh quét".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).as(text.body()).isEqualTo(400);
        assertThat(text.body()).contains("\"file\"");
        Api.Response empty = upload(batch, ARCHIVIST, "rong.pdf", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        Api.Response exe = upload(batch, ARCHIVIST, "scan.tif", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0});
        assertThat(exe.status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from archive_item").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from files_object where sha256 = encode(sha256(convert_to('Đây không phải ảnh quét', 'UTF8')), 'hex')")
                .query(Long.class).single()).isZero();

        // A PNG cut short and a PDF without pages pass the content check, then fail in OCR with the reason.
        byte[] png = Scans.png(Scans.decision(), 100);
        Api.Response cut = upload(batch, ARCHIVIST, "cat-ngang.png", Arrays.copyOf(png, 3000));
        assertThat(cut.status()).as(cut.body()).isEqualTo(202);
        Api.Response broken = upload(batch, ARCHIVIST, "hong.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.status()).isEqualTo(202);
        JsonNode b = finished(batch, Duration.ofMinutes(3));
        assertThat(b.get("failed").asInt()).isEqualTo(2);
        for (JsonNode it : b.get("items")) {
            assertThat(it.get("status").asString()).isEqualTo("FAILED");
            assertThat(it.get("error").asString()).as(it.toString()).containsAnyOf("hỏng", "không đọc được");
            assertThat(it.get("pages").isNull()).isTrue();
        }
    }

    @Test
    void twelve_scans_uploaded_at_once_are_each_read_exactly_once() throws Exception {
        long batch = batch(ARCHIVIST, "Lô tải đồng thời");
        byte[] png = Scans.png(Scans.decision(), 70);
        var pool = Executors.newFixedThreadPool(12);
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            answers.add(pool.submit((Callable<Api.Response>) () -> {
                start.await();
                return upload(batch, ARCHIVIST, "trang-" + n + ".png", png);
            }));
        }
        start.countDown();
        var ids = new HashSet<Long>();
        for (var f : answers) {
            Api.Response r = f.get();
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().get("id").asLong());
        }
        pool.shutdown();
        assertThat(ids).hasSize(12);
        JsonNode b = finished(batch, Duration.ofMinutes(15));
        assertThat(b.get("total").asInt()).isEqualTo(12);
        assertThat(b.get("done").asInt() + b.get("failed").asInt()).isEqualTo(12);
        // Each claimed once (attempts counts claims), each with its pages stored once.
        assertThat(jdbc.sql("select count(*) from archive_item where batch_id = ? and attempts = 1").param(batch).query(Long.class).single()).isEqualTo(12);
        assertThat(jdbc.sql("select count(*) from archive_page p join archive_item i on i.id = p.item_id where i.batch_id = ?").param(batch)
                .query(Long.class).single()).isEqualTo(jdbc.sql("select coalesce(sum(pages), 0) from archive_item where batch_id = ?").param(batch)
                .query(Long.class).single());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.scan.upload' and target = any(?)")
                .param(ids.stream().map(i -> "archive-item:" + i).toArray(String[]::new)).query(Long.class).single()).isEqualTo(12);
    }

    @Test
    void poison_input_is_a_400_naming_the_field_and_nothing_is_stored() {
        long before = jdbc.sql("select count(*) from archive_batch").query(Long.class).single();
        long btl86 = unit("BTL86");
        String[][] cases = {
                {"{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"A\\u0000B\"}", "title"},
                {"{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"" + "x".repeat(10_000) + "\"}", "title"},
                {"{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"\\ud800\"}", "title"},
                {"{\"unitId\":" + btl86 + ",\"year\":1e5000,\"title\":\"A\"}", "year"},
                {"{\"unitId\":" + btl86 + ",\"year\":99999,\"title\":\"A\"}", "year"},
                {"{\"unitId\":1e5000,\"year\":2024,\"title\":\"A\"}", "unitId"},
                {"{\"year\":2024,\"title\":\"A\"}", "unitId"}};
        for (String[] c : cases) {
            Api.Response r = api.post("/api/v1/archive/batches", ARCHIVIST, c[0]);
            assertThat(r.status()).as(c[0].substring(0, Math.min(80, c[0].length())) + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"" + c[1] + "\"");
        }
        assertThat(jdbc.sql("select count(*) from archive_batch").query(Long.class).single()).isEqualTo(before);
        // Another unit than the grant covers: refused, nothing stored.
        assertThat(api.post("/api/v1/archive/batches", OTHER, "{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"A\"}").status()).isEqualTo(403);
        for (String q : new String[] {"x".repeat(5000), "%00", "%ED%A0%80", "", "%21%21%21"}) {
            Api.Response r = api.get("/api/v1/archive/search?q=" + q, ARCHIVIST);
            assertThat(r.status()).as(q.substring(0, Math.min(20, q.length())) + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"q\"");
        }
    }
}
