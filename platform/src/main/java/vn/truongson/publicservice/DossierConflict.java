package vn.truongson.publicservice;

import vn.truongson.core.DomainException;

/**
 * A transition the dossier's state does not allow: each a 409 problem, mapped once with every {@link DomainException.Conflict}
 * (web's {@code ApiProblems}); the message keys are the ones the API has always answered with.
 */
public sealed class DossierConflict extends DomainException.Conflict {

    DossierConflict(String messageKey, Object... args) {
        super(messageKey, args);
    }

    /** The verb is not allowed in the dossier's status (e.g. returning a result not yet ready). */
    public static final class IllegalTransition extends DossierConflict {
        public final DossierStatus from;

        IllegalTransition(DossierStatus from) {
            super("publicservice.dossier.state", from.vietnamese());
            this.from = from;
        }
    }

    /** Sending back from the first step: there is no step before it. */
    public static final class FirstStep extends DossierConflict {
        FirstStep() { super("publicservice.dossier.first-step"); }
    }

    /** A returned dossier is rated once. */
    public static final class AlreadyRated extends DossierConflict {
        AlreadyRated() { super("publicservice.rating.done"); }
    }
}
