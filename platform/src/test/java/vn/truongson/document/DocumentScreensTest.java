package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static vn.truongson.support.Principals.as;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** The document screens render for each role, a draft is made from the form, the flow steps work from the page, and registers print. */
@PlatformTest
class DocumentScreensTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        f = new DocumentFixtures(new Api(port), jdbc);
    }

    String page(String user, String path) throws Exception {
        MvcResult r = mvc.perform(get(path).with(as(jdbc, user))).andReturn();
        assertThat(r.getResponse().getStatus()).as(path + " " + r.getResponse().getContentAsString()).isEqualTo(200);
        return r.getResponse().getContentAsString();
    }

    @Test
    void boxes_form_and_registers_render() throws Exception {
        String urgent = f.issuedWithoutSignatures("CV", "Hỏa tốc về diễn tập", "THUONG", "HOA_TOC");
        f.api.post("/api/v1/documents/" + urgent + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}");
        for (String box : new String[] {"incoming", "outgoing", "drafts", "to-sign", "work"}) page(DocumentFixtures.CLERK, "/office/documents?box=" + box);
        assertThat(page(DocumentFixtures.CLERK_QK1, "/office/documents?box=incoming")).contains("Hỏa tốc về diễn tập").contains("ts-urgent");
        assertThat(page(DocumentFixtures.CLERK, "/office/documents?box=outgoing&q=hoa+toc+dien+tap")).contains("Hỏa tốc về diễn tập");
        assertThat(page(DocumentFixtures.CLERK, "/office/documents?box=outgoing&from=99/99/2026")).contains("id=\"problem\"");
        assertThat(page(DocumentFixtures.DRAFTER, "/office/documents/new")).contains("document-form").contains("Quân khu 1");
        // The signer list holds only those who may sign for the unit (SIGNER grants), not the drafter nor the administrator.
        String form = page(DocumentFixtures.DRAFTER, "/office/documents/new");
        String signers = form.substring(form.indexOf("id=\"signerId\""), form.indexOf("</select>", form.indexOf("id=\"signerId\"")));
        assertThat(signers).contains("value=\"" + f.official(DocumentFixtures.SIGNER) + "\"")
                .doesNotContain("value=\"" + f.official(DocumentFixtures.DRAFTER) + "\"").doesNotContain("value=\"" + f.official("admin") + "\"");
        assertThat(form).contains("id=\"signerAuthority\"").contains("KT. Ký thay");
        // A path id that is not a number names nothing: 404, on the screens as in the API.
        assertThat(mvc.perform(get("/office/documents/abc").with(as(jdbc, DocumentFixtures.CLERK))).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(f.api.get("/api/v1/documents/abc", DocumentFixtures.CLERK).status()).isEqualTo(404);
        assertThat(page(DocumentFixtures.CLERK, "/office/documents/registers?direction=OUT")).contains("register-table").contains("Hỏa tốc về diễn tập");
        assertThat(page(DocumentFixtures.CLERK_QK1, "/office/documents/registers?direction=IN")).contains("register-table");
        MvcResult pdf = mvc.perform(get("/office/documents/registers/pdf?direction=OUT").with(as(jdbc, DocumentFixtures.CLERK))).andReturn();
        assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.getResponse().getContentAsByteArray(), 0, 5)).isEqualTo("%PDF-");
        vn.truongson.support.Qpdf.assertClean(pdf.getResponse().getContentAsByteArray(), "the register's PDF");
        assertThat(page(DocumentFixtures.CLERK, "/office/documents/" + urgent)).contains("document-title").contains("history");
    }

    @Test
    void a_draft_from_the_form_then_receive_and_assign_from_the_page() throws Exception {
        String qk1 = f.unit("QK1");
        MvcResult bad = mvc.perform(multipart("/office/documents/new").param("type", "CV").param("subject", "").param("issuingUnitId", f.unit("BTL86"))
                .param("signerId", f.official(DocumentFixtures.SIGNER)).param("recipientUnitIds", qk1).param("body", "Nội dung")
                .with(as(jdbc, DocumentFixtures.DRAFTER)).with(csrf())).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(200);
        assertThat(bad.getResponse().getContentAsString()).contains("is-invalid").contains("Trường này là bắt buộc");
        MvcResult ok = mvc.perform(multipart("/office/documents/new").param("type", "TB").param("subject", "Thông báo lịch trực")
                .param("secrecy", "THUONG").param("urgency", "THUONG").param("issuingUnitId", f.unit("BTL86"))
                .param("signerId", f.official(DocumentFixtures.SIGNER)).param("recipientUnitIds", qk1).param("body", "Lịch trực tháng 12.")
                .with(as(jdbc, DocumentFixtures.DRAFTER)).with(csrf())).andReturn();
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        assertThat(ok.getResponse().getRedirectedUrl()).startsWith("/office/documents/");

        String id = f.issuedWithoutSignatures("CV", "Về việc giao ban", "THUONG", "THUONG");
        mvc.perform(post("/office/documents/" + id + "/send").param("channel", "MOBILE").with(as(jdbc, DocumentFixtures.CLERK)).with(csrf()));
        assertThat(page(DocumentFixtures.CLERK_QK1, "/office/documents/" + id)).contains("receive-form");
        mvc.perform(post("/office/documents/" + id + "/receive").with(as(jdbc, DocumentFixtures.CLERK_QK1)).with(csrf()));
        assertThat(page(DocumentFixtures.COMMANDER_QK1, "/office/documents/" + id)).contains("assign-form");
        MvcResult assigned = mvc.perform(post("/office/documents/" + id + "/assign").param("target", "o:" + f.official(DocumentFixtures.HANDLER_QK1))
                .param("role", "LEAD").param("dueWorkingDays", "5").with(as(jdbc, DocumentFixtures.COMMANDER_QK1)).with(csrf())).andReturn();
        assertThat(assigned.getFlashMap().get("notice")).as(String.valueOf(assigned.getFlashMap())).isNotNull();
        assertThat(page(DocumentFixtures.HANDLER_QK1, "/office/documents?box=work")).contains("Về việc giao ban");
        assertThat(page(DocumentFixtures.CLERK, "/office/documents/" + id)).contains("data-code=\"04\"");
    }
}
