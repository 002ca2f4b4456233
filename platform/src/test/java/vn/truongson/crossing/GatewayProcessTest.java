package vn.truongson.crossing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.support.PlatformTest;

/**
 * Issue 15 end to end with the real gateway: its jar ({@code gateway/target/truongson-gateway.jar}, built by the reactor
 * before the platform — the gateway module comes first) runs as its own process on free loopback ports; this context
 * plays both nodes, each through its own listener and token (the low node's outbox and claimer on the low listener,
 * the high node's on the high one), as {@link GatewayCrossingTest} does against a stand-in. A citizen's filing crosses
 * low → gateway → high and lands in the one-stop queue; the gateway is killed (SIGKILL) after it accepted the filing
 * and again after a two-person release: restarted on its directory it loses nothing it had acknowledged, offers what
 * was not acknowledged again, and nothing is filed or relayed twice. The way back: the reception notice leaves at once
 * (automatic release), the refusal waits for two different GATEWAY_RELEASERs (the same official twice is refused, an
 * official without the role finds nothing), then the citizen's dossier on the low side shows it.
 */
@PlatformTest
class GatewayProcessTest {

    static final String LOW_TOKEN = "low-token-process-test";
    static final String HIGH_TOKEN = "high-token-process-test";

    static Process gateway;
    static Path data;
    static int lowPort, highPort;

    @Autowired Outbox outbox;
    @Autowired Inbox inbox;
    @Autowired Dossiers dossiers;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired AccessPolicy policy;
    @Autowired AuditTrail audit;
    @Autowired org.thymeleaf.spring6.ISpringTemplateEngine templates;

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static Path jar() {
        for (Path p : List.of(Path.of("../gateway/target/truongson-gateway.jar"), Path.of("gateway/target/truongson-gateway.jar"))) {
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
        }
        throw new IllegalStateException("gateway/target/truongson-gateway.jar is missing: the reactor builds it before the platform "
                + "(mvn verify); for this test alone run 'mvn -pl clamd,gateway -am package -DskipTests' first");
    }

    /** Starts the gateway process on its data directory (the same across restarts) and waits for both port files. */
    static void startGateway() throws Exception {
        if (data == null) data = Files.createTempDirectory("gw-process");
        Path lowFile = data.resolve("low.port"), highFile = data.resolve("high.port");
        Files.deleteIfExists(lowFile);
        Files.deleteIfExists(highFile);
        String java = ProcessHandle.current().info().command().orElse("java");
        gateway = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--gateway.data-dir=" + data.resolve("gw"),
                "--gateway.low.token=" + LOW_TOKEN, "--gateway.high.token=" + HIGH_TOKEN, "--gateway.clamd.enabled=false",
                "--gateway.claim-lease=2s", "--gateway.low.port-file=" + lowFile, "--gateway.high.port-file=" + highFile)
                .redirectErrorStream(true).redirectOutput(data.resolve("gateway.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.isRegularFile(lowFile) && Files.isRegularFile(highFile) && Files.size(lowFile) > 0 && Files.size(highFile) > 0)) {
            if (!gateway.isAlive()) throw new IllegalStateException("the gateway stopped: " + Files.readString(data.resolve("gateway.log")));
            if (System.nanoTime() > until) throw new IllegalStateException("the gateway did not start: " + Files.readString(data.resolve("gateway.log")));
            Thread.sleep(200);
        }
        lowPort = Integer.parseInt(Files.readString(lowFile).strip());
        highPort = Integer.parseInt(Files.readString(highFile).strip());
    }

