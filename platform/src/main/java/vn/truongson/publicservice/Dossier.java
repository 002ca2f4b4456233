package vn.truongson.publicservice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.core.SecrecyLevel;

/** A dossier (hồ sơ) with its steps, attachments and timeline. */
public record Dossier(long id, String code, long procedureId, String procedureCode, String procedureName, long unitId, Channel channel,
        DossierStatus status, Applicant applicant, Map<String, Object> formData, Instant submittedAt, String submittedBy,
        @Nullable Instant receivedAt, @Nullable String receivedBy, @Nullable Instant appointmentAt, @Nullable Instant newAppointmentAt,
        @Nullable String apologyReason, @Nullable Integer currentStep, @Nullable String supplementReason, @Nullable String rejectReason,
        @Nullable Instant resultReadyAt, @Nullable String resultSha256, boolean resultSigned, @Nullable Instant returnedAt,
        @Nullable String returnedBy, @Nullable Boolean onTime, @Nullable Integer rating, @Nullable String ratingComment,
        List<Step> steps, List<Attachment> attachments, List<Event> events, @Nullable OnBehalf onBehalf) {

    /** A dossier filed by the applicant for himself. */
    public Dossier(long id, String code, long procedureId, String procedureCode, String procedureName, long unitId, Channel channel,
            DossierStatus status, Applicant applicant, Map<String, Object> formData, Instant submittedAt, String submittedBy,
            @Nullable Instant receivedAt, @Nullable String receivedBy, @Nullable Instant appointmentAt, @Nullable Instant newAppointmentAt,
            @Nullable String apologyReason, @Nullable Integer currentStep, @Nullable String supplementReason, @Nullable String rejectReason,
            @Nullable Instant resultReadyAt, @Nullable String resultSha256, boolean resultSigned, @Nullable Instant returnedAt,
            @Nullable String returnedBy, @Nullable Boolean onTime, @Nullable Integer rating, @Nullable String ratingComment,
            List<Step> steps, List<Attachment> attachments, List<Event> events) {
        this(id, code, procedureId, procedureCode, procedureName, unitId, channel, status, applicant, formData, submittedAt, submittedBy, receivedAt,
                receivedBy, appointmentAt, newAppointmentAt, apologyReason, currentStep, supplementReason, rejectReason, resultReadyAt, resultSha256,
                resultSigned, returnedAt, returnedBy, onTime, rating, ratingComment, steps, attachments, events, null);
    }

    /** The same dossier under its final code (a filing is read back under a provisional one, before the code is taken). */
    Dossier withCode(String newCode) {
        return new Dossier(id, newCode, procedureId, procedureCode, procedureName, unitId, channel, status, applicant, formData, submittedAt,
                submittedBy, receivedAt, receivedBy, appointmentAt, newAppointmentAt, apologyReason, currentStep, supplementReason, rejectReason,
                resultReadyAt, resultSha256, resultSigned, returnedAt, returnedBy, onTime, rating, ratingComment, steps, attachments, events, onBehalf);
    }

    /** Why someone may file for another person (nộp thay): the relation the filer states. */
    public enum Relation {
        PARENT("Cha, mẹ", "Parent"),
        GUARDIAN("Người giám hộ", "Guardian"),
        AUTHORISED_REPRESENTATIVE("Người được ủy quyền", "Authorised representative");

        private final String vietnamese;
        private final String english;

        Relation(String vietnamese, String english) {
            this.vietnamese = vietnamese;
            this.english = english;
        }

        public String vietnamese() { return vietnamese; }

        public String english() { return english; }
    }

    /**
     * Filed on behalf of another person (nộp thay): the applicant is the signed-in filer; this is the person the dossier
     * is for, and the relation the filer stated.
     */
    public record OnBehalf(Relation relation, String idNumber, String fullName, @Nullable LocalDate dateOfBirth) {}

    /** Filed online by the citizen, or entered at the one-stop desk. */
    public enum Channel { ONLINE, WALK_IN }

    public record Applicant(String idNumber, String fullName, @Nullable LocalDate dateOfBirth, @Nullable String phone, @Nullable String email) {}

    /** One internal step of this dossier, as it was when the dossier was received. */
    public record Step(int ordinal, String name, long unitId, Role role, @Nullable Instant startedAt, @Nullable Instant dueAt,
            @Nullable Instant completedAt, @Nullable String completedBy, @Nullable Boolean late) {
        public boolean open() {
            return startedAt != null && completedAt == null;
        }
    }

    public record Attachment(String component, String fileName, String sha256, long size, String contentType, Instant addedAt) {}

    /** A line of the timeline. */
    public record Event(long id, Instant at, String kind, String actor, DossierStatus status, @Nullable String note) {}

    // ---- the verbs: each refuses a transition the status does not allow, and says what happened -----------------

    /** Reception (Mẫu 01), from SUBMITTED: the appointment is set and the step the dossier stands at (1) starts. */
    DossierEvent.Received receive(Instant at, String by, Instant appointment, Instant stepDue, List<String> waived, String waivedText) {
        require(DossierStatus.SUBMITTED);
        return new DossierEvent.Received(id, code, at, by, appointment, startingStep(), stepDue, List.copyOf(waived), waivedText);
    }

    /** The answer to a supplement request, from SUPPLEMENT_REQUESTED: received again, the step it stopped at restarts. */
    DossierEvent.Supplemented answerSupplement(Instant at, String by, Instant appointment, Instant stepDue, int files, @Nullable String note) {
        require(DossierStatus.SUPPLEMENT_REQUESTED);
        return new DossierEvent.Supplemented(id, code, at, by, appointment, startingStep(), stepDue, files, note);
    }

    /** The step (re)started at reception: step 1, or the step a supplement request stopped. */
    int startingStep() {
        return currentStep == null ? 1 : currentStep;
    }

    /** Mẫu 02: before reception by the desk, during processing by the current step's officer. */
    DossierEvent.SupplementRequested requestSupplement(Instant at, String by, String reason) {
        require(DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        return new DossierEvent.SupplementRequested(id, code, at, by, reason);
    }

    /** Completes the current step (late after its due time); the next starts, due at {@code nextDue}, or the result is ready. */
    DossierEvent.StepCompleted advance(Step step, Instant at, String by, @Nullable Instant nextDue, @Nullable String note) {
        require(DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        boolean late = step.dueAt() != null && at.isAfter(step.dueAt());
        boolean last = step.ordinal() == steps.size();
        return new DossierEvent.StepCompleted(id, code, at, by, step.ordinal(), step.name(), late, last, last ? null : nextDue, note);
    }

    /** Back to the previous step, which starts over; not from the first. */
    DossierEvent.SentBack sendBack(Step step, Instant at, String by, Instant previousDue, String reason) {
        require(DossierStatus.IN_PROCESS);
        if (step.ordinal() <= 1) throw new DossierConflict.FirstStep();
        return new DossierEvent.SentBack(id, code, at, by, step.ordinal(), step.ordinal() - 1, previousDue, reason);
    }

    DossierEvent.Escalated escalate(Instant at, String by, String reason) {
        require(DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        return new DossierEvent.Escalated(id, code, at, by, status, reason);
    }

    /** Mẫu 04; the new date must be after the appointment in force (a 400 on {@code newAppointmentAt}). */
    DossierEvent.Apologised apologise(Instant at, String by, Instant newAppointment, String reason) {
        require(DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        Instant after = newAppointmentAt != null ? newAppointmentAt : appointmentAt;
        if (after != null && !newAppointment.isAfter(after)) {
            throw new vn.truongson.core.DomainException.BadInput("newAppointmentAt", "publicservice.apology.date", Forms.dateTime(after));
        }
        return new DossierEvent.Apologised(id, code, at, by, status, newAppointment, reason);
    }

    /** Mẫu 03: any time before the result is ready. */
    DossierEvent.Rejected reject(Instant at, String by, String reason) {
        require(DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        return new DossierEvent.Rejected(id, code, at, by, reason);
    }

    /** Trả kết quả, from RESULT_READY; on time when no later than the appointment of Mẫu 01. */
    DossierEvent.ResultReturned returnResult(Instant at, String by) {
        require(DossierStatus.RESULT_READY);
        return new DossierEvent.ResultReturned(id, code, at, by, appointmentAt != null && !at.isAfter(appointmentAt));
    }

    /**
     * A notice or result of the high node, relayed on the low node (issue 15): the timeline always gets it; the status
     * only moves forward (a notice overtaken by a later one, or a result released after a later notice, does not undo
     * it), and a returned or rejected dossier stays so.
     */
    DossierEvent.Relayed relay(Instant at, String by, DossierStatus to, String note, String messageId) {
        DossierStatus next = status == DossierStatus.RETURNED || status == DossierStatus.REJECTED || rank(to) < rank(status) ? status : to;
        return new DossierEvent.Relayed(id, code, at, by, next, to, note, messageId);
    }

    private static int rank(DossierStatus s) {
        return switch (s) {
            case SUBMITTED -> 0;
            case RECEIVED, SUPPLEMENT_REQUESTED -> 1;
            case IN_PROCESS -> 2;
            case RESULT_READY -> 3;
            case RETURNED, REJECTED -> 4;
        };
    }

    /** The citizen's rating, once, of a returned dossier. */
    DossierEvent.Rated rate(Instant at, String by, int stars, @Nullable String comment) {
        require(DossierStatus.RETURNED);
        if (rating != null) throw new DossierConflict.AlreadyRated();
        return new DossierEvent.Rated(id, code, at, by, stars, comment);
    }

    /** Refuses with {@link DossierConflict.IllegalTransition} unless the status is one of these. */
    void require(DossierStatus... allowed) {
        for (DossierStatus s : allowed) if (status == s) return;
        throw new DossierConflict.IllegalTransition(status);
    }

    public Optional<Step> current() {
        if (currentStep == null) return Optional.empty();
        return steps.stream().filter(s -> s.ordinal() == currentStep).findFirst();
    }

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("dossier", code, unitId, SecrecyLevel.THUONG);
    }
}
