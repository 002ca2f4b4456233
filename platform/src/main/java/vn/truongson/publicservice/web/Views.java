package vn.truongson.publicservice.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.Ids;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Procedure;

/** The JSON of API.md "Public services and one-stop". */
final class Views {

    private Views() {}

    static @Nullable String instant(@Nullable Instant i) {
        return i == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atZone(WorkingCalendar.ZONE).toOffsetDateTime());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepView(int ordinal, String name, @Nullable String unitId, @Nullable String role, @Nullable Integer allowanceWorkingDays,
            @Nullable Integer allowanceWorkingHours) {
        static StepView of(Procedure.Step s) {
            return new StepView(s.ordinal(), s.name(), s.unitId() == null ? null : Ids.str(s.unitId()), s.role() == null ? null : s.role().name(),
                    s.allowanceWorkingDays(), s.allowanceWorkingHours());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProcedureView(String code, String name, String field, String implementingUnitId, String implementingUnitName, String level,
            @Nullable Integer processingWorkingDays, @Nullable Integer processingWorkingHours, String fees, long feeAmount,
            List<Procedure.Component> components, Procedure.Form form, List<StepView> steps, boolean illustrative, boolean published) {
        static ProcedureView of(Procedure p) {
            return new ProcedureView(p.code(), p.name(), p.field(), Ids.str(p.implementingUnitId()), p.unitName(), p.level().name(),
                    p.processingWorkingDays(), p.processingWorkingHours(), p.fees(), p.feeAmount(), p.components(), p.form(),
                    p.steps().stream().map(StepView::of).toList(), p.illustrative(), p.published());
        }
    }

    record SubmittedView(String code, String status) {}

    record ReceivedView(String code, String status, @Nullable String receivedAt, @Nullable String appointmentAt) {}

    record ReturnedView(String code, String status, @Nullable String returnedAt, @Nullable Boolean onTime) {}

    record DossierStepView(int ordinal, String name, String unitId, String role, @Nullable String startedAt, @Nullable String dueAt,
            @Nullable String completedAt, @Nullable String completedBy, @Nullable Boolean late) {}

    record AttachmentView(String component, String fileName, String sha256, long size, String contentType) {}

    record EventView(String at, String kind, String actor, String status, @Nullable String note) {}

    record ApplicantView(String idNumber, String fullName, @Nullable String dateOfBirth, @Nullable String phone, @Nullable String email) {}

    record DossierView(String code, String procedureCode, String procedureName, String unitId, String channel, String status,
            ApplicantView applicant, Map<String, Object> formData, String submittedAt, @Nullable String receivedAt, @Nullable String appointmentAt,
            @Nullable String newAppointmentAt, @Nullable Integer currentStep, @Nullable String supplementReason, @Nullable String rejectReason,
            @Nullable String resultReadyAt, boolean resultSigned, @Nullable String returnedAt, @Nullable Boolean onTime, @Nullable Integer rating,
            List<DossierStepView> steps, List<AttachmentView> attachments, List<EventView> timeline, @Nullable OnBehalfView onBehalf) {
        static DossierView of(Dossier d) {
            var a = d.applicant();
            return new DossierView(d.code(), d.procedureCode(), d.procedureName(), Ids.str(d.unitId()), d.channel().name(), d.status().name(),
                    new ApplicantView(a.idNumber(), a.fullName(), a.dateOfBirth() == null ? null : a.dateOfBirth().toString(), a.phone(), a.email()),
                    d.formData(), instant(d.submittedAt()), instant(d.receivedAt()), instant(d.appointmentAt()), instant(d.newAppointmentAt()),
                    d.currentStep(), d.supplementReason(), d.rejectReason(), instant(d.resultReadyAt()), d.resultSigned(), instant(d.returnedAt()),
                    d.onTime(), d.rating(),
                    d.steps().stream().map(s -> new DossierStepView(s.ordinal(), s.name(), Ids.str(s.unitId()), s.role().name(), instant(s.startedAt()),
                            instant(s.dueAt()), instant(s.completedAt()), s.completedBy(), s.late())).toList(),
                    d.attachments().stream().map(x -> new AttachmentView(x.component(), x.fileName(), x.sha256(), x.size(), x.contentType())).toList(),
                    d.events().stream().map(e -> new EventView(instant(e.at()), e.kind(), e.actor(), e.status().name(), e.note())).toList(),
                    OnBehalfView.of(d.onBehalf()));
        }
    }

    /** Filed on behalf of another person (nộp thay): the relation the filer stated and the person filed for; null otherwise. */
    record OnBehalfView(String relation, String relationName, String idNumber, String fullName, @Nullable String dateOfBirth) {
        static @Nullable OnBehalfView of(Dossier.@Nullable OnBehalf o) {
            return o == null ? null : new OnBehalfView(o.relation().name(), o.relation().vietnamese(), o.idNumber(), o.fullName(),
                    o.dateOfBirth() == null ? null : o.dateOfBirth().toString());
        }
    }
}
