package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.Api;

/** Builds data sets through the API, as the demo accounts would. */
final class DatasetFixture {

    /** DATA_COORDINATOR on Bộ Quốc phòng (SUBTREE), cleared Thường. */
    static final String COORDINATOR = "dieuphoi.btl86";

    final Api api;
    final JdbcClient jdbc;

    DatasetFixture(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    static String uniqueCode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The cipher-equipment survey of the tests: eight fields of every kind, one rule. */
    static final String FIELDS = """
            [{"code":"kind","label":"Loại thiết bị","type":"CHOICE","options":["Máy mã","Điện thoại bảo mật"]},
             {"code":"needed","label":"Nhu cầu","type":"INTEGER","required":true,"min":0,"aggregation":"SUM"},
             {"code":"deployed","label":"Đã triển khai","type":"INTEGER","required":true,"min":0,"aggregation":"SUM"},
             {"code":"priority","label":"Mức ưu tiên","type":"INTEGER","min":1,"max":3,"aggregation":"MIN"},
             {"code":"readiness","label":"Mức sẵn sàng","type":"PERCENT","aggregation":"AVERAGE"},
             {"code":"pilot","label":"Đơn vị điểm","type":"YES_NO","aggregation":"COUNT_YES"},
             {"code":"note","label":"Ghi chú","type":"TEXT"},
             {"code":"surveyed","label":"Ngày rà soát","type":"DATE","aggregation":"MAX"},
             {"code":"channels","label":"Kênh","type":"MULTI_CHOICE","options":["Thoại","Dữ liệu","Fax"]}]""";

    static final String RULES = """
            [{"expression":"deployed <= needed","message":"Số đã triển khai không được vượt quá nhu cầu"}]""";

    /** A return broken down by rank (phân tổ theo cấp bậc): staff and trained per rank, readiness per rank (average). */
    static final String RANKS = """
            [{"code":"rank","label":"Theo cấp bậc","options":["Sĩ quan","QNCN","Hạ sĩ quan - binh sĩ"]}]""";

    static final String RANK_FIELDS = """
            [{"code":"staff","label":"Quân số","type":"INTEGER","required":true,"min":0,"aggregation":"SUM","category":"rank"},
             {"code":"trained","label":"Đã tập huấn","type":"INTEGER","min":0,"aggregation":"SUM","category":"rank"},
             {"code":"readiness","label":"Mức sẵn sàng","type":"PERCENT","aggregation":"AVERAGE","category":"rank"},
             {"code":"computers","label":"Số máy tính","type":"INTEGER","min":0}]""";

    /** The rank return, published, owned by {@code ownerCode}. */
    String byRank(String user, String ownerCode, String periodType) {
        var r = api.post("/api/v1/datasets", user, """
                {"code":"%s","title":"Quân số được tập huấn chuyển đổi số theo cấp bậc","ownerUnitId":"%s","periodType":"%s",
                 "categories":%s,"fields":%s,"rules":[{"expression":"trained <= staff","message":"Số đã tập huấn không vượt quá quân số"}]}"""
                .formatted(uniqueCode("RANK"), unit(ownerCode), periodType, RANKS, RANK_FIELDS));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        var p = api.post("/api/v1/datasets/" + id + "/publish", user, "");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        return id;
    }

    String create(String user, String ownerCode, String periodType, String secrecy) {
        var r = api.post("/api/v1/datasets", user, """
                {"code":"%s","title":"Rà soát nhu cầu thiết bị bảo mật cơ yếu","ownerUnitId":"%s","periodType":"%s","secrecy":"%s",
                 "fields":%s,"rules":%s}""".formatted(uniqueCode("CY"), unit(ownerCode), periodType, secrecy, FIELDS, RULES));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("DRAFT");
        return r.json().get("id").asString();
    }

    String published(String user, String ownerCode, String periodType, String secrecy) {
        String id = create(user, ownerCode, periodType, secrecy);
        var r = api.post("/api/v1/datasets/" + id + "/publish", user, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("PUBLISHED");
        return id;
    }

    void assign(String user, String id, String period, String deadline, String... unitCodes) {
        StringBuilder ids = new StringBuilder();
        for (String c : unitCodes) ids.append(ids.isEmpty() ? "" : ",").append('"').append(unit(c)).append('"');
        var r = api.post("/api/v1/datasets/" + id + "/assignments", user, """
                {"unitIds":[%s],"period":"%s","deadline":"%s"}""".formatted(ids, period, deadline));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("assigned").asInt()).isEqualTo(unitCodes.length);
    }

    Api.Response submit(String user, String id, String unitCode, String period, String values) {
        return api.put("/api/v1/datasets/" + id + "/submissions/" + unit(unitCode) + "/" + period, user, "{\"values\":" + values + "}");
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) spec = spec.param(p);
        return spec.query(Long.class).single();
    }
}
