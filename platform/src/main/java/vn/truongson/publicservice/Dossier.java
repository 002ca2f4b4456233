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

    public Optional<Step> current() {
        if (currentStep == null) return Optional.empty();
        return steps.stream().filter(s -> s.ordinal() == currentStep).findFirst();
    }

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("dossier", code, unitId, SecrecyLevel.THUONG);
    }
}
