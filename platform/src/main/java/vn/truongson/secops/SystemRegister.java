package vn.truongson.secops;

import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;

/**
 * The register of information systems by security level (Decree 85/2016/NĐ-CP, Circular 12/2022/TT-BTTTT;
 * docs/security.md "Decree 85 register"): each system's level 1–5, owner and operating unit, its level dossier and the
 * approving decision, the checklist of required measures for its level (done, partly done, not done, with evidence), and
 * the periodic check's dates with an overdue warning. A system is guarded like a record of its owner unit at its
 * secrecy: whoever may not see it is answered as for a missing one.
 */
@Service
public class SystemRegister {

    /** Who may read the register of a unit. */
    public static final Set<Role> READERS = Set.of(Role.SECURITY_OFFICER, Role.ADMIN, Role.AUDITOR, Role.COMMANDER, Role.SYSTEM_OWNER);
    /** Who may register systems and keep their checklists. */
    public static final Set<Role> KEEPERS = Set.of(Role.SECURITY_OFFICER, Role.ADMIN, Role.SYSTEM_OWNER);
    /** Who records the approving decision of a level dossier (not the system owner alone: a second pair of eyes). */
    public static final Set<Role> APPROVERS = Set.of(Role.SECURITY_OFFICER, Role.ADMIN);

    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");
    static final int DUE_SOON_DAYS = 30;

    public enum DossierStatus {
        DRAFT("Đang lập hồ sơ"), SUBMITTED("Đã trình thẩm định"), APPROVED("Đã phê duyệt");

        private final String vietnamese;

        DossierStatus(String vietnamese) { this.vietnamese = vietnamese; }

        public String vietnamese() { return vietnamese; }
    }

    public enum ControlStatus {
        DONE("Đã thực hiện"), PARTIAL("Thực hiện một phần"), NOT_DONE("Chưa thực hiện");

        private final String vietnamese;

        ControlStatus(String vietnamese) { this.vietnamese = vietnamese; }

        public String vietnamese() { return vietnamese; }
    }

    /** What the register warns of: no approved level, the periodic check overdue, or due within 30 days. */
    public enum Warning {
        NOT_APPROVED("Chưa phê duyệt cấp độ"), REVIEW_OVERDUE("Quá hạn kiểm tra, đánh giá định kỳ"), REVIEW_DUE_SOON("Sắp đến hạn kiểm tra, đánh giá");

        private final String vietnamese;

        Warning(String vietnamese) { this.vietnamese = vietnamese; }

        public String vietnamese() { return vietnamese; }
    }

    public record Level(int level, String approver, String appraiser, String annex, int reviewMonths) {}

    /**
     * One system as the register shows it.
     *
     * @param nextReviewOn the last periodic check (or, before any, the approval) plus the level's interval; null before approval
     * @param required the measures its level requires; done/partial count their states
     */
    public record RegisteredSystem(long id, String code, String name, long ownerUnitId, @Nullable Long operatorUnitId, @Nullable String operatorName,
            int level, SecrecyLevel secrecy, @Nullable String catalogueCode, DossierStatus dossierStatus, @Nullable String decisionNumber,
            @Nullable LocalDate decisionDate, @Nullable String decisionBy, @Nullable LocalDate lastReviewOn, @Nullable LocalDate nextReviewOn,
            List<Warning> warnings, int required, int done, int partial, int version, String createdBy, Instant createdAt,
            @Nullable String updatedBy, @Nullable Instant updatedAt) {

        public ProtectedRecord asProtected() {
            return new ProtectedRecord("security-system", id, ownerUnitId, secrecy);
        }

        public boolean overdue() {
            return warnings.contains(Warning.REVIEW_OVERDUE);
        }
    }

    /** One required measure of a system and where it stands (NOT_DONE with no evidence until someone marks it). */
    public record ControlState(String code, String kind, String title, String source, ControlStatus status, @Nullable String evidence,
            @Nullable String evidenceName, boolean evidenceFile, @Nullable String updatedBy, @Nullable Instant updatedAt) {}

    public record NewSystem(@Nullable String code, @Nullable String name, @Nullable String ownerUnitId, @Nullable String operatorUnitId,
            @Nullable String operatorName, @Nullable Integer level, @Nullable String secrecy, @Nullable String catalogueCode) {}

