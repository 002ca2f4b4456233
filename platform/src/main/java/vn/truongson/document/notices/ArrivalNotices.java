package vn.truongson.document.notices;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.DocumentArrived;
import vn.truongson.notify.Notifications;
import vn.truongson.org.Units;

/**
 * Tells a unit's clerks (CLERK covering the unit: those who may receive it) that a document arrived for them (issue 13,
 * item 5): after the commit, once per copy and person (the dedupe key). Only active officials cleared for the
 * document's level are told, and a classified document's subject stays out of the message (it may leave by e-mail).
 */
@Component
class ArrivalNotices {

    private static final Locale VI = Locale.forLanguageTag("vi");

    record Row(String subject, SecrecyLevel secrecy, String numberNotation, Long issuingUnitId, String fromOrgan) {}

    private final JdbcClient jdbc;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;
    private final Units units;

    ArrivalNotices(JdbcClient jdbc, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages, Units units) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
        this.units = units;
    }

    @ApplicationModuleListener
    void on(DocumentArrived event) {
        Row d = jdbc.sql("""
                select subject, secrecy_rank, coalesce(number::text || '/' || notation, ''), issuing_unit_id, coalesce(from_organ_name, '')
                from document_document where id = ?""").param(event.documentId())
                .query((rs, n) -> new Row(rs.getString(1), SecrecyLevel.ofRank(rs.getInt(2)), rs.getString(3), (Long) rs.getObject(4), rs.getString(5)))
                .optional().orElse(null);
        if (d == null) return;
        Map<Long, String> names = units.names(d.issuingUnitId() == null ? List.of(event.unitId()) : List.of(event.unitId(), d.issuingUnitId()));
        String what = (d.numberNotation().isEmpty() ? "" : "số " + d.numberNotation() + " ")
                + (d.secrecy().isClassified() ? "(" + d.secrecy().vietnamese() + ")" : "“" + d.subject() + "”");
        String from = d.issuingUnitId() != null ? names.getOrDefault(d.issuingUnitId(), "đơn vị gửi") : d.fromOrgan();
        String title = messages.getMessage("document.notice.arrived.title", new Object[0], VI);
        String body = messages.getMessage("document.notice.arrived.body", new Object[] {what, from, names.getOrDefault(event.unitId(), "đơn vị")}, VI);
        for (long clerk : grants.holdersCovering(Role.CLERK, List.of(event.unitId())).getOrDefault(event.unitId(), Set.of())) {
            boolean reachable = officials.profile(clerk).filter(p -> p.active() && p.clearance().covers(d.secrecy())).isPresent();
            if (!reachable) continue;
            notifications.send(clerk, "document.arrived", "document.arrived:" + event.recipientId() + ":" + clerk, title, body,
                    "/office/documents/" + event.documentId());
        }
    }
}
