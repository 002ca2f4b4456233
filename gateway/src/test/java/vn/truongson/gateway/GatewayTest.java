package vn.truongson.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Every check and refusal of the gateway, against one gateway process (two listeners, its own clamd) for the class. */
class GatewayTest {

    static ConfigurableApplicationContext ctx;
    static Path data;
    static int low, high;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        assertThat(Path.of("/usr/sbin/clamd")).as("Debian's clamav-daemon (deploy/debian-packages.txt)").exists();
        data = Files.createTempDirectory("gw");
        ctx = GatewayTestSupport.start(data, true, "gateway.dirty-words=Sư đoàn 308,Kế hoạch K-9", "gateway.max-message-bytes=4194304");
        Listeners l = ctx.getBean(Listeners.class);
        low = l.port(Side.LOW);
        high = l.port(Side.HIGH);
    }

    @AfterAll
    static void stop() {
        if (ctx != null) ctx.close();
    }

    static String id(String what) {
        return what + "-" + RUN + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static HttpResponse<String> post(int port, String path, byte[] body, String token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(int port, String path, byte[] body) throws Exception {
        return post(port, path, body, port == low ? GatewayTestSupport.LOW_TOKEN : GatewayTestSupport.HIGH_TOKEN);
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + (port == low ? GatewayTestSupport.LOW_TOKEN : GatewayTestSupport.HIGH_TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> r) {
        return Samples.JSON.readTree(r.body());
    }

    /** Claims everything for the side and returns the message with the id, acknowledging it. */
    static JsonNode receive(int port, String id) throws Exception {
        for (JsonNode m : json(post(port, "/v1/inbox/claim?limit=100", new byte[0]))) {
            if (m.get("id").asString().equals(id)) {
                assertThat(post(port, "/v1/inbox/" + id + "/ack", new byte[0]).statusCode()).isEqualTo(200);
                return m;
            }
        }
        return null;
    }

    static Map<String, Object> outbound(String id, String type, String label, Map<String, Object> payload, List<Map<String, Object>> files) {
        Map<String, Object> m = new HashMap<>(Map.of("id", id, "type", type, "label", label, "payload", payload));
        if (files != null) m.put("files", files);
        return m;
    }

    // ------------------------------------------------------------------------------------------------ inbound

    @Test
    void aCleanDossierCrossesInOnceAndBothLogsReconcile() throws Exception {
        String id = id("hs");
        byte[] pdf = Samples.pdf("Đơn đề nghị cấp giấy xác nhận", false, 0);
        var r = post(low, "/v1/messages", Samples.bytes(Samples.dossier(id, List.of(Samples.file("don.pdf", pdf)))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).get("state").asString()).isEqualTo("QUEUED");
        assertThat(json(r).get("checks").toString()).contains("schema:ok", "clamav:clean", "cdr:rebuilt");
        // The low side cannot take it back out; the high side gets it once.
        assertThat(receive(low, id)).isNull();
        JsonNode m = receive(high, id);
        assertThat(m).isNotNull();
        assertThat(m.get("payload").get("applicant").get("fullName").asString()).isEqualTo("Nguyễn Thị Hoà");
        byte[] clean = Base64.getDecoder().decode(m.get("files").get(0).get("content").asString());
        try (var d = Loader.loadPDF(clean)) {
            assertThat(new PDFTextStripper().getText(d)).contains("Đơn đề nghị cấp giấy xác nhận");
        }
        assertThat(json(post(high, "/v1/inbox/" + id + "/ack", new byte[0])).get("alreadyDelivered").asBoolean()).isTrue();
        assertThat(json(get(low, "/v1/messages/" + id)).get("state").asString()).isEqualTo("DELIVERED");
        JsonNode rec = json(get(high, "/v1/reconcile"));
        assertThat(rec.get("lowLogIntact").asBoolean()).isTrue();
        assertThat(rec.get("highLogIntact").asBoolean()).isTrue();
        assertThat(rec.get("arrivedNotSent")).isEmpty();
        assertThat(rec.get("sentNotArrived")).isEmpty();
        assertThat(rec.get("reconciled").asBoolean()).as(rec.toString()).isTrue();
        // Logged on both sides: received on the low side, delivered on the high side.
        JsonNode lowLog = json(get(high, "/v1/log?side=low&type=dossier.envelope&event=RECEIVED"));
        assertThat(lowLog.toString()).contains(id);
        assertThat(json(get(high, "/v1/log?side=high&event=DELIVERED")).toString()).contains(id);
        assertThat(json(get(high, "/v1/counts")).toString()).contains("dossier.envelope", "RECEIVED", "DELIVERED");
    }

    @Test
    void aPdfWithJavaScriptIsCaughtAndRebuiltWithoutIt() throws Exception {
        String id = id("js");
        byte[] pdf = Samples.pdf("Tờ khai", true, 0);
        try (var d = Loader.loadPDF(pdf)) {
            assertThat(d.getDocumentCatalog().getNames().getJavaScript()).as("the sample carries JavaScript").isNotNull();
        }
        var r = post(low, "/v1/messages", Samples.bytes(Samples.dossier(id, List.of(Samples.file("to-khai.pdf", pdf)))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode m = receive(high, id);
        JsonNode f = m.get("files").get(0);
        assertThat(f.get("removed").toString()).contains("JavaScript", "OpenAction");
        byte[] clean = Base64.getDecoder().decode(f.get("content").asString());
        String raw = new String(clean, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("/JavaScript").doesNotContain("/OpenAction").doesNotContain("app.alert");
        try (var d = Loader.loadPDF(clean)) {
            assertThat(Samples.hasName(d, "OpenAction")).isFalse();
            assertThat(Samples.hasName(d, "Names")).isFalse();
            assertThat(new PDFTextStripper().getText(d)).contains("Tờ khai");
        }
    }

    @Test
    void malwareIsRefusedQuarantinedAndLogged() throws Exception {
        String id = id("mal");
        var r = post(low, "/v1/messages", Samples.bytes(Samples.dossier(id, List.of(Samples.file("don.pdf", Samples.eicarInsidePdf())))));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("code").asString()).isEqualTo("MALWARE");
        assertThat(p.get("field").asString()).isEqualTo("files[0]");
        assertThat(p.get("detail").asString()).contains("TruongSon.Test.EICAR");
        assertThat(receive(high, id)).isNull();
        assertThat(json(get(high, "/v1/quarantine")).toString()).contains(id, "MALWARE");
        assertThat(json(get(high, "/v1/log?side=low&event=REFUSED")).toString()).contains(id);
        // Reviewed on the high side: the finding is kept and logged, the message stays in quarantine.
        var reviewed = post(high, "/v1/quarantine/" + id + "/review",
                Samples.bytes(Map.of("official", "can-bo-a", "roles", List.of("GATEWAY_RELEASER"), "note", "Xác nhận mẫu thử EICAR")));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        assertThat(json(reviewed).get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(json(get(high, "/v1/log?side=high&event=REVIEWED")).toString()).contains(id, "Xác nhận mẫu thử EICAR");
        assertRefused(post(high, "/v1/quarantine/" + id + "/review", Samples.bytes(Map.of("official", "x", "roles", List.of("CLERK"), "note", "n"))),
                403, "FORBIDDEN", "roles");
        assertThat(receive(high, id)).isNull();
        // The EICAR string in a payload field: the envelope is scanned too.
        Map<String, Object> m = new HashMap<>(Samples.dossier(id("mal2"), List.of()));
        Map<String, Object> payload = new HashMap<>((Map<String, Object>) m.get("payload"));
        payload.put("form", Map.of("ghiChu", new String(Samples.eicar(), StandardCharsets.US_ASCII)));
        m.put("payload", payload);
        var r2 = post(low, "/v1/messages", Samples.bytes(m));
        assertThat(json(r2).get("code").asString()).as(r2.body()).isEqualTo("MALWARE");
        // The same id again: the same answer, nothing new in the log.
        int before = json(get(high, "/v1/log?side=low")).size();
        var again = post(low, "/v1/messages", Samples.bytes(Samples.dossier(id, List.of(Samples.file("don.pdf", Samples.eicarInsidePdf())))));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(get(high, "/v1/log?side=low")).size()).isEqualTo(before);
    }

    @Test
    void unknownTypesWrongDirectionsBadSchemasAndForbiddenFilesAreRefused() throws Exception {
        Map<String, Object> unknown = new HashMap<>(Samples.dossier(id("t"), List.of()));
        unknown.put("type", "sql.dump");
        assertRefused(post(low, "/v1/messages", Samples.bytes(unknown)), 422, "UNKNOWN_TYPE", "type");

        // A citizen's supplement answer only goes up: from the low side with a PDF it is accepted, from the high side refused.
        Map<String, Object> supplement = Map.of("dossierCode", "BQP-BP-02-001", "answeredAt", "2026-12-07T10:15:30.123Z", "note", "Đã bổ sung");
        var up = post(low, "/v1/messages", Samples.bytes(outbound(id("sup"), "dossier.supplement", "THUONG", supplement,
                List.of(Samples.file("crewList/crew.pdf", Samples.pdf("Danh sách thuyền viên", false, 0))))));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(202);
        assertRefused(post(high, "/v1/messages", Samples.bytes(outbound(id("sup2"), "dossier.supplement", "THUONG", supplement, List.of()))),
                422, "WRONG_DIRECTION", "type");
        assertRefused(post(low, "/v1/messages", Samples.bytes(outbound(id("sup3"), "dossier.supplement", "THUONG",
                Map.of("dossierCode", "BQP-BP-02-001", "answeredAt", "hôm qua"), List.of()))), 422, "SCHEMA", "payload.answeredAt");

        // A result may only leave the high side, never come in from the low side.
        assertRefused(post(low, "/v1/messages", Samples.bytes(outbound(id("d"), "dossier.result", "THUONG",
                Map.of("dossierCode", "HS-1", "outcome", "APPROVED"), null))), 422, "WRONG_DIRECTION", "type");

        Map<String, Object> bad = new HashMap<>(Samples.dossier(id("s"), List.of()));
        bad.put("payload", Map.of("dossierCode", "HS-1", "procedureCode", "1.001234", "submittedAt", "2026-12-07T09:15:00+07:00",
                "applicant", Map.of("fullName", "Lê Văn A", "idNumber", "123")));
        assertRefused(post(low, "/v1/messages", Samples.bytes(bad)), 422, "SCHEMA", "payload.applicant.idNumber");

        Map<String, Object> extra = new HashMap<>(Samples.dossier(id("x"), List.of()));
        extra.put("forward", "http://10.0.0.1/");
        assertRefused(post(low, "/v1/messages", Samples.bytes(extra)), 422, "SCHEMA", "forward");

        assertRefused(post(low, "/v1/messages", "{not json".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED", "body");

        // An executable named .pdf, and the bare EICAR file: refused by content before anything reads them.
        byte[] exe = new byte[4096];
        exe[0] = 'M';
        exe[1] = 'Z';
        assertRefused(post(low, "/v1/messages", Samples.bytes(Samples.dossier(id("f"), List.of(Samples.file("don.pdf", exe))))), 415, "FILE_TYPE", "files[0]");
        assertRefused(post(low, "/v1/messages", Samples.bytes(Samples.dossier(id("e"), List.of(Samples.file("eicar.pdf", Samples.eicar()))))), 415,
                "FILE_TYPE", "files[0]");
        // An XML file is allowed for edXML, not in a dossier.
        assertRefused(post(low, "/v1/messages", Samples.bytes(Samples.dossier(id("xml"), List.of(Samples.file("a.xml", "<a>b</a>".getBytes()))))), 415,
                "FILE_TYPE", "files[0]");
        // A broken PDF cannot be rebuilt: active content that cannot be removed.
        assertRefused(post(low, "/v1/messages", Samples.bytes(Samples.dossier(id("b"), List.of(Samples.file("a.pdf", "%PDF-1.7\ngarbage".getBytes()))))),
                422, "ACTIVE_CONTENT", "files[0]");
        // Classified data does not come in either.
        Map<String, Object> mat = new HashMap<>(Samples.dossier(id("l"), List.of()));
        mat.put("label", "MAT");
        assertRefused(post(low, "/v1/messages", Samples.bytes(mat)), 422, "LABEL", "label");
    }

    @Test
    void oversizeIsRefusedBeforeItIsRead() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        assertRefused(post(low, "/v1/messages", big), 413, "OVERSIZE", "body");
        // Below the listener's limit but above the type's: a notice may weigh 64 KiB.
        String note = "a".repeat(70 * 1024);
        assertRefused(post(high, "/v1/messages", Samples.bytes(outbound(id("n"), "dossier.notice", "THUONG",
                Map.of("dossierCode", "HS-1", "status", "DONE", "message", note), null))), 413, "OVERSIZE", "body");
    }

    @Test
    void tokensAndSidesAreKeptApart() throws Exception {
        assertThat(post(low, "/v1/messages", new byte[0], null).statusCode()).isEqualTo(401);
        assertThat(post(low, "/v1/messages", new byte[0], GatewayTestSupport.HIGH_TOKEN).statusCode()).isEqualTo(401);
        // The high side's screens do not exist on the low listener.
        assertThat(get(low, "/v1/quarantine").statusCode()).isEqualTo(404);
        assertThat(get(low, "/v1/releases").statusCode()).isEqualTo(404);
        assertThat(post(low, "/v1/releases/x/approve", "{}".getBytes(), GatewayTestSupport.LOW_TOKEN).statusCode()).isEqualTo(404);
    }

    static void assertRefused(HttpResponse<String> r, int status, String code, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode p = json(r);
        assertThat(p.get("code").asString()).as(r.body()).isEqualTo(code);
        assertThat(p.get("field").asString()).as(r.body()).isEqualTo(field);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------ outbound

    @Test
    void onlyThuongLeavesAndMarkingsInTheContentAreRefused() throws Exception {
        Map<String, Object> ok = Map.of("dossierCode", "HS-2", "outcome", "APPROVED", "note", "Hồ sơ đã được giải quyết; thông tin được bảo mật theo quy định.");
        for (String label : List.of("MAT", "TOI_MAT", "TUYET_MAT")) {
            assertRefused(post(high, "/v1/messages", Samples.bytes(outbound(id("lab"), "dossier.result", label, ok, null))), 422, "LABEL", "label");
        }
        for (String note : List.of("Ghi chú: MẬT", "TỐI MẬT - không sao chụp", "Đóng dấu TUYỆT MẬT", "Theo kế hoạch của Sư đoàn 308", "kế hoạch k-9")) {
            var r = post(high, "/v1/messages", Samples.bytes(outbound(id("mk"), "dossier.result", "THUONG",
                    Map.of("dossierCode", "HS-2", "outcome", "APPROVED", "note", note), null)));
            assertRefused(r, 422, "MARKING", "content");
        }
        // The stamp inside the attached PDF's text.
        var r = post(high, "/v1/messages", Samples.bytes(outbound(id("mkpdf"), "dossier.result", "THUONG",
                Map.of("dossierCode", "HS-2", "outcome", "APPROVED"), List.of(Samples.file("kq.pdf", Samples.pdf("Quyết định — MẬT", false, 0))))));
        assertRefused(r, 422, "MARKING", "content");
        // Ordinary prose passes (lower-case "bảo mật").
        var pass = post(high, "/v1/messages", Samples.bytes(outbound(id("ok"), "dossier.result", "THUONG", ok, null)));
        assertThat(pass.statusCode()).as(pass.body()).isEqualTo(202);
        assertThat(json(pass).get("state").asString()).isEqualTo("PENDING_RELEASE");
    }

    @Test
    void twoDifferentOfficialsReleaseAndTheSameOneCannotTwice() throws Exception {
        String id = id("rel");
        var r = post(high, "/v1/messages", Samples.bytes(outbound(id, "dossier.result", "THUONG",
                Map.of("dossierCode", "HS-3", "outcome", "APPROVED"), List.of(Samples.file("kq.pdf", Samples.pdf("Quyết định cấp phép", false, 0))))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(receive(low, id)).as("not before release").isNull();
        JsonNode queue = json(get(high, "/v1/releases"));
        assertThat(queue.toString()).contains(id);
        for (JsonNode q : queue) {
            if (q.get("id").asString().equals(id)) assertThat(q.get("content").get("files").get(0).get("cleanDigest").asString()).isNotBlank();
        }
        assertThat(approve(id, "can-bo-a", "GATEWAY_RELEASER").statusCode()).isEqualTo(200);
        assertThat(receive(low, id)).as("one approval is not enough").isNull();
        var twice = approve(id, "can-bo-a", "GATEWAY_RELEASER");
        assertRefused(twice, 409, "SAME_OFFICIAL", "official");
        assertRefused(approve(id, "can-bo-c", "CLERK"), 403, "FORBIDDEN", "roles");
        assertThat(approve(id, "can-bo-b", "GATEWAY_RELEASER").statusCode()).isEqualTo(200);
        assertThat(receive(low, id)).isNotNull();
        JsonNode log = json(get(high, "/v1/log?side=high&event=RELEASED"));
        assertThat(log.toString()).contains(id, "can-bo-a", "can-bo-b");
        // A notice is released automatically once its checks pass.
        String n = id("notice");
        var nr = post(high, "/v1/messages", Samples.bytes(outbound(n, "dossier.notice", "THUONG",
                Map.of("dossierCode", "HS-3", "status", "DA_TRA_KET_QUA", "message", "Hồ sơ đã có kết quả"), null)));
        assertThat(json(nr).get("state").asString()).isEqualTo("QUEUED");
        assertThat(receive(low, n)).isNotNull();
    }

    static HttpResponse<String> approve(String id, String official, String role) throws Exception {
        return post(high, "/v1/releases/" + id + "/approve", Samples.bytes(Map.of("official", official, "roles", List.of(role))));
    }

    // ------------------------------------------------------------------------------------------------ once

    @Test
    void twelveParallelSubmissionsClaimsAcksAndApprovalsActOnce() throws Exception {
        String id = id("par");
        byte[] body = Samples.bytes(Samples.dossier(id, List.of(Samples.file("don.pdf", Samples.pdf("Song song", false, 0)))));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Integer> codes = all(pool, () -> post(low, "/v1/messages", body).statusCode());
            assertThat(codes).containsOnly(202);
            assertThat(json(get(high, "/v1/log?side=low&event=RECEIVED")).toString().split(id, -1).length - 1).isEqualTo(1);
            List<String> claims = all(pool, () -> json(post(high, "/v1/inbox/claim?limit=100", new byte[0])).toString());
            assertThat(claims.stream().filter(c -> c.contains(id)).count()).as("claimed by one").isEqualTo(1);
            List<String> acks = all(pool, () -> post(high, "/v1/inbox/" + id + "/ack", new byte[0]).body());
            assertThat(acks.stream().filter(a -> a.contains("\"delivered\":true")).count()).as("delivered once").isEqualTo(1);
            assertThat(json(get(high, "/v1/log?side=high&event=DELIVERED")).toString().split(id, -1).length - 1).isEqualTo(1);

            // Twelve approvals by one official: one approval, still pending.
            String out = id("par-out");
            post(high, "/v1/messages", Samples.bytes(outbound(out, "dossier.result", "THUONG", Map.of("dossierCode", "HS-4", "outcome", "REJECTED"), null)));
            List<Integer> same = all(pool, () -> approve(out, "can-bo-a", "GATEWAY_RELEASER").statusCode());
            assertThat(same.stream().filter(c -> c == 200).count()).isEqualTo(1);
            assertThat(json(get(high, "/v1/releases")).toString()).contains(out);
            // Twelve different officials at once: released once, the rest told it no longer waits.
            List<Integer> many = new ArrayList<>();
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String who = "can-bo-" + i;
                fs.add(pool.submit(() -> approve(out, who, "GATEWAY_RELEASER").statusCode()));
            }
            for (var f : fs) many.add(f.get());
            assertThat(many.stream().filter(c -> c == 200).count()).isEqualTo(1);
            assertThat(json(get(high, "/v1/log?side=high&event=RELEASED")).toString().split(out, -1).length - 1).isEqualTo(1);
            // The same id with other content is a conflict, not a second message.
            byte[] other = Samples.bytes(Samples.dossier(id, List.of()));
            assertThat(post(low, "/v1/messages", other).statusCode()).isEqualTo(409);
        } finally {
            pool.shutdown();
        }
    }

    static <T> List<T> all(ExecutorService pool, Callable<T> task) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (int i = 0; i < 12; i++) fs.add(pool.submit(task));
        List<T> out = new ArrayList<>();
        for (var f : fs) out.add(f.get());
        return out;
    }
}
