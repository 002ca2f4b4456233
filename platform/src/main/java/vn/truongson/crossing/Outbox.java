package vn.truongson.crossing;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.publicservice.DossierEvent;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;

/**
 * The low node's outbox (issue 15): a citizen's filing is queued here in the filing's own transaction as a
 * {@code dossier.envelope} with the message id {@code dossier:<code>}; {@link #deliverDue} sends what is due, each row
 * claimed with {@code for update skip locked} (so two nodes never send one row at once), and keeps a row until the
 * gateway has answered it — accepted (202) or refused (a 4xx, quarantined there) — retrying with a growing pause while
 * the gateway is down or its scanner is (503). The gateway answers a resend of the same id as it answered the first,
 * so each filing crosses exactly once.
 */
@Service
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    /** One delivery attempt's result, for tests and the log. */
    public record Attempt(String messageId, String state, int status, String detail) {}

    private final JdbcClient jdbc;
    private final Dossiers dossiers;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final NodeProperties props;
    private final TransactionTemplate tx;

    Outbox(JdbcClient jdbc, Dossiers dossiers, AuditTrail audit, JsonMapper json, NodeProperties props, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.dossiers = dossiers;
        this.audit = audit;
        this.json = json;
        this.props = props;
        this.tx = tx;
    }

    /** On a low node, a citizen's filing is queued for the high side with it (same transaction). */
    @EventListener
    void onFiled(Dossiers.DossierFiled e) {
        if (props.role() == NodeProperties.Role.LOW) enqueueDossier(e.code());
    }

    /** Queues a filed dossier as a {@code dossier.envelope}; once per dossier (its id is {@code dossier:<code>}). */
    public String enqueueDossier(String code) {
        Dossiers.Crossing c = dossiers.forCrossing(code);
        Dossier d = c.dossier();
        String id = "dossier:" + d.code();
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", d.applicant().fullName());
        applicant.put("idNumber", d.applicant().idNumber());
        if (d.applicant().phone() != null) applicant.put("phone", d.applicant().phone());
        if (d.applicant().email() != null) applicant.put("email", d.applicant().email());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("dossierCode", d.code());
        payload.put("procedureCode", d.procedureCode());
        payload.put("submittedAt", d.submittedAt().toString());
        payload.put("applicant", applicant);
        payload.put("form", d.formData());
        List<Map<String, Object>> files = new ArrayList<>();
        for (Dossiers.AttachmentFile f : c.files()) {
            // The component travels in the name: "<component>/<file name>".
            files.add(Map.of("name", f.attachment().component() + "/" + f.attachment().fileName(), "content", Base64.getEncoder().encodeToString(f.bytes())));
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("type", "dossier.envelope");
        msg.put("label", "THUONG");
        msg.put("sender", "truongson-low");
        msg.put("payload", payload);
        msg.put("files", files);
        enqueue(msg, "dossier:" + d.code());
        return id;
    }

    /**
     * On a low node, the citizen's answer to a supplement request (Mẫu 02) on a dossier that crossed goes up with it (same
     * transaction): the files added and the note, as a {@code dossier.supplement}.
     */
    @EventListener
    void onSupplemented(DossierEvent.Supplemented e) {
        if (props.role() == NodeProperties.Role.LOW && crossed(e.code())) enqueueSupplement(e.code(), e.at(), e.note());
    }

    /** Whether this node sent the dossier's envelope to the gateway. */
    boolean crossed(String code) {
        return jdbc.sql("select count(*) from crossing_outbox where message_id = ?").param("dossier:" + code).query(Long.class).single() > 0;
    }

    /** Queues the dossier's last answer to a supplement request (tests, and an operator re-queuing one). */
    public String enqueueSupplement(String code) {
        Dossier d = dossiers.forCrossing(code).dossier();
        Dossier.Event last = d.events().stream().filter(e -> e.kind().equals("SUPPLEMENTED")).reduce((a, b) -> b)
                .orElseThrow(() -> new DomainException.NotFound("dossier", code));
        return enqueueSupplement(code, last.at(), last.note());
    }

    /**
     * Queues a {@code dossier.supplement} for the answer given at {@code at}: the files added then, the note; its id is
     * {@code supplement:<code>:<time in ms>}, so the same answer is queued, sent and filed on the high side once.
     */
    public String enqueueSupplement(String code, Instant at, @Nullable String note) {
        Dossiers.Crossing c = dossiers.forCrossing(code);
        String id = "supplement:" + code + ":" + at.toEpochMilli();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("dossierCode", code);
        payload.put("answeredAt", at.toString());
        if (note != null && !note.isBlank()) payload.put("note", note.length() > 2000 ? note.substring(0, 1999) + "…" : note);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Dossiers.AttachmentFile f : c.files()) {
            // The files added with this answer (stored at its time; the database keeps microseconds).
            if (Math.abs(Duration.between(f.attachment().addedAt(), at).toNanos()) > 1_000_000) continue;
            files.add(Map.of("name", f.attachment().component() + "/" + f.attachment().fileName(), "content", Base64.getEncoder().encodeToString(f.bytes())));
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("type", "dossier.supplement");
        msg.put("label", "THUONG");
        msg.put("sender", "truongson-low");
        msg.put("payload", payload);
        msg.put("files", files);
        enqueue(msg, "dossier:" + code);
        return id;
    }

    /**
     * Queues one whole message ({@code id}, {@code type}, …) in the caller's transaction; once per id (a second call with
     * the same id adds nothing). {@code ref} is what the audit rows name.
     */
    public boolean enqueue(Map<String, Object> msg, String ref) {
        String id = String.valueOf(msg.get("id"));
        int n = jdbc.sql("insert into crossing_outbox (message_id, type, ref, body) values (?, ?, ?, ?) on conflict (message_id) do nothing")
                .params(id, String.valueOf(msg.get("type")), ref, json.writeValueAsBytes(msg)).update();
        if (n == 1) audit.record("crossing.outbox.queue", ref, AuditTrail.SUCCESS, "message " + id + " (" + msg.get("type") + ") for the gateway");
        return n == 1;
    }

    /** Sends the due rows (at most {@code limit}) to the gateway of this node's configuration. */
    public List<Attempt> deliverDue(int limit) {
        String url = props.gateway().url();
        String token = props.gateway().token();
        if (url == null || url.isBlank()) return List.of();
        return deliverDue(new GatewayClient(url, token == null ? "" : token), limit);
    }

    /** Sends the due rows (at most {@code limit}) through {@code gateway}. */
    public List<Attempt> deliverDue(GatewayClient gateway, int limit) {
        List<Attempt> out = tx.execute(s -> {
            List<Row> rows = jdbc.sql("""
                    select id, message_id, ref, body, attempts from crossing_outbox where state = 'PENDING' and next_attempt_at <= now()
                    order by id limit ? for update skip locked""").param(limit)
                    .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getInt(5))).list();
            List<Attempt> done = new ArrayList<>();
            for (Row r : rows) done.add(send(gateway, r));
            return done;
        });
        return out == null ? List.of() : out;
    }

    private Attempt send(GatewayClient gateway, Row r) {
        GatewayClient.Answer a;
        try {
            a = gateway.post("/v1/messages", r.body());
        } catch (IOException e) {
            return retry(r, 0, "gateway unreachable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        if (a.status() == 202 || a.status() == 200) {
            jdbc.sql("update crossing_outbox set state = 'ACCEPTED', attempts = attempts + 1, answered_at = now(), answer = ?, last_error = null where id = ?")
                    .params(a.body(), r.id()).update();
            audit.record("crossing.outbox.deliver", r.ref(), AuditTrail.SUCCESS, "message " + r.messageId() + " accepted by the gateway");
            return new Attempt(r.messageId(), "ACCEPTED", a.status(), a.body());
        }
        if (a.status() >= 400 && a.status() < 500 && a.status() != 401 && a.status() != 408 && a.status() != 429) {
            // Refused and quarantined at the gateway (its reason kept): sending it again would answer the same.
            jdbc.sql("update crossing_outbox set state = 'REFUSED', attempts = attempts + 1, answered_at = now(), answer = ? where id = ?")
                    .params(a.body(), r.id()).update();
            audit.record("crossing.outbox.deliver", r.ref(), AuditTrail.FAILURE, "message " + r.messageId() + " refused by the gateway: " + a.status() + " " + abbreviate(a.body()));
            return new Attempt(r.messageId(), "REFUSED", a.status(), a.body());
        }
        return retry(r, a.status(), "gateway answered " + a.status() + " " + abbreviate(a.body()));
    }

    private Attempt retry(Row r, int status, String why) {
        long pause = Math.min(MAX_PAUSE.toSeconds(), 1L << Math.min(r.attempts(), 8));
        jdbc.sql("update crossing_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?")
                .params(why, Timestamp.from(Instant.now().plusSeconds(pause)), r.id()).update();
        log.warn("Gateway outbox: {} not delivered ({}); next try in {} s", r.messageId(), why, pause);
        return new Attempt(r.messageId(), "PENDING", status, why);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Makes every pending row due now (tests, and an operator after the gateway is back). */
    public int retryNow() {
        return jdbc.sql("update crossing_outbox set next_attempt_at = now() where state = 'PENDING'").update();
    }

    private record Row(long id, String messageId, String ref, byte[] body, int attempts) {}
}
