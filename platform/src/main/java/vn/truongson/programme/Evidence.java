package vn.truongson.programme;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;

/**
 * Evidence (minh chứng) for a period's report: files attached by the reporters of the assigned unit under the
 * same rules as the report itself (grant, issued plan, period of the plan's year, not yet locked), readable by
 * whoever may read the report.
 */
@Service
public class Evidence {

    /** A scanned decision or a spreadsheet of results; larger files belong in the document register, not here. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    /** Per assignment and period: evidence, not an archive. */
    public static final int MAX_FILES = 20;
    static final int MAX_NAME = 255;

    public record Item(long assignmentId, Period period, String sha256, String name, long size, String contentType, String uploadedBy,
            Instant uploadedAt) {}

    /** A file as uploaded: its content and the name the uploader's system gave it. */
    public record Upload(InputStream content, @Nullable String name) {}

    /** An evidence file to send back: what it is, and its content (the caller closes it). */
    public record Download(Item item, InputStream content) {}

    private final JdbcClient jdbc;
    private final ProgrammeStore store;
    private final Reports reports;
    private final FileStore files;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    Evidence(JdbcClient jdbc, ProgrammeStore store, Reports reports, FileStore files, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.reports = reports;
        this.files = files;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Attaches a file to the period's report. Refused as a report would be (403, 400, 409 on a draft plan or once
     * locked); 409 for a classified task, whose files would have to be encrypted at rest (ARCHITECTURE.md §3), which
     * the store does not do yet; 400 on {@code file} for an empty, oversized or unaccepted file, or one too many.
     */
    @Transactional
    public Item attach(long assignmentId, String periodText, Upload upload) {
        Reports.Reporting r = reports.requireReporting(store.lockAssignment(assignmentId), periodText);
        reports.requireOpen(r);
        if (r.task().secrecy().isClassified()) {
            throw new DomainException.Conflict("programme.evidence.classified", r.task().code(), r.task().secrecy().name());
        }
        long count = jdbc.sql("select count(*) from programme_report_evidence where assignment_id = ? and period = ?")
                .params(assignmentId, r.period().firstDay()).query(Long.class).single();
        if (count >= MAX_FILES) throw new DomainException.BadInput("file", "programme.evidence.too-many", MAX_FILES);
        String name = cleanName(upload.name());
        StoredFile f = files.store(upload.content(), name, MAX_BYTES);
        String by = policy.actor().username();
        Instant now = clock.instant();
        int added = jdbc.sql("""
                insert into programme_report_evidence (assignment_id, period, sha256, original_name, size, content_type, uploaded_by, uploaded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(assignmentId, r.period().firstDay(), f.sha256(), name, f.size(), f.contentType(), by, Timestamp.from(now)).update();
        if (added == 0) return find(assignmentId, r.period(), f.sha256()).orElseThrow();
        audit.record("programme.evidence.attach", "assignment:" + assignmentId, AuditTrail.SUCCESS,
                r.period() + " " + f.sha256() + " " + f.contentType() + " " + f.size() + " B");
        return new Item(assignmentId, r.period(), f.sha256(), name, f.size(), f.contentType(), by, now);
    }

    /**
     * Submits the report and attaches a file with it, all or nothing: a refused file leaves no report, and a
     * refused report never reads the file.
     */
    @Transactional
    public Report submitWith(long assignmentId, String periodText, Reports.Submission s, @Nullable Upload upload) {
        Report report = reports.submit(assignmentId, periodText, s);
        if (upload != null) attach(assignmentId, periodText, upload);
        return report;
    }

    /** The period's evidence, oldest first, to whoever may read the assignment's reports. */
    public List<Item> list(long assignmentId, String periodText) {
        Period period = requireReadable(assignmentId, periodText);
        return jdbc.sql("""
                select assignment_id, period, sha256, original_name, size, content_type, uploaded_by, uploaded_at
                from programme_report_evidence where assignment_id = ? and period = ? order by uploaded_at, original_name""")
                .params(assignmentId, period.firstDay()).query(Evidence::item).list();
    }

    /** One evidence file with its content; 404 when the period's report has no such file. */
    public Download open(long assignmentId, String periodText, String sha256) {
        Period period = requireReadable(assignmentId, periodText);
        Item item = find(assignmentId, period, sha256).orElseThrow(() -> new DomainException.NotFound("evidence", sha256));
        return new Download(item, files.open(item.sha256()));
    }

    private Period requireReadable(long assignmentId, String periodText) {
        Assignment a = store.requireAssignment(assignmentId);
        Task task = store.requireTask(a.taskId());
        Tasks.requireReadable(policy, task, store.requirePlan(a.planId()), List.of(a.unitId()));
        return Period.parse("period", periodText);
    }

    private java.util.Optional<Item> find(long assignmentId, Period period, String sha256) {
        return jdbc.sql("""
                select assignment_id, period, sha256, original_name, size, content_type, uploaded_by, uploaded_at
                from programme_report_evidence where assignment_id = ? and period = ? and sha256 = ?""")
                .params(assignmentId, period.firstDay(), sha256).query(Evidence::item).optional();
    }

    private static Item item(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Item(rs.getLong(1), Period.ofFirstDay(rs.getObject(2, LocalDate.class)), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    /**
     * The name to show and to send back: without the folders some browsers include ("C:\fakepath\…"), NFC, no
     * control characters, at most 255 characters keeping the extension.
     */
    static String cleanName(@Nullable String declared) {
        String n = declared == null ? "" : VietnameseText.nfc(declared);
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.codePoints().filter(c -> !Character.isISOControl(c)).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        if (n.isEmpty()) n = "minh-chung";
        if (n.length() > MAX_NAME) {
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 && n.length() - dot <= 10 ? n.substring(dot) : "";
            n = n.substring(0, MAX_NAME - ext.length()) + ext;
        }
        return n;
    }
}
