package vn.truongson.training;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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
import vn.truongson.core.Vietnam;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.org.OrgFigures;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.signing.Signatures;
import vn.truongson.training.internal.CertificatePaper;

/**
 * Training (đào tạo, tập huấn): courses, classes, participants, attendance and results, certificates, each official's
 * record and coverage per unit. A class belongs to its organising unit: COMMANDER or ADMIN grants covering that unit
 * organise it (enrol, record results, issue certificates); commanders, coordinators, administrators, auditors and
 * security officers covering it read it. A class outside the reader's grants answers like a missing one (404).
 * Every change is audited. docs/training.md.
 */
@Service
public class Training {

    /** Who organises a unit's training: its commanders and administrators. */
    public static final Set<Role> MANAGERS = Set.of(Role.COMMANDER, Role.ADMIN);
    /** Who reads a unit's training (classes, records, coverage): as for the adoption figures. */
    public static final Set<Role> READERS = Set.of(Role.COMMANDER, Role.ADMIN, Role.PROGRAMME_COORDINATOR, Role.AUDITOR, Role.SECURITY_OFFICER);

    public static final int MAX_HOURS = 2000;
    public static final int MAX_ENROL = 500;
    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{1,31}");

    public enum Result { PASSED, FAILED }

    public record Course(@JsonFormat(shape = JsonFormat.Shape.STRING) long id, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String code, String title, Topic topic, int hours, @Nullable String description,
            String createdBy) {}

    /** A class; {@code participants}, {@code passed} and {@code certificates} count its people. */
    public record TrainingClass(@JsonFormat(shape = JsonFormat.Shape.STRING) long id, @JsonFormat(shape = JsonFormat.Shape.STRING) long courseId, String courseCode, String courseTitle, Topic topic, int hours, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId,
            String unitName, String name, LocalDate startDate, LocalDate endDate, String place, String createdBy, long participants,
            long passed, long certificates) {}

    public record Participant(@JsonFormat(shape = JsonFormat.Shape.STRING) long officialId, String fullName, @Nullable String rankTitle, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String unitName,
            @Nullable Boolean attended, @Nullable Result result, @Nullable BigDecimal score, @Nullable String note,
            @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Long certificateId, @Nullable String certificateNumber) {}

    public record Certificate(@JsonFormat(shape = JsonFormat.Shape.STRING) long id, @JsonFormat(shape = JsonFormat.Shape.STRING) long classId, @JsonFormat(shape = JsonFormat.Shape.STRING) long officialId, String officialName, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String number, LocalDate issuedOn,
            String issuedBy, String sha256) {}

    /** One line of an official's record. */
    public record RecordEntry(@JsonFormat(shape = JsonFormat.Shape.STRING) long classId, String className, String courseTitle, Topic topic, int hours, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String unitName,
            LocalDate startDate, LocalDate endDate, String place, @Nullable Boolean attended, @Nullable Result result,
            @Nullable BigDecimal score, @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Long certificateId, @Nullable String certificateNumber) {}

    public record OfficialRecord(@JsonFormat(shape = JsonFormat.Shape.STRING) long officialId, String fullName, @Nullable String rankTitle, @JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String unitName,
            List<RecordEntry> entries, int hoursPassed) {}

    /** A unit's coverage over its subtree. */
    public record UnitCoverage(@JsonFormat(shape = JsonFormat.Shape.STRING) long unitId, String unitCode, String unitName, long officials, List<TrainingFigures.Coverage> topics) {}

    public record CoverageFigures(int year, UnitCoverage unit, List<UnitCoverage> subUnits) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final Officials officials;
    private final OrgFigures org;
    private final TrainingFigures figures;
    private final FileStore files;
    private final Signatures signatures;
    private final Clock clock;

    Training(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Units units, Officials officials, OrgFigures org, TrainingFigures figures,
            FileStore files, Signatures signatures, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.officials = officials;
        this.org = org;
        this.figures = figures;
        this.files = files;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** The unit asked about when none is named: the person's own. */
    public long defaultUnit() {
        return policy.actor().unitId();
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(Vietnam.ZONE));
    }

    // ---- courses -----------------------------------------------------------------------------

