package vn.truongson.archive;

import vn.truongson.core.Vietnam;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.archive.internal.ArchiveProperties;
import vn.truongson.archive.internal.OcrWorker;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;
import vn.truongson.files.StoredFile;

/**
 * Digitisation batches (lô số hóa) and their scans. An archivist (ARCHIVIST) of the unit creates a batch and uploads
 * scans; each becomes an item QUEUED for OCR ({@link OcrWorker}, in the background); the archivist then confirms or
 * corrects the proposed description. Readers (ARCHIVIST, COMMANDER, CLERK of the unit) see batches and items within
 * the policy; a batch or item outside it is answered as missing.
 */
@Service
public class Archive {

    /** Who may create batches, upload and describe. */
    public static final Set<Role> WRITERS = Set.of(Role.ARCHIVIST);
    /** Who may see batches, items and search them. */
    public static final Set<Role> READERS = Set.of(Role.ARCHIVIST, Role.COMMANDER, Role.CLERK);
    /** What a scan may be, judged by content (files.FileStore): PDF, TIFF, JPEG, PNG. */
    static final Set<String> SCAN_TYPES = Set.of("application/pdf", "image/tiff", "image/jpeg", "image/png");
    static final int MAX_TITLE = 300;
    private static final ZoneId VIETNAM = Vietnam.ZONE;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    public enum ItemStatus { QUEUED, RUNNING, DONE, FAILED, DISPOSED }

    /** A batch's status: OPEN with no scans yet, PROCESSING while any is queued or running, then DONE. */
    public enum BatchStatus { OPEN, PROCESSING, DONE }

    public record Batch(long id, long unitId, int year, String title, @Nullable String fonds, BatchStatus status, int total, int queued,
            int running, int done, int failed, String createdBy, Instant createdAt, SecrecyLevel secrecy) {
        public int percent() {
            return total == 0 ? 0 : 100 * (done + failed) / total;
        }
    }

    public record Item(long id, long batchId, long unitId, SecrecyLevel secrecy, String fileName, String sourceType, long sourceSize, ItemStatus status,
            @Nullable Integer pages, @Nullable String error, int attempts, Description proposed, Map<String, Double> confidence,
            @Nullable Description described, @Nullable String describedBy, @Nullable Instant describedAt, Instant createdAt,
            @Nullable Instant finishedAt, @Nullable Long ocrMillis) {
        /** What the item is called in lists: its confirmed, else proposed subject, else the file's name. */
        public String title() {
            Description d = described != null ? described : proposed;
            String t = d.subject() != null ? d.subject() : d.type() != null && d.numberAndNotation() != null ? d.type() + " " + d.numberAndNotation() : null;
            return t != null ? t : fileName;
        }
    }

    public record BatchDetail(Batch batch, List<Item> items) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final FileStore files;
    private final SealedFiles sealed;
    private final OcrWorker worker;
    private final ArchiveProperties props;
    private final Clock clock;

    Archive(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, FileStore files, SealedFiles sealed, OcrWorker worker, ArchiveProperties props,
            Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.files = files;
        this.sealed = sealed;
        this.worker = worker;
        this.props = props;
        this.clock = clock;
    }

    public long maxUploadBytes() {
        return props.maxUploadSize().toBytes();
    }

    /** A new batch of ordinary (Thường) paper for a unit the archivist's grant covers. */
    @Transactional
    public Batch create(@Nullable Long unitId, @Nullable Integer year, @Nullable String title, @Nullable String fonds) {
        return create(unitId, year, title, fonds, null);
    }

    /**
     * A new batch for a unit the archivist's grant covers, at a secrecy level (absent = Thường). A classified batch
     * (Mật and above) needs the archivist's clearance and a request from a zone that may carry that level (the policy's
     * rules, ARCHITECTURE.md §3); otherwise a 400 on {@code secrecy}. Its scans and searchable PDFs are sealed.
     */
    @Transactional
    public Batch create(@Nullable Long unitId, @Nullable Integer year, @Nullable String title, @Nullable String fonds, @Nullable String secrecy) {
        Actor a = policy.actor();
        var errors = new ArrayList<FieldError>();
        if (unitId == null) errors.add(new FieldError("unitId", "archive.field.required"));
        int thisYear = Year.now(clock.withZone(VIETNAM)).getValue();
        if (year == null) errors.add(new FieldError("year", "archive.field.required"));
        else if (year < 1945 || year > thisYear) errors.add(new FieldError("year", "archive.year.range", 1945, thisYear));
        String t = Inputs.text(errors, "title", title, MAX_TITLE, true, "archive.field.too-long");
        String f = Inputs.text(errors, "fonds", fonds, 200, false, "archive.field.too-long");
        SecrecyLevel level = SecrecyLevel.THUONG;
        if (secrecy != null && !secrecy.isBlank()) {
            try {
                level = SecrecyLevel.valueOf(secrecy.strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("secrecy", "archive.secrecy.invalid"));
            }
        }
        if (!errors.isEmpty()) throw new BadInput(errors);
        policy.requireOnUnit(WRITERS, unitId);
        if (level.isClassified() && !policy.permits(WRITERS, new ProtectedRecord("archive-batch", 0L, unitId, level))) {
            throw new BadInput("secrecy", "archive.secrecy.not-allowed", level.vietnamese());
        }
        long id = jdbc.sql("insert into archive_batch (unit_id, year, title, fonds, secrecy_rank, created_by) values (?, ?, ?, ?, ?, ?) returning id")
                .params(unitId, year, t, f, level.rank(), a.username()).query(Long.class).single();
        audit.record("archive.batch.create", "archive-batch:" + id, AuditTrail.SUCCESS,
                "unit " + unitId + ", " + year + ", " + level.name() + ": " + t);
        return batch(id);
    }

