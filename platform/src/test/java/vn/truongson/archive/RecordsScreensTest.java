package vn.truongson.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * The secrecy level on the records screen (/office/archive/records): the archivist cleared for Mật is offered Thường and
 * Mật only; a level above his clearance posted anyway is refused by the service (400 on secrecy, the form kept, nothing
 * made), as is an unknown one; a Mật record is made, raised and lowered while open (audited) but never above his
 * clearance; its page and its line in the list are missing to a reader of the unit cleared for Thường only — the page
 * byte for byte as a record that does not exist.
 */
@PlatformTest
class RecordsScreensTest {

    static final String ARCHIVIST = "luutru.btl86"; // ARCHIVIST@BTL86, cleared for Mật

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    record Res(int status, String body, String location) {}

    Res send(MockHttpServletRequestBuilder b, String user) throws Exception {
        MockHttpServletResponse r = mvc.perform(b.with(Principals.as(jdbc, user))).andReturn().getResponse();
        return new Res(r.getStatus(), r.getContentAsString(StandardCharsets.UTF_8), String.valueOf(r.getRedirectedUrl()));
    }

    long unit(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    long records() {
        return jdbc.sql("select count(*) from archive_record").query(Long.class).single();
    }

    MockHttpServletRequestBuilder create(String code, String secrecy) {
        return post("/office/archive/records").with(csrf()).param("unitId", Long.toString(unit("BTL86"))).param("code", code)
                .param("year", "2024").param("title", "Hồ sơ tác chiến " + code).param("retention", "years").param("retentionYears", "20")
                .param("secrecy", secrecy);
    }

    @Test
    void the_archivist_chooses_a_level_up_to_his_clearance_and_a_classified_record_is_missing_to_the_uncleared() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Res page = send(get("/office/archive/records"), ARCHIVIST);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"secrecy\"", "value=\"THUONG\"", "value=\"MAT\"", ">Mật<").doesNotContain("value=\"TOI_MAT\"",
                "value=\"TUYET_MAT\"");

        // Privilege: above his clearance, or unknown, posted anyway: 400 on secrecy, the form kept, nothing made.
        long before = records();
        for (String bad : new String[] {"TOI_MAT", "TUYET_MAT", "BOGUS"}) {
            Res r = send(create("MR-" + run, bad), ARCHIVIST);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("id=\"records-errors\"", "Hồ sơ tác chiến MR-" + run,
                    bad.equals("BOGUS") ? "Độ mật không hợp lệ" : "Không thể đặt hồ sơ độ " + (bad.equals("TOI_MAT") ? "Tối mật" : "Tuyệt mật"));
        }
        assertThat(records()).isEqualTo(before);

        Res made = send(create("MR-" + run, "MAT"), ARCHIVIST);
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        long id = Long.parseLong(made.location().substring(made.location().lastIndexOf('/') + 1));
        assertThat(jdbc.sql("select secrecy_rank from archive_record where id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
        Res shown = send(get("/office/archive/records/" + id), ARCHIVIST);
        assertThat(shown.body()).contains("id=\"record-secrecy\"", "ts-secrecy", "id=\"record-secrecy-form\"");
        assertThat(send(get("/office/archive/records"), ARCHIVIST).body()).contains("MR-" + run);

        // Changed while open: never above his clearance; down to Thường and back, each change audited.
        Res above = send(post("/office/archive/records/" + id + "/secrecy").with(csrf()).param("secrecy", "TUYET_MAT"), ARCHIVIST);
        assertThat(above.status()).isEqualTo(400);
        assertThat(above.body()).contains("id=\"record-errors\"", "Tuyệt mật");
        assertThat(send(post("/office/archive/records/" + id + "/secrecy").with(csrf()).param("secrecy", "THUONG"), ARCHIVIST).status()).isEqualTo(302);
        assertThat(send(post("/office/archive/records/" + id + "/secrecy").with(csrf()).param("secrecy", "MAT"), ARCHIVIST).status()).isEqualTo(302);
        assertThat(jdbc.sql("select secrecy_rank from archive_record where id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select detail from audit_event where action = 'archive.record.secrecy' and target = ? order by id").param("archive-record:" + id)
                .query(String.class).list()).containsExactly("MAT → THUONG", "THUONG → MAT");

        // A reader of the unit cleared for Thường only: not in the list, the page missing byte for byte.
        String clerk = thuongClerk();
        assertThat(send(get("/office/archive/records"), clerk).body()).doesNotContain("MR-" + run);
        Res hidden = send(get("/office/archive/records/" + id), clerk);
        Res missing = send(get("/office/archive/records/987654321"), clerk);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(page(hidden.body(), id)).isEqualTo(page(missing.body(), 987654321L));
        Res change = send(post("/office/archive/records/" + id + "/secrecy").with(csrf()).param("secrecy", "THUONG"), clerk);
        Res changeMissing = send(post("/office/archive/records/987654321/secrecy").with(csrf()).param("secrecy", "THUONG"), clerk);
        assertThat(change.status()).isEqualTo(404);
        assertThat(page(change.body(), id)).isEqualTo(page(changeMissing.body(), 987654321L));
        assertThat(jdbc.sql("select secrecy_rank from archive_record where id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
    }

    /** A page as compared: without the session's CSRF token (new on every page) and with the record's id in a path made "#". */
    static String page(String html, long id) {
        return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "").replace("/records/" + id, "/records/#");
    }

    /** A clerk of Văn phòng BTL86 (an archive reader there) cleared only for Thường, made for this run. */
    String thuongClerk() {
        var api = new Api(port);
        String username = "lr" + UUID.randomUUID().toString().substring(0, 8);
        var r = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Trần Văn Thường","unitId":"%s","position":"Văn thư","clearance":"THUONG","password":"%s"}"""
                .formatted(username, unit("VPBTL86"), Api.DEMO_PASSWORD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var g = api.post("/api/v1/officials/" + r.json().get("id").asString() + "/grants", "admin",
                "{\"role\":\"CLERK\",\"unitId\":\"" + unit("BTL86") + "\",\"scope\":\"SUBTREE\"}");
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        return username;
    }
}
