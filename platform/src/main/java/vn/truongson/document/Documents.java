package vn.truongson.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Actions;
import vn.truongson.document.DocumentViews.Assignment;
import vn.truongson.document.DocumentViews.Delivery;
import vn.truongson.document.DocumentViews.Detail;
import vn.truongson.document.DocumentViews.Event;
import vn.truongson.document.DocumentViews.Opinion;
import vn.truongson.document.DocumentViews.Receipt;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;
import vn.truongson.notify.Notifications;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.signing.Signatures;

/**
 * The document flow (Decree 30/2020, Art. 14–24): draft → personal signature → number, notation and agency
 * signature (issue) → send → receipt with an incoming number → handling. Every step asks the access policy, is
 * audited, and leaves a line in the document's history; status notices follow edXML's codes (QCVN 102:2016).
 *
 * <p>Over 400 lines on purpose (issue 19, sizes): the module's entry, delegating drafting, handling, delivery and returns;
 * signing and issuing stay here with the token provider that RegisterReservationTest replaces on this class.
 */
@Service
public class Documents {

    static final Set<Role> DRAFTERS = Set.of(Role.DOCUMENT_HANDLER, Role.CLERK, Role.SIGNER, Role.COMMANDER);
    static final Set<Role> OUT_READERS = DRAFTERS;
    static final Set<Role> IN_READERS = Set.of(Role.CLERK, Role.COMMANDER, Role.DOCUMENT_HANDLER);
    static final Set<Role> CLERKS = Set.of(Role.CLERK);
    static final Set<Role> ASSIGNERS = Set.of(Role.COMMANDER, Role.CLERK);
    static final Set<Role> HANDLERS = Set.of(Role.DOCUMENT_HANDLER, Role.COMMANDER);

    public static final int MAX_RECIPIENTS = 200;

    /** edXML status codes (QCVN 102:2016, amended by Circular 01/2022). */
    public static final String ARRIVED = "01", ACCEPTED = "03", ASSIGNED = "04", IN_PROGRESS = "05", DONE = "06";

    public record RecipientInput(@Nullable String unitId, @Nullable String organId, @Nullable String name) {}

    /** A draft as the drafter gave it, unchecked. {@code body}: the text to render when no PDF is uploaded. */
    public record Draft(@Nullable String type, @Nullable String subject, @Nullable String secrecy, @Nullable String urgency,
            @Nullable String issuingUnitId, @Nullable String signerId, @Nullable List<RecipientInput> recipients, @Nullable String body,
            @Nullable String signerAuthority, @Nullable String signerFor) {

        /** A draft the head signs plainly (no KT./TM./Q./TL./TUQ.). */
        public Draft(@Nullable String type, @Nullable String subject, @Nullable String secrecy, @Nullable String urgency,
                @Nullable String issuingUnitId, @Nullable String signerId, @Nullable List<RecipientInput> recipients, @Nullable String body) {
            this(type, subject, secrecy, urgency, issuingUnitId, signerId, recipients, body, null, null);
        }
    }

    /** An assignment as the commander gave it: a unit or an official, a role, and a due date or a number of working days. */
    public record AssignmentInput(@Nullable String unitId, @Nullable String officialId, @Nullable String role, @Nullable String dueDate,
            @Nullable Integer dueWorkingDays) {}

    public enum Access { OPEN, DOWNLOAD, PRINT }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final ObjectProvider<Signatures> signatures;
    private final Registers registers;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final DocumentRows rows;
    private final DocumentAccess access;
    private final DocumentDrafting drafting;
    private final DocumentHandling handling;
    private final DocumentDelivery delivery;
    private final DocumentReturns returns;

    Documents(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Units units, ObjectProvider<Signatures> signatures, Registers registers,
            Clock clock, TransactionTemplate tx, DocumentRows rows, DocumentAccess access,
            DocumentDrafting drafting, DocumentHandling handling, DocumentDelivery delivery, DocumentReturns returns) {
        this.returns = returns;
        this.delivery = delivery;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.signatures = signatures;
        this.registers = registers;
        this.clock = clock;
        this.tx = tx;
        this.rows = rows;
        this.access = access;
        this.drafting = drafting;
        this.handling = handling;
    }

