package vn.truongson.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * E-mail and SMS deliveries after the commit, with an SMTP server configured. No SMTP server can run here, so the
 * transport is a test double: a real {@link JavaMailSenderImpl} that builds each MIME message as it would be sent and
 * keeps it instead of connecting. Standing in for the transport is acceptable only because SMTP is a boundary the
 * platform does not own; everything on our side of it (the delivery rows, the message) is the real thing.
 */
@PlatformTest
@Import(EmailDeliveryTest.FakeSmtp.class)
@TestPropertySource(properties = {"truongson.notify.sms-enabled=true", "truongson.notify.base-url=https://truongson.example/"})
@org.springframework.test.annotation.DirtiesContext // its context is its own: closed after it, not left running to the JVM's end
class EmailDeliveryTest {

    /** The transport: keeps what it would send, and refuses mail to any address starting with "tuchoi". */
    static final class RecordingMailSender extends JavaMailSenderImpl {
        final List<MimeMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        protected void doSend(MimeMessage[] messages, Object[] originals) {
            for (MimeMessage m : messages) {
                try {
                    if (m.getRecipients(Message.RecipientType.TO)[0].toString().startsWith("tuchoi")) {
                        throw new MailSendException("550 5.1.1 mailbox unavailable");
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
                sent.add(m);
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeSmtp {
        @Bean
        RecordingMailSender mailSender() {
            return new RecordingMailSender();
        }
    }

    @LocalServerPort int port;
    @Autowired Notifications notifications;
    @Autowired RecordingMailSender smtp;
    @Autowired JdbcClient jdbc;

    /** A new official of Bộ Tư lệnh 86 with the given contacts; answers the official's id. */
    long official(String email, String phone) {
        String username = "tb" + UUID.randomUUID().toString().substring(0, 8);
        String unit = jdbc.sql("select id::text from org_unit where code = 'VPBTL86'").query(String.class).single();
        var r = new Api(port).post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Nguyễn Thị Thư","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"%s",
                 "email":%s,"phone":%s}""".formatted(username, unit, Api.DEMO_PASSWORD, email == null ? "null" : "\"" + email + "\"",
                phone == null ? "null" : "\"" + phone + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Long.parseLong(r.json().get("id").asString());
    }

    long send(long officialId, String title) {
        String key = "test:" + UUID.randomUUID();
        assertThat(notifications.send(officialId, "test.kind", key, title, "Đơn vị chưa gửi báo cáo tháng 03/2031.", "/office/notifications"))
                .isTrue();
        return jdbc.sql("select id from notify_notification where dedupe_key = ?").param(key).query(Long.class).single();
    }

    record Delivery(String state, int attempts, String lastError) {}

    /** The channel's delivery once it is no longer pending (delivery runs after the commit, on a thread of its own). */
    Delivery settled(long id, String channel) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Delivery d = jdbc.sql("select state, attempts, last_error from notify_delivery where notification_id = ? and channel = ?")
                    .params(id, channel).query((rs, n) -> new Delivery(rs.getString(1), rs.getInt(2), rs.getString(3))).single();
            if (!d.state().equals("PENDING")) return d;
            Thread.sleep(50);
        }
        throw new AssertionError(channel + " delivery of " + id + " still pending");
    }

    @Test
    void an_email_goes_out_after_the_commit_and_is_recorded_as_sent() throws Exception {
        long to = official("thu.nt@btl86.example", "0912345678");
        String title = "Hôm nay là hạn báo cáo tháng 03/2031: nhiệm vụ 1.1";
        long id = send(to, title);

        assertThat(settled(id, "EMAIL")).isEqualTo(new Delivery("SENT", 1, null));
        MimeMessage mail = smtp.sent.stream().filter(m -> {
            try {
                return title.equals(m.getSubject());
            } catch (MessagingException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("thu.nt@btl86.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("truongson@localhost");
        assertThat(text(mail)).contains("Đơn vị chưa gửi báo cáo tháng 03/2031.").contains("https://truongson.example/office/notifications");
        // SMS goes through the gateway port (the logging one here).
        assertThat(settled(id, "SMS")).isEqualTo(new Delivery("SENT", 1, null));
        assertThat(settled(id, "IN_APP").state()).isEqualTo("SENT");
    }

    @Test
    void a_refused_email_is_recorded_as_failed_with_the_error_and_a_missing_address_as_skipped() throws Exception {
        long refused = send(official("tuchoi@btl86.example", null), "Nhắc việc");
        Delivery failed = settled(refused, "EMAIL");
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("550 5.1.1 mailbox unavailable");
        // No phone: the SMS is skipped, not attempted.
        assertThat(settled(refused, "SMS")).isEqualTo(new Delivery("SKIPPED", 0, "no phone number"));

        long noAddress = send(official(null, null), "Nhắc việc");
        assertThat(settled(noAddress, "EMAIL")).isEqualTo(new Delivery("SKIPPED", 0, "no e-mail address"));
    }

    private static String text(MimeMessage m) throws MessagingException, IOException {
        Object content = m.getContent();
        return content instanceof String s ? s : content.toString();
    }
}
