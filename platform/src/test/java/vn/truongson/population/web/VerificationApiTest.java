package vn.truongson.population.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.truongson.support.Api;
import vn.truongson.support.SandboxRegistry;
import vn.truongson.support.TestDatabase;

/**
 * POST /api/v1/population/verify against the real sandbox registry, a separate process; then the sandbox
 * is stopped, and the answer must be "unavailable", not "not matched".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"truongson.demo.enabled=true", "truongson.data-dir=target/test-data",
            "truongson.population.read-timeout=1s", "truongson.population.retry-backoff=50ms"})
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.springframework.test.annotation.DirtiesContext // its context is its own: closed after it, not left running to the JVM's end
class VerificationApiTest {

    static SandboxRegistry sandbox;

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry r) {
        r.add("truongson.population.registry-url", () -> {
            if (sandbox == null) sandbox = SandboxRegistry.start();
            return sandbox.url();
        });
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) sandbox.stop();
    }

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    Api.Response verify(String idNumber, String fullName, String dateOfBirth, String purpose) {
        String body = "{\"idNumber\":\"" + idNumber + "\",\"fullName\":\"" + fullName + "\",\"dateOfBirth\":\"" + dateOfBirth + "\""
                + (purpose == null ? "" : ",\"purpose\":\"" + purpose + "\"") + "}";
        return api.post("/api/v1/population/verify", "admin", body);
    }

    @Test
    @Order(1)
    void aCitizenMatchesWithNamesComparedAfterNfcAndCaseIgnored() {
        double calls = vn.truongson.support.Prometheus.value(port, "truongson_registry_calls_total{outcome=\"success\"}");
        var r = verify("001090001234", Normalizer.normalize("NGUYỄN văn AN", Normalizer.Form.NFD), "14/05/1990", "ADMISSIONS");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("matched").asBoolean()).isTrue();
        assertThat(r.json().get("mismatches").size()).isZero();
        assertThat(verify("001090001234", "Nguyễn Văn An", "1990-05-14", "BORDER").json().get("matched").asBoolean()).isTrue();
        assertThat(vn.truongson.support.Prometheus.value(port, "truongson_registry_calls_total{outcome=\"success\"}")).isEqualTo(calls + 2);
    }

    @Test
    @Order(2)
    void mismatchesNameTheFields() {
        var dob = verify("001090001234", "Nguyễn Văn An", "1990-05-15", "PUBLIC_SERVICE").json();
        assertThat(dob.get("matched").asBoolean()).isFalse();
        assertThat(dob.get("mismatches").toString()).isEqualTo("[\"dateOfBirth\"]");
        var both = verify("001090001234", "Nguyễn Văn Ân", "1991-05-14", "PUBLIC_SERVICE").json();
        assertThat(both.get("mismatches").toString()).isEqualTo("[\"fullName\",\"dateOfBirth\"]");
        // Well-formed, but never issued.
        var unknown = verify("001090999999", "Nguyễn Văn An", "1990-05-14", "PUBLIC_SERVICE").json();
        assertThat(unknown.get("mismatches").toString()).isEqualTo("[\"idNumber\"]");
    }

    @Test
    @Order(3)
    void aDeceasedCitizenNeverMatches() {
        var r = verify("079155000777", "Trần Thị Bích", "1955-03-02", "BORDER").json();
        assertThat(r.get("matched").asBoolean()).isFalse();
        assertThat(r.get("mismatches").toString()).isEqualTo("[\"status\"]");
    }

    @Test
    @Order(4)
    void aChangedNameMatchesOnlyUnderTheCurrentName() {
        assertThat(verify("048203000999", "Lê Hoàng Nam", "2003-11-20", "ADMISSIONS").json().get("matched").asBoolean()).isTrue();
        var old = verify("048203000999", "Lê Văn Tèo", "2003-11-20", "ADMISSIONS").json();
        assertThat(old.get("matched").asBoolean()).isFalse();
        assertThat(old.get("mismatches").toString()).isEqualTo("[\"fullName\"]");
    }

    @Test
    @Order(5)
    void everyLookupStatesAPurposeAndBadInputIsReportedWithoutAskingTheRegistry() {
        var none = verify("001090001234", "Nguyễn Văn An", "1990-05-14", null);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("\"field\":\"purpose\"", "mục đích");
        assertThat(verify("001090001234", "Nguyễn Văn An", "1990-05-14", "CURIOSITY").body()).contains("\"field\":\"purpose\"");
        var bad = verify("0039x1234567", "", "31/02/1990", "ADMISSIONS");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"idNumber\"", "\"field\":\"fullName\"", "\"field\":\"dateOfBirth\"", "Mã tỉnh \\\"003\\\"");
    }

    @Test
    @Order(6)
    void lookupsAreAuditedWithThePurposeAndTheNumberMasked() {
        var rows = jdbc.sql("select actor, target, outcome, detail from audit_event where action = 'population.verify' order by id")
                .query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)).list();
        assertThat(rows).anySatisfy(r -> assertThat(r).isEqualTo("admin|citizen:001******234|SUCCESS|purpose=ADMISSIONS; matched=true"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("citizen:079******777", "purpose=BORDER", "mismatches=status"));
        assertThat(String.join("\n", rows)).doesNotContain("001090001234", "Nguyễn", "1990");
        // The 400s above asked nobody, so they left no lookup behind.
        assertThat(rows).noneMatch(r -> r.contains("CURIOSITY") || r.contains("003"));
    }

    static byte[] workbook(String[]... rows) throws Exception {
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            var sheet = wb.createSheet("Thí sinh");
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) row.createCell(c).setCellValue(rows[r][c]);
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    record Upload(int status, byte[] bytes, java.util.Map<String, java.util.List<String>> headers) {
        String body() { return new String(bytes, java.nio.charset.StandardCharsets.UTF_8); }
    }

    Upload upload(byte[] xlsx, String year) throws Exception {
        return upload("/api/v1/population/admissions-lists", xlsx, year);
    }

    Upload upload(String path, byte[] xlsx, String year) throws Exception {
        String boundary = "----ts" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n" + year + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ds.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body.writeBytes(head);
        body.writeBytes(xlsx);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + api.token("admin"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return new Upload(res.statusCode(), res.body(), res.headers().map());
    }

    /** Row r's result and note in the returned workbook. */
    static java.util.List<String> results(Upload r) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(r.bytes()))) {
            var sheet = wb.getSheetAt(0);
            int col = sheet.getRow(0).getLastCellNum() - 2;
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                var row = sheet.getRow(i);
                if (row == null || row.getCell(col) == null) { out.add(""); continue; }
                out.add(row.getCell(col).getStringCellValue() + " | " + row.getCell(col + 1).getStringCellValue()
                        + " | " + row.getCell(col).getCellStyle().getFillForegroundColor());
            }
        }
        return out;
    }

    static final String[] HEADER = {"STT", "Họ và tên", "Ngày sinh", "Số định danh"};

    @Test
    @Order(7)
    void anAdmissionsListComesBackColourCoded() throws Exception {
        byte[] xlsx = workbook(HEADER,
                new String[] {"1", "Phạm Thị Thu Hà", "02/09/2007", "036307004321"},
                new String[] {"2", Normalizer.normalize("PHẠM THỊ THU HÀ", Normalizer.Form.NFD), "02/09/2007", "036307004321"},
                new String[] {"3", "Phạm Thị Thu Hà", "03/09/2007", "036307004322"},
                new String[] {"4", "Nguyễn Văn An", "14/05/1990", "001090001234"},
                new String[] {"", "", "", ""},
                new String[] {"6", "Trần Văn Bình", "01/01/2007", "0039x1234567"},
                new String[] {"7", "Trần Văn Bình", "01/01/2008", "001207999999"},
                new String[] {"8", "Trần Văn Bình", "01/01/2007", "001207999999"});
        var r = upload(xlsx, "2026");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().get("x-verification-summary").getFirst()).contains("OK=1", "DUPLICATE=1", "INELIGIBLE=1");
        var rows = results(r);
        assertThat(rows.get(0)).startsWith("Khớp | ");
        assertThat(rows.get(1)).startsWith("Trùng | trùng số định danh với dòng 2; Họ tên gõ dạng NFD");
        assertThat(rows.get(2)).startsWith("Không khớp | không khớp: số định danh");
        assertThat(rows.get(3)).startsWith("Không đủ điều kiện tuổi | tuổi 36");
        assertThat(rows.get(4)).isEmpty();
        assertThat(rows.get(5)).startsWith("Dữ liệu không hợp lệ | Chỉ được chứa chữ số"); // the reason in Vietnamese (issue 13), not NOT_DIGITS
        assertThat(rows.get(6)).startsWith("Dữ liệu không hợp lệ | năm sinh theo số định danh (2007) khác ngày sinh");
        assertThat(rows.get(7)).startsWith("Không khớp | không khớp: số định danh");
        assertThat(rows.get(0)).isNotEqualTo(rows.get(2).replace("Không khớp", "Khớp"));

        var badHeaders = upload(workbook(new String[] {"Tên", "Sinh nhật"}, new String[] {"A", "1/1/2007"}), "2026");
        assertThat(badHeaders.status()).isEqualTo(400);
        assertThat(badHeaders.body()).contains("Thiếu cột: Số định danh, Họ và tên, Ngày sinh");
        assertThat(upload("not a workbook".getBytes(), "2026").status()).isEqualTo(400);
    }

    @Test
    @Order(8)
    void aBorderListComparesVietnameseNationalsInCapitalsWithoutDiacritics() throws Exception {
        byte[] xlsx = workbook(new String[] {"STT", "Họ và tên", "Giới tính", "Ngày sinh", "Quốc tịch", "Số giấy tờ", "Chức danh"},
                new String[] {"1", "NGUYEN VAN AN", "M", "14/05/1990", "VNM", "001090001234", "Thuyền trưởng"},
                new String[] {"2", "LE VAN TEO", "M", "20/11/2003", "Việt Nam", "048203000999", "Thủy thủ"},
                new String[] {"3", "TRAN THI BICH", "F", "02/03/1955", "VNM", "079155000777", "Hành khách"},
                new String[] {"4", "Phạm Thị Thu Hà", "F", "02/09/2007", "VNM", "036307004321", "Hành khách"},
                new String[] {"5", "JOHN SMITH", "M", "01/01/1980", "GBR", "P1234567", "Hành khách"},
                new String[] {"6", "NGUYEN VAN AN", "M", "14/05/1990", "VNM", "001090001234", "Hành khách"},
                new String[] {"7", "PHAM THI THU HA", "F", "02/09/2007", "VNM", "036307004321", "Thuyền trưởng"},
                new String[] {"8", "PHAM THI THU HA", "M", "02/09/2007", "VNM", "036307004321", "Hành khách"});
        var r = upload("/api/v1/population/border-lists", xlsx, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var rows = results(r);
        assertThat(rows.get(0)).startsWith("Khớp | ");
        assertThat(rows.get(1)).startsWith("Không khớp | không khớp: họ tên");
        assertThat(rows.get(2)).startsWith("Không khớp | không khớp: tình trạng công dân");
        assertThat(rows.get(3)).startsWith("Dữ liệu không hợp lệ | họ tên phải viết hoa không dấu");
        assertThat(rows.get(4)).startsWith("Không đối chiếu (người nước ngoài)");
        assertThat(rows.get(5)).startsWith("Trùng | trùng số giấy tờ với dòng 2");
        assertThat(rows.get(6)).startsWith("Dữ liệu không hợp lệ | thuyền trưởng phải ở dòng đầu");
        assertThat(rows.get(7)).startsWith("Không khớp | không khớp: giới tính");
        var bad = upload("/api/v1/population/border-lists", workbook(new String[] {"Họ và tên", "Ngày sinh"}), "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Thiếu cột: Giới tính, Quốc tịch, Số giấy tờ");
    }

    /** A real browser: sign in, open the admissions screen, upload a list, get the checked workbook; screenshots for a human. */
    @Test
    @Order(9)
    void anOfficerUploadsAListInTheBrowserAndDownloadsTheResult() throws Exception {
        java.nio.file.Path chromium = java.nio.file.Path.of("/usr/bin/chromium");
        vn.truongson.support.RealParts.require("chromium", chromium);
        java.nio.file.Path shots = java.nio.file.Path.of("target/screenshots");
        java.nio.file.Path downloads = java.nio.file.Files.createTempDirectory("truongson-downloads");
        java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("truongson-chromium");
        java.nio.file.Files.createDirectories(shots);
        var options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        var service = new org.openqa.selenium.chrome.ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        var driver = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(20));
            driver.get(api.base() + "/login");
            driver.findElement(org.openqa.selenium.By.id("username")).sendKeys("dieuphoi.btl86");
            driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(Api.DEMO_PASSWORD);
            driver.findElement(org.openqa.selenium.By.id("signin-submit")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("/office"));
            driver.findElement(org.openqa.selenium.By.linkText("Đối chiếu dân cư")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("/office/population/admissions"));
            shoot(driver, shots.resolve("population-admissions.png"));
            java.nio.file.Path list = downloads.resolveSibling("ds-thi-sinh-" + System.nanoTime() + ".xlsx");
            java.nio.file.Files.write(list, workbook(HEADER, new String[] {"1", "Phạm Thị Thu Hà", "02/09/2007", "036307004321"},
                    new String[] {"2", "Nguyễn Văn An", "14/05/1990", "001090001234"}));
            driver.findElement(org.openqa.selenium.By.id("file")).sendKeys(list.toString());
            driver.findElement(org.openqa.selenium.By.cssSelector("#admissions-form button[type=submit]")).click();
            java.nio.file.Path result = downloads.resolve("ket-qua-doi-chieu-" + java.time.Year.now() + ".xlsx");
            wait.until(d -> java.nio.file.Files.exists(result));
            var rows = results(new Upload(200, java.nio.file.Files.readAllBytes(result), java.util.Map.of()));
            assertThat(rows.get(0)).startsWith("Khớp");
            assertThat(rows.get(1)).startsWith("Không đủ điều kiện tuổi");
            driver.get(api.base() + "/office/population/border");
            shoot(driver, shots.resolve("population-border.png"));
        } finally {
            driver.quit();
        }
    }

    static void shoot(org.openqa.selenium.WebDriver driver, java.nio.file.Path file) throws java.io.IOException {
        java.nio.file.Files.write(file, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Test
    @Order(10)
    void whenTheRegistryStopsTheAnswerIsUnavailableNeverNotMatched() throws Exception {
        sandbox.stop();
        assertThat(sandbox.running()).isFalse();
        String before = vn.truongson.support.Prometheus.scrape(port);
        var r = verify("001090001234", "Nguyễn Văn An", "1990-05-14", "ADMISSIONS");
        assertThat(r.status()).isEqualTo(503);
        // One call as the breaker saw it (its retries inside), failed — or refused at once if the breaker had opened.
        String after = vn.truongson.support.Prometheus.scrape(port);
        assertThat(unsuccessful(after)).isEqualTo(unsuccessful(before) + 1);
        assertThat(vn.truongson.support.Prometheus.value(after, "truongson_registry_calls_total{outcome=\"success\"}"))
                .isEqualTo(vn.truongson.support.Prometheus.value(before, "truongson_registry_calls_total{outcome=\"success\"}"));
        assertThat(r.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        assertThat(r.body()).contains("population-registry-unavailable", "không có nghĩa là thông tin không khớp").doesNotContain("matched");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'population.verify' and outcome = 'FAILURE' and detail like 'purpose=ADMISSIONS; registry unavailable%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
        var list = results(upload(workbook(HEADER, new String[] {"1", "Phạm Thị Thu Hà", "02/09/2007", "036307004321"}), "2026"));
        assertThat(list.getFirst()).startsWith("Chưa đối chiếu được | ");
    }

    static double unsuccessful(String exposition) {
        return vn.truongson.support.Prometheus.value(exposition, "truongson_registry_calls_total{outcome=\"failure\"}")
                + vn.truongson.support.Prometheus.value(exposition, "truongson_registry_calls_total{outcome=\"rejected\"}");
    }
}
