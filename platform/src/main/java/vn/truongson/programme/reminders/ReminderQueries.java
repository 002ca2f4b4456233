package vn.truongson.programme.reminders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanKind;
import vn.truongson.programme.PlanStatus;

/**
 * What the reminders need to know, read straight from the programme's tables for every plan at once: the job runs
 * for no one in particular, so the access policy (which filters by the person asking) has nothing to decide here;
 * who may be told what is decided by grants and clearance in {@link Reminders}.
 */
@Component
class ReminderQueries {

    /** An assignment of a task, with what a message about it may say. */
    record AssignmentRow(long assignmentId, long unitId, long taskId, String taskCode, String taskTitle, SecrecyLevel secrecy) {}

    record OverdueTask(long taskId, String code, String title, long leadUnitId, LocalDate dueDate, SecrecyLevel secrecy) {}

    record OpenBottleneck(long assignmentId, long unitId, long taskId, String code, String title, long leadUnitId, SecrecyLevel secrecy,
            @Nullable String obstacles, Period since) {}

    private final JdbcClient jdbc;

    ReminderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Issued plans of the years around today: only issued plans are reported on. */
    List<Plan> issuedPlans(int fromYear, int toYear) {
        return jdbc.sql("""
                select id, code, title, year, kind, theme, breakthrough, owner_unit_id, report_due_day, status, issued_at
                from programme_plan where status = 'ISSUED' and year between ? and ? order by year, code""")
                .params(fromYear, toYear).query(ReminderQueries::plan).list();
    }

    private static Plan plan(ResultSet rs, int n) throws SQLException {
        Timestamp issued = rs.getTimestamp("issued_at");
        return new Plan(rs.getLong("id"), rs.getString("code"), rs.getString("title"), rs.getInt("year"), PlanKind.valueOf(rs.getString("kind")),
                rs.getString("theme"), rs.getString("breakthrough"), rs.getLong("owner_unit_id"), rs.getInt("report_due_day"),
                PlanStatus.valueOf(rs.getString("status")), issued == null ? null : issued.toInstant());
    }

    /** The plan's assignments with no report for the period (API.md: those the compilation lists as missing). */
    List<AssignmentRow> missingReports(long planId, Period period) {
        return jdbc.sql("""
                select a.id, a.unit_id, t.id, t.code, t.title, t.secrecy
                from programme_assignment a
                join programme_task t on t.id = a.task_id
                join programme_task_group g on g.id = t.group_id
                where a.plan_id = :plan and t.cancelled_in is null
                  and not exists (select 1 from programme_report r where r.assignment_id = a.id and r.period = :period)
                order by g.ordinal, t.sort_key, a.id""")
                .param("plan", planId).param("period", period.firstDay())
                .query((rs, n) -> new AssignmentRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        SecrecyLevel.ofRank(rs.getInt(6))))
                .list();
    }

    /**
     * Tasks past their due date and not DONE, with API.md's status rule: a task is DONE when each of its assignments'
     * latest report says DONE; an assignment with no report counts as NOT_STARTED. Tasks with no assignment have no
     * status, as in the compilation, and are left out.
     */
    List<OverdueTask> overdueTasks(long planId, LocalDate today) {
        return jdbc.sql("""
                select t.id, t.code, t.title, t.lead_unit_id, t.due_date, t.secrecy
                from programme_task t
                join programme_task_group g on g.id = t.group_id
                where t.plan_id = :plan and t.due_date < :today and t.cancelled_in is null
                  and exists (select 1 from programme_assignment a
                              left join lateral (select r.status from programme_report r where r.assignment_id = a.id
                                                 order by r.period desc limit 1) l on true
                              where a.task_id = t.id and coalesce(l.status, 'NOT_STARTED') <> 'DONE')
                order by g.ordinal, t.sort_key""")
                .param("plan", planId).param("today", today)
                .query((rs, n) -> new OverdueTask(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getObject(5, LocalDate.class), SecrecyLevel.ofRank(rs.getInt(6))))
                .list();
    }

    /**
     * Bottlenecks still open at period {@code last} that were first flagged in an earlier period: the assignment's
     * latest report up to {@code last} flags a bottleneck and is not DONE, and {@code since} (API.md: the first period
     * in which the assignment was flagged) comes before {@code last}.
     */
    List<OpenBottleneck> bottlenecksOpenSinceBefore(long planId, Period last) {
        return jdbc.sql("""
                select a.id, a.unit_id, t.id, t.code, t.title, t.lead_unit_id, t.secrecy, l.obstacles, s.since
                from programme_assignment a
                join programme_task t on t.id = a.task_id
                join programme_task_group g on g.id = t.group_id
                cross join lateral (select r.period, r.status, r.bottleneck, r.obstacles from programme_report r
                                    where r.assignment_id = a.id and r.period <= :last order by r.period desc limit 1) l
                cross join lateral (select min(b.period) as since from programme_report b
                                    where b.assignment_id = a.id and b.bottleneck and b.period <= l.period) s
                where a.plan_id = :plan and t.cancelled_in is null and l.bottleneck and l.status <> 'DONE' and s.since < :last
                order by g.ordinal, t.sort_key, a.id""")
                .param("plan", planId).param("last", last.firstDay())
                .query((rs, n) -> new OpenBottleneck(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                        SecrecyLevel.ofRank(rs.getInt(7)), rs.getString(8), Period.ofFirstDay(rs.getObject(9, LocalDate.class))))
                .list();
    }
}
