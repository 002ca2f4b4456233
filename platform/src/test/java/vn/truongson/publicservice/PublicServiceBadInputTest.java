package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/** Bad input on every public-service endpoint: a 4xx problem naming the field (in Vietnamese by default), and nothing changes. */
@PublicServiceTest
class PublicServiceBadInputTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    Api api;
    OneStop o;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        o = new OneStop(api, jdbc, clock);
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    String unit(String code) {
        // The demo procedures name their units; the catalogue answers their ids.
        return api.get("/api/v1/procedures/" + code, OneStop.DESK_CNT).json().get("implementingUnitId").asString();
    }

    String procedure(String code, String unitId, String time, String steps, String fields) {
        return """
                {"code":"%s","name":"Thủ tục thử","field":"Thử nghiệm","implementingUnitId":"%s","level":"FULL_ONLINE",%s,"fees":"Không thu phí",
                 "components":[{"code":"don","name":"Đơn đề nghị","required":true}],"form":{"fields":[%s]},"steps":[%s],"illustrative":true}"""
                .formatted(code, unitId, time, fields, steps);
    }

    static final String STEPS = """
            {"ordinal":1,"name":"Tiếp nhận","role":"ONE_STOP_OFFICER","allowanceWorkingDays":1},
            {"ordinal":2,"name":"Giải quyết","role":"PROCESSING_OFFICER","allowanceWorkingDays":2}""";
    static final String FIELD = "{\"name\":\"ten\",\"label\":\"Tên\",\"type\":\"TEXT\",\"required\":true}";

    @Test
    void procedures_that_break_the_rules_are_refused_and_a_good_one_is_published_edited_and_withdrawn() {
        String cnt = unit("BQP-TS-01");
        long before = count("publicservice_procedure");
        String days = "\"processingWorkingDays\":3";
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, "\"processingWorkingDays\":5", STEPS, FIELD)), "steps");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days + ",\"processingWorkingHours\":8", STEPS, FIELD)),
                "processingWorkingDays");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU 01!", cnt, days, STEPS, FIELD)), "code");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", "999999999", days, STEPS, FIELD)), "implementingUnitId");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days, STEPS,
                "{\"name\":\"ten\",\"label\":\"Tên\",\"type\":\"TEXT\",\"required\":true,\"pattern\":\"[a-\"}")), "form.fields[0].pattern");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days, STEPS,
                "{\"name\":\"loai\",\"label\":\"Loại\",\"type\":\"SELECT\",\"required\":true}")), "form.fields[0].options");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days,
                STEPS.replace("\"ordinal\":2", "\"ordinal\":3"), FIELD)), "steps[1].ordinal");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days,
                STEPS.replace("\"allowanceWorkingDays\":2", "\"allowanceWorkingHours\":2"), FIELD)), "steps[1].allowanceWorkingDays");
        OneStop.badField(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days, STEPS.replace("ONE_STOP_OFFICER", "AUDITOR"), FIELD)),
                "steps[0].role");
        assertThat(api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days, STEPS, FIELD).replace("FULL_ONLINE", "SOMETIMES"))
                .status()).isEqualTo(400);
        // Only an administrator of the unit publishes.
        assertThat(api.post("/api/v1/procedures", OneStop.DESK_CNT, procedure("THU-01", cnt, days, STEPS, FIELD)).status()).isEqualTo(403);
        assertThat(count("publicservice_procedure")).isEqualTo(before);

        var ok = api.post("/api/v1/procedures", OneStop.ADMIN, procedure("THU-01", cnt, days, STEPS, FIELD));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("processingWorkingDays").asInt()).isEqualTo(3);
        var edited = api.put("/api/v1/procedures/THU-01", OneStop.ADMIN, procedure("ignored", cnt, "\"processingWorkingDays\":4",
                STEPS.replace("\"allowanceWorkingDays\":2", "\"allowanceWorkingDays\":3"), FIELD));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/procedures/THU-01", OneStop.DESK_CNT).json().get("processingWorkingDays").asInt()).isEqualTo(4);
        assertThat(api.put("/api/v1/procedures/NO-SUCH", OneStop.ADMIN, procedure("x", cnt, days, STEPS, FIELD)).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/procedures/THU-01", OneStop.DESK_CNT).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/procedures/THU-01", OneStop.ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/procedures/THU-01", OneStop.DESK_CNT).status()).isEqualTo(404);
        OneStop.badField(api.get("/api/v1/procedures?q=" + "x".repeat(201), OneStop.DESK_CNT), "q");
    }

    @Test
    void dossiers_with_bad_data_are_answered_field_by_field_in_vietnamese_and_nothing_is_written() {
        long before = count("publicservice_dossier");
        String good = OneStop.admissions(OneStop.id());
        OneStop.badField(api.post("/api/v1/dossiers", OneStop.DESK_CNT, good.replace("BQP-TS-01", "NO-SUCH")), "procedureCode");
        OneStop.badField(api.post("/api/v1/dossiers", OneStop.DESK_CNT, OneStop.admissions("12345")), "applicant.idNumber");
        OneStop.badField(api.post("/api/v1/dossiers", OneStop.DESK_CNT, good.replace("2008-05-12", "12/05/2008")), "applicant.dateOfBirth");
        OneStop.badField(api.post("/api/v1/dossiers", OneStop.DESK_CNT, good.replace("\"phone\":\"0912345678\",\"email\"", "\"phone\":\"12\",\"email\"")),
                "applicant.phone");
        var r = api.post("/api/v1/dossiers", OneStop.DESK_CNT, good.replace("\"height\":\"170\"", "\"height\":\"120\"")
                .replace("\"combination\":\"A00\"", "\"combination\":\"Z99\"").replace("\"school\":\"Học viện Kỹ thuật quân sự\",", "\"extra\":\"x\","));
        OneStop.badField(r, "formData.height");
        OneStop.badField(r, "formData.combination");
        OneStop.badField(r, "formData.school");
        OneStop.badField(r, "formData.extra");
        assertThat(r.body()).contains("Chiều cao (cm): giá trị phải từ 140 đến 220.").contains("Trường đăng ký dự tuyển: chưa nhập");
        var en = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/dossiers")).header("Content-Type", "application/json")
                .header("Accept-Language", "en").POST(HttpRequest.BodyPublishers.ofString(good.replace("\"height\":\"170\"", "\"height\":\"abc\""))),
                OneStop.DESK_CNT);
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.body()).contains("Chiều cao (cm): must be a whole number.");
        assertThat(api.post("/api/v1/dossiers", OneStop.DESK_CNT, "{\"procedureCode\":").status()).isEqualTo(400);
        OneStop.badField(api.post("/api/v1/dossiers", OneStop.DESK_CNT, "{\"procedureCode\":\"BQP-TS-01\"}"), "applicant");
        assertThat(count("publicservice_dossier")).isEqualTo(before);
    }

    @Test
    void attachments_are_checked_by_content_size_and_the_required_components() throws Exception {
        long before = count("publicservice_dossier");
        long files = count("publicservice_attachment");
        String body = OneStop.vessel(OneStop.id());
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        // Not what it claims to be: an executable named .pdf.
        var fake = multipart(body, Map.of("crewList", new Part("crew.pdf", "MZ\u0090\u0000 not a pdf".getBytes()), "declaration", new Part("gd.pdf", pdf)));
        OneStop.badField(fake, "attachments.crewList");
        // A required component missing.
        OneStop.badField(multipart(body, Map.of("crewList", new Part("crew.pdf", pdf))), "attachments.declaration");
        // A component the procedure does not have.
        OneStop.badField(multipart(body, Map.of("crewList", new Part("crew.pdf", pdf), "declaration", new Part("gd.pdf", pdf),
                "photo", new Part("x.pdf", pdf))), "attachments.photo");
        // Too large (the limit is 10 MB).
        byte[] big = new byte[10 * 1024 * 1024 + 10];
        System.arraycopy(pdf, 0, big, 0, pdf.length);
        OneStop.badField(multipart(body, Map.of("crewList", new Part("crew.pdf", big), "declaration", new Part("gd.pdf", pdf))), "attachments.crewList");
        assertThat(count("publicservice_dossier")).isEqualTo(before);
        assertThat(count("publicservice_attachment")).isEqualTo(files);
        var ok = multipart(body, Map.of("crewList", new Part("crew.pdf", pdf), "declaration", new Part("gd.pdf", pdf)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        String code = ok.json().get("code").asString();
        assertThat(api.get("/api/v1/dossiers/" + code, OneStop.DESK_BDBP).json().get("attachments").size()).isEqualTo(2);
    }

    @Test
    void actions_with_bad_input_change_nothing() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{\"checkedComponents\":[\"hocBa\"]}"), "checkedComponents");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "reject", "{\"reason\":\"  \"}"), "reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "reject", "{\"reason\":\"" + "x".repeat(2001) + "\"}"), "reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "request-supplement", "{}"), "reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "apology", "{\"reason\":\"x\"}"), "newAppointmentAt");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "escalate", "{}"), "reason");
        OneStop.badField(api.get("/api/v1/dossiers?queue=everything", OneStop.DESK_CNT), "queue");
        assertThat(api.get("/api/v1/dossiers/" + code + "/forms/99", OneStop.DESK_CNT).status()).isEqualTo(404);
        OneStop.conflict(api.get("/api/v1/dossiers/" + code + "/result", OneStop.DESK_CNT));
        assertThat(o.status(code)).isEqualTo("SUBMITTED");
        assertThat(o.events(code)).isEqualTo(1);
        assertThat(o.act(OneStop.DESK_CNT, "NO-SUCH", "receive", "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/dossiers?queue=reception", OneStop.DESK_CNT).json().toString()).contains(code);
    }

    record Part(String name, byte[] bytes) {}

    Api.Response multipart(String json, Map<String, Part> files) throws Exception {
        String boundary = "----ts" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Part> all = new LinkedHashMap<>(files);
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"dossier\"\r\nContent-Type: application/json\r\n\r\n" + json + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (var e : all.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\"" + e.getValue().name()
                    + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(e.getValue().bytes());
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/dossiers")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())), OneStop.DESK_BDBP);
    }
}
