package vn.truongson.publicservice;

import java.sql.Timestamp;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainMetrics;

/**
 * What follows every transition inside its transaction, then after it. Called explicitly by {@link Dossiers} right after
 * {@link DossierRows#apply}, rather than from a synchronous listener, so the order is visible where the change is made: the
 * timeline line (the API returns the dossier with it, so it cannot wait for the commit), the audit row (house rule: the
 * record of a change commits or rolls back with the change) and the metric counted at commit; then the event is published.
 * Listeners after the commit ({@code @ApplicationModuleListener}: {@link CitizenNotices}, and other modules') are kept in
 * Spring Modulith's event publication registry (V5), so a notice is not lost when the node stops before sending it.
 */
@Component
class DossierJournal {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    DossierJournal(JdbcClient jdbc, AuditTrail audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    void record(DossierEvent event) {
        timeline(event);
        switch (event) {
            case DossierEvent.Submitted e -> throw new IllegalArgumentException("a filing is journalled by DossierFiling");
            case DossierEvent.Received e -> audit("publicservice.dossier.receive", e, e.waived().isEmpty() ? null
                    : "waived " + String.join(", ", e.waived()) + ": " + e.waivedText());
            case DossierEvent.Supplemented e -> audit("publicservice.dossier.supplement", e, e.files() + " files");
            case DossierEvent.SupplementRequested e -> audit("publicservice.dossier.request-supplement", e, e.reason());
            case DossierEvent.StepCompleted e -> audit("publicservice.dossier.advance", e, "step " + e.ordinal() + (e.late() ? " late" : ""));
            case DossierEvent.SentBack e -> audit("publicservice.dossier.send-back", e, "to step " + e.toStep() + ": " + e.reason());
            case DossierEvent.Escalated e -> audit("publicservice.dossier.escalate", e, e.reason());
            case DossierEvent.Apologised e -> audit("publicservice.dossier.apology", e, e.newAppointmentAt() + " " + e.reason());
            case DossierEvent.Rejected e -> audit("publicservice.dossier.reject", e, e.reason());
            case DossierEvent.ResultReturned e -> audit("publicservice.dossier.return", e, e.onTime() ? "on time" : "late");
            case DossierEvent.Relayed e -> audit("publicservice.dossier.relay", e, e.sent().name() + " from the high node (now " + e.status().name() + "), message " + e.messageId());
            case DossierEvent.Rated e -> audit.recordSeparately(e.actor(), "publicservice.dossier.rate", "dossier:" + e.code(), AuditTrail.SUCCESS,
                    e.stars() + "/5");
        }
        if (event instanceof DossierEvent.Received) DomainMetrics.countAfterCommit(DomainMetrics.Counter.DOSSIERS_RECEIVED);
        if (event instanceof DossierEvent.ResultReturned) DomainMetrics.countAfterCommit(DomainMetrics.Counter.DOSSIERS_RETURNED);
        publish(event);
    }

    private void audit(String action, DossierEvent e, @Nullable String detail) {
        audit.record(action, "dossier:" + e.code(), AuditTrail.SUCCESS, detail);
    }

    /** Publishes the event for the listeners after the commit (a filing is published under its final code). */
    void publish(DossierEvent event) {
        events.publishEvent(event);
    }

    /** The timeline line the citizen and the officers see, in Vietnamese. */
    void timeline(DossierEvent event) {
        String kind;
        String note;
        switch (event) {
            case DossierEvent.Submitted e -> {
                kind = "SUBMITTED";
                note = (e.channel() == Dossier.Channel.ONLINE ? "Nộp trực tuyến" : "Nộp trực tiếp tại bộ phận một cửa")
                        + (e.onBehalfNote() == null ? "" : e.onBehalfNote());
            }
            case DossierEvent.Received e -> {
                kind = "RECEIVED";
                note = "Tiếp nhận hồ sơ, hẹn trả kết quả (Mẫu 01)" + (e.waived().isEmpty() ? "" : ". Miễn thành phần: " + e.waivedText());
            }
            case DossierEvent.Supplemented e -> {
                kind = "SUPPLEMENTED";
                note = e.note() == null ? "Đã bổ sung hồ sơ" : "Đã bổ sung hồ sơ: " + e.note();
            }
            case DossierEvent.SupplementRequested e -> {
                kind = "SUPPLEMENT_REQUESTED";
                note = e.reason();
            }
            case DossierEvent.StepCompleted e -> {
                kind = "STEP_DONE";
                note = "Bước " + e.ordinal() + " – " + e.stepName() + (e.late() ? " (quá hạn)" : " (đúng hạn)") + (e.note() == null ? "" : ": " + e.note());
            }
            case DossierEvent.SentBack e -> {
                kind = "SENT_BACK";
                note = "Trả lại bước " + e.toStep() + ": " + e.reason();
            }
            case DossierEvent.Escalated e -> {
                kind = "ESCALATED";
                note = e.reason();
            }
            case DossierEvent.Apologised e -> {
                kind = "APOLOGY";
                note = "Xin lỗi và hẹn lại ngày trả kết quả: " + Forms.dateTime(e.newAppointmentAt()) + ". Lý do: " + e.reason();
            }
            case DossierEvent.Rejected e -> {
                kind = "REJECTED";
                note = e.reason();
            }
            case DossierEvent.ResultReturned e -> {
                kind = "RETURNED";
                note = e.onTime() ? "Trả kết quả đúng hạn" : "Trả kết quả quá hạn";
            }
            case DossierEvent.Relayed e -> {
                kind = "RELAYED";
                note = e.note();
            }
            case DossierEvent.Rated e -> {
                kind = "RATED";
                note = "Đánh giá " + e.stars() + "/5";
            }
        }
        jdbc.sql("insert into publicservice_event (dossier_id, at, kind, actor, status, note) values (?, ?, ?, ?, ?, ?)")
                .params(event.dossierId(), Timestamp.from(event.at()), kind, event.actor(), event.status().name(), note).update();
    }
}
