package vn.truongson.population.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.population.AdmissionsList;
import vn.truongson.population.AdmissionsRules;
import vn.truongson.population.BorderList;
import vn.truongson.population.BulkProgress;

/**
 * Runs queued bulk checks on a small pool of this node, each as the official who submitted it (their
 * access and their name in the audit trail). A job is claimed by one conditional UPDATE, so it runs once
 * however many nodes try; progress is written at most twice a second and doubles as the heartbeat. A
 * sweep on the cluster scheduler restarts jobs queued or running on a node that went away, and deletes
 * finished jobs after {@code keep-for}.
 */
@Component
class BulkJobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BulkJobRunner.class);
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcClient jdbc;
    private final AdmissionsList admissions;
    private final BorderList border;
    private final AdmissionsRules rules;
    private final Problems problems;
    private final BulkJobProperties props;
    private final ExecutorService pool;

    BulkJobRunner(JdbcClient jdbc, AdmissionsList admissions, BorderList border, AdmissionsRules rules, Problems problems, BulkJobProperties props) {
        this.jdbc = jdbc;
        this.admissions = admissions;
        this.border = border;
        this.rules = rules;
        this.problems = problems;
        this.props = props;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "bulk-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(props.threads(), threads);
    }

    void start(long id) {
        pool.execute(() -> run(id));
    }

    private record Claimed(long accountId, long officialId, String username, BulkJobs.Kind kind, Integer year, byte[] input) {}

    void run(long id) {
        var claimed = jdbc.sql("""
                update population_bulk_job set status = 'RUNNING', node = ?, started_at = now(), heartbeat_at = now(), done_rows = 0
                where id = ? and (status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)))
                returning owner_account_id, owner_official_id, owner_username, kind, admissions_year, input""")
                .params(NODE, id, props.staleAfter().toSeconds())
                .query((rs, n) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getString(3), BulkJobs.Kind.valueOf(rs.getString(4)),
                        (Integer) rs.getObject(5), rs.getBytes(6)))
                .optional();
        if (claimed.isEmpty()) return; // another node has it, or it is finished
        Claimed c = claimed.get();
        var ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(new AccountPrincipal(c.accountId(), c.officialId(), c.username()),
                null, List.of(new SimpleGrantedAuthority("ROLE_OFFICIAL"))));
        SecurityContextHolder.setContext(ctx);
        long t0 = System.nanoTime();
        try {
            BulkProgress progress = new Throttled(id);
            byte[] xlsx;
            Map<?, Integer> counts;
            int rows;
            if (c.kind() == BulkJobs.Kind.ADMISSIONS) {
                var checked = admissions.check(new ByteArrayInputStream(c.input()), c.year(), progress);
                xlsx = checked.xlsx();
                counts = checked.counts();
                rows = checked.rows().size();
            } else {
                var checked = border.check(new ByteArrayInputStream(c.input()), rules.maxRows(), progress);
                xlsx = checked.xlsx();
                counts = checked.counts();
                rows = checked.rows().size();
            }
            jdbc.sql("""
                    update population_bulk_job set status = 'DONE', result = ?, counts = ?, total_rows = ?, done_rows = ?, input = null,
                           finished_at = now(), heartbeat_at = now() where id = ?""")
                    .params(xlsx, counts.toString(), rows, rows, id).update();
            log.info("Bulk job {} ({}, {} rows) done in {} ms", id, c.kind(), rows, (System.nanoTime() - t0) / 1_000_000);
        } catch (DomainException e) {
            fail(id, problems.message(messageKey(e), args(e), Locale.forLanguageTag("vi")));
        } catch (RuntimeException e) {
            log.error("Bulk job {} failed", id, e);
            fail(id, "Lỗi hệ thống khi đối chiếu danh sách: " + e.getClass().getSimpleName());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static String messageKey(DomainException e) {
        if (e instanceof DomainException.BadInput b && !b.errors().isEmpty()) return b.errors().getFirst().messageKey();
        return e.messageKey();
    }

    private static Object[] args(DomainException e) {
        if (e instanceof DomainException.BadInput b && !b.errors().isEmpty()) return b.errors().getFirst().args();
        return e.args();
    }

    private void fail(long id, String error) {
        jdbc.sql("update population_bulk_job set status = 'FAILED', error = ?, input = null, finished_at = now() where id = ?").params(error, id).update();
    }

    /** Progress to the job's row, at most twice a second (and at the start and the end). */
    private final class Throttled implements BulkProgress {
        private final long id;
        private long last;

        Throttled(long id) {
            this.id = id;
        }

        @Override
        public void update(int done, int total) {
            long now = System.nanoTime();
            if (done != 0 && done != total && now - last < 500_000_000L) return;
            last = now;
            jdbc.sql("update population_bulk_job set done_rows = ?, total_rows = ?, heartbeat_at = now() where id = ?").params(done, total, id).update();
        }
    }

    /** Jobs queued but never started, or running on a node that stopped reporting; and finished ones past keeping. */
    void sweep() {
        List<Long> orphans = jdbc.sql("""
                select id from population_bulk_job
                where (status = 'QUEUED' and created_at < now() - interval '30 seconds')
                   or (status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?))""")
                .param(props.staleAfter().toSeconds()).query(Long.class).list();
        orphans.forEach(this::start);
        int deleted = jdbc.sql("delete from population_bulk_job where finished_at < now() - make_interval(secs => ?)")
                .param(props.keepFor().toSeconds()).update();
        if (!orphans.isEmpty() || deleted > 0) log.info("Bulk-job sweep: restarted {}, deleted {} finished", orphans, deleted);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BulkJobProperties.class)
    static class Schedule {
        @Bean
        RecurringTask<Void> populationBulkSweep(BulkJobRunner runner, BulkJobProperties props) {
            return Tasks.recurring("population-bulk-sweep", Schedules.fixedDelay(props.sweepEvery())).execute((instance, context) -> runner.sweep());
        }
    }
}
