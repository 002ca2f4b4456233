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
 * The notifications of sending back (issue 13), after the commit of the step, once each (the dedupe key names the
 * step): the drafter when the signer returns the draft, the signer when it is resubmitted, the issuing unit's
 * clerks when a recipient returns its copy. A classified document's subject stays out of the message.
 */
@Component
class ReturnNotices {

    private static final Locale VI = Locale.forLanguageTag("vi");

    private final JdbcClient jdbc;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;

    ReturnNotices(JdbcClient jdbc, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
    }

    private String what(long documentId) {
        return jdbc.sql("select subject, secrecy_rank from document_document where id = ?").param(documentId)
                .query((rs, n) -> {
                    SecrecyLevel s = SecrecyLevel.ofRank(rs.getInt(2));
                    return s.isClassified() ? "(" + s.vietnamese() + ")" : rs.getString(1);
                }).optional().orElse("");
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, VI);
    }

    @ApplicationModuleListener
    void on(DocumentEvents.DraftSentBack e) {
        notifications.send(e.drafterId(), "document.sent-back", "document.sent-back:" + e.documentId() + ":" + e.revision(),
                text("document.notice.sent-back.title"), text("document.notice.sent-back.body", e.signerName(), what(e.documentId()), e.reason()),
                "/office/documents/" + e.documentId());
    }

    @ApplicationModuleListener
    void on(DocumentEvents.DraftResubmitted e) {
        notifications.send(e.signerId(), "document.resubmitted", "document.resubmitted:" + e.documentId() + ":" + e.revision(),
                text("document.notice.resubmitted.title"), text("document.notice.resubmitted.body", e.drafterName(), what(e.documentId()), e.revision()),
                "/office/documents/" + e.documentId());
    }

    @ApplicationModuleListener
    void on(DocumentEvents.CopyReturned e) {
        if (e.issuingUnitId() == null) return; // came by edXML: the status notice answers the sending agency
        SecrecyLevel level = jdbc.sql("select secrecy_rank from document_document where id = ?").param(e.documentId())
                .query((rs, n) -> SecrecyLevel.ofRank(rs.getInt(1))).optional().orElse(SecrecyLevel.THUONG);
        String title = text("document.notice.returned.title");
        String body = text("document.notice.returned.body", e.recipientName(), what(e.documentId()), e.reason());
        for (long clerk : grants.holdersCovering(Role.CLERK, List.of(e.issuingUnitId())).getOrDefault(e.issuingUnitId(), Set.of())) {
            boolean reachable = officials.profile(clerk).filter(p -> p.active() && p.clearance().covers(level)).isPresent();
            if (!reachable) continue;
            notifications.send(clerk, "document.returned", "document.returned:" + e.recipientId() + ":" + clerk, title, body,
                    "/office/documents/" + e.documentId());
        }
    }
}