    @Transactional
    public Course createCourse(@Nullable Long unitId, @Nullable String code, @Nullable String title, @Nullable String topic,
            @Nullable Integer hours, @Nullable String description) {
        var errors = new ArrayList<FieldError>();
        if (unitId == null) errors.add(new FieldError("unitId", "problem.field.required"));
        String c = Inputs.text(errors, "code", code, 32, true, "training.text.too-long");
        if (c != null) {
            c = c.toUpperCase(java.util.Locale.ROOT);
            if (!CODE.matcher(c).matches()) errors.add(new FieldError("code", "training.course.code"));
        }
        String t = Inputs.text(errors, "title", title, 300, true, "training.text.too-long");
        Topic tp = Inputs.requiredEnum(Topic.class, "topic", topic, errors);
        hours(errors, "hours", hours);
        String d = Inputs.text(errors, "description", description, 2000, false, "training.text.too-long");
        if (!errors.isEmpty()) throw new BadInput(errors);
        requireManagesUnit(unitId);
        String code1 = c;
        long id = jdbc.sql("""
                insert into training_course (unit_id, code, title, topic, hours, description, created_by) values (?, ?, ?, ?, ?, ?, ?)
                on conflict (code) do nothing returning id""")
                .params(unitId, c, t, tp.name(), hours, d, policy.actor().username()).query(Long.class).optional()
                .orElseThrow(() -> new BadInput("code", "training.course.code-taken", code1));
        audit.record("training.course.create", "training-course:" + id, AuditTrail.SUCCESS, c + " " + tp + " " + hours + "h: " + t);
        return course(id);
    }

    /** The course catalogue: every signed-in official with a grant may read it (it names no one). */
    public List<Course> courses(@Nullable Topic topic, int limit, int offset) {
        policy.requireAnyGrant(AccessPolicy.ANY_ROLE);
        return jdbc.sql("select * from training_course where (cast(:topic as varchar) is null or topic = :topic) order by code limit :limit offset :offset")
                .param("topic", topic == null ? null : topic.name()).param("limit", Math.clamp(limit, 1, 5000)).param("offset", Math.max(0, offset))
                .query(Training::course).list();
    }

    public Course course(long id) {
        policy.requireAnyGrant(AccessPolicy.ANY_ROLE);
        return jdbc.sql("select * from training_course where id = ?").param(id).query(Training::course).optional()
                .orElseThrow(() -> new DomainException.NotFound("training-course", id));
    }

    public Course courseByCode(String code) {
        policy.requireAnyGrant(AccessPolicy.ANY_ROLE);
        return jdbc.sql("select * from training_course where code = ?").param(code).query(Training::course).optional()
                .orElseThrow(() -> new DomainException.NotFound("training-course", code));
    }

    // ---- classes -----------------------------------------------------------------------------

