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
}
