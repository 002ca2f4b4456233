package vn.truongson.publicservice;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened to a dossier: one record, in the past tense, per transition of the {@link Dossier} aggregate. The
 * aggregate's verbs return them; {@code DossierRows} writes the change they describe, {@code DossierJournal} puts them on
 * the timeline and in the audit log in the same transaction, and publishes them, so that listeners after the commit
 * ({@code CitizenNotices}, and any other module through the event publication registry) react.
 */
public sealed interface DossierEvent {

    long dossierId();

    String code();

    Instant at();

    /** "official:&lt;username&gt;" or "citizen:&lt;ID number&gt;". */
    String actor();

    /** The status the dossier has after the event. */
    DossierStatus status();

    /** Filed online or at the desk. */
    record Submitted(long dossierId, String code, Instant at, String actor, Dossier.Channel channel, @Nullable String onBehalfNote)
            implements DossierEvent {
        public DossierStatus status() { return DossierStatus.SUBMITTED; }
    }

    /** Received (Mẫu 01): the appointment is set and the step the dossier stands at starts. */
    record Received(long dossierId, String code, Instant at, String actor, Instant appointmentAt, int step, Instant stepDueAt,
            List<String> waived, String waivedText) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.RECEIVED; }
    }

    /** The applicant's answer to a supplement request: received again, the legal time restarts. */
    record Supplemented(long dossierId, String code, Instant at, String actor, Instant appointmentAt, int step, Instant stepDueAt,
            int files, @Nullable String note) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.RECEIVED; }
    }

    /** More documents asked for (Mẫu 02). */
    record SupplementRequested(long dossierId, String code, Instant at, String actor, String reason) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.SUPPLEMENT_REQUESTED; }
    }

    /** The current step completed; the next started (its due time given), or the result is ready after the last. */
    record StepCompleted(long dossierId, String code, Instant at, String actor, int ordinal, String stepName, boolean late, boolean last,
            @Nullable Instant nextDueAt, @Nullable String note) implements DossierEvent {
        public DossierStatus status() { return last ? DossierStatus.RESULT_READY : DossierStatus.IN_PROCESS; }
    }

    /** Sent back to the previous step, which starts over. */
    record SentBack(long dossierId, String code, Instant at, String actor, int fromStep, int toStep, Instant stepDueAt, String reason)
            implements DossierEvent {
        public DossierStatus status() { return toStep == 1 ? DossierStatus.RECEIVED : DossierStatus.IN_PROCESS; }
    }

    /** Put before the unit's leaders; the step goes on. */
    record Escalated(long dossierId, String code, Instant at, String actor, DossierStatus status, String reason) implements DossierEvent {}

    /** The apology and new date (Mẫu 04). */
    record Apologised(long dossierId, String code, Instant at, String actor, DossierStatus status, Instant newAppointmentAt, String reason)
            implements DossierEvent {}

    /** Refused (Mẫu 03). */
    record Rejected(long dossierId, String code, Instant at, String actor, String reason) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.REJECTED; }
    }

    /** The result handed back, on time when no later than the appointment of Mẫu 01. */
    record ResultReturned(long dossierId, String code, Instant at, String actor, boolean onTime) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.RETURNED; }
    }

    /**
     * On a low node (issue 15): what the high node did with a dossier that crossed, as its notice or result came back
     * through the gateway (message {@code messageId}); {@code sent} is the high side's status, {@code status} the one the
     * dossier has now (never moved backwards).
     */
    record Relayed(long dossierId, String code, Instant at, String actor, DossierStatus status, DossierStatus sent, String note, String messageId)
            implements DossierEvent {}

    /** The citizen's rating of a returned dossier. */
    record Rated(long dossierId, String code, Instant at, String actor, int stars, @Nullable String comment) implements DossierEvent {
        public DossierStatus status() { return DossierStatus.RETURNED; }
    }
}
