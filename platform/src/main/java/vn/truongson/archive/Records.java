package vn.truongson.archive;

import vn.truongson.core.Vietnam;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.SqlFilter;
import vn.truongson.archive.internal.ArchiveProperties;
import vn.truongson.archive.internal.BagIt;
import org.springframework.beans.factory.ObjectProvider;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.signing.Signatures;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;

/**
 * Records (hồ sơ, Decree 30/2020 Chapter IV): an archivist files digitised documents of the unit into a record with its
 * code, title, year and retention period (thời hạn bảo quản: permanent or a number of years, Circular 10/2022/TT-BNV),
 * then hands it over (nộp lưu) as a BagIt package: the searchable PDFs, a metadata file per document and one for the
 * record, with SHA-256 manifests. The record and its documents' descriptions are then closed to changes, and the package,
 * whose SHA-256 the record and the audit trail keep, is made again identically whenever it is fetched.
 */
@Service
public class Records {

    public enum Status { OPEN, HANDED_OVER, DISPOSAL_PROPOSED, DISPOSED }

    /** The most ids one request may name (documents to file, records to dispose of). */
    public static final int MAX_IDS = 1000;

    public record Filed(long itemId, int seq, String fileName, @Nullable Integer pages, Description description) {}

    public record ArchiveRecord(long id, long unitId, String code, String title, int year, @Nullable Integer retentionYears, boolean permanent,
            Status status, String createdBy, Instant createdAt, @Nullable String handedOverBy, @Nullable Instant handedOverAt,
            @Nullable String packageSha256, List<Filed> items, SecrecyLevel secrecy, boolean sealed) {}

    /** The handed-over package: a ZIP holding one BagIt bag. */
    public record Package(String fileName, InputStream content) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId VIETNAM = Vietnam.ZONE;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Archive archive;
    private final Clock clock;
    private final FileStore files;
    private final SealedFiles sealedFiles;
    private final ObjectProvider<Signatures> signatures;
    private final Units units;
    private final ArchiveProperties props;

