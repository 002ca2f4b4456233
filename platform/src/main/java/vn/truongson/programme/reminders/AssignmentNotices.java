package vn.truongson.programme.reminders;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.notify.Notifications;
import vn.truongson.org.Units;
import vn.truongson.programme.Period;
import vn.truongson.programme.PlanIssued;
import vn.truongson.programme.TaskAssigned;

/**
 * Tells a unit's reporters (UNIT_REPORTER covering the unit) that a task was given to their unit (issue 13, item 5):
 * after the commit, on the event, once per assignment and person (the dedupe key). A draft plan's assignments are told
 * when the plan is issued; a plan recorded as issued on paper in the past tells nobody. Only active officials cleared
 * for the task are told, and a classified task is named by its code only (the message may leave by e-mail).
 */
@Component
class AssignmentNotices {

    private static final Locale VI = Locale.forLanguageTag("vi");

    record Row(long assignmentId, long unitId, String unitName, String taskCode, String taskTitle, SecrecyLevel secrecy, String planCode, int year,
            LocalDate due) {}

    private final JdbcClient jdbc;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;
    private final java.time.Clock clock;
    private final Units units;

    AssignmentNotices(JdbcClient jdbc, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages,
            java.time.Clock clock, Units units) {
        this.units = units;
        this.jdbc = jdbc;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
        this.clock = clock;
    }

    // The conditions keep a draft's assignments (hundreds at once from an Excel import or the demo) from ever reaching
    // the listener: no publication is registered for them, no thread or connection taken.
    @ApplicationModuleListener(condition = "#event.planIssued()")
    void on(TaskAssigned event) {
        tell(rows("a.id = ?", event.assignmentId()));
    }

    @ApplicationModuleListener(condition = "!#event.historical()")
    void on(PlanIssued event) {
        tell(rows("a.plan_id = ? and t.cancelled_in is null", event.planId()));
    }

    private List<Row> rows(String where, long id) {
        return jdbc.sql("""
                select a.id, a.unit_id, '', t.code, t.title, t.secrecy, p.code, p.year, t.due_date
                from programme_assignment a join programme_task t on t.id = a.task_id join programme_plan p on p.id = a.plan_id
                where\s""" + where + " order by a.id").param(id)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        SecrecyLevel.ofRank(rs.getInt(6)), rs.getString(7), rs.getInt(8), rs.getObject(9, LocalDate.class))).list();
    }

    private void tell(List<Row> rows) {
        if (rows.isEmpty()) return;
        Map<Long, Set<Long>> reporters = grants.holdersCovering(Role.UNIT_REPORTER, rows.stream().map(Row::unitId).distinct().toList());
        Map<Long, String> names = units.names(rows.stream().map(Row::unitId).distinct().toList());
        YearMonth now = YearMonth.from(clock.instant().atZone(Period.ZONE));
        for (Row r : rows) {
            String title = messages.getMessage("programme.notice.assigned.title", new Object[] {r.taskCode()}, VI);
            String body = messages.getMessage("programme.notice.assigned.body", new Object[] {r.taskCode(),
                    r.secrecy().isClassified() ? "" : " “" + r.taskTitle() + "”", names.getOrDefault(r.unitId(), "đơn vị"), r.planCode(),
                    vn.truongson.paper.Figures.date(r.due())}, VI);
            // The report form of this month while the plan runs, else the unit's reports.
            String link = now.getYear() == r.year() ? "/office/programme/assignments/" + r.assignmentId() + "/reports/" + new Period(now)
                    : "/office/programme/reports";
            for (long official : reporters.getOrDefault(r.unitId(), Set.of())) {
                boolean reachable = officials.profile(official).filter(p -> p.active() && p.clearance().covers(r.secrecy())).isPresent();
                if (!reachable) continue;
                notifications.send(official, "programme.assigned", "programme.assigned:" + r.assignmentId() + ":" + official, title, body, link);
            }
        }
    }
}