    @Transactional
    public TrainingClass createClass(@Nullable Long courseId, @Nullable Long unitId, @Nullable String name, @Nullable String startDate,
            @Nullable String endDate, @Nullable String place) {
        var errors = new ArrayList<FieldError>();
        Course course = null;
        if (courseId == null) errors.add(new FieldError("courseId", "problem.field.required"));
        else {
            try {
                course = course(courseId);
            } catch (DomainException.NotFound e) {
                errors.add(new FieldError("courseId", "training.course.unknown"));
            }
        }
        if (unitId == null) errors.add(new FieldError("unitId", "problem.field.required"));
        String n = Inputs.text(errors, "name", name, 300, false, "training.text.too-long");
        LocalDate from = date(errors, "startDate", startDate);
        LocalDate to = date(errors, "endDate", endDate);
        if (from != null && to != null) {
            if (to.isBefore(from)) errors.add(new FieldError("endDate", "training.class.end-before-start"));
            else if (to.isAfter(from.plusDays(366))) errors.add(new FieldError("endDate", "training.class.too-long"));
        }
        String p = Inputs.text(errors, "place", place, 300, true, "training.text.too-long");
        if (!errors.isEmpty()) throw new BadInput(errors);
        requireManagesUnit(unitId);
        String nm = n == null ? course.title() : n;
        long id = jdbc.sql("""
                insert into training_class (course_id, unit_id, name, start_date, end_date, place, created_by) values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(courseId, unitId, nm, from, to, p, policy.actor().username()).query(Long.class).single();
        audit.record("training.class.create", "training-class:" + id, AuditTrail.SUCCESS,
                "course " + course.code() + ", unit " + unitId + ", " + from + "–" + to + ": " + nm);
        return get(id);
    }

    /** Classes the person may read, latest first; optionally one year (by start date) and one topic. */
    public List<TrainingClass> classes(@Nullable Integer year, @Nullable Topic topic, int limit, int offset) {
        SqlFilter acl = policy.visibility(READERS).where("k.unit_id", null);
        var spec = acl.bind(jdbc.sql(CLASS_SELECT + " where " + acl.sql()
                + " and (cast(:year as integer) is null or extract(year from k.start_date) = :year)"
                + " and (cast(:topic as varchar) is null or c.topic = :topic) order by k.start_date desc, k.id desc limit :limit offset :offset"));
        return spec.param("year", year).param("topic", topic == null ? null : topic.name()).param("limit", Math.clamp(limit, 1, 5000))
                .param("offset", Math.max(0, offset)).query(this::trainingClass).list();
    }

    public long countClasses(@Nullable Integer year, @Nullable Topic topic) {
        SqlFilter acl = policy.visibility(READERS).where("k.unit_id", null);
        return acl.bind(jdbc.sql("select count(*) from training_class k join training_course c on c.id = k.course_id where " + acl.sql()
                + " and (cast(:year as integer) is null or extract(year from k.start_date) = :year)"
                + " and (cast(:topic as varchar) is null or c.topic = :topic)"))
                .param("year", year).param("topic", topic == null ? null : topic.name()).query(Long.class).single();
    }

    /** One class; a missing class and one outside the person's grants answer alike (404). */
    public TrainingClass get(long id) {
        TrainingClass k = jdbc.sql(CLASS_SELECT + " where k.id = ?").param(id).query(this::trainingClass).optional().orElse(null);
        if (k == null || !policy.permits(READERS, guarded(k))) throw new DomainException.NotFound("training-class", id);
        return k;
    }

    /** Whether the person organises this class (may enrol, record, issue). */
    public boolean manages(TrainingClass k) {
        return policy.permits(MANAGERS, guarded(k));
    }

    public List<Participant> participants(long classId) {
        get(classId);
        return jdbc.sql(PARTICIPANT_SELECT + " where p.class_id = ? order by u.path, o.full_name, o.id").param(classId).query(Training::participant).list();
    }

    private static final String PARTICIPANT_SELECT = """
            select p.*, o.full_name, o.rank_title, o.unit_id as o_unit, u.name as u_name, t.id as cert_id, t.notation, t.number as cert_no
            from training_participant p join org_official o on o.id = p.official_id join org_unit u on u.id = o.unit_id
            left join training_certificate t on t.class_id = p.class_id and t.official_id = p.official_id""";

    /**
     * Enrols officials; each must be an active official within the organiser's own grants (COMMANDER or ADMIN) and
     * clearance. One outside them answers like an unknown one ({@code officialIds[i]}). Already enrolled: kept as is.
     */
    @Transactional
    public List<Participant> enrol(long classId, @Nullable List<?> officialIds) {
        TrainingClass k = requireManaged(classId);
        if (officialIds == null || officialIds.isEmpty()) throw new BadInput("officialIds", "problem.field.required");
        if (officialIds.size() > MAX_ENROL) throw new BadInput("officialIds", "training.too-many", MAX_ENROL);
        var errors = new ArrayList<FieldError>();
        var ids = new LinkedHashMap<Long, Official>();
        for (int i = 0; i < officialIds.size(); i++) {
            String field = "officialIds[" + i + "]";
            Long id = id(officialIds.get(i));
            if (id == null) {
                errors.add(new FieldError(field, "problem.field.type"));
                continue;
            }
            Official o = officialInScope(id);
            if (o == null || !o.active()) errors.add(new FieldError(field, "training.official.unknown"));
            else ids.put(id, o);
        }
        if (!errors.isEmpty()) throw new BadInput(errors);
        String by = policy.actor().username();
        int added = 0;
        for (long id : ids.keySet()) {
            added += jdbc.sql("insert into training_participant (class_id, official_id, enrolled_by) values (?, ?, ?) on conflict do nothing")
                    .params(classId, id, by).update();
        }
        audit.record("training.participant.enrol", "training-class:" + k.id(), AuditTrail.SUCCESS, added + " enrolled: " + ids.keySet());
        return participants(classId);
    }

    /** Takes an official off the class, unless he holds its certificate. */
    @Transactional
    public void withdraw(long classId, long officialId) {
        requireManaged(classId);
        lockParticipant(classId, officialId);
        if (certificateOf(classId, officialId) != null) throw new DomainException.Conflict("training.certificate.issued");
        jdbc.sql("delete from training_participant where class_id = ? and official_id = ?").params(classId, officialId).update();
        audit.record("training.participant.withdraw", "training-class:" + classId, AuditTrail.SUCCESS, "official " + officialId);
    }

    /**
     * Records attendance and the result (đạt / không đạt) with an optional score (0–100, two decimals) and note. The same
     * result again changes nothing; once the certificate is issued the result is final (409).
     */
    @Transactional
    public Participant record(long classId, long officialId, @Nullable Boolean attended, @Nullable String result, @Nullable BigDecimal score,
            @Nullable String note) {
        var errors = new ArrayList<FieldError>();
        if (attended == null) errors.add(new FieldError("attended", "problem.field.required"));
        Result r = Inputs.requiredEnum(Result.class, "result", result, errors);
        if (score != null) {
            if (!Inputs.validNumber(score) || score.signum() < 0 || score.compareTo(BigDecimal.valueOf(100)) > 0
                    || score.stripTrailingZeros().scale() > 2) errors.add(new FieldError("score", "training.score.range"));
        }
        String n = Inputs.text(errors, "note", note, 1000, false, "training.text.too-long");
        if (Boolean.FALSE.equals(attended) && r == Result.PASSED) errors.add(new FieldError("result", "training.result.absent"));
        if (!errors.isEmpty()) throw new BadInput(errors);
        TrainingClass k = requireManaged(classId);
        if (k.startDate().isAfter(today())) throw new DomainException.Conflict("training.class.not-started");
        Participant before = lockParticipant(classId, officialId);
        BigDecimal s = score == null ? null : score.setScale(2, java.math.RoundingMode.UNNECESSARY);
        boolean same = Objects.equals(before.attended(), attended) && before.result() == r
                && (before.score() == null ? s == null : s != null && before.score().compareTo(s) == 0) && Objects.equals(before.note(), n);
        if (same) return before;
        if (before.certificateId() != null) throw new DomainException.Conflict("training.certificate.issued");
        jdbc.sql("""
                update training_participant set attended = ?, result = ?, score = ?, note = ?, recorded_by = ?, recorded_at = now()
                where class_id = ? and official_id = ?""")
                .params(attended, r.name(), s, n, policy.actor().username(), classId, officialId).update();
        audit.record("training.result.record", "training-class:" + classId, AuditTrail.SUCCESS,
                "official " + officialId + ": " + (attended ? "attended" : "absent") + ", " + r + (s == null ? "" : ", score " + s.toPlainString()));
        return participant(classId, officialId);
    }

    private Participant lockParticipant(long classId, long officialId) {
        jdbc.sql("select 1 from training_participant where class_id = ? and official_id = ? for update").params(classId, officialId)
                .query(Integer.class).optional().orElseThrow(() -> new DomainException.NotFound("training-participant", officialId));
        return participant(classId, officialId);
    }

    /** One participant of a class the caller was already allowed. */
    private Participant participant(long classId, long officialId) {
        return jdbc.sql(PARTICIPANT_SELECT + " where p.class_id = ? and p.official_id = ?").params(classId, officialId).query(Training::participant)
                .optional().orElseThrow(() -> new DomainException.NotFound("training-participant", officialId));
    }

    // ---- certificates ------------------------------------------------------------------------

    /**
     * Issues the certificates (giấy chứng nhận) of a class that has ended: one for every participant who attended and
     * passed and holds none yet, numbered in the organising unit's yearly sequence ("05/GCN-BTL86"), in the Decree 30
     * layout and sealed with the unit's organisation signature. Only the class's organisers; one issue at a time per class.
     */
    @Transactional
    public List<Certificate> issueCertificates(long classId) {
        TrainingClass k = requireManaged(classId);
        jdbc.sql("select id from training_class where id = ? for update").param(classId).query(Long.class).single();
        LocalDate today = today();
        if (k.endDate().isAfter(today)) throw new DomainException.Conflict("training.class.not-ended");
        if (!signatures.hasUnitCertificate(k.unitId())) throw new DomainException.Conflict("signing.no-seal");
        Unit unit = units.named(List.of(k.unitId())).get(k.unitId());
        if (unit == null) throw new DomainException.NotFound("training-class", classId);
        List<Unit> above = units.ancestors(unit);
        String parent = above.isEmpty() ? null : above.getLast().name();
        Actor a = policy.actor();
        List<Certificate> out = new ArrayList<>();
        for (Participant p : participants(classId)) {
            if (p.certificateId() != null || p.result() != Result.PASSED || !Boolean.TRUE.equals(p.attended())) continue;
            int number = jdbc.sql("""
                    insert into training_certificate_counter (unit_id, year, last) values (?, ?, 1)
                    on conflict (unit_id, year) do update set last = training_certificate_counter.last + 1 returning last""")
                    .params(k.unitId(), today.getYear()).query(Integer.class).single();
            String notation = "GCN-" + unit.code();
            byte[] pdf = Decree30.pdf(CertificatePaper.document(parent, unit.name(), number, notation, today, k.name(), k.courseTitle(),
                    k.topic().vietnamese(), k.hours(), k.startDate(), k.endDate(), k.place(), p.rankTitle(), p.fullName(), p.unitName(),
                    p.score(), a.fullName()));
            byte[] sealed = signatures.signAsUnit(k.unitId(), pdf);
            String sha = files.store(new ByteArrayInputStream(sealed), "giay-chung-nhan-" + number + "-" + unit.code() + ".pdf", 20L * 1024 * 1024)
                    .sha256();
            long id = jdbc.sql("""
                    insert into training_certificate (class_id, official_id, unit_id, year, number, notation, issued_on, issued_by, sha256)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(classId, p.officialId(), k.unitId(), today.getYear(), number, notation, today, a.username(), sha).query(Long.class).single();
            audit.record("training.certificate.issue", "training-certificate:" + id, AuditTrail.SUCCESS,
                    "class " + classId + ", official " + p.officialId() + ", " + String.format("%02d", number) + "/" + notation + ", sha256 " + sha);
            out.add(certificateRow(id));
        }
        return out;
    }

