package vn.truongson.crossing;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * The high node's view of the crossing (issue 15, {@code /office/gateway}): its outbox and inbox, and the gateway's
 * release queue with the two-person release. Only on a high node, and only for officials holding
 * {@link Role#GATEWAY_RELEASER}, {@link Role#SECURITY_OFFICER} or {@link Role#ADMIN}; anyone else (and every request on
 * another node) finds nothing (404). An approval is a {@code GATEWAY_RELEASER}'s own: the platform tells the gateway who
 * approves (the signed-in official's account name) and that he holds the role; the gateway refuses the same official
 * twice. Each approval, accepted or refused, is audited.
 */
@Service
public class Releases {

    /** What the screens show of a message held for release. */
    public record Held(String id, String type, String typeTitle, String receivedAt, List<String> approvals, Map<String, String> payload,
            List<String> files) {}

    /** One row of the outbox or inbox. */
    public record Row(String messageId, String type, String typeTitle, @Nullable String ref, String state, int attempts, @Nullable String detail,
            Instant at) {}

    /** An approval's answer: released (the second official), or waiting for the second, or refused with the gateway's reason. */
    public record Approval(boolean ok, boolean released, String message) {}

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final NodeProperties props;
    private final AuditTrail audit;
    private final JsonMapper json;

    Releases(JdbcClient jdbc, AccessPolicy policy, NodeProperties props, AuditTrail audit, JsonMapper json) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.props = props;
        this.audit = audit;
        this.json = json;
    }

    /** The message types' Vietnamese names (no codes on Vietnamese pages). */
    public static String title(String type) {
        return switch (type) {
            case "dossier.envelope" -> "Hồ sơ của công dân";
            case "dossier.notice" -> "Thông báo trạng thái hồ sơ";
            case "dossier.result" -> "Kết quả giải quyết hồ sơ";
            case "dossier.supplement" -> "Hồ sơ bổ sung của công dân";
            case "edxml.package" -> "Văn bản điện tử (edXML)";
            default -> "Loại khác";
        };
    }

    /** The current official, when he may see the crossing on this node; else 404. */
    public Actor viewer() {
        Actor a = policy.actor();
        if (!mayView(a)) throw new DomainException.NotFound("page", "gateway");
        return a;
    }

    /** Whether the signed-in official (if any) has {@code /office/gateway} in his menu: the same rule as {@link #viewer}. */
    public boolean visible() {
        return props.role() == NodeProperties.Role.HIGH && policy.currentActor().map(this::mayView).orElse(false);
    }

    private boolean mayView(Actor a) {
        return props.role() == NodeProperties.Role.HIGH && (a.has(Role.GATEWAY_RELEASER) || a.has(Role.SECURITY_OFFICER) || a.has(Role.ADMIN));
    }

    public List<Row> outbox(int limit) {
        viewer();
        return jdbc.sql("""
                select message_id, type, ref, state, attempts, coalesce(last_error, case when state = 'REFUSED' then answer end), created_at
                from crossing_outbox order by id desc limit ?""").param(limit)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), title(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant())).list();
    }

    public List<Row> inbox(int limit) {
        viewer();
        return jdbc.sql("select message_id, type, ref, outcome, detail, imported_at from crossing_inbox order by imported_at desc limit ?").param(limit)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), title(rs.getString(2)), rs.getString(3), rs.getString(4), 1,
                        rs.getString(5), rs.getTimestamp(6).toInstant())).list();
    }

    /** Rows per state: {@code outbox.PENDING}, {@code inbox.IMPORTED}, … */
    public Map<String, Long> counts() {
        viewer();
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("select 'outbox.' || state, count(*) from crossing_outbox group by state union all select 'inbox.' || outcome, count(*) from crossing_inbox group by outcome")
                .query(rs -> { out.put(rs.getString(1), rs.getLong(2)); });
        return out;
    }

    /** The gateway's release queue (cleaned content); null when the gateway does not answer. */
    public @Nullable List<Held> held() {
        viewer();
        GatewayClient.Answer a;
        try {
            a = client().get("/v1/releases");
        } catch (IOException e) {
            return null;
        }
        if (a.status() != 200) return null;
        List<Held> out = new ArrayList<>();
        for (JsonNode m : json.readTree(a.body())) {
            List<String> approvals = new ArrayList<>();
            m.path("approvals").forEach(x -> approvals.add(x.asString("")));
            Map<String, String> payload = new LinkedHashMap<>();
            JsonNode content = m.path("content");
            content.path("payload").properties().forEach(e -> payload.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asString("") : e.getValue().toString()));
            List<String> files = new ArrayList<>();
            content.path("files").forEach(f -> files.add(f.path("name").asString("")));
            String type = m.path("type").asString("");
            out.add(new Held(m.path("id").asString(""), type, title(type), m.path("receivedAt").asString(""), approvals, payload, files));
        }
        return out;
    }

    /** The signed-in official approves one held message (a GATEWAY_RELEASER only; not twice; audited). */
    public Approval approve(String id) {
        Actor a = viewer();
        if (!a.has(Role.GATEWAY_RELEASER)) throw new DomainException.NotFound("page", "gateway");
        if (!ID.matcher(id).matches()) throw new DomainException.NotFound("message", id);
        byte[] body = json.writeValueAsBytes(Map.of("official", a.username(), "roles", List.of(Role.GATEWAY_RELEASER.name())));
        GatewayClient.Answer r;
        try {
            r = client().post("/v1/releases/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/approve", body);
        } catch (IOException e) {
            audit.record("crossing.release.approve", "gateway:" + id, AuditTrail.FAILURE, "gateway unreachable");
            return new Approval(false, false, "Cổng kết nối không trả lời; vui lòng thử lại sau.");
        }
        if (r.status() == 404) throw new DomainException.NotFound("message", id);
        if (r.status() != 200) {
            String detail = json.readTree(r.body()).path("detail").asString("");
            audit.record("crossing.release.approve", "gateway:" + id, AuditTrail.FAILURE, r.status() + " " + detail);
            return new Approval(false, false, detail.isBlank() ? "Cổng kết nối từ chối phê duyệt." : "Cổng kết nối từ chối: " + detail);
        }
        boolean released = "QUEUED".equals(json.readTree(r.body()).path("state").asString(""));
        audit.record("crossing.release.approve", "gateway:" + id, AuditTrail.SUCCESS, released ? "second approval: released" : "first approval");
        return new Approval(true, released, released ? "Đã phát hành: tin được chuyển sang mạng bên ngoài." : "Đã phê duyệt; cần thêm một cán bộ khác phê duyệt để phát hành.");
    }

    private GatewayClient client() {
        String url = props.gateway().url();
        String token = props.gateway().token();
        return new GatewayClient(url == null ? "" : url, token == null ? "" : token);
    }
}