    /** A change of the system's particulars; {@code version} is the one the person saw (409 when someone changed it since). */
    public record Change(@Nullable Integer version, @Nullable String name, @Nullable String operatorUnitId, @Nullable String operatorName,
            @Nullable Integer level) {}

    public record Approval(@Nullable String decisionNumber, @Nullable String decisionDate, @Nullable String decisionBy) {}

    private static final String COLUMNS = """
            s.id, s.code, s.name, s.owner_unit_id, s.operator_unit_id, s.operator_name, s.level, s.secrecy, s.catalogue_code, s.dossier_status,
            s.decision_number, s.decision_date, s.decision_by, s.last_review_on, s.version, s.created_by, s.created_at, s.updated_by, s.updated_at,
            l.review_months,
            (select count(*) from secops_control c where c.min_level <= s.level) as required,
            (select count(*) from secops_system_control x join secops_control c on c.code = x.control_code
               where x.system_id = s.id and c.min_level <= s.level and x.status = 'DONE') as done,
            (select count(*) from secops_system_control x join secops_control c on c.code = x.control_code
               where x.system_id = s.id and c.min_level <= s.level and x.status = 'PARTIAL') as partial""";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final FileStore files;

    SystemRegister(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, FileStore files) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.files = files;
    }

    static LocalDate today() {
        return LocalDate.now(WorkingCalendar.ZONE);
    }

    // ---- reads -----------------------------------------------------------------------------------

    public List<Level> levels() {
        return jdbc.sql("select level, approver, appraiser, annex, review_months from secops_level order by level")
                .query((rs, n) -> new Level(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5))).list();
    }

    /**
     * The systems the person may see, by code; {@code unitId}: only those owned within that unit's subtree (the unit
     * must itself be visible to the person, else 404); {@code q}: code or name, diacritics folded; {@code overdueOnly}:
     * only those with a warning.
     */
    @Transactional(readOnly = true)
    public List<RegisteredSystem> list(@Nullable Long unitId, @Nullable String q, boolean warningsOnly) {
        policy.requireAnyGrant(READERS);
        Visibility v = policy.visibility(READERS);
        SqlFilter acl = v.where("s.owner_unit_id", "s.secrecy");
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from secops_system s join secops_level l on l.level = s.level where " + acl.sql());
        Map<String, Object> params = new LinkedHashMap<>(acl.params());
        if (unitId != null) {
            String path = v.hierarchy().pathOf(unitId).orElse(null);
            if (path == null || !(v.coversUnitPath(unitId, path) || coversBelow(v, path)))
                throw new DomainException.NotFound("unit", unitId);
            sql.append(" and ").append(vn.truongson.access.UnitHierarchy.unitIn("s.owner_unit_id", "sub_units"));
            params.put("sub_units", v.hierarchy().unitsWithin(path));
        }
        if (q != null && !q.isBlank()) {
            String text = Inputs.requireText("q", q);
            if (text.length() > 200) throw new DomainException.BadInput("q", "problem.field.length", 1, 200);
            sql.append(" and s.search_text like :q");
            params.put("q", "%" + VietnameseText.fold(VietnameseText.nfc(text.strip())).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        sql.append(" order by s.code limit 2000");
        var spec = jdbc.sql(sql.toString());
        for (var e : params.entrySet()) spec = spec.param(e.getKey(), e.getValue());
        List<RegisteredSystem> all = spec.query(SystemRegister::map).list();
        return warningsOnly ? all.stream().filter(s -> !s.warnings().isEmpty()).toList() : all;
    }

    /** A unit the person reaches only through grants below it (a brigade's officer asking for his division's list). */
    private static boolean coversBelow(Visibility v, String path) {
        return v.everything() || v.subtreePaths().stream().anyMatch(p -> p.startsWith(path));
    }

    @Transactional(readOnly = true)
    public RegisteredSystem get(long id) {
        RegisteredSystem s = find(id);
        if (s == null || !policy.permits(READERS, s.asProtected())) throw new DomainException.NotFound("security-system", id);
        return s;
    }

    /** Whether the person may change the system's particulars and checklist (the screens: show the forms or not). */
    public boolean mayKeep(RegisteredSystem s) {
        return policy.permits(KEEPERS, s.asProtected());
    }

    public boolean mayApprove(RegisteredSystem s) {
        return policy.permits(APPROVERS, s.asProtected());
    }

    /** The measures the system's level requires, in order, with their state. */
    @Transactional(readOnly = true)
    public List<ControlState> controls(long id) {
        RegisteredSystem s = get(id);
        return jdbc.sql("""
                select c.code, c.kind, c.title, c.source, coalesce(x.status, 'NOT_DONE') as status, x.evidence, x.evidence_name,
                       x.evidence_file is not null as has_file, x.updated_by, x.updated_at
                from secops_control c left join secops_system_control x on x.control_code = c.code and x.system_id = :id
                where c.min_level <= :level order by c.position""").param("id", s.id()).param("level", s.level())
                .query((rs, n) -> new ControlState(rs.getString("code"), rs.getString("kind"), rs.getString("title"), rs.getString("source"),
                        ControlStatus.valueOf(rs.getString("status")), rs.getString("evidence"), rs.getString("evidence_name"), rs.getBoolean("has_file"),
                        rs.getString("updated_by"), instant(rs, "updated_at"))).list();
    }

    /** The evidence file of a measure (its name and content); 404 alike when the system is hidden or has none. */
    @Transactional
    public Map.Entry<String, InputStream> evidence(long id, String control) {
        RegisteredSystem s = get(id);
        var row = jdbc.sql("select evidence_file, evidence_name from secops_system_control where system_id = ? and control_code = ? and evidence_file is not null")
                .params(s.id(), control).query((rs, n) -> Map.entry(rs.getString(2), rs.getString(1))).optional()
                .orElseThrow(() -> new DomainException.NotFound("evidence", control));
        audit.record("secops.system.evidence.read", "security-system:" + s.code(), AuditTrail.SUCCESS, control);
        return Map.entry(row.getKey(), files.open(row.getValue()));
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional
    public RegisteredSystem register(NewSystem n) {
        Actor a = policy.actor();
        List<FieldError> errors = new ArrayList<>();
        String code = null;
        if (n.code() == null || n.code().isBlank()) errors.add(new FieldError("code", "problem.field.required"));
        else if (n.code().length() > 64 || !CODE.matcher(n.code()).matches()) errors.add(new FieldError("code", "problem.secops.system.code"));
        else code = n.code();
        String name = text(errors, "name", n.name(), 300, true);
        Long owner = id(errors, "ownerUnitId", n.ownerUnitId(), true);
        Long operator = id(errors, "operatorUnitId", n.operatorUnitId(), false);
        String operatorName = text(errors, "operatorName", n.operatorName(), 300, false);
        Integer level = level(errors, n.level());
        SecrecyLevel secrecy = SecrecyLevel.THUONG;
        if (n.secrecy() != null && !n.secrecy().isBlank()) {
            try {
                secrecy = SecrecyLevel.valueOf(n.secrecy().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("secrecy", "problem.secops.system.secrecy"));
            }
        }
        String catalogue = null;
        if (n.catalogueCode() != null && !n.catalogueCode().isBlank()) {
            if (n.catalogueCode().length() > 64 || !CODE.matcher(n.catalogueCode()).matches()) errors.add(new FieldError("catalogueCode", "problem.field.format"));
            else catalogue = n.catalogueCode();
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(KEEPERS, owner);
        if (!a.effectiveLevel(policy.zoneMax(a.zone())).covers(secrecy)) {
            audit.recordSeparately("secops.system.register", "security-system:" + code, AuditTrail.DENIED, "secrecy " + secrecy + " above the person's level");
            throw new DomainException.Forbidden("problem.secops.system.above-level", secrecy.vietnamese());
        }
        long id;
        try {
            id = jdbc.sql("""
                    insert into secops_system (code, name, owner_unit_id, operator_unit_id, operator_name, level, secrecy, catalogue_code, search_text, created_by)
                    values (:code, :name, :owner, :operator, :operatorName, :level, :secrecy, :catalogue, :search, :by)
                    on conflict (code) do nothing returning id""")
                    .param("code", code).param("name", name).param("owner", owner).param("operator", operator).param("operatorName", operatorName)
                    .param("level", level).param("secrecy", secrecy.rank()).param("catalogue", catalogue)
                    .param("search", VietnameseText.fold(code + " " + name)).param("by", a.username()).query(Long.class).optional().orElse(-1L);
        } catch (DuplicateKeyException e) {
            id = -1;
        }
        if (id < 0) throw new DomainException.Conflict("problem.secops.system.code-taken", code);
        audit.record("secops.system.register", "security-system:" + code, AuditTrail.SUCCESS, "level " + level + " unit:" + owner + " secrecy:" + secrecy);
        return find(id);
    }

    /** Name, operator, level. A changed level sends the dossier back to DRAFT: it is determined again (Decree 85, Art. 18). */
    @Transactional
    public RegisteredSystem update(long id, Change c) {
        List<FieldError> errors = new ArrayList<>();
        if (c.version() == null) errors.add(new FieldError("version", "problem.field.required"));
        String name = text(errors, "name", c.name(), 300, true);
        Long operator = id(errors, "operatorUnitId", c.operatorUnitId(), false);
        String operatorName = text(errors, "operatorName", c.operatorName(), 300, false);
        Integer level = level(errors, c.level());
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        RegisteredSystem s = kept(id);
        boolean relevel = level != s.level();
        int n = jdbc.sql("""
                update secops_system set name = :name, operator_unit_id = :operator, operator_name = :operatorName, level = :level,
                  search_text = :search, version = version + 1, updated_by = :by, updated_at = now(),
                  dossier_status = case when :relevel then 'DRAFT' else dossier_status end,
                  decision_number = case when :relevel then null else decision_number end,
                  decision_date = case when :relevel then null else decision_date end,
                  decision_by = case when :relevel then null else decision_by end
                where id = :id and version = :version""")
                .param("name", name).param("operator", operator).param("operatorName", operatorName).param("level", level)
                .param("search", VietnameseText.fold(s.code() + " " + name)).param("by", policy.actor().username()).param("relevel", relevel)
                .param("id", s.id()).param("version", c.version()).update();
        if (n != 1) throw new DomainException.Conflict("problem.secops.system.stale");
        audit.record("secops.system.update", "security-system:" + s.code(), AuditTrail.SUCCESS,
                relevel ? "level " + s.level() + " → " + level + ", dossier back to DRAFT" : "particulars");
        return find(s.id());
    }

    /** The level dossier goes to appraisal: DRAFT → SUBMITTED. */
    @Transactional
    public RegisteredSystem submit(long id) {
        RegisteredSystem s = kept(id);
        int n = jdbc.sql("update secops_system set dossier_status = 'SUBMITTED', version = version + 1, updated_by = ?, updated_at = now() where id = ? and dossier_status = 'DRAFT'")
                .params(policy.actor().username(), s.id()).update();
        if (n != 1) throw new DomainException.Conflict("problem.secops.system.dossier-state", s.dossierStatus().vietnamese());
        audit.record("secops.system.submit", "security-system:" + s.code(), AuditTrail.SUCCESS, "level " + s.level());
        return find(s.id());
    }

    /** The approving decision of a submitted dossier: SUBMITTED → APPROVED, by a security officer or administrator. */
    @Transactional
    public RegisteredSystem approve(long id, Approval ap) {
        List<FieldError> errors = new ArrayList<>();
        String number = text(errors, "decisionNumber", ap.decisionNumber(), 100, true);
        LocalDate date = date(errors, "decisionDate", ap.decisionDate());
        String by = text(errors, "decisionBy", ap.decisionBy(), 300, true);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        RegisteredSystem s = get(id);
        if (!policy.permits(APPROVERS, s.asProtected())) throw new DomainException.Forbidden("problem.secops.system.approver");
        int n = jdbc.sql("""
                update secops_system set dossier_status = 'APPROVED', decision_number = :number, decision_date = :date, decision_by = :decisionBy,
                  version = version + 1, updated_by = :by, updated_at = now() where id = :id and dossier_status = 'SUBMITTED'""")
                .param("number", number).param("date", date).param("decisionBy", by).param("by", policy.actor().username()).param("id", s.id()).update();
        if (n != 1) throw new DomainException.Conflict("problem.secops.system.dossier-state", s.dossierStatus().vietnamese());
        audit.record("secops.system.approve", "security-system:" + s.code(), AuditTrail.SUCCESS, number + " " + date + " level " + s.level());
        return find(s.id());
    }

    /** A periodic check done on a day (not in the future, not before the approval): the next one is due a level's interval later. */
    @Transactional
    public RegisteredSystem reviewed(long id, @Nullable String day) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate on = date(errors, "reviewedOn", day);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        RegisteredSystem s = kept(id);
        if (s.dossierStatus() != DossierStatus.APPROVED) throw new DomainException.Conflict("problem.secops.system.dossier-state", s.dossierStatus().vietnamese());
        if (s.decisionDate() != null && on.isBefore(s.decisionDate())) throw new DomainException.BadInput("reviewedOn", "problem.secops.system.review-before-approval");
        jdbc.sql("update secops_system set last_review_on = greatest(coalesce(last_review_on, :on), :on), version = version + 1, updated_by = :by, updated_at = now() where id = :id")
                .param("on", on).param("by", policy.actor().username()).param("id", s.id()).update();
        audit.record("secops.system.review", "security-system:" + s.code(), AuditTrail.SUCCESS, on.toString());
        return find(s.id());
    }

    /**
     * Marks one required measure, with a note of evidence (a document's number, a report) and optionally a file
     * (scanned for malware like every upload before this is called).
     */
    @Transactional
    public ControlState mark(long id, String control, @Nullable String status, @Nullable String evidence, @Nullable String fileName,
            @Nullable InputStream file) {
        List<FieldError> errors = new ArrayList<>();
        ControlStatus st = null;
        if (status == null || status.isBlank()) errors.add(new FieldError("status", "problem.field.required"));
        else {
            try {
                st = ControlStatus.valueOf(status.strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "problem.secops.system.control-status"));
            }
        }
        String note = text(errors, "evidence", evidence, 2000, false);
        String name = null;
        if (file != null) {
            name = text(errors, "file", fileName == null || fileName.isBlank() ? "minh-chung" : fileName, 255, false);
        }
        if (st == ControlStatus.DONE && note == null && file == null && errors.stream().noneMatch(e -> e.field().equals("evidence")))
            errors.add(new FieldError("evidence", "problem.secops.system.evidence-required"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        RegisteredSystem s = kept(id);
        boolean required = jdbc.sql("select count(*) from secops_control where code = ? and min_level <= ?").params(control, s.level()).query(Long.class).single() == 1;
        if (!required) throw new DomainException.BadInput("control", "problem.secops.system.control-unknown");
        String sha = null;
        if (file != null) {
            StoredFile f = files.store(file, name, 20L * 1024 * 1024);
            sha = f.sha256();
        }
        jdbc.sql("""
                insert into secops_system_control (system_id, control_code, status, evidence, evidence_file, evidence_name, updated_by)
                values (:id, :code, :status, :evidence, :file, :name, :by)
                on conflict (system_id, control_code) do update set status = excluded.status, evidence = excluded.evidence,
                  evidence_file = coalesce(excluded.evidence_file, secops_system_control.evidence_file),
                  evidence_name = coalesce(excluded.evidence_name, secops_system_control.evidence_name),
                  updated_by = excluded.updated_by, updated_at = now()""")
                .param("id", s.id()).param("code", control).param("status", st.name()).param("evidence", note).param("file", sha)
                .param("name", sha == null ? null : name).param("by", policy.actor().username()).update();
        audit.record("secops.system.control", "security-system:" + s.code(), AuditTrail.SUCCESS,
                control + " " + st + (sha == null ? "" : " file " + sha.substring(0, 12)));
        return controls(s.id()).stream().filter(c -> c.code().equals(control)).findFirst().orElseThrow();
    }

    /** Records that the export of a unit's register happened (who took what). */
    public void recordExport(@Nullable Long unitId, int rows) {
        audit.record("secops.system.export", unitId == null ? "security-register" : "unit:" + unitId, AuditTrail.SUCCESS, rows + " systems");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private RegisteredSystem kept(long id) {
        RegisteredSystem s = get(id);
        if (!policy.permits(KEEPERS, s.asProtected())) throw new DomainException.Forbidden("problem.secops.system.keeper");
        return s;
    }

    private @Nullable RegisteredSystem find(long id) {
        return jdbc.sql("select " + COLUMNS + " from secops_system s join secops_level l on l.level = s.level where s.id = ?").param(id)
                .query(SystemRegister::map).optional().orElse(null);
    }

    static RegisteredSystem map(ResultSet rs, int n) throws SQLException {
        long op = rs.getLong("operator_unit_id");
        Long operator = rs.wasNull() ? null : op;
        DossierStatus status = DossierStatus.valueOf(rs.getString("dossier_status"));
        LocalDate decision = rs.getObject("decision_date", LocalDate.class);
        LocalDate last = rs.getObject("last_review_on", LocalDate.class);
        int months = rs.getInt("review_months");
        LocalDate next = status != DossierStatus.APPROVED || decision == null ? null : (last != null ? last : decision).plusMonths(months);
        List<Warning> warnings = new ArrayList<>();
        LocalDate today = today();
        if (status != DossierStatus.APPROVED) warnings.add(Warning.NOT_APPROVED);
        if (next != null && next.isBefore(today)) warnings.add(Warning.REVIEW_OVERDUE);
        else if (next != null && !next.isAfter(today.plusDays(DUE_SOON_DAYS))) warnings.add(Warning.REVIEW_DUE_SOON);
        return new RegisteredSystem(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getLong("owner_unit_id"), operator,
                rs.getString("operator_name"), rs.getInt("level"), SecrecyLevel.ofRank(rs.getInt("secrecy")), rs.getString("catalogue_code"), status,
                rs.getString("decision_number"), decision, rs.getString("decision_by"), last, next, List.copyOf(warnings), rs.getInt("required"),
                rs.getInt("done"), rs.getInt("partial"), rs.getInt("version"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("updated_by"), instant(rs, "updated_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static @Nullable String text(List<FieldError> errors, String field, @Nullable String s, int max, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        if (!Inputs.validText(s)) {
            errors.add(new FieldError(field, Inputs.TEXT_KEY));
            return null;
        }
        String v = VietnameseText.nfc(s).strip();
        if (v.codePointCount(0, v.length()) > max) {
            errors.add(new FieldError(field, "problem.field.length", 1, max));
            return null;
        }
        if (VietnameseText.firstControlChar(v, true) >= 0) {
            errors.add(new FieldError(field, "problem.text.control"));
            return null;
        }
        return v;
    }

    private static @Nullable Long id(List<FieldError> errors, String field, @Nullable String s, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        String v = s.strip();
        if (v.length() > 18 || !v.matches("[1-9][0-9]*")) {
            errors.add(new FieldError(field, "problem.field.format"));
            return null;
        }
        return Long.parseLong(v);
    }

    private static @Nullable Integer level(List<FieldError> errors, @Nullable Integer level) {
        if (level == null) errors.add(new FieldError("level", "problem.field.required"));
        else if (level < 1 || level > 5) errors.add(new FieldError("level", "problem.secops.system.level"));
        else return level;
        return null;
    }

    /** dd/MM/yyyy (as people write it) or yyyy-MM-dd; not after today, not before 2000. */
    static @Nullable LocalDate date(List<FieldError> errors, String field, @Nullable String s) {
        if (s == null || s.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        String v = s.strip();
        LocalDate d = null;
        try {
            if (v.matches("\\d{2}/\\d{2}/\\d{4}")) d = LocalDate.parse(v, DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(java.time.format.ResolverStyle.STRICT));
            else if (v.matches("\\d{4}-\\d{2}-\\d{2}")) d = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            d = null;
        }
        if (d == null) {
            errors.add(new FieldError(field, "problem.secops.date"));
            return null;
        }
        if (d.getYear() < 2000 || d.isAfter(today())) {
            errors.add(new FieldError(field, "problem.secops.date-range"));
            return null;
        }
        return d;
    }
}
