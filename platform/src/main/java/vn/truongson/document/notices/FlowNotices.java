package vn.truongson.document.notices;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.DocumentEvents;
import vn.truongson.notify.Notifications;

/**
 * The notifications of the outgoing flow (issue 19), after the commit of the step, once each (the dedupe key names
 * the step): the issuing unit's clerks when the signer signs (the document waits for them to number, seal and send
 * it), the drafter when it is issued and when it is sent. Only active officials cleared for the document's level are
 * told, and a classified document's subject stays out of the message (it may leave by e-mail).
 */
@Component
class FlowNotices {

    private static final Locale VI = Locale.forLanguageTag("vi");

    private final JdbcClient jdbc;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;

    FlowNotices(JdbcClient jdbc, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(DocumentEvents.Signed e) {
        String title = text("document.notice.signed.title");
        String body = text("document.notice.signed.body", e.signerName(), what(e.documentId(), e.secrecy()));
        for (long clerk : grants.holdersCovering(Role.CLERK, List.of(e.issuingUnitId())).getOrDefault(e.issuingUnitId(), Set.of())) {
            if (!reachable(clerk, e.secrecy())) continue;
            notifications.send(clerk, "document.signed", "document.signed:" + e.documentId() + ":" + clerk, title, body, link(e.documentId()));
        }
    }

    @ApplicationModuleListener
    void on(DocumentEvents.Issued e) {
        if (e.drafterId() == null || !reachable(e.drafterId(), e.secrecy())) return;
        notifications.send(e.drafterId(), "document.issued", "document.issued:" + e.documentId(), text("document.notice.issued.title"),
                text("document.notice.issued.body", what(e.documentId(), e.secrecy()), e.numberAndNotation()), link(e.documentId()));
    }

    @ApplicationModuleListener
    void on(DocumentEvents.Sent e) {
        if (e.drafterId() == null || !reachable(e.drafterId(), e.secrecy())) return;
        String what = (e.numberAndNotation() == null ? "" : "số " + e.numberAndNotation() + " ") + what(e.documentId(), e.secrecy());
        notifications.send(e.drafterId(), "document.sent", "document.sent:" + e.documentId() + ":" + e.at().toEpochMilli(), text("document.notice.sent.title"),
                text("document.notice.sent.body", what, e.channel().vietnamese(), e.recipients()), link(e.documentId()));
    }

    /** “subject”, or the level alone for a classified document. */
    private String what(long documentId, SecrecyLevel level) {
        if (level.isClassified()) return "(" + level.vietnamese() + ")";
        return jdbc.sql("select subject from document_document where id = ?").param(documentId).query(String.class).optional()
                .map(s -> "“" + s + "”").orElse("");
    }

    private boolean reachable(long official, SecrecyLevel level) {
        return officials.profile(official).filter(p -> p.active() && p.clearance().covers(level)).isPresent();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, VI);
    }

    private static String link(long documentId) {
        return "/office/documents/" + documentId;
    }
}
