package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 17 D: every figure of {@code GET /api/v1/adoption} recomputed here from the raw tables with SQL written
 * independently (the subtree by a recursive walk of parent ids, not the materialised path; sign-ins from the audit rows
 * joined to accounts), for the ministry and each of its sub-units, this month and a month of the demo's 2024 plans; the
 * Excel export carries the same numbers; who may ask; bad input.
 */
@PlatformTest
class AdoptionTest {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @LocalServerPort int port;

    long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    /** The figures of one unit's subtree, straight from the tables. */
    Map<String, Long> recompute(long unit, YearMonth m) {
        Timestamp from = Timestamp.from(m.atDay(1).atStartOfDay(VN).toInstant());
        Timestamp to = Timestamp.from(m.plusMonths(1).atDay(1).atStartOfDay(VN).toInstant());
        String tree = "with recursive tree(id) as (select id from org_unit where id = :unit union all select c.id from org_unit c join tree t on c.parent_id = t.id) ";
        Map<String, Long> f = new HashMap<>();
        f.put("officials", one(tree + "select count(*) from org_official o where o.active and o.unit_id in (select id from tree)", unit, from, to, m));
        f.put("activeOfficials", one(tree + """
                select count(*) from org_official o where o.active and o.unit_id in (select id from tree) and exists (
                  select 1 from access_account a join audit_event e on e.actor = a.username
                  where a.official_id = o.id and e.action = 'signin' and e.outcome = 'SUCCESS' and e.at >= :from and e.at < :to)""", unit, from, to, m));
        f.put("issued", one(tree + "select count(*) from document_document d where d.origin = 'INTERNAL' and d.issuing_unit_id in (select id from tree) and d.issued_at >= :from and d.issued_at < :to", unit, from, to, m));
        f.put("issuedSigned", one(tree + "select count(*) from document_document d where d.origin = 'INTERNAL' and d.signed_at is not null and d.issuing_unit_id in (select id from tree) and d.issued_at >= :from and d.issued_at < :to", unit, from, to, m));
        f.put("incoming", one(tree + "select count(*) from document_recipient r where r.unit_id in (select id from tree) and r.received_at >= :from and r.received_at < :to", unit, from, to, m));
        f.put("incomingHandled", one(tree + """
                select count(distinct r.id) from document_recipient r join document_assignment a on a.recipient_id = r.id and a.role = 'LEAD' and a.status = 'CLOSED'
                where r.unit_id in (select id from tree) and r.received_at >= :from and r.received_at < :to""", unit, from, to, m));
        f.put("reportsExpected", one(tree + """
                select count(*) from programme_assignment a join programme_plan p on p.id = a.plan_id join programme_task t on t.id = a.task_id
                where a.unit_id in (select id from tree) and p.status = 'ISSUED' and p.year = :year and t.cancelled_in is null""", unit, from, to, m));
        f.put("reportsOnTime", one(tree + """
                select count(*) from programme_report r join programme_assignment a on a.id = r.assignment_id join programme_plan p on p.id = a.plan_id
                join programme_task t on t.id = a.task_id
                where a.unit_id in (select id from tree) and p.status = 'ISSUED' and p.year = :year and t.cancelled_in is null and r.period = :period and r.on_time""",
                unit, from, to, m));
        f.put("dossiers", one(tree + "select count(*) from publicservice_dossier d where d.unit_id in (select id from tree) and d.submitted_at >= :from and d.submitted_at < :to", unit, from, to, m));
        f.put("dossiersOnline", one(tree + "select count(*) from publicservice_dossier d where d.channel = 'ONLINE' and d.unit_id in (select id from tree) and d.submitted_at >= :from and d.submitted_at < :to", unit, from, to, m));
        return f;
    }

    long one(String sql, long unit, Timestamp from, Timestamp to, YearMonth m) {
        var spec = jdbc.sql(sql).param("unit", unit);
        if (sql.contains(":from")) spec = spec.param("from", from).param("to", to);
        if (sql.contains(":year")) spec = spec.param("year", m.getYear());
        if (sql.contains(":period")) spec = spec.param("period", m.atDay(1));
        return spec.query(Long.class).single();
    }

