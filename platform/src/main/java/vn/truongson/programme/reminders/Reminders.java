package vn.truongson.programme.reminders;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import vn.truongson.access.Grants;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.notify.Notifications;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.ProgrammeProperties;

/**
 * The daily reminders (đôn đốc, nhắc việc) of programme tracking. On each run, for every issued plan:
 * <ul>
 *   <li>reporters (UNIT_REPORTER covering the assigned unit) of an assignment without a report for a period are told
 *       once at each stage: BEFORE ({@code days-before} days ahead of the deadline), DUE (on the day), OVERDUE (after
 *       it, while late reports are still accepted);</li>
 *   <li>commanders (COMMANDER covering the task's lead unit) are told once of each task past its due date and not
 *       done, and once of each bottleneck (điểm nghẽn) still open after the period it was first flagged in.</li>
 * </ul>
 * A stage missed because no node ran that day is caught up on the next run within its window; a reminder already
 * given is never given again, because each carries a dedupe key that {@link Notifications#send} keeps unique. Only
 * active officials cleared for the task's secrecy are told; a classified task's title and obstacles stay out of the
 * message (it may leave by e-mail), which names the task by its code and links to it.
 */
@Service
public class Reminders {

    /** When a reporter is reminded of a missing report. */
    public enum Stage { BEFORE, DUE, OVERDUE }

    /** A run's outcome: reminders sent now, and those found already sent (by an earlier run or another node). */
    public record Run(LocalDate day, int sent, int alreadySent) {}

    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final int MAX_OBSTACLES = 500;

    private final ReminderQueries queries;
    private final Grants grants;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final ReminderProperties props;
    private final ProgrammeProperties programme;
    private final Clock clock;
    private final vn.truongson.access.AccessPolicy policy;

    Reminders(ReminderQueries queries, Grants grants, OfficialDirectory officials, Notifications notifications, MessageSource messages,
            AuditTrail audit, ReminderProperties props, ProgrammeProperties programme, Clock clock, vn.truongson.access.AccessPolicy policy) {
        this.policy = policy;
        this.queries = queries;
        this.grants = grants;
        this.officials = officials;
        this.notifications = notifications;
        this.messages = messages;
        this.audit = audit;
        this.props = props;
        this.programme = programme;
        this.clock = clock;
    }

    /** Runs the reminders of today (Vietnam time). The scheduler calls this once a day; tests and operators may call it any time. */
    public Run run() {
        LocalDate today = clock.instant().atZone(Period.ZONE).toLocalDate();
        var run = new Tally(today);
        for (Plan plan : queries.issuedPlans(today.getYear() - 1, today.getYear() + 1)) {
            reportReminders(plan, today, run);
            overdueTasks(plan, today, run);
            bottlenecks(plan, today, run);
        }
        audit.record("programme.reminders.run", "reminders:" + today, AuditTrail.SUCCESS, run.sent + " sent, " + run.already + " already sent");
        log.info("Reminders of {}: {} sent, {} already sent", today, run.sent, run.already);
        return new Run(today, run.sent, run.already);
    }

    /** Counts, and remembers who is who for the length of one run. */
    private final class Tally {
        final LocalDate today;
        int sent;
        int already;
        final Map<Long, Optional<OfficialDirectory.Profile>> people = new HashMap<>();

        Tally(LocalDate today) {
            this.today = today;
        }

        /** Active, and cleared for what the reminder is about. */
        boolean reachable(long officialId, SecrecyLevel secrecy) {
            return people.computeIfAbsent(officialId, officials::profile)
                    .filter(p -> p.active() && p.clearance().covers(secrecy)).isPresent();
        }

        void send(long officialId, String kind, String key, String title, String body, String link) {
            if (notifications.send(officialId, kind, key, title, body, link)) sent++;
            else already++;
        }
    }

    // ---- reporters -------------------------------------------------------------------------------

    /**
     * The stage of a period's missing report on {@code today}: BEFORE from {@code daysBefore} days ahead of the
     * deadline's day, DUE on it, OVERDUE after it until the period locks (a late report is then no longer accepted,
     * so there is nothing left to remind of).
     */
    static Optional<Stage> stage(LocalDate today, LocalDate deadlineDay, LocalDate lockDay, int daysBefore) {
        if (today.equals(deadlineDay)) return Optional.of(Stage.DUE);
        if (today.isBefore(deadlineDay)) {
            return !today.isBefore(deadlineDay.minusDays(daysBefore)) ? Optional.of(Stage.BEFORE) : Optional.empty();
        }
        return !today.isAfter(lockDay) ? Optional.of(Stage.OVERDUE) : Optional.empty();
    }

