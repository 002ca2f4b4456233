package vn.truongson.sandbox.personnel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox personnel records system (hệ thống quản lý quân nhân, synthetic data): a second, separate system that
 * offers a service through the data-sharing platform's mediator (docs/exchange.md "Sandbox personnel system").
 *
 * <p>It binds its port first (the one asked, else the next free one from {@code --port-from}, else any), then writes
 * the port it holds to {@code --port-file}: whoever started it (the launcher, a test) reads the port from there, so
 * nothing races for a port chosen beforehand. The JDK only: it starts in well under a second.
 *
 * <p>API, under {@code /personnel}: {@code GET /people?unit=&q=} (q folds diacritics) → a JSON array of
 * {@code {id, fullName, rank, unit, birthYear, idNumber, enlistedOn}}; {@code GET /people/{id}} → one, or 404;
 * {@code GET /health}. Like a real provider behind the mediator, it answers the people endpoints only to a caller the
 * mediator names ({@code X-Consumer-System} and {@code X-Agreement-Id}; 403 otherwise, unless started with
 * {@code --require-mediator=false}, as the bench does for its direct baseline), and logs each call ({@code --quiet=true}: not).
 */
public final class PersonnelSystem implements AutoCloseable {

    static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
    static final String[] MIDDLE = {"Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Ngọc", "Xuân"};
    static final String[] GIVEN = {"An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Lâm", "Long", "Nam", "Phong", "Quân", "Sơn",
            "Thắng", "Trung", "Tuấn", "Việt", "Hà", "Lan", "Thu", "Hương"};
    static final String[] RANKS = {"Binh nhì", "Binh nhất", "Hạ sĩ", "Trung sĩ", "Thượng sĩ", "Thiếu úy", "Trung úy", "Thượng úy", "Đại úy",
            "Thiếu tá", "Trung tá", "Thượng tá"};
    static final String[] UNITS = {"BTL86", "QK1", "SD3", "LD1"};

    record Person(String id, String fullName, String rank, String unit, int birthYear, String idNumber, String enlistedOn, String folded) {}

    private final HttpServer server;
    private final List<Person> people;
    private final AtomicLong calls = new AtomicLong();
    private final boolean requireMediator;
    private final boolean quiet;

