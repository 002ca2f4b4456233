package vn.truongson.document.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.Ids;
import vn.truongson.document.Document;
import vn.truongson.document.DocumentList;
import vn.truongson.document.DocumentViews;

/** JSON shapes of the document API: ids as strings, instants with the Vietnam offset, dates yyyy-MM-dd (API.md). */
final class Views {

    private Views() {}

    static @Nullable String offset(@Nullable Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, WorkingCalendar.ZONE).toString();
    }

    private static @Nullable String id(@Nullable Long id) {
        return id == null ? null : Ids.str(id);
    }

    static Map<String, Object> document(Document d, @Nullable String issuerName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Ids.str(d.id()));
        m.put("type", d.type().code());
        m.put("typeName", d.type().vietnamese());
        m.put("subject", d.subject());
        m.put("secrecy", d.secrecy().name());
        m.put("urgency", d.urgency().name());
        m.put("status", d.status().name());
        m.put("origin", d.origin());
        m.put("issuingUnitId", id(d.issuingUnitId()));
        m.put("issuer", issuerName);
        m.put("fromOrganId", d.fromOrganId());
        m.put("signerId", id(d.signerId()));
        m.put("signerName", d.signerName());
        m.put("signerAuthority", d.signerAuthority() == null ? null : d.signerAuthority().name());
        m.put("signerFor", d.signerFor());
        m.put("signerTitle", d.signerTitleLines());
        m.put("revision", d.revision());
        m.put("number", d.number());
        m.put("notation", d.notation());
        m.put("numberAndNotation", d.numberAndNotation());
        m.put("issuedAt", offset(d.issuedAt()));
        m.put("signedAt", offset(d.signedAt()));
        m.put("pageCount", d.pageCount());
        m.put("createdAt", offset(d.createdAt()));
        return m;
    }

    static Map<String, Object> row(DocumentViews.Row r) {
        Map<String, Object> m = document(r.document(), r.issuerName());
        m.put("recipientId", id(r.recipientId()));
        m.put("recipient", r.recipientName());
        m.put("recipientStatus", r.recipientStatus());
        m.put("arrivalNumber", r.arrivalNumber());
        m.put("arrivedAt", offset(r.arrivedAt()));
        m.put("dueDate", r.dueDate() == null ? null : r.dueDate().toString());
        m.put("overdue", r.overdue());
        return m;
    }

    static Map<String, Object> detail(DocumentViews.Detail d) {
        Map<String, Object> m = document(d.document(), d.issuingUnitName());
        m.put("recipients", d.recipients().stream().map(r -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", Ids.str(r.id()));
            x.put("unitId", id(r.unitId()));
            x.put("organId", r.organId());
            x.put("name", r.name());
            x.put("status", r.status().name());
            x.put("channel", r.channel());
            x.put("deliveredAt", offset(r.deliveredAt()));
            x.put("arrivalNumber", r.arrivalNumber());
            x.put("receivedAt", offset(r.receivedAt()));
            x.put("returnedReason", r.returnedReason());
            x.put("returnedAt", offset(r.returnedAt()));
            return x;
        }).toList());
        m.put("history", d.events().stream().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("action", e.action());
            x.put("statusCode", e.code());
            x.put("recipientId", id(e.recipientId()));
            x.put("by", e.actorName());
            x.put("detail", e.detail());
            x.put("at", offset(e.at()));
            return x;
        }).toList());
        m.put("assignments", d.assignments().stream().map(Views::assignment).toList());
        m.put("actions", d.actions());
        m.put("revisions", d.revisions().stream().map(v -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("revision", v.revision());
            x.put("subject", v.subject());
            x.put("returnedBy", v.returnedBy());
            x.put("reason", v.reason());
            x.put("returnedAt", offset(v.returnedAt()));
            x.put("resubmittedAt", offset(v.resubmittedAt()));
            return x;
        }).toList());
        return m;
    }

    static Map<String, Object> assignment(DocumentViews.Assignment a) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", Ids.str(a.id()));
        x.put("documentId", Ids.str(a.documentId()));
        x.put("unitId", id(a.unitId()));
        x.put("officialId", id(a.officialId()));
        x.put("assignee", a.assigneeName());
        x.put("role", a.role().name());
        x.put("dueDate", a.dueDate() == null ? null : a.dueDate().toString());
        x.put("status", a.status().name());
        x.put("overdue", a.overdue());
        x.put("assignedAt", offset(a.assignedAt()));
        x.put("closedAt", offset(a.closedAt()));
        x.put("replyDocumentId", id(a.replyDocumentId()));
        x.put("opinions", a.opinions().stream().map(o -> {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("by", o.authorName());
            y.put("text", o.text());
            y.put("percent", o.percent());
            y.put("at", offset(o.at()));
            return y;
        }).toList());
        return x;
    }

    static Map<String, Object> work(DocumentList.WorkItem w) {
        Map<String, Object> m = assignment(w.assignment());
        m.put("document", document(w.document(), null));
        return m;
    }

    static List<Map<String, Object>> rows(List<DocumentViews.Row> rows) {
        return rows.stream().map(Views::row).toList();
    }
}
