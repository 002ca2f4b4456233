package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * Issue 10, finding 6: one number poisoned a plan for everyone. Every number at the edge is finite, |x| ≤ 10¹⁵ with at
 * most 6 decimals, else a 400 naming the field; and a poisoned value already stored (put there by SQL, as from before the
 * rule) never breaks a read: the compilation in its four forms, the dashboard and the report page answer, leave the
 * value out and name it; the migration's statements find and mark it.
 */
@ProgrammeTest
class PoisonNumbersTest {

    static final String ON_TIME = "2026-03-18T09:00:00+07:00";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired MockMvc mvc;
    Programme p;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        p = new Programme(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Fixture(String plan, String task, String assignment) {}

    Fixture planWithAReport() {
        String plan = p.plan(2026, "BQP", 20);
        String t = p.task(plan, p.group(plan, 1, "Nhóm"), "1.1", "QK1", "2026-12-31",
                Programme.indicator("CT1", "SUM", "100", true) + "," + Programme.indicator("CT2", "AVERAGE", "50", true));
        String a = p.assign(t, "QK1");
        p.issue(plan);
        p.report(ON_TIME, "baocao.qk1", a, "2026-03", "IN_PROGRESS", 40, "\"CT1\":5,\"CT2\":10", false, "");
        return new Fixture(plan, t, a);
    }

    static void badField(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asString()).as(r.body()).isEqualTo(field);
    }

