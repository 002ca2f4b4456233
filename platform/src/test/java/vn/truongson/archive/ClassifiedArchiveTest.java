package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import vn.truongson.files.SealedFiles;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Classified digitisation: a Mật batch is made only by an archivist cleared for Mật (and from a zone that carries it),
 * its scan and searchable PDF are sealed (never in the content-addressed store, the kept bytes are not the plaintext),
 * every read of it is audited, a reader of the same unit cleared only for Thường finds it missing byte for byte (item,
 * batch, list, search), and it never goes into a Thường record.
 */
@PlatformTest
class ClassifiedArchiveTest {

    static final String ARCHIVIST = "luutru.btl86"; // ARCHIVIST@BTL86, cleared for Mật

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired SealedFiles sealed;
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

    /** A clerk of Văn phòng BTL86 (an archive reader there) cleared only for Thường, made for this run. */
    String thuongClerk() {
        String username = "lt" + UUID.randomUUID().toString().substring(0, 8);
        var r = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Trần Văn Thường","unitId":"%s","position":"Văn thư","clearance":"THUONG","password":"%s"}"""
                .formatted(username, unit("VPBTL86"), Api.DEMO_PASSWORD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var g = api.post("/api/v1/officials/" + r.json().get("id").asString() + "/grants", "admin",
                "{\"role\":\"CLERK\",\"unitId\":\"" + unit("BTL86") + "\",\"scope\":\"SUBTREE\"}");
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        return username;
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

    long audits(String action, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?").params(action, target).query(Long.class).single();
    }

    @Test
    void a_classified_batch_is_sealed_audited_and_missing_to_the_uncleared() throws Exception {
        long btl86 = unit("BTL86");
        // Refused levels: unknown, and above the archivist's clearance (400 on secrecy, nothing made).
        long batchesBefore = jdbc.sql("select count(*) from archive_batch").query(Long.class).single();
        for (String bad : new String[] {"\"BOGUS\"", "\"TOI_MAT\"", "\"TUYET_MAT\"", "\"mật\"", "17"}) {
            Api.Response r = api.post("/api/v1/archive/batches", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"Lô mật\",\"secrecy\":" + bad + "}");
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"secrecy\"");
        }
        assertThat(jdbc.sql("select count(*) from archive_batch").query(Long.class).single()).isEqualTo(batchesBefore);

        Api.Response c = api.post("/api/v1/archive/batches", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"year\":2024,\"title\":\"Hồ sơ tác chiến mật\",\"secrecy\":\"MAT\"}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        assertThat(c.json().get("secrecy").asString()).isEqualTo("MAT");
        long batch = c.json().get("id").asLong();

        // Poison: not a scan → 400 on file, nothing sealed or queued.
        long sealedBefore = jdbc.sql("select count(*) from files_sealed").query(Long.class).single();
        Api.Response bad = upload(batch, ARCHIVIST, "x.txt", "chỉ là chữ".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("\"file\"");
        assertThat(jdbc.sql("select count(*) from archive_item where batch_id = ?").param(batch).query(Long.class).single()).isZero();

        byte[] png = Scans.png(Scans.decision(), 200);
        Api.Response up = upload(batch, ARCHIVIST, "mat-12.png", png);
        assertThat(up.status()).as(up.body()).isEqualTo(202);
        long item = up.json().get("id").asLong();
        assertThat(jdbc.sql("select count(*) from files_sealed").query(Long.class).single()).isEqualTo(sealedBefore + 1);
        var row = jdbc.sql("select source_sha256, source_sealed_id from archive_item where id = ?").param(item)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)}).single();
        // Never in the content-addressed store; kept encrypted; opened back to the very bytes.
        assertThat(jdbc.sql("select count(*) from files_object where sha256 = ?").param(row[0]).query(Long.class).single()).isZero();
        assertThat(sealed.cipherText((Long) row[1])).isNotEqualTo(png);
        assertThat(sealed.open((Long) row[1])).isEqualTo(png);

        // OCR runs on the sealed scan; its searchable PDF is sealed too.
        Instant end = Instant.now().plus(Duration.ofMinutes(6));
        String status;
        do {
            Thread.sleep(1000);
            status = jdbc.sql("select status from archive_item where id = ?").param(item).query(String.class).single();
        } while ((status.equals("QUEUED") || status.equals("RUNNING")) && Instant.now().isBefore(end));
        assertThat(status).isEqualTo("DONE");
        assertThat(jdbc.sql("select ocr_sha256 is null and ocr_sealed_id is not null from archive_item where id = ?").param(item).query(Boolean.class)
                .single()).isTrue();
        Api.Response pdf = api.get("/api/v1/archive/items/" + item + "/pdf", ARCHIVIST);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF-");

        // Every read by the cleared archivist is audited (classified.read), twelve at once as well.
        long reads = audits("classified.read", "archive-item:" + item);
        var pool = Executors.newFixedThreadPool(12);
        var go = new CountDownLatch(1);
        var calls = new ArrayList<Future<Integer>>();
        for (int k = 0; k < 12; k++) {
            calls.add(pool.submit((Callable<Integer>) () -> {
                go.await();
                return api.get("/api/v1/archive/items/" + item, ARCHIVIST).status();
            }));
        }
        go.countDown();
        for (var f : calls) assertThat(f.get()).isEqualTo(200);
        pool.shutdown();
        assertThat(audits("classified.read", "archive-item:" + item)).isGreaterThanOrEqualTo(reads + 12);

        // A reader of the same unit cleared only for Thường: missing, byte for byte as what does not exist.
        String clerk = thuongClerk();
        for (String[] pair : new String[][] {{"/api/v1/archive/items/" + item, "/api/v1/archive/items/987654321"},
                {"/api/v1/archive/batches/" + batch, "/api/v1/archive/batches/987654321"},
                {"/api/v1/archive/items/" + item + "/pdf", "/api/v1/archive/items/987654321/pdf"},
                {"/api/v1/archive/items/" + item + "/pages/1", "/api/v1/archive/items/987654321/pages/1"}}) {
            Api.Response hidden = api.get(pair[0], clerk);
            Api.Response none = api.get(pair[1], clerk);
            assertThat(hidden.status()).as(pair[0]).isEqualTo(404);
            assertThat(hidden.body().replace(pair[0], "")).isEqualTo(none.body().replace(pair[1], ""));
        }
        assertThat(api.get("/api/v1/archive/batches", clerk).body()).doesNotContain("Hồ sơ tác chiến mật");
        assertThat(api.get("/api/v1/archive/search?q=chuyen+doi+so&limit=200", clerk).body()).doesNotContain("\"itemId\":" + item + ",");
        assertThat(api.get("/api/v1/archive/search?q=chuyen+doi+so&limit=200", ARCHIVIST).body()).contains("\"itemId\":" + item + ",");
        // Twelve uploads at once by the uncleared clerk (no writer anyway) are all refused as missing.
        pool = Executors.newFixedThreadPool(12);
        var go2 = new CountDownLatch(1);
        calls.clear();
        for (int k = 0; k < 12; k++) {
            calls.add(pool.submit((Callable<Integer>) () -> {
                go2.await();
                return upload(batch, clerk, "x.png", png).status();
            }));
        }
        go2.countDown();
        for (var f : calls) assertThat(f.get()).isEqualTo(404);
        pool.shutdown();
        assertThat(jdbc.sql("select count(*) from archive_item where batch_id = ?").param(batch).query(Long.class).single()).isEqualTo(1);

        // Never filed into a Thường record (so never in a package below its level).
        Api.Response rec = api.post("/api/v1/archive/records", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"code\":\"M-" + System.nanoTime() % 100000
                + "\",\"title\":\"Hồ sơ thường\",\"year\":2024,\"retentionYears\":10}");
        assertThat(rec.status()).as(rec.body()).isEqualTo(201);
        Api.Response filed = api.post("/api/v1/archive/records/" + rec.json().get("id").asLong() + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(400);
        assertThat(filed.body()).contains("itemIds[0]");
        List<Long> none = jdbc.sql("select item_id from archive_record_item where item_id = ?").param(item).query(Long.class).list();
        assertThat(none).isEmpty();
        classifiedRecord(item, clerk);
    }

    /**
     * A Mật record (hồ sơ mật), as a Mật batch: refused levels; the Mật document filed into it; every read audited, twelve
     * at once too; missing byte for byte to the Thường-cleared clerk (record, list, disposal list); handed over with its
     * seal sealed; then disposed, and the document's sealed scan and PDF erased — key and ciphertext.
     */
    void classifiedRecord(long item, String clerk) throws Exception {
        long btl86 = unit("BTL86");
        String code = "HM-" + System.nanoTime() % 100000;
        long recordsBefore = jdbc.sql("select count(*) from archive_record").query(Long.class).single();
        for (String bad : new String[] {"\"BOGUS\"", "\"TUYET_MAT\"", "\"a\\u0000\"", "[1]"}) {
            Api.Response r = api.post("/api/v1/archive/records", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"code\":\"" + code
                    + "\",\"title\":\"Hồ sơ mật\",\"year\":2024,\"retentionYears\":1,\"secrecy\":" + bad + "}");
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
        }
        assertThat(jdbc.sql("select count(*) from archive_record").query(Long.class).single()).isEqualTo(recordsBefore);
        Api.Response c = api.post("/api/v1/archive/records", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"code\":\"" + code
                + "\",\"title\":\"Hồ sơ tác chiến mật năm 2024\",\"year\":2024,\"retentionYears\":1,\"secrecy\":\"MAT\"}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        assertThat(c.json().get("secrecy").asString()).isEqualTo("MAT");
        long record = c.json().get("id").asLong();
        Api.Response filed = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(200);

        long reads = audits("classified.read", "archive-record:" + record);
        var pool = Executors.newFixedThreadPool(12);
        var go = new CountDownLatch(1);
        var calls = new ArrayList<Future<Integer>>();
        for (int k = 0; k < 12; k++) {
            calls.add(pool.submit((Callable<Integer>) () -> {
                go.await();
                return api.get("/api/v1/archive/records/" + record, ARCHIVIST).status();
            }));
        }
        go.countDown();
        for (var f : calls) assertThat(f.get()).isEqualTo(200);
        pool.shutdown();
        assertThat(audits("classified.read", "archive-record:" + record)).isGreaterThanOrEqualTo(reads + 12);

        Api.Response hidden = api.get("/api/v1/archive/records/" + record, clerk);
        Api.Response missing = api.get("/api/v1/archive/records/987654321", clerk);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().replace("/api/v1/archive/records/" + record, "")).isEqualTo(missing.body().replace("/api/v1/archive/records/987654321", ""));
        assertThat(api.get("/api/v1/archive/records", clerk).body()).doesNotContain(code);

        // Handed over: the seal page is sealed (files.SealedFiles), never in the content-addressed store; the bag says its level.
        Api.Response handed = api.post("/api/v1/archive/records/" + record + "/hand-over", ARCHIVIST, "");
        assertThat(handed.status()).as(handed.body()).isEqualTo(200);
        assertThat(jdbc.sql("select seal_sha256 is null and seal_sealed_id is not null from archive_record where id = ?").param(record)
                .query(Boolean.class).single()).isTrue();
        var zip = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/archive/records/" + record + "/package")).GET(), ARCHIVIST);
        assertThat(zip.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/archive/records/" + record + "/package", clerk).status()).isEqualTo(404);

        // Disposed (retention 1 year, expired): the list is Mật too, missing to the clerk; approved, the sealed files are erased.
        Api.Response p = api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":[" + record + "],\"reason\":\"Hết thời hạn\"}");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        long disposal = p.json().get("id").asLong();
        assertThat(api.get("/api/v1/archive/disposals/" + disposal, clerk).status()).isEqualTo(404);
        var ids = jdbc.sql("select source_sealed_id, ocr_sealed_id from archive_item where id = ?").param(item)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
        var blobs = jdbc.sql("select blob_sha256 from files_sealed where id in (?, ?)").params(ids.get(0), ids.get(1)).query(String.class).list();
        assertThat(blobs).hasSize(2);
        Api.Response ok = api.post("/api/v1/archive/disposals/" + disposal + "/approve", "chihuy.btl86", "");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from files_sealed where id in (?, ?)").params(ids.get(0), ids.get(1)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from files_chunk where sha256 in (?, ?)").params(blobs.get(0), blobs.get(1)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select erased_at is not null and status = 'DISPOSED' from archive_item where id = ?").param(item).query(Boolean.class).single()).isTrue();
    }

    @Test
    void sniffing_knows_the_four_scan_types_only() {
        assertThat(Archive.scanType("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isEqualTo("application/pdf");
        assertThat(Archive.scanType(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})).isEqualTo("image/png");
        assertThat(Archive.scanType(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(Archive.scanType(new byte[] {'I', 'I', 42, 0})).isEqualTo("image/tiff");
        assertThat(Archive.scanType(new byte[] {'M', 'M', 0, 42})).isEqualTo("image/tiff");
        assertThat(Archive.scanType("PK\3\4".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(Archive.scanType(new byte[0])).isNull();
    }
}
