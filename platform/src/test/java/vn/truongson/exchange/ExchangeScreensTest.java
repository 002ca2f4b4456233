package vn.truongson.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The exchange's screens: the catalogue in Vietnamese with folded search and the level rule, a system page, a decision. */
@PlatformTest
class ExchangeScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired Agreements agreements;

    MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    static String body(MvcResult r) {
        return new String(r.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void the_catalogue_is_vietnamese_searchable_without_diacritics_and_hides_what_is_above_the_reader() throws Exception {
        MvcResult all = send(get("/office/exchange"), "baocao.qk1");
        assertThat(all.getResponse().getStatus()).isEqualTo(200);
        String page = body(all);
        assertThat(page).contains("Danh mục hệ thống thông tin").contains("TRUONGSON").contains("QLVB-QK1").contains("Đang vận hành")
                .doesNotContain("TSLQS-DICHVU");
        String found = body(send(get("/office/exchange").param("q", "quan ly van ban"), "baocao.qk1"));
        assertThat(found).contains("QLVB-QK1").doesNotContain("CA-BQP");
        assertThat(body(send(get("/office/exchange"), "admin"))).contains("TSLQS-DICHVU");
        assertThat(send(get("/office/exchange/systems/TSLQS-DICHVU"), "baocao.qk1").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void the_system_page_shows_services_fields_and_agreements_and_the_second_owner_decides() throws Exception {
        MvcResult r = send(get("/office/exchange/systems/TRUONGSON"), "hethong.btl86");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("Danh bạ đơn vị").contains("organId").contains("Công khai").contains("QLVB-QK1").contains("Có hiệu lực");
        // A request by hethong.btl86 himself (for a system of his own unit) shows no approve button to him; pheduyet.btl86 approves it.
        String code = "SCR-" + System.nanoTime() % 1_000_000;
        long unit = jdbc.sql("select id from org_unit where code = 'BTL86'").query(Long.class).single();
        long requester = jdbc.sql("select official_id from access_account where username = 'hethong.btl86'").query(Long.class).single();
        jdbc.sql("""
                insert into exchange_system (code, name, owner_unit_id, purpose, security_level, secrecy, zones, status, search_text)
                values (?, 'Ứng dụng thử màn hình', ?, 'x', 1, 0, array['military-network'], 'IN_SERVICE', 'x')""").params(code, unit).update();
        long id = jdbc.sql("""
                insert into exchange_agreement (consumer_id, service_id, purpose, legal_basis, requested_fields, fields, valid_until, requested_by)
                select s.id, v.id, 'Thử', 'Thử', array['id'], array['id'], ?, ? from exchange_system s, exchange_service v join exchange_system p on p.id = v.system_id
                where s.code = ? and p.code = 'TRUONGSON' and v.code = 'units' returning id""")
                .params(LocalDate.now().plusDays(30), requester, code).query(Long.class).single();
        String mine = body(send(get("/office/exchange/systems/TRUONGSON"), "hethong.btl86"));
        assertThat(mine).contains("agreement-" + id).doesNotContain("/office/exchange/agreements/" + id + "/approve");
        String theirs = body(send(get("/office/exchange/systems/TRUONGSON"), "pheduyet.btl86"));
        assertThat(theirs).contains("/office/exchange/agreements/" + id + "/approve");
        MvcResult self = send(post("/office/exchange/agreements/" + id + "/approve").with(csrf()).param("back", "TRUONGSON"), "hethong.btl86");
        assertThat(self.getResponse().getRedirectedUrl()).isEqualTo("/office/exchange/systems/TRUONGSON");
        assertThat(agreements.find(id).orElseThrow().status()).isEqualTo(Agreements.Status.REQUESTED);
        send(post("/office/exchange/agreements/" + id + "/approve").with(csrf()).param("back", "TRUONGSON"), "pheduyet.btl86");
        assertThat(agreements.find(id).orElseThrow().status()).isEqualTo(Agreements.Status.ACTIVE);
    }

    @Test
    void the_monitor_page_is_vietnamese_with_dd_mm_yyyy_days_and_only_what_the_reader_may_see() throws Exception {
        MvcResult r = send(get("/office/exchange/monitor"), "hethong.qk1");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String page = body(r);
        assertThat(page).contains("Giám sát vận hành").contains("Lượt gọi");
        long qk1 = jdbc.sql("select id from org_unit where code = 'QK1'").query(Long.class).single();
        String consumer = "MON-" + System.nanoTime() % 1_000_000;
        jdbc.sql("""
                insert into exchange_log (consumer, consumer_unit_id, provider, service, method, status, outcome, request_digest, response_digest, latency_ms)
                values (?, ?, 'TRUONGSON', 'units', 'GET', 200, 'OK', 'a', 'b', 12)""").params(consumer, qk1).update();
        String mine = body(send(get("/office/exchange/monitor"), "hethong.qk1"));
        assertThat(mine).contains(consumer).contains(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")
                .format(LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")))).contains("12,0");
        assertThat(body(send(get("/office/exchange/monitor"), "baocao.qk1"))).doesNotContain(consumer);
        assertThat(send(get("/office/exchange/monitor").param("days", "1e5000"), "hethong.qk1").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void forms_register_edit_add_a_service_and_request_an_agreement_with_each_error_beside_its_field() throws Exception {
        MvcResult blank = send(get("/office/exchange/systems/new"), "hethong.qk1");
        assertThat(blank.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(blank)).contains("Đăng ký hệ thống").contains("Vùng mạng vận hành").contains("Mạng truyền số liệu quân sự").contains("Cấp độ 2");
        String qk1 = jdbc.sql("select id::text from org_unit where code = 'QK1'").query(String.class).single();
        long before = jdbc.sql("select count(*) from exchange_system").query(Long.class).single();
        // Bad fields: each message beside its field, in Vietnamese; nothing stored.
        MvcResult bad = send(post("/office/exchange/systems/new").with(csrf()).param("code", "sai mã").param("name", "a\u0000b").param("ownerUnitId", qk1)
                .param("purpose", "x").param("securityLevel", "9").param("secrecy", "MAT").param("zones", "internet").param("status", "IN_SERVICE")
                .param("endpointBaseUrl", "ftp://x"), "hethong.qk1");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        String page = body(bad);
        assertThat(page).contains("id=\"code-error\"").contains("id=\"name-error\"").contains("id=\"securityLevel-error\"").contains("id=\"endpointBaseUrl-error\"")
                .contains("chỉ vận hành trên mạng truyền số liệu quân sự").contains("value=\"sai mã\"");
        assertThat(jdbc.sql("select count(*) from exchange_system").query(Long.class).single()).isEqualTo(before);
        // Above the person's own level: 403 on the form, audited as denied, nothing stored.
        String code = "FORM-" + System.nanoTime() % 1_000_000;
        MvcResult above = send(post("/office/exchange/systems/new").with(csrf()).param("code", code).param("name", "Hệ thống mật").param("ownerUnitId", qk1)
                .param("purpose", "x").param("securityLevel", "3").param("secrecy", "MAT").param("zones", "military-network"), "hethong.qk1");
        assertThat(above.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(above)).contains("id=\"problem\"");
        MvcResult ok = send(post("/office/exchange/systems/new").with(csrf()).param("code", code).param("name", "Ứng dụng đăng ký qua màn hình")
                .param("ownerUnitId", qk1).param("purpose", "Thử biểu mẫu").param("securityLevel", "2").param("secrecy", "THUONG")
                .param("zones", "military-network").param("status", "PILOT"), "hethong.qk1");
        assertThat(ok.getResponse().getRedirectedUrl()).isEqualTo("/office/exchange/systems/" + code);
        assertThat(jdbc.sql("select status from exchange_system where code = ?").param(code).query(String.class).single()).isEqualTo("PILOT");
        // One success, and the refused attempt above the person's level, audited as denied.
        assertThat(jdbc.sql("select string_agg(outcome, ',' order by outcome) from audit_event where action = 'exchange.system.register' and target = ?")
                .param("exchange-system:" + code).query(String.class).single()).isEqualTo("DENIED,SUCCESS");
        assertThat(body(send(get("/office/exchange/systems/" + code), "hethong.qk1"))).contains("id=\"edit-system\"").contains("id=\"add-service\"");

        // Edit: a stranger who sees the system may not (403, unchanged); the owner's bad endpoint is named; then saved.
        assertThat(send(get("/office/exchange/systems/" + code + "/edit"), "hethong.btl86").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/office/exchange/systems/" + code + "/edit").with(csrf()).param("name", "Chiếm").param("purpose", "x").param("securityLevel", "2"),
                "hethong.btl86").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(get("/office/exchange/systems/TSLQS-DICHVU/edit"), "hethong.qk1").getResponse().getStatus()).isEqualTo(404);
        MvcResult badEdit = send(post("/office/exchange/systems/" + code + "/edit").with(csrf()).param("name", "Tên mới").param("purpose", "x")
                .param("securityLevel", "2").param("status", "IN_SERVICE").param("endpointBaseUrl", "javascript:alert(1)"), "hethong.qk1");
        assertThat(badEdit.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badEdit)).contains("id=\"endpointBaseUrl-error\"");
        MvcResult saved = send(post("/office/exchange/systems/" + code + "/edit").with(csrf()).param("name", "Tên mới").param("purpose", "Mục đích mới")
                .param("securityLevel", "3").param("status", "IN_SERVICE").param("endpointBaseUrl", "https://app.qk1.example/api"), "hethong.qk1");
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/office/exchange/systems/" + code);
        assertThat(jdbc.sql("select name || '|' || security_level || '|' || endpoint_base_url from exchange_system where code = ?").param(code)
                .query(String.class).single()).isEqualTo("Tên mới|3|https://app.qk1.example/api");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.system.update' and target = ?").param("exchange-system:" + code)
                .query(Long.class).single()).isEqualTo(1);

        // A service with field rows: a repeated name and a classification above the service, each named on its row.
        MvcResult badService = send(post("/office/exchange/systems/" + code + "/services/new").with(csrf()).param("code", "people").param("name", "Danh sách")
                .param("path", "/people").param("secrecy", "THUONG").param("fieldName", "id", "id", "", "").param("fieldClass", "PUBLIC", "MAT", "", ""), "hethong.qk1");
        assertThat(badService.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badService)).contains("id=\"field-name-1-error\"").contains("id=\"field-class-1-error\"").contains("Trường dữ liệu bị lặp");
        MvcResult service = send(post("/office/exchange/systems/" + code + "/services/new").with(csrf()).param("code", "people").param("name", "Danh sách")
                .param("path", "/people").param("secrecy", "THUONG").param("fieldName", "id", "", "fullName", "").param("fieldClass", "PUBLIC", "", "PERSONAL", ""),
                "hethong.qk1");
        assertThat(service.getResponse().getRedirectedUrl()).isEqualTo("/office/exchange/systems/" + code);
        String editPage = body(send(get("/office/exchange/systems/" + code + "/services/people/edit"), "hethong.qk1"));
        assertThat(editPage).contains("value=\"fullName\"").contains("Dữ liệu cá nhân");
        send(post("/office/exchange/systems/" + code + "/services/people/edit").with(csrf()).param("name", "Danh sách (sửa)").param("path", "/v2/people")
                .param("fieldName", "id", "rank").param("fieldClass", "PUBLIC", "INTERNAL"), "hethong.qk1");
        assertThat(jdbc.sql("""
                select string_agg(f.name || ':' || f.classification, ',' order by f.position) from exchange_field f join exchange_service v on v.id = f.service_id
                join exchange_system s on s.id = v.system_id where s.code = ? and v.code = 'people'""").param(code).query(String.class).single())
                .isEqualTo("id:PUBLIC,rank:INTERNAL");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exchange.service.update' and target = ?")
                .param("exchange-service:" + code + "/people").query(Long.class).single()).isEqualTo(1);

        // Request an agreement from the form: dd/MM/yyyy, a bad date named; a consumer one does not own refused.
        String form = body(send(get("/office/exchange/systems/TRUONGSON/services/units/request"), "hethong.qk1"));
        assertThat(form).contains("Đề nghị khai thác dữ liệu").contains("value=\"" + code + "\"").contains("value=\"organId\"");
        MvcResult badDate = send(post("/office/exchange/systems/TRUONGSON/services/units/request").with(csrf()).param("consumer", code).param("fields", "id")
                .param("purpose", "Tra cứu").param("legalBasis", "Nghị định 47/2020/NĐ-CP").param("validUntil", "31/02/2020"), "hethong.qk1");
        assertThat(badDate.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badDate)).contains("id=\"validUntil-error\"");
        MvcResult notMine = send(post("/office/exchange/systems/TRUONGSON/services/units/request").with(csrf()).param("consumer", "QLVB-BQP").param("fields", "id")
                .param("purpose", "Tra cứu").param("legalBasis", "NĐ 47").param("validUntil", "31/12/2030"), "hethong.qk1");
        assertThat(notMine.getResponse().getStatus()).isEqualTo(403);
        String until = LocalDate.now().plusMonths(3).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        MvcResult asked = send(post("/office/exchange/systems/TRUONGSON/services/units/request").with(csrf()).param("consumer", code).param("fields", "id", "name")
                .param("purpose", "Tra cứu đơn vị").param("legalBasis", "Nghị định 47/2020/NĐ-CP").param("validUntil", until), "hethong.qk1");
        assertThat(asked.getResponse().getRedirectedUrl()).isEqualTo("/office/exchange/systems/TRUONGSON");
        assertThat(jdbc.sql("""
                select a.status || '|' || array_to_string(a.requested_fields, ',') || '|' || a.valid_until from exchange_agreement a
                join exchange_system c on c.id = a.consumer_id where c.code = ?""").param(code).query(String.class).single())
                .isEqualTo("REQUESTED|id,name|" + LocalDate.now().plusMonths(3));
    }

    @Test
    void the_catalogue_exports_to_excel_within_the_readers_level() throws Exception {
        MvcResult r = send(get("/office/exchange/catalogue.xlsx"), "baocao.qk1");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(r.getResponse().getContentAsByteArray()))) {
            for (var row : wb.getSheetAt(0)) for (var cell : row) text.append(cell).append('|');
        }
        assertThat(text).contains("Mã hệ thống").contains("QLVB-QK1").contains("Bộ Tư lệnh 86").doesNotContain("TSLQS-DICHVU");
        assertThat(body(send(get("/office/exchange"), "baocao.qk1"))).contains("/office/exchange/catalogue.xlsx");
        // The data sets and a service's OpenAPI description, for a person signed in on the screens.
        assertThat(body(send(get("/office/exchange/datasets.json"), "baocao.qk1"))).contains("\"identifier\":\"TRUONGSON/units\"").doesNotContain("TSLQS-DICHVU");
        assertThat(body(send(get("/office/exchange/systems/TRUONGSON/services/units/openapi.json"), "baocao.qk1"))).contains("\"openapi\":\"3.1.0\"");
        assertThat(send(get("/office/exchange/systems/TSLQS-DICHVU/services/x/openapi.json"), "baocao.qk1").getResponse().getStatus()).isEqualTo(404);
    }
}
