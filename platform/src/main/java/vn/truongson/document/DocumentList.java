package vn.truongson.document;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.Inputs;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Assignment;
import vn.truongson.document.DocumentViews.Row;
import vn.truongson.org.Units;

/**
 * The boxes (incoming, outgoing, drafts, to sign), full-text search and the registers, all filtered in SQL by the
 * access policy, so a list never shows a document its reader could not open. Urgent documents come first.
 */
@Service
public class DocumentList {

    public static final int MAX_LIMIT = 500;

    public enum Box { INCOMING, OUTGOING, DRAFTS, TO_SIGN }

    /** A box with its filters; {@link #parse} checks what people type. */
    public record Query(Box box, @Nullable Long unitId, @Nullable String q, @Nullable DocumentStatus status, @Nullable DocumentType type,
            @Nullable SecrecyLevel secrecy, @Nullable Urgency urgency, @Nullable LocalDate from, @Nullable LocalDate to, boolean overdue, int limit) {

        public static Query of(Box box) {
            return new Query(box, null, null, null, null, null, null, null, null, false, 200);
        }

        /** The same filters with another number of lines: a page of the screens (one more than a page) or an export. */
        public Query withLimit(int lines) {
            return new Query(box, unitId, q, status, type, secrecy, urgency, from, to, overdue, lines);
        }

        public static Query parse(@Nullable String box, @Nullable String unitId, @Nullable String q, @Nullable String status, @Nullable String type,
                @Nullable String secrecy, @Nullable String urgency, @Nullable String from, @Nullable String to, @Nullable String due,
                @Nullable String limit) {
            List<FieldError> errors = new ArrayList<>();
            Box b = Box.INCOMING;
            if (box != null && !box.isBlank()) {
                try {
                    b = Box.valueOf(box.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("box", "document.box.unknown", box));
                }
            }
            Long unit = null;
            if (unitId != null && !unitId.isBlank()) {
                try {
                    unit = Ids.parse("unitId", unitId);
                } catch (DomainException.BadInput e) {
                    errors.addAll(e.errors());
                }
            }
            String text = q == null ? null : VietnameseText.nfc(q).strip();
            if (text != null && text.length() > 200) errors.add(new FieldError("q", "document.q.too-long", 200));
            DocumentType t = null;
            if (type != null && !type.isBlank()) {
                t = DocumentType.of(type).orElse(null);
                if (t == null) errors.add(new FieldError("type", "document.type.unknown", type));
            }
            int lim = 200;
            if (limit != null && !limit.isBlank()) {
                try {
                    lim = Integer.parseInt(limit.strip());
                    if (lim < 1 || lim > MAX_LIMIT) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    errors.add(new FieldError("limit", "problem.field.range", 1, MAX_LIMIT));
                }
            }
            if (due != null && !due.isBlank() && !due.strip().equals("overdue")) errors.add(new FieldError("due", "document.due.filter", due));
            Query out = new Query(b, unit, text == null || text.isEmpty() ? null : text, Inputs.optionalEnum(DocumentStatus.class, "status", status, null, errors),
                    t, Inputs.optionalEnum(SecrecyLevel.class, "secrecy", secrecy, null, errors), Inputs.optionalEnum(Urgency.class, "urgency", urgency, null, errors),
                    date(errors, "from", from), date(errors, "to", to), due != null && due.strip().equals("overdue"), lim);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            return out;
        }

        private static @Nullable LocalDate date(List<FieldError> errors, String field, @Nullable String v) {
            if (v == null || v.isBlank()) return null;
            try {
                return LocalDate.parse(v.strip());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(field, "document.date.format", v));
                return null;
            }
        }
    }

    /** An open handling on a work list: the assignment and its document. */
    public record WorkItem(Assignment assignment, Document document) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Units units;
    private final Documents documents;
    private final Clock clock;
    private final Registers registers;

    DocumentList(JdbcClient jdbc, AccessPolicy policy, Units units, Documents documents, Clock clock, Registers registers) {
        this.registers = registers;
        this.jdbc = jdbc;
        this.policy = policy;
        this.units = units;
        this.documents = documents;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Row> list(Query query) {
        return list(query, 0);
    }

    /** {@link #list(Query)} from the {@code offset}-th line on (the pages of the screens, issue 13). */
    @Transactional(readOnly = true)
    public List<Row> list(Query query, int offset) {
        Actor me = policy.actor();
        int level = me.effectiveLevel(policy.zoneMax(me.zone())).rank();
        Map<String, Object> params = new HashMap<>();
        params.put("me", me.officialId());
        params.put("level", level);
        params.put("limit", query.limit());
        params.put("offset", Math.max(0, offset));
        params.put("today", LocalDate.now(clock.withZone(WorkingCalendar.ZONE)));
        // The states are bound by their enums' names: no query spells a state itself.
        params.put("open", AssignmentStatus.OPEN.name());
        StringBuilder sql = new StringBuilder();
        boolean incoming = query.box() == Box.INCOMING;
        String dueExpr = "(select min(a.due_date) from document_assignment a where a.document_id = d.id and a.status = :open"
                + (incoming ? " and a.recipient_id = r.id" : "") + ")";
        if (incoming) {
            Visibility v = policy.visibility(Documents.IN_READERS);
            SqlFilter acl = v.where("r.unit_id", "d.secrecy_rank");
            params.putAll(acl.params());
            params.put("arrived", List.of(RecipientStatus.DELIVERED.name(), RecipientStatus.RECEIVED.name()));
            sql.append("select ").append(Documents.COLUMNS).append(", r.id, r.name, r.status, r.arrival_number, r.delivered_at, ").append(dueExpr)
                    .append(" from document_recipient r join document_document d on d.id = r.document_id")
                    .append(" where r.unit_id is not null and r.status in (:arrived) and d.secrecy_rank <= :level and ((")
                    .append(acl.sql()).append(") or exists (select 1 from document_assignment a where a.recipient_id = r.id and a.official_id = :me))");
            if (query.unitId() != null) sql.append(" and r.unit_id = :unit");
        } else {
            Visibility v = policy.visibility(Documents.OUT_READERS);
            SqlFilter acl = v.where("d.issuing_unit_id", "d.secrecy_rank");
            params.putAll(acl.params());
            sql.append("select ").append(Documents.COLUMNS).append(", null::bigint, null, null, null::int, null::timestamptz, ").append(dueExpr)
                    .append(" from document_document d where d.origin = :internal and d.secrecy_rank <= :level and ((").append(acl.sql())
                    .append(") or d.signer_id = :me)");
            params.put("internal", Document.INTERNAL);
            params.put("draft", DocumentStatus.DRAFT.name());
            if (query.box() == Box.DRAFTS) sql.append(" and d.status = :draft");
            if (query.box() == Box.TO_SIGN) sql.append(" and d.status = :draft and d.signer_id = :me");
            if (query.box() == Box.OUTGOING) sql.append(" and d.status <> :draft");
            if (query.unitId() != null) sql.append(" and d.issuing_unit_id = :unit");
        }
        if (query.unitId() != null) params.put("unit", query.unitId());
        if (query.q() != null) {
            // The matches first, through the GIN index, as an array the outer query looks up by primary key: given the
            // condition in place, the planner's first (custom) plans walked the ordering index over every document and
            // dropped almost all of them by filter (issue 20, finding 7: 93–195 ms until the generic plan after five runs).
            sql.append(" and d.id = any(array(select m.id from document_document m where m.search_vector @@ plainto_tsquery('simple', :q)))");
            params.put("q", VietnameseText.fold(query.q()));
        }
        if (query.status() != null) {
            sql.append(" and d.status = :status");
            params.put("status", query.status().name());
        }
        if (query.type() != null) {
            sql.append(" and d.type = :type");
            params.put("type", query.type().name());
        }
        if (query.secrecy() != null) {
            sql.append(" and d.secrecy = :secrecy");
            params.put("secrecy", query.secrecy().name());
        }
        if (query.urgency() != null) {
            sql.append(" and d.urgency = :urgency");
            params.put("urgency", query.urgency().name());
        }
        String at = incoming ? "coalesce(r.delivered_at, d.created_at)" : "coalesce(d.issued_at, d.created_at)";
        if (query.from() != null) {
            sql.append(" and ").append(at).append(" >= :from");
            params.put("from", java.sql.Timestamp.from(query.from().atStartOfDay(WorkingCalendar.ZONE).toInstant()));
        }
        if (query.to() != null) {
            sql.append(" and ").append(at).append(" < :to");
            params.put("to", java.sql.Timestamp.from(query.to().plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant()));
        }
        if (query.overdue()) sql.append(" and ").append(dueExpr).append(" < :today");
        sql.append(" order by d.urgency_rank desc, ").append(at).append(" desc, d.id desc limit :limit offset :offset");
        var spec = jdbc.sql(sql.toString());
        for (var e : params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        List<Object[]> raw = spec.query((rs, n) -> new Object[] {Documents.map(rs, n), rs.getObject(25), rs.getString(26), rs.getString(27),
                rs.getObject(28), Documents.instant(rs, 29), rs.getObject(30, LocalDate.class)}).list();
        Set<Long> unitIds = new HashSet<>();
        for (Object[] r : raw) {
            Document d = (Document) r[0];
            if (d.issuingUnitId() != null) unitIds.add(d.issuingUnitId());
        }
        Map<Long, String> names = unitIds.isEmpty() ? Map.of() : units.names(unitIds);
        List<Row> rows = new ArrayList<>();
        for (Object[] r : raw) {
            Document d = (Document) r[0];
            String issuer = d.issuingUnitId() == null ? d.fromOrganName() : names.get(d.issuingUnitId());
            LocalDate due = (LocalDate) r[6];
            rows.add(new Row(d, issuer, (Long) r[1], (String) r[2], (String) r[3], (Integer) r[4], (Instant) r[5], due,
                    due != null && due.isBefore(today)));
        }
        return rows;
    }

    /**
     * Open handling for the current person: assigned to them, or to a unit they handle for, and for commanders
     * everything open under their units. Overdue first, then urgent, then by due date.
     */
    @Transactional(readOnly = true)
    public List<WorkItem> workList() {
        Actor me = policy.actor();
        int level = me.effectiveLevel(policy.zoneMax(me.zone())).rank();
        SqlFilter acl = policy.visibility(Documents.HANDLERS).where("a.unit_id", "d.secrecy_rank");
        SqlFilter cmd = policy.visibility(java.util.Set.of(vn.truongson.access.Role.COMMANDER)).where("r.unit_id", "d.secrecy_rank");
        // The two filters use the same parameter names for different grants: rename the commander's.
        String cmdSql = cmd.sql().replace(":acl_units", ":cmd_units").replace(":acl_paths", ":cmd_paths").replace(":acl_level", ":cmd_level");
        var spec = jdbc.sql("""
                select a.document_id, a.id from document_assignment a join document_document d on d.id = a.document_id
                join document_recipient r on r.id = a.recipient_id
                where a.status = :open and d.secrecy_rank <= :level and (a.official_id = :me or (%s) or (%s))
                order by (a.due_date < :today) desc nulls last, d.urgency_rank desc, a.due_date nulls last, a.id limit 500"""
                .formatted(acl.sql(), cmdSql))
                .param("open", AssignmentStatus.OPEN.name()).param("me", me.officialId()).param("level", level).param("today", LocalDate.now(clock.withZone(WorkingCalendar.ZONE)));
        for (var e : acl.params().entrySet()) spec = spec.param(e.getKey(), e.getValue());
        for (var e : cmd.params().entrySet()) spec = spec.param(e.getKey().replace("acl_", "cmd_"), e.getValue());
        List<long[]> ids = spec.query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        // Constant statements per page: the documents and their assignments are loaded in one batch each.
        List<Long> docIds = ids.stream().map(id -> id[0]).toList();
        Map<Long, Document> docs = documents.findAll(docIds);
        Map<Long, List<Assignment>> byDoc = documents.assignmentsOf(docIds);
        List<WorkItem> out = new ArrayList<>();
        for (long[] id : ids) {
            Document d = docs.get(id[0]);
            Assignment a = byDoc.getOrDefault(id[0], List.of()).stream().filter(x -> x.id() == id[1]).findFirst().orElse(null);
            if (d != null && a != null) out.add(new WorkItem(a, d));
        }
        return out;
    }

    // ---- registers -------------------------------------------------------------------------------

    /** A line of the outgoing register (sổ đăng ký văn bản đi), Decree 30, Appendix IV. */
    public record OutgoingLine(Document document, String recipients, @Nullable Instant sentAt) {}

    /** A line of the incoming register (sổ đăng ký văn bản đến). */
    public record IncomingLine(Document document, String author, int arrivalNumber, Instant arrivedAt, @Nullable String handlers,
            @Nullable Instant assignedAt) {}

    /** The outgoing register of a unit for a year; the classified series only for those cleared for it. */
    @Transactional(readOnly = true)
    public List<OutgoingLine> outgoingRegister(long unitId, int year, boolean classified) {
        requireRegister(unitId, classified);
        return jdbc.sql("select " + Documents.COLUMNS + """
                , (select string_agg(r.name, '; ' order by r.id) from document_recipient r where r.document_id = d.id),
                  (select min(e.at) from document_event e where e.document_id = d.id and e.action = ?)
                from document_document d where d.origin = ? and d.issuing_unit_id = ? and d.year = ? and (d.secrecy_rank > 0) = ?
                  and d.number is not null and d.secrecy_rank <= ? order by d.number""")
                .params(HistoryAction.SENT.name(), Document.INTERNAL, unitId, year, classified, level())
                .query((rs, n) -> new OutgoingLine(Documents.map(rs, n), rs.getString(25) == null ? "" : rs.getString(25), Documents.instant(rs, 26)))
                .list();
    }

    /** The voided numbers of an outgoing register (docs/documents-numbering.md), for those who may read the register. */
    @Transactional(readOnly = true)
    public List<Registers.Voided> voidedLines(long unitId, int year, boolean classified) {
        policy.requireOnUnit(java.util.Set.of(vn.truongson.access.Role.CLERK, vn.truongson.access.Role.COMMANDER), unitId);
        Actor me = policy.actor();
        if (classified && !me.effectiveLevel(policy.zoneMax(me.zone())).isClassified()) throw new DomainException.Forbidden("document.register.classified");
        return registers.voided(unitId, year, classified);
    }

    @Transactional(readOnly = true)
    public List<IncomingLine> incomingRegister(long unitId, int year, boolean classified) {
        requireRegister(unitId, classified);
        List<Object[]> raw = jdbc.sql("select " + Documents.COLUMNS + """
                , r.arrival_number, coalesce(r.delivered_at, r.received_at), r.id,
                  (select min(a.assigned_at) from document_assignment a where a.recipient_id = r.id)
                from document_recipient r join document_document d on d.id = r.document_id
                where r.unit_id = ? and r.arrival_year = ? and r.arrival_classified = ? and d.secrecy_rank <= ? order by r.arrival_number""")
                .params(unitId, year, classified, level())
                .query((rs, n) -> new Object[] {Documents.map(rs, n), rs.getInt(25), Documents.instant(rs, 26), rs.getLong(27), Documents.instant(rs, 28)})
                .list();
        Set<Long> ids = new HashSet<>();
        for (Object[] r : raw) if (((Document) r[0]).issuingUnitId() != null) ids.add(((Document) r[0]).issuingUnitId());
        Map<Long, String> names = ids.isEmpty() ? Map.of() : units.names(ids);
        Map<Long, List<Assignment>> assignments = documents.assignmentsOf(raw.stream().map(r -> ((Document) r[0]).id()).toList());
        List<IncomingLine> out = new ArrayList<>();
        for (Object[] r : raw) {
            Document d = (Document) r[0];
            String author = d.issuingUnitId() == null ? String.valueOf(d.fromOrganName()) : names.getOrDefault(d.issuingUnitId(), "-");
            String handlers = String.join("; ", assignments.getOrDefault(d.id(), List.of()).stream().filter(a -> a.recipientId() == (Long) r[3])
                    .map(a -> a.assigneeName() + " (" + a.role().vietnamese() + ")").toList());
            out.add(new IncomingLine(d, author, (Integer) r[1], (Instant) r[2], handlers.isEmpty() ? null : handlers, (Instant) r[4]));
        }
        return out;
    }

    /** The highest level this request may see; a register's lines above it are left out. */
    private int level() {
        Actor me = policy.actor();
        return me.effectiveLevel(policy.zoneMax(me.zone())).rank();
    }

    private void requireRegister(long unitId, boolean classified) {
        policy.requireOnUnit(java.util.Set.of(vn.truongson.access.Role.CLERK, vn.truongson.access.Role.COMMANDER), unitId);
        Actor me = policy.actor();
        if (classified && !me.effectiveLevel(policy.zoneMax(me.zone())).isClassified()) {
            throw new DomainException.Forbidden("document.register.classified");
        }
        if (classified) documentsAudit(unitId);
    }

    private void documentsAudit(long unitId) {
        // The classified register names classified documents: reading it is a classified read.
        documents.auditClassifiedRegister(unitId);
    }
}
