package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * The statistics and the Decision 766 index on a hand-checked example: four vessel-exit dossiers (BQP-BP-03, 2 working
 * hours, no fee) at Đồn Biên phòng cửa khẩu cảng Hòn Gai on Monday 03/03/2031, a month no other test touches.
 */
@PublicServiceTest
class IndexExampleTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired Dossiers dossiers;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static CitizenIdentity citizen(String idNumber) {
        return new CitizenIdentity(idNumber, "Công Dân Thử", LocalDate.of(1980, 1, 1), Gender.MALE, "Quảng Ninh", "0911222333", null, 2);
    }

    /**
     * A and B are entered at the desk (no files); C and D filed online with their two files each. All four are received at
     * 09:00, so due at 11:00. A is returned 10:30 (on time), B 14:00 (late), C 10:45 (on time); D stays at step 1. A is rated
     * 3, C 5. At 15:00 the figures for March 2031 are: received 4, returned 3 (2 on time, 1 late), in progress 1, overdue 1
     * (D, past 11:00), filed online 2.
     *
     * <p>The index, by hand (weights 18/20/22/12+10/18):
     * <ul>
     *   <li>publicity: 18 × (½ × 1 published / 1 procedure + ½ × 3 results / 3 returned) = 18;</li>
     *   <li>progress: 20 × 2 / 3 = 13.33;</li>
     *   <li>digitisation: 22 × (½ × 2 with files / 4 received + ½ × 2 online / 4 submitted) = 11;</li>
     *   <li>online: 12 × 2 / 4 + 10 × 2 free / 2 online = 6 + 10 = 16;</li>
     *   <li>satisfaction: 18 × (8 / 2) / 5 = 14.4;</li>
     * </ul>
     * total 18 + 13.33 + 11 + 16 + 14.4 = 72.73.
     */
    @Test
    void the_index_of_a_hand_checked_month() throws Exception {
        Api api = new Api(port);
        OneStop o = new OneStop(api, jdbc, clock);
        String unit = api.get("/api/v1/procedures/BQP-BP-03", OneStop.DESK_BDBP).json().get("implementingUnitId").asString();
        String idA = OneStop.id();
        String idB = OneStop.id();
        clock.set("2031-03-03T09:00:00+07:00");
        String a = o.file(OneStop.DESK_BDBP, OneStop.vessel(idA).replace("BQP-BP-02", "BQP-BP-03"));
        String b = o.file(OneStop.DESK_BDBP, OneStop.vessel(idB).replace("BQP-BP-02", "BQP-BP-03"));
        Map<String, Object> form = Map.of("vesselName", "HON GAI 01", "imo", "9345678", "flag", "VNM", "master", "TRAN VAN BA", "crew", "9",
                "passengers", "0", "port", "Hòn Gai", "eta", "03/03/2031");
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        List<Dossiers.Upload> files = List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf));
        var citizenC = citizen(OneStop.id());
        String c = dossiers.fileOnline(citizenC, "BQP-BP-03", form, null, null, files).code();
        String d = dossiers.fileOnline(citizen(OneStop.id()), "BQP-BP-03", form, null, null, files).code();
        for (String code : List.of(a, b, c, d)) o.ok(OneStop.DESK_BDBP, code, "receive", "{}");
        clock.set("2031-03-03T10:00:00+07:00");
        for (String code : List.of(a, b, c)) {
            o.ok(OneStop.DESK_BDBP, code, "advance", "{}");
            o.ok(OneStop.PROC_BDBP, code, "advance", "{}");
        }
        clock.set("2031-03-03T10:30:00+07:00");
        assertThat(o.ok(OneStop.DESK_BDBP, a, "return-result", "{}").json().get("onTime").asBoolean()).isTrue();
        clock.set("2031-03-03T10:45:00+07:00");
        assertThat(o.ok(OneStop.DESK_BDBP, c, "return-result", "{}").json().get("onTime").asBoolean()).isTrue();
        clock.set("2031-03-03T14:00:00+07:00");
        assertThat(o.ok(OneStop.DESK_BDBP, b, "return-result", "{}").json().get("onTime").asBoolean()).isFalse();
        dossiers.rate(citizen(idA), a, 3, null);
        dossiers.rate(citizenC, c, 5, "Nhanh");
        clock.set("2031-03-03T15:00:00+07:00");

        String q = "?from=2031-03-01&to=2031-03-31&unitId=" + unit;
        var s = api.get("/api/v1/publicservice/statistics" + q, OneStop.DESK_BDBP).json();
        assertThat(s.get("received").asLong()).isEqualTo(4);
        assertThat(s.get("returned").asLong()).isEqualTo(3);
        assertThat(s.get("returnedOnTime").asLong()).isEqualTo(2);
        assertThat(s.get("returnedLate").asLong()).isEqualTo(1);
        assertThat(s.get("inProgress").asLong()).isEqualTo(1);
        assertThat(s.get("overdue").asLong()).isEqualTo(1);
        assertThat(s.get("filedOnline").asLong()).isEqualTo(2);

        var index = api.get("/api/v1/publicservice/index" + q, OneStop.DESK_BDBP).json();
        assertThat(index.get("total").asDouble()).isEqualTo(72.73);
        double[] expected = {18, 13.33, 11, 16, 14.4};
        double[] max = {18, 20, 22, 22, 18};
        String[] codes = {"CONG_KHAI", "TIEN_DO", "SO_HOA", "TRUC_TUYEN", "HAI_LONG"};
        for (int i = 0; i < 5; i++) {
            var g = index.get("groups").get(i);
            assertThat(g.get("code").asString()).isEqualTo(codes[i]);
            assertThat(g.get("points").asDouble()).as(codes[i]).isEqualTo(expected[i]);
            assertThat(g.get("max").asDouble()).isEqualTo(max[i]);
        }

        // The tracking book (Mẫu 06) lists the four dossiers, and the figures agree.
        var x = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/publicservice/statistics.xlsx" + q))
                .header("Authorization", "Bearer " + api.token(OneStop.DESK_BDBP)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(x.statusCode()).isEqualTo(200);
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(x.body()))) {
            var book = wb.getSheetAt(0);
            assertThat(book.getLastRowNum()).isEqualTo(4);
            assertThat(book.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Mã hồ sơ");
            var sum = wb.getSheet("Tổng hợp").getRow(1);
            assertThat(sum.getCell(1).getNumericCellValue()).isEqualTo(4);
            assertThat(sum.getCell(3).getNumericCellValue()).isEqualTo(2);
        }

        // Bad input and scope.
        OneStop.badField(api.get("/api/v1/publicservice/statistics?from=2031-03-31&to=2031-03-01", OneStop.DESK_BDBP), "to");
        OneStop.badField(api.get("/api/v1/publicservice/statistics?from=31/03/2031", OneStop.DESK_BDBP), "from");
        OneStop.badField(api.get("/api/v1/publicservice/index?unitId=abc", OneStop.DESK_BDBP), "unitId");
        OneStop.badField(api.get("/api/v1/publicservice/index?unitId=999999999", OneStop.DESK_BDBP), "unitId");
        assertThat(api.get("/api/v1/publicservice/statistics" + q, OneStop.DESK_CNT).status()).isEqualTo(403);
    }
}
