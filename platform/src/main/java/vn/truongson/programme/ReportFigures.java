package vn.truongson.programme;

import java.time.YearMonth;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many monthly reports a group of units owed for a period and how many came on time, for the IT-adoption figures
 * (secops): read-only, no policy (the caller decides who may see the units).
 */
@Component
public class ReportFigures {

    /**
     * @param expected assignments of the units in issued plans of the period's year whose task is not cancelled: each owes
     *        a report for each month of its plan's year
     * @param onTime of those, the ones whose report for the period was first submitted on time (programme_report.on_time)
     */
    public record Counts(long expected, long onTime) {}

    private final JdbcClient jdbc;

    ReportFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Counts count(Collection<Long> unitIds, YearMonth period) {
        if (unitIds.isEmpty()) return new Counts(0, 0);
        return jdbc.sql("""
                select count(*), count(*) filter (where r.on_time)
                from programme_assignment a
                join programme_plan p on p.id = a.plan_id
                join programme_task t on t.id = a.task_id
                left join programme_report r on r.assignment_id = a.id and r.period = :period
                where a.unit_id = any(:units) and p.status = 'ISSUED' and p.year = :year and t.cancelled_in is null""")
                .param("units", unitIds.toArray(Long[]::new)).param("period", period.atDay(1)).param("year", period.getYear())
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2))).single();
    }
}
