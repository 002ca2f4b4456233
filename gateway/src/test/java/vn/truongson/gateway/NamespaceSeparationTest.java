package vn.truongson.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The separation, with Linux network namespaces (root; CI runs as root): a "low" namespace and a "high" namespace,
 * each joined to the gateway's namespace by its own veth pair and to nothing else. In the high namespace a stand-in
 * for the high node (HTTP) and its database (PostgreSQL's port) listen. From the low namespace neither can be opened,
 * nor the gateway's high listener; a dossier filed from the low namespace arrives in the high namespace only through
 * the gateway (posted to its low listener, claimed from its high listener).
 */
class NamespaceSeparationTest {

    static String lowNs, highNs, vethLow, vethHigh;
    static String gwLow, nodeLow, gwHigh, nodeHigh;
    static Process highNode;
    static ConfigurableApplicationContext gateway;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) || uid() == 0,
                "skipped: network namespaces (ip netns) need root; CI runs as root and runs this test");
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String tag = Integer.toString(n) + UUID.randomUUID().toString().substring(0, 3);
        lowNs = "tsgw-low-" + tag;
        highNs = "tsgw-high-" + tag;
        vethLow = "tgl" + tag;
        vethHigh = "tgh" + tag;
        gwLow = "10.77." + n + ".1";
        nodeLow = "10.77." + n + ".2";
        gwHigh = "10.78." + n + ".1";
        nodeHigh = "10.78." + n + ".2";
        var probe = run("ip", "netns", "add", lowNs);
        assumeTrue(probe.rc == 0, "skipped: ip netns add failed here (" + probe.out.strip() + "); CI runs as root and must run this test");
        sh("ip", "netns", "add", highNs);
        for (String[] side : List.of(new String[] {lowNs, vethLow, gwLow, nodeLow}, new String[] {highNs, vethHigh, gwHigh, nodeHigh})) {
            sh("ip", "link", "add", side[1] + "a", "type", "veth", "peer", "name", side[1] + "b");
            sh("ip", "link", "set", side[1] + "b", "netns", side[0]);
            sh("ip", "addr", "add", side[2] + "/30", "dev", side[1] + "a");
            sh("ip", "link", "set", side[1] + "a", "up");
            sh("ip", "netns", "exec", side[0], "ip", "addr", "add", side[3] + "/30", "dev", side[1] + "b");
            sh("ip", "netns", "exec", side[0], "ip", "link", "set", side[1] + "b", "up");
            sh("ip", "netns", "exec", side[0], "ip", "link", "set", "lo", "up");
        }
        // The high node and its database (stand-ins listening on 8080 and 5432 in the high namespace).
        highNode = new ProcessBuilder("ip", "netns", "exec", highNs, "/usr/bin/python3", "-c", """
                import socket, threading
                def serve(port):
                    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(('0.0.0.0', port)); s.listen(16)
                    while True:
                        c, _ = s.accept(); c.sendall(b'HTTP/1.0 200 OK\\r\\n\\r\\nhigh'); c.close()
                for p in (8080, 5432): threading.Thread(target=serve, args=(p,), daemon=True).start()
                threading.Event().wait()
                """).redirectErrorStream(true).start();
        data = Files.createTempDirectory("gw-ns");
        gateway = GatewayTestSupport.start(data, false, "gateway.low.address=" + gwLow, "gateway.high.address=" + gwHigh);
        // The stand-ins answer inside their namespace.
        for (int i = 0; i < 50 && run("ip", "netns", "exec", highNs, "curl", "-s", "-m", "1", "http://127.0.0.1:8080/").rc != 0; i++) Thread.sleep(100);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (gateway != null) gateway.close();
        if (highNode != null) {
            highNode.destroy();
            highNode.waitFor(5, TimeUnit.SECONDS);
        }
        if (lowNs != null) {
            run("ip", "link", "del", vethLow + "a");
            run("ip", "link", "del", vethHigh + "a");
            run("ip", "netns", "del", lowNs);
            run("ip", "netns", "del", highNs);
        }
    }

    @Test
    void theLowSideReachesTheHighSideOnlyThroughTheGateway() throws Exception {
        int low = gateway.getBean(Listeners.class).port(Side.LOW), high = gateway.getBean(Listeners.class).port(Side.HIGH);
        // Inside the high namespace the node and its database answer...
        assertThat(run("ip", "netns", "exec", highNs, "curl", "-s", "-m", "2", "http://" + nodeHigh + ":8080/").out).isEqualTo("high");
        // ...from the low namespace neither can be opened, nor the gateway's high listener.
        for (String target : List.of(nodeHigh + ":8080", nodeHigh + ":5432", gwHigh + ":" + high)) {
            Result r = run("ip", "netns", "exec", lowNs, "curl", "-s", "-m", "2", "http://" + target + "/");
            assertThat(r.rc).as("low → " + target + " must fail: " + r.out).isNotZero();
        }
        // From the high namespace the gateway's low listener is not reachable either.
        assertThat(run("ip", "netns", "exec", highNs, "curl", "-s", "-m", "2", "http://" + gwLow + ":" + low + "/v1/health").rc).isNotZero();

        // A dossier filed on the low side: posted to the gateway's low listener from the low namespace...
        String id = "ns-" + UUID.randomUUID();
        Path body = data.resolve("dossier.json");
        Files.write(body, Samples.bytes(Samples.dossier(id, List.of())));
        Result filed = run("ip", "netns", "exec", lowNs, "curl", "-s", "-m", "10", "-H", "Authorization: Bearer " + GatewayTestSupport.LOW_TOKEN,
                "--data-binary", "@" + body, "http://" + gwLow + ":" + low + "/v1/messages");
        assertThat(filed.rc).isZero();
        assertThat(Samples.JSON.readTree(filed.out).get("state").asString()).as(filed.out).isEqualTo("QUEUED");
        // ...claimed from the high namespace through the gateway's high listener.
        Result claimed = run("ip", "netns", "exec", highNs, "curl", "-s", "-m", "10", "-X", "POST", "-H",
                "Authorization: Bearer " + GatewayTestSupport.HIGH_TOKEN, "http://" + gwHigh + ":" + high + "/v1/inbox/claim");
        JsonNode got = Samples.JSON.readTree(claimed.out);
        assertThat(got.toString()).as(claimed.out).contains(id, "Nguyễn Thị Hoà");
        Result acked = run("ip", "netns", "exec", highNs, "curl", "-s", "-m", "10", "-X", "POST", "-H",
                "Authorization: Bearer " + GatewayTestSupport.HIGH_TOKEN, "http://" + gwHigh + ":" + high + "/v1/inbox/" + id + "/ack");
        assertThat(acked.out).contains("\"delivered\":true");
    }

    record Result(int rc, String out) {}

    static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), out);
    }

    static void sh(String... cmd) throws Exception {
        Result r = run(cmd);
        if (r.rc != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + r.out);
    }

    static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }
}
