package vn.truongson.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two listeners. Each accepts only its side's routes; neither forwards a connection. Every request carries the
 * side's bearer token ({@code gateway.low.token}, {@code gateway.high.token}).
 *
 * <pre>
 * both:  POST /v1/messages            a whole message from this side's node (202 accepted, 4xx refused and quarantined)
 *        GET  /v1/messages/{id}       its state
 *        POST /v1/inbox/claim?limit=n messages for this side, reserved for the lease
 *        POST /v1/inbox/{id}/ack      stored by this side's node: delivered (once)
 *        GET  /v1/health
 * high:  GET  /v1/quarantine, POST /v1/quarantine/{id}/review {"official", "roles", "note"}, GET /v1/releases (with the clean content), POST /v1/releases/{id}/approve
 *        {"official": "...", "roles": ["GATEWAY_RELEASER"]}, GET /v1/log?side=&amp;type=&amp;event=&amp;from=&amp;to=,
 *        GET /v1/counts, GET /v1/reconcile
 * </pre>
 */
@Component
public class Listeners implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final Gateway gateway;
    private final GatewayProperties props;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<Side, Integer> ports = new HashMap<>();

    Listeners(Gateway gateway, GatewayProperties props) {
        this.gateway = gateway;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() throws IOException {
        for (Side s : Side.values()) {
            GatewayProperties.Listener l = s == Side.LOW ? props.low() : props.high();
            HttpServer server = HttpServer.create(new InetSocketAddress(l.address(), l.port()), 200);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> handle(s, l, ex));
            server.start();
            servers.add(server);
            int port = server.getAddress().getPort();
            ports.put(s, port);
            log.info("gateway {} listener on {}:{}", s.key(), l.address(), port);
            if (!l.portFile().isBlank()) {
                Path f = Path.of(l.portFile());
                if (f.getParent() != null) Files.createDirectories(f.getParent());
                Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                Files.writeString(tmp, port + "\n");
                Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public int port(Side s) {
        return ports.get(s);
    }

    private void handle(Side side, GatewayProperties.Listener l, HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v1/health") && method.equals("GET")) {
                send(ex, 200, gateway.json().createObjectNode().put("status", "UP").put("side", side.key()));
                return;
            }
            if (!l.token().isBlank()) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                byte[] given = (auth == null ? "" : auth).getBytes(StandardCharsets.UTF_8);
                if (!MessageDigest.isEqual(given, ("Bearer " + l.token()).getBytes(StandardCharsets.UTF_8))) {
                    send(ex, 401, gateway.problem("UNAUTHORIZED", "Authorization", "thiếu hoặc sai mã truy cập của phía " + side.key()));
                    return;
                }
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String[] parts = path.split("/");
            if (method.equals("POST") && path.equals("/v1/messages")) {
                byte[] body = read(ex.getRequestBody(), props.maxMessageBytes() + 1);
                Gateway.Answer a = gateway.submit(side, body);
                send(ex, a.status(), a.body());
            } else if (method.equals("GET") && parts.length == 4 && path.startsWith("/v1/messages/")) {
                var st = gateway.status(side, parts[3]);
                if (st.isPresent()) send(ex, 200, st.get());
                else send(ex, 404, gateway.problem("NOT_FOUND", "id", "không có tin " + parts[3] + " gửi từ phía này"));
            } else if (method.equals("POST") && path.equals("/v1/inbox/claim")) {
                int limit = Math.max(1, Math.min(100, intOr(q.get("limit"), 10)));
                send(ex, 200, gateway.claim(side, limit));
            } else if (method.equals("POST") && parts.length == 5 && path.startsWith("/v1/inbox/") && parts[4].equals("ack")) {
                Gateway.Answer a = gateway.ack(side, parts[3]);
                send(ex, a.status(), a.body());
            } else if (side == Side.HIGH && method.equals("GET") && path.equals("/v1/quarantine")) {
                send(ex, 200, gateway.list(Gateway.State.QUARANTINED, false));
            } else if (side == Side.HIGH && method.equals("GET") && path.equals("/v1/releases")) {
                send(ex, 200, gateway.list(Gateway.State.PENDING_RELEASE, true));
            } else if (side == Side.HIGH && method.equals("POST") && parts.length == 5 && path.startsWith("/v1/releases/") && parts[4].equals("approve")) {
                JsonNode b = gateway.json().readTree(read(ex.getRequestBody(), 64 * 1024));
                List<String> roles = new ArrayList<>();
                if (b != null && b.has("roles")) b.get("roles").forEach(r -> roles.add(r.asString()));
                Gateway.Answer a = gateway.approve(parts[3], b == null || !b.has("official") ? null : b.get("official").asString(), roles);
                send(ex, a.status(), a.body());
            } else if (side == Side.HIGH && method.equals("POST") && parts.length == 5 && path.startsWith("/v1/quarantine/") && parts[4].equals("review")) {
                JsonNode b = gateway.json().readTree(read(ex.getRequestBody(), 64 * 1024));
                List<String> roles = new ArrayList<>();
                if (b != null && b.has("roles")) b.get("roles").forEach(r -> roles.add(r.asString()));
                Gateway.Answer a = gateway.review(parts[3], b == null || !b.has("official") ? null : b.get("official").asString(),
                        roles, b == null || !b.has("note") ? null : b.get("note").asString());
                send(ex, a.status(), a.body());
            } else if (side == Side.HIGH && method.equals("GET") && path.equals("/v1/log")) {
                Side which = q.get("side") == null ? null : Side.valueOf(q.get("side").toUpperCase());
                send(ex, 200, gateway.log(which, q.get("type"), q.get("event"), date(q.get("from")), date(q.get("to"))));
            } else if (side == Side.HIGH && method.equals("GET") && path.equals("/v1/counts")) {
                send(ex, 200, gateway.counts());
            } else if (side == Side.HIGH && method.equals("GET") && path.equals("/v1/reconcile")) {
                send(ex, 200, gateway.reconcile());
            } else {
                send(ex, 404, gateway.problem("NOT_FOUND", "path", "không có đường dẫn " + path + " trên phía " + side.key()));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException | tools.jackson.core.JacksonException e) {
            send(ex, 400, gateway.problem("BAD_REQUEST", "query", "yêu cầu không hợp lệ: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("gateway request failed", e);
            send(ex, 503, gateway.problem("UNAVAILABLE", "gateway", "cổng tạm thời không xử lý được; gửi lại sau (cùng mã tin)"));
        }
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (body instanceof ObjectNode o && status >= 400) o.put("status", status);
        byte[] b = gateway.json().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        try {
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        } catch (IOException e) {
            // the sender went away; the outcome is stored and replayed for the same id
        }
    }

    private static byte[] read(InputStream in, long max) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) return m;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        m.values().removeIf(String::isBlank);
        return m;
    }

    private static int intOr(String s, int d) {
        try {
            return s == null ? d : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return d;
        }
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    @Override
    public void destroy() {
        servers.forEach(s -> s.stop(1));
    }
}
