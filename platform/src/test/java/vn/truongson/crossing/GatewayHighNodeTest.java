package vn.truongson.crossing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.EdxmlExchange;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlForwarder;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.support.Api;
import vn.truongson.support.Chromium;
import vn.truongson.support.PlatformTest;

/**
 * Issue 15, the rest, against the real gateway process on a context that is a <b>high node</b>
 * ({@code truongson.node.role=high}; its scheduler off, so the test drives the outbox and the claimer itself). The
 * gateway starts first, on free loopback ports it writes once bound, and the context is given its high listener. The
 * test plays the low node too, through the low listener (as {@link GatewayProcessTest}): edXML from another agency
 * accepted on the low side crosses up and is imported as incoming; an issued document sent on the external axis crosses
 * down after two-person release — in Debian's Chromium on {@code /office/gateway}, reached from the office menu — and
 * 12 concurrent second approvals release it once; a classified document is refused before it is queued, a "MẬT" in a
 * Thường one at the gateway; the citizen's answer to a supplement request crosses up into the one-stop dossier, once.
 */
@PlatformTest
@org.springframework.test.annotation.DirtiesContext // a high-node context no other class shares: closed after this class, not at the JVM's exit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayHighNodeTest {

    static final String LOW_TOKEN = "low-token-high-node-test";
    static final String HIGH_TOKEN = "high-token-high-node-test";
    static Process gateway;
    static Path data;
    static int lowPort, highPort;

    @LocalServerPort int port;
    @Autowired Outbox outbox;
    @Autowired Inbox inbox;
    @Autowired Releases releases;
    @Autowired EdxmlExchange edxml;
    @Autowired Dossiers dossiers;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired AuditTrail audit;
    @Autowired org.springframework.context.ApplicationContext context;

    /** The gateway first (ports bound, written to their files), then the context, told its high listener. */
    @DynamicPropertySource
    static void highNode(DynamicPropertyRegistry r) throws Exception {
        startGateway();
        r.add("truongson.node.role", () -> "high");
        r.add("truongson.gateway.url", () -> "http://127.0.0.1:" + highPort);
        r.add("truongson.gateway.token", () -> HIGH_TOKEN);
        r.add("truongson.scheduler.enabled", () -> "false");
    }

    static void startGateway() throws Exception {
        data = Files.createTempDirectory("gw-high-node");
        Path lowFile = data.resolve("low.port"), highFile = data.resolve("high.port");
        String java = ProcessHandle.current().info().command().orElse("java");
        gateway = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", GatewayProcessTest.jar().toString(),
                "--gateway.data-dir=" + data.resolve("gw"), "--gateway.low.token=" + LOW_TOKEN, "--gateway.high.token=" + HIGH_TOKEN,
                "--gateway.clamd.enabled=false", "--gateway.claim-lease=2s", "--gateway.low.port-file=" + lowFile, "--gateway.high.port-file=" + highFile)
                .redirectErrorStream(true).redirectOutput(data.resolve("gateway.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.isRegularFile(lowFile) && Files.isRegularFile(highFile) && Files.size(lowFile) > 0 && Files.size(highFile) > 0)) {
            if (!gateway.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException("the gateway did not start: " + Files.readString(data.resolve("gateway.log")));
            }
            Thread.sleep(200);
        }
        lowPort = Integer.parseInt(Files.readString(lowFile).strip());
        highPort = Integer.parseInt(Files.readString(highFile).strip());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * What this high node queued is delivered to its own listener before the next test: the outbox table is the run's,
     * and a single node's test (GatewayProcessTest) delivering "what is due" would otherwise post these notices to the
     * low listener, which refuses them as going the wrong way.
     */
    @AfterEach
    void deliverWhatThisNodeQueued() {
        outbox.retryNow();
        outbox.deliverDue(high(), 1000);
    }

    GatewayClient low() {
        return new GatewayClient("http://127.0.0.1:" + lowPort, LOW_TOKEN);
    }

    GatewayClient high() {
        return new GatewayClient("http://127.0.0.1:" + highPort, HIGH_TOKEN);
    }

    /** This context's forwarder as a low node would have it (same outbox, the low side's role). */
    EdxmlCrossing lowForwarder() {
        return new EdxmlCrossing(outbox, new NodeProperties(new NodeProperties.Node(NodeProperties.Role.LOW),
                new NodeProperties.Gateway("http://127.0.0.1:" + lowPort, LOW_TOKEN)), audit);
    }

    CrossingSteps steps() {
        return new CrossingSteps(outbox, inbox, jdbc);
    }

    List<Outbox.Attempt> deliver(GatewayClient c, String... ids) {
        return steps().deliver(c, ids);
    }

    List<Inbox.Outcome> claim(GatewayClient c, String... ids) {
        return steps().claim(c, ids);
    }

    void signIn(String username) {
        steps().signIn(username);
    }

    void grantRelease(String username) {
        steps().grantRelease(username);
    }

    long outboxRows(String ref) {
        return jdbc.sql("select count(*) from crossing_outbox where ref = ?").param(ref).query(Long.class).single();
    }

    String outboxId(String ref) {
        return jdbc.sql("select message_id from crossing_outbox where ref = ?").param(ref).query(String.class).single();
    }

    static byte[] pdf(String subject, String body) {
        return Decree30.pdf(new Decree30Document("Chính phủ", "Văn phòng Chính phủ", DocumentNumber.notIssued("VPCP-TTĐT"), SecrecyLevel.THUONG,
                new PlaceAndDate("Hà Nội", LocalDate.of(2026, 11, 20)), "Thông báo", subject,
                List.of(new Decree30Document.Section(null, List.of(new Decree30Document.Paragraph(body)))),
                new Decree30Document.Signature(List.of("PHÓ CHỦ NHIỆM"), "Nguyễn Văn A"), List.of("Như trên", "Lưu: VT")));
    }

    static byte[] png() throws Exception {
        var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    String organ(String unitCode) {
        return jdbc.sql("select organ_id from org_unit where code = ?").param(unitCode).query(String.class).single();
    }

    EdxmlMessage fromGovernmentOffice(String subject, String number) throws Exception {
        return new EdxmlMessage(new EdxmlMessage.Organ("000.00.00.G22", "Văn phòng Chính phủ", "Chính phủ", null, null, null, null, null),
                List.of(new EdxmlMessage.Organ(organ("QK1"), "Quân khu 1", null, null, null, null, null, null)),
                number, "VPCP-TTĐT", "Hà Nội", "2026-11-20", "TB", "Thông báo", subject, null,
                new EdxmlMessage.Signer(null, "Phó Chủ nhiệm", "Nguyễn Văn A"), null, List.of("Như trên"),
                new EdxmlMessage.OtherInfo("0", null, null, "1", "1", List.of()), null, "1",
                "000.00.00.G22,2026/11/20," + number + "/VPCP-TTĐT", List.of(new EdxmlMessage.Trace("000.00.00.G22", "2026-11-20T09:15:00+07:00")), null,
                List.of(new EdxmlMessage.Attachment("cid-1", number + "-VPCP.pdf", "application/pdf", "Thông báo", pdf(subject, "Văn phòng Chính phủ thông báo.")),
                        new EdxmlMessage.Attachment("cid-2", "so-do.png", "image/png", null, png())));
    }

    // ---- issued documents of the high side, sent on the external axis ------------------------------------------------

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    String official(String username) {
        return jdbc.sql("select official_id::text from access_account where username = ?").param(username).query(String.class).single();
    }

    /** A document of BTL86 to the Government Office (outside the platform), issued (number from the real register), not yet sent. */
    long issuedToOutside(Api api, String subject, String secrecy) {
        String metadata = """
                {"type":"CV","subject":"%s","secrecy":"%s","urgency":"THUONG","issuingUnitId":"%s","signerId":"%s",
                 "recipients":[{"organId":"000.00.00.G22","name":"Văn phòng Chính phủ"}],"body":"%s. Nội dung gửi Văn phòng Chính phủ."}"""
                .formatted(subject, secrecy, unit("BTL86"), official("ky.btl86"), subject);
        String boundary = "----doc" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata
                + "\r\n--" + boundary + "--\r\n";
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))), secrecy.equals("THUONG") ? "soanthao.btl86" : "vanthu.btl86");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = Long.parseLong(r.json().get("id").asString());
        int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
        boolean classified = !secrecy.equals("THUONG");
        int n = jdbc.sql("""
                insert into document_register (unit_id, year, direction, classified, last_number) values (?, ?, 'OUT', ?, 1)
                on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1
                returning last_number""").params(Long.parseLong(unit("BTL86")), year, classified).query(Integer.class).single();
        jdbc.sql("update document_document set status = 'ISSUED', number = ?, year = ?, issued_at = now(), signed_at = now() where id = ?")
                .params(n, year, id).update();
        return id;
    }

    Api.Response sendOutside(Api api, long id) {
        return api.post("/api/v1/documents/" + id + "/send", "vanthu.btl86", "{\"channel\":\"EXTERNAL\"}");
    }

    /**
     * {@code POST /api/v1/exchange/edxml} as a low node answers it: the document module's own controller and exchange,
     * built over this context's beans with the low side's forwarder (a standalone MockMvc; the context itself is a high node).
     */
    org.springframework.test.web.servlet.MockMvc lowNodeExchange() throws Exception {
        EdxmlForwarder lowSide = lowForwarder();
        org.springframework.beans.factory.ObjectProvider<EdxmlForwarder> provider = new org.springframework.beans.factory.ObjectProvider<>() {
            @Override public EdxmlForwarder getObject(Object... args) { return lowSide; }
            @Override public EdxmlForwarder getIfAvailable() { return lowSide; }
            @Override public EdxmlForwarder getIfUnique() { return lowSide; }
            @Override public EdxmlForwarder getObject() { return lowSide; }
        };
        var ctor = EdxmlExchange.class.getDeclaredConstructors()[0];
        ctor.setAccessible(true);
        Object[] args = new Object[ctor.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Class<?> t = ctor.getParameterTypes()[i];
            args[i] = t == org.springframework.beans.factory.ObjectProvider.class ? provider
                    : t == org.springframework.context.ApplicationEventPublisher.class ? context : context.getBean(t);
        }
        EdxmlExchange exchange = (EdxmlExchange) ctor.newInstance(args);
        var controller = Class.forName("vn.truongson.document.edxml.EdxmlController")
                .getDeclaredConstructor(EdxmlExchange.class, vn.truongson.document.DocumentProperties.class);
        controller.setAccessible(true);
        return org.springframework.test.web.servlet.setup.MockMvcBuilders
                .standaloneSetup(controller.newInstance(exchange, context.getBean(vn.truongson.document.DocumentProperties.class))).build();
    }

    // ---- the tests ---------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void edxml_from_another_agency_crosses_up_and_is_imported_once_as_incoming() throws Exception {
        EdxmlMessage m = fromGovernmentOffice("Về việc chuyển đổi số qua cổng kết nối", "8101");
        byte[] xml = EdXml.write(m);
        EdxmlExchange.Forwarded f;
        try {
            signIn("vanthu.qk1");
            f = edxml.accept(xml, lowForwarder());
            // The same message again (the axis retried): the same id, queued once.
            assertThat(edxml.accept(xml, lowForwarder()).messageId()).isEqualTo(f.messageId());
            // Not a clerk of the addressed unit: refused as an import would be, nothing queued.
            signIn("vanthu.btl86");
            assertThatThrownBy(() -> edxml.accept(EdXml.write(fromGovernmentOffice("Không phải đơn vị nhận", "8102")), lowForwarder()))
                    .isInstanceOf(DomainException.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(f.messageId()).startsWith("edxml-in:");
        // Over HTTP, as the low node answers the axis: 202, the message id, nothing imported.
        try {
            signIn("vanthu.qk1");
            var r = lowNodeExchange().perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/exchange/edxml")
                    .contentType("application/xml").content(xml)).andReturn().getResponse();
            assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(202);
            JsonNode answer = json.readTree(r.getContentAsString(StandardCharsets.UTF_8));
            assertThat(answer.path("messageId").asString()).isEqualTo(f.messageId());
            assertThat(answer.path("status").asString()).isEqualTo("QUEUED");
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(jdbc.sql("select count(*) from crossing_outbox where message_id = ?").param(f.messageId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from crossing_outbox where ref like ?").param("edxml:%8102/VPCP%").query(Long.class).single()).isZero();
        long documentsBefore = jdbc.sql("select count(*) from document_document where edxml_header like ?").param("%8101/VPCP-TTĐT%").query(Long.class).single();
        assertThat(documentsBefore).as("nothing imported on the low side").isZero();

        assertThat(deliver(low(), f.messageId())).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        JsonNode accepted = json.readTree(jdbc.sql("select answer from crossing_outbox where message_id = ?").param(f.messageId()).query(String.class).single());
        assertThat(accepted.path("state").asString()).isEqualTo("QUEUED");
        // The gateway rebuilt the PDF and re-encoded the image, as for a dossier (CDR).
        assertThat(accepted.toString()).contains("cdr:rebuilt");

        // A claim not acknowledged (the high node stopped) is offered again after the lease; imported once.
        assertThat(high().post("/v1/inbox/claim?limit=100", new byte[0]).body()).contains(f.messageId());
        Thread.sleep(2500);
        List<Inbox.Outcome> got = claim(high(), f.messageId());
        assertThat(got).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED");
        assertThat(got.get(0).acknowledged()).isTrue();
        long docId = Long.parseLong(got.get(0).ref().substring("document:".length()));
        // Replayed at the gateway (the same message posted again): answered as the first time, never offered again.
        byte[] body = jdbc.sql("select body from crossing_outbox where message_id = ?").param(f.messageId()).query(byte[].class).single();
        assertThat(low().post("/v1/messages", body).status()).isEqualTo(202);
        Thread.sleep(2500);
        assertThat(claim(high(), f.messageId())).isEmpty();
        assertThat(jdbc.sql("select count(*) from document_document where edxml_header like ?").param("%8101/VPCP-TTĐT%").query(Long.class).single())
                .as("imported once").isEqualTo(1);

        // Incoming for QK1: arrived (Đã đến) for its clerks to receive, the attachments kept, the import audited with the message id.
        assertThat(jdbc.sql("select status from document_recipient where document_id = ?").param(docId).query(String.class).list()).containsExactly("DELIVERED");
        assertThat(jdbc.sql("select status, origin, secrecy from document_document where id = ?").param(docId)
                .query((rs, i) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3)).single()).isEqualTo("RECEIVED/EDXML/THUONG");
        assertThat(jdbc.sql("select count(*) from document_attachment where document_id = ?").param(docId).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select detail from audit_event where action = 'document.edxml.import' and target = ?").param("document:" + docId)
                .query(String.class).single()).contains(f.messageId());
        Api api = new Api(port);
        var receive = api.post("/api/v1/documents/" + docId + "/receive", "vanthu.qk1", "{}");
        assertThat(receive.status()).as(receive.body()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void a_classified_document_is_refused_before_it_is_queued_and_a_marked_one_at_the_gateway() throws Exception {
        Api api = new Api(port);
        long secret = issuedToOutside(api, "Kế hoạch bảo đảm an toàn thông tin", "MAT");
        var refused = sendOutside(api, secret);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(outboxRows("document:" + secret)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'document.send' and target = ? and outcome = ?")
                .params("document:" + secret, AuditTrail.DENIED).query(Long.class).single()).isEqualTo(1);
        // The crossing's own rule, whoever calls it: a label above Thường never reaches the outbox, and the refusal is audited.
        EdxmlCrossing forwarder = new EdxmlCrossing(outbox, new NodeProperties(new NodeProperties.Node(NodeProperties.Role.HIGH),
                new NodeProperties.Gateway("http://127.0.0.1:" + highPort, HIGH_TOKEN)), audit);
        EdxmlMessage m = fromGovernmentOffice("Văn bản mật thử", "8103");
        assertThatThrownBy(() -> forwarder.forward(EdxmlForwarder.Direction.OUTGOING, m, SecrecyLevel.MAT, "document:test-" + secret))
                .isInstanceOf(DomainException.Conflict.class);
        assertThat(outboxRows("document:test-" + secret)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'crossing.edxml.refuse' and target = ? and outcome = ?")
                .params("document:test-" + secret, AuditTrail.DENIED).query(Long.class).single()).isEqualTo(1);
        // Hidden and missing alike: a clerk of another unit sending it, and an id that does not exist.
        var hidden = api.post("/api/v1/documents/" + secret + "/send", "vanthu.qk1", "{\"channel\":\"EXTERNAL\"}");
        var missing = api.post("/api/v1/documents/987654321/send", "vanthu.qk1", "{\"channel\":\"EXTERNAL\"}");
        assertThat(hidden.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(hidden.body(), secret)).isEqualTo(vn.truongson.support.Api.withoutId(missing.body(), "987654321"));

        // Thường by its label, "MẬT" stamped in its subject: queued, refused at the gateway (MARKING), kept REFUSED with the reason.
        long marked = issuedToOutside(api, "Kế hoạch diễn tập TÀI LIỆU MẬT", "THUONG");
        assertThat(sendOutside(api, marked).status()).isEqualTo(200);
        String id = outboxId("document:" + marked);
        assertThat(deliver(high(), id)).extracting(Outbox.Attempt::state).containsExactly("REFUSED");
        assertThat(jdbc.sql("select answer from crossing_outbox where message_id = ?").param(id).query(String.class).single()).contains("MARKING");
    }

    @Test
    @Order(3)
    void an_issued_document_crosses_down_after_two_officials_release_it_in_the_browser_and_twelve_concurrent_approvals_act_once() throws Exception {
        grantRelease("motcua.bdbp");
        grantRelease("baomat.bqp");
        Api api = new Api(port);
        long a = issuedToOutside(api, "Về việc phối hợp bảo đảm liên lạc", "THUONG");
        long b = issuedToOutside(api, "Về việc trao đổi văn bản điện tử", "THUONG");
        assertThat(sendOutside(api, a).status()).isEqualTo(200);
        assertThat(sendOutside(api, b).status()).isEqualTo(200);
        String idA = outboxId("document:" + a), idB = outboxId("document:" + b);
        assertThat(idA).startsWith("edxml-out:");
        assertThat(deliver(high(), idA, idB)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED", "ACCEPTED");
        assertThat(claim(low(), idA, idB)).as("held for release").isEmpty();

        // In the browser: the first releaser from the office menu, then a second, different one.
        try (Chromium browser = Chromium.start()) {
            WebDriver d = browser.driver();
            d.manage().window().setSize(new Dimension(1366, 900));
            String base = "http://localhost:" + port;
            signIn(browser, base, "giaiquyet.bdbp");
            assertThat(d.findElements(By.id("nav-gateway"))).as("no release, security or administration role: no link").isEmpty();
            d.get(base + "/office/gateway");
            assertThat(d.findElement(By.tagName("body")).getText()).doesNotContain("Tin chờ phát hành");
            d.manage().deleteAllCookies();

            signIn(browser, base, "motcua.bdbp");
            click(d, d.findElement(By.cssSelector("#nav-gateway a")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("gateway-page")));
            WebElement held = d.findElement(By.cssSelector(".held[data-id='" + idA + "']"));
            assertThat(held.getText()).contains("Văn bản điện tử (edXML)", "Về việc phối hợp bảo đảm liên lạc", "Văn phòng Chính phủ", "Chưa có");
            assertThat(d.findElement(By.id("gateway-page")).getText()).doesNotContain("edxml.package", "PENDING_RELEASE", "ACCEPTED");
            click(d, held.findElement(By.cssSelector("button.approve")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("approve-done")));
            assertThat(d.findElement(By.id("approve-done")).getText()).contains("cần thêm một cán bộ khác");
            assertThat(d.findElement(By.cssSelector(".held[data-id='" + idA + "']")).getText()).contains("Ông/bà đã phê duyệt; chờ cán bộ thứ hai.");
            shoot(d, "gateway-held-1366");
            d.manage().deleteAllCookies();

            signIn(browser, base, "baomat.bqp");
            d.get(base + "/office/gateway");
            click(d, d.findElement(By.cssSelector(".held[data-id='" + idA + "'] button.approve")));
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("approve-done")));
            assertThat(d.findElement(By.id("approve-done")).getText()).contains("Đã phát hành");
            assertThat(d.findElements(By.cssSelector(".held[data-id='" + idA + "']"))).isEmpty();
            d.manage().window().setSize(new Dimension(390, 900));
            d.get(base + "/office/gateway");
            long width = (Long) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth");
            assertThat(width).as("no sideways scroll at 390 px").isLessThanOrEqualTo(390);
            shoot(d, "gateway-390");
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'crossing.release.approve' and target = ? and outcome = ?")
                .params("gateway:" + idA, AuditTrail.SUCCESS).query(Long.class).single()).isEqualTo(2);

        // B: one approval, then 12 concurrent second approvals by another official: released once.
        try {
            signIn("motcua.bdbp");
            assertThat(releases.approve(idB).released()).isFalse();
        } finally {
            SecurityContextHolder.clearContext();
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Callable<String> c = () -> {
                signIn("baomat.bqp");
                try {
                    go.await();
                    Releases.Approval r = releases.approve(idB);
                    return r.released() ? "RELEASED" : r.ok() ? "APPROVED" : "REFUSED";
                } catch (DomainException.NotFound e) {
                    return "GONE";
                } finally {
                    SecurityContextHolder.clearContext();
                }
            };
            results.add(pool.submit(c));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> r : results) outcomes.add(r.get(120, TimeUnit.SECONDS));
        pool.shutdown();
        assertThat(outcomes).filteredOn("RELEASED"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("APPROVED"::equals).isEmpty();
        JsonNode log = json.readTree(high().get("/v1/log?event=RELEASED").body());
        long releasedLines = 0;
        for (JsonNode l : log.isArray() ? log : log.path("entries")) if (l.toString().contains(idB)) releasedLines++;
        assertThat(releasedLines).as(log.toString()).isEqualTo(1);

        // The low node takes both, once each, and keeps each whole message for the national axis.
        List<Inbox.Outcome> down = claim(low(), idA, idB);
        assertThat(down).extracting(Inbox.Outcome::outcome).containsExactlyInAnyOrder("IMPORTED", "IMPORTED");
        Thread.sleep(2500);
        assertThat(claim(low(), idA, idB)).isEmpty();
        byte[] kept = jdbc.sql("select body from crossing_edxml_outgoing where message_id = ?").param(idA).query(byte[].class).single();
        EdxmlMessage out = EdXml.read(kept, 40L * 1024 * 1024, 30L * 1024 * 1024);
        assertThat(out.subject()).isEqualTo("Về việc phối hợp bảo đảm liên lạc");
        assertThat(out.to()).extracting(EdxmlMessage.Organ::organId).containsExactly("000.00.00.G22");
        assertThat(new String(out.attachments().get(0).content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(jdbc.sql("select count(*) from crossing_edxml_outgoing where message_id in (?, ?)").params(idA, idB).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void the_citizens_answer_to_a_supplement_request_crosses_up_into_the_one_stop_dossier_once() throws Exception {
        String idNumber = GatewayCrossingTest.idNumber();
        var me = new CitizenIdentity(idNumber, "Đỗ Thị Hạnh", LocalDate.of(1988, 7, 8), Gender.FEMALE, "Hải Phòng", "0912345678", "hanh@example.vn", 2);
        Map<String, Object> form = Map.of("vesselName", "HAI PHONG STAR", "imo", "9456789", "flag", "VNM", "master", "TRAN VAN BA", "crew", "8",
                "passengers", "0", "port", "Hải Phòng", "eta", "03/05/2026");
        byte[] pdf = GatewayProcessTest.pdf();
        Dossier filed = dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf)));
        String envelope = outbox.enqueueDossier(filed.code());
        assertThat(deliver(low(), envelope)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        List<Inbox.Outcome> in = claim(high(), envelope);
        assertThat(in).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED");
        String highCode = in.get(0).ref().substring("dossier:".length());

        // The desk asks for a supplement; the notice goes out and reaches the citizen's dossier on the low side.
        try {
            signIn("motcua.bdbp");
            dossiers.requestSupplement(highCode, "Bổ sung danh sách thuyền viên có xác nhận của thuyền trưởng");
        } finally {
            SecurityContextHolder.clearContext();
        }
        String notice = jdbc.sql("select message_id from crossing_outbox where ref = ? and type = 'dossier.notice' order by id desc limit 1")
                .param("dossier:" + highCode).query(String.class).single();
        assertThat(deliver(high(), notice)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        assertThat(claim(low(), notice)).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED");
        assertThat(dossiers.forCrossing(filed.code()).dossier().status().name()).isEqualTo("SUPPLEMENT_REQUESTED");

        // The citizen answers on the low side: the file and the note go up (queued once however often asked).
        dossiers.answerSupplement(me, filed.code(), "Đã bổ sung danh sách có xác nhận", List.of(Dossiers.Upload.of("crewList", "crew-xac-nhan.pdf",
                pdf("Danh sách thuyền viên", "Danh sách thuyền viên tàu HAI PHONG STAR có xác nhận của thuyền trưởng."))));
        String up = outbox.enqueueSupplement(filed.code());
        assertThat(outbox.enqueueSupplement(filed.code())).isEqualTo(up);
        assertThat(jdbc.sql("select count(*) from crossing_outbox where message_id = ?").param(up).query(Long.class).single()).isEqualTo(1);
        JsonNode queued = json.readTree(jdbc.sql("select body from crossing_outbox where message_id = ?").param(up).query(byte[].class).single());
        assertThat(queued.path("files")).hasSize(1);
        assertThat(queued.path("files").get(0).path("name").asString()).isEqualTo("crewList/crew-xac-nhan.pdf");
        assertThat(deliver(low(), up)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        List<Inbox.Outcome> got = claim(high(), up);
        assertThat(got).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED");
        assertThat(got.get(0).ref()).isEqualTo("dossier:" + highCode);

        Dossier high = dossiers.forCrossing(highCode).dossier();
        assertThat(high.status().name()).isEqualTo("RECEIVED");
        assertThat(high.attachments()).hasSize(3);
        assertThat(high.events()).filteredOn(e -> e.kind().equals("SUPPLEMENTED")).hasSize(1)
                .allSatisfy(e -> assertThat(e.note()).contains("Đã bổ sung danh sách có xác nhận"));

        // Replayed: posted again to the gateway, offered after a lost acknowledgement — supplemented once.
        byte[] body = jdbc.sql("select body from crossing_outbox where message_id = ?").param(up).query(byte[].class).single();
        assertThat(low().post("/v1/messages", body).status()).isEqualTo(202);
        Thread.sleep(2500);
        assertThat(claim(high(), up)).isEmpty();
        assertThat(dossiers.forCrossing(highCode).dossier().attachments()).hasSize(3);
        assertThat(dossiers.forCrossing(highCode).dossier().events()).filteredOn(e -> e.kind().equals("SUPPLEMENTED")).hasSize(1);
        // The high side's reception after the supplement goes back to the citizen as a notice, as any change does.
        assertThat(jdbc.sql("select count(*) from crossing_outbox where ref = ? and type = 'dossier.notice'").param("dossier:" + highCode)
                .query(Long.class).single()).isEqualTo(2);
    }

    // ---- browser helpers ----------------------------------------------------------------------------------------------

    static void signIn(Chromium browser, String base, String username) {
        vn.truongson.support.BrowserSession.signInThroughTheForm(browser, base, username);
    }

    static void click(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", e);
        e.click();
    }

    static void shoot(WebDriver d, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }
}
