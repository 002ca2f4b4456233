package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import vn.truongson.population.Gender;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 10, finding 11: a citizen signed in by e-ID files as himself. A tampered form carrying another person's name and
 * ID number is refused with 400 naming the fields, and nothing is filed; filing for someone else (nộp thay) is an explicit
 * choice with the relation stated, kept on the dossier, shown to the one-stop officer (page and API) and audited.
 * The citizen's session is set as the e-ID callback sets it (the sign-in flow itself is CitizenSignInTest's).
 */
@PlatformTest
class OnBehalfFilingTest {

    static final String PROCEDURE = "BQP-TS-02"; // at Cục Nhà trường, one-stop officer motcua.cnt
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired org.springframework.session.SessionRepository<? extends org.springframework.session.Session> sessions;

    /** A platform session (Spring Session JDBC) holding the citizen, as the e-ID callback leaves it; the cookie that names it. */
    jakarta.servlet.http.Cookie session(Object citizen) throws Exception {
        return saved(sessions, citizen);
    }

    private <S extends org.springframework.session.Session> jakarta.servlet.http.Cookie saved(
            org.springframework.session.SessionRepository<S> repo, Object citizen) throws Exception {
        S s = repo.createSession();
        s.setAttribute(attribute(), citizen);
        repo.save(s);
        return new jakarta.servlet.http.Cookie("SESSION", java.util.Base64.getEncoder().encodeToString(s.getId().getBytes(StandardCharsets.UTF_8)));
    }

    /** The session attribute the e-ID callback writes (population.citizen.SignedInCitizen, package-private there). */
    static Object signedIn(String idNumber, String fullName, LocalDate birth) throws Exception {
        Class<?> type = Class.forName("vn.truongson.population.citizen.SignedInCitizen");
        Constructor<?> c = type.getDeclaredConstructors()[0];
        c.setAccessible(true);
        return c.newInstance(idNumber, fullName, birth, Gender.MALE, "Hà Nội", "0912345678", null, 2, Instant.now());
    }

    static String attribute() throws Exception {
        var f = Class.forName("vn.truongson.population.citizen.SignedInCitizen").getDeclaredField("ATTRIBUTE");
        f.setAccessible(true);
        return (String) f.get(null);
    }

    MockMultipartHttpServletRequestBuilder filing(Object citizen, Map<String, String> params) throws Exception {
        var b = multipart("/citizen/dossiers").file(new MockMultipartFile("attachments.ketQuaSoTuyen", "ketqua.pdf", "application/pdf", PDF));
        b.param("procedure", PROCEDURE);
        params.forEach(b::param);
        b.cookie(session(citizen));
        b.with(csrf());
        return b;
    }

