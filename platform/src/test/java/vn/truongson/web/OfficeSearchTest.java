package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import vn.truongson.core.VietnameseText;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * The header's office-wide search (issue 13): folded diacritics, hits grouped by kind, each kind through its module's
 * own query and so the access policy — a person without grants finds nothing, and a classified document stays out of
 * the hits of someone not cleared for it; bad queries are 400 naming q; twelve at once answer alike.
 */
@PlatformTest
class OfficeSearchTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    MvcResult search(String username, String q) throws Exception {
        return mvc.perform(get("/office/search").param("q", q).with(Principals.as(jdbc, username))).andReturn();
    }

    static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The first three words of a subject, diacritics folded: what a person types in a hurry. */
    static String typed(String subject) {
        String[] words = VietnameseText.fold(subject).toLowerCase().replaceAll("[^\\p{L}\\p{N} ]", " ").trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)));
    }

    String newOfficialWithoutGrants() {
        String username = "tk" + Long.toString(System.nanoTime(), 36);
        String unit = jdbc.sql("select id::text from org_unit where code = 'BTL86'").query(String.class).single();
        var r = new Api(port).post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Đinh Văn Tìm","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"MatKhau2026!x"}"""
                .formatted(username, unit));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return username;
    }

    @Test
    void a_commander_finds_documents_units_and_officials_without_diacritics_grouped_by_kind() throws Exception {
        var doc = jdbc.sql("""
                select d.id, d.subject from document_document d join org_unit u on u.id = d.issuing_unit_id
                where u.code = 'BTL86' and d.secrecy_rank = 0 and d.number is not null order by d.id limit 1""")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        var r = search("chihuy.btl86", typed((String) doc[1]));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("id=\"search-document\"", "href=\"/office/documents/" + doc[0] + "\"");

        var units = body(search("chihuy.btl86", "trung tam du lieu"));
        assertThat(units).contains("id=\"search-unit\"", "Trung tâm Dữ liệu quân sự");
        var people = body(search("chihuy.btl86", "phan thi mai"));
        assertThat(people).contains("id=\"search-official\"", "Phan Thị Mai");
        // The header carries the box on every office page.
        assertThat(units).contains("id=\"ts-search-q\"");
    }

    @Test
    void a_one_stop_officer_finds_a_dossier_by_its_code_and_in_his_queue_by_the_applicants_name_and_others_do_not() throws Exception {
        var d = jdbc.sql("""
                select d.code, d.applicant_name, d.status from publicservice_dossier d join org_unit u on u.id = d.unit_id
                where u.code = 'CNT' order by (d.status = 'SUBMITTED') desc, d.id limit 1""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
        assertThat(body(search("motcua.cnt", d[0].toLowerCase()))).contains("id=\"search-dossier\"", "/office/one-stop/dossiers/" + d[0]);
        // A clerk of another command may not read one-stop dossiers: the same code finds nothing.
        assertThat(body(search("vanthu.qk1", d[0]))).doesNotContain("/office/one-stop/dossiers/" + d[0], "id=\"search-dossier\"");
        if (d[2].equals("SUBMITTED")) {
            String typed = VietnameseText.fold(d[1]).toLowerCase();
            assertThat(body(search("motcua.cnt", typed))).contains("/office/one-stop/dossiers/" + d[0]);
            assertThat(body(search("vanthu.qk1", typed))).doesNotContain("/office/one-stop/dossiers/" + d[0]);
        }
    }

    @Test
    void a_person_without_grants_finds_nothing_and_classified_subjects_stay_hidden() throws Exception {
        String nobody = newOfficialWithoutGrants();
        var r = search(nobody, "su doan");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("Không tìm thấy gì").doesNotContain("id=\"search-unit\"", "id=\"search-document\"");

        var secret = jdbc.sql("select id, subject from document_document where secrecy_rank > 0 order by id limit 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional().orElse(null);
        if (secret != null) {
            // vanthu.qk1 is cleared for Thường only.
            assertThat(body(search("vanthu.qk1", typed((String) secret[1])))).doesNotContain("/office/documents/" + secret[0] + "\"");
        }
    }

    @Test
    void bad_queries_are_400_naming_the_box_and_twelve_at_once_answer_alike() throws Exception {
        var tooLong = search("chihuy.btl86", "a".repeat(201));
        assertThat(tooLong.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(tooLong)).contains("id=\"search-error\"");
        for (String poison : List.of("%", "_", "' or 1=1 --", "\\", "(((", "\"", "&|!")) {
            assertThat(search("chihuy.btl86", poison).getResponse().getStatus()).as(poison).isIn(200, 400);
        }
        assertThat(search("chihuy.btl86", "").getResponse().getStatus()).isEqualTo(200);

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) tasks.add(() -> search("chihuy.btl86", "su doan 3").getResponse().getStatus());
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (var f : pool.invokeAll(tasks)) assertThat(f.get()).isEqualTo(200);
        }
        assertThat(mvc.perform(get("/office/search").param("q", "x")).andReturn().getResponse().getStatus()).as("signed out").isEqualTo(302);
    }
}