    /** Batches the caller may see, newest first. */
    public List<Batch> batches(int limit) {
        SqlFilter acl = policy.visibility(READERS).where("b.unit_id", "b.secrecy_rank");
        return acl.bind(jdbc.sql(BATCH_SELECT + " where " + acl.sql() + " group by b.id order by b.id desc limit :limit"))
                .param("limit", Math.clamp(limit, 1, 500)).query(Archive::batchRow).list();
    }

    /** One batch the caller may see; another (or none) is not found. */
    public Batch batch(long id) {
        Batch b = findBatch(id).orElseThrow(() -> new DomainException.NotFound("archive-batch", id));
        // A classified batch the query let through is asked of the policy again, which audits the read.
        if (b.secrecy().isClassified()) policy.require(READERS, new ProtectedRecord("archive-batch", id, b.unitId(), b.secrecy()));
        return b;
    }

    public BatchDetail detail(long id) {
        Batch b = batch(id);
        SqlFilter acl = policy.visibility(READERS).where("i.unit_id", "i.secrecy_rank");
        List<Item> items = acl.bind(jdbc.sql(ITEM_SELECT + " where i.batch_id = :batch and " + acl.sql() + " order by i.id"))
                .param("batch", id).query(Archive::itemRow).list();
        return new BatchDetail(b, items);
    }

    public Item item(long id) {
        SqlFilter acl = policy.visibility(READERS).where("i.unit_id", "i.secrecy_rank");
        Item i = acl.bind(jdbc.sql(ITEM_SELECT + " where i.id = :id and " + acl.sql())).param("id", id).query(Archive::itemRow).optional()
                .orElseThrow(() -> new DomainException.NotFound("archive-item", id));
        if (i.secrecy().isClassified()) policy.require(READERS, new ProtectedRecord("archive-item", id, i.unitId(), i.secrecy()));
        return i;
    }

    /** The text of one page of an item the caller may see. */
    public String pageText(long itemId, int page) {
        item(itemId);
        return jdbc.sql("select text from archive_page where item_id = ? and page_no = ?").params(itemId, page).query(String.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("archive-page", itemId + "/" + page));
    }

    /** The searchable PDF of a done item (or the scan itself before), opened after the policy's check; audited. */
    @Transactional
    public InputStream open(long itemId, boolean scan) {
        Item i = item(itemId);
        if (i.status() == ItemStatus.DISPOSED) throw new DomainException.Conflict("archive.item.disposed");
        audit.record("archive.item.open", "archive-item:" + itemId, AuditTrail.SUCCESS, scan ? "scan" : "pdf");
        if (i.secrecy().isClassified()) {
            long id = jdbc.sql("select " + (scan ? "source_sealed_id" : "coalesce(ocr_sealed_id, source_sealed_id)") + " from archive_item where id = ?")
                    .param(itemId).query(Long.class).single();
            return new java.io.ByteArrayInputStream(sealed.open(id));
        }
        String sha = jdbc.sql("select " + (scan ? "source_sha256" : "coalesce(ocr_sha256, source_sha256)") + " from archive_item where id = ?")
                .param(itemId).query(String.class).single();
        return files.open(sha);
    }

