package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.reminders.Reminders;
import vn.truongson.support.Api;

/**
 * The daily reminders (đôn đốc) on a small plan, day by day: reporters who have not reported are told before, on and
 * after the deadline, once each; the lead unit's commanders are told of overdue tasks and lasting bottlenecks, once;
 * a run repeated, two runs racing, or two scheduler nodes send nothing twice.
 *
 * <p>Each test uses years no other test plans in (the job looks at plans of the year before to the year after), so
 * what it counts is its own. Who should be told is computed independently of the job, from the grants, the unit
 * paths and clearances in SQL.
 */
@ProgrammeTest
class ReminderJobTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired Reminders reminders;
    @Autowired DataSource dataSource;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Reminders.Run runOn(String day) {
        clock.set(day + "T07:30:00+07:00");
        try {
            return reminders.run();
        } finally {
            clock.reset();
        }
    }

    /** Officials holding the role through a grant covering the unit (itself, or SUBTREE above it), active and cleared for the level. */
    Set<Long> oracle(String role, String unitCode, int secrecy) {
        return new HashSet<>(jdbc.sql("""
                select distinct o.id from access_grant g
                join org_unit gu on gu.id = g.unit_id
                join org_unit tu on tu.code = :unit
                join org_official o on o.id = g.official_id
                where g.role = :role and o.active and o.clearance >= :secrecy
                  and (g.unit_id = tu.id or (g.scope = 'SUBTREE' and starts_with(tu.path, gu.path)))""")
                .param("unit", unitCode).param("role", role).param("secrecy", secrecy).query(Long.class).list());
    }

    long official(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    record Sent(long officialId, String kind, String title, String body, String link) {}

    List<Sent> sent(String keyPrefix) {
        return jdbc.sql("select official_id, kind, title, body, link from notify_notification where dedupe_key like ? order by id")
                .param(keyPrefix + "%")
                .query((rs, n) -> new Sent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))).list();
    }

    Set<Long> recipients(String keyPrefix) {
        Set<Long> out = new HashSet<>();
        sent(keyPrefix).forEach(s -> out.add(s.officialId()));
        return out;
    }

    /** The status of a reminder's link opened on screen by the person it was sent to. */
    int opens(String link, String username) {
        try {
            return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(link)
                    .with(vn.truongson.support.Principals.as(jdbc, username))).andReturn().getResponse().getStatus();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void report(String at, String user, String assignment, String period, boolean bottleneck, String obstacles) {
        p.report(at, user, assignment, period, "IN_PROGRESS", 40, "", bottleneck, obstacles);
    }

    @Test
    void the_right_people_are_reminded_once_at_each_stage() {
        String plan = p.plan(2031, "BTL86", 20);
        String g = p.group(plan, 1, "Hạ tầng số");
        String t1 = p.task(plan, g, "1.1", "QK1", "2031-03-31", "");
        String t2 = p.task(plan, g, "1.2", "BTL86", "2031-02-28", "");
        String t3 = p.task(plan, g, "1.3", "QK1", "2031-03-15", "");
        String a1 = p.assign(t1, "QK1");
        String a2 = p.assign(t1, "SD3");
        String a3 = p.assign(t2, "BTLBP");
        String a4 = p.assign(t3, "QK1");
        // No demo coordinator is cleared to make a Mật task: made so in the table, once assigned, before issue.
        jdbc.sql("update programme_task set secrecy = 1 where id = ?").param(Long.parseLong(t3)).update();
        p.issue(plan);

        Set<Long> reportersQk1 = oracle("UNIT_REPORTER", "QK1", 0);
        Set<Long> reportersBtlbp = oracle("UNIT_REPORTER", "BTLBP", 0);
        Set<Long> commandersBtl86 = oracle("COMMANDER", "BTL86", 0);
        Set<Long> commandersQk1Mat = oracle("COMMANDER", "QK1", 1);
        Set<Long> commandersQk1 = oracle("COMMANDER", "QK1", 0);
        assertThat(reportersQk1).contains(official("baocao.qk1")).doesNotContain(official("baocao.sd3"));
        assertThat(commandersQk1).contains(official("chihuy.qk1"), official("chihuy.bqp")).doesNotContain(official("chihuy.btl86"));
        assertThat(oracle("UNIT_REPORTER", "QK1", 1)).as("no QK1 reporter is cleared for Mật").isEmpty();

        report("2031-03-16T09:00:00+07:00", "baocao.sd3", a2, "2031-03", false, "");

        // 16/03: too early for March's report (deadline 20/03, three days ahead is 17/03). Tasks 1.2 (due 28/02) and
        // 1.3 (due 15/03) are overdue: the commanders of their lead units hear of each, the Mật one only if cleared.
        var r = runOn("2031-03-16");
        assertThat(sent("reminder:report:")).noneMatch(s -> s.link().contains("/assignments/" + a1 + "/"));
        assertThat(recipients("reminder:task-overdue:" + t2 + ":2031-02-28:")).isEqualTo(commandersBtl86);
        assertThat(recipients("reminder:task-overdue:" + t3 + ":2031-03-15:")).isEqualTo(commandersQk1Mat);
        assertThat(r.sent()).isEqualTo(commandersBtl86.size() + commandersQk1Mat.size());
        Sent overdue = sent("reminder:task-overdue:" + t2 + ":").getFirst();
        assertThat(overdue.kind()).isEqualTo("programme.task.overdue");
        assertThat(overdue.title()).isEqualTo("Nhiệm vụ 1.2 quá hạn hoàn thành");
        assertThat(overdue.body()).contains("“Nhiệm vụ 1.2”", "28/02/2031");
        assertThat(overdue.link()).isEqualTo("/office/programme/tasks/" + t2);
        // The link opens for the commander it was sent to.
        assertThat(opens(overdue.link(), "chihuy.btl86")).as(overdue.link()).isEqualTo(200);
        // The Mật task is named by its code only: the message may leave by e-mail.
        assertThat(sent("reminder:task-overdue:" + t3 + ":").getFirst().body()).contains("1.3").doesNotContain("“Nhiệm vụ 1.3”");

        // 17/03: BEFORE, to the reporters of units that have not reported (not SD3), and not about the Mật task.
        r = runOn("2031-03-17");
        assertThat(recipients("reminder:report:" + a1 + ":2031-03:BEFORE:")).isEqualTo(reportersQk1);
        assertThat(recipients("reminder:report:" + a3 + ":2031-03:BEFORE:")).isEqualTo(reportersBtlbp);
        assertThat(sent("reminder:report:" + a2 + ":")).isEmpty();
        assertThat(sent("reminder:report:" + a4 + ":")).isEmpty();
        assertThat(r.sent()).isEqualTo(reportersQk1.size() + reportersBtlbp.size());
        Sent before = sent("reminder:report:" + a1 + ":2031-03:BEFORE:" + official("baocao.qk1")).getFirst();
        assertThat(before.kind()).isEqualTo("programme.report.before");
        assertThat(before.title()).isEqualTo("Sắp đến hạn báo cáo tháng 03/2031: nhiệm vụ 1.1");
        assertThat(before.body()).contains("“Nhiệm vụ 1.1”", "15/02/2031", "14/03/2031", "23 giờ 59 phút ngày 20/03/2031");
        assertThat(before.link()).isEqualTo("/office/programme/assignments/" + a1 + "/reports/2031-03");
        // The link opens the report form for the reporter it was sent to.
        assertThat(opens(before.link(), "baocao.qk1")).as(before.link()).isEqualTo(200);

        // The same day again, and the next day: nothing new.
        var again = runOn("2031-03-17");
        assertThat(again.sent()).isZero();
        assertThat(again.alreadySent()).isEqualTo(r.sent() + commandersBtl86.size() + commandersQk1Mat.size());
        assertThat(runOn("2031-03-18").sent()).isZero();

        // QK1 reports on 19/03 (with a bottleneck); on the deadline only BTLBP is still missing.
        report("2031-03-19T10:00:00+07:00", "baocao.qk1", a1, "2031-03", true, "Chưa được cấp kinh phí mua sắm thiết bị");
        r = runOn("2031-03-20");
        assertThat(recipients("reminder:report:" + a3 + ":2031-03:DUE:")).isEqualTo(reportersBtlbp);
        assertThat(sent("reminder:report:" + a1 + ":2031-03:DUE:")).isEmpty();
        assertThat(r.sent()).isEqualTo(reportersBtlbp.size());
        assertThat(sent("reminder:report:" + a3 + ":2031-03:DUE:").getFirst().title()).isEqualTo("Hôm nay là hạn báo cáo tháng 03/2031: nhiệm vụ 1.2");

        // 21/03: OVERDUE, once, saying until when a late report is still accepted (deadline + 10 days).
        r = runOn("2031-03-21");
        assertThat(recipients("reminder:report:" + a3 + ":2031-03:OVERDUE:")).isEqualTo(reportersBtlbp);
        assertThat(r.sent()).isEqualTo(reportersBtlbp.size());
        assertThat(sent("reminder:report:" + a3 + ":2031-03:OVERDUE:").getFirst().body()).contains("hết ngày 30/03/2031");
        assertThat(runOn("2031-03-25").sent()).isZero();
        // 31/03: the period has locked, and task 1.1 is due today, not yet overdue; the bottleneck is one period old.
        assertThat(runOn("2031-03-31").sent()).isZero();

        // 01/04: task 1.1 is overdue (neither unit has reported it done): QK1's commanders, not BTL86's.
        r = runOn("2031-04-01");
        assertThat(recipients("reminder:task-overdue:" + t1 + ":")).isEqualTo(commandersQk1);
        assertThat(r.sent()).isEqualTo(commandersQk1.size());

        // QK1 still reports the bottleneck in April: on 21/04 (April's deadline past) it has outlasted its first period.
        report("2031-04-18T10:00:00+07:00", "baocao.qk1", a1, "2031-04", true, "Chưa được cấp kinh phí mua sắm thiết bị");
        r = runOn("2031-04-21");
        assertThat(recipients("reminder:bottleneck:" + a1 + ":2031-03:")).isEqualTo(commandersQk1);
        Sent bottleneck = sent("reminder:bottleneck:" + a1 + ":2031-03:" + official("chihuy.qk1")).getFirst();
        assertThat(bottleneck.kind()).isEqualTo("programme.bottleneck");
        assertThat(bottleneck.title()).isEqualTo("Điểm nghẽn kéo dài ở nhiệm vụ 1.1");
        assertThat(bottleneck.body()).contains("tháng 03/2031", "Chưa được cấp kinh phí mua sắm thiết bị");
        assertThat(opens(bottleneck.link(), "chihuy.qk1")).as(bottleneck.link()).isEqualTo(200);
        // April's missing reports (SD3, BTLBP) are overdue too, BEFORE and DUE having been missed: caught up once.
        Set<Long> reportersSd3 = oracle("UNIT_REPORTER", "SD3", 0);
        assertThat(recipients("reminder:report:" + a2 + ":2031-04:OVERDUE:")).isEqualTo(reportersSd3);
        assertThat(r.sent()).isEqualTo(commandersQk1.size() + reportersSd3.size() + reportersBtlbp.size());
        assertThat(runOn("2031-04-21").sent()).isZero();
        assertThat(runOn("2031-04-22").sent()).isZero();

        // Nobody outside those grants was told anything about this plan; nobody was told of the Mật task's report.
        Set<Long> everyone = new HashSet<>();
        for (String a : List.of(a1, a2, a3, a4)) {
            everyone.addAll(recipients("reminder:report:" + a + ":"));
            everyone.addAll(recipients("reminder:bottleneck:" + a + ":"));
        }
        for (String t : List.of(t1, t2, t3)) everyone.addAll(recipients("reminder:task-overdue:" + t + ":"));
        Set<Long> entitled = new HashSet<>(reportersQk1);
        entitled.addAll(reportersBtlbp);
        entitled.addAll(reportersSd3);
        entitled.addAll(commandersBtl86);
        entitled.addAll(commandersQk1);
        assertThat(entitled).containsAll(everyone);
        // BTL86 leads task 1.2 but has no assignment here: its reporters have nothing to report.
        assertThat(everyone).doesNotContain(official("baocao.btl86"));
    }

    /** Five units missing a report on the deadline day: one reminder per reporter and assignment. */
    String planDueOn(int year) {
        String plan = p.plan(year, "BTL86", 20);
        String g = p.group(plan, 1, "Nhóm");
        String t = p.task(plan, g, "1.1", "BTL86", year + "-12-31", "");
        for (String unit : List.of("QK1", "SD3", "BTLBP", "BTL86", "QK5")) p.assign(t, unit);
        p.issue(plan);
        return plan;
    }

    long remindersOf(String plan) {
        return jdbc.sql("""
                select count(*) from notify_notification n
                where n.dedupe_key like 'reminder:report:%' and split_part(n.dedupe_key, ':', 3)::bigint in
                      (select id from programme_assignment where plan_id = ?)""")
                .param(Long.parseLong(plan)).query(Long.class).single();
    }

    long expectedReporters(String... units) {
        long n = 0;
        for (String u : units) n += oracle("UNIT_REPORTER", u, 0).size();
        return n;
    }

    @Test
    void two_runs_racing_send_each_reminder_once() throws Exception {
        String plan = planDueOn(2035);
        long expected = expectedReporters("QK1", "SD3", "BTLBP", "BTL86", "QK5");
        clock.set("2035-05-20T07:30:00+07:00");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reminders.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return reminders.run();
            }));
        }
        start.countDown();
        int sent = 0;
        for (var f : runs) sent += f.get().sent();
        pool.shutdown();
        clock.reset();
        assertThat(sent).isEqualTo(expected);
        assertThat(remindersOf(plan)).isEqualTo(expected);
        assertThat(runOn("2035-05-20").sent()).isZero();
    }

    /** First due at once, then not for a year: the job's one execution in this test. */
    static final class OnceNow implements Schedule {
        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now;
        }

        @Override
        public Instant getNextExecutionTime(ExecutionComplete complete) {
            return complete.getTimeDone().plus(365, ChronoUnit.DAYS);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    @Test
    void two_scheduler_nodes_run_the_job_once() throws Exception {
        String plan = planDueOn(2038);
        long expected = expectedReporters("QK1", "SD3", "BTLBP", "BTL86", "QK5");
        // The nodes' own table, shaped as the platform's, so the application's scheduler is not disturbed.
        // Made by the owner (the platform's own role may not create tables), used by the platform's role.
        vn.truongson.support.TestDatabase.asOwner("drop table if exists reminder_test_tasks",
                "create table reminder_test_tasks (like scheduled_tasks including all)",
                "grant select, insert, update, delete on reminder_test_tasks to " + vn.truongson.support.TestDatabase.APP_ROLE);
        AtomicInteger executions = new AtomicInteger();
        List<String> ranOn = new CopyOnWriteArrayList<>();
        List<Scheduler> nodes = new ArrayList<>();
        // Each node's polls for due executions (RAN_EXECUTE_DUE) counted from the moment the one execution completed.
        java.util.Map<String, AtomicInteger> pollsAfterDone = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        clock.set("2038-05-21T07:30:00+07:00");
        try {
            for (String node : List.of("node-a", "node-b")) {
                pollsAfterDone.put(node, new AtomicInteger());
                RecurringTask<Void> job = Tasks.recurring("programme-reminders-test", new OnceNow()).execute((instance, ctx) -> {
                    executions.incrementAndGet();
                    ranOn.add(node);
                    reminders.run();
                });
                nodes.add(Scheduler.create(dataSource).startTasks(job).tableName("reminder_test_tasks")
                        .schedulerName(new SchedulerName.Fixed(node)).pollingInterval(Duration.ofMillis(100)).threads(2)
                        .addSchedulerListener(new com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener() {
                            @Override
                            public void onExecutionComplete(ExecutionComplete complete) {
                                done.set(true);
                            }

                            @Override
                            public void onSchedulerEvent(SchedulerEventType type) {
                                if (type == SchedulerEventType.RAN_EXECUTE_DUE && done.get()) pollsAfterDone.get(node).incrementAndGet();
                            }
                        }).build());
            }
            nodes.parallelStream().forEach(Scheduler::start);
            // The job ran and its next run is stored (a year on), then every node has looked for due work at least five
            // times since: had the second node been able to run it again, it would have by then.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> done.get()
                    && jdbc.sql("select count(*) from reminder_test_tasks where task_name = 'programme-reminders-test' and not picked "
                            + "and last_success is not null and execution_time > now() + interval '300 days'").query(Long.class).single() == 1
                    && pollsAfterDone.values().stream().allMatch(n -> n.get() >= 5));
        } finally {
            nodes.forEach(Scheduler::stop);
            clock.reset();
        }
        assertThat(executions.get()).as("ran on %s", ranOn).isEqualTo(1);
        assertThat(remindersOf(plan)).isEqualTo(expected);
        vn.truongson.support.TestDatabase.asOwner("drop table reminder_test_tasks");
    }

    @Test
    void the_platform_schedules_the_daily_job_at_seven_thirty_vietnam_time() {
        Instant next = jdbc.sql("select execution_time from scheduled_tasks where task_name = 'programme-reminders'")
                .query(java.sql.Timestamp.class).single().toInstant();
        OffsetDateTime local = next.atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toOffsetDateTime();
        assertThat(local.getHour()).isEqualTo(7);
        assertThat(local.getMinute()).isEqualTo(30);
        assertThat(next).isAfter(Instant.now().minus(1, ChronoUnit.DAYS));
    }
}