    public List<Certificate> certificates(long classId) {
        get(classId);
        return jdbc.sql(CERT_SELECT + " where t.class_id = ? order by t.number").param(classId).query(Training::certificate).list();
    }

    /** A certificate: its holder may read it, and those who may read the class; anyone else gets 404 as for a missing one. */
    public Certificate certificate(long id) {
        Certificate c = jdbc.sql(CERT_SELECT + " where t.id = ?").param(id).query(Training::certificate).optional().orElse(null);
        if (c == null) throw new DomainException.NotFound("training-certificate", id);
        boolean own = policy.currentActor().map(a -> a.officialId() == c.officialId()).orElse(false);
        if (!own && !policy.permits(READERS, new ProtectedRecord("training-class", c.classId(), c.unitId(), SecrecyLevel.THUONG))) {
            throw new DomainException.NotFound("training-certificate", id);
        }
        return c;
    }

    /** The sealed PDF, as issued; audited as a download. */
    public InputStream certificatePdf(long id) {
        Certificate c = certificate(id);
        audit.recordSeparately("training.certificate.download", "training-certificate:" + id, AuditTrail.SUCCESS, c.number());
        return files.open(c.sha256());
    }

    private @Nullable Long certificateOf(long classId, long officialId) {
        return jdbc.sql("select id from training_certificate where class_id = ? and official_id = ?").params(classId, officialId)
                .query(Long.class).optional().orElse(null);
    }