    private void reportReminders(Plan plan, LocalDate today, Tally run) {
        YearMonth month = YearMonth.from(today);
        for (YearMonth m : List.of(month.minusMonths(1), month, month.plusMonths(1))) {
            if (m.getYear() != plan.year()) continue;
            Period period = new Period(m);
            LocalDate deadlineDay = plan.deadline(period).toLocalDate();
            LocalDate lockDay = plan.locksAt(period, programme.lockDays()).atZone(Period.ZONE).toLocalDate();
            Stage stage = stage(today, deadlineDay, lockDay, props.daysBefore()).orElse(null);
            if (stage == null) continue;
            var missing = queries.missingReports(plan.id(), period);
            if (missing.isEmpty()) continue;
            Map<Long, Set<Long>> reporters = grants.holdersCovering(Role.UNIT_REPORTER, units(missing.stream().map(ReminderQueries.AssignmentRow::unitId)));
            String kind = "programme.report." + stage.name().toLowerCase(Locale.ROOT);
            for (var a : missing) {
                String title = text("programme.reminder.report." + stage + ".title", MONTH.format(m), a.taskCode());
                String body = text("programme.reminder.report." + stage + ".body", MONTH.format(m), a.taskCode(), titleOf(a.taskTitle(), a.secrecy()),
                        plan.code(), DATE.format(period.from()), DATE.format(period.to()), DATE.format(deadlineDay), DATE.format(lockDay));
                String link = reportLink(a.assignmentId(), period);
                java.time.Instant stageStart = stageStart(stage, deadlineDay, props.daysBefore()).atStartOfDay(Period.ZONE).toInstant();
                for (long official : reporters.getOrDefault(a.unitId(), Set.of())) {
                    if (!run.reachable(official, a.secrecy())) continue;
                    // A coordinator who chased this report by hand during this stage already gave this reminder.
                    if (notifications.sentSince(chaseKey(a.assignmentId(), period, official), stageStart)) {
                        run.already++;
                        continue;
                    }
                    run.send(official, kind, "reminder:report:" + a.assignmentId() + ":" + period + ":" + stage + ":" + official, title, body, link);
                }
            }
        }
    }

    // ---- manual chasing (đôn đốc) by a coordinator ------------------------------------------------

    /** What a manual chase came to: reporters told now, and assignments skipped (reported, locked, or told today). */
    public record Chase(int told, int alreadyToday, int skipped) {}

    public static final int MAX_CHASE_MESSAGE = 500;

    /** The dedupe key of a manual chase, less its day: {@code reminder:chase:<assignment>:<period>:<official>:}. */
    static String chaseKey(long assignmentId, Period period, long official) {
        return "reminder:chase:" + assignmentId + ":" + period + ":" + official + ":";
    }

    /** The first day of a stage: BEFORE from days-before ahead of the deadline, DUE on it, OVERDUE the day after. */
    static LocalDate stageStart(Stage stage, LocalDate deadlineDay, int daysBefore) {
        return switch (stage) {
            case BEFORE -> deadlineDay.minusDays(daysBefore);
            case DUE -> deadlineDay;
            case OVERDUE -> deadlineDay.plusDays(1);
        };
    }

    /**
     * A coordinator chases the units of these assignments (each a line of his reports list, so already filtered by the
     * policy) for a missing report of the period, now, with his message (issue 13). Each assignment needs a
     * PROGRAMME_COORDINATOR grant covering its unit; one already reported or locked is skipped. The reporters covering
     * the unit are told once a day per assignment (dedupe key {@code reminder:chase:<assignment>:<period>:<day>:<official>}),
     * and the chase counts as the automatic reminder of the stage it falls in: the daily run does not send that one again.
     * Audited per assignment.
     */
    public Chase chase(java.util.List<vn.truongson.programme.Reports.Due> lines, Period period, String message) {
        String note = message == null ? "" : vn.truongson.core.VietnameseText.nfc(message.strip());
        if (note.length() > MAX_CHASE_MESSAGE) throw new vn.truongson.core.DomainException.BadInput("message", "problem.field.length", 0, MAX_CHASE_MESSAGE);
        if (!vn.truongson.core.Inputs.validText(note)) throw new vn.truongson.core.DomainException.BadInput("message", vn.truongson.core.Inputs.TEXT_KEY);
        var me = policy.actor();
        java.time.Instant now = clock.instant();
        LocalDate today = now.atZone(Period.ZONE).toLocalDate();
        int told = 0, already = 0, skipped = 0;
        Map<Long, Set<Long>> reporters = grants.holdersCovering(Role.UNIT_REPORTER, units(lines.stream().map(vn.truongson.programme.Reports.Due::unitId)));
        var run = new Tally(today);
        for (var d : lines) {
            policy.requireOnUnit(Set.of(Role.PROGRAMME_COORDINATOR), d.unitId());
            if (d.report() != null || d.locked(now)) {
                skipped++;
                continue;
            }
            LocalDate deadlineDay = d.deadline().toLocalDate();
            String title = text("programme.reminder.chase.title", MONTH.format(period.month()), d.taskCode());
            String body = text("programme.reminder.chase.body", MONTH.format(period.month()), d.taskCode(), titleOf(d.taskTitle(), d.secrecy()),
                    d.planCode(), DATE.format(deadlineDay), me.fullName()) + (note.isEmpty() ? "" : "\n" + note);
            String link = reportLink(d.assignmentId(), period);
            int toldHere = 0;
            for (long official : reporters.getOrDefault(d.unitId(), Set.of())) {
                if (!run.reachable(official, d.secrecy())) continue;
                if (notifications.send(official, "programme.report.chase", chaseKey(d.assignmentId(), period, official) + today, title, body, link)) {
                    toldHere++;
                }
            }
            if (toldHere > 0) told += toldHere;
            else already++;
            audit.record("programme.reminders.chase", "assignment:" + d.assignmentId(), AuditTrail.SUCCESS,
                    period + " unit:" + d.unitId() + (toldHere > 0 ? " " + toldHere + " reporters told" : " already chased today"));
        }
        return new Chase(told, already, skipped);
    }

