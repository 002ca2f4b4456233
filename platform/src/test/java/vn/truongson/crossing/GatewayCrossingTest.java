package vn.truongson.crossing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.support.PlatformTest;

/**
 * Issue 15, the platform's side of the gateway, in one context acting as both nodes: a citizen's filing queued in the
 * low side's outbox is delivered while the gateway is down only once it is back, exactly once however often the
 * outbox tries; the high side claims the envelope, files it into the one-stop queue and acknowledges; an envelope
 * offered again (a lost acknowledgement) files nothing twice; one the back office refuses is kept as REFUSED and
 * acknowledged. The gateway here is a small stand-in with the gateway's protocol (docs/gateway.md "Listeners": same id
 * answered as the first time, claim returns the cleaned message, ack once) on a port the test opens and closes; the
 * real gateway's checks are GatewayTest's (the platform's test classpath cannot hold the gateway application).
 */
@PlatformTest
class GatewayCrossingTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired Outbox outbox;
    @Autowired Inbox inbox;
    @Autowired Dossiers dossiers;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;

    StandIn gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.stop();
    }

    static String idNumber() {
        return "0" + (10_000_000_000L + (long) (Math.random() * 89_999_999_999L));
    }

    Dossier fileOnline(String id, String name) {
        var me = new CitizenIdentity(id, name, LocalDate.of(1985, 3, 4), Gender.FEMALE, "Hải Phòng", "0934567890", "dung@example.vn", 2);
        Map<String, Object> form = Map.of("vesselName", "DUNG STAR", "imo", "9234567", "flag", "VNM", "master", "PHAM VAN NAM", "crew", "12",
                "passengers", "0", "port", "Hải Phòng", "eta", "01/04/2026");
        return dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                List.of(Dossiers.Upload.of("crewList", "crew.pdf", PDF), Dossiers.Upload.of("declaration", "gd.pdf", PDF)));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    List<Outbox.Attempt> mine(List<Outbox.Attempt> all, String messageId) {
        return all.stream().filter(a -> a.messageId().equals(messageId)).toList();
    }

    @Test
    void a_filing_crosses_once_after_an_outage_and_is_filed_on_the_high_side_once() throws Exception {
        String id = idNumber();
        Dossier low = fileOnline(id, "Phạm Thị Dung");
        String messageId = outbox.enqueueDossier(low.code());
        assertThat(outbox.enqueueDossier(low.code())).as("queued once per dossier").isEqualTo(messageId);
        assertThat(jdbc.sql("select count(*) from crossing_outbox where message_id = ?").param(messageId).query(Long.class).single()).isEqualTo(1);

        int port = freePort();
        GatewayClient low2gw = new GatewayClient("http://127.0.0.1:" + port, "low-token");
        // The gateway is down: each try fails, the row stays PENDING with the error and a later next try.
        for (int i = 0; i < 3; i++) {
            outbox.retryNow();
            List<Outbox.Attempt> a = mine(outbox.deliverDue(low2gw, 1000), messageId);
            assertThat(a).hasSize(1);
            assertThat(a.getFirst().state()).isEqualTo("PENDING");
        }
        var row = jdbc.sql("select state, attempts, last_error, next_attempt_at > now() from crossing_outbox where message_id = ?").param(messageId)
                .query((rs, n) -> List.of(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4))).single();
        assertThat(row.get(0)).isEqualTo("PENDING");
        assertThat(row.get(1)).isEqualTo(3);
        assertThat((String) row.get(2)).startsWith("gateway unreachable");
        assertThat(row.get(3)).as("not due again at once").isEqualTo(true);

        // The gateway is back: delivered once; later runs send nothing more.
        gateway = new StandIn(port, json);
        outbox.retryNow();
        assertThat(mine(outbox.deliverDue(low2gw, 1000), messageId)).extracting(Outbox.Attempt::state).containsExactly("ACCEPTED");
        outbox.retryNow();
        assertThat(mine(outbox.deliverDue(low2gw, 1000), messageId)).isEmpty();
        assertThat(gateway.posts.get(messageId).get()).as("the gateway received it exactly once").isEqualTo(1);
        JsonNode sent = gateway.messages.get(messageId);
        assertThat(sent.path("type").asString()).isEqualTo("dossier.envelope");
        assertThat(sent.path("payload").path("applicant").path("idNumber").asString()).isEqualTo(id);
        assertThat(sent.path("files")).hasSize(2);

        // The high side claims, files it into the one-stop queue, acknowledges.
        GatewayClient high2gw = new GatewayClient("http://127.0.0.1:" + port, "high-token");
        List<Inbox.Outcome> got = inbox.claimAndImport(high2gw, 100).stream().filter(o -> o.messageId().equals(messageId)).toList();
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().outcome()).isEqualTo("IMPORTED");
        assertThat(got.getFirst().acknowledged()).isTrue();
        assertThat(gateway.acks.get(messageId).get()).isEqualTo(1);
        String highCode = got.getFirst().ref().substring("dossier:".length());
        assertThat(highCode).isNotEqualTo(low.code());
        Dossier high = dossiers.forCrossing(highCode).dossier();
        assertThat(high.status().name()).isEqualTo("SUBMITTED");
        assertThat(high.channel()).isEqualTo(Dossier.Channel.ONLINE);
        assertThat(high.applicant().idNumber()).isEqualTo(id);
        assertThat(high.applicant().fullName()).isEqualTo("Phạm Thị Dung");
        assertThat(high.attachments()).extracting(Dossier.Attachment::component).containsExactlyInAnyOrder("crewList", "declaration");
        assertThat(high.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("SUBMITTED");
            assertThat(e.note()).contains(low.code()).contains(messageId);
        });
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'crossing.inbox.import' and target = ?").param("dossier:" + highCode)
                .query(Long.class).single()).isEqualTo(1);

        // The acknowledgement was lost: the gateway offers it again; nothing is filed twice, and it is acknowledged.
        gateway.offerAgain(messageId);
        List<Inbox.Outcome> again = inbox.claimAndImport(high2gw, 100).stream().filter(o -> o.messageId().equals(messageId)).toList();
        assertThat(again).hasSize(1);
        assertThat(again.getFirst().outcome()).startsWith("ALREADY");
        assertThat(again.getFirst().acknowledged()).isTrue();
        assertThat(jdbc.sql("select count(*) from publicservice_dossier where applicant_id_number = ?").param(id).query(Long.class).single())
                .as("the low filing and one high filing").isEqualTo(2);
    }

    @Test
    void an_envelope_the_back_office_refuses_is_kept_refused_and_acknowledged() throws Exception {
        int port = freePort();
        gateway = new StandIn(port, json);
        String messageId = "dossier:TEST-" + System.nanoTime();
        ObjectNode m = json.createObjectNode();
        m.put("id", messageId);
        m.put("type", "dossier.envelope");
        ObjectNode p = m.putObject("payload");
        p.put("dossierCode", "TEST-1");
        p.put("procedureCode", "KHONG-CO");
        p.put("submittedAt", "2026-12-07T10:00:00Z");
        p.putObject("applicant").put("fullName", "Lê Văn Tám").put("idNumber", idNumber());
        m.putArray("files");
        gateway.queue(m);
        List<Inbox.Outcome> got = inbox.claimAndImport(new GatewayClient("http://127.0.0.1:" + port, "high-token"), 100).stream()
                .filter(o -> o.messageId().equals(messageId)).toList();
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().outcome()).isEqualTo("REFUSED");
        assertThat(got.getFirst().acknowledged()).isTrue();
        assertThat(jdbc.sql("select outcome from crossing_inbox where message_id = ?").param(messageId).query(String.class).single()).isEqualTo("REFUSED");
    }

    @Test
    void a_refusal_by_the_gateway_is_final_and_not_sent_again() throws Exception {
        Dossier low = fileOnline(idNumber(), "Đỗ Thị Hằng");
        String messageId = outbox.enqueueDossier(low.code());
        int port = freePort();
        gateway = new StandIn(port, json);
        gateway.refuse.add(messageId);
        GatewayClient c = new GatewayClient("http://127.0.0.1:" + port, "low-token");
        outbox.retryNow();
        assertThat(mine(outbox.deliverDue(c, 1000), messageId)).extracting(Outbox.Attempt::state).containsExactly("REFUSED");
        outbox.retryNow();
        assertThat(mine(outbox.deliverDue(c, 1000), messageId)).isEmpty();
        assertThat(gateway.posts.get(messageId).get()).isEqualTo(1);
        assertThat(jdbc.sql("select answer from crossing_outbox where message_id = ?").param(messageId).query(String.class).single()).contains("FILE_TYPE");
    }

    @Test
    void twelve_parallel_senders_and_claimers_act_once() throws Exception {
        Dossier low = fileOnline(idNumber(), "Vũ Văn Mười");
        String messageId = outbox.enqueueDossier(low.code());
        int port = freePort();
        gateway = new StandIn(port, json);
        gateway.offerAlways = true;
        GatewayClient c = new GatewayClient("http://127.0.0.1:" + port, "t");
        outbox.retryNow();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<Outbox.Attempt>>> sends = new ArrayList<>();
            for (int i = 0; i < 12; i++) sends.add(pool.submit(() -> { start.await(); return mine(outbox.deliverDue(c, 1000), messageId); }));
            start.countDown();
            int accepted = 0;
            for (var f : sends) accepted += (int) f.get().stream().filter(a -> a.state().equals("ACCEPTED")).count();
            assertThat(accepted).isEqualTo(1);
            assertThat(gateway.posts.get(messageId).get()).as("skip locked: one sender").isEqualTo(1);

            var start2 = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<Inbox.Outcome>>> claims = new ArrayList<>();
            for (int i = 0; i < 12; i++) claims.add(pool.submit(() -> { start2.await();
                return inbox.claimAndImport(c, 100).stream().filter(o -> o.messageId().equals(messageId)).toList(); }));
            start2.countDown();
            int imported = 0;
            for (var f : claims) imported += (int) f.get().stream().filter(o -> o.outcome().equals("IMPORTED")).count();
            assertThat(imported).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from publicservice_dossier where applicant_id_number = ?").param(low.applicant().idNumber())
                .query(Long.class).single()).as("the low filing and one high filing").isEqualTo(2);
    }

    /**
     * The way back (high → low): what the back office does with a crossed dossier is queued with the change, as a notice
     * or a result addressed by the low side's code, sent once, and relayed onto the citizen's dossier once — the status
     * forward only, whatever the order of arrival; a dossier that did not cross sends nothing; a notice for a dossier the
     * low node does not know is kept REFUSED.
     */
    @Test
    void notices_and_the_result_cross_back_once_onto_the_citizens_dossier() throws Exception {
        int port = freePort();
        gateway = new StandIn(port, json);
        GatewayClient c = new GatewayClient("http://127.0.0.1:" + port, "t");
        Dossier low = fileOnline(idNumber(), "Trần Thị Thu");
        String envelope = outbox.enqueueDossier(low.code());
        outbox.retryNow();
        outbox.deliverDue(c, 1000);
        String highCode = inbox.claimAndImport(c, 100).stream().filter(o -> o.messageId().equals(envelope)).findFirst().orElseThrow()
                .ref().substring("dossier:".length());
        Dossier local = fileOnline(idNumber(), "Ngô Văn Lâm");
        try {
            signIn("motcua.bdbp");
            dossiers.receive(highCode, null);
            dossiers.requestSupplement(highCode, "Bổ sung bản sao giấy chứng nhận đăng ký tàu");
            dossiers.reject(highCode, "Tàu không thuộc diện được cấp phép");
            dossiers.receive(local.code(), null);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        List<Map<String, Object>> queued = jdbc.sql("select message_id, type from crossing_outbox where ref = ? order by id").param("dossier:" + highCode)
                .query((rs, i) -> Map.<String, Object>of("id", rs.getString(1), "type", rs.getString(2))).list();
        assertThat(queued).extracting(m -> m.get("type")).containsExactly("dossier.notice", "dossier.notice", "dossier.result");
        assertThat(queued).allSatisfy(m -> assertThat((String) m.get("id")).contains(":" + low.code() + ":"));
        assertThat(jdbc.sql("select count(*) from crossing_outbox where ref = ?").param("dossier:" + local.code()).query(Long.class).single())
                .as("a dossier that did not cross sends nothing back").isZero();

        outbox.retryNow();
        assertThat(outbox.deliverDue(c, 1000).stream().filter(a -> queued.stream().anyMatch(m -> m.get("id").equals(a.messageId()))))
                .extracting(Outbox.Attempt::state).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED");
        JsonNode result = gateway.messages.get((String) queued.get(2).get("id"));
        assertThat(result.path("payload").path("dossierCode").asString()).isEqualTo(low.code());
        assertThat(result.path("payload").path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(result.path("label").asString()).isEqualTo("THUONG");

        // Arriving out of order (the result released before a notice is claimed): the status never goes back.
        String first = (String) queued.get(0).get("id");
        gateway.waiting.remove(first);
        List<Inbox.Outcome> got = inbox.claimAndImport(c, 100).stream().filter(o -> o.ref().equals("dossier:" + low.code())).toList();
        assertThat(got).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED", "IMPORTED");
        gateway.offerAgain(first);
        gateway.offerAgain((String) queued.get(2).get("id"));
        got = inbox.claimAndImport(c, 100).stream().filter(o -> o.ref().equals("dossier:" + low.code())).toList();
        assertThat(got).extracting(Inbox.Outcome::outcome).containsExactly("IMPORTED", "ALREADY_IMPORTED");
        assertThat(got).allSatisfy(o -> assertThat(o.acknowledged()).isTrue());
        Dossier seen = dossiers.forCrossing(low.code()).dossier();
        assertThat(seen.status().name()).isEqualTo("REJECTED");
        assertThat(seen.rejectReason()).contains("Tàu không thuộc diện được cấp phép");
        assertThat(seen.supplementReason()).isEqualTo("Bổ sung bản sao giấy chứng nhận đăng ký tàu");
        assertThat(seen.events()).filteredOn(e -> e.kind().equals("RELAYED")).hasSize(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'publicservice.dossier.relay' and target = ?").param("dossier:" + low.code())
                .query(Long.class).single()).isEqualTo(3);

        // A notice for a dossier this node does not have: kept REFUSED, acknowledged, nothing changed.
        ObjectNode stray = json.createObjectNode();
        String strayId = "notice:KHONG-CO-" + System.nanoTime() + ":1";
        stray.put("id", strayId).put("type", "dossier.notice");
        stray.putObject("payload").put("dossierCode", "KHONG-CO").put("status", "RECEIVED").put("message", "x");
        gateway.queue(stray);
        assertThat(inbox.claimAndImport(c, 100)).filteredOn(o -> o.messageId().equals(strayId)).extracting(Inbox.Outcome::outcome).containsExactly("REFUSED");
    }

    private void signIn(String username) {
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        vn.truongson.support.Principals.of(jdbc, username), null, List.of()));
    }

    /** The gateway's protocol, as far as the nodes see it. */
    static final class StandIn {
        final HttpServer server;
        final JsonMapper json;
        final Map<String, JsonNode> messages = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> acks = new ConcurrentHashMap<>();
        final List<String> waiting = new CopyOnWriteArrayList<>();
        final List<String> refuse = new CopyOnWriteArrayList<>();
        /** Offer every message to every claim (as if each lease ran out at once): claimers race for it. */
        volatile boolean offerAlways;

        StandIn(int port, JsonMapper json) throws IOException {
            this.json = json;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/v1/", ex -> {
                String path = ex.getRequestURI().getPath();
                byte[] body = ex.getRequestBody().readAllBytes();
                int status;
                String answer;
                synchronized (this) {
                    if (path.equals("/v1/messages")) {
                        JsonNode m = json.readTree(body);
                        String id = m.path("id").asString();
                        posts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        if (refuse.contains(id)) {
                            status = 415;
                            answer = "{\"code\":\"FILE_TYPE\",\"field\":\"files[0]\"}";
                        } else {
                            if (messages.putIfAbsent(id, m) == null) waiting.add(id);
                            status = 202;
                            answer = "{\"id\":\"" + id + "\",\"state\":\"QUEUED\"}";
                        }
                    } else if (path.equals("/v1/inbox/claim")) {
                        ArrayNode out = json.createArrayNode();
                        for (String id : offerAlways ? new ArrayList<>(messages.keySet()) : waiting) out.add(messages.get(id));
                        if (!offerAlways) waiting.clear();
                        status = 200;
                        answer = json.writeValueAsString(out);
                    } else if (path.startsWith("/v1/inbox/") && path.endsWith("/ack")) {
                        String id = path.substring("/v1/inbox/".length(), path.length() - "/ack".length());
                        acks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        status = 200;
                        answer = "{\"id\":\"" + id + "\",\"delivered\":true}";
                    } else {
                        status = 404;
                        answer = "{}";
                    }
                }
                byte[] a = answer.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, a.length);
                ex.getResponseBody().write(a);
                ex.close();
            });
            server.start();
        }

        synchronized void queue(JsonNode m) {
            messages.put(m.path("id").asString(), m);
            waiting.add(m.path("id").asString());
        }

        synchronized void offerAgain(String id) {
            waiting.add(id);
        }

        void stop() {
            server.stop(0);
        }
    }
}
