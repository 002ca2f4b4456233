package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.VietnameseText;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Disposal (tiêu hủy) with two persons: an archivist proposes expired records, nothing is destroyed until a commander
 * of the unit approves; twelve approvals at once destroy once; permanent or unexpired records, poison values and
 * foreign or unprivileged callers are refused; the approved list stays, and the documents leave search and files.
 * The documents are made directly (OCR is tested by ArchiveTest and OcrTest), then filed through the API.
 */
@PlatformTest
class DisposalTest {

    static final String ARCHIVIST = "luutru.btl86";
    static final String COMMANDER = "chihuy.btl86";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired vn.truongson.files.FileStore files;
    @Autowired vn.truongson.org.Officials officials;
    @Autowired vn.truongson.access.Accounts accounts;
    @Autowired vn.truongson.access.Tokens tokens;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long unit(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    /** A done document of BTL86 whose one page holds the word, its scan and PDF not in the store. */
    long document(String word) {
        return document(word, "0".repeat(64), null);
    }

    /** A done document of BTL86 whose one page holds the word, with its scan and searchable PDF as given (SHA-256 names). */
    long document(String word, String source, @org.jspecify.annotations.Nullable String ocr) {
        long u = unit("BTL86");
        long batch = jdbc.sql("insert into archive_batch (unit_id, year, title, created_by) values (?, 2000, 'Lô cũ', 'test') returning id").param(u)
                .query(Long.class).single();
        long item = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, file_name, source_sha256, ocr_sha256, source_type, source_size, status, created_by, pages, proposed)
                values (?, ?, 'cu.pdf', ?, ?, 'application/pdf', 10, 'DONE', 'test', 1, '{"subject":"Báo cáo năm 2000"}') returning id""")
                .params(batch, u, source, ocr).query(Long.class).single();
        String text = "Báo cáo tổng kết công tác năm 2000 " + word;
        jdbc.sql("insert into archive_page (item_id, page_no, text, folded) values (?, 1, ?, ?)").params(item, text, VietnameseText.fold(text)).update();
        return item;
    }

    long record(String code, String retention, int year) {
        Api.Response r = api.post("/api/v1/archive/records", ARCHIVIST,
                "{\"unitId\":" + unit("BTL86") + ",\"code\":\"" + code + "\",\"title\":\"Hồ sơ " + code + "\",\"year\":" + year + "," + retention + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    boolean found(String word) {
        return api.get("/api/v1/archive/search?q=" + word, ARCHIVIST).body().contains(word);
    }

    @Test
    void expired_records_are_destroyed_only_after_another_persons_approval() throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String word = "tieuhuy" + run;
        // Its scan is its own; its searchable PDF has the same bytes as the scan of a document that is kept (content-addressed).
        String own = store("Ban quet rieng " + run);
        String shared = store("Ban chung " + run);
        long item = document(word, own, shared);
        long kept = document("giulai" + run, shared, null);
        long expired = record("TH-" + run, "\"retentionYears\":10", 2000);
        long forever = record("VV-" + run, "\"permanent\":true", 2000);
        long young = record("TR-" + run, "\"retentionYears\":70", 2000);
        assertThat(api.post("/api/v1/archive/records/" + expired + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}").status()).isEqualTo(200);
        assertThat(found(word)).isTrue();
        long btl86 = unit("BTL86");

        // Refusals: not expired, permanent, poison; nothing proposed.
        long before = jdbc.sql("select count(*) from archive_disposal").query(Long.class).single();
        for (String[] bad : new String[][] {
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + forever + "],\"reason\":\"Hết giá trị\"}", "recordIds[0]"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + young + "],\"reason\":\"Hết giá trị\"}", "recordIds[0]"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "," + expired + "],\"reason\":\"Hết giá trị\"}", "recordIds[1]"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[\"x\"],\"reason\":\"Hết giá trị\"}", "recordIds[0]"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[1e5000],\"reason\":\"Hết giá trị\"}", "recordIds"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[987654321],\"reason\":\"Hết giá trị\"}", "recordIds[0]"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "],\"reason\":\"a\\u0000b\"}", "reason"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "],\"reason\":\"" + "x".repeat(3000) + "\"}", "reason"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "]}", "reason"},
                {"{\"unitId\":" + btl86 + ",\"recordIds\":[],\"reason\":\"Hết giá trị\"}", "recordIds"}}) {
            Api.Response r = api.post("/api/v1/archive/disposals", ARCHIVIST, bad[0]);
            assertThat(r.status()).as(bad[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"" + bad[1]);
        }
        // Only an archivist of the unit proposes.
        assertThat(api.post("/api/v1/archive/disposals", COMMANDER, "{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "],\"reason\":\"Hết giá trị\"}")
                .status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from archive_disposal").query(Long.class).single()).isEqualTo(before);

        Api.Response p = api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired
                + "],\"reason\":\"Hết thời hạn bảo quản 10 năm, Hội đồng xác định giá trị tài liệu đã thẩm định\"}");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        assertThat(p.json().get("status").asString()).isEqualTo("PROPOSED");
        long disposal = p.json().get("id").asLong();
        assertThat(p.json().get("listing").get(0).get("code").asString()).isEqualTo("TH-" + run);
        assertThat(p.json().get("listing").get(0).get("documents").get(0).get("itemId").asLong()).isEqualTo(item);
        // Held, not destroyed: still found, no filing, no second proposal.
        assertThat(found(word)).isTrue();
        assertThat(api.get("/api/v1/archive/records/" + expired, ARCHIVIST).json().get("status").asString()).isEqualTo("DISPOSAL_PROPOSED");
        assertThat(api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "],\"reason\":\"Lần hai\"}")
                .status()).isEqualTo(400);

        // Privilege: the proposer cannot approve; another unit's archivist finds nothing, byte for byte.
        assertThat(api.post("/api/v1/archive/disposals/" + disposal + "/approve", ARCHIVIST, "").status()).isEqualTo(403);
        Api.Response hidden = api.get("/api/v1/archive/disposals/" + disposal, "luutru.qk1");
        Api.Response none = api.get("/api/v1/archive/disposals/987654321", "luutru.qk1");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().replace("/api/v1/archive/disposals/" + disposal, "")).isEqualTo(none.body().replace("/api/v1/archive/disposals/987654321", ""));
        assertThat(api.post("/api/v1/archive/disposals/" + disposal + "/approve", "luutru.qk1", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/archive/disposals", "luutru.qk1").body()).doesNotContain("TH-" + run);
        assertThat(found(word)).isTrue();

        // Twelve approvals at once: one decides, eleven find it decided; destroyed once.
        var pool = Executors.newFixedThreadPool(12);
        var go = new CountDownLatch(1);
        var calls = new ArrayList<Future<Integer>>();
        for (int k = 0; k < 12; k++) {
            calls.add(pool.submit((Callable<Integer>) () -> {
                go.await();
                return api.post("/api/v1/archive/disposals/" + disposal + "/approve", COMMANDER, "").status();
            }));
        }
        go.countDown();
        int ok = 0, conflict = 0;
        for (var f : calls) {
            int s = f.get();
            if (s == 200) ok++;
            else if (s == 409) conflict++;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(conflict).isEqualTo(11);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.disposal.approve' and target = ?").param("archive-disposal:" + disposal)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.disposal.propose' and target = ?").param("archive-disposal:" + disposal)
                .query(Long.class).single()).isEqualTo(1);

        // Destroyed: no text, not found, no file; the record DISPOSED; the list kept with who proposed and approved.
        assertThat(found(word)).isFalse();
        assertThat(jdbc.sql("select count(*) from archive_page where item_id = ?").param(item).query(Long.class).single()).isZero();
        assertThat(api.get("/api/v1/archive/items/" + item, ARCHIVIST).json().get("status").asString()).isEqualTo("DISPOSED");
        assertThat(api.get("/api/v1/archive/items/" + item + "/pdf", ARCHIVIST).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/archive/records/" + expired, ARCHIVIST).json().get("status").asString()).isEqualTo("DISPOSED");
        Api.Response d = api.get("/api/v1/archive/disposals/" + disposal, COMMANDER);
        assertThat(d.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(d.json().get("proposedBy").asString()).isEqualTo(ARCHIVIST);
        assertThat(d.json().get("decidedBy").asString()).isEqualTo(COMMANDER);
        assertThat(d.json().get("listing").get(0).get("documents").get(0).get("subject").asString()).isEqualTo("Báo cáo năm 2000");
        assertThat(api.post("/api/v1/archive/disposals/" + disposal + "/reject", COMMANDER, "").status()).isEqualTo(409);

        // The bytes: the disposed document's own scan is erased from the store (row and chunks); the content it shared
        // with a kept document stays, and the kept document's scan still opens, whole.
        assertThat(jdbc.sql("select count(*) from files_chunk where sha256 = ?").param(own).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from files_object where sha256 = ?").param(own).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from files_chunk where sha256 = ?").param(shared).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select erased_at is not null from archive_item where id = ?").param(item).query(Boolean.class).single()).isTrue();
        Api.Response scan = api.get("/api/v1/archive/items/" + kept + "/pdf?scan=true", ARCHIVIST);
        assertThat(scan.status()).isEqualTo(200);
        assertThat(scan.body()).contains("Ban chung " + run);
        // What was destroyed stays on record: the item's checksums and the audit row saying how many files were erased.
        assertThat(jdbc.sql("select source_sha256 from archive_item where id = ?").param(item).query(String.class).single()).isEqualTo(own);
        assertThat(jdbc.sql("select detail from audit_event where action = 'archive.disposal.approve' and target = ?").param("archive-disposal:" + disposal)
                .query(String.class).single()).contains("1 stored files erased");
    }

    /**
     * The id lists of POST /records/{id}/items and POST /disposals, entry by entry: not a number (a string, a fraction,
     * a boolean, null, a list, 0, a negative, 1e30), repeated, too many, not a list at all — a 400 problem+json naming
     * the field or the entry, never a 500; an id the caller may not see (another unit's document or record) answers
     * exactly as one that does not exist.
     */
    @Test
    void id_lists_are_checked_entry_by_entry_and_hidden_ids_are_missing() {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long btl86 = unit("BTL86");
        long qk1 = unit("QK1");
        long record = record("ID-" + run, "\"retentionYears\":5", 2001);
        long item = document("iddoc" + run);
        String many = java.util.stream.LongStream.rangeClosed(1, 1001).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(","));
        String[][] cases = {
                {"[\"12\"]", "[0]"}, {"[1.5]", "[0]"}, {"[true]", "[0]"}, {"[null]", "[0]"}, {"[[1]]", "[0]"}, {"[0]", "[0]"}, {"[-3]", "[0]"},
                {"[1e30]", "[0]"}, {"[" + item + ",9223372036854775808]", "[1]"}, {"[" + item + "," + item + "]", "[1]"}, {"[" + many + "]", "\""},
                {"[]", "\""}, {"5", "\""}, {"\"x\"", "\""}, {"{}", "\""}};
        for (String[] c : cases) {
            Api.Response f = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":" + c[0] + "}");
            assertThat(f.status()).as(c[0] + " " + f.body()).isEqualTo(400);
            assertThat(f.headers().get("content-type").getFirst()).startsWith("application/problem+json");
            assertThat(f.body()).as(c[0]).contains("\"itemIds" + c[1]);
            Api.Response d = api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":" + c[0] + ",\"reason\":\"Hết hạn\"}");
            assertThat(d.status()).as(c[0] + " " + d.body()).isEqualTo(400);
            assertThat(d.body()).as(c[0]).contains("\"recordIds" + c[1]);
        }
        assertThat(jdbc.sql("select count(*) from archive_record_item where record_id = ?").param(record).query(Long.class).single()).isZero();
        assertThat(api.get("/api/v1/archive/records/" + record, ARCHIVIST).json().get("status").asString()).isEqualTo("OPEN");

        // Hidden is missing: QK1's document and record, which luutru.btl86 may not see, answer as ids that do not exist.
        long batch = jdbc.sql("insert into archive_batch (unit_id, year, title, created_by) values (?, 2001, 'Lô QK1', 'test') returning id").param(qk1)
                .query(Long.class).single();
        long foreignItem = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, file_name, source_sha256, source_type, source_size, status, created_by, pages)
                values (?, ?, 'qk1.pdf', ?, 'application/pdf', 10, 'DONE', 'test', 1) returning id""").params(batch, qk1, "0".repeat(64))
                .query(Long.class).single();
        long foreignRecord = jdbc.sql("""
                insert into archive_record (unit_id, code, title, year, retention_years, secrecy_rank, status, created_by)
                values (?, ?, 'Hồ sơ QK1', 2001, 5, 0, 'OPEN', 'test') returning id""").params(qk1, "QK-" + run).query(Long.class).single();
        Api.Response hiddenItem = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[" + foreignItem + "]}");
        Api.Response noItem = api.post("/api/v1/archive/records/" + record + "/items", ARCHIVIST, "{\"itemIds\":[987654321]}");
        assertThat(hiddenItem.status()).isEqualTo(400);
        assertThat(hiddenItem.body()).contains("itemIds[0]").isEqualTo(noItem.body());
        Api.Response hiddenRecord = api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":[" + foreignRecord + "],\"reason\":\"Hết hạn\"}");
        Api.Response noRecord = api.post("/api/v1/archive/disposals", ARCHIVIST, "{\"unitId\":" + btl86 + ",\"recordIds\":[987654321],\"reason\":\"Hết hạn\"}");
        assertThat(hiddenRecord.status()).isEqualTo(400);
        assertThat(hiddenRecord.body()).contains("recordIds[0]").isEqualTo(noRecord.body());
        assertThat(jdbc.sql("select status from archive_record where id = ?").param(foreignRecord).query(String.class).single()).isEqualTo("OPEN");
    }

    /**
     * Two persons, even in one: an official of BTL86 holding both ARCHIVIST and COMMANDER proposes, then — his account
     * renamed meanwhile, so that only the official's identity tells — tries to approve six times while the unit's
     * commander approves six times, all at once: exactly one approval (the commander's), the proposer's six 403, the
     * other five 409; the database's own check refuses a decision by the proposer written past the service.
     */
    @Test
    void the_proposer_holding_both_roles_cannot_approve_even_renamed() throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long btl86 = unit("BTL86");
        String name = "haivai" + run;
        long official = officials.insert(new vn.truongson.org.Officials.NewOfficial(name, "Cán bộ hai vai " + run, btl86, "Trợ lý lưu trữ", null,
                vn.truongson.core.SecrecyLevel.THUONG, vn.truongson.core.SecrecyLevel.THUONG, "-", null, null, null)).id();
        long account = accounts.createWithHash(official, name, accounts.hash("Thu-" + java.util.UUID.randomUUID()), null);
        for (String role : new String[] {"ARCHIVIST", "COMMANDER"}) {
            jdbc.sql("insert into access_grant (official_id, role, unit_id, scope) values (?, ?, ?, 'UNIT')").params(official, role, btl86).update();
        }
        String token = tokens.issue(account).token();
        long item = document("haivai" + run);
        long expired = record("HV-" + run, "\"retentionYears\":5", 2001);
        assertThat(api.post("/api/v1/archive/records/" + expired + "/items", ARCHIVIST, "{\"itemIds\":[" + item + "]}").status()).isEqualTo(200);
        Api.Response p = as(token, "/api/v1/archive/disposals", "{\"unitId\":" + btl86 + ",\"recordIds\":[" + expired + "],\"reason\":\"Hết thời hạn\"}");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        long disposal = p.json().get("id").asLong();
        assertThat(p.json().get("proposedBy").asString()).isEqualTo(name);
        jdbc.sql("update access_account set username = ? where id = ?").params(name + "x", account).update();

        var pool = Executors.newFixedThreadPool(12);
        var go = new CountDownLatch(1);
        var mine = new ArrayList<Future<Integer>>();
        var commander = new ArrayList<Future<Integer>>();
        for (int k = 0; k < 12; k++) {
            boolean self = k % 2 == 0;
            (self ? mine : commander).add(pool.submit((Callable<Integer>) () -> {
                go.await();
                String path = "/api/v1/archive/disposals/" + disposal + "/approve";
                return self ? as(token, path, "").status() : api.post(path, COMMANDER, "").status();
            }));
        }
        go.countDown();
        var statuses = new ArrayList<Integer>();
        for (var f : mine) assertThat(f.get()).isEqualTo(403);
        for (var f : commander) statuses.add(f.get());
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'archive.disposal.approve' and target = ?").param("archive-disposal:" + disposal)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/v1/archive/disposals/" + disposal, COMMANDER).json().get("decidedBy").asString()).isEqualTo(COMMANDER);

        // Past the service: the database refuses a list decided by its proposer (V1610).
        long other = jdbc.sql("""
                insert into archive_disposal (unit_id, reason, status, listing, proposed_by, proposed_by_official)
                values (?, 'thử', 'PROPOSED', '[]', ?, ?) returning id""").params(btl86, name, official).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update archive_disposal set status = 'APPROVED', decided_by = ?, decided_by_official = ?, decided_at = now() where id = ?")
                .params(name + "x", official, other).update()).hasMessageContaining("archive_disposal_two_persons");
        jdbc.sql("update org_official set active = false where id = ?").param(official).update();
    }

    /** A POST with a bearer token issued directly (an account made by the test, not a demo account). */
    Api.Response as(String token, String path, String json) {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString(json));
        return api.send(b, null);
    }

    String store(String text) {
        String body = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        return files.store(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), "x.pdf", 1 << 20).sha256();
    }
}
