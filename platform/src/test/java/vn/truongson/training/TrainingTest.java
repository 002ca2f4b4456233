package vn.truongson.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 17 D, training: coverage recomputed from the raw tables (API and the adoption page's additions), a class that
 * issues certificates whose seal pdfsig validates (twelve parallel issues make one each), twelve parallel identical
 * results keep one, scope (an official outside the organiser's grants is not enrolled; a hidden class answers like a
 * missing one; nobody issues for a class he cannot manage), bounded input named by field.
 */
@PlatformTest
class TrainingTest {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @LocalServerPort int port;

    record Res(int status, String body) {
        JsonNode json() {
            return Api.json(body);
        }
    }

    Res call(MockHttpServletRequestBuilder b, String user, String json) throws Exception {
        if (json != null) b = b.contentType(MediaType.APPLICATION_JSON).content(json);
        MockHttpServletResponse r = mvc.perform(b.with(Principals.as(jdbc, user))).andReturn().getResponse();
        return new Res(r.getStatus(), r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    long officialOf(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    /** Officials of the unit's own subtree, active, excluding some (by account name). */
    List<Long> officialsBelow(String unitCode, int n) {
        return jdbc.sql("""
                select o.id from org_official o join org_unit u on u.id = o.unit_id join org_unit top on u.path like top.path || '%'
                where top.code = ? and o.active and o.secrecy = 0 order by o.id limit ?""").params(unitCode, n).query(Long.class).list();
    }

    long newCourse(String user, String unitCode, String code, String topic) throws Exception {
        Res r = call(post("/api/v1/training/courses"), user, """
                {"unitId":"%d","code":"%s","title":"Khóa thử %s","topic":"%s","hours":8}""".formatted(unitId(unitCode), code, code, topic));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Long.parseLong(r.json().get("id").asString());
    }

    long newClass(String user, long course, String unitCode, LocalDate from, LocalDate to) throws Exception {
        Res r = call(post("/api/v1/training/classes"), user, """
                {"courseId":"%d","unitId":"%d","startDate":"%s","endDate":"%s","place":"Phòng họp số 2"}""".formatted(course, unitId(unitCode), from, to));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Long.parseLong(r.json().get("id").asString());
    }

    // ---- coverage ------------------------------------------------------------------------------

    /** Per topic: active officials of the subtree (recursive walk of parent ids) who attended and passed a class of it ending in the span. */
    Map<String, Long> recompute(long unit, LocalDate from, LocalDate to) {
        Map<String, Long> out = new HashMap<>();
        String tree = "with recursive tree(id) as (select id from org_unit where id = :unit union all select c.id from org_unit c join tree t on c.parent_id = t.id) ";
        out.put("officials", jdbc.sql(tree + "select count(*) from org_official o where o.active and o.unit_id in (select id from tree)")
                .param("unit", unit).query(Long.class).single());
        for (String topic : List.of("DIGITAL_TRANSFORMATION", "INFORMATION_SECURITY", "DIGITAL_SIGNATURE")) {
            out.put(topic, jdbc.sql(tree + """
                    select count(*) from org_official o where o.active and o.unit_id in (select id from tree) and exists (
                      select 1 from training_participant p join training_class k on k.id = p.class_id join training_course c on c.id = k.course_id
                      where p.official_id = o.id and p.attended = true and p.result = 'PASSED' and c.topic = :topic and k.end_date >= :from and k.end_date <= :to)""")
                    .param("unit", unit).param("topic", topic).param("from", from).param("to", to).query(Long.class).single());
        }
        return out;
    }

    @Test
    void coverage_of_every_unit_is_recomputed_from_the_raw_tables_in_the_training_api_and_beside_the_adoption_figures() throws Exception {
        LocalDate today = LocalDate.now(VN);
        int year = today.getYear();
        long bqp = unitId("BQP");
        Res cov = call(get("/api/v1/training/coverage").param("unitId", Long.toString(bqp)).param("year", Integer.toString(year)), "chihuy.bqp", null);
        assertThat(cov.status()).as(cov.body()).isEqualTo(200);
        JsonNode units = cov.json().get("units");
        assertThat(units.size()).isGreaterThan(3);
        long trainedSomewhere = 0;
        for (JsonNode u : units) {
            var expected = recompute(Long.parseLong(u.get("unitId").asString()), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
            assertThat(u.get("officials").asLong()).as(u.get("unitCode").asString()).isEqualTo(expected.get("officials"));
            for (JsonNode t : u.get("topics")) {
                long want = expected.get(t.get("topic").asString());
                assertThat(t.get("trained").asLong()).as(u.get("unitCode").asString() + " " + t.get("topic").asString()).isEqualTo(want);
                if (expected.get("officials") > 0) {
                    assertThat(t.get("share").asDouble()).isEqualTo(Math.round(want * 1000.0 / expected.get("officials")) / 10.0);
                }
                trainedSomewhere += want;
            }
        }
        assertThat(trainedSomewhere).as("the demo's year of classes gives real figures").isGreaterThan(20);

        // The adoption API carries the same coverage, year to date at the month's end, for the unit and each sub-unit.
        YearMonth month = YearMonth.from(today);
        Res adoption = call(get("/api/v1/adoption").param("unitId", Long.toString(bqp)).param("period", month.toString()), "chihuy.bqp", null);
        assertThat(adoption.status()).as(adoption.body()).isEqualTo(200);
        for (JsonNode u : adoption.json().get("units")) {
            assertThat(u.get("trainingYear").asInt()).isEqualTo(year);
            var expected = recompute(Long.parseLong(u.get("unitId").asString()), LocalDate.of(year, 1, 1), month.atEndOfMonth());
            assertThat(u.get("training")).hasSize(3);
            for (JsonNode t : u.get("training")) {
                assertThat(t.get("trained").asLong()).as(u.get("unitCode").asString()).isEqualTo(expected.get(t.get("topic").asString()));
            }
        }
        // The page shows it next to the adoption figures, and the Excel export carries it.
        Res page = call(get("/office/adoption").param("unitId", Long.toString(bqp)), "chihuy.bqp", null);
        assertThat(page.body()).contains("id=\"adoption-training\"", "Chuyển đổi số", "An toàn thông tin", "Chữ ký số");
        byte[] xlsx = mvc.perform(get("/office/adoption.xlsx").param("unitId", Long.toString(bqp)).with(Principals.as(jdbc, "chihuy.bqp")))
                .andReturn().getResponse().getContentAsByteArray();
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(2).getCell(13).getStringCellValue()).startsWith("Đã đào tạo chuyển đổi số");
            JsonNode total = adoption.json().get("units").get(0);
            for (int i = 0; i < 3; i++) {
                assertThat((long) sheet.getRow(3).getCell(13 + i).getNumericCellValue()).isEqualTo(total.get("training").get(i).get("trained").asLong());
            }
        }
        // Bad input is named; a hidden unit is missing.
        assertThat(call(get("/api/v1/training/coverage").param("year", "1e5000"), "chihuy.bqp", null).body()).contains("\"year\"");
        long btl86 = unitId("BTL86");
        assertThat(call(get("/api/v1/training/coverage").param("unitId", Long.toString(btl86)), "chihuy.qk1", null).status()).isEqualTo(404);
        assertThat(call(get("/api/v1/training/coverage").param("unitId", "987654321"), "chihuy.qk1", null).status()).isEqualTo(404);
    }

    // ---- a class end to end --------------------------------------------------------------------

    @Test
    void a_class_issues_sealed_certificates_once_each_and_parallel_identical_results_keep_one() throws Exception {
        LocalDate today = LocalDate.now(VN);
        long course = newCourse("chihuy.btl86", "BTL86", "TEST-CKS-" + System.nanoTime() % 100000, "DIGITAL_SIGNATURE");
        long k = newClass("chihuy.btl86", course, "BTL86", today.minusDays(9), today.minusDays(8));
        List<Long> people = officialsBelow("BTL86", 3);
        Res enrolled = call(post("/api/v1/training/classes/" + k + "/participants"), "chihuy.btl86",
                "{\"officialIds\":[\"%d\",\"%d\",%d]}".formatted(people.get(0), people.get(1), people.get(2)));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        assertThat(enrolled.json()).hasSize(3);

        // Twelve identical results at once, over real HTTP: all answered, one result kept, recorded once in the audit trail.
        Api api = new Api(port);
        String path = "/api/v1/training/classes/" + k + "/participants/" + people.get(0) + "/result";
        String body = "{\"attended\":true,\"result\":\"PASSED\",\"score\":87.5,\"note\":\"Hoàn thành tốt\"}";
        api.token("chihuy.btl86");
        List<Integer> statuses = parallel(12, () -> api.post(path, "chihuy.btl86", body).status());
        assertThat(statuses).containsOnly(200);
        assertThat(jdbc.sql("select count(*) from training_participant where class_id = ? and official_id = ?").params(k, people.get(0))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select score from training_participant where class_id = ? and official_id = ?").params(k, people.get(0))
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("87.5");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'training.result.record' and target = ? and detail like ?")
                .params("training-class:" + k, "official " + people.get(0) + ":%").query(Long.class).single()).isEqualTo(1);
        assertThat(call(post("/api/v1/training/classes/" + k + "/participants/" + people.get(1) + "/result"), "chihuy.btl86",
                "{\"attended\":true,\"result\":\"FAILED\",\"score\":41}").status()).isEqualTo(200);
        // Absent and passed is refused, naming the field.
        Res absent = call(post("/api/v1/training/classes/" + k + "/participants/" + people.get(2) + "/result"), "chihuy.btl86",
                "{\"attended\":false,\"result\":\"PASSED\"}");
        assertThat(absent.status()).isEqualTo(400);
        assertThat(absent.body()).contains("\"result\"");

        // Nobody issues for a class he cannot manage: hidden from a commander elsewhere (404), refused to a reader (403).
        assertThat(call(post("/api/v1/training/classes/" + k + "/certificates"), "chihuy.qk1", null).status()).isEqualTo(404);
        assertThat(call(post("/api/v1/training/classes/" + k + "/certificates"), "dieuphoi.btl86", null).status()).isEqualTo(403);
        assertThat(call(post("/api/v1/training/classes/" + k + "/certificates"), "auditor", null).status()).isEqualTo(403);
        assertThat(call(post("/api/v1/training/classes/" + k + "/certificates"), "baocao.btl86", null).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from training_certificate where class_id = ?").param(k).query(Long.class).single()).isZero();

        // Twelve issues at once: one certificate for the one who passed, one number.
        List<Integer> issued = parallel(12, () -> {
            var r = api.post("/api/v1/training/classes/" + k + "/certificates", "chihuy.btl86", "");
            return r.status() == 200 ? r.json().size() : -r.status();
        });
        assertThat(issued).as(issued.toString()).containsOnly(0, 1);
        assertThat(issued.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        var certs = jdbc.sql("select id, official_id from training_certificate where class_id = ?").param(k)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        assertThat(certs).hasSize(1);
        assertThat(certs.getFirst()[1]).isEqualTo(people.get(0));

        // The PDF: Decree 30 giấy chứng nhận, sealed by Bộ Tư lệnh 86; pdfsig validates the seal.
        var pdf = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/training/certificates/" + certs.getFirst()[0] + "/pdf")).GET(),
                "chihuy.btl86");
        assertThat(pdf.status()).isEqualTo(200);
        byte[] bytes = mvc.perform(get("/office/training/certificates/" + certs.getFirst()[0] + ".pdf").with(Principals.as(jdbc, "chihuy.btl86")))
                .andReturn().getResponse().getContentAsByteArray();
        Path file = Files.createTempFile("giay-chung-nhan", ".pdf");
        Files.write(file, bytes);
        String sig = run("pdfsig", file.toString());
        assertThat(sig).contains("Signature #1", "Signature is Valid", "Bộ Tư lệnh 86");
        String text = run("pdftotext", "-layout", file.toString(), "-");
        assertThat(text).contains("GIẤY CHỨNG NHẬN", "GCN-BTL86", "87,5", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        Files.delete(file);

        // The holder reads it in his record; the result is final now; a reader elsewhere does not see it.
        String holder = jdbc.sql("select username from access_account where official_id = ?").param(people.get(0)).query(String.class).optional().orElse(null);
        if (holder != null) {
            Res mine = call(get("/api/v1/training/me/record"), holder, null);
            JsonNode entry = null;
            for (JsonNode e : mine.json().get("entries")) if (e.get("classId").asString().equals(Long.toString(k))) entry = e;
            assertThat(entry).as(mine.body()).isNotNull();
            assertThat(entry.get("certificateId").asString()).isEqualTo(Long.toString(certs.getFirst()[0]));
            assertThat(call(get("/api/v1/training/certificates/" + certs.getFirst()[0]), holder, null).status()).isEqualTo(200);
        }
        Res record = call(get("/api/v1/training/officials/" + people.get(0) + "/record"), "chihuy.btl86", null);
        assertThat(record.json().get("entries").toString()).contains("\"certificateNumber\"", "GCN-BTL86");
        assertThat(call(get("/api/v1/training/certificates/" + certs.getFirst()[0]), "chihuy.qk1", null).status()).isEqualTo(404);
        assertThat(call(post(path), "chihuy.btl86", "{\"attended\":true,\"result\":\"FAILED\"}").status()).isEqualTo(409);

        // The class list's Excel export and the class page.
        byte[] xlsx = mvc.perform(get("/office/training/classes/" + k + "/participants.xlsx").with(Principals.as(jdbc, "chihuy.btl86")))
                .andReturn().getResponse().getContentAsByteArray();
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(3);
            assertThat(wb.getSheetAt(0).getRow(0).getCell(1).getStringCellValue()).isEqualTo("Học viên");
        }
        Res page = call(get("/office/training/classes/" + k), "chihuy.btl86", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("GCN-BTL86", "Không đạt", "Xuất Excel danh sách");
    }

    @Test
    void both_lists_filter_by_topic_with_the_one_topic_select() throws Exception {
        for (String path : List.of("/office/training", "/office/training/courses")) {
            Res page = call(get(path).param("topic", "INFORMATION_SECURITY"), "chihuy.btl86", null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("Tất cả chủ đề", "Chữ ký số")
                    .containsPattern("<option value=\"INFORMATION_SECURITY\" selected=\"selected\">An toàn thông tin</option>");
        }
    }

    // ---- scope and input ---------------------------------------------------------------------

    @Test
    void scope_hides_classes_and_officials_outside_the_organisers_grants_and_bounded_input_names_the_field() throws Exception {
        LocalDate today = LocalDate.now(VN);
        long course = newCourse("chihuy.qk1", "QK1", "TEST-ATTT-" + System.nanoTime() % 100000, "INFORMATION_SECURITY");
        long k = newClass("chihuy.qk1", course, "QK1", today.minusDays(3), today.minusDays(2));
        // An official of Bộ Tư lệnh 86 is outside chihuy.qk1's grants: refused exactly like one that does not exist.
        long outside = officialsBelow("BTL86", 1).getFirst();
        Res a = call(post("/api/v1/training/classes/" + k + "/participants"), "chihuy.qk1", "{\"officialIds\":[\"" + outside + "\"]}");
        Res b = call(post("/api/v1/training/classes/" + k + "/participants"), "chihuy.qk1", "{\"officialIds\":[\"987654321\"]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("officialIds[0]").isEqualTo(b.body());
        assertThat(jdbc.sql("select count(*) from training_participant where class_id = ?").param(k).query(Long.class).single()).isZero();

        // A class outside chihuy.btl86's grants answers exactly like a missing one, on every path.
        long missing = 987654321L;
        for (String suffix : List.of("", "/participants", "/certificates")) {
            Res hidden = call(get("/api/v1/training/classes/" + k + suffix), "chihuy.btl86", null);
            Res none = call(get("/api/v1/training/classes/" + missing + suffix), "chihuy.btl86", null);
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(vn.truongson.support.Api.withoutId(hidden.body(), k)).isEqualTo(vn.truongson.support.Api.withoutId(none.body(), missing));
        }
        Res hiddenPost = call(post("/api/v1/training/classes/" + k + "/participants"), "chihuy.btl86", "{\"officialIds\":[\"" + outside + "\"]}");
        assertThat(hiddenPost.status()).isEqualTo(404);
        assertThat(call(get("/office/training/classes/" + k), "chihuy.btl86", null).status()).isEqualTo(404);
        assertThat(call(get("/api/v1/training/classes").param("limit", "500"), "chihuy.btl86", null).body()).doesNotContain("\"id\":\"" + k + "\"");

        // Bounded input: 400 naming the field.
        String unit = Long.toString(unitId("QK1"));
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("hours", "{\"unitId\":\"" + unit + "\",\"code\":\"X-1\",\"title\":\"T\",\"topic\":\"OTHER\",\"hours\":5000}");
        bad.put("title", "{\"unitId\":\"" + unit + "\",\"code\":\"X-2\",\"title\":\"" + "a".repeat(5000) + "\",\"topic\":\"OTHER\",\"hours\":4}");
        bad.put("topic", "{\"unitId\":\"" + unit + "\",\"code\":\"X-3\",\"title\":\"T\",\"topic\":\"COOKING\",\"hours\":4}");
        bad.put("description", "{\"unitId\":\"" + unit + "\",\"code\":\"X-4\",\"title\":\"T\",\"topic\":\"OTHER\",\"hours\":4,\"description\":\"a\\u0000b\"}");
        for (var e : bad.entrySet()) {
            Res r = call(post("/api/v1/training/courses"), "chihuy.qk1", e.getValue());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"" + e.getKey() + "\"");
        }
        Res zero = call(post("/api/v1/training/courses"), "chihuy.qk1", "{\"unitId\":\"" + unit + "\",\"code\":\"X-5\",\"title\":\"T\",\"topic\":\"OTHER\",\"hours\":0}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).contains("\"hours\"");
        Res place = call(post("/api/v1/training/classes"), "chihuy.qk1", """
                {"courseId":"%d","unitId":"%s","startDate":"2026-13-01","endDate":"2026-01-01","place":"%s"}""".formatted(course, unit, "p".repeat(301)));
        assertThat(place.status()).isEqualTo(400);
        assertThat(place.body()).contains("\"startDate\"", "\"place\"");

        long person = officialsBelow("QK1", 1).getFirst();
        assertThat(call(post("/api/v1/training/classes/" + k + "/participants"), "chihuy.qk1", "{\"officialIds\":[\"" + person + "\"]}").status()).isEqualTo(200);
        String result = "/api/v1/training/classes/" + k + "/participants/" + person + "/result";
        for (String score : List.of("100.5", "-1", "1e5000", "12.345")) {
            Res r = call(post(result), "chihuy.qk1", "{\"attended\":true,\"result\":\"PASSED\",\"score\":" + score + "}");
            assertThat(r.status()).as(score + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"score\"");
        }
        Res note = call(post(result), "chihuy.qk1", "{\"attended\":true,\"result\":\"PASSED\",\"note\":\"" + "n".repeat(1001) + "\"}");
        assertThat(note.status()).isEqualTo(400);
        assertThat(note.body()).contains("\"note\"");
        // English problems in English.
        Res en = call(post(result).header("Accept-Language", "en"), "chihuy.qk1", "{\"attended\":true,\"result\":\"PASSED\",\"score\":101}");
        assertThat(en.body()).contains("A score is from 0 to 100");
        assertThat(jdbc.sql("select result from training_participant where class_id = ? and official_id = ?").params(k, person)
                .query(String.class).optional().orElse(null)).isNull();
    }

    static <T> List<T> parallel(int n, Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) futures.add(pool.submit(() -> {
                start.await();
                return work.call();
            }));
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
