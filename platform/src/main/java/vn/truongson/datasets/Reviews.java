package vn.truongson.datasets;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Grants;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;
import vn.truongson.notify.Notifications;

/**
 * What surrounds a unit's submission: evidence files (minh chứng) attached by its reporters, comments by anyone who
 * reads the unit's submission, and the reviewer's return for correction (trả lại để chỉnh sửa) with a reason. Every
 * upload is scanned for malware by secops before the controller sees it (the platform's multipart interceptor); the
 * file store then judges its type and size. Each change is audited; a return is notified to the unit's reporters once.
 */
@Service
public class Reviews {

    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final int MAX_FILES = 20;
    public static final int MAX_COMMENT = 2000;
    static final int MAX_NAME = 255;

    public record EvidenceItem(long unitId, String period, String sha256, String name, long size, String contentType, String uploadedBy,
            Instant uploadedAt) {}

    public record Upload(InputStream content, @Nullable String name) {}

    public record Download(EvidenceItem item, InputStream content) {}

    public record Comment(long id, long unitId, String period, String kind, @Nullable Integer revision, String body, String author, Instant createdAt) {}

    /** A submission's review state: returned (at which revision, by whom, when) or not. */
    public record Returned(long unitId, String period, int revision, String returnedBy, Instant returnedAt, String reason) {}

    private final JdbcClient jdbc;
    private final Datasets datasets;
    private final Submissions submissions;
    private final FileStore files;
    private final Notifications notifications;
    private final Grants grants;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    Reviews(JdbcClient jdbc, Datasets datasets, Submissions submissions, FileStore files, Notifications notifications, Grants grants, AccessPolicy policy,
            AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.datasets = datasets;
        this.submissions = submissions;
        this.files = files;
        this.notifications = notifications;
        this.grants = grants;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The assignment's deadline, its row locked; 409 when the unit is not assigned for the period. */
    private LocalDate lockAssignment(long datasetId, String period, long unitId) {
        return jdbc.sql("select deadline from datasets_assignment where dataset_id = :d and period = :p and unit_id = :u for update")
                .param("d", datasetId).param("p", period).param("u", unitId).query(LocalDate.class).optional()
                .orElseThrow(() -> new DomainException.Conflict("datasets.submission.not-assigned", period));
    }

    // ---------------------------------------------------------------- evidence

    /**
     * Attaches a file to the unit's submission for the period: a reporter of the unit, while the period is open; 409 on
     * a classified data set (the store does not encrypt at rest yet, as programme's evidence); 400 on {@code file} for
     * an empty, oversized or unaccepted file, or one too many. The same content twice is kept once.
     */
    @Transactional
    public EvidenceItem attach(long datasetId, long unitId, @Nullable String periodText, Upload upload) {
        Dataset d = datasets.requireReadable(datasetId);
        policy.requireOnUnit(DatasetRoles.REPORTER, unitId);
        String period = d.periodType().parse("period", periodText);
        LocalDate deadline = lockAssignment(datasetId, period, unitId);
        if (clock.instant().isAfter(submissions.locksAt(deadline))) throw new DomainException.Conflict("datasets.submission.locked", period);
        if (d.secrecy().isClassified()) throw new DomainException.Conflict("datasets.evidence.classified", d.code(), d.secrecy().name());
        long count = jdbc.sql("select count(*) from datasets_evidence where dataset_id = :d and period = :p and unit_id = :u")
                .param("d", datasetId).param("p", period).param("u", unitId).query(Long.class).single();
        if (count >= MAX_FILES) throw new DomainException.BadInput("file", "datasets.evidence.too-many", MAX_FILES);
        String name = cleanName(upload.name());
        StoredFile f = files.store(upload.content(), name, MAX_BYTES);
        String by = policy.actor().username();
        Instant now = clock.instant();
        int added = jdbc.sql("""
                insert into datasets_evidence (dataset_id, period, unit_id, sha256, original_name, size, content_type, uploaded_by, uploaded_at)
                values (:d, :p, :u, :sha, :name, :size, :type, :by, :at) on conflict do nothing""")
                .param("d", datasetId).param("p", period).param("u", unitId).param("sha", f.sha256()).param("name", name).param("size", f.size())
                .param("type", f.contentType()).param("by", by).param("at", Timestamp.from(now)).update();
        if (added == 0) return findEvidence(datasetId, period, unitId, f.sha256()).orElseThrow();
        audit.record("datasets.evidence.attach", "dataset:" + datasetId, AuditTrail.SUCCESS,
                "unit " + unitId + " " + period + " " + f.sha256() + " " + f.contentType() + " " + f.size() + " B");
        return new EvidenceItem(unitId, period, f.sha256(), name, f.size(), f.contentType(), by, now);
    }

    /** The evidence of a unit's submission, oldest first, to a reader covering the unit. */
    @Transactional(readOnly = true)
    public List<EvidenceItem> evidence(long datasetId, long unitId, @Nullable String periodText) {
        String period = requireReadingUnit(datasetId, unitId, periodText);
        return jdbc.sql("""
                select unit_id, period, sha256, original_name, size, content_type, uploaded_by, uploaded_at from datasets_evidence
                where dataset_id = :d and period = :p and unit_id = :u order by uploaded_at, original_name""")
                .param("d", datasetId).param("p", period).param("u", unitId).query(Reviews::evidenceItem).list();
    }

    /** One evidence file with its content (the caller closes it); 404 when the submission has no such file. Audited. */
    public Download open(long datasetId, long unitId, @Nullable String periodText, String sha256) {
        String period = requireReadingUnit(datasetId, unitId, periodText);
        EvidenceItem item = findEvidence(datasetId, period, unitId, sha256).orElseThrow(() -> new DomainException.NotFound("evidence", 0));
        audit.record("datasets.evidence.read", "dataset:" + datasetId, AuditTrail.SUCCESS, "unit " + unitId + " " + period + " " + item.sha256());
        return new Download(item, files.open(item.sha256()));
    }

    private Optional<EvidenceItem> findEvidence(long datasetId, String period, long unitId, String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) return Optional.empty();
        return jdbc.sql("""
                select unit_id, period, sha256, original_name, size, content_type, uploaded_by, uploaded_at from datasets_evidence
                where dataset_id = :d and period = :p and unit_id = :u and sha256 = :sha""")
                .param("d", datasetId).param("p", period).param("u", unitId).param("sha", sha256).query(Reviews::evidenceItem).optional();
    }

