package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Assignment;
import vn.truongson.document.DocumentViews.Opinion;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.notify.Notifications;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * Handling of a received document (Decree 30, Art. 23–24): assignment to a unit or an official with a role and a
 * due date, opinions and progress, closing with the reply. {@link Documents} is the module's entry; this is its part.
 */
@Component
class DocumentHandling {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final Officials officials;
    private final WorkingCalendar calendar;
    private final Notifications notifications;
    private final Clock clock;
    private final DocumentRows rows;
    private final DocumentAccess access;

    DocumentHandling(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Units units, Officials officials, WorkingCalendar calendar,
            Notifications notifications, Clock clock, DocumentRows rows, DocumentAccess access) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.officials = officials;
        this.calendar = calendar;
        this.notifications = notifications;
        this.clock = clock;
        this.rows = rows;
        this.access = access;
    }

    /** Chuyển giao (Decree 30, Art. 23): a commander or clerk of a receiving unit assigns it LEAD, SUPPORT or INFO, with a due date. */
    @Transactional
    public Assignment assign(long id, Documents.AssignmentInput in) {
        List<FieldError> errors = new ArrayList<>();
        HandlingRole role = vn.truongson.core.Inputs.requiredEnum(HandlingRole.class, "role", in.role(), errors);
        Long unitId = in.unitId() == null ? null : DocumentInput.parseId(errors, "unitId", in.unitId());
        Long officialId = in.officialId() == null ? null : DocumentInput.parseId(errors, "officialId", in.officialId());
        if (in.unitId() == null && in.officialId() == null) errors.add(new FieldError("unitId", "document.assignment.target"));
        if (in.unitId() != null && in.officialId() != null) errors.add(new FieldError("officialId", "document.assignment.one-target"));
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        LocalDate due = null;
        if (in.dueDate() != null && !in.dueDate().isBlank()) {
            try {
                due = LocalDate.parse(in.dueDate().strip());
                if (due.isBefore(today)) errors.add(new FieldError("dueDate", "document.assignment.due-past"));
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError("dueDate", "document.date.format", in.dueDate()));
            }
        } else if (in.dueWorkingDays() != null) {
            if (in.dueWorkingDays() < 1 || in.dueWorkingDays() > 365) errors.add(new FieldError("dueWorkingDays", "problem.field.range", 1, 365));
            else due = LocalDate.ofInstant(calendar.addWorkingDays(clock.instant(), in.dueWorkingDays()), WorkingCalendar.ZONE);
        } else if (role != HandlingRole.INFO && role != null) {
            errors.add(new FieldError("dueDate", "problem.field.required"));
        }
        String assignee = null;
        if (unitId != null) {
            Unit u = units.named(List.of(unitId)).get(unitId);
            if (u == null) errors.add(new FieldError("unitId", "document.unit.unknown", unitId));
            else assignee = u.name();
        }
        if (officialId != null) {
            try {
                Official o = officials.get(officialId);
                assignee = DocumentDrafting.signerName(o);
            } catch (DomainException.NotFound | DomainException.Forbidden e) {
                errors.add(new FieldError("officialId", "document.official.unknown", officialId));
            }
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Document d = rows.find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
        List<Recipient> mine = rows.recipients(id).stream().filter(r -> r.unitId() != null && policy.permits(Documents.ASSIGNERS, d.asProtected(r.unitId()))).toList();
        if (mine.isEmpty()) {
            access.requireReadable(d);
            throw new DomainException.Forbidden("document.assignment.not-recipient");
        }
        Recipient r = mine.stream().filter(x -> x.status() == RecipientStatus.RECEIVED).findFirst()
                .orElseThrow(() -> new DomainException.Conflict("document.assignment.not-received"));
        Actor me = policy.actor();
        Instant now = clock.instant();
        long aid = jdbc.sql("""
                insert into document_assignment (document_id, recipient_id, unit_id, official_id, role, due_date, assigned_by, assigned_at,
                    assignee_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(id, r.id(), unitId, officialId, role.name(), due, me.officialId(), Timestamp.from(now), assignee).query(Long.class).single();
        rows.event(id, r.id(), Documents.ASSIGNED, HistoryAction.NOTICE, me.fullName(), "Phân công " + role.vietnamese() + ": " + assignee
                + (due == null ? "" : ", hạn " + vn.truongson.paper.Figures.date(due)), now);
        audit.record("document.assign", "document:" + id, AuditTrail.SUCCESS, "assignment:" + aid + " " + role + " " + assignee);
        if (officialId != null) {
            notifications.send(officialId, "document.assigned", "document.assigned:" + aid, "Văn bản được giao xử lý (" + role.vietnamese() + ")",
                    d.subject(), "/office/documents/" + id);
        }
        return assignments(id).stream().filter(a -> a.id() == aid).findFirst().orElseThrow();
    }

    /** A handler's opinion or progress (ý kiến, tiến độ); the first one tells the sender 05 Đang xử lý. */
    @Transactional
    public Assignment progress(long assignmentId, @Nullable String text, @Nullable Integer percent) {
        String t = text == null ? "" : VietnameseText.nfc(text).strip();
        if (t.isEmpty()) throw new DomainException.BadInput("text", "problem.field.required");
        if (t.length() > 4000) throw new DomainException.BadInput("text", "document.text.too-long", 4000);
        if (percent != null && (percent < 0 || percent > 100)) throw new DomainException.BadInput("percent", "problem.field.range", 0, 100);
        Assignment a = handlerAssignment(assignmentId);
        a.status().requireOpen();
        Actor me = policy.actor();
        Instant now = clock.instant();
        boolean first = a.opinions().isEmpty();
        jdbc.sql("insert into document_opinion (assignment_id, author_id, author_name, text, percent, at) values (?, ?, ?, ?, ?, ?)")
                .params(assignmentId, me.officialId(), me.fullName(), t, percent, Timestamp.from(now)).update();
        if (first) rows.event(a.documentId(), a.recipientId(), Documents.IN_PROGRESS, HistoryAction.NOTICE, me.fullName(), "Đang xử lý", now);
        audit.record("document.progress", "document:" + a.documentId(), AuditTrail.SUCCESS, "assignment:" + assignmentId);
        return assignments(a.documentId()).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    /** Closes the handling, with the reply document (văn bản trả lời) linked; the LEAD's closing is 06 Hoàn thành. */
    @Transactional
    public Assignment close(long assignmentId, @Nullable String text, @Nullable String replyDocumentId) {
        Long reply = null;
        if (replyDocumentId != null && !replyDocumentId.isBlank()) {
            reply = Ids.parse("replyDocumentId", replyDocumentId);
            Document r = rows.find(reply).orElseThrow(() -> new DomainException.BadInput("replyDocumentId", "document.reply.unknown", replyDocumentId));
            if (!access.readable(r)) throw new DomainException.BadInput("replyDocumentId", "document.reply.unknown", replyDocumentId);
        }
        Assignment a = handlerAssignment(assignmentId);
        AssignmentStatus closed = a.status().close();
        Actor me = policy.actor();
        Instant now = clock.instant();
        String t = text == null ? "" : VietnameseText.nfc(text).strip();
        if (t.length() > 4000) throw new DomainException.BadInput("text", "document.text.too-long", 4000);
        if (!t.isEmpty()) {
            jdbc.sql("insert into document_opinion (assignment_id, author_id, author_name, text, percent, at) values (?, ?, ?, ?, 100, ?)")
                    .params(assignmentId, me.officialId(), me.fullName(), t, Timestamp.from(now)).update();
        }
        jdbc.sql("update document_assignment set status = ?, closed_at = ?, reply_document_id = ? where id = ?")
                .params(closed.name(), Timestamp.from(now), reply, assignmentId).update();
        if (a.role() == HandlingRole.LEAD) {
            rows.event(a.documentId(), a.recipientId(), Documents.DONE, HistoryAction.NOTICE, me.fullName(), "Hoàn thành" + (reply == null ? "" : ", văn bản trả lời #" + reply), now);
        }
        audit.record("document.close", "document:" + a.documentId(), AuditTrail.SUCCESS, "assignment:" + assignmentId + (reply == null ? "" : " reply:" + reply));
        return assignments(a.documentId()).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    private Assignment handlerAssignment(long assignmentId) {
        Long docId = jdbc.sql("select document_id from document_assignment where id = ?").param(assignmentId).query(Long.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("assignment", assignmentId));
        Document d = rows.find(docId).orElseThrow();
        access.requireReadable(d);
        Assignment a = assignments(docId).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
        if (!isHandler(a, d)) throw new DomainException.Forbidden("document.assignment.not-handler");
        jdbc.sql("select id from document_assignment where id = ? for update").param(assignmentId).query(Long.class).single();
        return assignments(docId).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    boolean isHandler(Assignment a, Document d) {
        Actor me = policy.actor();
        if (a.officialId() != null) return a.officialId() == me.officialId();
        return a.unitId() != null && policy.permits(Documents.HANDLERS, d.asProtected(a.unitId()));
    }

    public List<Assignment> assignments(long documentId) {
        return assignmentsOf(List.of(documentId)).getOrDefault(documentId, List.of());
    }

    /** The assignments of many documents at once, by document: a constant number of statements whatever their count. */
    Map<Long, List<Assignment>> assignmentsOf(java.util.Collection<Long> documentIds) {
        if (documentIds.isEmpty()) return Map.of();
        Long[] ids = documentIds.stream().distinct().toArray(Long[]::new);
        Map<Long, List<Opinion>> opinions = new HashMap<>();
        jdbc.sql("""
                select o.assignment_id, o.id, o.author_name, o.text, o.percent, o.at from document_opinion o
                join document_assignment a on a.id = o.assignment_id where a.document_id = any(:ids) order by o.at, o.id""").param("ids", ids)
                .query((rs, n) -> {
                    opinions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Opinion(rs.getLong(2), rs.getString(3), rs.getString(4), (Integer) rs.getObject(5), rs.getTimestamp(6).toInstant()));
                    return 0;
                }).list();
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        List<Object[]> rows = jdbc.sql("""
                select id, document_id, recipient_id, unit_id, official_id, role, due_date, status, assigned_at, closed_at, reply_document_id,
                    assignee_name
                from document_assignment where document_id = any(:ids) order by id""").param("ids", ids)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4), rs.getObject(5), rs.getString(6),
                        rs.getObject(7, LocalDate.class), rs.getString(8), rs.getTimestamp(9).toInstant(), DocumentRows.instant(rs, 10), rs.getObject(11), rs.getString(12)}).list();
        List<Long> unitIds = rows.stream().filter(r -> r[11] == null).map(r -> (Long) r[3]).filter(java.util.Objects::nonNull).distinct().toList();
        Map<Long, String> unitNames = unitIds.isEmpty() ? Map.of() : units.names(unitIds);
        Map<Long, List<Assignment>> out = new HashMap<>();
        for (Object[] r : rows) {
            Long unit = (Long) r[3];
            Long official = (Long) r[4];
            // assignee_name is kept since V203; only older rows name their assignee from org.
            String name = r[11] != null ? (String) r[11] : unit != null ? unitNames.getOrDefault(unit, "#" + unit) : officialName(official);
            LocalDate due = (LocalDate) r[6];
            AssignmentStatus status = AssignmentStatus.valueOf((String) r[7]);
            boolean overdue = status == AssignmentStatus.OPEN && due != null && due.isBefore(today);
            out.computeIfAbsent((Long) r[1], k -> new ArrayList<>()).add(new Assignment((Long) r[0], (Long) r[1], (Long) r[2], unit, official, name,
                    HandlingRole.valueOf((String) r[5]), due, status, (Instant) r[8], (Instant) r[9], (Long) r[10],
                    opinions.getOrDefault((Long) r[0], List.of()), overdue));
        }
        return out;
    }

    private String officialName(@Nullable Long id) {
        if (id == null) return "-";
        try {
            return DocumentDrafting.signerName(officials.get(id));
        } catch (DomainException e) {
            return "#" + id;
        }
    }
}
