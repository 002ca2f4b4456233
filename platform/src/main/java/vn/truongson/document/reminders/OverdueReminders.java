package vn.truongson.document.reminders;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.AssignmentStatus;
import vn.truongson.document.DocumentProperties;
import vn.truongson.notify.Notifications;
import vn.truongson.paper.Figures;

/**
 * The daily reminder of overdue handling (đôn đốc xử lý văn bản quá hạn): each open assignment past its due date is
 * told once a day to its handler (the assigned official, or the handlers of the assigned unit) and to whoever
 * assigned it. Only active officials cleared for the document's level are told, and a classified document's
 * subject stays out of the message (it may leave by e-mail). The dedupe key makes a second node's run a no-op.
 */
@Service
public class OverdueReminders {

    private static final Logger log = LoggerFactory.getLogger(OverdueReminders.class);

    record Overdue(long assignmentId, long documentId, String subject, int secrecyRank, String role, LocalDate due, Long officialId, Long unitId,
            long assignedBy) {}

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Clock clock;

    OverdueReminders(JdbcClient jdbc, Notifications notifications, Grants grants, OfficialDirectory officials, Clock clock) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.grants = grants;
        this.officials = officials;
        this.clock = clock;
    }

    /** One run; answers how many reminders went out now. */
    public int run() {
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        List<Overdue> overdue = jdbc.sql("""
                select a.id, a.document_id, d.subject, d.secrecy_rank, a.role, a.due_date, a.official_id, a.unit_id, a.assigned_by
                from document_assignment a join document_document d on d.id = a.document_id
                where a.status = ? and a.due_date < ? order by a.due_date, a.id limit 10000""").params(AssignmentStatus.OPEN.name(), today)
                .query((rs, n) -> new Overdue(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getObject(6, LocalDate.class), (Long) rs.getObject(7), (Long) rs.getObject(8), rs.getLong(9))).list();
        Set<Long> unitIds = new HashSet<>();
        overdue.forEach(o -> { if (o.unitId() != null) unitIds.add(o.unitId()); });
        Map<Long, Set<Long>> handlers = grants.holdersCovering(Role.DOCUMENT_HANDLER, unitIds);
        int sent = 0;
        for (Overdue o : overdue) {
            Set<Long> people = new HashSet<>();
            if (o.officialId() != null) people.add(o.officialId());
            if (o.unitId() != null) people.addAll(handlers.getOrDefault(o.unitId(), Set.of()));
            people.add(o.assignedBy());
            SecrecyLevel level = SecrecyLevel.ofRank(o.secrecyRank());
            String what = level.isClassified() ? "văn bản #" + o.documentId() + " (" + level.vietnamese() + ")" : "\"" + o.subject() + "\"";
            for (long person : people) {
                var profile = officials.profile(person).orElse(null);
                if (profile == null || !profile.active() || !profile.clearance().covers(level)) continue;
                boolean handler = person != o.assignedBy() || (o.officialId() != null && o.officialId() == person);
                String title = handler ? "Văn bản quá hạn xử lý" : "Văn bản đã giao quá hạn xử lý";
                String body = "Việc xử lý " + what + " (" + o.role() + ") quá hạn từ " + Figures.date(o.due()) + ".";
                if (notifications.send(person, "document.overdue", "document.overdue:" + o.assignmentId() + ":" + person + ":" + today, title, body,
                        "/office/documents/" + o.documentId())) sent++;
            }
        }
        if (sent > 0) log.info("Document reminders: {} sent for {} overdue assignments", sent, overdue.size());
        return sent;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        @ConditionalOnProperty(prefix = "truongson.document", name = "reminders", havingValue = "true", matchIfMissing = true)
        RecurringTask<Void> documentOverdueReminders(OverdueReminders reminders, DocumentProperties props) {
            return Tasks.recurring("document-overdue-reminders", Schedules.daily(WorkingCalendar.ZONE, props.reminderTime()))
                    .execute((instance, context) -> reminders.run());
        }
    }
}