    @Test
    void every_figure_is_recomputed_from_the_raw_tables() throws Exception {
        Api api = new Api(port);
        api.token("chihuy.bqp"); // a sign-in this month, so "signed in" is not empty
        long bqp = unitId("BQP");
        YearMonth now = YearMonth.from(LocalDate.now(VN));
        int nonZero = 0;
        for (YearMonth m : List.of(now, YearMonth.of(2024, 3))) {
            var r = api.get("/api/v1/adoption?period=" + m + "&unitId=" + bqp, "chihuy.bqp");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("period").asString()).isEqualTo(m.toString());
            JsonNode units = r.json().get("units");
            assertThat(units.get(0).get("unitId").asString()).isEqualTo(Long.toString(bqp));
            assertThat(units.get(0).get("total").asBoolean()).isTrue();
            long children = jdbc.sql("select count(*) from org_unit where parent_id = ?").param(bqp).query(Long.class).single();
            assertThat(units.size()).isEqualTo(1 + (int) children);
            for (JsonNode u : units) {
                Map<String, Long> expected = recompute(Long.parseLong(u.get("unitId").asString()), m);
                for (var e : expected.entrySet()) {
                    assertThat(u.get(e.getKey()).asLong()).as(m + " " + u.get("unitCode").asString() + " " + e.getKey()).isEqualTo(e.getValue());
                    if (e.getValue() > 0) nonZero++;
                }
            }
        }
        assertThat(nonZero).as("the demo's own use shows in the figures").isGreaterThan(20);
        // Ranked by score, best first (units without any denominator last).
        var r = api.get("/api/v1/adoption?period=2024-03&unitId=" + bqp, "chihuy.bqp").json().get("units");
        double last = Double.MAX_VALUE;
        for (int i = 1; i < r.size(); i++) {
            double s = r.get(i).get("score").isNull() ? -1 : r.get(i).get("score").asDouble();
            assertThat(s).isLessThanOrEqualTo(last);
            last = s;
        }
    }

    @Test
    void the_excel_export_carries_the_same_figures_and_is_audited() throws Exception {
        long qk1 = unitId("QK1");
        Api api = new Api(port);
        JsonNode units = api.get("/api/v1/adoption?period=2024-03&unitId=" + qk1, "chihuy.qk1").json().get("units");
        Instant before = Instant.now().minusSeconds(1);
        MvcResult res = mvc.perform(get("/office/adoption.xlsx").param("period", "2024-03").param("unitId", Long.toString(qk1))
                .with(Principals.as(jdbc, "chihuy.qk1"))).andReturn();
        assertThat(res.getResponse().getStatus()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(res.getResponse().getContentAsByteArray()))) {
            Sheet s = wb.getSheetAt(0);
            for (int i = 0; i < units.size(); i++) {
                var row = s.getRow(3 + i);
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo(units.get(i).get("unitName").asString());
                assertThat((long) row.getCell(2).getNumericCellValue()).isEqualTo(units.get(i).get("officials").asLong());
                assertThat((long) row.getCell(10).getNumericCellValue()).isEqualTo(units.get(i).get("dossiers").asLong());
                assertThat((long) row.getCell(8).getNumericCellValue()).isEqualTo(units.get(i).get("reportsExpected").asLong());
            }
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.adoption.export' and actor = 'chihuy.qk1' and at >= ?")
                .param(Timestamp.from(before)).query(Long.class).single()).isEqualTo(1);
        MvcResult page = mvc.perform(get("/office/adoption").param("period", "2024-03").param("unitId", Long.toString(qk1))
                .with(Principals.as(jdbc, "chihuy.qk1"))).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        String html = page.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("Tỷ lệ ứng dụng công nghệ thông tin").contains("Sư đoàn 3").contains("tháng 03/2024");
    }

    @Test
    void who_may_ask_and_bad_input() {
        Api api = new Api(port);
        long qk3 = unitId("QK3");
        var hidden = api.get("/api/v1/adoption?unitId=" + qk3, "chihuy.qk1");
        var missing = api.get("/api/v1/adoption?unitId=999999999", "chihuy.qk1");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(hidden.body(), qk3)).isEqualTo(vn.truongson.support.Api.withoutId(missing.body(), "999999999"));
        assertThat(api.get("/api/v1/adoption", "baocao.sd3").status()).as("a reporter holds none of the roles").isEqualTo(403);
        assertThat(api.get("/api/v1/adoption", "chihuy.qk1").status()).isEqualTo(200);
        for (String bad : List.of("1e5000", "2024-13", "2024-3", "1999-12", "9999-01", "x".repeat(5000))) {
            var r = api.get("/api/v1/adoption?period=" + bad, "chihuy.qk1");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("period");
        }
        var r = api.get("/api/v1/adoption?unitId=abc", "chihuy.qk1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("unitId");
    }
}
