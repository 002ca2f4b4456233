package vn.truongson.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway's state is its own directory: a gateway stopped and started again still holds what it accepted and
 * delivers it once; a sender that resends after the outage (same id) is answered, not counted twice; a changed line
 * of a transfer log is found. (Scanning off: this test is about state, GatewayTest covers the scanner.)
 */
class GatewayRestartTest {

    @TempDir
    Path data;

    @Test
    void acceptedMessagesSurviveARestartAndAreDeliveredOnceAndTheLogsVerify() throws Exception {
        String id = "restart-" + UUID.randomUUID();
        byte[] body = Samples.bytes(Samples.dossier(id, List.of(Samples.file("don.pdf", Samples.pdf("Đơn", false, 0)))));
        // A stand-in time-stamp authority: records the request, grants with a minimal TimeStampResp.
        var tsa = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        List<byte[]> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        byte[] granted = java.util.HexFormat.of().parseHex("3005300302010000");
        tsa.createContext("/pki/tsa", ex -> {
            requests.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(200, granted.length);
            ex.getResponseBody().write(granted);
            ex.close();
        });
        tsa.start();
        ConfigurableApplicationContext first = GatewayTestSupport.start(data, false,
                "gateway.tsa-url=http://127.0.0.1:" + tsa.getAddress().getPort() + "/pki/tsa", "gateway.seal-interval=1h");
        Gateway.Answer a = first.getBean(Gateway.class).submit(Side.LOW, body);
        assertThat(a.status()).isEqualTo(202);
        // The low log's head is timestamped: the request's imprint is its hash, a SEALED line follows; nothing new, no seal.
        String head = first.getBean(Gateway.class).transferLog(Side.LOW).entries().getLast().get("hash").asString();
        assertThat(first.getBean(Sealer.class).sealAll()).isEqualTo(1);
        assertThat(java.util.HexFormat.of().formatHex(requests.getFirst())).contains(head);
        var sealedLine = first.getBean(Gateway.class).transferLog(Side.LOW).entries().getLast();
        assertThat(sealedLine.get("event").asString()).isEqualTo("SEALED");
        assertThat(sealedLine.get("sealedHash").asString()).isEqualTo(head);
        assertThat(first.getBean(Sealer.class).sealAll()).isZero();
        tsa.stop(0);
        first.close();

        ConfigurableApplicationContext second = GatewayTestSupport.start(data, false);
        try {
            Gateway g = second.getBean(Gateway.class);
            // The sender did not hear the answer and sends again after the outage.
            assertThat(g.submit(Side.LOW, body).status()).isEqualTo(202);
            assertThat(g.transferLog(Side.LOW).entries().stream().filter(e -> id.equals(e.path("id").asString(""))).count()).isEqualTo(1);
            assertThat(g.claim(Side.HIGH, 10).toString()).contains(id);
            assertThat(g.ack(Side.HIGH, id).body().get("delivered").asBoolean()).isTrue();
            assertThat(g.ack(Side.HIGH, id).body().get("delivered").asBoolean()).isFalse();
            assertThat(g.claim(Side.HIGH, 10).toString()).doesNotContain(id);
            assertThat(g.reconcile().get("reconciled").asBoolean()).isTrue();
            assertThat(g.transferLog(Side.LOW).verify()).isNull();
            assertThat(g.transferLog(Side.HIGH).verify()).isNull();

            // One changed character in the low log: found, and reconciliation fails.
            Path log = g.transferLog(Side.LOW).file();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Files.writeString(log, text.replace("\"RECEIVED\"", "\"REFUSED\""), StandardCharsets.UTF_8);
            assertThat(g.transferLog(Side.LOW).verify()).contains("nội dung đã bị sửa");
            assertThat(g.reconcile().get("reconciled").asBoolean()).isFalse();
        } finally {
            second.close();
        }
    }
}