    Records(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Archive archive, Clock clock, FileStore files, SealedFiles sealedFiles,
            ObjectProvider<Signatures> signatures, Units units, ArchiveProperties props) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.archive = archive;
        this.clock = clock;
        this.files = files;
        this.sealedFiles = sealedFiles;
        this.signatures = signatures;
        this.units = units;
        this.props = props;
    }

    @Transactional
    public ArchiveRecord create(@Nullable Long unitId, @Nullable String code, @Nullable String title, @Nullable Integer year,
            @Nullable Integer retentionYears, @Nullable Boolean permanent) {
        return create(unitId, code, title, year, retentionYears, permanent, null);
    }

    /**
     * A new record of a unit the archivist's grant covers, at a secrecy level (absent = Thường). A classified record
     * (Mật and above), as a classified batch, needs the archivist's clearance and a zone that carries the level, else a
     * 400 on {@code secrecy}; the policy then decides who sees it, and every read of it is audited.
     */
    @Transactional
    public ArchiveRecord create(@Nullable Long unitId, @Nullable String code, @Nullable String title, @Nullable Integer year,
            @Nullable Integer retentionYears, @Nullable Boolean permanent, @Nullable String secrecy) {
        Actor a = policy.actor();
        var errors = new ArrayList<FieldError>();
        if (unitId == null) errors.add(new FieldError("unitId", "archive.field.required"));
        String c = Inputs.text(errors, "code", code, 50, true, "archive.field.too-long");
        String t = Inputs.text(errors, "title", title, 500, true, "archive.field.too-long");
        int thisYear = Year.now(clock.withZone(VIETNAM)).getValue();
        if (year == null) errors.add(new FieldError("year", "archive.field.required"));
        else if (year < 1945 || year > thisYear) errors.add(new FieldError("year", "archive.year.range", 1945, thisYear));
        boolean forever = Boolean.TRUE.equals(permanent);
        if (forever == (retentionYears != null)) errors.add(new FieldError("retentionYears", "archive.record.retention"));
        else if (retentionYears != null && (retentionYears < 1 || retentionYears > 100)) errors.add(new FieldError("retentionYears", "archive.record.retention"));
        SecrecyLevel level = level(errors, secrecy);
        if (!errors.isEmpty()) throw new BadInput(errors);
        policy.requireOnUnit(Archive.WRITERS, unitId);
        requireLevel(unitId, level);
        Long taken = jdbc.sql("select id from archive_record where unit_id = ? and year = ? and code = ?").params(unitId, year, c).query(Long.class)
                .optional().orElse(null);
        if (taken != null) throw new BadInput("code", "archive.record.code-taken", c);
        long id = jdbc.sql("""
                insert into archive_record (unit_id, code, title, year, retention_years, secrecy_rank, status, created_by)
                values (?, ?, ?, ?, ?, ?, 'OPEN', ?) on conflict (unit_id, year, code) do nothing returning id""")
                .params(unitId, c, t, year, retentionYears, level.rank(), a.username()).query(Long.class).optional()
                .orElseThrow(() -> new BadInput("code", "archive.record.code-taken", c));
        audit.record("archive.record.create", "archive-record:" + id, AuditTrail.SUCCESS,
                unitId + "/" + year + " " + c + " (" + level.name() + "): " + t + "; " + (forever ? "permanent" : retentionYears + " years"));
        return get(id);
    }

    /** A secrecy level named by its code (absent = Thường); an unknown name is an error on {@code secrecy}. */
    private static SecrecyLevel level(List<FieldError> errors, @Nullable String secrecy) {
        SecrecyLevel level = Inputs.optionalEnum(SecrecyLevel.class, "secrecy", secrecy, SecrecyLevel.THUONG, errors);
        if (level == null) {
            errors.removeLast();
            errors.add(new FieldError("secrecy", "archive.secrecy.invalid"));
        }
        return level == null ? SecrecyLevel.THUONG : level;
    }

    /** The archivist may give a record of the unit that level: his clearance and the request's zone cover it, else 400 on secrecy. */
    private void requireLevel(long unitId, SecrecyLevel level) {
        if (level.isClassified() && !policy.permits(Archive.WRITERS, new ProtectedRecord("archive-record", 0L, unitId, level))) {
            throw new BadInput("secrecy", "archive.record.secrecy-not-allowed", level.vietnamese());
        }
    }

    /**
     * Changes the secrecy level of an open record: an archivist allowed on the record as it is and at the new level
     * (clearance and zone, else 400 on {@code secrecy}); never below its most secret document (400); audited. Once
     * handed over or on a disposal list the level is closed (409), as the package and the list carry it.
     */
    @Transactional
    public ArchiveRecord reclassify(long recordId, @Nullable String secrecy) {
        var errors = new ArrayList<FieldError>();
        if (secrecy == null || secrecy.isBlank()) errors.add(new FieldError("secrecy", "problem.field.required"));
        SecrecyLevel level = level(errors, secrecy);
        if (!errors.isEmpty()) throw new BadInput(errors);
        ArchiveRecord r = get(recordId);
        policy.require(Archive.WRITERS, new ProtectedRecord("archive-record", recordId, r.unitId(), r.secrecy()));
        jdbc.sql("select id from archive_record where id = ? for update").param(recordId).query(Long.class).single();
        r = get(recordId);
        if (r.status() != Status.OPEN) throw new DomainException.Conflict("archive.record.closed");
        requireLevel(r.unitId(), level);
        int highest = jdbc.sql("select coalesce(max(i.secrecy_rank), 0) from archive_record_item ri join archive_item i on i.id = ri.item_id where ri.record_id = ?")
                .param(recordId).query(Integer.class).single();
        if (level.rank() < highest) throw new BadInput("secrecy", "archive.record.secrecy-below-items", SecrecyLevel.ofRank(highest).vietnamese());
        if (level != r.secrecy()) {
            jdbc.sql("update archive_record set secrecy_rank = ? where id = ?").params(level.rank(), recordId).update();
            audit.record("archive.record.secrecy", "archive-record:" + recordId, AuditTrail.SUCCESS, r.secrecy().name() + " → " + level.name());
        }
        return get(recordId);
    }

    public List<ArchiveRecord> list(int limit) {
        SqlFilter acl = policy.visibility(Archive.READERS).where("r.unit_id", "r.secrecy_rank");
        return acl.bind(jdbc.sql("select r.* from archive_record r where " + acl.sql() + " order by r.year desc, r.code limit :limit"))
                .param("limit", Math.clamp(limit, 1, 500)).query((rs, n) -> row(rs, List.of())).list();
    }

    public ArchiveRecord get(long id) {
        SqlFilter acl = policy.visibility(Archive.READERS).where("r.unit_id", "r.secrecy_rank");
        ArchiveRecord r = acl.bind(jdbc.sql("select r.* from archive_record r where r.id = :id and " + acl.sql())).param("id", id)
                .query((rs, n) -> row(rs, List.of())).optional().orElseThrow(() -> new DomainException.NotFound("archive-record", id));
        // A classified record the query let through is asked of the policy again, which audits the read.
        if (r.secrecy().isClassified()) policy.require(Archive.READERS, new ProtectedRecord("archive-record", id, r.unitId(), r.secrecy()));
        List<Filed> items = jdbc.sql("""
                select ri.item_id, ri.seq, i.file_name, i.pages, coalesce(i.described, i.proposed) as d
                from archive_record_item ri join archive_item i on i.id = ri.item_id where ri.record_id = ? order by ri.seq""")
                .param(id).query((rs, n) -> new Filed(rs.getLong(1), rs.getInt(2), rs.getString(3), (Integer) rs.getObject(4), description(rs.getString(5))))
                .list();
        return new ArchiveRecord(r.id(), r.unitId(), r.code(), r.title(), r.year(), r.retentionYears(), r.permanent(), r.status(), r.createdBy(),
                r.createdAt(), r.handedOverBy(), r.handedOverAt(), r.packageSha256(), items, r.secrecy(), r.sealed());
    }

    /** Files done documents of the record's unit into it, in the order given; each document goes into one record only. */
    @Transactional
    public ArchiveRecord file(long recordId, @Nullable List<?> itemIds) {
        ArchiveRecord r = get(recordId);
        policy.require(Archive.WRITERS, new ProtectedRecord("archive-record", recordId, r.unitId(), r.secrecy()));
        if (r.status() != Status.OPEN) throw new DomainException.Conflict("archive.record.closed");
        var errors = new ArrayList<FieldError>();
        var wanted = Inputs.ids(errors, "itemIds", itemIds, MAX_IDS);
        if (wanted.isEmpty()) throw new BadInput(errors);
        jdbc.sql("select id from archive_record where id = ? for update").param(recordId).query(Long.class).single();
        // The documents too, in one order: two records filing the same document at once see each other (one 400, never a
        // unique-key failure), and no two requests wait on each other in a circle.
        jdbc.sql("select id from archive_item where id = any(:ids) order by id for update").param("ids", wanted.values().toArray(Long[]::new))
                .query(Long.class).list();
        var ids = new ArrayList<Long>();
        for (var w : wanted.entrySet()) {
            String field = "itemIds[" + w.getKey() + "]";
            long id = w.getValue();
            Archive.Item i;
            try {
                i = archive.item(id);
            } catch (DomainException.NotFound e) {
                errors.add(new FieldError(field, "archive.record.item-unknown"));
                continue;
            }
            if (i.unitId() != r.unitId()) errors.add(new FieldError(field, "archive.record.item-unit"));
            // A classified document never goes into a record (nor its package) below its level.
            else if (i.secrecy().rank() > r.secrecy().rank()) errors.add(new FieldError(field, "archive.record.item-secrecy"));
            else if (i.status() != Archive.ItemStatus.DONE) errors.add(new FieldError(field, "archive.record.item-not-done"));
            else if (jdbc.sql("select count(*) from archive_record_item where item_id = ?").param(id).query(Long.class).single() > 0) {
                errors.add(new FieldError(field, "archive.record.item-filed"));
            } else ids.add(id);
        }
        if (!errors.isEmpty()) throw new BadInput(errors);
        int seq = jdbc.sql("select coalesce(max(seq), 0) from archive_record_item where record_id = ?").param(recordId).query(Integer.class).single();
        for (long id : ids) {
            jdbc.sql("insert into archive_record_item (record_id, item_id, seq) values (?, ?, ?)").params(recordId, id, ++seq).update();
        }
        audit.record("archive.record.file", "archive-record:" + recordId, AuditTrail.SUCCESS, "items " + ids);
        return get(recordId);
    }

    /**
     * Hands the record over (nộp lưu): the BagIt package is made, kept in the file store and the record closed; audited
     * with the package's SHA-256. A record without documents cannot be handed over (409); nor twice.
     */
    @Transactional
    public ArchiveRecord handOver(long recordId) {
        Actor a = policy.actor();
        ArchiveRecord r = get(recordId);
        policy.require(Archive.WRITERS, new ProtectedRecord("archive-record", recordId, r.unitId(), r.secrecy()));
        jdbc.sql("select id from archive_record where id = ? for update").param(recordId).query(Long.class).single();
        r = get(recordId);
        if (r.status() != Status.OPEN) throw new DomainException.Conflict("archive.record.closed");
        if (r.items().isEmpty()) throw new DomainException.Conflict("archive.record.empty");
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // The seal first: the payload manifest (the bag written once without it, keeping nothing) named on a page signed as the unit.
        Signatures signing = signatures.getIfAvailable();
        if (signing == null || !signing.hasUnitCertificate(r.unitId())) throw new DomainException.Conflict("archive.record.no-seal");
        var manifest = new ArrayList<String>();
        bag(r, at, new CountingSink(sha256()), manifest::addAll, null);
        byte[] manifestFile = (String.join("\n", manifest) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String manifestSha = java.util.HexFormat.of().formatHex(sha256().digest(manifestFile));
        byte[] seal = signing.signAsUnit(r.unitId(), Decree30.pdf(sealPage(r, at, manifestSha, manifest.size())));
        String sealSha = null;
        Long sealId = null;
        if (r.secrecy().isClassified()) sealId = sealedFiles.seal(seal, Decree30.PDF_TYPE);
        else sealSha = files.store(new java.io.ByteArrayInputStream(seal), SEAL_FILE, 20L * 1024 * 1024).sha256();
        var digest = sha256();
        var counting = new CountingSink(digest);
        bag(r, at, counting, m -> {}, seal);
        String sha = java.util.HexFormat.of().formatHex(digest.digest());
        jdbc.sql("""
                update archive_record set status = 'HANDED_OVER', handed_over_by = ?, handed_over_at = ?, package_sha256 = ?, seal_sha256 = ?,
                seal_sealed_id = ? where id = ?""")
                .params(a.username(), java.sql.Timestamp.from(at), sha, sealSha, sealId, recordId).update();
        audit.record("archive.record.hand-over", "archive-record:" + recordId, AuditTrail.SUCCESS,
                r.items().size() + " documents; BagIt package sha256 " + sha + ", " + counting.count + " bytes; sealed by unit " + r.unitId()
                        + " over manifest-sha256.txt " + manifestSha);
        return get(recordId);
    }

    /** The seal's file name inside the bag (a tag file, listed in tagmanifest-sha256.txt). */
    public static final String SEAL_FILE = "niem-phong.pdf";

    /**
     * The seal page (biên bản niêm phong): a Decree-30 page of the unit naming the record, its documents' count and the
     * SHA-256 of the bag's {@code manifest-sha256.txt} (in groups of 16, so that a line break never falls inside one),
     * which the unit's signature then covers: whoever checks the signature ({@code pdfsig}) and the manifest's checksum
     * ({@code sha256sum}) knows every payload file is the one the unit handed over.
     */
    private Decree30Document sealPage(ArchiveRecord r, Instant at, String manifestSha, int files) {
        // Named, not asked: the record was allowed already, and the parent agency (printed above the unit) is outside its grant.
        var unit = units.named(List.of(r.unitId())).get(r.unitId());
        if (unit == null) throw new DomainException.NotFound("unit", r.unitId());
        var parentUnit = unit.parentId() == null ? null : units.named(List.of(unit.parentId())).get(unit.parentId());
        String parent = parentUnit == null ? null : parentUnit.name();
        var paragraphs = List.of(
                new Decree30Document.Paragraph("Hồ sơ số " + r.code() + " năm " + r.year() + ": " + r.title() + "; thời hạn bảo quản: "
                        + (r.permanent() ? "vĩnh viễn" : r.retentionYears() + " năm") + "; gồm " + r.items().size() + " tài liệu ("
                        + files + " tệp trong gói)."),
                new Decree30Document.Paragraph("Gói nộp lưu theo BagIt (RFC 8493). Mã kiểm tra SHA-256 của tệp manifest-sha256.txt:"),
                // One group a line: a justified line of four groups was read out of order by pdftotext (as columns).
                new Decree30Document.Paragraph(manifestSha.substring(0, 32)),
                new Decree30Document.Paragraph(manifestSha.substring(32)),
                new Decree30Document.Paragraph("Chữ ký số của cơ quan trên văn bản này xác nhận toàn bộ tệp tài liệu trong gói."));
        return new Decree30Document(parent, unit.name(), DocumentNumber.notIssued("BB-NL"), r.secrecy(),
                new PlaceAndDate(props.sealPlace(), LocalDate.ofInstant(at, VIETNAM)), "Biên bản",
                "Niêm phong gói nộp lưu hồ sơ " + r.code(), List.of(new Decree30Document.Section(null, List.copyOf(paragraphs))),
                new Decree30Document.Signature(List.of("THỦ TRƯỞNG ĐƠN VỊ"), null), List.of("Lưu trữ lịch sử", "Lưu: VT, " + r.code()));
    }

    /** The kept seal of a handed-over record (null before hand-over). */
    private byte @Nullable [] seal(long recordId) {
        record S(@Nullable String sha, @Nullable Long id) {}
        S s = jdbc.sql("select seal_sha256, seal_sealed_id from archive_record where id = ?").param(recordId)
                .query((rs, n) -> new S(rs.getString(1), (Long) rs.getObject(2))).single();
        if (s.id() != null) return sealedFiles.open(s.id());
        if (s.sha() == null) return null;
        try (InputStream in = files.open(s.sha())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The package of a record: made again, byte for byte, from the stored searchable PDFs and the descriptions (which
     * hand-over freezes) with the hand-over's time in every entry, and checked against the SHA-256 kept at hand-over.
     */
    private void bag(ArchiveRecord r, Instant at, OutputStream out, java.util.function.Consumer<List<String>> manifest, byte @Nullable [] seal) {
        String name = packageName(r);
        var info = new LinkedHashMap<String, String>();
        info.put("Source-Organization", "unit " + r.unitId());
        info.put("External-Identifier", r.code());
        info.put("External-Description", r.title());
        info.put("Bagging-Date", LocalDate.ofInstant(at, VIETNAM).toString());
        info.put("Retention-Period", r.permanent() ? "permanent (vĩnh viễn)" : r.retentionYears() + " years");
        if (r.secrecy().isClassified()) info.put("Security-Classification", r.secrecy().name() + " (" + r.secrecy().vietnamese() + ")");
        info.put("Bag-Software-Agent", "Truong Son archive (RFC 8493 writer)");
        var payload = new ArrayList<BagIt.Payload>();
        var recordMeta = new LinkedHashMap<String, Object>();
        recordMeta.put("code", r.code());
        recordMeta.put("title", r.title());
        recordMeta.put("year", r.year());
        recordMeta.put("unitId", r.unitId());
        recordMeta.put("retention", r.permanent() ? "PERMANENT" : r.retentionYears());
        var docs = new ArrayList<Map<String, Object>>();
        for (Filed f : r.items()) {
            String base = String.format("%04d-tai-lieu-%d", f.seq(), f.itemId());
            long itemId = f.itemId();
            payload.add(new BagIt.Payload(base + ".pdf", () -> archive.open(itemId, false)));
            var meta = new LinkedHashMap<String, Object>(f.description().asMap());
            meta.put("seq", f.seq());
            meta.put("pages", f.pages());
            meta.put("file", base + ".pdf");
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
            payload.add(new BagIt.Payload(base + ".json", () -> new java.io.ByteArrayInputStream(json)));
            docs.add(meta);
        }
        recordMeta.put("documents", docs);
        byte[] recordJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(recordMeta);
        payload.add(new BagIt.Payload("ho-so.json", () -> new java.io.ByteArrayInputStream(recordJson)));
        var tags = new LinkedHashMap<String, byte[]>();
        if (seal != null) tags.put(SEAL_FILE, seal);
        manifest.accept(BagIt.write(out, name, info, payload, tags, at.toEpochMilli()));
    }

    private static String packageName(ArchiveRecord r) {
        return ("ho-so-" + r.year() + "-" + r.code()).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts and hashes what is written, keeping nothing. */
    private static final class CountingSink extends OutputStream {
        private final java.security.MessageDigest digest;
        long count;

        CountingSink(java.security.MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            count += len;
        }
    }

    /** The handed-over package (a temporary file, deleted when the stream is closed); audited as read. */
    @Transactional
    public Package pack(long recordId) {
        ArchiveRecord r = get(recordId);
        if (r.packageSha256() == null || r.handedOverAt() == null) throw new DomainException.Conflict("archive.record.not-handed-over");
        try {
            Path tmp = Files.createTempFile("bag-", ".zip");
            var digest = sha256();
            byte[] seal = seal(recordId);
            try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                bag(r, r.handedOverAt(), out, m -> {}, seal);
            }
            String sha = java.util.HexFormat.of().formatHex(digest.digest());
            if (!sha.equals(r.packageSha256())) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("record " + recordId + ": the package no longer matches its hand-over checksum " + r.packageSha256());
            }
            audit.record("archive.record.package", "archive-record:" + recordId, AuditTrail.SUCCESS, sha);
            InputStream in = Files.newInputStream(tmp, java.nio.file.StandardOpenOption.DELETE_ON_CLOSE);
            return new Package(packageName(r) + ".zip", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document that may be filed into the record: done, of the record's unit, Thường, in no record; newest first. */
    public record Candidate(long itemId, String title, @Nullable Integer pages) {}

    public List<Candidate> candidates(long recordId) {
        ArchiveRecord r = get(recordId);
        SqlFilter acl = policy.visibility(Archive.READERS).where("i.unit_id", "i.secrecy_rank");
        return acl.bind(jdbc.sql("select i.id from archive_item i where i.unit_id = :unit and i.status = 'DONE' and i.secrecy_rank <= :rank and " + acl.sql()
                + " and not exists (select 1 from archive_record_item ri where ri.item_id = i.id) order by i.id desc limit 200"))
                .param("unit", r.unitId()).param("rank", r.secrecy().rank()).query(Long.class).list().stream().map(archive::item)
                .map(i -> new Candidate(i.id(), i.title(), i.pages())).toList();
    }

    /** Whether the record's retention has expired (at the end of the year {@code year + retentionYears}). */
    public boolean expired(ArchiveRecord r) {
        return !r.permanent() && r.retentionYears() != null && r.year() + r.retentionYears() < Year.now(clock.withZone(VIETNAM)).getValue();
    }

    /** The id of the proposed disposal list holding the record, if any. */
    public @Nullable Long pendingDisposal(long recordId) {
        get(recordId);
        return jdbc.sql("select d.id from archive_disposal d join archive_disposal_record dr on dr.disposal_id = d.id"
                + " where dr.record_id = ? and d.status = 'PROPOSED'").param(recordId).query(Long.class).optional().orElse(null);
    }

    private static ArchiveRecord row(ResultSet rs, List<Filed> items) throws SQLException {
        Integer years = (Integer) rs.getObject("retention_years");
        var handed = rs.getTimestamp("handed_over_at");
        return new ArchiveRecord(rs.getLong("id"), rs.getLong("unit_id"), rs.getString("code"), rs.getString("title"), rs.getInt("year"), years,
                years == null, Status.valueOf(rs.getString("status")), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("handed_over_by"), handed == null ? null : handed.toInstant(), rs.getString("package_sha256"), items,
                SecrecyLevel.ofRank(rs.getInt("secrecy_rank")), rs.getString("seal_sha256") != null || rs.getObject("seal_sealed_id") != null);
    }

    private static Description description(@Nullable String json) {
        if (json == null) return Description.EMPTY;
        return Description.of(JSON.readValue(json, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    }
}
