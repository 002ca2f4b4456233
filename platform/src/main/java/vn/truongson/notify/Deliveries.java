package vn.truongson.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Delivers a notification's e-mail and SMS once the transaction that created it has committed. The event goes
 * through Spring Modulith's publication registry, so a delivery interrupted by a crash is still on record; each
 * pending delivery is locked while it is attempted, so two nodes never both send it.
 */
@Component
class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;
    private final Recipients recipients;
    private final ObjectProvider<JavaMailSender> mail;
    private final SmsGateway sms;
    private final NotifyProperties props;
    private final Clock clock;

    Deliveries(JdbcClient jdbc, Recipients recipients, ObjectProvider<JavaMailSender> mail, SmsGateway sms, NotifyProperties props,
            Clock clock) {
        this.jdbc = jdbc;
        this.recipients = recipients;
        this.mail = mail;
        this.sms = sms;
        this.props = props;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(NotificationCreated event) {
        deliver(event.notificationId());
    }

    /** Attempts every pending delivery of the notification; runs inside the listener's own transaction. */
    void deliver(long notificationId) {
        // A row another node is sending stays locked until it is SENT or FAILED, and is then no longer PENDING here.
        List<Channel> pending = jdbc.sql("""
                select channel from notify_delivery where notification_id = ? and state = 'PENDING' order by channel for update""")
                .param(notificationId).query((rs, n) -> Channel.valueOf(rs.getString(1))).list();
        if (pending.isEmpty()) return;
        record Row(long officialId, String title, String body, @Nullable String link) {}
        Row n = jdbc.sql("select official_id, title, body, link from notify_notification where id = ?").param(notificationId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).single();
        Recipients.Recipient to = recipients.recipient(n.officialId()).orElse(null);
        String link = n.link() == null ? null : props.baseUrl() + n.link();
        for (Channel channel : pending) {
            String error = null;
            try {
                switch (channel) {
                    case EMAIL -> email(to, n.title(), n.body(), link);
                    case SMS -> sms(to, n.title(), link);
                    case IN_APP -> { /* stored already */ }
                }
            } catch (MessagingException | RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.warn("Notification {} by {} failed: {}", notificationId, channel, error);
            }
            jdbc.sql("""
                    update notify_delivery set state = ?, attempts = attempts + 1, last_error = ?, updated_at = ?
                    where notification_id = ? and channel = ?""")
                    .params(error == null ? DeliveryState.SENT.name() : DeliveryState.FAILED.name(),
                            error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error,
                            Timestamp.from(clock.instant()), notificationId, channel.name())
                    .update();
        }
    }

    private void email(Recipients.@Nullable Recipient to, String title, String body, @Nullable String link) throws MessagingException {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) throw new IllegalStateException("no SMTP server configured");
        if (to == null || to.email() == null || to.email().isBlank() || !to.active()) throw new IllegalStateException("no e-mail address");
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper m = new MimeMessageHelper(message, false, "UTF-8");
        m.setFrom(props.mailFrom());
        m.setTo(to.email());
        m.setSubject(title);
        m.setText(body + (link == null ? "" : "\n\n" + link) + "\n\n-- \nTrường Sơn", false);
        sender.send(message);
    }

    private void sms(Recipients.@Nullable Recipient to, String title, @Nullable String link) {
        if (to == null || to.phone() == null || to.phone().isBlank() || !to.active()) throw new IllegalStateException("no phone number");
        sms.send(to.phone(), title + (link == null ? "" : " " + link));
    }
}