    /** kill -9: nothing of the gateway's shutdown runs. */
    static void killGateway() throws Exception {
        assertThat(gateway.isAlive()).isTrue();
        gateway.destroyForcibly();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    GatewayClient low() {
        return new GatewayClient("http://127.0.0.1:" + lowPort, LOW_TOKEN);
    }

    GatewayClient high() {
        return new GatewayClient("http://127.0.0.1:" + highPort, HIGH_TOKEN);
    }

    static byte[] pdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    Dossier fileOnline(String name) throws IOException {
        String id = GatewayCrossingTest.idNumber();
        var me = new CitizenIdentity(id, name, LocalDate.of(1979, 5, 6), Gender.MALE, "Quảng Ninh", "0912345678", "lam@example.vn", 2);
        Map<String, Object> form = Map.of("vesselName", "HA LONG STAR", "imo", "9345678", "flag", "VNM", "master", "NGUYEN VAN HA", "crew", "9",
                "passengers", "0", "port", "Cẩm Phả", "eta", "02/05/2026");
        byte[] pdf = pdf();
        return dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf)));
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

    /** The high node's /office/gateway over {@code releases} (a standalone MockMvc with the application's templates). */
    MockMvc screens(Releases releases) throws Exception {
        var ctor = Class.forName("vn.truongson.crossing.web.GatewayScreens").getDeclaredConstructor(Releases.class);
        ctor.setAccessible(true);
        // A resolver of its own over the application's template engine (the application's resolver belongs to its context).
        var views = new org.thymeleaf.spring6.view.ThymeleafViewResolver();
        views.setTemplateEngine(templates);
        views.setCharacterEncoding("UTF-8");
        return MockMvcBuilders.standaloneSetup(ctor.newInstance(releases)).setViewResolvers(views).build();
    }

    @Test
    void a_filing_crosses_and_its_refusal_comes_back_through_the_real_gateway_killed_twice_on_the_way() throws Exception {
        if (gateway == null || !gateway.isAlive()) startGateway();
        // Granted first: the actor cache hears of it at commit, long before the approvals below.
        grantRelease("motcua.bdbp");
        grantRelease("baomat.bqp");
        Dossier filed = fileOnline("Hoàng Văn Lâm");
        String envelope = outbox.enqueueDossier(filed.code());
        assertThat(deliver(low(), envelope)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");

        // Killed after it answered 202: the filing is on its disk.
        killGateway();
        // While it is down the high side finds nothing and a second filing waits in the outbox.
        Dossier second = fileOnline("Lý Thị Mai");
        String envelope2 = outbox.enqueueDossier(second.code());
        assertThat(deliver(low(), envelope2)).extracting(Outbox.Attempt::state).containsExactly("PENDING");
        assertThat(inbox.claimAndImport(high(), 100)).isEmpty();

        startGateway();
        assertThat(deliver(low(), envelope2)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        // A resend of an accepted id (the outbox cannot know whether its first answer arrived) adds nothing.
        byte[] body = jdbc.sql("select body from crossing_outbox where message_id = ?").param(envelope).query(byte[].class).single();
        GatewayClient.Answer again = low().post("/v1/messages", body);
        assertThat(again.status()).isEqualTo(202);

        // The high node claims both; a claim it did not acknowledge (the node stopped) is offered again after the lease.
        GatewayClient.Answer raw = high().post("/v1/inbox/claim?limit=100", new byte[0]);
        assertThat(raw.body()).contains(envelope, envelope2);
        Thread.sleep(2500);
        List<Inbox.Outcome> got = claim(high(), envelope, envelope2);
        assertThat(got).extracting(Inbox.Outcome::outcome).containsExactlyInAnyOrder("IMPORTED", "IMPORTED");
        assertThat(got).allSatisfy(o -> assertThat(o.acknowledged()).isTrue());
        Thread.sleep(2500);
        assertThat(claim(high(), envelope, envelope2)).as("acknowledged: never offered again").isEmpty();
        String highCode = got.stream().filter(o -> o.messageId().equals(envelope)).findFirst().orElseThrow().ref().substring("dossier:".length());
        Dossier arrived = dossiers.forCrossing(highCode).dossier();
        assertThat(arrived.status().name()).isEqualTo("SUBMITTED");
        assertThat(arrived.attachments()).hasSize(2);
        assertThat(jdbc.sql("select count(*) from publicservice_dossier where applicant_id_number = ?").param(filed.applicant().idNumber())
                .query(Long.class).single()).as("the low filing and one high filing").isEqualTo(2);

        // The back office receives it, then refuses it.
        try {
            signIn("motcua.bdbp");
            dossiers.receive(highCode, null);
            dossiers.reject(highCode, "Giấy chứng nhận đăng ký tàu đã hết hạn");
        } finally {
            SecurityContextHolder.clearContext();
        }
        List<String> back = jdbc.sql("select message_id from crossing_outbox where ref = ? order by id").param("dossier:" + highCode).query(String.class).list();
        assertThat(back).hasSize(2);
        assertThat(deliver(high(), back.toArray(String[]::new))).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED", "ACCEPTED");
        JsonNode answers = json.readTree("[" + String.join(",", jdbc.sql("select answer from crossing_outbox where message_id in (?, ?) order by id")
                .params(back.get(0), back.get(1)).query(String.class).list()) + "]");
        assertThat(answers.get(0).path("state").asString()).as("a notice leaves once its checks pass").isEqualTo("QUEUED");
        assertThat(answers.get(1).path("state").asString()).as("a result waits for two officials").isEqualTo("PENDING_RELEASE");

        // The low node gets the notice at once; the result only after the release.
        assertThat(claim(low(), back.toArray(String[]::new))).extracting(Inbox.Outcome::messageId).containsExactly(back.get(0));
        assertThat(dossiers.forCrossing(filed.code()).dossier().status().name()).isEqualTo("RECEIVED");

        // Two-person release on the high node's screens.
        Releases releases = new Releases(jdbc, policy, new NodeProperties(new NodeProperties.Node(NodeProperties.Role.HIGH),
                new NodeProperties.Gateway("http://127.0.0.1:" + highPort, HIGH_TOKEN)), audit, json);
        try {
            signIn("motcua.bdbp");
            assertThat(releases.held()).extracting(Releases.Held::id).contains(back.get(1));
            Releases.Held held = releases.held().stream().filter(h -> h.id().equals(back.get(1))).findFirst().orElseThrow();
            assertThat(held.payload()).containsEntry("outcome", "REJECTED").containsEntry("dossierCode", filed.code());
            Releases.Approval first = releases.approve(back.get(1));
            assertThat(first.ok()).isTrue();
            assertThat(first.released()).isFalse();
            Releases.Approval twice = releases.approve(back.get(1));
            assertThat(twice.ok()).as("the first cannot be the second").isFalse();
            assertThat(twice.message()).contains("người khác");
            assertThat(claim(low(), back.get(1))).as("not released yet").isEmpty();
            // The page, rendered with the real templates: the held refusal in Vietnamese, his approval, no button for him.
            MockMvc screens = screens(releases);
            String html = screens.perform(get("/office/gateway")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(html).contains("Tin chờ phát hành ra mạng bên ngoài", filed.code(), "Từ chối", "Giấy chứng nhận đăng ký tàu đã hết hạn",
                    "motcua.bdbp (cần 2 cán bộ khác nhau)", "Ông/bà đã phê duyệt; chờ cán bộ thứ hai.", "Thông báo trạng thái hồ sơ", "Cổng đã nhận");
            assertThat(html).doesNotContain("REJECTED", "dossier.result", "dossier.notice", "PENDING_RELEASE", "ACCEPTED");
            signIn("baomat.bqp");
            html = screens.perform(get("/office/gateway")).andReturn().getResponse().getContentAsString();
            assertThat(html).contains("Phê duyệt phát hành");
            screens.perform(post("/office/gateway/releases/" + back.get(1) + "/approve")).andExpect(status().is3xxRedirection())
                    .andExpect(flash().attribute("done", org.hamcrest.Matchers.containsString("Đã phát hành")));
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'crossing.release.approve' and target = ?").param("gateway:" + back.get(1))
                .query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'crossing.release.approve' and target = ? and outcome = ?")
                .params("gateway:" + back.get(1), AuditTrail.SUCCESS).query(Long.class).single()).isEqualTo(2);

        // Killed again after the release: the result still leaves, once.
        killGateway();
        startGateway();
        List<Inbox.Outcome> relayed = claim(low(), back.get(1));
        assertThat(relayed).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED");
        Dossier seen = dossiers.forCrossing(filed.code()).dossier();
        assertThat(seen.status().name()).isEqualTo("REJECTED");
        assertThat(seen.rejectReason()).contains("Giấy chứng nhận đăng ký tàu đã hết hạn");
        assertThat(seen.events()).filteredOn(e -> e.kind().equals("RELAYED")).hasSize(2);
        Thread.sleep(2500);
        assertThat(claim(low(), back.toArray(String[]::new))).isEmpty();

        // Both logs intact across the two kills.
        JsonNode rec = json.readTree(high().get("/v1/reconcile").body());
        assertThat(rec.path("lowLogIntact").asBoolean()).as(rec.toString()).isTrue();
        assertThat(rec.path("highLogIntact").asBoolean()).as(rec.toString()).isTrue();
    }

    @Test
    void an_official_without_the_release_role_finds_nothing() throws Exception {
        if (gateway == null || !gateway.isAlive()) startGateway();
        Releases releases = new Releases(jdbc, policy, new NodeProperties(new NodeProperties.Node(NodeProperties.Role.HIGH),
                new NodeProperties.Gateway("http://127.0.0.1:" + highPort, HIGH_TOKEN)), audit, json);
        Releases single = new Releases(jdbc, policy, new NodeProperties(new NodeProperties.Node(NodeProperties.Role.SINGLE),
                new NodeProperties.Gateway(null, null)), audit, json);
        try {
            signIn("giaiquyet.bdbp");
            assertThatThrownBy(releases::held).isInstanceOf(DomainException.NotFound.class);
            assertThatThrownBy(() -> releases.approve("result:X-1:1234567")).isInstanceOf(DomainException.NotFound.class);
            signIn("admin");
            assertThat(releases.held()).isNotNull();
            assertThatThrownBy(() -> releases.approve("result:X-1:1234567")).as("viewing is not releasing").isInstanceOf(DomainException.NotFound.class);
            assertThatThrownBy(single::held).as("no gateway screens on a single node").isInstanceOf(DomainException.NotFound.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
