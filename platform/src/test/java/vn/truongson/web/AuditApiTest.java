package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.audit.AuditTrail;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** API.md "Audit", over real HTTP with bearer tokens. */
@PlatformTest
class AuditApiTest {

    /** A demo account without a second factor, so that the test can sign it in as often as it needs. */
    static final String SUBJECT = "baocao.qk1";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail trail;
    @Autowired TransactionTemplate tx;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static List<JsonNode> rows(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One failed and one successful sign-in of SUBJECT; answers the highest audit id seen before them. */
    private long signInTwice() {
        long before = rows(api.get("/api/v1/audit?limit=1", "auditor")).stream().mapToLong(n -> Long.parseLong(n.get("id").asString())).max().orElse(0);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"" + SUBJECT + "\",\"password\":\"SaiMatKhau999\"}").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"" + SUBJECT + "\",\"password\":\"" + Api.DEMO_PASSWORD + "\"}").status()).isEqualTo(200);
        return before;
    }

    @Test
    void without_a_token_the_answer_is_401_and_without_admin_or_auditor_grant_403() {
        assertThat(api.get("/api/v1/audit", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/verify", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit", "baocao.sd3").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/verify", "baocao.sd3").status()).isEqualTo(403);
    }

    @Test
    void filtering_by_actor_finds_the_sign_ins_just_made_newest_first() {
        long before = signInTwice();
        List<JsonNode> rows = rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&action=signin", "auditor"));
        assertThat(rows).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("actor").asString()).isEqualTo(SUBJECT);
            assertThat(n.get("action").asString()).isEqualTo("signin");
            assertThat(n.get("id").isString()).isTrue();
        });
        List<JsonNode> fresh = rows.stream().filter(n -> Long.parseLong(n.get("id").asString()) > before).toList();
        assertThat(fresh).extracting(n -> n.get("outcome").asString()).containsExactly("SUCCESS", "FAILURE");
        JsonNode last = fresh.getFirst();
        assertThat(last.get("target").asString()).isEqualTo("account:" + SUBJECT);
        assertThat(last.get("zone").asString()).isEqualTo("military-network");
        assertThat(last.get("ip").asString()).isNotBlank();
        // ISO 8601 with an offset, and recent.
        OffsetDateTime at = OffsetDateTime.parse(last.get("at").asString());
        assertThat(at.getOffset().getTotalSeconds()).isEqualTo(7 * 3600);
        assertThat(at.toInstant()).isAfter(java.time.Instant.now().minusSeconds(300));
        List<Long> ids = rows.stream().map(n -> Long.parseLong(n.get("id").asString())).toList();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // Another actor's filter does not show these rows.
        assertThat(rows(api.get("/api/v1/audit?actor=baocao.sd3&action=signin", "auditor")))
                .noneMatch(n -> n.get("actor").asString().equals(SUBJECT));
        // The outcome filter (an addition to API.md) keeps only failures.
        assertThat(rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&outcome=FAILURE", "auditor")))
                .isNotEmpty().allSatisfy(n -> assertThat(n.get("outcome").asString()).isEqualTo("FAILURE"));
    }

    @Test
    void from_and_to_take_dates_in_vietnam_time_and_instants() {
        long before = signInTwice();
        JsonNode row = rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&limit=1", "auditor")).getFirst();
        long id = Long.parseLong(row.get("id").asString());
        assertThat(id).isGreaterThan(before);
        OffsetDateTime at = OffsetDateTime.parse(row.get("at").asString());
        LocalDate day = at.atZoneSameInstant(ZoneId.of("Asia/Ho_Chi_Minh")).toLocalDate();

        // A date as "to" includes that whole day; as "from", starts it.
        assertThat(ids("from=" + day + "&to=" + day)).contains(id);
        assertThat(ids("to=" + day.minusDays(1))).doesNotContain(id);
        assertThat(ids("from=" + day.plusDays(1))).isEmpty();
        // Instants: "to" is exclusive.
        assertThat(ids("from=" + enc(at.minusSeconds(1).toString()) + "&to=" + enc(at.plusSeconds(1).toString()))).contains(id);
        assertThat(ids("to=" + enc(at.toInstant().toString()))).doesNotContain(id);
        assertThat(ids("from=" + enc(at.toInstant().minusSeconds(5).toString()))).contains(id);
    }

    private List<Long> ids(String query) {
        return rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&" + query, "auditor")).stream()
                .map(n -> Long.parseLong(n.get("id").asString())).toList();
    }

    @Test
    void a_bad_date_is_a_400_naming_the_field_in_the_callers_language() {
        Api.Response r = api.get("/api/v1/audit?from=hom-qua", "auditor");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().get("content-type")).anySatisfy(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode errors = r.json().get("errors");
        assertThat(errors.size()).isEqualTo(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("from");
        assertThat(errors.get(0).get("message").asString()).contains("ISO 8601");

        Api.Response en = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/audit?to=2026-13-45&from=x"))
                .header("Accept-Language", "en").GET(), "auditor");
        assertThat(en.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        en.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("from", "to");
        assertThat(en.json().get("errors").get(0).get("message").asString()).startsWith("Use an ISO 8601 instant");

        Api.Response reversed = api.get("/api/v1/audit?from=2026-11-20&to=2026-11-19", "auditor");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }

    @Test
    void the_log_verifies_and_counts_every_row() {
        signInTwice();
        // Ids come from a sequence now (no lock): a rolled-back append leaves a gap, so count rows, not ids.
        long rowsNow = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        Api.Response r = api.get("/api/v1/audit/verify", "admin");
        assertThat(r.status()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("ok").asBoolean()).as(r.body()).isTrue();
        assertThat(v.get("checked").asLong()).isGreaterThanOrEqualTo(rowsNow);
        assertThat(v.get("firstBrokenId").isNull()).isTrue();
    }

    @Test
    void heads_and_proofs_are_for_admin_and_auditor_only() {
        assertThat(api.get("/api/v1/audit/heads", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/heads", "baocao.sd3").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/1/proof", "baocao.sd3").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/1/proof", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/heads?limit=0", "auditor").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/heads?limit=1e5000", "auditor").json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(api.get("/api/v1/audit/999999999999/proof", "auditor").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/audit/abc/proof", "auditor").status()).isEqualTo(404);
    }

    @Test
    void a_records_proof_verifies_offline_with_the_heads_certificate_and_fails_for_a_changed_leaf() throws Exception {
        long before = signInTwice();
        trail.seal();
        JsonNode row = rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&limit=1", "auditor")).getFirst();
        long id = Long.parseLong(row.get("id").asString());
        assertThat(id).isGreaterThan(before);
        Api.Response r = api.get("/api/v1/audit/" + id + "/proof", "auditor");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("id").asString()).isEqualTo(Long.toString(id));
        HexFormat hex = HexFormat.of();
        byte[] leafData = hex.parseHex(p.get("leafData").asString());
        byte[] leafHash = hex.parseHex(p.get("leafHash").asString());
        assertThat(leafHash).isEqualTo(sha256(new byte[] {0}, leafData));
        long index = Long.parseLong(p.get("leafIndex").asString());
        long size = Long.parseLong(p.get("treeSize").asString());
        List<byte[]> path = new ArrayList<>();
        p.get("path").forEach(n -> path.add(hex.parseHex(n.asString())));
        JsonNode head = p.get("head");
        assertThat(head.get("treeSize").asString()).isEqualTo(Long.toString(size));
        byte[] root = hex.parseHex(head.get("rootHash").asString());

        // RFC 9162 §2.1.3.2, written out here again rather than taken from the platform.
        assertThat(rootFrom(index, size, leafHash, path)).isEqualTo(root);
        byte[] changed = leafHash.clone();
        changed[0] ^= 1;
        assertThat(rootFrom(index, size, changed, path)).isNotEqualTo(root);

        // The head's signature, with the certificate it comes with, over the text docs/security.md defines.
        var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(head.get("certificate").asString().getBytes(StandardCharsets.US_ASCII)));
        String signed = "truongson-audit-head/v1\n" + size + "\n" + head.get("rootHash").asString() + "\n" + head.get("signedAt").asString() + "\n";
        Signature sig = Signature.getInstance(cert.getPublicKey().getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        sig.initVerify(cert.getPublicKey());
        sig.update(signed.getBytes(StandardCharsets.UTF_8));
        assertThat(sig.verify(Base64.getDecoder().decode(head.get("signature").asString()))).isTrue();
        sig.initVerify(cert.getPublicKey());
        sig.update(signed.replace("\n" + size + "\n", "\n" + (size + 1) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(sig.verify(Base64.getDecoder().decode(head.get("signature").asString()))).isFalse();
        assertThat(cert.getSubjectX500Principal().getName()).contains("Audit Seal");

        // The same head is listed, newest first.
        List<JsonNode> heads = rows(api.get("/api/v1/audit/heads?limit=5", "admin"));
        assertThat(heads).isNotEmpty();
        assertThat(Long.parseLong(heads.getFirst().get("treeSize").asString())).isGreaterThanOrEqualTo(size);
        assertThat(heads).extracting(h -> Long.parseLong(h.get("treeSize").asString())).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_proof_for_a_record_not_sealed_yet_is_a_409_that_says_so() throws Exception {
        // An open transaction that started first holds the sealer back (it seals only below the oldest one running).
        var hold = new java.util.concurrent.CountDownLatch(1);
        var holding = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var open = pool.submit(() -> tx.executeWithoutResult(s -> {
                jdbc.sql("select pg_current_xact_id()").query().singleRow();
                holding.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            holding.await();
            signInTwice();
            trail.seal();
            long id = Long.parseLong(rows(api.get("/api/v1/audit?actor=" + SUBJECT + "&limit=1", "auditor")).getFirst().get("id").asString());
            Api.Response r = api.get("/api/v1/audit/" + id + "/proof", "auditor");
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.json().get("detail").asString()).contains("chưa được niêm phong");
            hold.countDown();
            open.get();
            trail.seal();
            assertThat(api.get("/api/v1/audit/" + id + "/proof", "auditor").status()).isEqualTo(200);
        } finally {
            hold.countDown();
            pool.shutdownNow();
        }
    }

    static byte[] rootFrom(long index, long size, byte[] leafHash, List<byte[]> path) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) return new byte[0];
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256(new byte[] {1}, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : new byte[0];
    }

    static byte[] sha256(byte[]... parts) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            for (byte[] b : parts) md.update(b);
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