    /**
     * Keeps one scan of a batch, QUEUED for OCR. Refused (400 on {@code file}, nothing stored) when empty, too large or
     * not a PDF, TIFF, JPEG or PNG by its content. OCR starts once the upload commits.
     */
    @Transactional
    public Item upload(long batchId, InputStream content, @Nullable String declaredName) {
        Actor a = policy.actor();
        Batch b = batch(batchId);
        policy.require(WRITERS, new ProtectedRecord("archive-batch", batchId, b.unitId(), b.secrecy()));
        String name = fileName(declaredName);
        if (b.secrecy().isClassified()) return uploadSealed(a, b, content, name);
        StoredFile f = files.store(content, name, props.maxUploadSize().toBytes());
        if (!SCAN_TYPES.contains(f.contentType())) throw new BadInput("file", "archive.file.type", name);
        long id = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, secrecy_rank, file_name, source_sha256, source_type, source_size, status, created_by)
                select id, unit_id, secrecy_rank, ?, ?, ?, ?, 'QUEUED', ? from archive_batch where id = ? returning id""")
                .params(name, f.sha256(), f.contentType(), f.size(), a.username(), batchId).query(Long.class).single();
        audit.record("archive.scan.upload", "archive-item:" + id, AuditTrail.SUCCESS,
                "batch " + batchId + ": " + name + " (" + f.contentType() + ", " + f.size() + " bytes, sha256 " + f.sha256() + ")");
        afterCommit(worker::wake);
        return item(id);
    }

    /**
     * A scan of a classified batch: judged by its first bytes (PDF, TIFF, JPEG, PNG), sealed (files.SealedFiles, a key
     * per file, never in the content-addressed store), its SHA-256 kept for integrity but never written to the audit trail.
     */
    private Item uploadSealed(Actor a, Batch b, InputStream content, String name) {
        long max = props.maxUploadSize().toBytes();
        byte[] bytes;
        try {
            bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (bytes.length == 0) throw new BadInput("file", "problem.file.empty", name);
        if (bytes.length > max) throw new BadInput("file", "problem.file.too-large", name, Long.toString(max / (1024 * 1024)));
        String type = scanType(bytes);
        if (type == null) throw new BadInput("file", "archive.file.type", name);
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long sealedId = sealed.seal(bytes, type);
        long id = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, secrecy_rank, file_name, source_sha256, source_type, source_size, source_sealed_id, status, created_by)
                select id, unit_id, secrecy_rank, ?, ?, ?, ?, ?, 'QUEUED', ? from archive_batch where id = ? returning id""")
                .params(name, sha, type, bytes.length, sealedId, a.username(), b.id()).query(Long.class).single();
        audit.record("archive.scan.upload", "archive-item:" + id, AuditTrail.SUCCESS,
                "batch " + b.id() + " (" + b.secrecy().name() + "): sealed " + type + ", " + bytes.length + " bytes");
        afterCommit(worker::wake);
        return item(id);
    }

    /** The scan type of content by its first bytes, as files.FileStore judges them; null for anything else. */
    static @Nullable String scanType(byte[] b) {
        if (starts(b, 0x25, 0x50, 0x44, 0x46, 0x2D)) return "application/pdf";
        if (starts(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (starts(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (starts(b, 0x49, 0x49, 0x2A, 0x00) || starts(b, 0x4D, 0x4D, 0x00, 0x2A)) return "image/tiff";
        return null;
    }

    private static boolean starts(byte[] b, int... sig) {
        if (b.length < sig.length) return false;
        for (int k = 0; k < sig.length; k++) if ((b[k] & 0xFF) != sig[k]) return false;
        return true;
    }

    /**
     * The archivist's description of a done item: each field as confirmed or corrected (blank = unknown). Audited with
     * what changed from the proposal. 409 before OCR is done.
     */
    @Transactional
    public Item describe(long itemId, Map<String, ?> fields) {
        Actor a = policy.actor();
        Item i = item(itemId);
        policy.require(WRITERS, new ProtectedRecord("archive-item", itemId, i.unitId(), i.secrecy()));
        if (i.status() != ItemStatus.DONE) throw new DomainException.Conflict("archive.item.not-done");
        // A document of a record handed over (nộp lưu) is described as it was handed over.
        if (jdbc.sql("select count(*) from archive_record_item ri join archive_record r on r.id = ri.record_id where ri.item_id = ? and r.status <> 'OPEN'")
                .param(itemId).query(Long.class).single() > 0) {
            throw new DomainException.Conflict("archive.record.closed");
        }
        var errors = new ArrayList<FieldError>();
        for (String k : fields.keySet()) {
            if (!Description.EMPTY.asMap().containsKey(k)) errors.add(new FieldError(k, "archive.field.unknown", k));
        }
        Description base = i.described() != null ? i.described() : i.proposed();
        var merged = new LinkedHashMap<String, @Nullable String>(base.asMap());
        int[] limits = {500, 50, 10, 100, 500, 200};
        int n = 0;
        for (String k : base.asMap().keySet()) {
            int max = limits[n++];
            if (!fields.containsKey(k)) continue;
            Object v = fields.get(k);
            if (v != null && !(v instanceof String)) {
                errors.add(new FieldError(k, "archive.field.text"));
                continue;
            }
            merged.put(k, Inputs.text(errors, k, (String) v, max, false, "archive.field.too-long"));
        }
        String date = merged.get("date");
        if (date != null) {
            try {
                LocalDate d = LocalDate.parse(date, DATE);
                if (d.isAfter(LocalDate.now(clock.withZone(VIETNAM)))) errors.add(new FieldError("date", "archive.date.future"));
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("date", "archive.date.invalid", date));
            }
        }
        if (!errors.isEmpty()) throw new BadInput(errors);
        Description d = Description.of(merged);
        jdbc.sql("update archive_item set described = ?, described_by = ?, described_at = now() where id = ?")
                .params(JSON.writeValueAsString(d.asMap()), a.username(), itemId).update();
        var changed = new ArrayList<String>();
        for (var e : d.asMap().entrySet()) {
            String before = i.proposed().asMap().get(e.getKey());
            if (!java.util.Objects.equals(before, e.getValue())) changed.add(e.getKey() + ": " + before + " → " + e.getValue());
        }
        audit.record("archive.item.describe", "archive-item:" + itemId, AuditTrail.SUCCESS,
                changed.isEmpty() ? "confirmed as proposed" : "corrected " + String.join("; ", changed));
        return item(itemId);
    }

    private Optional<Batch> findBatch(long id) {
        SqlFilter acl = policy.visibility(READERS).where("b.unit_id", "b.secrecy_rank");
        return acl.bind(jdbc.sql(BATCH_SELECT + " where b.id = :id and " + acl.sql() + " group by b.id")).param("id", id).query(Archive::batchRow)
                .optional();
    }

    static String fileName(@Nullable String declared) {
        String n = declared == null ? "" : VietnameseText.nfc(declared);
        if (!Inputs.validText(n)) n = "";
        n = n.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        if (n.isEmpty()) n = "ban-quet";
        return n.length() > 200 ? n.substring(n.length() - 200) : n;
    }

    private static void afterCommit(Runnable r) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    r.run();
                }
            });
        } else {
            r.run();
        }
    }

    private static final String BATCH_SELECT = """
            select b.id, b.unit_id, b.secrecy_rank, b.year, b.title, b.fonds, b.created_by, b.created_at, count(i.id) as total,
                   count(i.id) filter (where i.status = 'QUEUED') as queued, count(i.id) filter (where i.status = 'RUNNING') as running,
                   count(i.id) filter (where i.status = 'DONE') as done, count(i.id) filter (where i.status = 'FAILED') as failed
            from archive_batch b left join archive_item i on i.batch_id = b.id""";

    private static Batch batchRow(ResultSet rs, int n) throws SQLException {
        int total = rs.getInt("total"), queued = rs.getInt("queued"), running = rs.getInt("running");
        BatchStatus s = total == 0 ? BatchStatus.OPEN : queued + running > 0 ? BatchStatus.PROCESSING : BatchStatus.DONE;
        return new Batch(rs.getLong("id"), rs.getLong("unit_id"), rs.getInt("year"), rs.getString("title"), rs.getString("fonds"), s, total, queued,
                running, rs.getInt("done"), rs.getInt("failed"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                SecrecyLevel.ofRank(rs.getInt("secrecy_rank")));
    }

    private static final String ITEM_SELECT = """
            select i.id, i.batch_id, i.unit_id, i.secrecy_rank, i.file_name, i.source_type, i.source_size, i.status, i.pages, i.error, i.attempts, i.proposed,
                   i.confidence, i.described, i.described_by, i.described_at, i.created_at, i.finished_at, i.ocr_millis
            from archive_item i""";

    private static Item itemRow(ResultSet rs, int n) throws SQLException {
        return new Item(rs.getLong("id"), rs.getLong("batch_id"), rs.getLong("unit_id"), SecrecyLevel.ofRank(rs.getInt("secrecy_rank")),
                rs.getString("file_name"), rs.getString("source_type"),
                rs.getLong("source_size"), ItemStatus.valueOf(rs.getString("status")), (Integer) rs.getObject("pages"), rs.getString("error"),
                rs.getInt("attempts"), description(rs.getString("proposed")).orElse(Description.EMPTY), confidence(rs.getString("confidence")),
                description(rs.getString("described")).orElse(null), rs.getString("described_by"), instant(rs, "described_at"),
                rs.getTimestamp("created_at").toInstant(), instant(rs, "finished_at"), (Long) rs.getObject("ocr_millis"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Optional<Description> description(@Nullable String json) {
        if (json == null) return Optional.empty();
        Map<String, Object> m = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        return Optional.of(Description.of(m));
    }

    private static Map<String, Double> confidence(@Nullable String json) {
        var m = new LinkedHashMap<String, Double>();
        for (String k : Description.EMPTY.asMap().keySet()) m.put(k, 0.0);
        if (json != null) m.putAll(JSON.readValue(json, new TypeReference<Map<String, Double>>() {}));
        return m;
    }
}
