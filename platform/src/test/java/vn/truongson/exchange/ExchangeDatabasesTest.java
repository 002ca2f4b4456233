package vn.truongson.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
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
 * The catalogue's databases (issue 14 item 1): a system's databases, their data sets and classified fields, registered
 * and edited by the system's owner through the API and the screens, read within the reader's level (a Mật database is
 * missing, byte for byte, for whoever may not see it), searchable without diacritics and in the Excel export.
 */
@PlatformTest
class ExchangeDatabasesTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    /** A Thường system of BTL86, registered by hethong.btl86. */
    String system() {
        String code = "CSDL-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Api.Response r = api.post("/api/v1/exchange/systems", "hethong.btl86", """
                {"code":"%s","name":"Hệ thống hồ sơ cán bộ (thử)","ownerUnitId":"%s","purpose":"Quản lý hồ sơ",
                 "securityLevel":3,"secrecy":"THUONG","zones":["military-network"]}""".formatted(code, unit("BTL86")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return code;
    }

    long count(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query(Long.class).single();
    }

    @Test
    void an_owner_registers_and_edits_databases_data_sets_and_classified_fields_and_others_read_them() {
        String sys = system();
        String base = "/api/v1/exchange/systems/" + sys + "/databases";
        Api.Response db = api.post(base, "hethong.btl86", """
                {"code":"ho-so","name":"Cơ sở dữ liệu hồ sơ quân nhân","description":"Hồ sơ gốc của quân nhân","secrecy":"THUONG"}""");
        assertThat(db.status()).as(db.body()).isEqualTo(201);
        assertThat(db.json().get("secrecy").asString()).isEqualTo("THUONG");
        Api.Response ds = api.post(base + "/ho-so/datasets", "hethong.btl86", """
                {"code":"quan-nhan","name":"Danh sách quân nhân","description":"Mỗi quân nhân một dòng","fields":[
                 {"name":"id","classification":"PUBLIC"},{"name":"hoTen","classification":"PERSONAL"},{"name":"donVi","classification":"INTERNAL"}]}""");
        assertThat(ds.status()).as(ds.body()).isEqualTo(201);

        // Anyone signed in reads it (within his level).
        Api.Response list = api.get(base, "hethong.qk1");
        assertThat(list.status()).isEqualTo(200);
        JsonNode set = list.json().get(0).get("datasets").get(0);
        assertThat(set.get("code").asString()).isEqualTo("quan-nhan");
        assertThat(set.get("fields").toString()).contains("\"name\":\"hoTen\",\"classification\":\"PERSONAL\"");

        // Edits: the field list replaces the old one; name and description of the database.
        Api.Response edit = api.put(base + "/ho-so/datasets/quan-nhan", "hethong.btl86", """
                {"name":"Danh sách quân nhân (sửa)","fields":[{"name":"id","classification":"PUBLIC"},{"name":"capBac","classification":"INTERNAL"}]}""");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        Api.Response one = api.get(base + "/ho-so", "hethong.qk1");
        assertThat(one.json().at("/datasets/0/name").asString()).isEqualTo("Danh sách quân nhân (sửa)");
        assertThat(one.json().at("/datasets/0/fields").toString()).contains("capBac").doesNotContain("hoTen");
        assertThat(api.put(base + "/ho-so", "hethong.btl86", "{\"name\":\"CSDL hồ sơ (đổi tên)\"}").status()).isEqualTo(200);
        assertThat(api.get(base + "/ho-so", "hethong.qk1").json().get("name").asString()).isEqualTo("CSDL hồ sơ (đổi tên)");

        // Audited, each change once.
        for (String[] a : new String[][] {{"exchange.database.register", "exchange-database:" + sys + "/ho-so"},
                {"exchange.database.update", "exchange-database:" + sys + "/ho-so"},
                {"exchange.dataset.register", "exchange-dataset:" + sys + "/ho-so/quan-nhan"},
                {"exchange.dataset.update", "exchange-dataset:" + sys + "/ho-so/quan-nhan"}}) {
            assertThat(count("select count(*) from audit_event where action = ? and target = ? and outcome = 'SUCCESS'", a[0], a[1])).as(a[0]).isEqualTo(1);
        }

        // Privilege: another unit's owner sees it but may not change it (403); nothing written.
        assertThat(api.post(base, "hethong.qk1", "{\"code\":\"khac\",\"name\":\"Khác\"}").status()).isEqualTo(403);
        assertThat(api.post(base + "/ho-so/datasets", "hethong.qk1", "{\"code\":\"khac\",\"name\":\"Khác\",\"fields\":[{\"name\":\"id\",\"classification\":\"PUBLIC\"}]}")
                .status()).isEqualTo(403);
        assertThat(api.put(base + "/ho-so/datasets/quan-nhan", "hethong.qk1", "{\"name\":\"x\",\"fields\":[{\"name\":\"id\",\"classification\":\"PUBLIC\"}]}")
                .status()).isEqualTo(403);
        assertThat(count("select count(*) from exchange_database d join exchange_system s on s.id = d.system_id where s.code = ?", sys)).isEqualTo(1);
        assertThat(api.get(base + "/ho-so", "hethong.qk1").json().at("/datasets/0/name").asString()).isEqualTo("Danh sách quân nhân (sửa)");
    }

    @Test
    void bad_and_poison_inputs_are_400_naming_each_field_and_nothing_is_stored() {
        String sys = system();
        String base = "/api/v1/exchange/systems/" + sys + "/databases";
        Api.Response bad = api.post(base, "hethong.btl86", """
                {"code":"Bad Code!","name":"","description":"%s","secrecy":"MAT"}""".formatted("x".repeat(4001)));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"code\"").contains("\"field\":\"name\"").contains("\"field\":\"description\"").contains("\"field\":\"secrecy\"");
        Api.Response nul = api.post(base, "hethong.btl86", "{\"code\":\"a\",\"name\":\"A\",\"description\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("\"field\":\"description\"");
        Api.Response huge = api.post(base, "hethong.btl86", "{\"code\":\"x\",\"name\":\"" + "a".repeat(100_000) + "\",\"secrecy\":\"NO\"}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).contains("\"field\":\"name\"").contains("\"field\":\"secrecy\"");
        assertThat(count("select count(*) from exchange_database d join exchange_system s on s.id = d.system_id where s.code = ?", sys)).isZero();

        assertThat(api.post(base, "hethong.btl86", "{\"code\":\"ho-so\",\"name\":\"Hồ sơ\"}").status()).isEqualTo(201);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 201; i++) many.append(i == 0 ? "" : ",").append("{\"name\":\"f").append(i).append("\",\"classification\":\"PUBLIC\"}");
        many.append("]");
        Api.Response tooMany = api.post(base + "/ho-so/datasets", "hethong.btl86", "{\"code\":\"a\",\"name\":\"A\",\"fields\":" + many + "}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"field\":\"fields\"");
        Api.Response fields = api.post(base + "/ho-so/datasets", "hethong.btl86", """
                {"code":"a","name":"A","fields":[{"name":"1bad","classification":"PUBLIC"},{"name":"mat","classification":"MAT"},
                 {"name":"ok","classification":"SECRET"},{"name":"ok","classification":"PUBLIC"}]}""");
        assertThat(fields.status()).isEqualTo(400);
        assertThat(fields.body()).contains("\"field\":\"fields[0].name\"").contains("\"field\":\"fields[1].classification\"")
                .contains("\"field\":\"fields[2].classification\"").contains("\"field\":\"fields[3].name\"")
                .contains("cao hơn độ mật của cơ sở dữ liệu");
        assertThat(api.post(base + "/ho-so/datasets", "hethong.btl86", "{\"code\":\"a\",\"name\":\"A\"}").body()).contains("\"field\":\"fields\"");
        assertThat(count("select count(*) from exchange_dataset t join exchange_database d on d.id = t.database_id join exchange_system s on s.id = d.system_id "
                + "where s.code = ?", sys)).isZero();
        // A code of 5,000 characters in the path: 404, not 500.
        assertThat(api.get(base + "/" + "a".repeat(5000), "hethong.btl86").status()).isEqualTo(404);
    }

    @Test
    void twelve_identical_data_sets_at_once_create_one() throws Exception {
        String sys = system();
        String base = "/api/v1/exchange/systems/" + sys + "/databases";
        assertThat(api.post(base, "hethong.btl86", "{\"code\":\"ho-so\",\"name\":\"Hồ sơ\"}").status()).isEqualTo(201);
        String body = "{\"code\":\"dong-thoi\",\"name\":\"Đồng thời\",\"fields\":[{\"name\":\"id\",\"classification\":\"PUBLIC\"}]}";
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(pool.submit(() -> {
                go.await();
                return api.post(base + "/ho-so/datasets", "hethong.btl86", body);
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<Api.Response> f : all) {
            Api.Response r = f.get();
            if (r.status() == 201) created++;
            else {
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.body()).contains("\"field\":\"code\"");
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(count("select count(*) from exchange_dataset_field f join exchange_dataset t on t.id = f.dataset_id join exchange_database d on d.id = t.database_id "
                + "join exchange_system s on s.id = d.system_id where s.code = ?", sys)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'exchange.dataset.register' and target = ?",
                "exchange-dataset:" + sys + "/ho-so/dong-thoi")).isEqualTo(1);
    }

    @Test
    void a_mat_database_is_missing_byte_for_byte_below_its_level_and_outside_the_military_network() throws Exception {
        String sys = system();
        String base = "/api/v1/exchange/systems/" + sys + "/databases";
        assertThat(api.post(base, "hethong.btl86", "{\"code\":\"cong-khai\",\"name\":\"Danh mục đơn vị trực thuộc\"}").status()).isEqualTo(201);
        assertThat(api.post(base + "/cong-khai/datasets", "hethong.btl86", """
                {"code":"don-vi","name":"Đơn vị trực thuộc","fields":[{"name":"maDonVi","classification":"PUBLIC"}]}""").status()).isEqualTo(201);
        // A Mật database of this Thường system (as a later reclassification could leave it), written straight in the table.
        jdbc.sql("insert into exchange_database (system_id, code, name, secrecy, search_text) select id, 'bi-mat', 'Kho tuyệt tác', 1, 'kho tuyet tac' "
                + "from exchange_system where code = ?").param(sys).update();
        jdbc.sql("insert into exchange_dataset (database_id, code, name, search_text) select d.id, 'kho', 'Kho', 'kho' from exchange_database d "
                + "join exchange_system s on s.id = d.system_id where s.code = ? and d.code = 'bi-mat'").param(sys).update();

        Api.Response hidden = api.get(base + "/bi-mat", "hethong.qk1");
        Api.Response missing = api.get(base + "/zz-mat", "hethong.qk1");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().replace("bi-mat", "zz-mat")).isEqualTo(missing.body());
        assertThat(api.get(base, "hethong.qk1").body()).contains("cong-khai").doesNotContain("bi-mat").doesNotContain("tuyệt tác");
        // Its owner, cleared Thường, may not edit it either: it is not there for him.
        assertThat(api.put(base + "/bi-mat", "hethong.btl86", "{\"name\":\"x\"}").body().replace("bi-mat", "zz-mat"))
                .isEqualTo(api.put(base + "/zz-mat", "hethong.btl86", "{\"name\":\"x\"}").body());
        // Search folds diacritics and reaches databases and data sets, never a hidden one.
        assertThat(api.get("/api/v1/exchange/catalogue?q=" + enc("don vi truc thuoc"), "hethong.qk1").body()).contains(sys);
        assertThat(api.get("/api/v1/exchange/catalogue?q=" + enc("kho tuyet tac"), "hethong.qk1").body()).doesNotContain(sys);
        // Cleared Mật on the military network: there.
        assertThat(api.get(base + "/bi-mat", "admin").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/exchange/catalogue?q=" + enc("kho tuyet tac"), "admin").body()).contains(sys);
        // The same person from the internet: not there, on the API and on the screen.
        MvcResult outside = mvc.perform(get(base + "/bi-mat").with(Principals.as(jdbc, "admin")).with(r -> {
            r.setRemoteAddr("203.0.113.9");
            return r;
        })).andReturn();
        MvcResult outsideMissing = mvc.perform(get(base + "/zz-mat").with(Principals.as(jdbc, "admin")).with(r -> {
            r.setRemoteAddr("203.0.113.9");
            return r;
        })).andReturn();
        assertThat(outside.getResponse().getStatus()).isEqualTo(404);
        assertThat(outside.getResponse().getContentAsString(StandardCharsets.UTF_8).replace("bi-mat", "zz-mat"))
                .isEqualTo(outsideMissing.getResponse().getContentAsString(StandardCharsets.UTF_8));
        String page = mvc.perform(get("/office/exchange/systems/" + sys).with(Principals.as(jdbc, "admin")).with(r -> {
            r.setRemoteAddr("203.0.113.9");
            return r;
        })).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Danh mục đơn vị trực thuộc").doesNotContain("tuyệt tác");
        String inside = mvc.perform(get("/office/exchange/systems/" + sys).with(Principals.as(jdbc, "admin"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(inside).contains("Kho tuyệt tác");

        // The Excel export: the data set's line, never the hidden database.
        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/exchange/catalogue.xlsx?q=" + sys))
                .header("Authorization", "Bearer " + api.token("hethong.qk1")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        StringBuilder text = new StringBuilder();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            for (var row : wb.getSheetAt(0)) for (var cell : row) text.append(cell.toString()).append('|');
        }
        assertThat(text).contains("Cơ sở dữ liệu|Độ mật CSDL|Tập dữ liệu").contains("cong-khai – Danh mục đơn vị trực thuộc")
                .contains("don-vi – Đơn vị trực thuộc").contains("maDonVi (Công khai)").doesNotContain("bi-mat").doesNotContain("tuyệt tác");
    }

    @Test
    void the_screens_register_a_database_and_a_data_set_with_each_error_beside_its_field_in_vietnamese() throws Exception {
        String sys = system();
        String page = "/office/exchange/systems/" + sys;
        String form = body(mvc.perform(get(page + "/databases/new").with(Principals.as(jdbc, "hethong.btl86"))).andReturn());
        assertThat(form).contains("Thêm cơ sở dữ liệu").contains("Mã cơ sở dữ liệu");
        MvcResult bad = mvc.perform(post(page + "/databases/new").with(csrf()).with(Principals.as(jdbc, "hethong.btl86"))
                .param("code", "SAI MA").param("name", "").param("secrecy", "THUONG")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("id=\"code-error\"").contains("id=\"name-error\"").contains("value=\"SAI MA\"");
        MvcResult ok = mvc.perform(post(page + "/databases/new").with(csrf()).with(Principals.as(jdbc, "hethong.btl86"))
                .param("code", "ho-so").param("name", "Hồ sơ cán bộ").param("description", "Hồ sơ gốc").param("secrecy", "THUONG")).andReturn();
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        MvcResult badSet = mvc.perform(post(page + "/databases/ho-so/datasets/new").with(csrf()).with(Principals.as(jdbc, "hethong.btl86"))
                .param("code", "can-bo").param("name", "Cán bộ").param("fieldName", "id", "9x").param("fieldClass", "PUBLIC", "PERSONAL")).andReturn();
        assertThat(badSet.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badSet)).contains("id=\"field-name-1-error\"");
        mvc.perform(post(page + "/databases/ho-so/datasets/new").with(csrf()).with(Principals.as(jdbc, "hethong.btl86"))
                .param("code", "can-bo").param("name", "Cán bộ").param("fieldName", "id", "hoTen", "").param("fieldClass", "PUBLIC", "PERSONAL", "")).andReturn();
        String shown = body(mvc.perform(get(page).with(Principals.as(jdbc, "hethong.qk1"))).andReturn());
        assertThat(shown).contains("Cơ sở dữ liệu").contains("Hồ sơ cán bộ").contains("Tập dữ liệu: Cán bộ").contains("Dữ liệu cá nhân")
                .doesNotContain("add-dataset-ho-so");
        assertThat(body(mvc.perform(get(page).with(Principals.as(jdbc, "hethong.btl86"))).andReturn())).contains("add-dataset-ho-so")
                .contains("edit-dataset-ho-so-can-bo");
        // Editing on the screen as a stranger: 403.
        assertThat(mvc.perform(get(page + "/databases/ho-so/datasets/can-bo/edit").with(Principals.as(jdbc, "hethong.qk1"))).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        MvcResult edited = mvc.perform(post(page + "/databases/ho-so/datasets/can-bo/edit").with(csrf()).with(Principals.as(jdbc, "hethong.btl86"))
                .param("name", "Cán bộ, nhân viên").param("fieldName", "id").param("fieldClass", "PUBLIC")).andReturn();
        assertThat(edited.getResponse().getStatus()).isEqualTo(302);
        assertThat(body(mvc.perform(get(page).with(Principals.as(jdbc, "hethong.qk1"))).andReturn())).contains("Cán bộ, nhân viên").doesNotContain("hoTen");
    }

    static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
