package vn.truongson.publicservice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the applicant what happened to their dossier. The timeline, which the citizen sees on the portal, always
 * has it; an e-mail goes to the applicant's address when an SMTP server is configured ({@code spring.mail.host}),
 * after the change commits ({@link ApplicationModuleListener} on the {@link DossierEvent}, kept in the event publication
 * registry until sent), so nothing is sent for a change that rolled back.
 */
@Component
class CitizenNotices {

    private static final Logger log = LoggerFactory.getLogger(CitizenNotices.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final DossierRows rows;

    CitizenNotices(ObjectProvider<JavaMailSender> mail, DossierRows rows) {
        this.mail = mail;
        this.rows = rows;
    }

    boolean mailConfigured() {
        return mail.getIfAvailable() != null;
    }

    @ApplicationModuleListener(condition = "#event instanceof T(vn.truongson.publicservice.DossierEvent$Received)"
            + " or #event instanceof T(vn.truongson.publicservice.DossierEvent$SupplementRequested)"
            + " or #event instanceof T(vn.truongson.publicservice.DossierEvent$Rejected)"
            + " or #event instanceof T(vn.truongson.publicservice.DossierEvent$ResultReturned)"
            + " or #event instanceof T(vn.truongson.publicservice.DossierEvent$Apologised)"
            + " or #event instanceof T(vn.truongson.publicservice.DossierEvent$Relayed)")
    void on(DossierEvent event) {
        if (!mailConfigured()) return;
        Dossier d = rows.find(event.code()).orElse(null);
        if (d == null) return;
        String code = d.code();
        switch (event) {
            case DossierEvent.Received e -> send(d, "Hồ sơ " + code + " đã được tiếp nhận", "Hồ sơ của ông/bà đã được tiếp nhận. Ngày hẹn trả kết quả: "
                    + Forms.dateTime(e.appointmentAt()) + ".");
            case DossierEvent.SupplementRequested e -> send(d, "Hồ sơ " + code + " cần bổ sung", "Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ: " + e.reason());
            case DossierEvent.Rejected e -> send(d, "Hồ sơ " + code + " bị từ chối", "Hồ sơ của ông/bà không được tiếp nhận, giải quyết. Lý do: " + e.reason());
            case DossierEvent.ResultReturned e -> send(d, "Hồ sơ " + code + " đã có kết quả", "Kết quả giải quyết hồ sơ của ông/bà đã được trả.");
            case DossierEvent.Apologised e -> send(d, "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code,
                    "Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn. Lý do: " + e.reason()
                            + ". Ngày hẹn trả kết quả mới: " + Forms.dateTime(e.newAppointmentAt()) + ".");
            case DossierEvent.Relayed e -> send(d, "Hồ sơ " + code + ": " + e.status().vietnamese(), e.note());
            default -> { }
        }
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
        try {
            sender.send(m);
        } catch (RuntimeException e) {
            log.warn("E-mail to the applicant of {} not sent: {}", d.code(), e.getMessage());
        }
    }
}
