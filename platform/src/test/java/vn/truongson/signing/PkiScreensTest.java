package vn.truongson.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The PKI screens: the administrators' list and forms, the validation page for everyone, one's own certificate. */
@PlatformTest
class PkiScreensTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired Signatures signatures;

    private MvcResult send(AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void administrators_see_every_certificate_with_its_status_and_others_are_refused() throws Exception {
        MvcResult r = send(get("/admin/pki"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("Chứng thư đã cấp", "Trường Sơn Root CA", "Nguyễn Văn Phúc", "Bộ Tư lệnh 86", "Còn hiệu lực");
        assertThat(send(get("/admin/pki"), "ky.btl86").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/admin/pki/units").with(csrf()).param("unitCode", "SD3"), "ky.btl86").getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void issuing_from_the_form_shows_errors_beside_the_fields_and_issues_when_right() throws Exception {
        MvcResult weak = send(post("/admin/pki/officials").with(csrf()).param("username", "motcua.cnt").param("pin", "111111"), "admin");
        assertThat(weak.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(weak)).contains("id=\"pin-error\"", "không được gồm một ký tự lặp lại");
        MvcResult unknown = send(post("/admin/pki/officials").with(csrf()).param("username", "khong.co.ai").param("pin", "20262026"), "admin");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(unknown)).contains("id=\"username-error\"", "khong.co.ai");
        MvcResult badUnit = send(post("/admin/pki/units").with(csrf()).param("unitCode", "NOPE"), "admin");
        assertThat(body(badUnit)).contains("id=\"unitCode-error\"");

        MvcResult ok = send(post("/admin/pki/officials").with(csrf()).param("username", "motcua.cnt").param("pin", "20262026"), "admin");
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        assertThat(ok.getResponse().getRedirectedUrl()).isEqualTo("/admin/pki");
        assertThat(body(send(get("/account/certificate"), "motcua.cnt"))).contains("id=\"my-certificate\"", "Hà Thị Ngọc Ánh", "Còn hiệu lực");
    }

    @Test
    void anyone_signed_in_checks_a_pdf_and_sees_each_signature() throws Exception {
        long ky = Principals.of(jdbc, "ky.btl86").officialId();
        byte[] signed = signatures.signPersonal(ky, "123456".toCharArray(), SigningFixtures.decree30Pdf("PHÓ TƯ LỆNH", "Nguyễn Văn Phúc"));
        MvcResult r = send(multipart("/office/signatures/validate").file(new MockMultipartFile("file", "qd.pdf", "application/pdf", signed)).with(csrf()),
                "baocao.sd3");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("id=\"verdict-valid\"", "Nguyễn Văn Phúc", "Hợp lệ");

        MvcResult tampered = send(multipart("/office/signatures/validate")
                .file(new MockMultipartFile("file", "qd.pdf", "application/pdf", SigningFixtures.tamper(signed))).with(csrf()), "baocao.sd3");
        assertThat(body(tampered)).contains("id=\"verdict-invalid\"", "Không hợp lệ");

        MvcResult notPdf = send(multipart("/office/signatures/validate")
                .file(new MockMultipartFile("file", "x.txt", "text/plain", "hello".getBytes())).with(csrf()), "baocao.sd3");
        assertThat(notPdf.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(notPdf)).contains("id=\"file-error\"", "Tệp không phải PDF");
    }

    @Test
    void an_official_without_a_certificate_is_told_so_and_may_upload_a_signature_image() throws Exception {
        assertThat(body(send(get("/account/certificate"), "giaiquyet.cnt"))).contains("id=\"no-certificate\"", "signature-preview");
        MvcResult bad = send(multipart("/account/certificate/image").file(new MockMultipartFile("image", "x.png", "image/png", "nope".getBytes()))
                .with(csrf()), "giaiquyet.cnt");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("id=\"image-error\"");
    }
}
