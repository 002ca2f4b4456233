package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * Issue 18, "Excel: upload it back": the template downloaded from the API, filled as a reporter would, uploaded back.
 * All or nothing, every bad cell named by its Excel reference, a unit the uploader may not report for answered like an
 * unknown one, twelve identical uploads at once leave one revision, a data set the uploader cannot see is missing.
 */
@ProgrammeTest
class DatasetImportTest {

    static final String BOUNDARY = "----truongson-datasets-import-4c2b";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    DatasetFixture ds;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        ds = new DatasetFixture(new Api(port), jdbc);
        ds.api.token(DatasetFixture.COORDINATOR);
        ds.api.token("sd3.02");
        ds.api.token("td2.02");
        clock.set("2026-12-10T09:00:00+07:00");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A published quarterly survey assigned to SD3, TD2 and TD12 for 2026-Q4. */
    String survey() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "QUARTERLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-Q4", "2026-12-20", "SD3", "TD2", "TD12");
        return id;
    }

    byte[] template(String id) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(ds.api.base() + "/api/v1/datasets/" + id + "/template.xlsx?period=2026-Q4&unitId="
                + ds.unit("QK1"))).header("Authorization", "Bearer " + ds.api.token(DatasetFixture.COORDINATOR)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The template with cells filled: unit code → (field code → value: a Number, a String or a Boolean). */
    static byte[] filled(byte[] template, Map<String, Map<String, Object>> rows) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.getSheet("Mẫu nhập");
            Map<String, Integer> col = new HashMap<>();
            for (var c : s.getRow(0)) {
                String h = c.getStringCellValue();
                if (h.contains("[")) col.put(h.substring(h.lastIndexOf('[') + 1, h.lastIndexOf(']')), c.getColumnIndex());
            }
            for (int r = 2; r <= s.getLastRowNum(); r++) {
                Row row = s.getRow(r);
                Map<String, Object> values = rows.get(row.getCell(0).getStringCellValue());
                if (values == null) continue;
                for (var e : values.entrySet()) {
                    var cell = row.createCell(col.get(e.getKey()));
                    switch (e.getValue()) {
                        case Number n -> cell.setCellValue(n.doubleValue());
                        case Boolean b -> cell.setCellValue(b);
                        default -> cell.setCellValue(String.valueOf(e.getValue()));
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The row (as Excel numbers it) of a unit in the template. */
    static int rowOf(byte[] template, String unitCode) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            Sheet s = wb.getSheet("Mẫu nhập");
            for (int r = 2; r <= s.getLastRowNum(); r++) if (s.getRow(r).getCell(0).getStringCellValue().equals(unitCode)) return r + 1;
        }
        throw new AssertionError(unitCode + " is not in the template");
    }

    Api.Response upload(String id, String user, byte[] file) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mau-nhap.xlsx\"\r\nContent-Type: " + XLSX + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(file);
        b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return ds.api.send(HttpRequest.newBuilder(URI.create(ds.api.base() + "/api/v1/datasets/" + id + "/submissions.xlsx?period=2026-Q4"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())), user);
    }

    static Map<String, String> errors(Api.Response r) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode e : r.json().get("errors")) out.put(e.get("field").asString(), e.get("message").asString());
        return out;
    }

    long revisions(String id) {
        return ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", Long.parseLong(id));
    }

    @Test
    void aFilledTemplateIsSubmittedAndRollsUpLikeTheApi() throws Exception {
        String id = survey();
        byte[] t = template(id);
        // SD3's row filled as people write: a decimal comma, Có, a dd/MM/yyyy date, two choices; TD2 and TD12 left empty.
        var r = upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("kind", "Máy mã", "needed", 10, "deployed", "4", "priority", 2,
                "readiness", "37,5", "pilot", "Có", "surveyed", "01/12/2026", "channels", "Dữ liệu; Thoại"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("submitted").asInt()).isEqualTo(1);
        JsonNode row = r.json().get("rows").get(0);
        assertThat(row.get("unitCode").asString()).isEqualTo("SD3");
        assertThat(row.get("row").asInt()).isEqualTo(rowOf(t, "SD3"));
        assertThat(row.get("revision").asInt()).isEqualTo(1);
        assertThat(row.get("onTime").asBoolean()).isTrue();

        var stored = ds.api.get("/api/v1/datasets/" + id + "/submissions/" + ds.unit("SD3") + "/2026-Q4", "sd3.02").json().get(0).get("values");
        assertThat(stored.get("needed").asInt()).isEqualTo(10);
        assertThat(stored.get("deployed").asInt()).isEqualTo(4);
        assertThat(stored.get("readiness").decimalValue()).isEqualByComparingTo("37.5");
        assertThat(stored.get("pilot").asBoolean()).isTrue();
        assertThat(stored.get("surveyed").asString()).isEqualTo("2026-12-01");
        assertThat(stored.get("channels").toString()).isEqualTo("[\"Thoại\",\"Dữ liệu\"]");
        var rollup = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("SD3"), "sd3.02").json();
        assertThat(rollup.get("values").get("needed").decimalValue()).isEqualByComparingTo("10");

        // The same file again changes nothing (PUT's idempotence); a changed one is revision 2.
        assertThat(upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("kind", "Máy mã", "needed", 10, "deployed", "4", "priority", 2,
                "readiness", "37,5", "pilot", "Có", "surveyed", "01/12/2026", "channels", "Dữ liệu; Thoại")))).json().get("rows").get(0).get("revision").asInt())
                .isEqualTo(1);
        assertThat(upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("needed", 12, "deployed", 4)))).json().get("rows").get(0).get("revision").asInt())
                .isEqualTo(2);
    }

    @Test
    void everyBadCellIsNamedAndNothingIsWritten() throws Exception {
        String id = survey();
        byte[] t = template(id);
        // SD3's row: a choice not in the list, a word for a number, 1e300, a priority of 7, a word for yes/no.
        int n = rowOf(t, "SD3");
        var r = upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("kind", "Xe tăng", "needed", "mười", "deployed", 1e300, "priority", 7,
                "pilot", "có lẽ"))));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        Map<String, String> e = errors(r);
        // Columns: A unit code, B unit name, then the fields in order: C kind, D needed, E deployed, F priority, G readiness, H pilot.
        assertThat(e).containsOnlyKeys("C" + n, "D" + n, "E" + n, "F" + n, "H" + n);
        assertThat(e.get("C" + n)).contains("không thuộc danh sách");
        assertThat(e.get("D" + n)).contains("phải là một số");
        assertThat(e.get("E" + n)).isNotBlank();
        assertThat(e.get("F" + n)).contains("từ 1 đến 3");
        assertThat(e.get("H" + n)).contains("Có");
        // A rule broken on a row otherwise good: named by its row, with the coordinator's message.
        var rule = upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("needed", 3, "deployed", 5))));
        assertThat(rule.status()).as(rule.body()).isEqualTo(400);
        assertThat(errors(rule)).containsEntry("row " + n, "Số đã triển khai không được vượt quá nhu cầu");
        // One good row and one bad one: nothing of either is written.
        var mixed = upload(id, "sd3.02", filled(t, Map.of("SD3", Map.of("needed", 3, "deployed", 1), "TD2", Map.of("needed", 3, "deployed", 1))));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(400);
        assertThat(errors(mixed)).containsOnlyKeys("A" + rowOf(t, "TD2"));
        assertThat(revisions(id)).isZero();
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ?", Long.parseLong(id))).isZero();
    }

    @Test
    void aUnitNotCoveredAnUnknownOneAndAnUnassignedOneGetTheSameAnswer() throws Exception {
        String id = survey();
        byte[] t = template(id);
        // td2.02 does not report for SD3.
        var notMine = upload(id, "td2.02", filled(t, Map.of("SD3", Map.of("needed", 3, "deployed", 1))));
        assertThat(notMine.status()).isEqualTo(400);
        String a = "A" + rowOf(t, "SD3");
        String answer = errors(notMine).get(a);
        assertThat(answer).contains("SD3");
        // The same row, its code changed to one that names no unit, and to an unassigned unit: the same words.
        byte[] unknown = renameUnit(filled(t, Map.of("SD3", Map.of("needed", 3, "deployed", 1))), "SD3", "KHONG-CO-9");
        assertThat(errors(upload(id, "td2.02", unknown)).get(a)).isEqualTo(answer.replace("SD3", "KHONG-CO-9"));
        byte[] unassigned = renameUnit(filled(t, Map.of("SD3", Map.of("needed", 3, "deployed", 1))), "SD3", "QK1");
        assertThat(errors(upload(id, "td2.02", unassigned)).get(a)).isEqualTo(answer.replace("SD3", "QK1"));
        assertThat(revisions(id)).isZero();

        // A data set the uploader cannot see is missing, byte for byte.
        String other = ds.published(DatasetFixture.COORDINATOR, "BTL86", "QUARTERLY", "THUONG");
        var hidden = upload(other, "sd3.02", t);
        var missing = upload(DatasetAbuseTest.MISSING, "sd3.02", t);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(DatasetAbuseTest.withoutInstance(hidden)).isEqualTo(DatasetAbuseTest.withoutInstance(missing));
    }

    static byte[] renameUnit(byte[] file, String from, String to) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(file)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.getSheet("Mẫu nhập");
            for (int r = 2; r <= s.getLastRowNum(); r++) {
                if (s.getRow(r).getCell(0).getStringCellValue().equals(from)) s.getRow(r).getCell(0).setCellValue(to);
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void filesThatAreNotTheTemplateAreRefusedOnFile() throws Exception {
        String id = survey();
        var pdf = upload(id, "sd3.02", "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF".getBytes(StandardCharsets.US_ASCII));
        assertThat(pdf.status()).isEqualTo(400);
        assertThat(errors(pdf)).containsOnlyKeys("file");
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("Trang 1").createRow(0).createCell(0).setCellValue("Không phải mẫu");
            wb.write(out);
            var other = upload(id, "sd3.02", out.toByteArray());
            assertThat(other.status()).isEqualTo(400);
            assertThat(errors(other).get("file")).contains("Mẫu nhập");
        }
        // The template with nothing filled in.
        var empty = upload(id, "sd3.02", template(id));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(errors(empty)).containsOnlyKeys("file");
        assertThat(revisions(id)).isZero();
    }

    @Test
    void twelveIdenticalUploadsAtOnceLeaveOneRevision() throws Exception {
        String id = survey();
        byte[] file = filled(template(id), Map.of("SD3", Map.of("needed", 8, "deployed", 2)));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) futures.add(pool.submit(() -> {
                start.await();
                return upload(id, "sd3.02", file);
            }));
            start.countDown();
            for (Future<Api.Response> f : futures) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("rows").get(0).get("revision").asInt()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(revisions(id)).isEqualTo(1);
    }
}
