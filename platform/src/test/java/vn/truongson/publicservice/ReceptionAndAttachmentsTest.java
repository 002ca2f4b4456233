package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * Issue 13, items 2, 3 and 5: reception requires every required component present or waived with a reason (else a 400
 * naming each missing one, nothing changed); the officers of the dossier open and download each attachment (audited, the
 * Vietnamese file name in RFC 5987 form), others get the 404 of a missing one; Mẫu 05 names the officers by full name.
 */
@PublicServiceTest
class ReceptionAndAttachmentsTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

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

    long count(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query(Long.class).single();
    }

    static List<String> messages(Api.Response r) {
        List<String> out = new ArrayList<>();
        r.json().get("errors").forEach(e -> out.add(e.get("field").asString() + " " + e.get("message").asString()));
        return out;
    }

    @Test
    void two_required_components_unticked_are_refused_by_name_and_nothing_changes() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        // The walk-through: the two starred components (phiếu sơ tuyển, học bạ) not ticked, only the optional photo.
        Api.Response r = o.act(OneStop.DESK_CNT, code, "receive", "{\"checkedComponents\":[\"anh\"]}");
        OneStop.badField(r, "checkedComponents");
        assertThat(String.join("\n", messages(r))).contains("Phiếu đăng ký sơ tuyển có xác nhận của Ban CHQS cấp xã").contains("Bản sao học bạ THPT")
                .contains("Mẫu 02").doesNotContain("Ảnh chân dung");
        assertThat(r.json().get("errors").size()).isEqualTo(2);
        // Nothing checked at all (an empty list is not "left out").
        assertThat(o.act(OneStop.DESK_CNT, code, "receive", "{\"checkedComponents\":[]}").json().get("errors").size()).isEqualTo(2);
        // One waived with a reason, the other still missing: refused, naming only that one.
        Api.Response one = o.act(OneStop.DESK_CNT, code, "receive",
                "{\"checkedComponents\":[],\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"Đã nộp bản chính năm trước\"}]}");
        assertThat(String.join("\n", messages(one))).contains("Phiếu đăng ký sơ tuyển").doesNotContain("học bạ");
        assertThat(o.status(code)).isEqualTo("SUBMITTED");
        assertThat(o.events(code)).isEqualTo(1);
        assertThat(count("select count(*) from publicservice_waiver w join publicservice_dossier d on d.id = w.dossier_id where d.code = ?", code)).isZero();
        // The supplement request (Mẫu 02) is the other way out.
        o.ok(OneStop.DESK_CNT, code, "request-supplement", "{\"reason\":\"Bổ sung phiếu đăng ký sơ tuyển và bản sao học bạ\"}");
        assertThat(o.status(code)).isEqualTo("SUPPLEMENT_REQUESTED");
    }

    @Test
    void a_waiver_with_its_reason_lets_the_dossier_in_and_is_kept() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        var r = o.ok(OneStop.DESK_CNT, code, "receive", "{\"checkedComponents\":[\"phieuSoTuyen\"],"
                + "\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"Thí sinh tự do, đã nộp bản chính năm 2025\"}]}");
        assertThat(r.json().get("status").asString()).isEqualTo("RECEIVED");
        assertThat(jdbc.sql("select reason || '|' || waived_by from publicservice_waiver w join publicservice_dossier d on d.id = w.dossier_id where d.code = ?")
                .param(code).query(String.class).single()).isEqualTo("Thí sinh tự do, đã nộp bản chính năm 2025|official:motcua.cnt");
        var d = api.get("/api/v1/dossiers/" + code, OneStop.DESK_CNT).json();
        assertThat(d.get("timeline").toString()).contains("Miễn thành phần: Bản sao học bạ THPT (Thí sinh tự do, đã nộp bản chính năm 2025)");
        assertThat(count("select count(*) from audit_event where action = 'publicservice.dossier.receive' and target = ? and detail like '%waived hocBa%'",
                "dossier:" + code)).isEqualTo(1);
        // The screen shows it, with the officer's name.
        assertThat(o.status(code)).isEqualTo("RECEIVED");
    }

    @Test
    void left_out_the_list_means_the_papers_the_desk_checked_on_entering_it() {
        // Walk-in entered by the desk, no files: the officer checked the paper originals on entering it (API.md: receive without a body).
        String walkIn = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        o.ok(OneStop.DESK_CNT, walkIn, "receive", "{}");
        // Brought over from another portal by the desk, no files: the same; but an explicit empty list is what it says.
        String online = o.file(OneStop.DESK_BDBP, OneStop.vessel(OneStop.id()).replaceFirst("\\{", "{\"channel\":\"ONLINE\","));
        Api.Response r = o.act(OneStop.DESK_BDBP, online, "receive", "{\"checkedComponents\":[]}");
        OneStop.badField(r, "checkedComponents");
        assertThat(r.json().get("errors").size()).isEqualTo(2);
        assertThat(o.status(online)).isEqualTo("SUBMITTED");
        o.ok(OneStop.DESK_BDBP, online, "receive", "{}");
    }

    @Test
    void poison_waivers_are_a_400_naming_the_field_and_store_nothing() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        String ok = "\"checkedComponents\":[\"phieuSoTuyen\"],";
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"  \"}]}"), "waivers[0].reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"a\\u0000b\"}]}"),
                "waivers[0].reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"\\uD800x\"}]}"),
                "waivers[0].reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"" + "x".repeat(100_000) + "\"}]}"),
                "waivers[0].reason");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[{\"component\":\"" + "z".repeat(5000) + "\",\"reason\":\"r\"}]}"),
                "waivers[0].component");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", "{" + ok + "\"waivers\":[null]}"), "waivers[0].component");
        StringBuilder many = new StringBuilder("{" + ok + "\"waivers\":[");
        for (int i = 0; i < 51; i++) many.append(i == 0 ? "" : ",").append("{\"component\":\"hocBa\",\"reason\":\"r\"}");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "receive", many + "]}"), "waivers");
        assertThat(o.act(OneStop.DESK_CNT, code, "receive", "{\"waivers\":\"everything\"}").status()).isEqualTo(400);
        assertThat(o.act(OneStop.DESK_CNT, code, "receive", "{\"waivers\":[{\"component\":1e5000,\"reason\":1e5000}]}").status()).isBetween(400, 499);
        assertThat(o.status(code)).isEqualTo("SUBMITTED");
        assertThat(count("select count(*) from publicservice_waiver w join publicservice_dossier d on d.id = w.dossier_id where d.code = ?", code)).isZero();
    }

    @Test
    void twelve_receptions_at_once_receive_once_and_keep_one_waiver() throws Exception {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        String body = "{\"checkedComponents\":[\"phieuSoTuyen\"],\"waivers\":[{\"component\":\"hocBa\",\"reason\":\"Bản chính đã kiểm tra\"}]}";
        var pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) all.add(pool.submit((Callable<Integer>) () -> o.act(OneStop.DESK_CNT, code, "receive", body).status()));
        List<Integer> statuses = new ArrayList<>();
        for (var f : all) statuses.add(f.get());
        pool.shutdown();
        assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 409).count()).as(statuses.toString()).isEqualTo(11);
        assertThat(count("select count(*) from publicservice_waiver w join publicservice_dossier d on d.id = w.dossier_id where d.code = ?", code)).isEqualTo(1);
        assertThat(count("select count(*) from publicservice_event e join publicservice_dossier d on d.id = e.dossier_id where d.code = ? and e.kind = 'RECEIVED'",
                code)).isEqualTo(1);
    }

    @Test
    void the_dossiers_officers_open_and_download_each_attachment_under_its_vietnamese_name() throws Exception {
        String code = filed(multipart(OneStop.vessel(OneStop.id()), Map.of("crewList", new Part("Danh sách thuyền viên.pdf", PDF),
                "declaration", new Part("Tờ khai đ.pdf", PDF))));
        var d = api.get("/api/v1/dossiers/" + code, OneStop.DESK_BDBP).json();
        String sha = null;
        for (var a : d.get("attachments")) if (a.get("component").asString().equals("crewList")) sha = a.get("sha256").asString();
        assertThat(sha).isNotNull();
        long audited = count("select count(*) from audit_event where action = 'publicservice.dossier.attachment' and target = ?", "dossier:" + code);

        Api.Response open = api.get("/api/v1/dossiers/" + code + "/attachments/" + sha, OneStop.DESK_BDBP);
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        assertThat(bytes("/api/v1/dossiers/" + code + "/attachments/" + sha, OneStop.DESK_BDBP)).isEqualTo(PDF);
        assertThat(open.headers().get("content-type").get(0)).startsWith("application/pdf");
        String cd = open.headers().get("content-disposition").get(0);
        assertThat(cd).startsWith("inline;").contains("filename=\"danh_sach_thuyen_vien.pdf\"");
        String ext = cd.substring(cd.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        assertThat(URLDecoder.decode(ext, StandardCharsets.UTF_8)).isEqualTo("Danh sách thuyền viên.pdf");
        assertThat(open.headers().get("x-content-type-options").get(0)).isEqualTo("nosniff");

        Api.Response down = api.get("/api/v1/dossiers/" + code + "/attachments/" + sha + "?download=true", OneStop.PROC_BDBP);
        assertThat(down.status()).as(down.body()).isEqualTo(200);
        assertThat(down.headers().get("content-disposition").get(0)).startsWith("attachment;");
        assertThat(count("select count(*) from audit_event where action = 'publicservice.dossier.attachment' and target = ?", "dossier:" + code))
                .isEqualTo(audited + 3); // opened twice (headers, then bytes), downloaded once
        assertThat(count("select count(*) from audit_event where action = 'publicservice.dossier.attachment' and target = ? and actor like '%motcua.bdbp%' "
                + "and detail like 'open crewList %'", "dossier:" + code)).isEqualTo(2);

        // (The screen's link, /office/one-stop/dossiers/{code}/attachments/{sha256}, is opened in CitizenPhoneBrowserTest: it needs a session.)

        // Another unit's officers: the 404 of a file that does not exist, byte for byte.
        Api.Response hidden = api.get("/api/v1/dossiers/" + code + "/attachments/" + sha, OneStop.DESK_CNT);
        Api.Response noFile = api.get("/api/v1/dossiers/" + code + "/attachments/" + "0".repeat(64), OneStop.DESK_BDBP);
        Api.Response noDossier = api.get("/api/v1/dossiers/BDBP-000000-9999/attachments/" + sha, OneStop.DESK_BDBP);
        assertThat(hidden.status()).isEqualTo(404);
        // Alike but for "instance", the path the caller asked for.
        assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(noFile)).isEqualTo(withoutInstance(noDossier));
        assertThat(withoutInstance(hidden)).contains("\"status\":404").doesNotContain("Danh sách");
        // Poison in the path: a 404 or 400, never a 500.
        assertThat(api.get("/api/v1/dossiers/" + code + "/attachments/%00" + "x".repeat(5000), OneStop.DESK_BDBP).status()).isBetween(400, 404);
    }

    @Test
    void human_sizes_have_a_decimal_comma() {
        assertThat(vn.truongson.publicservice.web.ScreenSupport.sizeText(39_935)).isEqualTo("39 KB");
        assertThat(vn.truongson.publicservice.web.ScreenSupport.sizeText(870)).isEqualTo("870 byte");
        assertThat(vn.truongson.publicservice.web.ScreenSupport.sizeText(1_258_291)).isEqualTo("1,2 MB");
        assertThat(vn.truongson.publicservice.web.ScreenSupport.decimalText(25.21)).isEqualTo("25,21");
        assertThat(vn.truongson.publicservice.web.ScreenSupport.decimalText(18.0)).isEqualTo("18");
    }

    @Test
    void form_05_names_the_officers_not_their_usernames() throws Exception {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        o.ok(OneStop.DESK_CNT, code, "receive", "{}");
        o.ok(OneStop.DESK_CNT, code, "advance", "{}");
        o.ok(OneStop.PROC_CNT, code, "advance", "{}");
        String text = text(bytes("/api/v1/dossiers/" + code + "/forms/05", OneStop.DESK_CNT));
        assertThat(text).contains("Hà Thị Ngọc Ánh").contains("Chu Văn Lực").doesNotContain("motcua.cnt").doesNotContain("giaiquyet.cnt");
    }

    /** The raw bytes of a 200 answer. */
    byte[] bytes(String path, String user) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + api.token(user)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String text(byte[] bytes) throws Exception {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    static String withoutInstance(Api.Response r) {
        return r.body().replaceAll("\"instance\":\"[^\"]*\",?", "");
    }

    String filed(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("code").asString();
    }

    record Part(String name, byte[] bytes) {}

    Api.Response multipart(String json, Map<String, Part> files) throws Exception {
        String boundary = "----ts" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"dossier\"\r\nContent-Type: application/json\r\n\r\n" + json + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (var e : files.entrySet()) {
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
