package vn.truongson.archive;

import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Vietnam;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;

/**
 * Disposal (tiêu hủy) of records whose retention period has expired (Law on Archives 2024; docs/archive.md): an
 * archivist of the unit proposes a list of expired records with a reason; a commander of the unit, who must be another
 * person, approves or rejects it. Nothing is destroyed before the approval; on approval, in one transaction, the
 * documents' text leaves the search, their files can no longer be opened and the records become DISPOSED. The list
 * (each record's code, title, year, retention and documents, as proposed) is kept for good, and each step is audited.
 *
 * <p>A record's retention expires at the end of the year {@code year + retentionYears}: it may be proposed from the
 * next year on. Permanent records never expire.
 */
@Service
public class Disposals {

    /** Who decides (the head of the unit, as the Law has the head of the agency decide). */
    public static final Set<Role> DECIDERS = Set.of(Role.COMMANDER);
    static final Set<Role> READERS = Set.of(Role.ARCHIVIST, Role.COMMANDER);

    public enum Status { PROPOSED, APPROVED, REJECTED }

    public record Disposal(long id, long unitId, String reason, Status status, List<Map<String, Object>> listing, String proposedBy,
            Instant proposedAt, @Nullable String decidedBy, @Nullable Instant decidedAt) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Records records;
    private final Clock clock;
    private final FileStore files;
    private final SealedFiles sealed;