    @Test
    void hostile_numbers_are_refused_naming_the_field_and_change_nothing() {
        Fixture f = planWithAReport();
        String url = "/api/v1/assignments/" + f.assignment() + "/reports/2026-03";
        long revisions = p.revisions(f.assignment());
        clock.set(ON_TIME);
        try {
            for (String v : List.of("1e5000", "1e100000", "-1e5000", "1000000000000001", "-1e16", "1.0000001", "0.12345678", "1e-7")) {
                var r = api.put(url, "baocao.qk1", Programme.body("IN_PROGRESS", 40, "\"CT1\":" + v, false, ""));
                badField(r, "indicatorValues.CT1");
                assertThat(r.json().get("errors").get(0).get("message").asString()).contains("10^15");
            }
            badField(api.put(url, "baocao.qk1", "{\"status\":\"IN_PROGRESS\",\"percentComplete\":1e5000,\"indicatorValues\":{}}"), "percentComplete");
            badField(api.put(url, "baocao.qk1", "{\"status\":\"IN_PROGRESS\",\"percentComplete\":\"NaN\",\"indicatorValues\":{}}"), "percentComplete");
            // A key that is not text (a lone surrogate) is refused like text, naming the map.
            var key = api.put(url, "baocao.qk1", "{\"status\":\"IN_PROGRESS\",\"percentComplete\":1,\"indicatorValues\":{\"\\ud800\":1}}");
            assertThat(key.status()).as(key.body()).isEqualTo(400);
            assertThat(key.json().get("errors").get(0).get("field").asString()).startsWith("indicatorValues");
            // In English too.
            var en = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + url)).header("Content-Type", "application/json")
                    .header("Accept-Language", "en").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                            Programme.body("IN_PROGRESS", 40, "\"CT1\":1e5000", false, ""))), "baocao.qk1");
            assertThat(en.status()).isEqualTo(400);
            assertThat(en.json().get("errors").get(0).get("message").asString()).contains("finite");
            // The limits themselves are fine.
            assertThat(api.put(url, "baocao.qk1", Programme.body("IN_PROGRESS", 40, "\"CT1\":1e15,\"CT2\":-0.000001", false, "")).status()).isEqualTo(200);
        } finally {
            clock.reset();
        }
        assertThat(p.revisions(f.assignment())).isEqualTo(revisions + 1);
        // Targets, on a new task and in an amendment's terms, and on the screens' decimal parser.
        String plan = p.plan(2026, "BQP", 20);
        var task = api.post("/api/v1/plans/" + plan + "/tasks", Programme.COORDINATOR, """
                {"groupId":"%s","code":"9.9","title":"Nhiệm vụ","leadUnitId":"%s","supportUnitIds":[],"expectedResult":"x","dueDate":"2026-12-31",
                 "secrecy":"THUONG","indicators":[%s]}""".formatted(p.group(plan, 1, "Nhóm"), p.unit("QK1"), Programme.indicator("CT1", "SUM", "1e5000", true)));
        badField(task, "indicators[0].target");
    }

    @Test
    void a_poisoned_value_already_stored_is_left_out_and_named_and_every_read_still_answers() throws Exception {
        Fixture f = planWithAReport();
        Fixture g = planWithAReport();
        long a = Long.parseLong(f.assignment());
        // As before the rule: 1e5000 and 1e100000 put straight into the stored report, and a target of 1e5000.
        jdbc.sql("update programme_report set indicator_values = '{\"CT1\": 1e5000, \"CT2\": 10}'::jsonb where assignment_id = ?").param(a).update();
        jdbc.sql("update programme_indicator set target = 1e5000 where task_id = ? and code = 'CT2'").param(Long.parseLong(f.task())).update();
        jdbc.sql("update programme_report set indicator_values = '{\"CT1\": 1e100000}'::jsonb where assignment_id = ?")
                .param(Long.parseLong(g.assignment())).update();

        for (Fixture x : List.of(f, g)) {
            JsonNode c = p.compilation("dieuphoi.btl86", x.plan(), "2026-03", null);
            List<String> invalid = new ArrayList<>();
            c.get("invalidValues").forEach(v -> invalid.add(v.get("field").asString() + "@" + (v.get("assignmentId").isNull() ? "-" : v.get("assignmentId").asString())));
            assertThat(invalid).contains("indicatorValues.CT1@" + x.assignment());
            JsonNode ct1 = indicator(c, "CT1");
            assertThat(ct1.get("actual").isNull()).as(ct1.toString()).isTrue();
            assertThat(ct1.get("target").asInt()).isEqualTo(100);
        }
        JsonNode c = p.compilation("dieuphoi.btl86", f.plan(), "2026-03", null);
        assertThat(c.toString()).contains("indicators.CT2.target");
        assertThat(indicator(c, "CT2").get("target").isNull()).isTrue();
        assertThat(indicator(c, "CT2").get("actual").asInt()).isEqualTo(10);

        // The three files answer, and the Báo cáo names the value.
        ExportFiles files = new ExportFiles(api);
        for (Fixture x : List.of(f, g)) {
            for (String ext : List.of("xlsx", "docx", "pdf")) {
                var d = files.get("/api/v1/plans/" + x.plan() + "/compilation." + ext + "?period=2026-03", "dieuphoi.btl86");
                assertThat(d.status()).as(ext + " " + d.text()).isEqualTo(200);
            }
        }
        var docx = files.get("/api/v1/plans/" + f.plan() + "/compilation.docx?period=2026-03", "dieuphoi.btl86");
        try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(new java.io.ByteArrayInputStream(docx.body()));
                var ex = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc)) {
            assertThat(ex.getText()).contains("không hợp lệ").contains("indicatorValues.CT1").contains("indicators.CT2.target");
        }

        var xlsx = files.get("/api/v1/plans/" + f.plan() + "/compilation.xlsx?period=2026-03", "dieuphoi.btl86");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var sheet = wb.getSheet("Số liệu không hợp lệ");
            assertThat(sheet).isNotNull();
            List<String> fields = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) fields.add(sheet.getRow(r).getCell(3).getStringCellValue());
            assertThat(fields).contains("indicatorValues.CT1", "indicators.CT2.target");
        }

        // The dashboard and the report page (the reporter can see and correct it).
        for (Fixture x : List.of(f, g)) {
            var dash = mvc.perform(get("/office/programme/plans/" + x.plan() + "/dashboard?period=2026-03").with(Principals.as(jdbc, "chihuy.bqp"))
                    .locale(Locale.forLanguageTag("vi"))).andReturn().getResponse();
            assertThat(dash.getStatus()).as(dash.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(dash.getContentAsString(StandardCharsets.UTF_8)).contains("dashboard-invalid").contains("indicatorValues.CT1");
            var page = mvc.perform(get("/office/programme/assignments/" + x.assignment() + "/reports/2026-03").with(Principals.as(jdbc, "baocao.qk1"))
                    .locale(Locale.forLanguageTag("vi"))).andReturn().getResponse();
            assertThat(page.getStatus()).as(page.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(page.getContentAsString(StandardCharsets.UTF_8)).contains("không hợp lệ");
        }
        clock.set(ON_TIME);
        try {
            var fixed = api.put("/api/v1/assignments/" + f.assignment() + "/reports/2026-03", "baocao.qk1",
                    Programme.body("IN_PROGRESS", 40, "\"CT1\":7", false, ""));
            assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        } finally {
            clock.reset();
        }
        assertThat(indicator(p.compilation("dieuphoi.btl86", f.plan(), "2026-03", null), "CT1").get("actual").asInt()).isEqualTo(7);
    }

    @Test
    void the_migration_finds_and_marks_poisoned_rows() throws Exception {
        Fixture f = planWithAReport();
        long a = Long.parseLong(f.assignment());
        jdbc.sql("update programme_report set indicator_values = '{\"CT1\": 1e5000, \"CT2\": \"abc\"}'::jsonb where assignment_id = ?").param(a).update();
        jdbc.sql("update programme_indicator set target = 0.1234567 where task_id = ? and code = 'CT2'").param(Long.parseLong(f.task())).update();
        String migration = new ClassPathResource("db/migration/V520__programme_invalid_values.sql").getContentAsString(StandardCharsets.UTF_8);
        jdbc.sql("delete from programme_invalid_value").update();
        for (String statement : migration.split(";\\s*\\n")) {
            String s = statement.replaceAll("(?m)^--.*$", "").strip();
            if (s.startsWith("insert")) jdbc.sql(s).update();
        }
        List<String> marked = jdbc.sql("select source || ' ' || field from programme_invalid_value where assignment_id = ? or task_id = ? order by 1")
                .param(a).param(Long.parseLong(f.task())).query(String.class).list();
        assertThat(marked).contains("REPORT indicatorValues.CT1", "REPORT indicatorValues.CT2", "INDICATOR indicators.CT2.target");
        assertThat(marked).noneMatch(m -> m.startsWith("REPORT_REVISION"));
    }

    static JsonNode indicator(JsonNode compilation, String code) {
        for (JsonNode i : compilation.get("indicators")) if (i.get("code").asString().equals(code)) return i;
        throw new AssertionError("no indicator " + code + " in " + compilation);
    }
}
