package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 10, the edge of the platform: NUL and lone surrogates refused everywhere by one filter (finding 7); errors
 * outside Spring as problem+json in the caller's language (finding 8); administration, audit and API documentation
 * refused outside the military network, and the refusal audited (finding 10); the headers of web hygiene (finding 13).
 */
@PlatformTest
class EdgeTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    // ---- finding 7: NUL and lone surrogates -------------------------------------------------------------------------

    static void refusedNaming(Api.Response r, String field, String what) {
        assertThat(r.status()).as(what + " " + r.body()).isEqualTo(400);
        assertThat(r.headers().get("content-type").get(0)).as(what).contains("problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asString()).as(what + " " + r.body()).isEqualTo(field);
    }

    @Test
    void nul_and_lone_surrogates_in_query_parameters_are_a_400_naming_the_parameter_on_every_list() {
        // %00 is NUL; %ED%A0%80 is U+D800 (a lone high surrogate) in CESU form, which is not UTF-8.
        for (String bad : List.of("a%00b", "%ED%A0%80", "a%ED%B0%80b", "%C0%80")) {
            for (String path : List.of("/api/v1/units", "/api/v1/officials", "/api/v1/documents", "/api/v1/audit", "/api/v1/procedures")) {
                refusedNaming(api.get(path + "?q=" + bad, "admin"), "q", path + "?q=" + bad);
            }
            // The public portal, and the screens, without a session: the same refusal, before anything else.
            for (String path : List.of("/procedures", "/office/units", "/office/officials", "/office/documents")) {
                Api.Response r = api.get(path + "?q=" + bad, null);
                assertThat(r.status()).as(path + "?q=" + bad + " " + r.body()).isEqualTo(400);
            }
        }
        // The parameter's name itself, and the path.
        refusedNaming(api.get("/api/v1/units?a%00b=1", "admin"), "a?b", "name");
        Api.Response path = api.get("/api/v1/units/1%00", "admin");
        assertThat(path.status()).as(path.body()).isEqualTo(400);
        assertThat(path.headers().get("content-type").get(0)).contains("problem+json");
        // A screen in the browser shows the error page in Vietnamese, naming the field.
        var page = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/procedures?q=a%00b")).header("Accept", "text/html").GET(), null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("q: ").contains("NUL");
    }

    @Test
    void nul_and_lone_surrogates_in_json_and_form_fields_are_a_400_naming_the_field_and_nothing_is_stored() throws Exception {
        String parent = jdbc.sql("select id::text from org_unit where code = 'BQP'").query(String.class).single();
        long units = jdbc.sql("select count(*) from org_unit").query(Long.class).single();
        for (String name : List.of("Đơn vị \\ud800 thử", "\\udc00", "Đơn vị\\u0000")) {
            var r = api.post("/api/v1/units", "admin", "{\"code\":\"SUR1\",\"name\":\"" + name + "\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
            refusedNaming(r, "name", name);
        }
        // A pair is a character, not a lone surrogate: 𝔸 (U+1D538) is accepted.
        var pair = api.post("/api/v1/units", "admin", "{\"code\":\"SUR2\",\"name\":\"Đơn vị \\ud835\\udd38\",\"shortName\":\"X\",\"kind\":\"UNIT\",\"parentId\":\"" + parent + "\"}");
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from org_unit").query(Long.class).single()).isEqualTo(units + 1);
        // A form field (the screens): NUL, and bytes that were not UTF-8 (the container's U+FFFD).
        for (String value : List.of("Tên\u0000", "Tên\ud800", "Tên\ufffd")) {
            MockHttpServletResponse res = mvc.perform(post("/admin/units/new").with(Principals.as(jdbc, "admin")).with(csrf())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("code", "SUR3").param("name", value).param("parentId", parent))
                    .andReturn().getResponse();
            assertThat(res.getStatus()).as(value).isEqualTo(400);
        }
        assertThat(jdbc.sql("select count(*) from org_unit where code = 'SUR3'").query(Long.class).single()).isZero();
    }

    // ---- finding 8: errors outside Spring ---------------------------------------------------------------------------

    record Raw(int status, Map<String, String> headers, String body) {}

    /** One request on a raw socket, as an attacker sends it: no client library to normalise it first. */
    Raw raw(String head, byte[] body, boolean readAll) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    b.write(buf, 0, n);
                    String sofar = b.toString(StandardCharsets.UTF_8);
                    while (sofar.startsWith("HTTP/1.1 1") && sofar.indexOf("\r\n\r\n") > 0) sofar = sofar.substring(sofar.indexOf("\r\n\r\n") + 4);
                    int end = sofar.indexOf("\r\n\r\n");
                    if (!readAll && end > 0) {
                        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(sofar.substring(0, end));
                        if (m.find() && sofar.getBytes(StandardCharsets.UTF_8).length >= end + 4 + Integer.parseInt(m.group(1))) break;
                    }
                }
            } catch (java.net.SocketException e) {
                // The server closed the connection after answering: what was read is the answer.
            }
            String text = b.toString(StandardCharsets.UTF_8);
            // An interim 100 Continue comes before the answer.
            while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) text = text.substring(text.indexOf("\r\n\r\n") + 4);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP answer: " + text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) headers.put(lines[i].substring(0, c).strip(), lines[i].substring(c + 1).strip());
            }
            String rest = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) rest = dechunk(rest);
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, rest);
        }
    }

    static String dechunk(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf("\r\n", i);
            if (nl < 0) break;
            int size = Integer.parseInt(s.substring(i, nl).strip(), 16);
            if (size == 0) break;
            // Sizes count bytes; the bodies here are short enough to work in bytes.
            byte[] rest = s.substring(nl + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
            b.append(chunk);
            i = nl + 2 + chunk.length() + 2;
        }
        return b.toString();
    }

    static JsonNode problem(Raw r, int status, String what) {
        assertThat(r.status()).as(what + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().get("Content-Type")).as(what + " " + r.headers()).startsWith("application/problem+json");
        JsonNode n = Api.json(r.body());
        assertThat(n.get("status").asInt()).isEqualTo(status);
        assertThat(n.get("title").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Apache Tomcat").doesNotContain("<html");
        return n;
    }

    @Test
    void errors_outside_spring_are_problems_in_the_callers_language() throws Exception {
        // An encoded slash: Tomcat refuses it before any filter.
        JsonNode slash = problem(raw("GET /api/v1/units/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null, true), 400, "%2F");
        assertThat(slash.get("title").asString()).isEqualTo("Dữ liệu không hợp lệ");
        JsonNode slashEn = problem(raw("GET /api/v1/units/a%2Fb HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nConnection: close\r\n\r\n", null, true), 400, "%2F en");
        assertThat(slashEn.get("title").asString()).isEqualTo("Invalid input");
        // A 100,000-character query.
        JsonNode query = problem(raw("GET /api/v1/units?q=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null, true), 414, "query");
        assertThat(query.get("detail").asString()).contains("8192");
        // A 10,000-character bearer token.
        JsonNode token = problem(raw("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nAuthorization: Bearer " + "x".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n", null, true), 431, "token");
        assertThat(token.get("detail").asString()).containsIgnoringCase("Authorization");
        // An upload over 60 MB: refused before a byte of the body is read, with or without Expect: 100-continue.
        String upload = "POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.token("admin")
                + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (61L * 1024 * 1024) + "\r\n";
        problem(raw(upload + "Expect: 100-continue\r\n\r\n", null, false), 413, "upload with Expect");
        problem(raw(upload + "\r\n", new byte[64 * 1024], false), 413, "upload");
        // A path no controller serves is a problem too (Spring's side, for completeness).
        problem(raw("GET /api/v1/nothing-here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null, true), 401, "no such path, no token");
    }

    // ---- finding 10: administration only from the military network --------------------------------------------------

    static RequestPostProcessor from(String address) {
        return req -> {
            req.setRemoteAddr(address);
            return req;
        };
    }

    long refusals() {
        return jdbc.sql("select count(*) from audit_event where action = 'access.zone.refused'").query(Long.class).single();
    }

    @Test
    void administration_audit_and_api_docs_are_refused_from_the_internet_and_the_refusal_is_audited() throws Exception {
        String internet = "203.0.113.9";
        String mobile = "100.64.3.7";
        long before = refusals();
        for (String address : List.of(internet, mobile)) {
            for (String path : List.of("/api/v1/audit", "/api/v1/audit/verify", "/api/v1/zones")) {
                MockHttpServletResponse r = mvc.perform(get(path).with(Principals.as(jdbc, "admin")).with(from(address))).andReturn().getResponse();
                assertThat(r.getStatus()).as(address + " " + path).isEqualTo(403);
                assertThat(r.getContentType()).contains("problem+json");
                assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("mạng truyền số liệu quân sự");
            }
            // The admin API's changes, the screens, the audit screens and the API documentation.
            assertThat(mvc.perform(post("/api/v1/units").with(Principals.as(jdbc, "admin")).with(from(address)).contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andReturn().getResponse().getStatus()).isEqualTo(403);
            for (String path : List.of("/admin/zones", "/admin/pki", "/office/audit", "/admin/calendar")) {
                MockHttpServletResponse r = mvc.perform(get(path).with(Principals.as(jdbc, "admin")).with(from(address)).accept(MediaType.TEXT_HTML)
                        .locale(Locale.forLanguageTag("vi"))).andReturn().getResponse();
                assertThat(r.getStatus()).as(address + " " + path).isEqualTo(403);
            }
            for (String path : List.of("/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
                assertThat(mvc.perform(get(path).with(from(address))).andReturn().getResponse().getStatus()).as(address + " " + path).isEqualTo(403);
            }
        }
        // Each refusal left a row, with the zone and the person who tried.
        assertThat(refusals()).isEqualTo(before + 2 * (3 + 1 + 4 + 3));
        var last = jdbc.sql("select actor, zone, outcome, target from audit_event where action = 'access.zone.refused' and actor = 'admin' order by id desc limit 1")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).single();
        assertThat(last).containsExactly("admin", "mobile", "DENIED", "GET /admin/calendar");
        // Reading lists from the internet is not administration; from the military network everything answers.
        assertThat(mvc.perform(get("/api/v1/units").with(Principals.as(jdbc, "admin")).with(from(internet))).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/api/v1/audit").with(Principals.as(jdbc, "admin"))).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void the_zones_allowed_for_administration_are_configurable() throws Exception {
        var settings = new AdministrationZones.Settings(List.of("military-network", "mobile"), null, null);
        var filter = new AdministrationZones(settings, null, null);
        assertThat(filter.administrative("GET", "/api/v1/audit")).isTrue();
        assertThat(filter.administrative("GET", "/api/v1/units")).isFalse();
        assertThat(filter.administrative("POST", "/api/v1/units")).isTrue();
        assertThat(filter.administrative("GET", "/swagger-ui/index.html")).isTrue();
        var req = new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/v1/audit");
        req.setAttribute("vn.truongson.access.RequestOrigin.zone", vn.truongson.access.NetworkZone.MOBILE);
        org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(new org.springframework.web.context.request.ServletRequestAttributes(req));
        try {
            var chain = new org.springframework.mock.web.MockFilterChain();
            filter.doFilter(req, new org.springframework.mock.web.MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as("mobile allowed by configuration: passed on").isNotNull();
        } finally {
            org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AdministrationZones.Settings(List.of("moon"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- finding 13: web hygiene ------------------------------------------------------------------------------------

    @Test
    void pages_carry_a_csp_without_inline_scripts_a_same_origin_referrer_and_a_secure_cookie_over_tls() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String path : List.of("/login", "/procedures", "/office/programme")) {
            MockHttpServletResponse r = mvc.perform(get(path).with(Principals.as(jdbc, "chihuy.bqp"))).andReturn().getResponse();
            String csp = r.getHeader("Content-Security-Policy");
            if (csp == null) {
                problems.add(path + ": no CSP");
                continue;
            }
            String scripts = java.util.Arrays.stream(csp.split(";")).map(String::strip).filter(d -> d.startsWith("script-src")).findFirst().orElse("");
            if (!scripts.equals("script-src 'self'")) problems.add(path + ": " + csp);
            if (!"same-origin".equals(r.getHeader("Referrer-Policy"))) problems.add(path + ": Referrer-Policy " + r.getHeader("Referrer-Policy"));
        }
        assertThat(problems).isEmpty();
        // No page may rely on an inline script: none is left in the templates.
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/resources/templates"))) {
            List<String> inline = new ArrayList<>();
            files.filter(f -> f.toString().endsWith(".html")).forEach(f -> {
                try {
                    String html = java.nio.file.Files.readString(f);
                    var m = java.util.regex.Pattern.compile("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\\son[a-z]+=\"", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(html);
                    if (m.find()) inline.add(f + ": " + m.group());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(inline).isEmpty();
        }
        // The session cookie is Secure when the request came over TLS (directly, or as the configured proxy says).
        MockHttpServletResponse tls = mvc.perform(get("/login").secure(true)).andReturn().getResponse();
        String cookie = String.join("\n", tls.getHeaders("Set-Cookie"));
        assertThat(cookie).contains("SESSION=").containsIgnoringCase("Secure");
        MockHttpServletResponse plain = mvc.perform(get("/login")).andReturn().getResponse();
        assertThat(String.join("\n", plain.getHeaders("Set-Cookie"))).contains("SESSION=").doesNotContainIgnoringCase("Secure");
    }
}
