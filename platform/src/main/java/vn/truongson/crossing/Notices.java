package vn.truongson.crossing;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.publicservice.DossierEvent;
import vn.truongson.publicservice.Dossiers;

/**
 * The high node's way back out (issue 15): what the back office does with a dossier that crossed from the low side is
 * queued, in the same transaction as the change, in the outbox for the low side — a {@code dossier.notice} (received,
 * being processed, supplement requested, result ready, apology, returned; the gateway releases these automatically once
 * its checks pass) or a {@code dossier.result} (rejected, or returned with the result PDF; the gateway holds these for
 * two-person release). The message carries the low side's dossier code, found from the envelope's id in
 * {@code crossing_inbox}; its id is {@code notice:<low code>:<event time>} or {@code result:<low code>:<event time>},
 * so a change is sent once however often the outbox retries. Internal changes (a step sent back, escalated) do not leave.
 */
@Service
class Notices {

    static final DateTimeFormatter VN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(vn.truongson.core.Vietnam.ZONE);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Dossiers dossiers;
    private final NodeProperties props;

    Notices(JdbcClient jdbc, Outbox outbox, Dossiers dossiers, NodeProperties props) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.dossiers = dossiers;
        this.props = props;
    }

    /** Inside the change's transaction (a plain listener: the outbox row commits or rolls back with the change). */
    @EventListener
    void on(DossierEvent event) {
        // Only a node that imported envelopes has crossed dossiers (a high node; in single mode there are none).
        if (props.role() == NodeProperties.Role.LOW) return;
        Optional<String> low = lowCode(event.code());
        if (low.isEmpty()) return;
        switch (event) {
            case DossierEvent.Received e -> notice(e, low.get(), "RECEIVED", "Hồ sơ đã được tiếp nhận. Ngày hẹn trả kết quả: " + VN.format(e.appointmentAt()) + ".");
            case DossierEvent.Supplemented e -> notice(e, low.get(), "RECEIVED", "Hồ sơ đã được bổ sung và tiếp nhận lại. Ngày hẹn trả kết quả: "
                    + VN.format(e.appointmentAt()) + ".");
            case DossierEvent.SupplementRequested e -> notice(e, low.get(), "SUPPLEMENT_REQUESTED", e.reason());
            case DossierEvent.StepCompleted e when e.last() -> notice(e, low.get(), "RESULT_READY", "Hồ sơ đã có kết quả, chờ trả.");
            case DossierEvent.StepCompleted e when e.ordinal() == 1 -> notice(e, low.get(), "IN_PROCESS", "Hồ sơ đang được giải quyết.");
            case DossierEvent.Apologised e -> notice(e, low.get(), e.status().name(), "Cơ quan giải quyết xin lỗi vì hồ sơ chưa được giải quyết đúng hẹn. Lý do: "
                    + e.reason() + ". Ngày hẹn trả kết quả mới: " + VN.format(e.newAppointmentAt()) + ".");
            case DossierEvent.Rejected e -> result(e, low.get(), "REJECTED", "Hồ sơ không được tiếp nhận, giải quyết. Lý do: " + e.reason(), null);
            case DossierEvent.ResultReturned e -> result(e, low.get(), "RETURNED", "Kết quả giải quyết hồ sơ đã được trả.", dossiers.resultForCrossing(e.code()));
            default -> { }
        }
    }

    /** The low side's code of a dossier that crossed (its envelope's id is {@code dossier:<low code>}), or empty. */
    Optional<String> lowCode(String highCode) {
        return jdbc.sql("select message_id from crossing_inbox where ref = ? and type = 'dossier.envelope' and outcome = 'IMPORTED'")
                .param("dossier:" + highCode).query(String.class).optional().map(id -> id.substring("dossier:".length()));
    }

    private void notice(DossierEvent e, String low, String status, String message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("dossierCode", low);
        payload.put("status", status);
        payload.put("message", clip(message, 1000));
        outbox.enqueue(message("notice:" + low + ":" + e.at().toEpochMilli(), "dossier.notice", payload, List.of()), "dossier:" + e.code());
    }

    private void result(DossierEvent e, String low, String outcome, String note, byte @Nullable [] pdf) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("dossierCode", low);
        payload.put("outcome", outcome);
        payload.put("note", clip(note, 2000));
        List<Map<String, Object>> files = pdf == null ? List.of()
                : List.of(Map.of("name", "ket-qua-" + low + ".pdf", "content", Base64.getEncoder().encodeToString(pdf)));
        outbox.enqueue(message("result:" + low + ":" + e.at().toEpochMilli(), "dossier.result", payload, files), "dossier:" + e.code());
    }

    private static Map<String, Object> message(String id, String type, Map<String, Object> payload, List<Map<String, Object>> files) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("type", type);
        msg.put("label", "THUONG");
        msg.put("sender", "truongson-high");
        msg.put("payload", payload);
        msg.put("files", files);
        return msg;
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

}
