package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * A field broken down by two category lists (phân tổ chéo: by rank × by unit type), on a hand-computed example: one unit
 * by the API (nested values), one on screen (the grid), rolled up per pair in the API, as a cross table on screen and in
 * the workbook, with the margins; the definition's and the values' refusals named.
 */
@ProgrammeTest
class DatasetCrossTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    DatasetFixture ds;

    static final String CATEGORIES = """
            [{"code":"rank","label":"Theo cấp bậc","options":["Sĩ quan","QNCN","Hạ sĩ quan - binh sĩ"]},
             {"code":"kind","label":"Theo loại đơn vị","options":["Lục quân","Phòng không"]}]""";

    static final String FIELDS = """
            [{"code":"staff","label":"Quân số","type":"INTEGER","required":true,"min":0,"aggregation":"SUM","category":"rank","category2":"kind"},
             {"code":"readiness","label":"Mức sẵn sàng","type":"PERCENT","aggregation":"AVERAGE","category":"rank","category2":"kind"},
             {"code":"computers","label":"Số máy tính","type":"INTEGER","min":0}]""";

    @BeforeEach
    void setUp() {
        ds = new DatasetFixture(new Api(port), jdbc);
        ds.api.token(DatasetFixture.COORDINATOR);
        ds.api.token("sd3.02");
        clock.set("2026-12-10T09:00:00+07:00");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Api.Response define(String categories, String fields) {
        return ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"Quân số theo cấp bậc và loại đơn vị","ownerUnitId":"%s","periodType":"MONTHLY","categories":%s,"fields":%s,
                 "rules":[{"expression":"computers <= staff","message":"Số máy tính không vượt quá quân số"}]}"""
                .formatted(DatasetFixture.uniqueCode("CROSS"), ds.unit("QK1"), categories, fields));
    }

    static List<String> fieldsOf(Api.Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.json().get("errors")) out.add(e.get("field").asString());
        return out;
    }

    MvcResult send(org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    @Test
    void aFieldByTwoListsIsEnteredAndRolledUpPerPairAndShownAsACrossTable() throws Exception {
        var created = define(CATEGORIES, FIELDS);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("fields").get(0).get("category2").asString()).isEqualTo("kind");
        assertThat(ds.api.post("/api/v1/datasets/" + id + "/publish", DatasetFixture.COORDINATOR, "").status()).isEqualTo(200);
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2", "TD12");
        long d = Long.parseLong(id);

        // SD3 by the API, nested: rank → unit type → number.
        var sd3 = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":10,"Phòng không":2},"QNCN":{"Lục quân":5,"Phòng không":1},
                          "Hạ sĩ quan - binh sĩ":{"Lục quân":20,"Phòng không":4}},
                 "readiness":{"Sĩ quan":{"Lục quân":80,"Phòng không":60}},"computers":30}""");
        assertThat(sd3.status()).as(sd3.body()).isEqualTo(200);
        // The same values as flat pairs, in another order: the same submission, no new revision.
        var same = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"computers":30,"readiness":{"Sĩ quan × Phòng không":60,"Sĩ quan × Lục quân":80},
                 "staff":{"Hạ sĩ quan - binh sĩ × Phòng không":4,"Hạ sĩ quan - binh sĩ × Lục quân":20,"QNCN × Phòng không":1,"QNCN × Lục quân":5,
                          "Sĩ quan × Phòng không":2,"Sĩ quan × Lục quân":10}}""");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().get("revision").asInt()).isEqualTo(1);

        // Refused, each by name: a pair left out of a required field, a pair not in the lists, a number out of bounds,
        // a second level too deep; the rule on the totals (computers 100 > staff 42). Nothing stored.
        var bad = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":10,"Hải quân":1},"QNCN":{"Lục quân":-1,"Phòng không":1},
                          "Hạ sĩ quan - binh sĩ":{"Lục quân":20,"Phòng không":4}},
                 "readiness":{"Sĩ quan":{"Lục quân":101}}}""");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(fieldsOf(bad)).contains("values.staff", "values.staff.Sĩ quan × Phòng không", "values.staff.QNCN × Lục quân",
                "values.readiness.Sĩ quan × Lục quân");
        var nan = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":1e5000}}}""");
        assertThat(nan.status()).isEqualTo(400);
        assertThat(fieldsOf(nan)).contains("values.staff.Sĩ quan × Lục quân");
        var deep = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":{"x":1}}}}""");
        assertThat(deep.status()).isEqualTo(400);
        var rule = ds.submit("sd3.02", id, "SD3", "2026-12", """
                {"staff":{"Sĩ quan":{"Lục quân":10,"Phòng không":2},"QNCN":{"Lục quân":5,"Phòng không":1},
                          "Hạ sĩ quan - binh sĩ":{"Lục quân":20,"Phòng không":4}},"computers":100}""");
        assertThat(rule.status()).isEqualTo(400);
        assertThat(rule.body()).contains("rules[0]", "Số máy tính không vượt quá quân số");
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", d)).isEqualTo(1);

        // TD2 on screen: a grid, the ranks as rows and the unit types as columns, one box per pair (j = row × 2 + column).
        String td2 = ds.unit("TD2");
        String form = "/office/datasets/" + id + "/form/" + td2 + "/2026-12";
        MvcResult page = send(get(form), "td2.02");
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("ts-cross-entry", "Theo cấp bậc \\ Theo loại đơn vị", "aria-label=\"Hạ sĩ quan - binh sĩ × Phòng không\"",
                "name=\"v.staff#5\"");
        MvcResult wrong = send(post(form).param("v.staff#0", "8").param("v.staff#1", "0").param("v.staff#2", "3").param("v.staff#3", "-2")
                .param("v.staff#4", "30").param("v.staff#5", "6"), "td2.02");
        assertThat(wrong.getResponse().getStatus()).isEqualTo(400);
        assertThat(wrong.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"err-staff-3\"");
        MvcResult ok = send(post(form).param("v.staff#0", "8").param("v.staff#1", "0").param("v.staff#2", "3").param("v.staff#3", "2")
                .param("v.staff#4", "30").param("v.staff#5", "6").param("v.readiness#0", "90").param("v.computers", "12"), "td2.02");
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(302);
        assertThat(send(get(form), "td2.02").getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("value=\"30\"", "value=\"90\"");

        // The roll-up, by hand: staff SQ×LQ 10+8, SQ×PK 2+0, QNCN×LQ 5+3, QNCN×PK 1+2, HSQ×LQ 20+30, HSQ×PK 4+6 = 91;
        // readiness SQ×LQ (80+90)/2 = 85, SQ×PK 60, and the field every value averaged: (80+60+90)/3.
        JsonNode r = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR).json();
        assertThat(r.get("received").asInt()).isEqualTo(2);
        JsonNode staff = r.get("categories").get("staff");
        assertThat(staff.get("Sĩ quan × Lục quân").decimalValue()).isEqualByComparingTo("18");
        assertThat(staff.get("Sĩ quan × Phòng không").decimalValue()).isEqualByComparingTo("2");
        assertThat(staff.get("QNCN × Lục quân").decimalValue()).isEqualByComparingTo("8");
        assertThat(staff.get("QNCN × Phòng không").decimalValue()).isEqualByComparingTo("3");
        assertThat(staff.get("Hạ sĩ quan - binh sĩ × Lục quân").decimalValue()).isEqualByComparingTo("50");
        assertThat(staff.get("Hạ sĩ quan - binh sĩ × Phòng không").decimalValue()).isEqualByComparingTo("10");
        assertThat(r.get("values").get("staff").decimalValue()).isEqualByComparingTo("91");
        assertThat(r.get("categories").get("readiness").get("Sĩ quan × Lục quân").decimalValue()).isEqualByComparingTo("85");
        assertThat(r.get("categories").get("readiness").get("QNCN × Lục quân").isNull()).isTrue();
        assertThat(r.get("values").get("readiness").decimalValue()).isEqualByComparingTo("76.666667");
        assertThat(r.get("values").get("computers").decimalValue()).isEqualByComparingTo("42");

        // On screen: the cross table with its margins (rows 20, 11, 60; columns 76, 15; 91).
        String rollup = send(get("/office/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1")), DatasetFixture.COORDINATOR)
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(rollup).contains("id=\"cross-staff\"", "Phân tổ chéo", "Theo cấp bậc \\ Theo loại đơn vị");
        String table = rollup.substring(rollup.indexOf("id=\"cross-staff\""), rollup.indexOf("</table>", rollup.indexOf("id=\"cross-staff\"")));
        assertThat(cells(table)).containsExactly("18", "2", "20", "8", "3", "11", "50", "10", "60", "76", "15", "91");
        String avg = rollup.substring(rollup.indexOf("id=\"cross-readiness\""), rollup.indexOf("</table>", rollup.indexOf("id=\"cross-readiness\"")));
        assertThat(cells(avg)).startsWith("85", "60", "—");
        assertThat(cells(avg).getLast()).isEqualTo("76,666667");

        // The workbook: sheet "Phân tổ chéo", the same table as numbers.
        var x = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ds.api.base() + "/api/v1/datasets/" + id
                        + "/rollup.xlsx?period=2026-12&unitId=" + ds.unit("QK1"))).header("Authorization", "Bearer " + ds.api.token(DatasetFixture.COORDINATOR))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(x.statusCode()).isEqualTo(200);
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(x.body()))) {
            Sheet s = wb.getSheet("Phân tổ chéo");
            assertThat(s).isNotNull();
            DataFormatter f = new DataFormatter();
            assertThat(f.formatCellValue(s.getRow(0).getCell(0))).isEqualTo("Quân số — Tổng [staff]");
            assertThat(f.formatCellValue(s.getRow(1).getCell(0))).isEqualTo("Theo cấp bậc \\ Theo loại đơn vị");
            assertThat(List.of(f.formatCellValue(s.getRow(1).getCell(1)), f.formatCellValue(s.getRow(1).getCell(2)), f.formatCellValue(s.getRow(1).getCell(3))))
                    .containsExactly("Lục quân", "Phòng không", "Cộng");
            assertThat(numbers(s.getRow(2))).containsExactly(18.0, 2.0, 20.0);
            assertThat(numbers(s.getRow(3))).containsExactly(8.0, 3.0, 11.0);
            assertThat(numbers(s.getRow(4))).containsExactly(50.0, 10.0, 60.0);
            assertThat(f.formatCellValue(s.getRow(5).getCell(0))).isEqualTo("Cộng");
            assertThat(numbers(s.getRow(5))).containsExactly(76.0, 15.0, 91.0);
            // The template and the units' sheet: a column per pair, found again by the upload.
            Sheet units = wb.getSheet("Số liệu đơn vị");
            List<String> heads = new ArrayList<>();
            units.getRow(0).forEach(c -> heads.add(c.getStringCellValue()));
            assertThat(heads).contains("Quân số — Sĩ quan × Lục quân\n[staff#1]", "Quân số — Hạ sĩ quan - binh sĩ × Phòng không\n[staff#6]");
        }
    }

    static List<String> cells(String table) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(table);
        while (m.find()) out.add(m.group(1).replace("&nbsp;", " ").strip());
        return out;
    }

    static List<Double> numbers(Row row) {
        List<Double> out = new ArrayList<>();
        for (var c : row) if (c.getCellType() == CellType.NUMERIC) out.add(c.getNumericCellValue());
        return out;
    }

    @Test
    void aDefinitionByTwoListsIsCheckedFieldByField() {
        // A second list alone, the same list twice, an unknown list, on a text field.
        var r = define(CATEGORIES, """
                [{"code":"a","label":"A","type":"INTEGER","category2":"kind"},
                 {"code":"b","label":"B","type":"INTEGER","category":"rank","category2":"rank"},
                 {"code":"c","label":"C","type":"INTEGER","category":"rank","category2":"khong_co"},
                 {"code":"d","label":"D","type":"TEXT","category":"rank","category2":"kind"}]""");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(fieldsOf(r)).contains("fields[0].category2", "fields[1].category2", "fields[2].category2", "fields[3].category");
        assertThat(r.body()).contains("Hai danh mục phân tổ của một chỉ tiêu phải khác nhau.");
        // Too many pairs (15 × 14 = 210 > 200), and an option holding the pair's sign.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 15; i++) many.append(i == 0 ? "" : ",").append("\"Loại ").append(i).append('"');
        StringBuilder fourteen = new StringBuilder();
        for (int i = 0; i < 14; i++) fourteen.append(i == 0 ? "" : ",").append("\"Nhóm ").append(i).append('"');
        var big = define("[{\"code\":\"x\",\"label\":\"X\",\"options\":[" + many + "]},{\"code\":\"y\",\"label\":\"Y\",\"options\":[" + fourteen + "]},"
                + "{\"code\":\"z\",\"label\":\"Z\",\"options\":[\"2 × 3\",\"khác\"]}]", """
                [{"code":"a","label":"A","type":"INTEGER","category":"x","category2":"y"},
                 {"code":"b","label":"B","type":"INTEGER","category":"z","category2":"y"}]""");
        assertThat(big.status()).as(big.body()).isEqualTo(400);
        assertThat(fieldsOf(big).stream().filter(f -> f.startsWith("fields"))).containsExactlyInAnyOrder("fields[0].category2", "fields[1].category2");
        assertThat(big.body()).contains("200", "×");
    }
}