    private PersonnelSystem(HttpServer server, List<Person> people, boolean requireMediator, boolean quiet) {
        this.server = server;
        this.people = people;
        this.requireMediator = requireMediator;
        this.quiet = quiet;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        int count = Integer.parseInt(a.getOrDefault("count", "200"));
        PersonnelSystem p = start(a.containsKey("port") ? Integer.parseInt(a.get("port")) : -1, Integer.parseInt(a.getOrDefault("port-from", "8095")),
                count, Long.parseLong(a.getOrDefault("seed", "86")), !"false".equals(a.get("require-mediator")), "true".equals(a.get("quiet")));
        Runtime.getRuntime().addShutdownHook(new Thread(p::close));
        String portFile = a.get("port-file");
        if (portFile != null) {
            Path f = Path.of(portFile).toAbsolutePath();
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, p.port() + "\n");
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("sandbox personnel system: " + count + " synthetic people on http://localhost:" + p.port() + "/personnel");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : args) {
            if (!s.startsWith("--") || !s.contains("=")) throw new IllegalArgumentException("expected --name=value, got " + s);
            out.put(s.substring(2, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return out;
    }

    /** Binds {@code port} (0: any; negative: the next free one from {@code from}, else any) and serves. */
    public static PersonnelSystem start(int port, int from, int count, long seed, boolean requireMediator, boolean quiet) throws IOException {
        HttpServer server = null;
        if (port >= 0) server = HttpServer.create(new InetSocketAddress(port), 128);
        else {
            for (int p = from; p < from + 50 && server == null; p++) {
                try {
                    server = HttpServer.create(new InetSocketAddress(p), 128);
                } catch (BindException taken) {
                    // the next one
                }
            }
            if (server == null) server = HttpServer.create(new InetSocketAddress(0), 128);
        }
        PersonnelSystem s = new PersonnelSystem(server, generate(count, seed), requireMediator, quiet);
        server.createContext("/personnel", s::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<Person> generate(int count, long seed) {
        Random r = new Random(seed);
        List<Person> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String name = FAMILY[r.nextInt(FAMILY.length)] + " " + MIDDLE[r.nextInt(MIDDLE.length)] + " " + GIVEN[r.nextInt(GIVEN.length)];
            int born = 1970 + r.nextInt(36);
            String idNumber = String.format(Locale.ROOT, "0%02d%d%02d%06d", 1 + r.nextInt(96), born < 2000 ? 0 : 2, born % 100, r.nextInt(1_000_000));
            String enlisted = String.format(Locale.ROOT, "%d-%02d-%02d", Math.min(2025, born + 18 + r.nextInt(6)), 1 + r.nextInt(12), 1 + r.nextInt(28));
            String unit = UNITS[r.nextInt(UNITS.length)];
            out.add(new Person(String.format(Locale.ROOT, "QN%05d", i), name, RANKS[r.nextInt(RANKS.length)], unit, born, idNumber, enlisted,
                    fold(name)));
        }
        return List.copyOf(out);
    }

    static String fold(String s) {
        return Normalizer.normalize(s.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath().substring("/personnel".length());
            String consumer = x.getRequestHeaders().getFirst("X-Consumer-System");
            String agreement = x.getRequestHeaders().getFirst("X-Agreement-Id");
            if (path.equals("/health")) {
                send(x, 200, "{\"status\":\"UP\",\"people\":" + people.size() + ",\"calls\":" + calls.get() + "}");
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                send(x, 405, "{\"error\":\"method\"}");
                return;
            }
            if (requireMediator && (consumer == null || agreement == null)) {
                send(x, 403, "{\"error\":\"only through the data-sharing platform (X-Consumer-System, X-Agreement-Id)\"}");
                return;
            }
            calls.incrementAndGet();
            if (!quiet) System.out.println(Instant.now() + " " + consumer + " agreement " + agreement + " GET /personnel" + path);
            if (path.equals("/people") || path.equals("/people/")) {
                Map<String, String> q = query(x.getRequestURI().getRawQuery());
                String unit = q.get("unit");
                String text = q.containsKey("q") ? fold(q.get("q").strip()) : null;
                int limit = Math.clamp(parse(q.get("limit"), 100), 1, 1000);
                StringBuilder b = new StringBuilder("[");
                int n = 0;
                for (Person p : people) {
                    if (unit != null && !unit.equals(p.unit())) continue;
                    if (text != null && !p.folded().contains(text)) continue;
                    if (n++ > 0) b.append(',');
                    json(b, p);
                    if (n >= limit) break;
                }
                send(x, 200, b.append(']').toString());
                return;
            }
            if (path.startsWith("/people/")) {
                String id = path.substring("/people/".length());
                for (Person p : people) {
                    if (p.id().equals(id)) {
                        StringBuilder b = new StringBuilder();
                        json(b, p);
                        send(x, 200, b.toString());
                        return;
                    }
                }
            }
            send(x, 404, "{\"error\":\"not found\"}");
        }
    }

    private static int parse(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.putIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException bad) {
                // a malformed escape: ignored, like an absent parameter
            }
        }
        return out;
    }

    private static void json(StringBuilder b, Person p) {
        b.append("{\"id\":").append(str(p.id())).append(",\"fullName\":").append(str(p.fullName())).append(",\"rank\":").append(str(p.rank()))
                .append(",\"unit\":").append(str(p.unit())).append(",\"birthYear\":").append(p.birthYear()).append(",\"idNumber\":")
                .append(str(p.idNumber())).append(",\"enlistedOn\":").append(str(p.enlistedOn())).append('}');
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }
}