    // ---- commanders ------------------------------------------------------------------------------

    private void overdueTasks(Plan plan, LocalDate today, Tally run) {
        var overdue = queries.overdueTasks(plan.id(), today);
        if (overdue.isEmpty()) return;
        Map<Long, Set<Long>> commanders = grants.holdersCovering(Role.COMMANDER, units(overdue.stream().map(ReminderQueries.OverdueTask::leadUnitId)));
        for (var t : overdue) {
            String title = text("programme.reminder.task-overdue.title", t.code());
            String body = text("programme.reminder.task-overdue.body", t.code(), titleOf(t.title(), t.secrecy()), plan.code(), DATE.format(t.dueDate()));
            for (long official : commanders.getOrDefault(t.leadUnitId(), Set.of())) {
                if (!run.reachable(official, t.secrecy())) continue;
                // Once per task and due date: a due date moved by an amendment that passes again is a new reminder.
                run.send(official, "programme.task.overdue", "reminder:task-overdue:" + t.taskId() + ":" + t.dueDate() + ":" + official, title, body,
                        taskLink(plan.id(), t.taskId()));
            }
        }
    }

    /**
     * The last period whose report is already due on {@code today}: this month's once its deadline has passed, else
     * last month's; within the plan's year, or null before its first deadline.
     */
    static @Nullable Period lastDuePeriod(Plan plan, LocalDate today) {
        YearMonth m = YearMonth.from(today);
        if (!today.isAfter(m.atDay(plan.reportDueDay()))) m = m.minusMonths(1);
        if (m.getYear() > plan.year()) m = YearMonth.of(plan.year(), 12);
        return m.getYear() < plan.year() ? null : new Period(m);
    }

    private void bottlenecks(Plan plan, LocalDate today, Tally run) {
        Period last = lastDuePeriod(plan, today);
        if (last == null) return;
        var open = queries.bottlenecksOpenSinceBefore(plan.id(), last);
        if (open.isEmpty()) return;
        Map<Long, Set<Long>> commanders = grants.holdersCovering(Role.COMMANDER, units(open.stream().map(ReminderQueries.OpenBottleneck::leadUnitId)));
        for (var b : open) {
            String obstacles = b.secrecy().isClassified() || b.obstacles() == null ? "" : "\n" + clip(b.obstacles());
            String title = text("programme.reminder.bottleneck.title", b.code());
            String body = text("programme.reminder.bottleneck.body", b.code(), MONTH.format(b.since().month()), titleOf(b.title(), b.secrecy()),
                    plan.code(), obstacles);
            for (long official : commanders.getOrDefault(b.leadUnitId(), Set.of())) {
                if (!run.reachable(official, b.secrecy())) continue;
                run.send(official, "programme.bottleneck", "reminder:bottleneck:" + b.assignmentId() + ":" + b.since() + ":" + official, title, body,
                        taskLink(plan.id(), b.taskId()));
            }
        }
    }

    // ---- texts -----------------------------------------------------------------------------------

    /** Stored in Vietnamese, the platform's first language: a notification is written once, for e-mail as for the page. */
    private String text(String key, Object... args) {
        return messages.getMessage(key, args, VI);
    }

    /** " “Title”" after the task's code, or nothing for a classified task. */
    private static String titleOf(String title, SecrecyLevel secrecy) {
        return secrecy.isClassified() ? "" : " “" + title + "”";
    }

    private static String clip(String s) {
        String t = s.strip();
        return t.length() <= MAX_OBSTACLES ? t : t.substring(0, MAX_OBSTACLES - 1) + "…";
    }

    private static Collection<Long> units(java.util.stream.Stream<Long> ids) {
        return new ArrayList<>(ids.distinct().toList());
    }

    /** Where a reporter submits the period's report on screen: the report form (programme.web.ReportScreens). */
    static String reportLink(long assignmentId, Period period) {
        return "/office/programme/assignments/" + assignmentId + "/reports/" + period;
    }

    /** Where a commander sees the task and its assignments (programme.web.TaskScreens); the plan is the task's own. */
    static String taskLink(long planId, long taskId) {
        return "/office/programme/tasks/" + taskId;
    }
}