    private Certificate certificateRow(long id) {
        return jdbc.sql(CERT_SELECT + " where t.id = ?").param(id).query(Training::certificate).single();
    }

    // ---- an official's record ----------------------------------------------------------------

    /** The person's own record. */
    public OfficialRecord mine() {
        Actor a = policy.actor();
        return recordOf(a.officialId());
    }

    /**
     * An official's training record: his classes, results and certificates. The official himself, and readers whose
     * grants cover his unit; 404 alike otherwise and for a missing official.
     */
    public OfficialRecord officialRecord(long officialId) {
        Actor a = policy.actor();
        if (a.officialId() != officialId) {
            Official o;
            try {
                o = officials.get(officialId);
            } catch (DomainException.Forbidden e) {
                throw new DomainException.NotFound("official", officialId);
            }
            if (!policy.permits(READERS, o.asProtected())) throw new DomainException.NotFound("official", officialId);
        }
        return recordOf(officialId);
    }

    private OfficialRecord recordOf(long officialId) {
        var head = jdbc.sql("select o.full_name, o.rank_title, o.unit_id, u.name from org_official o join org_unit u on u.id = o.unit_id where o.id = ?")
                .param(officialId).query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)}).optional()
                .orElseThrow(() -> new DomainException.NotFound("official", officialId));
        List<RecordEntry> entries = jdbc.sql("""
                select k.id, k.name, c.title, c.topic, c.hours, k.unit_id, u.name as u_name, k.start_date, k.end_date, k.place,
                       p.attended, p.result, p.score, t.id as cert_id, t.number as cert_no, t.notation
                from training_participant p join training_class k on k.id = p.class_id join training_course c on c.id = k.course_id
                join org_unit u on u.id = k.unit_id
                left join training_certificate t on t.class_id = p.class_id and t.official_id = p.official_id
                where p.official_id = ? order by k.start_date desc, k.id desc""").param(officialId)
                .query((rs, n) -> new RecordEntry(rs.getLong(1), rs.getString(2), rs.getString(3), Topic.valueOf(rs.getString(4)), rs.getInt(5),
                        rs.getLong(6), rs.getString(7), rs.getObject(8, LocalDate.class), rs.getObject(9, LocalDate.class), rs.getString(10),
                        (Boolean) rs.getObject(11), result(rs.getString(12)), rs.getBigDecimal(13), (Long) rs.getObject(14),
                        certNumber(rs, "cert_no")))
                .list();
        int hours = entries.stream().filter(e -> e.result() == Result.PASSED).mapToInt(RecordEntry::hours).sum();
        return new OfficialRecord(officialId, (String) head[0], (String) head[1], (Long) head[2], (String) head[3], entries, hours);
    }

    // ---- coverage ------------------------------------------------------------------------------

    /**
     * Coverage for a year: the unit (its whole subtree) and each sub-unit the person may read, each over its subtree.
     * Trained: attended and passed a class of the topic whose last day lies in the year. docs/training.md.
     */
    @Transactional(readOnly = true)
    public CoverageFigures coverage(long unitId, int year) {
        policy.requireAnyGrant(READERS);
        Unit top = units.named(List.of(unitId)).get(unitId);
        if (top == null || !policy.permits(READERS, top.asProtected())) throw new DomainException.NotFound("unit", unitId);
        var trained = figures.trained(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        UnitCoverage head = unitCoverage(top, trained);
        List<UnitCoverage> below = new ArrayList<>();
        for (Unit u : units.list(top.id(), null, 5000)) if (policy.permits(READERS, u.asProtected())) below.add(unitCoverage(u, trained));
        return new CoverageFigures(year, head, below);
    }

    private UnitCoverage unitCoverage(Unit u, Map<Topic, Set<Long>> trained) {
        Set<Long> active = new HashSet<>(org.activeOfficials(org.subtree(u.id())).keySet());
        return new UnitCoverage(u.id(), u.code(), u.name(), active.size(), TrainingFigures.coverage(active, trained));
    }

    /** Records an Excel export of a class list (counted by the mass-export rule). */
    public void recordExport(long classId, int rows) {
        audit.recordSeparately("training.class.export", "training-class:" + classId, AuditTrail.SUCCESS, rows + " rows");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Officials the organiser may enrol, of the class's unit subtree (for the screens' choice). */
    public List<Official> candidates(long classId, int limit) {
        TrainingClass k = requireManaged(classId);
        return officials.list(k.unitId(), true, null, limit, 0).stream().filter(o -> o.active() && policy.permits(MANAGERS, o.asProtected()))
                .toList();
    }

    private @Nullable Official officialInScope(long id) {
        try {
            Official o = officials.get(id);
            return policy.permits(MANAGERS, o.asProtected()) ? o : null;
        } catch (DomainException.NotFound | DomainException.Forbidden e) {
            return null;
        }
    }

    private TrainingClass requireManaged(long classId) {
        TrainingClass k = get(classId);
        policy.require(MANAGERS, guarded(k));
        return k;
    }

    private void requireManagesUnit(long unitId) {
        Unit u = units.named(List.of(unitId)).get(unitId);
        if (u == null || !policy.permits(AccessPolicy.ANY_ROLE, u.asProtected())) throw new BadInput("unitId", "training.unit.unknown");
        policy.requireOnUnit(MANAGERS, unitId);
    }

    private static ProtectedRecord guarded(TrainingClass k) {
        return new ProtectedRecord("training-class", k.id(), k.unitId(), SecrecyLevel.THUONG);
    }

    static void hours(List<FieldError> errors, String field, @Nullable Integer hours) {
        if (hours == null) errors.add(new FieldError(field, "problem.field.required"));
        else if (hours < 1 || hours > MAX_HOURS) errors.add(new FieldError(field, "training.hours.range", MAX_HOURS));
    }

    private LocalDate date(List<FieldError> errors, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        if (value.length() > 10) {
            errors.add(new FieldError(field, "training.date.format"));
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value.strip());
            if (d.getYear() < 2000 || d.isAfter(today().plusYears(2))) {
                errors.add(new FieldError(field, "training.date.range"));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "training.date.format"));
            return null;
        }
    }

    private static @Nullable Long id(@Nullable Object o) {
        if (o instanceof Number n && n.doubleValue() == n.longValue() && !(o instanceof Double d && !Double.isFinite(d))) return n.longValue();
        if (o instanceof String s && s.matches("\\d{1,18}")) return Long.parseLong(s);
        return null;
    }

    private static final String CLASS_SELECT = """
            select k.*, c.code as c_code, c.title as c_title, c.topic, c.hours, u.name as u_name,
                   (select count(*) from training_participant p where p.class_id = k.id) as n_participants,
                   (select count(*) from training_participant p where p.class_id = k.id and p.attended and p.result = 'PASSED') as n_passed,
                   (select count(*) from training_certificate t where t.class_id = k.id) as n_certificates
            from training_class k join training_course c on c.id = k.course_id join org_unit u on u.id = k.unit_id""";

    private static final String CERT_SELECT = """
            select t.*, o.full_name from training_certificate t join org_official o on o.id = t.official_id""";

    private TrainingClass trainingClass(ResultSet rs, int n) throws SQLException {
        return new TrainingClass(rs.getLong("id"), rs.getLong("course_id"), rs.getString("c_code"), rs.getString("c_title"),
                Topic.valueOf(rs.getString("topic")), rs.getInt("hours"), rs.getLong("unit_id"), rs.getString("u_name"), rs.getString("name"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class), rs.getString("place"),
                rs.getString("created_by"), rs.getLong("n_participants"), rs.getLong("n_passed"), rs.getLong("n_certificates"));
    }

    private static Course course(ResultSet rs, int n) throws SQLException {
        return new Course(rs.getLong("id"), rs.getLong("unit_id"), rs.getString("code"), rs.getString("title"), Topic.valueOf(rs.getString("topic")),
                rs.getInt("hours"), rs.getString("description"), rs.getString("created_by"));
    }

    private static Participant participant(ResultSet rs, int n) throws SQLException {
        return new Participant(rs.getLong("official_id"), rs.getString("full_name"), rs.getString("rank_title"), rs.getLong("o_unit"),
                rs.getString("u_name"), (Boolean) rs.getObject("attended"), result(rs.getString("result")), rs.getBigDecimal("score"),
                rs.getString("note"), (Long) rs.getObject("cert_id"), certNumber(rs, "cert_no"));
    }

    private static Certificate certificate(ResultSet rs, int n) throws SQLException {
        int no = rs.getInt("number");
        return new Certificate(rs.getLong("id"), rs.getLong("class_id"), rs.getLong("official_id"), rs.getString("full_name"), rs.getLong("unit_id"),
                (no < 10 ? "0" : "") + no + "/" + rs.getString("notation"), rs.getObject("issued_on", LocalDate.class), rs.getString("issued_by"),
                rs.getString("sha256"));
    }

    private static @Nullable String certNumber(ResultSet rs, String column) throws SQLException {
        Object no = rs.getObject(column);
        if (no == null) return null;
        int i = ((Number) no).intValue();
        return (i < 10 ? "0" : "") + i + "/" + rs.getString("notation");
    }

    private static @Nullable Result result(@Nullable String s) {
        return s == null ? null : Result.valueOf(s);
    }

}
