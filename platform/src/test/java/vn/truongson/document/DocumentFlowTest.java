package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static vn.truongson.support.Principals.as;

import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import vn.truongson.files.SealedFiles;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * After issue: sending with the secrecy and channel rules, receipt with the incoming number, assignment and
 * handling with the status notices the sender sees, and who may open a classified document from where.
 */
@PlatformTest
class DocumentFlowTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired SealedFiles sealed;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    long audits(String action, String id) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?").params(action, "document:" + id).query(Long.class).single();
    }

    @Test
    void send_receive_assign_handle_close_and_the_sender_sees_each_notice() {
        String id = f.issuedWithoutSignatures("CV", "Về việc triển khai chữ ký số cho cán bộ đầu mối", "THUONG", "HOA_TOC");
        var sent = api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MOBILE\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().get("deliveries").get(0).get("status").asString()).isEqualTo("DELIVERED");

        // The QK1 clerk finds it in the incoming box, urgent first, and registers it.
        var box = api.get("/api/v1/documents?box=incoming", DocumentFixtures.CLERK_QK1).json();
        assertThat(box.get(0).get("urgency").asString()).isEqualTo("HOA_TOC");
        var received = api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}");
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        int arrival = received.json().get("arrivalNumber").asInt();
        assertThat(arrival).isPositive();
        assertThat(received.json().get("arrivedAt").asString()).contains("+07:00");
        assertThat(api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}").status()).isEqualTo(409);
        // The next one gets the next incoming number.
        String id2 = f.issuedWithoutSignatures("BC", "Báo cáo kết quả", "THUONG", "THUONG");
        api.post("/api/v1/documents/" + id2 + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}");
        assertThat(api.post("/api/v1/documents/" + id2 + "/receive", DocumentFixtures.CLERK_QK1, "{}").json().get("arrivalNumber").asInt())
                .isEqualTo(arrival + 1);

        // The commander assigns it to the handler, due in 3 working days.
        var a = api.post("/api/v1/documents/" + id + "/assignments", DocumentFixtures.COMMANDER_QK1,
                "{\"officialId\":\"%s\",\"role\":\"LEAD\",\"dueWorkingDays\":3}".formatted(f.official(DocumentFixtures.HANDLER_QK1)));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("role").asString()).isEqualTo("LEAD");
        assertThat(LocalDate.parse(a.json().get("dueDate").asString())).isAfter(LocalDate.now().plusDays(2));
        String aid = a.json().get("id").asString();
        var work = api.get("/api/v1/documents/work", DocumentFixtures.HANDLER_QK1).json();
        assertThat(work.toString()).contains(aid);

        var p = api.post("/api/v1/documents/" + id + "/assignments/" + aid + "/progress", DocumentFixtures.HANDLER_QK1,
                "{\"text\":\"Đã rà soát danh sách cán bộ đầu mối\",\"percent\":50}");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        // Someone else cannot record progress on it.
        assertThat(api.post("/api/v1/documents/" + id + "/assignments/" + aid + "/progress", DocumentFixtures.CLERK_QK1, "{\"text\":\"x\"}").status())
                .isEqualTo(403);
        var c = api.post("/api/v1/documents/" + id + "/assignments/" + aid + "/close", DocumentFixtures.HANDLER_QK1,
                "{\"text\":\"Hoàn thành\",\"replyDocumentId\":\"%s\"}".formatted(id2));
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(c.json().get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.json().get("replyDocumentId").asString()).isEqualTo(id2);
        assertThat(api.post("/api/v1/documents/" + id + "/assignments/" + aid + "/close", DocumentFixtures.HANDLER_QK1, "{}").status()).isEqualTo(409);

        // The sender sees 01, 03, 04, 05, 06 in order.
        var history = api.get("/api/v1/documents/" + id, DocumentFixtures.CLERK).json().get("history");
        var codes = new java.util.ArrayList<String>();
        history.forEach(h -> { if (!h.get("statusCode").isNull()) codes.add(h.get("statusCode").asString()); });
        assertThat(codes).containsExactly("01", "03", "04", "05", "06");
    }

    @Test
    void a_classified_document_goes_only_on_the_military_network_and_is_sealed_at_rest() {
        String id = f.issuedWithoutSignatures("KH", "Kế hoạch bảo đảm an toàn thông tin", "MAT", "THUONG_KHAN");
        long before = jdbc.sql("select count(*) from document_recipient where document_id = ? and status <> 'PENDING'").param(Long.parseLong(id))
                .query(Long.class).single();
        for (String channel : new String[] {"MOBILE", "EXTERNAL"}) {
            var r = api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"" + channel + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.json().get("detail").asString()).contains("Mật").contains("mạng truyền số liệu quân sự");
        }
        assertThat(jdbc.sql("select count(*) from document_recipient where document_id = ? and status <> 'PENDING'").param(Long.parseLong(id))
                .query(Long.class).single()).isEqualTo(before);
        assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}").status()).isEqualTo(200);

        // At rest: sealed, and the bytes on disk are not the PDF.
        Long sealedId = jdbc.sql("select file_sealed_id from document_document where id = ?").param(Long.parseLong(id)).query(Long.class).single();
        assertThat(sealedId).isNotNull();
        assertThat(new String(sealed.cipherText(sealedId), 0, 5)).isNotEqualTo("%PDF-");
        assertThat(new String(sealed.open(sealedId), 0, 5)).isEqualTo("%PDF-");
    }

    @Test
    void a_classified_document_is_refused_below_clearance_and_from_the_mobile_zone_and_every_open_is_audited() throws Exception {
        String id = f.issuedWithoutSignatures("CV", "Công văn mật về tần số liên lạc", "MAT", "THUONG");
        api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}");
        // vanthu.qk1 is cleared Thường: the document does not exist for them, in the box nor by id.
        assertThat(api.get("/api/v1/documents/" + id, DocumentFixtures.CLERK_QK1).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents/" + id + "/file", DocumentFixtures.CLERK_QK1).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents?box=incoming", DocumentFixtures.CLERK_QK1).body()).doesNotContain("\"id\":\"" + id + "\"");
        assertThat(api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}").status()).isEqualTo(404);
        // chihuy.qk1 is cleared Tối mật: from the military network yes, from a mobile address no.
        assertThat(api.get("/api/v1/documents/" + id, DocumentFixtures.COMMANDER_QK1).status()).isEqualTo(200);
        RequestPostProcessor mobile = req -> { req.setRemoteAddr("100.64.3.7"); return req; };
        int status = mvc.perform(get("/api/v1/documents/" + id).with(as(jdbc, DocumentFixtures.COMMANDER_QK1)).with(mobile))
                .andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(404);
        String list = mvc.perform(get("/api/v1/documents").param("box", "incoming").with(as(jdbc, DocumentFixtures.COMMANDER_QK1)).with(mobile))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain("\"id\":\"" + id + "\"");

        long opens = audits("document.open", id), downloads = audits("document.download", id), prints = audits("document.print", id);
        assertThat(api.get("/api/v1/documents/" + id + "/file?disposition=inline", DocumentFixtures.CLERK).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/documents/" + id + "/file", DocumentFixtures.CLERK).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/documents/" + id + "/file?disposition=print", DocumentFixtures.CLERK).status()).isEqualTo(200);
        assertThat(audits("document.open", id)).isEqualTo(opens + 1);
        assertThat(audits("document.download", id)).isEqualTo(downloads + 1);
        assertThat(audits("document.print", id)).isEqualTo(prints + 1);
    }

    @Test
    void signing_by_another_than_the_named_signer_is_403_and_issuing_twice_or_unsigned_is_409() {
        String draft = f.draft("CV", "Ký sai người", "THUONG", "THUONG");
        var wrong = api.post("/api/v1/documents/" + draft + "/sign", DocumentFixtures.CLERK, "{\"pin\":\"123456\"}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(403);
        assertThat(api.post("/api/v1/documents/" + draft + "/sign", DocumentFixtures.SIGNER, "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/documents/" + draft + "/issue", DocumentFixtures.CLERK, "").status()).isEqualTo(409);
        String issued = f.issuedWithoutSignatures("CV", "Đã ban hành", "THUONG", "THUONG");
        var twice = api.post("/api/v1/documents/" + issued + "/issue", DocumentFixtures.CLERK, "");
        assertThat(twice.status()).as(twice.body()).isEqualTo(409);
        // Only a clerk of the issuing unit issues.
        assertThat(api.post("/api/v1/documents/" + issued + "/issue", DocumentFixtures.DRAFTER, "").status()).isEqualTo(403);
    }

    @Test
    void bad_input_on_send_receive_and_assign() {
        String id = f.issuedWithoutSignatures("CV", "Đầu vào sai", "THUONG", "THUONG");
        var noChannel = api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{}");
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(noChannel.body()).contains("\"field\":\"channel\"");
        assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"PIGEON\"}").body()).contains("\"field\":\"channel\"");
        assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}").status()).isEqualTo(409); // not sent yet
        api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}");
        assertThat(api.post("/api/v1/documents/" + id + "/assignments", DocumentFixtures.COMMANDER_QK1,
                "{\"unitId\":\"" + f.unit("BTMQK1") + "\",\"role\":\"LEAD\",\"dueDate\":\"2099-01-01\"}").status()).isEqualTo(409); // not received
        api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}");
        long before = jdbc.sql("select count(*) from document_assignment").query(Long.class).single();
        String path = "/api/v1/documents/" + id + "/assignments";
        String u = f.unit("BTMQK1");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"BOSS\",\"dueDate\":\"2099-01-01\"}").body()).contains("\"field\":\"role\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"LEAD\",\"dueDate\":\"2001-01-01\"}").body()).contains("\"field\":\"dueDate\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"LEAD\",\"dueDate\":\"01/02/2099\"}").body()).contains("\"field\":\"dueDate\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"LEAD\"}").body()).contains("\"field\":\"dueDate\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"role\":\"LEAD\",\"dueDate\":\"2099-01-01\"}").body()).contains("\"field\":\"unitId\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"999999999\",\"role\":\"LEAD\",\"dueDate\":\"2099-01-01\"}").body()).contains("\"field\":\"unitId\"");
        assertThat(api.post(path, DocumentFixtures.COMMANDER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"LEAD\",\"dueWorkingDays\":0}").body()).contains("\"field\":\"dueWorkingDays\"");
        assertThat(api.post(path, DocumentFixtures.HANDLER_QK1, "{\"unitId\":\"" + u + "\",\"role\":\"INFO\"}").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from document_assignment").query(Long.class).single()).isEqualTo(before);
        var list = api.get("/api/v1/documents?box=sideways", DocumentFixtures.CLERK);
        assertThat(list.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/documents?box=incoming&from=yesterday", DocumentFixtures.CLERK).body()).contains("\"field\":\"from\"");
        assertThat(api.get("/api/v1/documents?urgency=SOON", DocumentFixtures.CLERK).body()).contains("\"field\":\"urgency\"");
        assertThat(api.get("/api/v1/documents/abc", DocumentFixtures.CLERK).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents/999999999", DocumentFixtures.CLERK).status()).isEqualTo(404);
    }

    @Test
    void search_folds_diacritics_and_never_shows_what_the_reader_may_not_open() {
        String open = f.issuedWithoutSignatures("CV", "Công văn về chữ ký số cho đầu mối", "THUONG", "THUONG");
        String secret = f.issuedWithoutSignatures("CV", "Công văn mật về chữ ký số", "MAT", "THUONG");
        var hits = api.get("/api/v1/documents?box=outgoing&q=cong%20van%20chu%20ky%20so", DocumentFixtures.CLERK).body();
        assertThat(hits).contains("\"id\":\"" + open + "\"").contains("\"id\":\"" + secret + "\"");
        var drafterHits = api.get("/api/v1/documents?box=outgoing&q=cong%20van%20chu%20ky%20so", DocumentFixtures.DRAFTER).body();
        assertThat(drafterHits).contains("\"id\":\"" + open + "\"").doesNotContain("\"id\":\"" + secret + "\"");
        // The PDF's text is searched too: the fixture's body says "Nội dung".
        assertThat(api.get("/api/v1/documents?box=outgoing&q=noi%20dung%20cho%20dau%20moi", DocumentFixtures.DRAFTER).body()).contains(open);
    }

    long noticesEventually(String key, long expected) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param(key).query(Long.class).single() >= expected) break;
            Thread.sleep(200);
        }
        Thread.sleep(800); // late duplicates would show now
        return jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param(key).query(Long.class).single();
    }

    /**
     * Issue 13: the signer sends a draft back with a reason (12 identical requests at once change it once and tell the
     * drafter once), every other step is refused as an illegal transition (409), the drafter resubmits and the earlier
     * revision stays visible; a hidden draft answers as a missing one.
     */
    @Test
    void the_signer_sends_a_draft_back_once_and_the_drafter_resubmits_a_new_revision() throws Exception {
        String id = f.draft("CV", "Về việc trả lại dự thảo", "THUONG", "THUONG");
        String reason = "Sửa lại trích yếu và nơi nhận";
        badField(api.post("/api/v1/documents/" + id + "/send-back", DocumentFixtures.SIGNER, "{}"), "reason");
        assertThat(api.post("/api/v1/documents/" + id + "/send-back", DocumentFixtures.DRAFTER, "{\"reason\":\"x\"}").status()).as("not the signer").isEqualTo(403);
        assertThat(api.post("/api/v1/documents/" + id + "/resubmit", DocumentFixtures.DRAFTER, "").status()).as("not returned").isIn(400, 409, 415);
        api.token(DocumentFixtures.SIGNER);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        var futures = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
        for (int i = 0; i < 12; i++) {
            futures.add(pool.submit(() -> api.post("/api/v1/documents/" + id + "/send-back", DocumentFixtures.SIGNER, "{\"reason\":\"" + reason + "\"}")));
        }
        int ok = 0, conflicts = 0;
        for (var fu : futures) {
            int st = fu.get().status();
            if (st == 200) ok++;
            else if (st == 409) conflicts++;
        }
        pool.shutdown();
        assertThat(ok).as("one state change").isEqualTo(1);
        assertThat(conflicts).isEqualTo(11);
        assertThat(audits("document.send-back", id)).isEqualTo(1);
        assertThat(noticesEventually("document.sent-back:" + id + ":%", 1)).as("the drafter told once").isEqualTo(1);
        assertThat(jdbc.sql("select official_id::text from notify_notification where dedupe_key = ?").param("document.sent-back:" + id + ":1")
                .query(String.class).single()).isEqualTo(f.official(DocumentFixtures.DRAFTER));

        // A returned draft is not signed; the signer cannot send it back twice; only the drafter resubmits.
        assertThat(api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"123456\"}").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/documents/" + id + "/send-back", DocumentFixtures.SIGNER, "{\"reason\":\"lần nữa\"}").status()).isEqualTo(409);
        var detail = api.get("/api/v1/documents/" + id, DocumentFixtures.DRAFTER).json();
        assertThat(detail.get("status").asString()).isEqualTo("RETURNED");
        assertThat(detail.get("actions").get("resubmit").asBoolean()).isTrue();
        assertThat(detail.get("revisions").get(0).get("reason").asString()).isEqualTo(reason);

        assertThat(resubmit(id, DocumentFixtures.SIGNER).status()).as("the signer is not the drafter").isEqualTo(403);
        var again = resubmit(id, DocumentFixtures.DRAFTER);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("revision").asInt()).isEqualTo(2);
        assertThat(again.json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(resubmit(id, DocumentFixtures.DRAFTER).status()).as("a draft is not resubmitted").isEqualTo(409);
        assertThat(noticesEventually("document.resubmitted:" + id + ":%", 1)).as("the signer told once").isEqualTo(1);
        assertThat(jdbc.sql("select file_sha256 is not null from document_revision where document_id = ? and revision = 1").param(Long.parseLong(id))
                .query(Boolean.class).single()).as("the first revision's file kept").isTrue();
        // The document page shows the earlier revision and why it came back.
        String html = mvc.perform(get("/office/documents/" + id).with(as(jdbc, DocumentFixtures.DRAFTER))).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"revisions\"").contains(reason);
        assertThat(mvc.perform(get("/office/documents/" + id).with(as(jdbc, DocumentFixtures.SIGNER))).andReturn().getResponse().getContentAsString())
                .contains("send-back-form");

        // Hidden = missing: a Mật draft sent back by someone not cleared answers as an id that does not exist.
        String secret = f.draft("CV", "Về việc mật", "MAT", "THUONG");
        var hidden = api.post("/api/v1/documents/" + secret + "/send-back", DocumentFixtures.DRAFTER, "{\"reason\":\"x\"}");
        var missing = api.post("/api/v1/documents/999999999/send-back", DocumentFixtures.DRAFTER, "{\"reason\":\"x\"}");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.post("/api/v1/documents/abc/send-back", DocumentFixtures.DRAFTER, "{\"reason\":\"x\"}").status()).isEqualTo(404);
    }

    Api.Response resubmit(String id, String user) {
        String boundary = "----re" + System.nanoTime();
        byte[] pdf = DocumentFixtures.pdf("Về việc trả lại dự thảo (bản 2)", "Nội dung đã sửa.");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"subject\":\"Về việc trả lại dự thảo (bản 2)\"}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v2.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/documents/" + id + "/resubmit"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
    }

    static void badField(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }

    /** Issue 13: the receiving clerk returns a wrongly sent copy with a reason; the sender's clerks see why, once; it is then neither received nor returned again. */
    @Test
    void a_receiving_clerk_returns_a_wrongly_sent_copy_to_the_sender() throws Exception {
        String id = f.issuedWithoutSignatures("CV", "Về việc gửi nhầm", "THUONG", "THUONG");
        assertThat(api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"x\"}").status())
                .as("not yet sent: nothing arrived").isIn(403, 404);
        assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MOBILE\"}").status()).isEqualTo(200);
        badField(api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"  \"}"), "reason");
        assertThat(api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.HANDLER_QK1, "{\"reason\":\"x\"}").status()).as("not a clerk").isEqualTo(403);
        var back = api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"Gửi nhầm đơn vị\"}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("status").asString()).isEqualTo("RETURNED");
        assertThat(api.post("/api/v1/documents/" + id + "/return", DocumentFixtures.CLERK_QK1, "{\"reason\":\"Gửi nhầm đơn vị\"}").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}").status()).isEqualTo(409);
        var detail = api.get("/api/v1/documents/" + id, DocumentFixtures.CLERK).json();
        assertThat(detail.get("recipients").get(0).get("status").asString()).isEqualTo("RETURNED");
        assertThat(detail.get("recipients").get(0).get("returnedReason").asString()).isEqualTo("Gửi nhầm đơn vị");
        assertThat(detail.get("history").toString()).contains("\"statusCode\":\"02\"");
        String rid = detail.get("recipients").get(0).get("id").asString();
        assertThat(noticesEventually("document.returned:" + rid + ":%", 1)).as("the sender's clerks told").isPositive();
        long clerks = noticesEventually("document.returned:" + rid + ":%", 1);
        assertThat(jdbc.sql("select count(distinct official_id) from notify_notification where dedupe_key like ?").param("document.returned:" + rid + ":%")
                .query(Long.class).single()).as("once per clerk").isEqualTo(clerks);
        assertThat(audits("document.return", id)).isEqualTo(1);
    }
}
