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
}
