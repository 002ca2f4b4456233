package vn.truongson.publicservice;

import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;

/**
 * Who may read or act on a dossier (through {@link AccessPolicy}), and the clean-up of the officers' texts. What the
 * dossier's state allows is the aggregate's own business ({@link Dossier#require}).
 */
@Component
class DossierRules {

    static final int MAX_REASON = 2000;

    private final AccessPolicy policy;

    DossierRules(AccessPolicy policy) {
        this.policy = policy;
    }

    /** "official:&lt;username&gt;" of the caller. */
    String actor() {
        return "official:" + policy.actor().username();
    }

    /** Whether the caller may read the dossier: READERS on its unit, or the current step's officers on theirs. */
    boolean mayRead(Dossier d) {
        if (policy.permits(Dossiers.READERS, d.asProtected())) return true;
        Optional<Dossier.Step> cur = d.current();
        return cur.isPresent() && policy.permits(Set.of(cur.get().role()), stepRecord(d, cur.get()));
    }

    void requireReader(Dossier d) {
        if (policy.permits(Dossiers.READERS, d.asProtected())) return;
        Optional<Dossier.Step> cur = d.current();
        if (cur.isPresent() && cur.get().unitId() != d.unitId() && policy.permits(Set.of(cur.get().role()), stepRecord(d, cur.get()))) return;
        policy.require(Dossiers.READERS, d.asProtected());
    }

    void requireDesk(Dossier d) {
        policy.require(Dossiers.ONE_STOP, d.asProtected());
    }

    void requireDeskOrStep(Dossier d) {
        if (policy.permits(Dossiers.ONE_STOP, d.asProtected())) return;
        requireCurrentStepOfficer(d);
    }

    /** The current step's officer: its role on its unit. Someone who may not even read the dossier gets 403/404 as for reading. */
    Dossier.Step requireCurrentStepOfficer(Dossier d) {
        Dossier.Step step = d.current().orElse(null);
        if (step == null) {
            requireReader(d);
            throw new DossierConflict.IllegalTransition(d.status());
        }
        if (!policy.permits(Set.of(step.role()), stepRecord(d, step))) {
            requireReader(d);
            throw new DomainException.Forbidden("publicservice.dossier.not-your-step", step.ordinal(), step.role().vietnamese());
        }
        return step;
    }

    private static ProtectedRecord stepRecord(Dossier d, Dossier.Step step) {
        return new ProtectedRecord("dossier", d.code(), step.unitId(), SecrecyLevel.THUONG);
    }

    /** A required reason: a 400 on {@code reason} when blank, too long or with control characters; NFC, stripped. */
    static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) throw new DomainException.BadInput("reason", "problem.field.required");
        if (reason.strip().length() > MAX_REASON) throw new DomainException.BadInput("reason", "problem.field.length", 1, MAX_REASON);
        if (VietnameseText.firstControlChar(reason, true) >= 0) throw new DomainException.BadInput("reason", "problem.field.invalid");
        return VietnameseText.nfc(reason.strip());
    }

    /** An optional note: null when blank, else NFC, stripped and cut at {@link #MAX_REASON}. */
    static @Nullable String note(@Nullable String s) {
        if (s == null || s.isBlank()) return null;
        String t = VietnameseText.nfc(s.strip());
        return t.length() <= MAX_REASON ? t : t.substring(0, MAX_REASON);
    }

    /** Whether the text holds half of a UTF-16 pair (it could not be stored as UTF-8). */
    static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }
}
