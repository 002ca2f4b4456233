package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 17 A: the EICAR test file is refused at every upload path of the API — found by walking every handler that
 * takes a file, so a new upload endpoint is covered the day it is written: 422, problem type {@code …/malware} naming
 * the file and the signature, in the caller's language; nothing stored; one security event per refusal. A clean file
 * on the same paths is not refused for malware.
 */
@PlatformTest
class EveryUploadIsScannedTest {

    @Autowired @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    record Upload(String method, String path, Set<String> parts) {}

    private List<Upload> uploads() {
        List<Upload> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod h = e.getValue();
            if (!h.getBeanType().isAnnotationPresent(RestController.class)) continue;
            Set<String> parts = new LinkedHashSet<>();
            boolean takesFiles = false;
            for (MethodParameter p : h.getMethodParameters()) {
                Class<?> t = p.getParameterType();
                boolean file = MultipartFile.class.isAssignableFrom(t) || MultipartHttpServletRequest.class.isAssignableFrom(t)
                        || (List.class.isAssignableFrom(t) && p.getGenericParameterType().getTypeName().contains("MultipartFile"));
                takesFiles |= file;
                RequestPart rp = p.getParameterAnnotation(RequestPart.class);
                RequestParam rq = p.getParameterAnnotation(RequestParam.class);
                String name = rp != null ? (rp.name().isEmpty() ? rp.value() : rp.name()) : rq != null ? (rq.name().isEmpty() ? rq.value() : rq.name()) : "";
                if (rp != null && name.isEmpty()) name = p.getParameterName();
                if ((rp != null || rq != null) && name != null && !name.isEmpty()) parts.add(name);
            }
            if (!takesFiles) continue;
            String method = e.getKey().getMethodsCondition().getMethods().stream().findFirst().map(Enum::name).orElse("POST");
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/api/")) out.add(new Upload(method, pattern.replaceAll("\\{[^}]+}", "1"), parts));
            }
        }
        return out;
    }

    private Api.Response send(Api api, Upload u, byte[] content, String language) {
        String boundary = "----truongson" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Set<String> parts = new LinkedHashSet<>(u.parts());
        parts.add("file");
        for (String part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"bao-cao-" + part
                    + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + u.path()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept-Language", language)
                .method(u.method(), HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return api.send(b, "admin");
    }

    @Test
    void theTestVirusIsRefusedAtEveryApiUploadPathAndNothingIsStored() {
        List<Upload> uploads = uploads();
        assertThat(uploads).as("the API's upload paths").hasSizeGreaterThanOrEqualTo(5)
                .extracting(Upload::path).contains("/api/v1/documents", "/api/v1/signatures/validate", "/api/v1/dossiers");
        Api api = new Api(port);
        long files = jdbc.sql("select count(*) from files_object").query(Long.class).single();
        long events = jdbc.sql("select count(*) from audit_event where action = 'secops.malware.refused'").query(Long.class).single();
        for (Upload u : uploads) {
            Api.Response r = send(api, u, Eicar.insidePdf(), "vi");
            assertThat(r.status()).as(u.method() + " " + u.path() + ": " + r.body()).isEqualTo(422);
            assertThat(r.json().get("type").asString()).endsWith("/malware");
            assertThat(r.json().get("detail").asString()).contains("bao-cao-", "mã độc", "TruongSon.Test.EICAR");
        }
        Api.Response en = send(api, uploads.getFirst(), Eicar.file(), "en");
        assertThat(en.json().get("detail").asString()).contains("carries malware");
        assertThat(jdbc.sql("select count(*) from files_object").query(Long.class).single()).as("files stored").isEqualTo(files);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.malware.refused' and outcome = 'DENIED'").query(Long.class).single())
                .as("one security event per refused request").isGreaterThanOrEqualTo(events + uploads.size() + 1);
    }

    @Test
    void aCleanFileIsNotRefusedForMalware() {
        Api api = new Api(port);
        Upload validate = new Upload("POST", "/api/v1/signatures/validate", Set.of());
        Api.Response r = send(api, validate, "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII), "vi");
        assertThat(r.status()).as(r.body()).isNotEqualTo(422).isLessThan(500);
    }
}
