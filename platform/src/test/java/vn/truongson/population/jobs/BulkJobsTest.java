package vn.truongson.population.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.Principals;

/**
 * Bulk lists as background jobs, against the real sandbox registry: a list of a few hundred rows is
 * accepted at once, checked in the background with progress, and its workbook downloaded later (the same
 * result as the synchronous check); the job is its owner's alone, audited; bad input is refused at once
 * and writes nothing; a job no node runs is taken over by the sweep.
 */
@CitizenPlatformTest
class BulkJobsTest {

    static final String[] HEADER = {"STT", "Họ và tên", "Ngày sinh", "Số định danh"};
    static final String YEAR = String.valueOf(Year.now(ZoneId.of("Asia/Ho_Chi_Minh")).getValue());

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired BulkJobRunner runner;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /**
     * {@code n} rows: the sandbox's Phạm Thị Thu Hà (a match), then people of admissions age whose ID numbers are well-formed
     * but not in the registry (each one a registry call answered "no such number").
     */
    static byte[] admissionsList(int n, long seed) throws Exception {
        Random rng = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(new String[] {"1", "Phạm Thị Thu Hà", "02/09/2007", "036307004321"});
        int born = Integer.parseInt(YEAR) - 19;
        for (int i = 2; i <= n; i++) {
            boolean male = rng.nextBoolean();
            String id = "001" + (male ? "2" : "3") + String.format("%02d", born % 100) + String.format("%06d", 900_000 + rng.nextInt(100_000));
            rows.add(new String[] {String.valueOf(i), male ? "Nguyễn Văn Thử" : "Trần Thị Thử", String.format("%02d/%02d/%d", 1 + rng.nextInt(28), 1 + rng.nextInt(12), born), id});
        }
        try (var wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var sheet = wb.createSheet("DS");
            for (int r = 0; r < rows.size(); r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).length; c++) row.createCell(c).setCellValue(rows.get(r)[c]);
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    record Upload(int status, byte[] body, java.net.http.HttpHeaders headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Upload upload(String path, String user, byte[] xlsx, String year) throws Exception {
        String boundary = "b" + System.nanoTime();
        var body = new ByteArrayOutputStream();
        if (year != null) body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n" + year + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (xlsx != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ds-thi-sinh.xlsx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(xlsx);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var r = http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + api.token(user)).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Upload(r.statusCode(), r.body(), r.headers());
    }

    Upload download(String path, String user) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Authorization", "Bearer " + api.token(user)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Upload(r.statusCode(), r.body(), r.headers());
    }

    static List<String> outcomes(byte[] xlsx) throws Exception {
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = wb.getSheetAt(0);
            int col = sheet.getRow(0).getLastCellNum() - 2;
            List<String> out = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) out.add(sheet.getRow(r).getCell(col).getStringCellValue());
            return out;
        }
    }

    JsonNode waitUntilFinished(long id, String user, List<Integer> progressSeen) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            var r = api.get("/api/v1/population/jobs/" + id, user);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode j = r.json();
            progressSeen.add(j.get("doneRows").asInt());
            if (j.get("status").asString().equals("DONE") || j.get("status").asString().equals("FAILED")) return j;
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish in 3 minutes");
    }

    @Test
    void aListOfSeveralHundredRowsIsCheckedInTheBackgroundAndDownloadedLater() throws Exception {
        byte[] list = admissionsList(400, 1);
        var submitted = upload("/api/v1/population/admissions-lists/jobs", "admin", list, YEAR);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        JsonNode job = Api.json(submitted.text());
        long id = job.get("id").asLong();
        assertThat(submitted.headers().firstValue("location")).contains("/api/v1/population/jobs/" + id);
        assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");

        List<Integer> seen = new ArrayList<>();
        JsonNode done = waitUntilFinished(id, "admin", seen);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("totalRows").asInt()).isEqualTo(400);
        assertThat(done.get("doneRows").asInt()).isEqualTo(400);
        assertThat(seen).as("progress never goes back").isSorted();
        assertThat(done.get("counts").asString()).isEqualTo("{OK=1, MISMATCH=399}");

        var result = download("/api/v1/population/jobs/" + id + "/result", "admin");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.headers().firstValue("content-disposition").orElseThrow()).contains("ket-qua-ds-thi-sinh.xlsx");
        List<String> background = outcomes(result.body());
        assertThat(background).hasSize(400);
        assertThat(background.getFirst()).isEqualTo("Khớp");
        // The same engine as the synchronous check: the same answer, row for row.
        var sync = upload("/api/v1/population/admissions-lists", "admin", list, YEAR);
        assertThat(sync.status()).isEqualTo(200);
        assertThat(background).isEqualTo(outcomes(sync.body()));

        // In the trail: who submitted, the check itself (by the owner, with its purpose), who downloaded.
        assertThat(jdbc.sql("select action from audit_event where actor = 'admin' and (target = ? or action = 'population.bulk-verify') order by id")
                .param("bulk-job:" + id).query(String.class).list())
                .contains("population.bulk-job.submit", "population.bulk-verify", "population.bulk-job.download");
        assertThat(api.get("/api/v1/population/jobs", "admin").body()).contains("\"id\":" + id);
    }

    @Test
    void aJobIsItsOwnersAlone() throws Exception {
        var submitted = upload("/api/v1/population/admissions-lists/jobs", "admin", admissionsList(5, 2), YEAR);
        long id = Api.json(submitted.text()).get("id").asLong();
        waitUntilFinished(id, "admin", new ArrayList<>());
        assertThat(api.get("/api/v1/population/jobs/" + id, "kehoach.btl86").status()).isEqualTo(404);
        assertThat(download("/api/v1/population/jobs/" + id + "/result", "kehoach.btl86").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/population/jobs", "kehoach.btl86").body()).doesNotContain("\"id\":" + id + ",");
        mvc.perform(get("/office/population/jobs/" + id).with(Principals.as(jdbc, "kehoach.btl86")))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(404));
        mvc.perform(get("/office/population/jobs/" + id + "/result.xlsx").with(Principals.as(jdbc, "kehoach.btl86")))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(404));
        assertThat(download("/api/v1/population/jobs/" + id + "/result", "admin").status()).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedAtOnceWithTheFieldAndWritesNothing() throws Exception {
        long before = jdbc.sql("select count(*) from population_bulk_job").query(Long.class).single();
        var noFile = upload("/api/v1/population/admissions-lists/jobs", "admin", null, YEAR);
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.text()).contains("\"field\":\"file\"");
        var noYear = upload("/api/v1/population/admissions-lists/jobs", "admin", admissionsList(3, 3), "năm nay");
        assertThat(noYear.status()).isEqualTo(400);
        assertThat(noYear.text()).contains("\"field\":\"year\"");
        var farYear = upload("/api/v1/population/admissions-lists/jobs", "admin", admissionsList(3, 3), "1999");
        assertThat(farYear.status()).isEqualTo(400);
        assertThat(farYear.text()).contains("\"field\":\"year\"");
        var notXlsx = upload("/api/v1/population/border-lists/jobs", "admin", "Họ và tên;Ngày sinh".getBytes(StandardCharsets.UTF_8), null);
        assertThat(notXlsx.status()).isEqualTo(400);
        assertThat(notXlsx.text()).contains("\"field\":\"file\"", "Excel");
        assertThat(download("/api/v1/population/jobs/abc", "admin").status()).isEqualTo(404); // a path id that is not a number names nothing
        assertThat(download("/api/v1/population/jobs/999999999", "admin").status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from population_bulk_job").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aListWithoutItsColumnsFailsWithTheReason() throws Exception {
        byte[] xlsx;
        try (var wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            wb.createSheet().createRow(0).createCell(0).setCellValue("Tên");
            wb.write(out);
            xlsx = out.toByteArray();
        }
        long id = Api.json(upload("/api/v1/population/admissions-lists/jobs", "admin", xlsx, YEAR).text()).get("id").asLong();
        JsonNode done = waitUntilFinished(id, "admin", new ArrayList<>());
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("Thiếu cột: Số định danh, Họ và tên, Ngày sinh");
        assertThat(download("/api/v1/population/jobs/" + id + "/result", "admin").status()).isEqualTo(409);
    }

    @Test
    void aJobNoNodeRanIsTakenOverByTheSweep() throws Exception {
        var owner = Principals.of(jdbc, "admin");
        long id = jdbc.sql("""
                insert into population_bulk_job (owner_account_id, owner_official_id, owner_username, kind, admissions_year, file_name, status, input, created_at)
                values (?, ?, 'admin', 'ADMISSIONS', ?, 'mo-coi.xlsx', 'QUEUED', ?, now() - interval '5 minutes') returning id""")
                .params(owner.accountId(), owner.officialId(), Integer.parseInt(YEAR), admissionsList(20, 4)).query(Long.class).single();
        // A job left RUNNING by a node whose heartbeat stopped is taken over too.
        long stale = jdbc.sql("""
                insert into population_bulk_job (owner_account_id, owner_official_id, owner_username, kind, admissions_year, file_name, status, input,
                                                 node, heartbeat_at, started_at)
                values (?, ?, 'admin', 'ADMISSIONS', ?, 'nut-chet.xlsx', 'RUNNING', ?, 'dead-node', now() - interval '1 hour', now() - interval '1 hour') returning id""")
                .params(owner.accountId(), owner.officialId(), Integer.parseInt(YEAR), admissionsList(10, 5)).query(Long.class).single();
        runner.sweep();
        assertThat(waitUntilFinished(id, "admin", new ArrayList<>()).get("status").asString()).isEqualTo("DONE");
        assertThat(waitUntilFinished(stale, "admin", new ArrayList<>()).get("doneRows").asInt()).isEqualTo(10);
        assertThat(jdbc.sql("select input is null from population_bulk_job where id = ?").param(id).query(Boolean.class).single())
                .as("the uploaded list is not kept once checked").isTrue();
    }

    @Test
    void theScreensShowProgressThenTheDownload() throws Exception {
        var posted = mvc.perform(multipart("/office/population/admissions/jobs").file(new MockMultipartFile("file", "ds.xlsx", null, admissionsList(30, 6)))
                .param("year", YEAR).with(csrf()).with(Principals.as(jdbc, "admin"))).andReturn();
        assertThat(posted.getResponse().getStatus()).isEqualTo(302);
        String page = posted.getResponse().getRedirectedUrl();
        assertThat(page).matches("/office/population/jobs/\\d+");
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        String html = mvc.perform(get(page).with(Principals.as(jdbc, "admin"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("Lượt đối chiếu số " + id, "progressbar", "id=\"job-progress\"");
        waitUntilFinished(id, "admin", new ArrayList<>());
        String fragment = mvc.perform(get(page + "/progress").with(Principals.as(jdbc, "admin"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment).contains("Đã xong", "30 / 30 dòng", "/office/population/jobs/" + id + "/result.xlsx").doesNotContain("hx-trigger");
        var xlsx = mvc.perform(get(page + "/result.xlsx").with(Principals.as(jdbc, "admin"))).andReturn().getResponse();
        assertThat(xlsx.getStatus()).isEqualTo(200);
        assertThat(outcomes(xlsx.getContentAsByteArray())).hasSize(30);
        String list = mvc.perform(get("/office/population/jobs").with(Principals.as(jdbc, "admin"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains("id=\"job-" + id + "\"", "ds.xlsx");

        var bad = mvc.perform(multipart("/office/population/border/jobs").file(new MockMultipartFile("file", "x.xlsx", null, "hello".getBytes()))
                .with(csrf()).with(Principals.as(jdbc, "admin"))).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(bad.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Tệp không phải bảng tính Excel (.xlsx).");
    }
}
