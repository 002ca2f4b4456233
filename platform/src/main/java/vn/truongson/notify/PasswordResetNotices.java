package vn.truongson.notify;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.PasswordResetRequested;
import vn.truongson.access.Role;

/**
 * Tells the administrators covering an official's unit (ADMIN grants on it or above), cleared at least as high as
 * the official, that he asked for a password reset (issue 13; docs/security.md, "Password reset"). After the commit,
 * once per request and administrator (dedupe key {@code access.password-reset:<request>:<admin>}). Nobody is told of
 * his own request.
 */
@Component
class PasswordResetNotices {

    private static final Locale VI = Locale.forLanguageTag("vi");

    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;

    PasswordResetNotices(Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages) {
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(PasswordResetRequested event) {
        var who = officials.profile(event.officialId()).orElse(null);
        if (who == null) return;
        String title = messages.getMessage("notify.password-reset.title", new Object[0], VI);
        String body = messages.getMessage("notify.password-reset.body", new Object[] {who.fullName(), who.unitName()}, VI);
        for (long admin : grants.holdersCovering(Role.ADMIN, List.of(event.unitId())).getOrDefault(event.unitId(), Set.of())) {
            if (admin == event.officialId()) continue;
            boolean reachable = officials.profile(admin).filter(p -> p.active() && p.clearance().covers(who.clearance())).isPresent();
            if (!reachable) continue;
            notifications.send(admin, "access.password-reset", "access.password-reset:" + event.requestId() + ":" + admin, title, body,
                    "/admin/password-resets");
        }
    }
}
