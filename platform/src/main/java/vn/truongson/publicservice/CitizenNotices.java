package vn.truongson.publicservice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the applicant what happened to their dossier. The timeline, which the citizen sees on the portal, always
 * has it; an e-mail goes to the applicant's address when an SMTP server is configured ({@code spring.mail.host}),
 * after the change commits, so nothing is sent for a change that rolled back.
 */
@Component
class CitizenNotices {

    private static final Logger log = LoggerFactory.getLogger(CitizenNotices.class);

    private final ObjectProvider<JavaMailSender> mail;

    CitizenNotices(ObjectProvider<JavaMailSender> mail) {
        this.mail = mail;
    }

    boolean mailConfigured() {
        return mail.getIfAvailable() != null;
    }

    void send(Dossier d, String subject, String body) {
        JavaMailSender sender = mail.getIfAvailable();
        String to = d.applicant().email();
        if (sender == null || to == null || to.isBlank()) return;
        SimpleMailMessage m = new SimpleMailMessage();
        m.setTo(to);
        m.setSubject(subject);
        m.setText("Kính gửi ông/bà " + d.applicant().fullName() + ",\n\n" + body + "\n\nMã hồ sơ: " + d.code() + "\nThủ tục: " + d.procedureName()
                + "\n\nCổng dịch vụ công Bộ Quốc phòng (Trường Sơn)");
        Runnable send = () -> {
            try {
                sender.send(m);
            } catch (RuntimeException e) {
                log.warn("E-mail to the applicant of {} not sent: {}", d.code(), e.getMessage());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }
}
