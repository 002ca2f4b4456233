package vn.truongson.crossing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.audit.AuditTrail;
import java.util.stream.Collectors;
import vn.truongson.core.DomainException;
import vn.truongson.document.EdxmlExchange;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;
import org.jspecify.annotations.Nullable;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.DossierStatus;
import vn.truongson.publicservice.Dossiers;

/**
 * Each node's claimer (issue 15): on the high node, claims the messages waiting for the high side at the gateway (their cleaned
 * content), imports each in one transaction with its row in {@code crossing_inbox} (the message id unique, so a
 * message offered again after a lost acknowledgement imports nothing twice), then acknowledges it. A
 * {@code dossier.envelope} becomes an online dossier in the procedure's one-stop queue; one the back office refuses (a
 * field wrong for this procedure) is kept as REFUSED with the reason and acknowledged, so it is not offered for ever. A
 * failure of the import itself is not acknowledged: the gateway offers the message again after its lease. On the low node
 * it claims the high node's {@code dossier.notice} and {@code dossier.result} messages (after their release) and relays
 * each onto the citizen's dossier ({@code Dossiers.relayCrossed}), once by id, the same way. Also: a
 * {@code dossier.supplement} (the citizen's answer to a supplement request, given on the low side) is filed on the high
 * side's dossier through {@code Dossiers.supplementCrossed}; an {@code edxml.package} from the low side is imported as
 * incoming ({@code EdxmlExchange.importCrossed}), one from the high side kept on the low node for the national axis.
 */
