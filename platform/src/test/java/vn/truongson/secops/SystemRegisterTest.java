package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 17 C: the Decree 85 register. The demo's systems with their level's checklist and an overdue periodic check;
 * the dossier's lifecycle (draft → submitted → approved by a security officer, not by the system owner; a changed level
 * back to draft); 12 identical registrations or approvals at once → one; hidden = missing (another unit's system, a
 * system above the reader's clearance, a unit outside the grants); poison input answered 400 naming the field; the
 * evidence file scanned (EICAR refused, nothing stored); the Excel export per unit carries the API's rows and is audited.
 */
@PlatformTest
class SystemRegisterTest {

    static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @LocalServerPort int port;

    long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    String create(Api api, String user, String code, long unit, int level, String secrecy) {
        var r = api.post("/api/v1/security/systems", user, """
                {"code":"%s","name":"Hệ thống thử %s","ownerUnitId":"%d","level":%d,"secrecy":"%s"}""".formatted(code, code, unit, level, secrecy));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void the_demo_register_shows_levels_checklists_and_an_overdue_check() {
        Api api = new Api(port);
        var list = api.get("/api/v1/security/systems", "baomat.bqp");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode qlvb = null;
        for (JsonNode s : list.json()) if (s.get("code").asString().equals("QLVB-BQP")) qlvb = s;
        assertThat(qlvb).as("the demo registers the catalogue's systems").isNotNull();
        assertThat(qlvb.get("level").asInt()).isEqualTo(3);
        assertThat(qlvb.get("dossierStatus").asString()).isEqualTo("APPROVED");
        assertThat(qlvb.get("overdue").asBoolean()).isTrue();
        assertThat(qlvb.get("warnings").toString()).contains("REVIEW_OVERDUE");
        LocalDate decision = LocalDate.parse(qlvb.get("decisionDate").asString());
        assertThat(LocalDate.parse(qlvb.get("nextReviewOn").asString())).isEqualTo(decision.plusMonths(24));

        var detail = api.get("/api/v1/security/systems/" + qlvb.get("id").asString(), "auditor").json();
        JsonNode controls = detail.get("controls");
        // Level 3: every measure of the catalogue applies (14); recomputed from the table.
        long required = jdbc.sql("select count(*) from secops_control where min_level <= 3").query(Long.class).single();
        assertThat(controls.size()).isEqualTo((int) required).isEqualTo(14);
        assertThat(controls.get(0).get("code").asString()).isEqualTo("HS-CAP-DO");
        assertThat(controls.get(0).get("status").asString()).isEqualTo("DONE");
        assertThat(controls.get(0).get("source").asString()).contains("Nghị định 85/2016/NĐ-CP");
        long done = 0;
        for (JsonNode c : controls) if (c.get("status").asString().equals("DONE")) done++;
        assertThat(detail.get("system").get("done").asLong()).isEqualTo(done);

        // A level 2 system requires fewer (risk management and end of operation from level 3).
        JsonNode cds = null;
        for (JsonNode s : list.json()) if (s.get("code").asString().equals("CDS-THEODOI")) cds = s;
        assertThat(cds.get("required").asInt()).isEqualTo(12);
        var warned = api.get("/api/v1/security/systems?warnings=true", "baomat.bqp").json();
        for (JsonNode s : warned) assertThat(s.get("warnings").size()).as(s.get("code").asString()).isPositive();
    }

    @Test
    void a_dossier_goes_from_draft_to_approved_and_back_when_the_level_changes() throws Exception {
        Api api = new Api(port);
        long qk1 = unitId("QK1");
        String code = "T-LIFE-" + RUN;
        String id = create(api, "hethong.qk1", code, qk1, 2, "THUONG");
        var s = api.get("/api/v1/security/systems/" + id, "hethong.qk1").json().get("system");
        assertThat(s.get("dossierStatus").asString()).isEqualTo("DRAFT");
        assertThat(s.get("warnings").toString()).contains("NOT_APPROVED");
        assertThat(api.post("/api/v1/security/systems/" + id + "/submit", "hethong.qk1", "").status()).isEqualTo(200);
        String approval = "{\"decisionNumber\":\"12/QĐ-QK1\",\"decisionDate\":\"" + LocalDate.now().minusDays(3).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                + "\",\"decisionBy\":\"Tư lệnh Quân khu 1\"}";
        var byOwner = api.post("/api/v1/security/systems/" + id + "/approval", "hethong.qk1", approval);
        assertThat(byOwner.status()).as("the system owner does not approve his own dossier").isEqualTo(403);

        // Twelve identical approvals at once: one wins, the others find it approved.
        List<Integer> statuses = parallel(12, () -> api.post("/api/v1/security/systems/" + id + "/approval", "baomat.bqp", approval).status());
        assertThat(statuses).filteredOn(x -> x == 200).hasSize(1);
        assertThat(statuses).filteredOn(x -> x == 409).hasSize(11);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.system.approve' and target = ?").param("security-system:" + code)
                .query(Long.class).single()).isEqualTo(1);
        s = api.get("/api/v1/security/systems/" + id, "hethong.qk1").json().get("system");
        assertThat(s.get("dossierStatus").asString()).isEqualTo("APPROVED");
        assertThat(s.get("warnings").size()).isZero();
        assertThat(LocalDate.parse(s.get("nextReviewOn").asString())).isEqualTo(LocalDate.parse(s.get("decisionDate").asString()).plusMonths(24));

        // A measure marked done needs evidence; a measure of a higher level is not this system's.
        var noEvidence = api.put("/api/v1/security/systems/" + id + "/controls/KT-MANG", "hethong.qk1", "{\"status\":\"DONE\"}");
        assertThat(noEvidence.status()).isEqualTo(400);
        assertThat(noEvidence.body()).contains("evidence");
        var notHers = api.put("/api/v1/security/systems/" + id + "/controls/QL-RUI-RO", "hethong.qk1", "{\"status\":\"PARTIAL\"}");
        assertThat(notHers.status()).isEqualTo(400);
        assertThat(notHers.body()).contains("control");
        var marked = api.put("/api/v1/security/systems/" + id + "/controls/KT-MANG", "hethong.qk1", "{\"status\":\"DONE\",\"evidence\":\"Biên bản số 3\"}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/security/systems/" + id, "hethong.qk1").json().get("system").get("done").asInt()).isEqualTo(1);

        // A periodic check moves the due date; one in the future is refused.
        var future = api.post("/api/v1/security/systems/" + id + "/review", "hethong.qk1", "{\"reviewedOn\":\"" + LocalDate.now().plusDays(2) + "\"}");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body()).contains("reviewedOn");
        var reviewed = api.post("/api/v1/security/systems/" + id + "/review", "hethong.qk1", "{\"reviewedOn\":\"" + LocalDate.now().minusDays(1) + "\"}");
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        assertThat(reviewed.json().get("nextReviewOn").asString()).isEqualTo(LocalDate.now().minusDays(1).plusMonths(24).toString());

        // Changing the level: with a stale version 409; with the current one the dossier is determined again.
        int version = reviewed.json().get("version").asInt();
        var stale = api.put("/api/v1/security/systems/" + id, "hethong.qk1", "{\"version\":" + (version - 1) + ",\"name\":\"Đổi tên\",\"level\":3}");
        assertThat(stale.status()).isEqualTo(409);
        var relevel = api.put("/api/v1/security/systems/" + id, "hethong.qk1", "{\"version\":" + version + ",\"name\":\"Hệ thống thử cấp độ 3\",\"level\":3}");
        assertThat(relevel.status()).as(relevel.body()).isEqualTo(200);
        assertThat(relevel.json().get("dossierStatus").asString()).isEqualTo("DRAFT");
        assertThat(relevel.json().get("decisionNumber").isNull()).isTrue();
        assertThat(relevel.json().get("required").asInt()).isEqualTo(14);
    }

    @Test
    void twelve_identical_registrations_make_one_system() throws Exception {
        Api api = new Api(port);
        api.token("baomat.bqp");
        String code = "T-PAR-" + RUN;
        String body = "{\"code\":\"" + code + "\",\"name\":\"Hệ thống song song\",\"ownerUnitId\":\"" + unitId("BTL86") + "\",\"level\":1}";
        List<Integer> statuses = parallel(12, () -> api.post("/api/v1/security/systems", "baomat.bqp", body).status());
        assertThat(statuses).filteredOn(x -> x == 201).hasSize(1);
        assertThat(statuses).filteredOn(x -> x == 409).hasSize(11);
        assertThat(jdbc.sql("select count(*) from secops_system where code = ?").param(code).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.system.register' and outcome = 'SUCCESS' and target = ?")
                .param("security-system:" + code).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void hidden_is_missing() {
        Api api = new Api(port);
        long btl86 = unitId("BTL86");
        String other = create(api, "baomat.bqp", "T-HID-" + RUN, btl86, 2, "THUONG");
        String secret = create(api, "baomat.bqp", "T-SEC-" + RUN, unitId("VPBQP"), 3, "TOI_MAT");
        // Another unit's system to a QK1 commander; a Tối mật system to an auditor cleared for Mật: both as a missing id.
        var missing = api.get("/api/v1/security/systems/999999999", "chihuy.qk1");
        var hidden = api.get("/api/v1/security/systems/" + other, "chihuy.qk1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(hidden.body(), other)).isEqualTo(vn.truongson.support.Api.withoutId(missing.body(), "999999999"));
        var aboveMissing = api.get("/api/v1/security/systems/999999999", "auditor");
        var above = api.get("/api/v1/security/systems/" + secret, "auditor");
        assertThat(above.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(above.body(), secret)).isEqualTo(vn.truongson.support.Api.withoutId(aboveMissing.body(), "999999999"));
        assertThat(api.get("/api/v1/security/systems/" + secret, "baomat.bqp").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/security/systems", "auditor").body()).doesNotContain("T-SEC-" + RUN);
        assertThat(api.get("/api/v1/security/systems", "chihuy.qk1").body()).doesNotContain("T-HID-" + RUN).doesNotContain("QLVB-BQP");
        // Actions on a hidden system are answered alike.
        var act = api.post("/api/v1/security/systems/" + other + "/submit", "hethong.qk1", "");
        var actMissing = api.post("/api/v1/security/systems/999999999/submit", "hethong.qk1", "");
        assertThat(act.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(act.body(), other)).isEqualTo(vn.truongson.support.Api.withoutId(actMissing.body(), "999999999"));
        // A unit outside the grants is answered as a missing unit; a reporter holds none of the roles.
        var unitHidden = api.get("/api/v1/security/systems?unitId=" + btl86, "chihuy.qk1");
        var unitMissing = api.get("/api/v1/security/systems?unitId=999999999", "chihuy.qk1");
        assertThat(unitHidden.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(unitHidden.body(), btl86)).isEqualTo(vn.truongson.support.Api.withoutId(unitMissing.body(), "999999999"));
        assertThat(api.get("/api/v1/security/systems", "baocao.sd3").status()).isEqualTo(403);
        // A system owner registers under his own units only; nobody above his own clearance.
        var elsewhere = api.post("/api/v1/security/systems", "hethong.qk1",
                "{\"code\":\"T-ELS-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + btl86 + "\",\"level\":1}");
        assertThat(elsewhere.status()).isEqualTo(403);
        var tooSecret = api.post("/api/v1/security/systems", "hethong.qk1",
                "{\"code\":\"T-TS-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unitId("QK1") + "\",\"level\":1,\"secrecy\":\"TUYET_MAT\"}");
        assertThat(tooSecret.status()).isEqualTo(403);
    }

    @Test
    void poison_input_is_answered_400_naming_the_field() {
        Api api = new Api(port);
        String unit = Long.toString(unitId("QK1"));
        String[][] cases = {
                {"code", "{\"code\":\"abc\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"code", "{\"code\":\"" + "A".repeat(5000) + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"code", "{\"code\":\"HỆ-THỐNG\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"name", "{\"code\":\"T-P1-" + RUN + "\",\"name\":\"a\\u0000b\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"name", "{\"code\":\"T-P2-" + RUN + "\",\"name\":\"\\ud800\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"name", "{\"code\":\"T-P3-" + RUN + "\",\"name\":\"" + "x".repeat(301) + "\",\"ownerUnitId\":\"" + unit + "\",\"level\":1}"},
                {"level", "{\"code\":\"T-P4-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":0}"},
                {"level", "{\"code\":\"T-P5-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":6}"},
                {"level", "{\"code\":\"T-P6-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":1e5000}"},
                {"ownerUnitId", "{\"code\":\"T-P7-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"-1\",\"level\":1}"},
                {"ownerUnitId", "{\"code\":\"T-P8-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"99999999999999999999999\",\"level\":1}"},
                {"secrecy", "{\"code\":\"T-P9-" + RUN + "\",\"name\":\"x\",\"ownerUnitId\":\"" + unit + "\",\"level\":1,\"secrecy\":\"SECRET\"}"},
        };
        for (String[] c : cases) {
            var r = api.post("/api/v1/security/systems", "hethong.qk1", c[1]);
            assertThat(r.status()).as(c[1].length() > 200 ? c[0] : c[1]).isEqualTo(400);
            assertThat(r.body()).as(c[1].length() > 200 ? c[0] : c[1]).contains(c[0]);
        }
        String id = create(api, "hethong.qk1", "T-POI-" + RUN, unitId("QK1"), 1, "THUONG");
        api.post("/api/v1/security/systems/" + id + "/submit", "hethong.qk1", "");
        for (String bad : List.of("31/02/2025", "2025-13-01", "1999-12-31", "9999-01-01", "x".repeat(5000), "")) {
            var r = api.post("/api/v1/security/systems/" + id + "/approval", "baomat.bqp",
                    "{\"decisionNumber\":\"1/QĐ\",\"decisionDate\":\"" + bad + "\",\"decisionBy\":\"x\"}");
            assertThat(r.status()).as(bad.length() > 20 ? "long" : bad).isEqualTo(400);
            assertThat(r.body()).contains("decisionDate");
        }
        var st = api.put("/api/v1/security/systems/" + id + "/controls/KT-MANG", "hethong.qk1", "{\"status\":\"MAYBE\"}");
        assertThat(st.status()).isEqualTo(400);
        assertThat(st.body()).contains("status");
        assertThat(api.get("/api/v1/security/systems/abc", "hethong.qk1").status()).isIn(400, 404);
        var q = api.get("/api/v1/security/systems?unitId=1e5000", "hethong.qk1");
        assertThat(q.status()).isEqualTo(400);
        assertThat(q.body()).contains("unitId");
    }

    @Test
    void the_evidence_file_is_scanned_and_the_export_carries_the_rows() throws Exception {
        Api api = new Api(port);
        long qk1 = unitId("QK1");
        String code = "T-EVI-" + RUN;
        String id = create(api, "hethong.qk1", code, qk1, 1, "THUONG");
        String url = "/api/v1/security/systems/" + id + "/controls/QL-CHINH-SACH/evidence";
        MvcResult infected = mvc.perform(multipart(url).file(new MockMultipartFile("file", "quy-che.pdf", "application/pdf", Eicar.insidePdf()))
                .param("status", "DONE").with(Principals.as(jdbc, "hethong.qk1"))).andReturn();
        assertThat(infected.getResponse().getStatus()).isEqualTo(422);
        assertThat(infected.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("malware").contains("quy-che.pdf");
        assertThat(jdbc.sql("select count(*) from secops_system_control where system_id = ?").param(Long.parseLong(id)).query(Long.class).single()).isZero();

        byte[] pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        MvcResult clean = mvc.perform(multipart(url).file(new MockMultipartFile("file", "quy-che.pdf", "application/pdf", pdf))
                .param("status", "DONE").with(Principals.as(jdbc, "hethong.qk1"))).andReturn();
        assertThat(clean.getResponse().getStatus()).as(clean.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        MvcResult down = mvc.perform(get(url).with(Principals.as(jdbc, "hethong.qk1"))).andReturn();
        assertThat(down.getResponse().getContentAsByteArray()).isEqualTo(pdf);

        JsonNode rows = api.get("/api/v1/security/systems?unitId=" + qk1, "chihuy.qk1").json();
        Instant before = Instant.now().minusSeconds(1);
        MvcResult x = mvc.perform(get("/office/security/systems.xlsx").param("unitId", Long.toString(qk1)).with(Principals.as(jdbc, "chihuy.qk1"))).andReturn();
        assertThat(x.getResponse().getStatus()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(x.getResponse().getContentAsByteArray()))) {
            Sheet s = wb.getSheetAt(0);
            assertThat(s.getLastRowNum()).isEqualTo(2 + rows.size());
            for (int i = 0; i < rows.size(); i++) {
                var row = s.getRow(3 + i);
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo(rows.get(i).get("code").asString());
                assertThat((int) row.getCell(5).getNumericCellValue()).isEqualTo(rows.get(i).get("level").asInt());
                assertThat((int) row.getCell(11).getNumericCellValue()).isEqualTo(rows.get(i).get("done").asInt());
            }
        }
        assertThat(rows.toString()).contains(code).contains("QLVB-QK1").doesNotContain("QLVB-BQP");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.system.export' and actor = 'chihuy.qk1' and at >= ?")
                .param(Timestamp.from(before)).query(Long.class).single()).isEqualTo(1);
    }

    static <T> List<T> parallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) fs.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
