package vn.truongson.population.jobs;

import vn.truongson.core.Vietnam;
import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.VietnameseText;

/**
 * The official's bulk-check jobs: submit, see (own jobs only: anyone else's is "not found"), download the
 * result (audited). Running them is {@link BulkJobRunner}'s.
 */
@Service
public class BulkJobs {

    public enum Kind { ADMISSIONS, BORDER }

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    public record Job(long id, Kind kind, @Nullable Integer admissionsYear, String fileName, Status status, int totalRows, int doneRows,
            @Nullable String counts, @Nullable String error, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

        public int percent() {
            if (status == Status.DONE) return 100;
            return totalRows <= 0 ? 0 : Math.min(100, (int) (100L * doneRows / totalRows));
        }

        public boolean finished() {
            return status == Status.DONE || status == Status.FAILED;
        }
    }

    public record Result(String fileName, byte[] xlsx) {}

    private static final String COLUMNS = "id, kind, admissions_year, file_name, status, total_rows, done_rows, counts, error, created_at, started_at, finished_at";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final BulkJobRunner runner;
    private final Clock clock;
    private static final ZoneId VIETNAM = Vietnam.ZONE;

    BulkJobs(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, BulkJobRunner runner, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.runner = runner;
    }

    /** Queues a list; it starts on this node once the transaction commits. */
    @Transactional
    public long submit(Kind kind, @Nullable Integer admissionsYear, String fileName, byte[] xlsx) {
        Actor a = policy.actor();
        // What can be told at once is told at once (400 with the field); the rows are the job's.
        if (xlsx.length == 0) throw new DomainException.BadInput("file", "population.field.required");
        if (xlsx.length < 4 || xlsx[0] != 'P' || xlsx[1] != 'K' || xlsx[2] != 3 || xlsx[3] != 4) {
            throw new DomainException.BadInput("file", "population.bulk.not-xlsx");
        }
        if (kind == Kind.ADMISSIONS) {
            int thisYear = Year.now(clock.withZone(VIETNAM)).getValue();
            if (admissionsYear == null) throw new DomainException.BadInput("year", "population.field.required");
            if (admissionsYear < thisYear - 1 || admissionsYear > thisYear + 1) {
                throw new DomainException.BadInput("year", "population.bulk.year", thisYear - 1, thisYear + 1);
            }
        }
        fileName = VietnameseText.nfc(fileName).replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        if (fileName.isEmpty()) fileName = "danh-sach.xlsx";
        if (fileName.length() > 200) fileName = fileName.substring(fileName.length() - 200);
        long id = jdbc.sql("""
                insert into population_bulk_job (owner_account_id, owner_official_id, owner_username, kind, admissions_year, file_name, status, input)
                values (?, ?, ?, ?, ?, ?, 'QUEUED', ?) returning id""")
                .params(a.accountId(), a.officialId(), a.username(), kind.name(), admissionsYear, fileName, xlsx)
                .query(Long.class).single();
        audit.record("population.bulk-job.submit", "bulk-job:" + id, AuditTrail.SUCCESS,
                kind + (admissionsYear == null ? "" : " " + admissionsYear) + "; " + xlsx.length + " bytes");
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.start(id);
                }
            });
        } else {
            runner.start(id);
        }
        return id;
    }

    /** The current official's jobs, newest first. */
    public List<Job> mine(int limit) {
        Actor a = policy.actor();
        return jdbc.sql("select " + COLUMNS + " from population_bulk_job where owner_account_id = ? order by id desc limit ?")
                .params(a.accountId(), limit).query(BulkJobs::job).list();
    }

    /** One of the current official's jobs; another's is not found (its existence is not told). */
    public Job get(long id) {
        Actor a = policy.actor();
        return find(id, a).orElseThrow(() -> new DomainException.NotFound("bulk-job", id));
    }

    @Transactional
    public Result result(long id) {
        Actor a = policy.actor();
        Job job = find(id, a).orElseThrow(() -> new DomainException.NotFound("bulk-job", id));
        if (job.status() != Status.DONE) throw new DomainException.Conflict("population.job.not-done");
        byte[] xlsx = jdbc.sql("select result from population_bulk_job where id = ?").param(id).query(byte[].class).single();
        audit.record("population.bulk-job.download", "bulk-job:" + id, AuditTrail.SUCCESS, job.kind() + "; " + job.totalRows() + " rows");
        String base = job.fileName().replaceFirst("(?i)\\.xlsx$", "");
        return new Result("ket-qua-" + base + ".xlsx", xlsx);
    }

    private Optional<Job> find(long id, Actor a) {
        return jdbc.sql("select " + COLUMNS + " from population_bulk_job where id = ? and owner_account_id = ?").params(id, a.accountId())
                .query(BulkJobs::job).optional();
    }

    private static Job job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Job(rs.getLong(1), Kind.valueOf(rs.getString(2)), (Integer) rs.getObject(3), rs.getString(4), Status.valueOf(rs.getString(5)),
                rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant());
    }
}