    Disposals(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Records records, Clock clock, FileStore files, SealedFiles sealed) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.records = records;
        this.clock = clock;
        this.files = files;
        this.sealed = sealed;
    }

    /** Proposes the disposal of expired records of one unit; they are held (DISPOSAL_PROPOSED) until the decision. */
    @Transactional
    public Disposal propose(@Nullable Long unitId, @Nullable List<?> recordIds, @Nullable String reason) {
        Actor a = policy.actor();
        var errors = new ArrayList<FieldError>();
        if (unitId == null) errors.add(new FieldError("unitId", "archive.field.required"));
        String why = Inputs.text(errors, "reason", reason, 2000, true, "archive.field.too-long");
        var wanted = Inputs.ids(errors, "recordIds", recordIds, Records.MAX_IDS);
        if (!errors.isEmpty()) throw new BadInput(errors);
        policy.requireOnUnit(Archive.WRITERS, unitId);
        int thisYear = Year.now(clock.withZone(Vietnam.ZONE)).getValue();
        var listing = new ArrayList<Map<String, Object>>();
        var ids = new ArrayList<Long>();
        int rank = 0;
        // Held while we look, so that two proposals cannot take the same record; locked in one order, so that two lists
        // naming the same records in other orders never wait on each other in a circle.
        jdbc.sql("select id from archive_record where id = any(:ids) order by id for update").param("ids", wanted.values().toArray(Long[]::new))
                .query(Long.class).list();
        for (var w : wanted.entrySet()) {
            String field = "recordIds[" + w.getKey() + "]";
            long id = w.getValue();
            Records.ArchiveRecord r;
            try {
                r = records.get(id);
            } catch (DomainException.NotFound e) {
                errors.add(new FieldError(field, "archive.disposal.record-unknown"));
                continue;
            }
            if (r.unitId() != unitId) errors.add(new FieldError(field, "archive.record.item-unit"));
            else if (r.permanent() || r.retentionYears() == null || r.year() + r.retentionYears() >= thisYear) {
                errors.add(new FieldError(field, "archive.disposal.not-expired"));
            } else if (r.status() == Records.Status.DISPOSAL_PROPOSED || r.status() == Records.Status.DISPOSED) {
                errors.add(new FieldError(field, "archive.disposal.already"));
            } else {
                ids.add(id);
                listing.add(entry(r));
                rank = Math.max(rank, r.secrecy().rank());
            }
        }
        if (!errors.isEmpty()) throw new BadInput(errors);
        // The list names what its records hold: it is as secret as the most secret of them.
        long id = jdbc.sql("insert into archive_disposal (unit_id, reason, status, listing, proposed_by, proposed_by_official, secrecy_rank)"
                + " values (?, ?, 'PROPOSED', ?, ?, ?, ?) returning id")
                .params(unitId, why, JSON.writeValueAsString(listing), a.username(), a.officialId(), rank).query(Long.class).single();
        for (long r : ids) {
            jdbc.sql("insert into archive_disposal_record (disposal_id, record_id) values (?, ?)").params(id, r).update();
            jdbc.sql("update archive_record set status = 'DISPOSAL_PROPOSED' where id = ?").param(r).update();
        }
        audit.record("archive.disposal.propose", "archive-disposal:" + id, AuditTrail.SUCCESS, "unit " + unitId + ", records " + ids + ": " + why);
        return get(id);
    }

    /** Disposal lists the caller may see (ARCHIVIST or COMMANDER of the unit), newest first. */
    public List<Disposal> list(int limit) {
        SqlFilter acl = policy.visibility(READERS).where("d.unit_id", "d.secrecy_rank");
        return acl.bind(jdbc.sql("select d.* from archive_disposal d where " + acl.sql() + " order by d.id desc limit :limit"))
                .param("limit", Math.clamp(limit, 1, 500)).query((rs, n) -> row(rs)).list();
    }

    public Disposal get(long id) {
        SqlFilter acl = policy.visibility(READERS).where("d.unit_id", "d.secrecy_rank");
        return acl.bind(jdbc.sql("select d.* from archive_disposal d where d.id = :id and " + acl.sql())).param("id", id).query((rs, n) -> row(rs))
                .optional().orElseThrow(() -> new DomainException.NotFound("archive-disposal", id));
    }

    /**
     * The decision on a proposed list, by a commander of the unit who did not propose it (two persons): approved, the
     * records' documents are destroyed; rejected, the records return to what they were. 409 once decided.
     */
    @Transactional
    public Disposal decide(long id, boolean approve) {
        Actor a = policy.actor();
        Disposal d = get(id);
        policy.requireOnUnit(DECIDERS, d.unitId());
        // Two persons: the proposer may not decide, whichever of his roles he acts in (an official holding both ARCHIVIST
        // and COMMANDER), nor under a renamed account, decided or not; V1610's check refuses it in the database too.
        Long proposer = jdbc.sql("select proposed_by_official from archive_disposal where id = ?").param(id).query((rs, n) -> (Long) rs.getObject(1)).list().getFirst();
        if (d.proposedBy().equals(a.username()) || (proposer != null && proposer == a.officialId())) {
            throw new DomainException.Forbidden("archive.disposal.same-person");
        }
        jdbc.sql("select id from archive_disposal where id = ? for update").param(id).query(Long.class).single();
        d = get(id);
        if (d.status() != Status.PROPOSED) throw new DomainException.Conflict("archive.disposal.decided");
        List<Long> recordIds = jdbc.sql("select record_id from archive_disposal_record where disposal_id = ? order by record_id").param(id)
                .query(Long.class).list();
        jdbc.sql("update archive_disposal set status = ?, decided_by = ?, decided_by_official = ?, decided_at = now() where id = ?")
                .params(approve ? "APPROVED" : "REJECTED", a.username(), a.officialId(), id).update();
        int documents = 0;
        int erased = 0;
        for (long r : recordIds) {
            if (approve) {
                List<Long> items = jdbc.sql("select item_id from archive_record_item where record_id = ?").param(r).query(Long.class).list();
                for (long i : items) {
                    jdbc.sql("delete from archive_page where item_id = ?").param(i).update();
                    erased += erase(i);
                    documents++;
                }
                jdbc.sql("update archive_record set status = 'DISPOSED' where id = ?").param(r).update();
            } else {
                jdbc.sql("update archive_record set status = case when handed_over_at is null then 'OPEN' else 'HANDED_OVER' end where id = ?").param(r).update();
            }
        }
        audit.record(approve ? "archive.disposal.approve" : "archive.disposal.reject", "archive-disposal:" + id, AuditTrail.SUCCESS,
                approve ? "destroyed records " + recordIds + " (" + documents + " documents, " + erased + " stored files erased), proposed by " + d.proposedBy()
                        : "records " + recordIds + " kept, proposed by " + d.proposedBy());
        return get(id);
    }

    /**
     * Destroys one document's bytes: its sealed scan and PDF (key and ciphertext), and its scan and PDF in the
     * content-addressed store unless another document still kept (or any other module's row) holds the same content.
     * The item's row stays, with its checksums and {@code erased_at}: the record of what was destroyed. Answers the files erased.
     */
    private int erase(long itemId) {
        record Refs(int rank, @Nullable String source, @Nullable String ocr, @Nullable Long sealedSource, @Nullable Long sealedOcr) {}
        Refs refs = jdbc.sql("select secrecy_rank, source_sha256, ocr_sha256, source_sealed_id, ocr_sealed_id from archive_item where id = ?").param(itemId)
                .query((rs, n) -> new Refs(rs.getInt(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4), (Long) rs.getObject(5))).single();
        jdbc.sql("update archive_item set status = 'DISPOSED', erased_at = now() where id = ?").param(itemId).update();
        int n = 0;
        for (Long s : new Long[] {refs.sealedSource(), refs.sealedOcr()}) {
            if (s != null) {
                sealed.erase(s);
                n++;
            }
        }
        if (refs.rank() > 0) return n; // a classified item's checksums name sealed plaintext, never the shared store
        for (String sha : new java.util.LinkedHashSet<>(java.util.Arrays.asList(refs.source(), refs.ocr()))) {
            if (sha == null) continue;
            // Asked under the store's lock on the content, so an upload of the same bytes meanwhile is seen.
            boolean erasedNow = files.erase(sha, "archive_", c -> jdbc.sql("""
                    select exists (select 1 from archive_item where erased_at is null and (source_sha256 = :c or ocr_sha256 = :c))
                        or exists (select 1 from archive_record where seal_sha256 = :c)""").param("c", c).query(Boolean.class).single());
            if (erasedNow) n++;
        }
        return n;
    }

    private static Map<String, Object> entry(Records.ArchiveRecord r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("recordId", r.id());
        m.put("code", r.code());
        m.put("title", r.title());
        m.put("year", r.year());
        m.put("retentionYears", r.retentionYears());
        m.put("documents", r.items().stream().map(f -> {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("itemId", f.itemId());
            doc.put("seq", f.seq());
            doc.put("fileName", f.fileName());
            doc.put("pages", f.pages());
            doc.putAll(f.description().asMap());
            return doc;
        }).toList());
        return m;
    }

    private static Disposal row(java.sql.ResultSet rs) throws java.sql.SQLException {
        var decided = rs.getTimestamp("decided_at");
        List<Map<String, Object>> listing = JSON.readValue(rs.getString("listing"), new TypeReference<List<Map<String, Object>>>() {});
        return new Disposal(rs.getLong("id"), rs.getLong("unit_id"), rs.getString("reason"), Status.valueOf(rs.getString("status")), listing,
                rs.getString("proposed_by"), rs.getTimestamp("proposed_at").toInstant(), rs.getString("decided_by"),
                decided == null ? null : decided.toInstant());
    }
}
