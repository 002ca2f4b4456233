package vn.truongson.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real provider system for the mediator's tests: an HTTP server on a port it bound itself (port 0), answering a
 * personnel list with more fields than any agreement gives, a garbage answer, a slow one and a failing one, and
 * remembering the headers each request came with.
 */
final class PeerProvider implements AutoCloseable {

    static final String PEOPLE = """
            [{"id":"1","fullName":"Nguyễn Văn An","rank":"Thiếu úy","idNumber":"001090000001","unit":"SD3"},
             {"id":"2","fullName":"Trần Thị Bình","rank":"Trung úy","idNumber":"001090000002","unit":"TD2"}]""";

    final HttpServer server;
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    final Map<String, Integer> hits = new ConcurrentHashMap<>();

    PeerProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/personnel/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/personnel";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        headers.add(Map.copyOf(ex.getRequestHeaders()));
        hits.merge(path, 1, Integer::sum);
        ex.getRequestBody().readAllBytes();
        switch (path) {
            case "/personnel/people" -> send(ex, 200, "application/json", PEOPLE);
            case "/personnel/people/1" -> send(ex, 200, "application/json", "{\"id\":\"1\",\"fullName\":\"Nguyễn Văn An\",\"idNumber\":\"001090000001\"}");
            case "/personnel/garbage" -> send(ex, 200, "application/json", "<html>not json");
            case "/personnel/failing" -> send(ex, 500, "text/plain", "boom");
            case "/personnel/slow" -> {
                try {
                    Thread.sleep(8_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(ex, 200, "application/json", PEOPLE);
            }
            default -> send(ex, 404, "application/json", "{\"error\":\"not found\",\"id\":\"x\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        try {
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        } catch (IOException gone) {
            // The mediator timed out and went away.
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