    /** The field errors a re-shown form carries, for the failure message. */
    static String errorsOn(MvcResult r) {
        try {
            var m = java.util.regex.Pattern.compile("invalid-feedback d-block[^>]*>([^<]+)<").matcher(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
            var out = new StringBuilder();
            while (m.find()) out.append(m.group(1)).append(" | ");
            return out.toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    long dossiersOf(String idNumber) {
        return jdbc.sql("select count(*) from publicservice_dossier where applicant_id_number = ? or subject_id_number = ? or form_data->>'idNumber' = ?")
                .params(idNumber, idNumber, idNumber).query(Long.class).single();
    }

    @Test
    void the_form_shows_the_e_id_identity_read_only_and_a_tampered_form_is_refused_naming_the_fields() throws Exception {
        String me = OneStop.id();
        String victim = OneStop.id();
        Object citizen = signedIn(me, "Nguyễn Văn Thật", LocalDate.of(2005, 6, 1));

        String form = mvc.perform(get("/citizen/dossiers/new").param("procedure", PROCEDURE).cookie(session(citizen))).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        String idInput = form.substring(form.lastIndexOf('<', form.indexOf("id=\"f-idNumber\"")), form.indexOf('>', form.indexOf("id=\"f-idNumber\"")));
        assertThat(idInput).contains("readonly", "value=\"" + me + "\"");
        assertThat(form).contains("id=\"for-other\"", "Nộp thay người khác").doesNotContain("id=\"on-behalf\"");

        long deniedBefore = jdbc.sql("select count(*) from audit_event where actor = ? and action = 'publicservice.dossier.submit' and outcome = 'DENIED'")
                .param("citizen:" + me).query(Long.class).single();
        // The filer replaces the prefilled name and ID number with someone else's (finding 11).
        MvcResult tampered = mvc.perform(filing(citizen, Map.of("f.fullName", "Trần Thị Khác", "f.idNumber", victim, "f.dateOfBirth", "01/06/2005",
                "f.placeOfResidence", "Hà Nội", "f.phone", "0912345678", "f.school", "Học viện Kỹ thuật quân sự"))).andReturn();
        String page = tampered.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(tampered.getResponse().getStatus()).isNotEqualTo(302);
        assertThat(page).contains("id=\"err-fullName\"", "id=\"err-idNumber\"", "không được sửa").doesNotContain("id=\"err-dateOfBirth\"");
        // Shown again as the e-ID has it, never as the request sent it.
        assertThat(page).doesNotContain(victim, "Trần Thị Khác");
        assertThat(dossiersOf(victim)).isZero();
        assertThat(dossiersOf(me)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where actor = ? and action = 'publicservice.dossier.submit' and outcome = 'DENIED'")
                .param("citizen:" + me).query(Long.class).single()).isEqualTo(deniedBefore + 1);

        // The same form with the identity fields left out: filed under the e-ID's identity.
        MvcResult ok = mvc.perform(filing(citizen, Map.of("f.placeOfResidence", "Hà Nội", "f.phone", "0912345678", "f.school", "Học viện Kỹ thuật quân sự")))
                .andReturn();
        assertThat(ok.getResponse().getStatus()).as(() -> errorsOn(ok)).isEqualTo(302);
        Map<String, Object> row = jdbc.sql("""
                select applicant_id_number, applicant_name, form_data->>'idNumber' as form_id, form_data->>'fullName' as form_name, on_behalf_relation
                from publicservice_dossier where applicant_id_number = ?""").param(me).query().singleRow();
        assertThat(row).containsEntry("applicant_id_number", me).containsEntry("applicant_name", "Nguyễn Văn Thật").containsEntry("form_id", me)
                .containsEntry("form_name", "Nguyễn Văn Thật");
        assertThat(row.get("on_behalf_relation")).isNull();
    }

    @Test
    void filing_on_behalf_records_the_relation_shows_it_to_the_officer_and_audits_it() throws Exception {
        String parent = OneStop.id();
        String child = OneStop.id();
        Object citizen = signedIn(parent, "Lê Văn Cha", LocalDate.of(1975, 2, 3));

        String form = mvc.perform(get("/citizen/dossiers/new").param("procedure", PROCEDURE).param("onBehalf", "true").cookie(session(citizen)))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(form).contains("id=\"on-behalf\"", "id=\"ob-relation\"", "Người giám hộ");
        String idInput = form.substring(form.lastIndexOf('<', form.indexOf("id=\"f-idNumber\"")), form.indexOf('>', form.indexOf("id=\"f-idNumber\"")));
        assertThat(idInput).doesNotContain("readonly").doesNotContain(parent);

        Map<String, String> common = Map.of("onBehalf", "true", "ob.fullName", "Lê Thị Con", "ob.idNumber", child, "ob.dateOfBirth", "09/09/2008",
                "f.fullName", "Lê Thị Con", "f.idNumber", child, "f.dateOfBirth", "09/09/2008", "f.placeOfResidence", "Hà Nội", "f.phone", "0912345678",
                "f.school", "Học viện Quân y");
        // No relation stated: refused beside the relation.
        String noRelation = mvc.perform(filing(citizen, common)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(noRelation).contains("id=\"err-ob-relation\"");
        assertThat(dossiersOf(child)).isZero();
        // The form's person must be the one filed for.
        var mismatch = new java.util.HashMap<>(common);
        mismatch.put("ob.relation", "PARENT");
        mismatch.put("f.idNumber", OneStop.id());
        assertThat(mvc.perform(filing(citizen, mismatch)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"err-idNumber\"");
        assertThat(dossiersOf(child)).isZero();

        var right = new java.util.HashMap<>(common);
        right.put("ob.relation", "PARENT");
        MvcResult filed = mvc.perform(filing(citizen, right)).andReturn();
        assertThat(filed.getResponse().getStatus()).as(() -> errorsOn(filed)).isEqualTo(302);
        String code = filed.getResponse().getRedirectedUrl().replaceAll("^/citizen/dossiers/([^?]+).*$", "$1");
        Map<String, Object> row = jdbc.sql("""
                select applicant_id_number, applicant_name, on_behalf_relation, subject_id_number, subject_name, subject_birth::text as birth
                from publicservice_dossier where code = ?""").param(code).query().singleRow();
        assertThat(row).containsEntry("applicant_id_number", parent).containsEntry("applicant_name", "Lê Văn Cha")
                .containsEntry("on_behalf_relation", "PARENT").containsEntry("subject_id_number", child).containsEntry("subject_name", "Lê Thị Con")
                .containsEntry("birth", "2008-09-09");

        // The one-stop officer sees it, on the dossier page and in the API.
        String officePage = mvc.perform(get("/office/one-stop/dossiers/" + code).with(Principals.as(jdbc, "motcua.cnt"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String onBehalf = officePage.substring(officePage.indexOf("id=\"on-behalf\""));
        assertThat(onBehalf.substring(0, onBehalf.indexOf("</dd>"))).contains("Cha, mẹ", "Lê Thị Con", child);
        String api = mvc.perform(get("/api/v1/dossiers/" + code).with(Principals.as(jdbc, "motcua.cnt"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        var json = Api.json(api);
        assertThat(json.get("applicant").get("idNumber").asString()).isEqualTo(parent);
        assertThat(json.get("onBehalf").get("relation").asString()).isEqualTo("PARENT");
        assertThat(json.get("onBehalf").get("idNumber").asString()).isEqualTo(child);
        // The citizen's own page says so too; and the filing is audited with the relation.
        String mine = mvc.perform(get("/citizen/dossiers/" + code).cookie(session(citizen))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(mine).contains("id=\"on-behalf\"", "Cha, mẹ cho Lê Thị Con");
        assertThat(jdbc.sql("select detail from audit_event where action = 'publicservice.dossier.submit' and target = ?").param("dossier:" + code)
                .query(String.class).single()).contains("on behalf (PARENT)", child.substring(8)).doesNotContain(child);
    }
}
