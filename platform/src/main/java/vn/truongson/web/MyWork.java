package vn.truongson.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.document.DocumentList;
import vn.truongson.document.DocumentStatus;
import vn.truongson.notify.Notifications;
import vn.truongson.programme.Period;
import vn.truongson.programme.Reports;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;

/**
 * "Việc của tôi" on the home page (issue 13): for each role the person holds, how much work waits, each count linking
 * to where the work is done. Every count comes from the owning module's own query, so it is filtered by the access
 * policy exactly as the list it links to (no table of another module is read here). A count stops at the list's own
 * cap ({@link #CAP}), shown as "500+".
 */
@Component
class MyWork {

    static final int CAP = 500;

    /** One tile: a label's message key, the count, where the work is, and whether it is late (shown in red). */
    record Count(String id, String key, int count, String href, boolean late) {
        public String shown() {
            return count >= CAP ? CAP + "+" : Integer.toString(count);
        }
    }

    private final DocumentList documents;
    private final Reports reports;
    private final Dossiers dossiers;
    private final Notifications notifications;
    private final Clock clock;

    MyWork(DocumentList documents, Reports reports, Dossiers dossiers, Notifications notifications, Clock clock) {
        this.documents = documents;
        this.reports = reports;
        this.dossiers = dossiers;
        this.notifications = notifications;
        this.clock = clock;
    }

    List<Count> of(Actor a) {
        List<Count> out = new ArrayList<>();
        if (a.has(Role.SIGNER)) {
            out.add(new Count("work-to-sign", "home.work.to-sign", documents.list(query(DocumentList.Box.TO_SIGN, null)).size(),
                    "/office/documents?box=to-sign", false));
        }
        if (a.has(Role.CLERK)) {
            out.add(new Count("work-to-issue", "home.work.to-issue", documents.list(query(DocumentList.Box.OUTGOING, DocumentStatus.SIGNED)).size(),
                    "/office/documents?box=outgoing&status=" + DocumentStatus.SIGNED.name(), false));
            int toReceive = (int) documents.list(query(DocumentList.Box.INCOMING, null)).stream()
                    .filter(r -> vn.truongson.document.RecipientStatus.DELIVERED.name().equals(r.recipientStatus())).count();
            out.add(new Count("work-to-receive", "home.work.to-receive", toReceive, "/office/documents?box=incoming", false));
        }
        if (a.has(Role.DOCUMENT_HANDLER) || a.has(Role.COMMANDER) || a.has(Role.CLERK)) {
            var work = documents.workList();
            out.add(new Count("work-to-handle", "home.work.to-handle", work.size(), "/office/documents?box=work", false));
            int overdue = (int) work.stream().filter(w -> w.assignment().overdue()).count();
            out.add(new Count("work-overdue", "home.work.overdue", overdue, "/office/documents?box=work", overdue > 0));
        }
        if (a.has(Role.UNIT_REPORTER) || a.has(Role.PROGRAMME_COORDINATOR)) {
            Instant now = clock.instant();
            Period period = new Period(YearMonth.now(clock.withZone(Period.ZONE)));
            List<Reports.Due> due = reports.due(period, null, CAP);
            int open = (int) due.stream().filter(d -> {
                var s = d.state(now);
                return s == Reports.DueState.NOT_REPORTED || s == Reports.DueState.OVERDUE;
            }).count();
            boolean late = due.stream().anyMatch(d -> d.state(now) == Reports.DueState.OVERDUE);
            out.add(new Count("work-reports", "home.work.reports", open, "/office/programme/reports", late));
        }
        if (a.has(Role.ONE_STOP_OFFICER) || a.has(Role.PROCESSING_OFFICER)) {
            List<Dossier> queue = new ArrayList<>();
            if (a.has(Role.ONE_STOP_OFFICER)) queue.addAll(dossiers.receptionQueue());
            List<Dossier> processing = dossiers.processingQueue();
            Set<Long> seen = new java.util.HashSet<>();
            queue.forEach(d -> seen.add(d.id()));
            processing.stream().filter(d -> seen.add(d.id())).forEach(queue::add);
            Instant soon = clock.instant().plus(Duration.ofDays(2));
            int near = (int) processing.stream().filter(d -> d.current().map(s -> s.dueAt() != null && s.dueAt().isBefore(soon)).orElse(false)).count();
            out.add(new Count("work-dossiers", "home.work.dossiers", queue.size(), "/office/one-stop", false));
            out.add(new Count("work-dossiers-near", "home.work.dossiers-near", near, "/office/one-stop", near > 0));
        }
        long unread = notifications.unread();
        out.add(new Count("work-notifications", "home.work.notifications", (int) Math.min(unread, CAP), "/office/notifications?unread=true", false));
        return out;
    }

    private static DocumentList.Query query(DocumentList.Box box, @org.jspecify.annotations.Nullable DocumentStatus status) {
        return new DocumentList.Query(box, null, null, status, null, null, null, null, null, false, CAP);
    }
}