    // ---- drafting --------------------------------------------------------------------------------

    /** A new draft (văn bản dự thảo) with its PDF, or with a body rendered to a Decree-30 PDF. */
    public Document draft(Draft d, byte @Nullable [] pdf) {
        return drafting.draft(d, pdf);
    }

    /** Decree 30, Appendix I, II.3: "QĐ-BTL86" for a typed document; "BTL86-VP" (agency - drafting unit) for a công văn. */
    static String notation(DocumentType type, Unit issuing, @Nullable Unit drafting) {
        return DocumentDrafting.notation(type, issuing, drafting);
    }

    // ---- signing and issuing ---------------------------------------------------------------------

    /** The named signer's personal signature (ký số cá nhân). */
    @Transactional
    public Document sign(long id, char[] pin) {
        if (pin.length == 0) throw new DomainException.BadInput("pin", "problem.field.required");
        Document d = lock(id);
        requireReadable(d);
        Actor me = policy.actor();
        if (d.signerId() == null || d.signerId() != me.officialId()) throw new DomainException.Forbidden("document.sign.not-signer", d.signerName());
        Instant now = clock.instant();
        Document.Step signed = d.sign(now); // refused unless a draft, before the token is asked
        byte[] pdf = signing().signPersonal(me.officialId(), pin, content(d));
        rows.save(signed, now); // DocumentEvents.Signed: the issuing unit's clerks are told after the commit (notices.FlowNotices)
        storeFile(id, pdf, d.secrecy());
        event(id, null, null, HistoryAction.SIGNED, me.fullName(), null, now);
        audit.record("document.sign", "document:" + id, AuditTrail.SUCCESS, d.signerName());
        return require(id);
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
            Document d = require(id);
            byte[] numbered = NumberStamp.stamp(content(d), numberText(r.number()), d.notation());
            byte[] sealedPdf = signing().signAsUnit(d.issuingUnitId(), numbered);
            return tx.execute(s -> completeIssue(id, r, sealedPdf));
        } catch (RuntimeException e) {
            voidAfterFailure(r, e);
            throw e;
        }
    }

    private Registers.Reservation reserveNumber(long id) {
        Document d = lock(id);
        requireReadable(d);
        if (d.external()) throw new IllegalTransition("document.issue.external");
        policy.requireOnUnit(CLERKS, d.issuingUnitId());
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
        Document d = lock(id);
        if (!registers.complete(r)) throw new DomainException.Conflict("document.issue.abandoned", r.number());
        // The issue's time is the reservation's: numbers follow the order of issue (Decree 30, Art. 15.1).
        Instant at = r.reservedAt();
        Document.Step issued = d.issue(r.number(), r.year(), at);
        String full = issued.after().numberAndNotation();
        rows.save(issued, clock.instant()); // DocumentEvents.Issued: the drafter is told after the commit
        rows.addSearchText(id, full);
        storeFile(id, sealedPdf, d.secrecy());
        event(id, null, null, HistoryAction.ISSUED, policy.actor().fullName(), full, at);
        audit.record("document.issue", "document:" + id, AuditTrail.SUCCESS, full + (d.secrecy().isClassified() ? " (sổ mật)" : ""));
        vn.truongson.core.DomainMetrics.countAfterCommit(vn.truongson.core.DomainMetrics.Counter.DOCUMENTS_ISSUED);
        return require(id);
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

    // ---- sending and receiving -------------------------------------------------------------------

    /**
     * Sends an issued document (phát hành) on a channel. Law 29/2018: a document above Thường goes only over the
     * military network. Internal recipients have it at once (notice 01 Đã đến); external organisations get it by
     * edXML.
     */
    public List<Delivery> send(long id, @Nullable String channelName) {
        return delivery.send(id, channelName);
    }

    /**
     * Receipt (tiếp nhận, đăng ký văn bản đến) by a clerk of a recipient unit: the next incoming number (số đến),
     * consecutive per unit and year, classified documents in their own series (Decree 30, Art. 22).
     */
    public Receipt receive(long id, @Nullable Long unitId) {
        return delivery.receive(id, unitId);
    }

    // ---- sending back ----------------------------------------------------------------------------

    /** The named signer returns the draft to its drafter with a reason (409 unless a draft). */
    public Document sendBack(long id, @Nullable String reason) {
        return returns.sendBack(id, reason);
    }

    /** The drafter resubmits the returned draft, edited (a new PDF, or a new body rendered); the earlier revision is kept. */
    public Document resubmit(long id, @Nullable String subject, @Nullable String body, byte @Nullable [] pdf) {
        return returns.resubmit(id, subject, body, pdf);
    }

    /** A receiving clerk returns a wrongly sent copy to the sender with a reason (edXML status 02 when it came by edXML). */
    public Recipient returnToSender(long id, @Nullable Long unitId, @Nullable String reason) {
        return returns.returnToSender(id, unitId, reason);
    }

    /** The edXML status notices answering the sending agency of an imported document, newest first (for whoever may read it). */
    @Transactional(readOnly = true)
    public List<byte[]> statusNotices(long id) {
        requireReadable(require(id));
        return returns.statusNotices(id);
    }

    /** Who may sign for the unit (SIGNER covering it): the draft form's signer list. */
    public List<Official> signersFor(long unitId) {
        return drafting.signersFor(unitId);
    }

    // ---- handling --------------------------------------------------------------------------------

    /** Chuyển giao (Decree 30, Art. 23): a commander or clerk of a receiving unit assigns it LEAD, SUPPORT or INFO, with a due date. */
    public Assignment assign(long id, AssignmentInput in) {
        return handling.assign(id, in);
    }

    /** A handler's opinion or progress (ý kiến, tiến độ); the first one tells the sender 05 Đang xử lý. */
    public Assignment progress(long assignmentId, @Nullable String text, @Nullable Integer percent) {
        return handling.progress(assignmentId, text, percent);
    }

    /** Closes the handling, with the reply document (văn bản trả lời) linked; the LEAD's closing is 06 Hoàn thành. */
    public Assignment close(long assignmentId, @Nullable String text, @Nullable String replyDocumentId) {
        return handling.close(assignmentId, text, replyDocumentId);
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** The document with its recipients, history and handling; refused as {@link #requireReadable} says. Classified reads are audited. */
    @Transactional
    public Detail get(long id) {
        Document d = require(id);
        requireReadable(d);
        if (d.secrecy().isClassified()) audit.record("document.open", "document:" + id, AuditTrail.SUCCESS, d.secrecy().name() + " (metadata)");
        List<Recipient> recipients = recipients(id);
        List<Assignment> assignments = assignments(id);
        Actor me = policy.actor();
        boolean outgoing = d.issuingUnitId() != null && policy.permits(OUT_READERS, d.asProtected(d.issuingUnitId()));
        String issuer = d.issuingUnitId() == null ? d.fromOrganName() : units.names(List.of(d.issuingUnitId())).get(d.issuingUnitId());
        List<Event> events = events(id).stream().filter(e -> outgoing || e.recipientId() == null
                || recipients.stream().anyMatch(r -> r.id() == e.recipientId() && r.unitId() != null && policy.permits(IN_READERS, d.asProtected(r.unitId()))))
                .toList();
        Actions actions = new Actions(
                d.status() == DocumentStatus.DRAFT && d.signerId() != null && d.signerId() == me.officialId(),
                d.status() == DocumentStatus.SIGNED && d.issuingUnitId() != null && policy.permits(CLERKS, d.asProtected(d.issuingUnitId())),
                (d.status() == DocumentStatus.ISSUED || d.status() == DocumentStatus.SENT) && d.issuingUnitId() != null
                        && recipients.stream().anyMatch(r -> r.status() == RecipientStatus.PENDING) && policy.permits(CLERKS, d.asProtected(d.issuingUnitId())),
                recipients.stream().anyMatch(r -> r.status() == RecipientStatus.DELIVERED && r.unitId() != null && policy.permits(CLERKS, d.asProtected(r.unitId()))),
                recipients.stream().anyMatch(r -> r.status() == RecipientStatus.RECEIVED && r.unitId() != null && policy.permits(ASSIGNERS, d.asProtected(r.unitId()))),
                assignments.stream().anyMatch(a -> a.status() == AssignmentStatus.OPEN && handling.isHandler(a, d)),
                d.status() == DocumentStatus.DRAFT && d.signerId() != null && d.signerId() == me.officialId(),
                d.status() == DocumentStatus.RETURNED && d.drafterId() != null && d.drafterId() == me.officialId(),
                recipients.stream().anyMatch(r -> (r.status() == RecipientStatus.DELIVERED || r.status() == RecipientStatus.RECEIVED) && r.unitId() != null
                        && assignments.stream().noneMatch(a -> a.recipientId() == r.id()) && policy.permits(CLERKS, d.asProtected(r.unitId()))));
        return new Detail(d, issuer, recipients, events, assignments, actions, rows.revisions(id));
    }

    /** The PDF as it stands, signatures included. Each open, download and print of a classified document is audited. */
    @Transactional
    public byte[] file(long id, Access access) {
        Document d = require(id);
        requireReadable(d);
        byte[] content = content(d);
        if (d.secrecy().isClassified()) {
            audit.record("document." + access.name().toLowerCase(java.util.Locale.ROOT), "document:" + id, AuditTrail.SUCCESS, d.secrecy().name());
        }
        return content;
    }

    /** How many documents there are, all origins (no policy: for the demo loader's "loaded once" check and operators' counts). */
    public long count() {
        return jdbc.sql("select count(*) from document_document").query(Long.class).single();
    }

    void auditClassifiedRegister(long unitId) {
        audit.record("document.register.open", "unit:" + unitId, AuditTrail.SUCCESS, "classified series");
    }

    public Document require(long id) {
        return rows.require(id);
    }

    Document lock(long id) {
        return rows.lock(id);
    }

    public java.util.Optional<Document> find(long id) {
        return rows.find(id);
    }

    /**
     * May the current person read this document? A grant covering its issuing unit (drafters, signers, clerks,
     * commanders), or a recipient unit that has it (clerks, commanders, handlers), or being its signer or one of
     * its assigned handlers; and always a clearance and zone that cover its secrecy.
     */
    public boolean readable(Document d) {
        return access.readable(d);
    }

    /** 404 when its level is beyond this request (its existence is secret), 403 when only the grant is missing. */
    void requireReadable(Document d) {
        access.requireReadable(d);
    }

    boolean levelAllowed(Actor a, SecrecyLevel level) {
        return access.levelAllowed(a, level);
    }

    public List<Recipient> recipients(long documentId) {
        return rows.recipients(documentId);
    }

    List<Event> events(long documentId) {
        return rows.events(documentId);
    }

    public List<Assignment> assignments(long documentId) {
        return handling.assignments(documentId);
    }

    /** The assignments of many documents at once, by document: a constant number of statements whatever their count. */
    Map<Long, List<Assignment>> assignmentsOf(java.util.Collection<Long> documentIds) {
        return handling.assignmentsOf(documentIds);
    }

    /** Documents by id, in one statement (those that exist). */
    Map<Long, Document> findAll(java.util.Collection<Long> ids) {
        return rows.findAll(ids);
    }

    // ---- storage ---------------------------------------------------------------------------------

    void storeFile(long id, byte[] content, SecrecyLevel secrecy) {
        rows.storeFile(id, content, secrecy);
    }

    byte[] content(Document d) {
        return rows.content(d.id());
    }

    void event(long documentId, @Nullable Long recipientId, @Nullable String code, HistoryAction action, @Nullable String actor, @Nullable String detail,
            Instant at) {
        rows.event(documentId, recipientId, code, action, actor, detail, at);
    }

    static String searchText(String subject, @Nullable String notation, String text) {
        String all = subject + " " + (notation == null ? "" : notation) + " " + text;
        return VietnameseText.fold(all.replace('\u0000', ' '));
    }

    // ---- mapping (DocumentRows') ----------------------------------------------------------------

    static final String COLUMNS = DocumentRows.COLUMNS;

    static Document map(ResultSet rs, int n) throws SQLException {
        return DocumentRows.map(rs, n);
    }

    static @Nullable Instant instant(ResultSet rs, int col) throws SQLException {
        return DocumentRows.instant(rs, col);
    }
}
