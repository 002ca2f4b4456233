package vn.truongson.datasets.reminders;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Submissions;
import vn.truongson.notify.Notifications;

/**
 * The daily reminders (đôn đốc) of data collection. On each run, every assignment of a published data set without a
 * submission is at one stage or none: BEFORE from {@code truongson.datasets.reminders.days-before} days ahead of its
 * deadline, DUE on the day, OVERDUE after it while late submissions are accepted (until the period locks). The unit's
 * reporters (UNIT_REPORTER covering it), active and cleared for the data set's secrecy, are told once at each stage:
 * the dedupe key {@code reminder:dataset:<id>:<period>:<unit>:<stage>:<official>} is unique in
 * {@link Notifications#send}, so two runs or two nodes give each person each reminder once. A stage missed because no
 * node ran that day is caught up on the next run within its window. A classified data set's title stays out of the
 * message, which names it by its code.
 */
@Service
public class DatasetReminders {

    public enum Stage { BEFORE, DUE, OVERDUE }

    /** A run's outcome: reminders sent now, and those found already sent. */
    public record Run(LocalDate day, int sent, int alreadySent) {}

    static final String TASK = "datasets-reminders";
    private static final Logger log = LoggerFactory.getLogger(DatasetReminders.class);
    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final int MAX_ROWS = 100_000;

    private record Missing(long datasetId, String code, String title, SecrecyLevel secrecy, String period, long unitId, LocalDate deadline) {}

    private final JdbcClient jdbc;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final Submissions submissions;
    private final Clock clock;
    private final int daysBefore;
    private final int lockDays;

    DatasetReminders(JdbcClient jdbc, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages, AuditTrail audit,
            Submissions submissions, Clock clock, @Value("${truongson.datasets.reminders.days-before:3}") int daysBefore,
            @Value("${truongson.datasets.lock-days:15}") int lockDays) {
        if (daysBefore < 0 || daysBefore > 14) throw new IllegalArgumentException("truongson.datasets.reminders.days-before must be 0..14");
        this.jdbc = jdbc;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
        this.audit = audit;
        this.submissions = submissions;
        this.clock = clock;
        this.daysBefore = daysBefore;
        this.lockDays = lockDays;
    }

    /** The stage of a missing submission on {@code today}, or none (too early, or locked). */
    static Optional<Stage> stage(LocalDate today, LocalDate deadline, int daysBefore, int lockDays) {
        if (today.equals(deadline)) return Optional.of(Stage.DUE);
        if (today.isBefore(deadline)) return today.isBefore(deadline.minusDays(daysBefore)) ? Optional.empty() : Optional.of(Stage.BEFORE);
        return today.isAfter(deadline.plusDays(lockDays)) ? Optional.empty() : Optional.of(Stage.OVERDUE);
    }

    /** Runs today's reminders (Việt Nam time). The scheduler calls this once a day; tests and operators may call it any time. */
    public Run run() {
        LocalDate today = submissions.now().atZone(Submissions.ZONE_ID).toLocalDate();
        List<Missing> missing = jdbc.sql("""
                select d.id, d.code, d.title, d.secrecy, a.period, a.unit_id, a.deadline
                from datasets_assignment a
                join datasets_dataset d on d.id = a.dataset_id and d.status = 'PUBLISHED'
                where a.deadline between :from and :to
                  and not exists (select 1 from datasets_submission s where s.dataset_id = a.dataset_id and s.period = a.period and s.unit_id = a.unit_id)
                order by d.id, a.period, a.unit_id limit :limit""")
                .param("from", today.minusDays(lockDays)).param("to", today.plusDays(daysBefore)).param("limit", MAX_ROWS)
                .query((rs, n) -> new Missing(rs.getLong(1), rs.getString(2), rs.getString(3), SecrecyLevel.ofRank(rs.getInt(4)), rs.getString(5),
                        rs.getLong(6), rs.getObject(7, LocalDate.class))).list();
        Map<Long, Set<Long>> reporters = grants.holdersCovering(Role.UNIT_REPORTER, missing.stream().map(Missing::unitId).distinct().toList());
        Map<Long, Optional<OfficialDirectory.Profile>> people = new HashMap<>();
        int sent = 0;
        int already = 0;
        for (Missing m : missing) {
            Stage stage = stage(today, m.deadline(), daysBefore, lockDays).orElse(null);
            if (stage == null) continue;
            String name = m.code() + (m.secrecy().isClassified() ? "" : " “" + m.title() + "”");
            String title = messages.getMessage("datasets.reminder." + stage + ".title", new Object[] {m.code(), PeriodType.label(m.period())}, VI);
            String body = messages.getMessage("datasets.reminder." + stage + ".body", new Object[] {name, PeriodType.label(m.period()),
                    DATE.format(m.deadline()), DATE.format(m.deadline().plusDays(lockDays))}, VI);
            String link = "/office/datasets/" + m.datasetId() + "/form/" + m.unitId() + "/" + m.period();
            for (long official : reporters.getOrDefault(m.unitId(), Set.of())) {
                boolean reachable = people.computeIfAbsent(official, officials::profile)
                        .filter(p -> p.active() && p.clearance().covers(m.secrecy())).isPresent();
                if (!reachable) continue;
                String key = "reminder:dataset:" + m.datasetId() + ":" + m.period() + ":" + m.unitId() + ":" + stage + ":" + official;
                if (notifications.send(official, "datasets.reminder." + stage.name().toLowerCase(Locale.ROOT), key, title, body, link)) sent++;
                else already++;
            }
        }
        audit.record("datasets.reminders.run", "reminders:" + today, AuditTrail.SUCCESS, sent + " sent, " + already + " already sent");
        log.info("Data set reminders of {}: {} sent, {} already sent", today, sent, already);
        return new Run(today, sent, already);
    }

    /** The job on the cluster scheduler: once a day, picked by one node. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        @ConditionalOnProperty(prefix = "truongson.datasets.reminders", name = "enabled", havingValue = "true", matchIfMissing = true)
        RecurringTask<Void> datasetsReminders(DatasetReminders reminders,
                @Value("${truongson.datasets.reminders.time:07:45}") @Nullable String time) {
            return Tasks.recurring(TASK, Schedules.daily(Submissions.ZONE_ID, LocalTime.parse(time == null ? "07:45" : time)))
                    .execute((instance, context) -> reminders.run());
        }
    }
}
