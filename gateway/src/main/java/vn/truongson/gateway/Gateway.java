package vn.truongson.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.truongson.clamd.ClamdClient;

/**
 * The gateway's rules (docs/gateway.md). A message is accepted once per id: the same id with the same content answers
 * what the first answered, with other content it is a conflict. Accepted messages wait for the other side to claim
 * and acknowledge them (delivered once); refused ones stay in quarantine with the reason. State lives under
 * {@code gateway.data-dir} only.
 */
@Service
public class Gateway implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-]{8,100}");
    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    /** Where a message stands. */
    public enum State { PENDING_RELEASE, QUEUED, CLAIMED, DELIVERED, QUARANTINED }

    /** The answer to a sender: HTTP status and body. */
    public record Answer(int status, ObjectNode body) {}

    private final GatewayProperties props;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Path messages;
    private final Map<Side, TransferLog> logs = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> index = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Markings markings;
    private final ClamdClient clamd;

    public Gateway(GatewayProperties props) throws Exception {
        this.props = props;
        Path home = Path.of(props.dataDir()).toAbsolutePath().normalize();
        this.messages = home.resolve("messages");
        Files.createDirectories(messages);
        var keys = TransferLog.keys(home.resolve("keys"));
        for (Side s : Side.values()) logs.put(s, new TransferLog(s, home, keys, json));
        try (Stream<Path> dirs = Files.list(messages)) {
            for (Path d : dirs.toList()) {
                Path meta = d.resolve("meta.json");
                if (Files.exists(meta)) {
                    ObjectNode m = (ObjectNode) json.readTree(meta.toFile());
                    index.put(m.get("id").asString(), m);
                }
            }
        }
        this.markings = new Markings(props.dirtyWords());
        this.clamd = props.clamd().enabled()
                ? new ClamdClient(home.resolve("clamd"), props.clamd().address(), props.clamd().signaturesDir(), props.clamd().timeout(), 62914560)
                : null;
        if (clamd != null) clamd.warmUp();
        log.info("gateway state in {} ({} messages)", home, index.size());
    }

    public JsonMapper json() {
        return json;
    }

    // ---------------------------------------------------------------------------------------------------- submit

    /** A whole message from {@code from}'s node; the body as received (at most maxMessageBytes + 1 bytes). */
    public Answer submit(Side from, byte[] body) {
        String digest = TransferLog.sha256(body);
        if (body.length > props.maxMessageBytes()) {
            return refuse(from, "oversize-" + digest.substring(0, 24), "?", digest, "OVERSIZE", "body",
                    "tin quá lớn: giới hạn " + props.maxMessageBytes() + " byte", null, 413);
        }
        JsonNode msg;
        try {
            msg = json.readTree(body);
        } catch (JacksonException e) {
            return refuse(from, "malformed-" + digest.substring(0, 24), "?", digest, "MALFORMED", "body", "không phải JSON hợp lệ", null, 400);
        }
        if (msg == null || !msg.isObject()) {
            return refuse(from, "malformed-" + digest.substring(0, 24), "?", digest, "MALFORMED", "body", "tin phải là một đối tượng JSON", null, 400);
        }
        String id = text(msg, "id");
        String typeName = text(msg, "type");
        if (id == null || !ID.matcher(id).matches()) {
            return refuse(from, "noid-" + digest.substring(0, 24), typeName == null ? "?" : typeName, digest, "SCHEMA", "id",
                    "id: bắt buộc, 8–100 ký tự A-Z a-z 0-9 . _ : -", null, 422);
        }
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ObjectNode known = index.get(id);
            if (known != null) {
                if (!known.get("digest").asString().equals(digest) || !known.get("from").asString().equals(from.key())) {
                    return new Answer(409, problem("CONFLICT", "id", "mã tin " + id + " đã được dùng cho một nội dung khác"));
                }
                return replay(known);
            }
            return check(from, id, typeName == null ? "?" : typeName, digest, body, (ObjectNode) msg);
        }
    }

    private Answer check(Side from, String id, String typeName, String digest, byte[] body, ObjectNode msg) {
        List<String> checks = new ArrayList<>();
        Optional<MessageTypes.Type> type = MessageTypes.find(typeName);
        if (type.isEmpty()) return refuse(from, id, typeName, digest, "UNKNOWN_TYPE", "type", "loại tin không được đăng ký: " + typeName, body, 422);
        MessageTypes.Type t = type.get();
        if (!t.direction().allows(from)) {
            return refuse(from, id, typeName, digest, "WRONG_DIRECTION", "type",
                    "loại tin " + typeName + " không được đi từ phía " + (from == Side.LOW ? "ngoài" : "trong") + " sang", body, 422);
        }
        checks.add("type:ok");
        if (body.length > t.maxBytes()) {
            return refuse(from, id, typeName, digest, "OVERSIZE", "body", "tin quá lớn cho loại " + typeName + ": giới hạn " + t.maxBytes() + " byte", body, 413);
        }
        checks.add("size:ok");
        String label = text(msg, "label");
        if (!"THUONG".equals(label)) {
            return refuse(from, id, typeName, digest, "LABEL", "label",
                    "chỉ tin độ mật Thường (THUONG) được qua cổng; tin mang nhãn " + (label == null ? "(không có)" : label), body, 422);
        }
        checks.add("label:ok");
        for (var names = msg.propertyNames().iterator(); names.hasNext(); ) {
            String n = names.next();
            if (!List.of("id", "type", "label", "sender", "payload", "files").contains(n)) {
                return refuse(from, id, typeName, digest, "SCHEMA", n, n + ": trường không có trong phong bì tin", body, 422);
            }
        }
        Optional<String> bad = MessageTypes.violation(t, msg.get("payload"));
        if (bad.isPresent()) {
            String field = bad.get().substring(0, bad.get().indexOf(':'));
            return refuse(from, id, typeName, digest, "SCHEMA", field, bad.get(), body, 422);
        }
        checks.add("schema:ok");
        if (clamd != null) {
            // The envelope itself (payload text), before its files one by one.
            try {
                ClamdClient.Verdict v = clamd.scan(new ByteArrayInputStream(body));
                if (v.infected()) return refuse(from, id, typeName, digest, "MALWARE", "payload", "tin mang mã độc " + v.signature(), body, 422);
                checks.add("clamav:clean");
            } catch (IOException e) {
                log.error("clamd unavailable: {}", e.getMessage());
                return new Answer(503, problem("SCANNER_UNAVAILABLE", "body", "bộ quét mã độc không trả lời; gửi lại sau (cùng mã tin)"));
            }
        }
        if (clamd == null) checks.add("clamav:off");
        JsonNode files = msg.get("files");
        ArrayNode cleanFiles = json.createArrayNode();
        StringBuilder text = new StringBuilder(msg.get("payload").toString());
        if (files != null && !files.isNull()) {
            if (!files.isArray()) return refuse(from, id, typeName, digest, "SCHEMA", "files", "files: phải là mảng", body, 422);
            if (files.size() > t.maxFiles()) {
                return refuse(from, id, typeName, digest, "SCHEMA", "files", "files: loại " + typeName + " mang tối đa " + t.maxFiles() + " tệp", body, 422);
            }
            for (int i = 0; i < files.size(); i++) {
                JsonNode f = files.get(i);
                String field = "files[" + i + "]";
                String name = f.isObject() ? text(f, "name") : null;
                String content = f.isObject() ? text(f, "content") : null;
                if (name == null || name.isBlank() || name.length() > 255 || content == null) {
                    return refuse(from, id, typeName, digest, "SCHEMA", field, field + ": cần name và content (base64)", body, 422);
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    return refuse(from, id, typeName, digest, "SCHEMA", field + ".content", field + ".content: không phải base64", body, 422);
                }
                Optional<FileKind> kind = FileKind.of(bytes);
                if (kind.isEmpty() || !t.files().contains(kind.get())) {
                    return refuse(from, id, typeName, digest, "FILE_TYPE", field,
                            field + " (" + name + "): loại tệp không được phép cho " + typeName + (kind.map(k -> " (" + k.name() + ")").orElse(" (không nhận ra theo nội dung)")),
                            body, 415);
                }
                if (clamd != null) {
                    try {
                        ClamdClient.Verdict v = clamd.scan(new ByteArrayInputStream(bytes));
                        if (v.infected()) {
                            return refuse(from, id, typeName, digest, "MALWARE", field, field + " (" + name + "): mã độc " + v.signature(), body, 422);
                        }
                    } catch (IOException e) {
                        // Fail closed, and do not quarantine: the sender retries with the same id once the scanner answers.
                        log.error("clamd unavailable: {}", e.getMessage());
                        return new Answer(503, problem("SCANNER_UNAVAILABLE", field, "bộ quét mã độc không trả lời; gửi lại sau (cùng mã tin)"));
                    }
                }
                Cdr.Result clean;
                try {
                    clean = Cdr.rebuild(kind.get(), bytes);
                } catch (Cdr.Unremovable e) {
                    return refuse(from, id, typeName, digest, "ACTIVE_CONTENT", field, field + " (" + name + "): " + e.getMessage(), body, 422);
                }
                text.append('\n').append(clean.text());
                ObjectNode cf = json.createObjectNode();
                cf.put("name", name);
                cf.put("kind", kind.get().name());
                cf.put("mediaType", kind.get().mediaType);
                cf.put("digest", TransferLog.sha256(bytes));
                cf.put("cleanDigest", TransferLog.sha256(clean.content()));
                cf.put("size", clean.content().length);
                ArrayNode removed = cf.putArray("removed");
                clean.removed().forEach(removed::add);
                cf.put("content", Base64.getEncoder().encodeToString(clean.content()));
                cleanFiles.add(cf);
            }
        }
        if (!cleanFiles.isEmpty()) {
            checks.add("files:ok");
            checks.add("cdr:rebuilt");
        }
        if (from == Side.HIGH) {
            Optional<String> hit = markings.find(text.toString());
            if (hit.isPresent()) {
                return refuse(from, id, typeName, digest, "MARKING", "content", "nội dung mang " + hit.get() + ": không được ra ngoài", body, 422);
            }
            checks.add("markings:none");
        }
        ObjectNode clean = json.createObjectNode();
        clean.put("id", id);
        clean.put("type", typeName);
        clean.put("label", "THUONG");
        clean.put("from", from.key());
        if (msg.hasNonNull("sender")) clean.put("sender", msg.get("sender").asString(""));
        clean.set("payload", msg.get("payload"));
        clean.set("files", cleanFiles);
        boolean release = from == Side.HIGH && !props.autoRelease().contains(typeName);
        ObjectNode meta = meta(id, typeName, from, digest, release ? State.PENDING_RELEASE : State.QUEUED, checks);
        meta.put("cleanDigest", TransferLog.sha256(json.writeValueAsBytes(clean)));
        store(meta, body, json.writeValueAsBytes(clean));
        ObjectNode entry = logFields("RECEIVED", meta);
        logs.get(from).append(entry);
        return new Answer(202, summary(meta));
    }

    private Answer refuse(Side from, String id, String type, String digest, String code, String field, String reason, byte[] body, int status) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ObjectNode known = index.get(id);
            if (known != null) return replay(known);
            ObjectNode meta = meta(id, type, from, digest, State.QUARANTINED, List.of());
            meta.put("code", code);
            meta.put("field", field);
            meta.put("reason", reason);
            meta.put("status", status);
            byte[] kept = body == null ? new byte[0] : body;
            store(meta, kept, null);
            logs.get(from).append(logFields("REFUSED", meta));
            log.warn("refused {} from {}: {} {}", id, from.key(), code, reason);
            return replay(meta);
        }
    }

    private Answer replay(ObjectNode meta) {
        if (State.valueOf(meta.get("state").asString()) == State.QUARANTINED) {
            ObjectNode p = problem(meta.get("code").asString(), meta.get("field").asString(), meta.get("reason").asString());
            p.put("id", meta.get("id").asString());
            p.put("quarantined", true);
            return new Answer(meta.get("status").asInt(), p);
        }
        return new Answer(202, summary(meta));
    }

    // ---------------------------------------------------------------------------------------------------- deliver

    /** Up to {@code limit} messages for {@code to}, each reserved for this claimer for the lease; their clean content. */
    public ArrayNode claim(Side to, int limit) {
        ArrayNode out = json.createArrayNode();
        Instant now = Instant.now();
        List<ObjectNode> ready = index.values().stream()
                .filter(m -> Side.valueOf(m.get("from").asString().toUpperCase()) != to)
                .filter(m -> { String s = m.get("state").asString();
                    return s.equals("QUEUED") || (s.equals("CLAIMED") && Instant.parse(m.get("claimUntil").asString()).isBefore(now)); })
                .sorted(Comparator.comparing(m -> m.get("receivedAt").asString())).toList();
        for (ObjectNode m : ready) {
            if (out.size() >= limit) break;
            String id = m.get("id").asString();
            synchronized (locks.computeIfAbsent(id, k -> new Object())) {
                ObjectNode cur = index.get(id);
                String s = cur.get("state").asString();
                boolean free = s.equals("QUEUED") || (s.equals("CLAIMED") && Instant.parse(cur.get("claimUntil").asString()).isBefore(Instant.now()));
                if (!free) continue;
                ObjectNode next = cur.deepCopy();
                next.put("state", State.CLAIMED.name());
                next.put("claimUntil", Instant.now().plus(props.claimLease()).toString());
                save(next);
                out.add(cleanOf(id));
            }
        }
        return out;
    }

    /** The receiving node has stored the message: delivered, once. */
    public Answer ack(Side to, String id) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ObjectNode m = index.get(id);
            if (m == null || Side.valueOf(m.get("from").asString().toUpperCase()) == to) {
                return new Answer(404, problem("NOT_FOUND", "id", "không có tin " + id + " chờ giao cho phía này"));
            }
            State s = State.valueOf(m.get("state").asString());
            ObjectNode out = json.createObjectNode();
            out.put("id", id);
            if (s == State.DELIVERED) {
                out.put("delivered", false);
                out.put("alreadyDelivered", true);
                return new Answer(200, out);
            }
            if (s != State.CLAIMED && s != State.QUEUED) {
                return new Answer(409, problem("NOT_DELIVERABLE", "id", "tin " + id + " đang ở trạng thái " + s + ", chưa được giao"));
            }
            ObjectNode next = m.deepCopy();
            next.put("state", State.DELIVERED.name());
            next.put("deliveredAt", Instant.now().toString());
            save(next);
            logs.get(to).append(logFields("DELIVERED", next));
            out.put("delivered", true);
            return new Answer(200, out);
        }
    }

    // ---------------------------------------------------------------------------------------------------- release

    /** One official's approval of a message leaving the high side; the second different official releases it. */
    public Answer approve(String id, String official, List<String> roles) {
        if (official == null || official.isBlank()) return new Answer(422, problem("SCHEMA", "official", "official: bắt buộc"));
        if (roles == null || !roles.contains(props.releaseRole())) {
            return new Answer(403, problem("FORBIDDEN", "roles", "cán bộ " + official + " không có vai trò phát hành " + props.releaseRole()));
        }
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ObjectNode m = index.get(id);
            if (m == null || !m.get("from").asString().equals("high")) return new Answer(404, problem("NOT_FOUND", "id", "không có tin " + id + " chờ phát hành"));
            if (!m.get("state").asString().equals(State.PENDING_RELEASE.name())) {
                return new Answer(409, problem("NOT_PENDING", "id", "tin " + id + " không chờ phát hành (" + m.get("state").asString() + ")"));
            }
            LinkedHashSet<String> approvals = new LinkedHashSet<>();
            m.withArray("approvals").forEach(a -> approvals.add(a.asString()));
            if (approvals.contains(official)) {
                return new Answer(409, problem("SAME_OFFICIAL", "official", "cán bộ " + official + " đã phê duyệt tin này; người thứ hai phải là người khác"));
            }
            ObjectNode next = m.deepCopy();
            next.withArray("approvals").add(official);
            ObjectNode e = logFields("APPROVED", next);
            e.put("official", official);
            if (approvals.size() + 1 >= 2) {
                next.put("state", State.QUEUED.name());
                next.put("releasedAt", Instant.now().toString());
            }
            save(next);
            logs.get(Side.HIGH).append(e);
            if (approvals.size() + 1 >= 2) logs.get(Side.HIGH).append(logFields("RELEASED", next));
            return new Answer(200, summary(next));
        }
    }

    /** A reviewer's finding on a quarantined message (it stays quarantined: nothing refused ever crosses). */
    public Answer review(String id, String official, List<String> roles, String note) {
        if (official == null || official.isBlank()) return new Answer(422, problem("SCHEMA", "official", "official: bắt buộc"));
        if (note == null || note.isBlank() || note.length() > 2000) return new Answer(422, problem("SCHEMA", "note", "note: bắt buộc, tối đa 2000 ký tự"));
        if (roles == null || !roles.contains(props.releaseRole())) {
            return new Answer(403, problem("FORBIDDEN", "roles", "cán bộ " + official + " không có vai trò " + props.releaseRole()));
        }
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ObjectNode m = index.get(id);
            if (m == null || !m.get("state").asString().equals(State.QUARANTINED.name())) {
                return new Answer(404, problem("NOT_FOUND", "id", "không có tin " + id + " trong khu cách ly"));
            }
            ObjectNode next = m.deepCopy();
            ObjectNode r = next.withArray("reviews").addObject();
            r.put("official", official);
            r.put("note", java.text.Normalizer.normalize(note, java.text.Normalizer.Form.NFC));
            r.put("at", Instant.now().toString());
            save(next);
            ObjectNode e = logFields("REVIEWED", next);
            e.put("official", official);
            e.put("note", r.get("note").asString());
            logs.get(Side.HIGH).append(e);
            return new Answer(200, summary(next));
        }
    }

    // ---------------------------------------------------------------------------------------------------- views

    public Optional<ObjectNode> status(Side from, String id) {
        ObjectNode m = index.get(id);
        if (m == null || !m.get("from").asString().equals(from.key())) return Optional.empty();
        return Optional.of(summary(m));
    }

    /** Messages in one state (newest first), with the clean content when asked. */
    public ArrayNode list(State state, boolean withContent) {
        ArrayNode out = json.createArrayNode();
        index.values().stream().filter(m -> m.get("state").asString().equals(state.name()))
                .sorted(Comparator.comparing((ObjectNode m) -> m.get("receivedAt").asString()).reversed())
                .forEach(m -> {
                    ObjectNode s = summary(m);
                    if (withContent) s.set("content", cleanOf(m.get("id").asString()));
                    out.add(s);
                });
        return out;
    }

    /** Log entries of one side (or both), filtered by type, event and day (yyyy-MM-dd, Vietnam time). */
    public ArrayNode log(Side side, String type, String event, LocalDate from, LocalDate to) {
        ArrayNode out = json.createArrayNode();
        for (Side s : side == null ? List.of(Side.values()) : List.of(side)) {
            for (ObjectNode e : logs.get(s).entries()) {
                if (type != null && !type.equals(e.path("type").asString())) continue;
                if (event != null && !event.equals(e.path("event").asString())) continue;
                LocalDate d = LocalDate.ofInstant(Instant.parse(e.get("at").asString()), VN);
                if (from != null && d.isBefore(from) || to != null && d.isAfter(to)) continue;
                out.add(e);
            }
        }
        return out;
    }

    /** Counts per day (Vietnam time), type and event, from both logs. */
    public ObjectNode counts() {
        Map<String, Map<String, Map<String, Integer>>> c = new TreeMap<>();
        for (Side s : Side.values()) {
            for (ObjectNode e : logs.get(s).entries()) {
                if (!e.hasNonNull("type")) continue; // seals
                String day = LocalDate.ofInstant(Instant.parse(e.get("at").asString()), VN).toString();
                c.computeIfAbsent(day, k -> new TreeMap<>()).computeIfAbsent(e.path("type").asString("?"), k -> new TreeMap<>())
                        .merge(e.get("event").asString(), 1, Integer::sum);
            }
        }
        return json.valueToTree(c);
    }

    /**
     * Both logs side by side: each log's chain and signatures; every accepted message of one side delivered to the
     * other (or still waiting: listed), nothing delivered that was not accepted, digests equal.
     */
    public ObjectNode reconcile() {
        ObjectNode r = json.createObjectNode();
        boolean ok = true;
        for (Side s : Side.values()) {
            String v = logs.get(s).verify();
            r.put(s.key() + "LogIntact", v == null);
            if (v != null) {
                r.put(s.key() + "LogProblem", v);
                ok = false;
            }
        }
        Map<String, String> received = new TreeMap<>(), delivered = new TreeMap<>();
        for (Side s : Side.values()) {
            for (ObjectNode e : logs.get(s).entries()) {
                String ev = e.get("event").asString();
                if (ev.equals("RECEIVED")) received.put(e.get("id").asString(), e.path("cleanDigest").asString());
                if (ev.equals("DELIVERED")) delivered.put(e.get("id").asString(), e.path("cleanDigest").asString());
            }
        }
        ArrayNode arrivedNotSent = r.putArray("arrivedNotSent"), digestMismatch = r.putArray("digestMismatch"),
                waiting = r.putArray("waiting"), lost = r.putArray("sentNotArrived");
        for (var d : delivered.entrySet()) {
            if (!received.containsKey(d.getKey())) arrivedNotSent.add(d.getKey());
            else if (!received.get(d.getKey()).equals(d.getValue())) digestMismatch.add(d.getKey());
        }
        for (String id : received.keySet()) {
            if (delivered.containsKey(id)) continue;
            ObjectNode m = index.get(id);
            if (m != null && List.of("PENDING_RELEASE", "QUEUED", "CLAIMED").contains(m.get("state").asString())) waiting.add(id);
            else lost.add(id);
        }
        ok &= arrivedNotSent.isEmpty() && digestMismatch.isEmpty() && lost.isEmpty();
        r.put("received", received.size());
        r.put("delivered", delivered.size());
        r.put("reconciled", ok);
        return r;
    }

    public TransferLog transferLog(Side s) {
        return logs.get(s);
    }

    // ---------------------------------------------------------------------------------------------------- store

    private ObjectNode meta(String id, String type, Side from, String digest, State state, List<String> checks) {
        ObjectNode m = json.createObjectNode();
        m.put("id", id);
        m.put("type", type);
        m.put("from", from.key());
        m.put("to", from.other().key());
        m.put("digest", digest);
        m.put("state", state.name());
        m.put("receivedAt", Instant.now().toString());
        ArrayNode c = m.putArray("checks");
        checks.forEach(c::add);
        m.putArray("approvals");
        return m;
    }

    private ObjectNode summary(ObjectNode m) {
        ObjectNode s = m.deepCopy();
        s.remove("claimUntil");
        return s;
    }

    private ObjectNode logFields(String event, ObjectNode meta) {
        ObjectNode e = json.createObjectNode();
        e.put("event", event);
        for (String f : List.of("id", "type", "from", "to", "digest", "cleanDigest", "state", "code", "reason")) {
            if (meta.hasNonNull(f)) e.set(f, meta.get(f));
        }
        e.set("checks", meta.get("checks"));
        e.set("approvals", meta.get("approvals"));
        return e;
    }

    private Path dir(String id) {
        return messages.resolve(id.replace(':', '_'));
    }

    private void store(ObjectNode meta, byte[] original, byte[] clean) {
        try {
            Path d = dir(meta.get("id").asString());
            Files.createDirectories(d);
            write(d.resolve("original.bin"), original);
            if (clean != null) write(d.resolve("clean.json"), clean);
            save(meta);
        } catch (IOException e) {
            throw new IllegalStateException("the gateway could not store a message: " + e.getMessage(), e);
        }
    }

    private void save(ObjectNode meta) {
        try {
            write(dir(meta.get("id").asString()).resolve("meta.json"), json.writeValueAsBytes(meta));
            index.put(meta.get("id").asString(), meta);
        } catch (IOException e) {
            throw new IllegalStateException("the gateway could not store a message: " + e.getMessage(), e);
        }
    }

    private static void write(Path p, byte[] b) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(b));
            ch.force(true);
        }
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private ObjectNode cleanOf(String id) {
        try {
            return (ObjectNode) json.readTree(dir(id).resolve("clean.json").toFile());
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode problem(String code, String field, String detail) {
        ObjectNode p = json.createObjectNode();
        p.put("type", "https://truongson.example/problems/gateway/" + code.toLowerCase().replace('_', '-'));
        p.put("title", "Cổng kết nối từ chối tin");
        p.put("code", code);
        p.put("field", field);
        p.put("detail", detail);
        return p;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    @Override
    public void destroy() {
        if (clamd != null) clamd.close();
    }
}