    private static EvidenceItem evidenceItem(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new EvidenceItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8).toInstant());
    }

    /** 404 unless the data set is readable; 403 unless a reader's grant covers the unit; 400 for a malformed period. */
    private String requireReadingUnit(long datasetId, long unitId, @Nullable String periodText) {
        Dataset d = datasets.requireReadable(datasetId);
        policy.require(DatasetRoles.READER, d.asProtected(unitId));
        return d.periodType().parse("period", periodText);
    }

    static String cleanName(@Nullable String declared) {
        String n = declared == null ? "" : VietnameseText.nfc(declared);
        if (!Inputs.validText(n)) n = "";
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

    // ---------------------------------------------------------------- comments and the return

    private static String body(@Nullable String text, String field) {
        if (text == null || text.isBlank()) throw new DomainException.BadInput(field, "problem.field.required");
        if (!Inputs.validText(text)) throw new DomainException.BadInput(field, Inputs.TEXT_KEY);
        String s = VietnameseText.nfc(text.strip());
        if (VietnameseText.firstControlChar(s, true) >= 0) throw new DomainException.BadInput(field, "problem.text.control");
        if (s.length() > MAX_COMMENT) throw new DomainException.BadInput(field, "problem.field.length", 1, MAX_COMMENT);
        return s;
    }

    /** A comment on the unit's submission, by a reader covering the unit (the reporters answer the reviewer here). */
    @Transactional
    public Comment comment(long datasetId, long unitId, @Nullable String periodText, @Nullable String text) {
        String period = requireReadingUnit(datasetId, unitId, periodText);
        String b = body(text, "body");
        lockAssignment(datasetId, period, unitId);
        return insertComment(datasetId, period, unitId, "COMMENT", null, b);
    }

    private Comment insertComment(long datasetId, String period, long unitId, String kind, @Nullable Integer revision, String b) {
        String by = policy.actor().username();
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into datasets_comment (dataset_id, period, unit_id, kind, revision, body, author, created_at)
                values (:d, :p, :u, :k, :rev, :b, :by, :at) returning id""")
                .param("d", datasetId).param("p", period).param("u", unitId).param("k", kind).param("rev", revision).param("b", b).param("by", by)
                .param("at", Timestamp.from(now)).query(Long.class).single();
        audit.record("datasets." + ("RETURN".equals(kind) ? "return" : "comment"), "dataset:" + datasetId, AuditTrail.SUCCESS,
                "unit " + unitId + " " + period + (revision == null ? "" : " revision " + revision) + ", " + b.length() + " characters");
        return new Comment(id, unitId, period, kind, revision, b, by, now);
    }

    /** The comments on the unit's submission, oldest first, to a reader covering the unit. */
    @Transactional(readOnly = true)
    public List<Comment> comments(long datasetId, long unitId, @Nullable String periodText) {
        String period = requireReadingUnit(datasetId, unitId, periodText);
        return jdbc.sql("""
                select id, unit_id, period, kind, revision, body, author, created_at from datasets_comment
                where dataset_id = :d and period = :p and unit_id = :u order by id limit 1000""")
                .param("d", datasetId).param("p", period).param("u", unitId)
                .query((rs, n) -> new Comment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), (Integer) rs.getObject(5), rs.getString(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant())).list();
    }

    /**
     * Returns the unit's current submission for correction, with a reason: a data coordinator whose grant covers the
     * unit, cleared for the data set (403 otherwise; a reporter cannot return his own). Serialised on the assignment's
     * row: the same submission returned twice (twelve at once) is returned once — one RETURN comment, one notification
     * to each reporter of the unit (dedupe key {@code datasets:return:<id>:<period>:<unit>:<revision>:<official>}).
     * 409 when nothing is submitted or the period has locked. The unit's next submission clears the return.
     */
    @Transactional
    public Returned returnForCorrection(long datasetId, long unitId, @Nullable String periodText, @Nullable String reason) {
        Dataset d = datasets.requireReadable(datasetId);
        policy.require(DatasetRoles.COORDINATOR, d.asProtected(unitId));
        String period = d.periodType().parse("period", periodText);
        String why = body(reason, "reason");
        LocalDate deadline = lockAssignment(datasetId, period, unitId);
        if (clock.instant().isAfter(submissions.locksAt(deadline))) throw new DomainException.Conflict("datasets.submission.locked", period);
        var current = jdbc.sql("select revision, returned_revision from datasets_submission where dataset_id = :d and period = :p and unit_id = :u")
                .param("d", datasetId).param("p", period).param("u", unitId)
                .query((rs, n) -> new Integer[] {rs.getInt(1), (Integer) rs.getObject(2)}).optional()
                .orElseThrow(() -> new DomainException.Conflict("datasets.return.nothing", period));
        int revision = current[0];
        if (current[1] != null && current[1] == revision) return returned(datasetId, period, unitId).orElseThrow();
        Instant now = clock.instant();
        String by = policy.actor().username();
        jdbc.sql("update datasets_submission set returned_at = :at, returned_by = :by, returned_revision = :rev where dataset_id = :d and period = :p and unit_id = :u")
                .param("at", Timestamp.from(now)).param("by", by).param("rev", revision).param("d", datasetId).param("p", period).param("u", unitId).update();
        insertComment(datasetId, period, unitId, "RETURN", revision, why);
        Map<Long, Set<Long>> reporters = grants.holdersCovering(Role.UNIT_REPORTER, List.of(unitId));
        String title = "Số liệu " + d.code() + " kỳ " + PeriodType.label(period) + " bị trả lại để chỉnh sửa";
        String text = "Lần nộp " + revision + " bị trả lại: " + why;
        for (long official : reporters.getOrDefault(unitId, Set.of())) {
            notifications.send(official, "datasets.return", "datasets:return:" + datasetId + ":" + period + ":" + unitId + ":" + revision + ":" + official,
                    title, d.secrecy().isClassified() ? "Lần nộp " + revision + " bị trả lại; xem lý do trên hệ thống." : text,
                    "/office/datasets/" + datasetId + "/form/" + unitId + "/" + period);
        }
        return new Returned(unitId, period, revision, by, now, why);
    }

    /** The return standing on the unit's current submission, if any (cleared by the next submission). */
    @Transactional(readOnly = true)
    public Optional<Returned> returned(long datasetId, String period, long unitId) {
        return jdbc.sql("""
                select s.returned_revision, s.returned_by, s.returned_at,
                       (select c.body from datasets_comment c where c.dataset_id = s.dataset_id and c.period = s.period and c.unit_id = s.unit_id
                        and c.kind = 'RETURN' order by c.id desc limit 1)
                from datasets_submission s where s.dataset_id = :d and s.period = :p and s.unit_id = :u and s.returned_revision is not null""")
                .param("d", datasetId).param("p", period).param("u", unitId)
                .query((rs, n) -> new Returned(unitId, period, rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }
}
