package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;

/**
 * Sending back (issue 13): the signer returns a draft to its drafter with a reason, the drafter resubmits it edited
 * (the earlier revision and its file are kept), and a receiving clerk returns a wrongly sent copy to the sender
 * (Decree 30, Art. 22), with an edXML status notice 02 when it came by edXML. Each step goes through the aggregate's
 * verb ({@link Document#sendBack}, {@link Document#resubmit}, {@link RecipientStatus#returnToSender}): an illegal step
 * is a 409. The audit record is in the transaction; notifications follow the commit ({@link DocumentEvents}).
 */
@Component
class DocumentReturns {

    /** edXML StatusCode 02: Từ chối tiếp nhận (QCVN 102:2016). */
    static final String REFUSED = "02";
    static final int MAX_REASON = 2000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final DocumentRows rows;
    private final DocumentAccess access;
    private final DocumentDrafting drafting;

    DocumentReturns(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Clock clock, ApplicationEventPublisher events, DocumentRows rows,
            DocumentAccess access, DocumentDrafting drafting) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.rows = rows;
        this.access = access;
        this.drafting = drafting;
    }

    static String reason(@Nullable String text) {
        String t = text == null ? "" : VietnameseText.nfc(text).strip();
        if (t.isEmpty()) throw new DomainException.BadInput("reason", "problem.field.required");
        if (t.length() > MAX_REASON) throw new DomainException.BadInput("reason", "document.text.too-long", MAX_REASON);
        if (VietnameseText.firstControlChar(t, true) >= 0) throw new DomainException.BadInput("reason", "document.text.control");
        return t;
    }

    /** The named signer sends the draft back to its drafter (trả lại dự thảo), with the reason. */
    @Transactional
    public Document sendBack(long id, @Nullable String reasonText) {
        String reason = reason(reasonText);
        Document d = rows.lock(id);
        access.requireReadable(d);
        Actor me = policy.actor();
        if (d.signerId() == null || d.signerId() != me.officialId()) throw new DomainException.Forbidden("document.sign.not-signer", d.signerName());
        Document returned = d.sendBack(); // refused unless a draft
        Instant now = clock.instant();
        jdbc.sql("""
                insert into document_revision (document_id, revision, subject, file_sha256, file_sealed_id, page_count, returned_by, returned_name,
                    reason, returned_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, d.revision(), d.subject(), d.fileSha256(), d.fileSealedId(), d.pageCount(), me.officialId(), me.fullName(), reason,
                        Timestamp.from(now)).update();
        rows.saveState(returned, now);
        rows.event(id, null, null, HistoryAction.SENT_BACK, me.fullName(), reason, now);
        audit.record("document.send-back", "document:" + id, AuditTrail.SUCCESS, "revision " + d.revision());
        if (d.drafterId() != null) events.publishEvent(new DocumentEvents.DraftSentBack(id, d.drafterId(), d.revision(), me.fullName(), reason));
        return rows.require(id);
    }

    /**
     * The drafter resubmits the returned draft, edited: a new PDF, or a new body rendered as at drafting, and
     * optionally a new subject. The earlier revision's file stays in {@code document_revision}.
     */
    @Transactional
    public Document resubmit(long id, @Nullable String subjectText, @Nullable String body, byte @Nullable [] pdf) {
        String subject = subjectText == null || subjectText.isBlank() ? null : VietnameseText.nfc(subjectText).strip();
        if (subject != null && subject.length() > vn.truongson.paper.Decree30Document.MAX_SUBJECT) {
            throw new DomainException.BadInput("subject", "document.subject.too-long", vn.truongson.paper.Decree30Document.MAX_SUBJECT);
        }
        if (subject != null && VietnameseText.firstControlChar(subject, true) >= 0) throw new DomainException.BadInput("subject", "document.text.control");
        String text = body == null ? null : VietnameseText.nfc(body).strip();
        if (pdf == null && (text == null || text.isEmpty())) throw new DomainException.BadInput("file", "document.file.required");
        if (text != null && text.length() > 100_000) throw new DomainException.BadInput("body", "document.body.too-long", 100_000);
        Document d = rows.lock(id);
        access.requireReadable(d);
        Actor me = policy.actor();
        if (d.drafterId() == null || d.drafterId() != me.officialId()) throw new DomainException.Forbidden("document.resubmit.not-drafter");
        Document again = d.resubmit(); // refused unless returned
        String newSubject = subject == null ? d.subject() : subject;
        byte[] content = pdf != null ? pdf : drafting.renderAgain(d, newSubject, text);
        PdfChecks.Checked checked = drafting.check(content);
        Instant now = clock.instant();
        jdbc.sql("update document_document set subject = ?, page_count = ?, search_text = ? where id = ?")
                .params(newSubject, checked.pages(), Documents.searchText(newSubject, null, checked.text()), id).update();
        jdbc.sql("update document_revision set resubmitted_at = ? where document_id = ? and revision = ?").params(Timestamp.from(now), id, d.revision()).update();
        rows.storeFile(id, content, d.secrecy());
        rows.saveState(again, now);
        rows.event(id, null, null, HistoryAction.RESUBMITTED, me.fullName(), "Bản " + again.revision(), now);
        audit.record("document.resubmit", "document:" + id, AuditTrail.SUCCESS, "revision " + again.revision());
        if (d.signerId() != null) events.publishEvent(new DocumentEvents.DraftResubmitted(id, d.signerId(), again.revision(), me.fullName()));
        return rows.require(id);
    }

    /**
     * A clerk of a receiving unit returns its copy as wrongly sent (trả lại văn bản gửi sai), before it is assigned:
     * the sender sees why; a copy that came by edXML answers the sending agency with status 02 (Từ chối tiếp nhận).
     */
    @Transactional
    public Recipient returnToSender(long id, @Nullable Long unitId, @Nullable String reasonText) {
        String reason = reason(reasonText);
        Document d = rows.find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
        List<Recipient> all = rows.recipients(id);
        List<Recipient> mine = all.stream().filter(r -> r.unitId() != null && (unitId == null || unitId.equals(r.unitId()))
                && r.status() != RecipientStatus.PENDING && policy.permits(Documents.CLERKS, d.asProtected(r.unitId()))).toList();
        if (mine.isEmpty()) {
            access.requireReadable(d); // hidden = missing (404) before "not yours" (403)
            throw new DomainException.Forbidden("document.receive.not-recipient");
        }
        Recipient r = mine.stream().filter(x -> x.status() == RecipientStatus.DELIVERED || x.status() == RecipientStatus.RECEIVED).findFirst()
                .orElse(mine.getFirst());
        // The copy's row locked: of parallel identical returns, one changes the state, the others find it returned.
        String locked = jdbc.sql("select status from document_recipient where id = ? for update").param(r.id()).query(String.class).single();
        RecipientStatus now = RecipientStatus.valueOf(locked);
        RecipientStatus returned = now.returnToSender(); // refused unless arrived and not yet returned
        boolean handled = jdbc.sql("select exists (select 1 from document_assignment where recipient_id = ?)").param(r.id()).query(Boolean.class).single();
        if (handled) throw new IllegalTransition("document.return.assigned");
        Instant at = clock.instant();
        Actor me = policy.actor();
        jdbc.sql("update document_recipient set status = ?, returned_reason = ?, returned_at = ? where id = ?")
                .params(returned.name(), reason, Timestamp.from(at), r.id()).update();
        rows.event(id, r.id(), REFUSED, HistoryAction.RETURNED, me.fullName(), r.name() + ": " + reason, at);
        if (d.external()) statusNotice(d, r, reason, me, at);
        audit.record("document.return", "document:" + id, AuditTrail.SUCCESS, "unit:" + r.unitId() + (d.external() ? " edXML 02" : ""));
        events.publishEvent(new DocumentEvents.CopyReturned(id, r.id(), r.name(), d.issuingUnitId(), reason));
        return rows.recipients(id).stream().filter(x -> x.id() == r.id()).findFirst().orElseThrow();
    }

    /** The edXML status 02 for the agency that sent it, answering its message (ResponseFor its DocumentId). */
    private void statusNotice(Document d, Recipient r, String reason, Actor me, Instant at) {
        String json = jdbc.sql("select edxml_header from document_document where id = ?").param(d.id()).query(String.class).optional().orElse(null);
        if (json == null) return;
        EdxmlMessage header = JSON.readValue(json, EdxmlMessage.class);
        EdxmlMessage.Organ from = new EdxmlMessage.Organ(r.organId() == null ? "" : r.organId(), r.name(), null, null, null, null, null, null);
        String code = (header.codeNumber() == null ? "" : header.codeNumber() + "/") + (header.codeNotation() == null ? "" : header.codeNotation());
        byte[] xml = EdXml.status(from, header.from(), new EdxmlMessage.ResponseFor(header.from().organId(), code, header.promulgationDate(),
                header.documentId()), REFUSED, reason, OffsetDateTime.ofInstant(at, WorkingCalendar.ZONE).toString(), me.fullName(), r.name());
        jdbc.sql("insert into document_status_notice (document_id, recipient_id, code, to_organ_id, xml, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(d.id(), r.id(), REFUSED, header.from().organId(), xml, Timestamp.from(at)).update();
    }

    /** The edXML status notices kept for a document's copies (the newest first), as sent. */
    List<byte[]> statusNotices(long documentId) {
        return jdbc.sql("select xml from document_status_notice where document_id = ? order by id desc").param(documentId).query(byte[].class).list();
    }
}