@Service
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** What became of one claimed message. */
    public record Outcome(String messageId, String type, String outcome, String ref, boolean acknowledged) {}

    private final JdbcClient jdbc;
    private final Dossiers dossiers;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final NodeProperties props;
    private final TransactionTemplate tx;
    private final EdxmlExchange edxmlExchange;

    Inbox(JdbcClient jdbc, Dossiers dossiers, AuditTrail audit, JsonMapper json, NodeProperties props, TransactionTemplate tx, EdxmlExchange edxmlExchange) {
        this.jdbc = jdbc;
        this.dossiers = dossiers;
        this.audit = audit;
        this.json = json;
        this.props = props;
        this.tx = tx;
        this.edxmlExchange = edxmlExchange;
    }

    /** Claims and imports through the gateway of this node's configuration. */
    public List<Outcome> claimAndImport(int limit) {
        String url = props.gateway().url();
        String token = props.gateway().token();
        if (url == null || url.isBlank()) return List.of();
        return claimAndImport(new GatewayClient(url, token == null ? "" : token), limit);
    }

    /** Claims up to {@code limit} messages from {@code gateway}, imports and acknowledges each. */
    public List<Outcome> claimAndImport(GatewayClient gateway, int limit) {
        GatewayClient.Answer claimed;
        try {
            claimed = gateway.post("/v1/inbox/claim?limit=" + limit, new byte[0]);
        } catch (IOException e) {
            log.debug("Gateway unreachable: {}", e.toString());
            return List.of();
        }
        if (claimed.status() != 200) {
            log.warn("Gateway claim answered {}: {}", claimed.status(), claimed.body());
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        for (JsonNode m : json.readTree(claimed.body())) {
            String id = m.path("id").asString("");
            String type = m.path("type").asString("");
            Outcome o;
            try {
                o = importOne(id, type, m);
            } catch (RuntimeException e) {
                log.error("Gateway message {} ({}) not imported; offered again after the lease", id, type, e);
                out.add(new Outcome(id, type, "FAILED", "", false));
                continue;
            }
            boolean acked = false;
            try {
                GatewayClient.Answer a = gateway.post("/v1/inbox/" + id + "/ack", new byte[0]);
                acked = a.status() == 200;
                if (!acked) log.warn("Gateway ack of {} answered {}: {}", id, a.status(), a.body());
            } catch (IOException e) {
                log.warn("Gateway ack of {} failed ({}); it will be offered again and recognised", id, e.toString());
            }
            out.add(new Outcome(id, type, o.outcome(), o.ref(), acked));
        }
        return out;
    }

    private Outcome importOne(String id, String type, JsonNode m) {
        try {
            Outcome o = tx.execute(s -> {
                // The id first: a second claimer of the same message (two high nodes, a lease run out) waits here, then finds it.
                int taken = jdbc.sql("insert into crossing_inbox (message_id, type, outcome) values (?, ?, 'IMPORTED') on conflict do nothing")
                        .params(id, type).update();
                if (taken == 0) {
                    String[] seen = jdbc.sql("select outcome, coalesce(ref, '') from crossing_inbox where message_id = ?").param(id)
                            .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
                    return new Outcome(id, type, "ALREADY_" + seen[0], seen[1], false);
                }
                JsonNode p = m.path("payload");
                // The gateway gives each side only the types of its direction: notices and results reach a low node, envelopes a high one.
                if (type.equals("dossier.notice") || type.equals("dossier.result")) {
                    String ref = relay(id, type, p, m);
                    jdbc.sql("update crossing_inbox set ref = ? where message_id = ?").params(ref, id).update();
                    audit.record("crossing.inbox.import", ref, AuditTrail.SUCCESS, "message " + id + " (" + type + ") from the gateway");
                    return new Outcome(id, type, "IMPORTED", ref, false);
                }
                if (type.equals("edxml.package")) {
                    String ref = edxml(id, m);
                    jdbc.sql("update crossing_inbox set ref = ? where message_id = ?").params(ref, id).update();
                    audit.record("crossing.inbox.import", ref, AuditTrail.SUCCESS, "message " + id + " (" + type + ") from the gateway");
                    return new Outcome(id, type, "IMPORTED", ref, false);
                }
                if (type.equals("dossier.supplement")) {
                    // The high side's dossier of the low side's code (its envelope's id), then Dossiers' own supplement path.
                    String low = p.path("dossierCode").asString("");
                    String high = jdbc.sql("select ref from crossing_inbox where message_id = ? and type = 'dossier.envelope' and outcome = 'IMPORTED'")
                            .param("dossier:" + low).query(String.class).optional()
                            .orElseThrow(() -> new DomainException.NotFound("dossier", low)).substring("dossier:".length());
                    Dossier d = dossiers.supplementCrossed(high, id, p.hasNonNull("note") ? p.get("note").asString() : null, uploads(m));
                    String ref = "dossier:" + d.code();
                    jdbc.sql("update crossing_inbox set ref = ? where message_id = ?").params(ref, id).update();
                    audit.record("crossing.inbox.import", ref, AuditTrail.SUCCESS, "message " + id + " (" + type + ") from the gateway");
                    return new Outcome(id, type, "IMPORTED", ref, false);
                }
                if (!type.equals("dossier.envelope")) throw new DomainException.BadInput("type", "problem.field.invalid");
                // A refusal here (DomainException) rolls the whole import back, the inbox row with it; it is kept as REFUSED below.
                Dossier d = dossiers.importCrossed(p.path("dossierCode").asString(""), id, newDossier(p), uploads(m));
                String ref = "dossier:" + d.code();
                jdbc.sql("update crossing_inbox set ref = ? where message_id = ?").params(ref, id).update();
                audit.record("crossing.inbox.import", ref, AuditTrail.SUCCESS, "message " + id + " (" + type + ") from the gateway");
                return new Outcome(id, type, "IMPORTED", ref, false);
            });
            return java.util.Objects.requireNonNull(o);
        } catch (DomainException e) {
            String ref = type.startsWith("dossier.") ? "dossier:" + m.path("payload").path("dossierCode").asString("") : type;
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            Outcome o = tx.execute(s -> {
                int taken = jdbc.sql("insert into crossing_inbox (message_id, type, outcome, ref, detail) values (?, ?, 'REFUSED', ?, ?) on conflict do nothing")
                        .params(id, type, ref, detail).update();
                if (taken == 1) audit.record("crossing.inbox.import", ref, AuditTrail.FAILURE, "message " + id + " (" + type + ") from the gateway: " + detail);
                return new Outcome(id, type, taken == 1 ? "REFUSED" : "ALREADY", ref, false);
            });
            return java.util.Objects.requireNonNull(o);
        }
    }

    /**
     * An {@code edxml.package}: from the low side (this is the high node) imported as incoming through the document
     * module's own import; from the high side (this is the low node) kept whole for the national document axis.
     */
    private String edxml(String id, JsonNode m) {
        EdxmlMessage em = EdxmlCrossing.reassemble(m);
        if (m.path("from").asString("").equals("high")) {
            jdbc.sql("""
                    insert into crossing_edxml_outgoing (message_id, document_id, from_organ, to_organs, subject, body)
                    values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(id, em.documentId(), em.from().organId(), em.to().stream().map(EdxmlMessage.Organ::organId).collect(Collectors.joining(",")),
                            em.subject(), EdXml.write(em)).update();
            return "edxml:" + (em.documentId().length() > 200 ? em.documentId().substring(0, 200) : em.documentId());
        }
        return "document:" + edxmlExchange.importCrossed(em, id).id();
    }

    /** On a low node: the high node's notice or result applied to this node's dossier (its code is the payload's). */
    private String relay(String id, String type, JsonNode p, JsonNode m) {
        String code = p.path("dossierCode").asString("");
        DossierStatus status;
        String note;
        byte @Nullable [] pdf = null;
        if (type.equals("dossier.notice")) {
            try {
                status = DossierStatus.valueOf(p.path("status").asString(""));
            } catch (IllegalArgumentException e) {
                throw new DomainException.BadInput("payload.status", "problem.field.invalid");
            }
            note = p.path("message").asString("");
        } else {
            status = switch (p.path("outcome").asString("")) {
                case "REJECTED" -> DossierStatus.REJECTED;
                case "RETURNED", "APPROVED" -> DossierStatus.RETURNED;
                default -> throw new DomainException.BadInput("payload.outcome", "problem.field.invalid");
            };
            note = p.path("note").asString(status.vietnamese());
            for (JsonNode f : m.path("files")) {
                pdf = Base64.getDecoder().decode(f.path("content").asString("").getBytes(StandardCharsets.US_ASCII));
                break;
            }
        }
        dossiers.relayCrossed(code, id, status, note, pdf);
        return "dossier:" + code;
    }

    private Dossiers.NewDossier newDossier(JsonNode p) {
        JsonNode a = p.path("applicant");
        var applicant = new Dossier.Applicant(a.path("idNumber").asString(""), a.path("fullName").asString(""), null,
                a.hasNonNull("phone") ? a.get("phone").asString() : null, a.hasNonNull("email") ? a.get("email").asString() : null);
        Map<String, Object> form = p.hasNonNull("form") ? json.convertValue(p.get("form"), Map.class) : new LinkedHashMap<>();
        return new Dossiers.NewDossier(p.path("procedureCode").asString(""), applicant, form);
    }

    private static List<Dossiers.Upload> uploads(JsonNode m) {
        List<Dossiers.Upload> out = new ArrayList<>();
        for (JsonNode f : m.path("files")) {
            String name = f.path("name").asString("");
            int slash = name.indexOf('/');
            String component = slash > 0 ? name.substring(0, slash) : name;
            String fileName = slash > 0 ? name.substring(slash + 1) : name;
            out.add(Dossiers.Upload.of(component, fileName, Base64.getDecoder().decode(f.path("content").asString("").getBytes(StandardCharsets.US_ASCII))));
        }
        return out;
    }
}
