package vn.truongson.document;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.signing.Signatures;

/**
 * Signing and issuing (Decree 30/2020, Art. 13–15): the named signer's personal signature, then the clerk's number
 * from the register, the notation and the agency's signature over the personal one. Split from {@link Documents}
 * (the module's entry, which delegates here) because only these steps hold the token, the registers and the
 * transaction template.
 */
@Component
class DocumentIssuing {

    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ObjectProvider<Signatures> signatures;
    private final Registers registers;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final DocumentRows rows;
    private final DocumentAccess access;

    DocumentIssuing(AccessPolicy policy, AuditTrail audit, ObjectProvider<Signatures> signatures, Registers registers, Clock clock,
            TransactionTemplate tx, DocumentRows rows, DocumentAccess access) {
        this.policy = policy;
        this.audit = audit;
        this.signatures = signatures;
        this.registers = registers;
        this.clock = clock;
        this.tx = tx;
        this.rows = rows;
        this.access = access;
    }

    /** The named signer's personal signature (ký số cá nhân). */
    @Transactional
    public Document sign(long id, char[] pin) {
        if (pin.length == 0) throw new DomainException.BadInput("pin", "problem.field.required");
        Document d = rows.lock(id);
        access.requireReadable(d);
        Actor me = policy.actor();
        if (d.signerId() == null || d.signerId() != me.officialId()) throw new DomainException.Forbidden("document.sign.not-signer", d.signerName());
        Instant now = clock.instant();
        Document.Step signed = d.sign(now); // refused unless a draft, before the token is asked
        byte[] pdf = signing().signPersonal(me.officialId(), pin, rows.content(d.id()));
        rows.save(signed, now); // DocumentEvents.Signed: the issuing unit's clerks are told after the commit (notices.FlowNotices)
        rows.storeFile(id, pdf, d.secrecy());
        rows.event(id, null, null, HistoryAction.SIGNED, me.fullName(), null, now);
        audit.record("document.sign", "document:" + id, AuditTrail.SUCCESS, d.signerName());
        return rows.require(id);
    }

    /**
     * Issue (cấp số, ký số của cơ quan, phát hành) by a clerk of the issuing unit: the next number of the right
     * register, the notation, then the agency's signature over the personal one. The number is reserved in a short
     * transaction (the register row is locked only for it), the numbered PDF is sealed (with its timestamp) outside
     * any lock, then the issue commits. If sealing or the commit fails, the number is recorded as voided in the
     * register, never reused (docs/documents-numbering.md, Decree 30/2020 Art. 15). Inside a caller's transaction all
     * of it joins that transaction, and its rollback gives the number back as before.
     */
    public Document issue(long id) {
        Registers.Reservation r = tx.execute(s -> reserveNumber(id));
        try {
            Document d = rows.require(id);
            byte[] numbered = NumberStamp.stamp(rows.content(d.id()), numberText(r.number()), d.notation());
            byte[] sealedPdf = signing().signAsUnit(d.issuingUnitId(), numbered);
            return tx.execute(s -> completeIssue(id, r, sealedPdf));
        } catch (RuntimeException e) {
            voidAfterFailure(r, e);
            throw e;
        }
    }

    private Registers.Reservation reserveNumber(long id) {
        Document d = rows.lock(id);
        access.requireReadable(d);
        if (d.external()) throw new IllegalTransition("document.issue.external");
        policy.requireOnUnit(Documents.CLERKS, d.issuingUnitId());
        d.requireIssuable();
        Instant now = clock.instant();
        var inFlight = registers.reservation(id);
        if (inFlight.isPresent()) {
            if (inFlight.get().reservedAt().isAfter(now.minus(Registers.ABANDONED))) throw new DomainException.Conflict("document.issue.in-progress");
            registers.voidReserved(id, "abandoned", null, now);
        }
        int year = LocalDate.ofInstant(now, WorkingCalendar.ZONE).getYear();
        return registers.reserve(id, d.issuingUnitId(), year, d.secrecy().isClassified(), policy.actor().officialId(), now);
    }

    private Document completeIssue(long id, Registers.Reservation r, byte[] sealedPdf) {
        Document d = rows.lock(id);
        if (!registers.complete(r)) throw new DomainException.Conflict("document.issue.abandoned", r.number());
        // The issue's time is the reservation's: numbers follow the order of issue (Decree 30, Art. 15.1).
        Instant at = r.reservedAt();
        Document.Step issued = d.issue(r.number(), r.year(), at);
        String full = issued.after().numberAndNotation();
        rows.save(issued, clock.instant()); // DocumentEvents.Issued: the drafter is told after the commit
        rows.addSearchText(id, full);
        rows.storeFile(id, sealedPdf, d.secrecy());
        rows.event(id, null, null, HistoryAction.ISSUED, policy.actor().fullName(), full, at);
        audit.record("document.issue", "document:" + id, AuditTrail.SUCCESS, full + (d.secrecy().isClassified() ? " (sổ mật)" : ""));
        vn.truongson.core.DomainMetrics.countAfterCommit(vn.truongson.core.DomainMetrics.Counter.DOCUMENTS_ISSUED);
        return rows.require(id);
    }

    /** The sealing or the commit failed: the reserved number becomes a voided line of the register (in the caller's transaction if any). */
    private void voidAfterFailure(Registers.Reservation r, RuntimeException cause) {
        String reason = cause instanceof DomainException de ? de.getMessage() : cause.getClass().getSimpleName();
        try {
            tx.executeWithoutResult(s -> registers.voidReserved(r.documentId(), "failed: " + reason, policy.actor().officialId(), clock.instant())
                    .ifPresent(v -> audit.record("document.issue", "document:" + r.documentId(), AuditTrail.FAILURE,
                            "số " + numberText(v.number()) + " hủy (" + reason + ")")));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static String numberText(int number) {
        return number < 10 ? "0" + number : Integer.toString(number);
    }

    /** Set in the draft and kept: notation is formed when drafting so the rendered PDF shows it; see {@link #notation}. */
    private Signatures signing() {
        Signatures s = signatures.getIfAvailable();
        if (s == null) throw new DomainException.Conflict("document.signing.unavailable");
        return s;
    }
}
