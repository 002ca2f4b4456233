package vn.truongson.publicservice;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.files.StoredFile;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.publicservice.Dossier.Applicant;
import vn.truongson.publicservice.Dossier.Channel;

/**
 * Dossiers and their state machine (API.md): SUBMITTED → RECEIVED → IN_PROCESS → RESULT_READY → RETURNED, with
 * SUPPLEMENT_REQUESTED (back to RECEIVED when answered) and REJECTED. Each action locks the dossier, checks who acts
 * and the state, and only then changes anything; every change is audited and put on the dossier's timeline.
 *
 * <p>Deadlines: {@code appointmentAt} = {@code receivedAt} + the procedure's legal time on the working-day calendar;
 * each step's {@code dueAt} = its start + its allowance. Step 1 starts at reception; each advance completes the
 * current step (late when completed after its due time) and starts the next.
 */
@Service
public class Dossiers {

    /** Who may read a dossier of their unit. */
    public static final Set<Role> READERS = Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER, Role.ADMIN);
    static final Set<Role> ONE_STOP = Set.of(Role.ONE_STOP_OFFICER);
    static final int MAX_REASON = 2000;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** A dossier as filed. */
    public record NewDossier(String procedureCode, Applicant applicant, @Nullable Map<String, Object> formData) {}

    /** An uploaded file for one component. */
    public record Upload(String component, String fileName, Supplier<InputStream> content) {
        public static Upload of(String component, String fileName, byte[] bytes) {
            return new Upload(component, fileName, () -> new ByteArrayInputStream(bytes));
        }
    }

    private final JdbcClient jdbc;
    private final Procedures procedures;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final WorkingCalendar calendar;
    private final FileStore files;
    private final DossierCodes codes;
    private final DossierResults results;
    private final CitizenNotices notices;
    private final PublicServiceProperties props;
    private final JsonMapper json;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    Dossiers(JdbcClient jdbc, Procedures procedures, AccessPolicy policy, AuditTrail audit, WorkingCalendar calendar, FileStore files,
            DossierCodes codes, DossierResults results, CitizenNotices notices, PublicServiceProperties props, JsonMapper json, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.procedures = procedures;
        this.policy = policy;
        this.audit = audit;
        this.calendar = calendar;
        this.files = files;
        this.codes = codes;
        this.results = results;
        this.notices = notices;
        this.props = props;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    // ---- filing ----------------------------------------------------------------------------------

    /**
     * A dossier entered by a one-stop officer of the implementing unit: walk-in (the paper originals are checked at
     * the desk) or brought over from another portal ({@code ONLINE}). Attachments, when sent, must cover every
     * required component.
     */
    @Transactional
    public Dossier fileByOfficer(NewDossier n, Channel channel, List<Upload> uploads) {
        Procedure p = procedureFor(n.procedureCode());
        List<FieldError> errors = checkApplicant(n.applicant());
        FormRules.Checked form = FormRules.check(p.form(), n.formData());
        errors.addAll(form.errors());
        errors.addAll(checkUploads(p, uploads, !uploads.isEmpty()));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(ONE_STOP, p.implementingUnitId());
        return insert(p, n.applicant(), form.values(), channel, "official:" + policy.actor().username(), uploads, null);
    }

    /** A dossier filed online by the signed-in citizen for himself. */
    @Transactional
    public Dossier fileOnline(CitizenIdentity citizen, String procedureCode, @Nullable Map<String, Object> formData, @Nullable String phone,
            @Nullable String email, List<Upload> uploads) {
        return fileOnline(citizen, procedureCode, formData, phone, email, uploads, null);
    }

    /**
     * A dossier filed online by the signed-in citizen: the applicant is who the e-ID says, whatever the request carries; every
     * required component uploaded. The form's identity fields (those prefilled from the e-ID: name, ID number, date of birth)
     * must be the citizen's own — another person's is a 400 naming the field — unless he files on behalf of someone else
     * (nộp thay) and states the relation: then they must be that person's, and the dossier keeps both, for the officer to see.
     */
    @Transactional
    public Dossier fileOnline(CitizenIdentity citizen, String procedureCode, @Nullable Map<String, Object> formData, @Nullable String phone,
            @Nullable String email, List<Upload> uploads, Dossier.@Nullable OnBehalf onBehalf) {
        Procedure p = procedureFor(procedureCode);
        Applicant a = new Applicant(citizen.idNumber(), citizen.fullName(), citizen.dateOfBirth(), blankToNull(phone != null ? phone : citizen.phone()),
                blankToNull(email != null ? email : citizen.email()));
        List<FieldError> errors = checkApplicant(a);
        Map<String, Object> data;
        if (onBehalf == null) {
            data = identityFields(p, formData, citizen.idNumber(), citizen.fullName(), citizen.dateOfBirth(), "publicservice.applicant.not-yours", errors);
        } else {
            errors.addAll(checkOnBehalf(onBehalf, citizen));
            data = identityFields(p, formData, onBehalf.idNumber().strip(), onBehalf.fullName().strip(), onBehalf.dateOfBirth(),
                    "publicservice.on-behalf.mismatch", errors);
        }
        FormRules.Checked form = FormRules.check(p.form(), data);
        errors.addAll(form.errors());
        errors.addAll(checkUploads(p, uploads, true));
        if (!errors.isEmpty()) {
            if (errors.stream().anyMatch(e -> e.messageKey().equals("publicservice.applicant.not-yours"))) {
                // Someone tried to file under another identity: kept in the audit trail even though nothing is stored.
                audit.recordSeparately("citizen:" + citizen.idNumber(), "publicservice.dossier.submit", "procedure:" + p.code(), AuditTrail.DENIED,
                        "identity fields differ from the e-ID: " + errors.stream().filter(e -> e.messageKey().equals("publicservice.applicant.not-yours"))
                                .map(FieldError::field).toList());
            }
            throw new DomainException.BadInput(errors);
        }
        Dossier.OnBehalf ob = onBehalf == null ? null : new Dossier.OnBehalf(onBehalf.relation(), onBehalf.idNumber().strip(),
                VietnameseText.nfc(onBehalf.fullName().strip()), onBehalf.dateOfBirth());
        Dossier filed = insert(p, a, form.values(), Channel.ONLINE, "citizen:" + citizen.idNumber(), uploads, ob);
        // In the same transaction: on a low node the gateway outbox (crossing) queues it with the filing, or neither is kept.
        events.publishEvent(new DossierFiled(filed.code()));
        return filed;
    }

    /** A citizen filed a dossier online (published inside the filing's transaction). */
    public record DossierFiled(String code) {}

    /** A dossier as it crosses to the high side: the dossier, and its attachments with their bytes. */
    public record Crossing(Dossier dossier, List<AttachmentFile> files) {}

    /** The dossier and its files for the gateway's outbox; internal (no reader is asked: the caller is the platform itself). */
    public Crossing forCrossing(String code) {
        Dossier d = find(code).orElseThrow(() -> new DomainException.NotFound("dossier", code));
        List<AttachmentFile> out = new ArrayList<>();
        for (Dossier.Attachment a : d.attachments()) {
            try (InputStream in = files.open(a.sha256())) {
                out.add(new AttachmentFile(a, in.readAllBytes()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("attachment of " + d.code() + " unreadable", e);
            }
        }
        return new Crossing(d, out);
    }

    /**
     * A dossier that a citizen filed on the low side and that arrived through the gateway (issue 15): filed again here
     * as an online dossier in the procedure's queue, checked like any filing (a 400 names the field); who filed it and
     * the low side's code are kept in its first event and the audit row.
     */
    @Transactional
    public Dossier importCrossed(String lowCode, String messageId, NewDossier n, List<Upload> uploads) {
        Procedure p = procedureFor(n.procedureCode());
        List<FieldError> errors = checkApplicant(n.applicant());
        FormRules.Checked form = FormRules.check(p.form(), n.formData());
        errors.addAll(form.errors());
        errors.addAll(checkUploads(p, uploads, false));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Dossier d = insert(p, n.applicant(), form.values(), Channel.ONLINE, "citizen:" + n.applicant().idNumber().strip(), uploads, null);
        jdbc.sql("update publicservice_event set note = note || ? where dossier_id = ? and kind = 'SUBMITTED'")
                .params("; qua cổng kết nối (mã bên ngoài " + lowCode + ", tin " + messageId + ")", d.id()).update();
        audit.record("publicservice.dossier.import", "dossier:" + d.code(), AuditTrail.SUCCESS, "from the gateway: low-side " + lowCode + " message " + messageId);
        return d;
    }

    /** The prefill keys that name a person: on an online dossier they are taken from the e-ID, not from the form. */
    public static final Set<String> IDENTITY_PREFILLS = Set.of("fullName", "idNumber", "dateOfBirth");

    /**
     * The form with its identity fields set to the person's own values: a field left out is filled in; a field sent with
     * another value is an error on that field (nothing is silently replaced, so a tampered form is visible as such).
     */
    static Map<String, Object> identityFields(Procedure p, @Nullable Map<String, Object> formData, String idNumber, String fullName,
            @Nullable LocalDate birth, String messageKey, List<FieldError> errors) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(formData == null ? Map.of() : formData);
        for (Procedure.Field f : p.form().fields()) {
            if (f.prefill() == null || !IDENTITY_PREFILLS.contains(f.prefill())) continue;
            String expected = switch (f.prefill()) {
                case "fullName" -> f.pattern() != null && f.pattern().startsWith("[A-Z") ? VietnameseText.upperAscii(fullName) : fullName;
                case "idNumber" -> idNumber;
                default -> birth == null ? null : birth.format(FormRules.VN_DATE);
            };
            if (expected == null) continue;
            Object given = out.get(f.name());
            String g = given == null ? "" : VietnameseText.nfc(String.valueOf(given)).strip().replaceAll("\\s+", " ");
            if (g.isEmpty()) {
                out.put(f.name(), expected);
            } else if (!sameValue(f, g, expected)) {
                errors.add(new FieldError("formData." + f.name(), messageKey, f.label()));
            }
        }
        return out;
    }

    private static boolean sameValue(Procedure.Field f, String given, String expected) {
        if (f.type() == Procedure.FieldType.DATE) {
            LocalDate a = FormRules.date(given);
            return a != null && a.equals(FormRules.date(expected));
        }
        return given.equalsIgnoreCase(VietnameseText.nfc(expected).strip().replaceAll("\\s+", " "));
    }

    private static List<FieldError> checkOnBehalf(Dossier.OnBehalf o, CitizenIdentity filer) {
        List<FieldError> e = new ArrayList<>();
        if (o.relation() == null) e.add(new FieldError("onBehalf.relation", "publicservice.on-behalf.relation"));
        if (o.idNumber() == null || !FormRules.ID_NUMBER.matcher(o.idNumber().strip()).matches()) {
            e.add(new FieldError("onBehalf.idNumber", "publicservice.applicant.id-number"));
        } else if (o.idNumber().strip().equals(filer.idNumber())) {
            e.add(new FieldError("onBehalf.idNumber", "publicservice.on-behalf.self"));
        }
        if (o.fullName() == null || o.fullName().isBlank()) e.add(new FieldError("onBehalf.fullName", "problem.field.required"));
        else if (o.fullName().strip().length() > 200 || VietnameseText.firstControlChar(o.fullName(), false) >= 0) {
            e.add(new FieldError("onBehalf.fullName", "problem.field.invalid"));
        }
        if (o.dateOfBirth() != null && (o.dateOfBirth().isBefore(LocalDate.of(1900, 1, 1)) || o.dateOfBirth().isAfter(LocalDate.now(WorkingCalendar.ZONE)))) {
            e.add(new FieldError("onBehalf.dateOfBirth", "publicservice.applicant.birth"));
        }
        return e;
    }

    private Procedure procedureFor(@Nullable String code) {
        if (code == null || code.isBlank()) throw new DomainException.BadInput("procedureCode", "problem.field.required");
        return procedures.find(code.strip()).filter(Procedure::published)
                .orElseThrow(() -> new DomainException.BadInput("procedureCode", "publicservice.dossier.procedure-unknown", code));
    }

    private Dossier insert(Procedure p, Applicant a, Map<String, Object> form, Channel channel, String by, List<Upload> uploads,
            Dossier.@Nullable OnBehalf onBehalf) {
        Instant now = clock.instant();
        // A provisional code first: the unit's counter of the day is taken last (just before the audit row), so that
        // concurrent filings to one unit hold its row lock as briefly as possible.
        String provisional = "~" + java.util.UUID.randomUUID();
        long id = jdbc.sql("""
                insert into publicservice_dossier (code, procedure_id, unit_id, channel, status, applicant_id_number, applicant_name, applicant_birth,
                    applicant_phone, applicant_email, form_data, submitted_at, submitted_by, on_behalf_relation, subject_id_number, subject_name, subject_birth)
                values (:code, :procedure, :unit, :channel, 'SUBMITTED', :idNumber, :name, :birth, :phone, :email, cast(:form as jsonb), :at, :by,
                    :relation, :subjectId, :subjectName, :subjectBirth)
                returning id""")
                .param("code", provisional).param("procedure", p.id()).param("unit", p.implementingUnitId()).param("channel", channel.name())
                .param("idNumber", a.idNumber().strip()).param("name", VietnameseText.nfc(a.fullName().strip())).param("birth", a.dateOfBirth())
                .param("phone", blankToNull(a.phone())).param("email", blankToNull(a.email())).param("form", json.writeValueAsString(form))
                .param("at", Timestamp.from(now)).param("by", by)
                .param("relation", onBehalf == null ? null : onBehalf.relation().name()).param("subjectId", onBehalf == null ? null : onBehalf.idNumber())
                .param("subjectName", onBehalf == null ? null : onBehalf.fullName()).param("subjectBirth", onBehalf == null ? null : onBehalf.dateOfBirth())
                .query(Long.class).single();
        for (Procedure.Step s : p.steps()) {
            jdbc.sql("insert into publicservice_dossier_step (dossier_id, ordinal, name, unit_id, role) values (?, ?, ?, ?, ?)")
                    .params(id, s.ordinal(), s.name(), s.actingUnit(p.implementingUnitId()), s.actingRole().name()).update();
        }
        attach(id, uploads, now);
        event(id, now, "SUBMITTED", by, DossierStatus.SUBMITTED, (channel == Channel.ONLINE ? "Nộp trực tuyến" : "Nộp trực tiếp tại bộ phận một cửa")
                + (onBehalf == null ? "" : "; nộp thay (" + onBehalf.relation().vietnamese() + ") cho " + onBehalf.fullName()));
        // Read back before the code is taken, so the counter's row lock covers three statements, not seven (issue 20,
        // finding 2): the code, the dossier's code, the audit row.
        Dossier filed = load(id);
        String code = codes.next(p.implementingUnitId(), p.unitCode(), now);
        jdbc.sql("update publicservice_dossier set code = ? where id = ?").params(code, id).update();
        audit.record("publicservice.dossier.submit", "dossier:" + code, AuditTrail.SUCCESS, p.code() + " " + channel
                + (onBehalf == null ? "" : " on behalf (" + onBehalf.relation() + ") of ID ********" + onBehalf.idNumber().substring(onBehalf.idNumber().length() - 4)));
        return filed.withCode(code);
    }

    private void attach(long id, List<Upload> uploads, Instant now) {
        for (Upload u : uploads) {
            StoredFile f;
            try (InputStream in = u.content().get()) {
                f = files.store(in, u.fileName(), props.maxUpload().toBytes());
            } catch (DomainException e) {
                if (e instanceof DomainException.BadInput b) {
                    throw new DomainException.BadInput(b.errors().stream()
                            .map(x -> new FieldError("attachments." + u.component(), x.messageKey(), x.args())).toList());
                }
                throw e;
            } catch (java.io.IOException e) {
                throw new DomainException.BadInput("attachments." + u.component(), "publicservice.upload.unreadable", u.fileName());
            }
            jdbc.sql("""
                    insert into publicservice_attachment (dossier_id, component, file_name, sha256, size, content_type, added_at)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(id, u.component(), clipName(u.fileName()), f.sha256(), f.size(), f.contentType(), Timestamp.from(now)).update();
        }
    }

    private List<FieldError> checkUploads(Procedure p, List<Upload> uploads, boolean requireAll) {
        List<FieldError> e = new ArrayList<>();
        if (uploads.size() > props.maxAttachments()) e.add(new FieldError("attachments", "publicservice.upload.too-many", props.maxAttachments()));
        Set<String> given = new HashSet<>();
        for (Upload u : uploads) {
            if (p.components().stream().noneMatch(c -> c.code().equals(u.component()))) {
                e.add(new FieldError("attachments." + u.component(), "publicservice.upload.unknown-component", u.component()));
            }
            given.add(u.component());
        }
        if (requireAll) {
            for (Procedure.Component c : p.components()) {
                if (c.required() && !given.contains(c.code())) e.add(new FieldError("attachments." + c.code(), "publicservice.upload.required", c.name()));
            }
        }
        return e;
    }

    private static List<FieldError> checkApplicant(@Nullable Applicant a) {
        List<FieldError> e = new ArrayList<>();
        if (a == null) {
            e.add(new FieldError("applicant", "problem.field.required"));
            return e;
        }
        if (a.idNumber() == null || !FormRules.ID_NUMBER.matcher(a.idNumber().strip()).matches()) {
            e.add(new FieldError("applicant.idNumber", "publicservice.applicant.id-number"));
        }
        if (a.fullName() == null || a.fullName().isBlank()) e.add(new FieldError("applicant.fullName", "problem.field.required"));
        else if (a.fullName().strip().length() > 200 || VietnameseText.firstControlChar(a.fullName(), false) >= 0) {
            e.add(new FieldError("applicant.fullName", "problem.field.invalid"));
        }
        if (a.dateOfBirth() != null && (a.dateOfBirth().isBefore(LocalDate.of(1900, 1, 1)) || a.dateOfBirth().isAfter(LocalDate.now(WorkingCalendar.ZONE)))) {
            e.add(new FieldError("applicant.dateOfBirth", "publicservice.applicant.birth"));
        }
        if (a.phone() != null && !a.phone().isBlank() && !FormRules.PHONE.matcher(a.phone().replace(" ", "")).matches()) {
            e.add(new FieldError("applicant.phone", "publicservice.applicant.phone"));
        }
        if (a.email() != null && !a.email().isBlank() && !FormRules.EMAIL.matcher(a.email().strip()).matches()) {
            e.add(new FieldError("applicant.email", "publicservice.applicant.email"));
        }
        return e;
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** A dossier an officer may see: 404 when it does not exist, 403 when outside their grants. */
    @Transactional(readOnly = true)
    public Dossier get(String code) {
        Dossier d = find(code).orElseThrow(() -> new DomainException.NotFound("dossier", code));
        requireReader(d);
        return d;
    }

    /** The citizen's own dossier; anyone else's is a 404, as if it did not exist. */
    @Transactional(readOnly = true)
    public Dossier ofCitizen(CitizenIdentity citizen, String code) {
        return find(code).filter(d -> d.applicant().idNumber().equals(citizen.idNumber()))
                .orElseThrow(() -> new DomainException.NotFound("dossier", code));
    }

    /** The citizen's dossiers, newest first. */
    @Transactional(readOnly = true)
    public List<Dossier> ofCitizen(CitizenIdentity citizen) {
        return jdbc.sql("select id from publicservice_dossier where applicant_id_number = ? order by submitted_at desc limit 200")
                .param(citizen.idNumber()).query(Long.class).list().stream().map(this::load).toList();
    }

    /** Whether the caller may read the dossier: READERS on its unit, or the current step's officers on theirs. */
    private boolean mayRead(Dossier d) {
        if (policy.permits(READERS, d.asProtected())) return true;
        Optional<Dossier.Step> cur = d.current();
        return cur.isPresent() && policy.permits(Set.of(cur.get().role()), new vn.truongson.access.ProtectedRecord("dossier", d.code(),
                cur.get().unitId(), vn.truongson.core.SecrecyLevel.THUONG));
    }

    private void requireReader(Dossier d) {
        if (policy.permits(READERS, d.asProtected())) return;
        Optional<Dossier.Step> cur = d.current();
        if (cur.isPresent() && cur.get().unitId() != d.unitId()
                && policy.permits(Set.of(cur.get().role()), new vn.truongson.access.ProtectedRecord("dossier", d.code(), cur.get().unitId(),
                        vn.truongson.core.SecrecyLevel.THUONG))) return;
        policy.require(READERS, d.asProtected());
    }

    /** The one-stop desk's queue: dossiers waiting for reception, for a supplement, or to be handed back, oldest first. */
    /** How many dossiers there are, all units together (the demo files its own only into an empty one-stop). */
    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from publicservice_dossier").query(Long.class).single();
    }

    @Transactional(readOnly = true)
    public List<Dossier> receptionQueue() {
        Visibility v = policy.visibility(ONE_STOP);
        SqlFilter f = v.where("d.unit_id", null);
        return f.bind(jdbc.sql("select d.id from publicservice_dossier d where " + f.sql()
                        + " and d.status in ('SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RESULT_READY') order by d.submitted_at limit 500"))
                .query(Long.class).list().stream().map(this::load).toList();
    }

    /** The processing officer's queue: dossiers whose current step is theirs, soonest due first. */
    @Transactional(readOnly = true)
    public List<Dossier> processingQueue() {
        List<Long> ids = new ArrayList<>();
        for (Role r : Set.of(Role.PROCESSING_OFFICER, Role.ONE_STOP_OFFICER, Role.COMMANDER, Role.SIGNER)) {
            SqlFilter f = policy.visibility(Set.of(r)).where("s.unit_id", null);
            if (f.sql().equals("false")) continue;
            f.bind(jdbc.sql("select d.id from publicservice_dossier d join publicservice_dossier_step s on s.dossier_id = d.id "
                            + "and s.ordinal = d.current_step where " + f.sql() + " and s.role = :role and s.completed_at is null "
                            + "and d.status in ('RECEIVED', 'IN_PROCESS') order by s.due_at limit 500"))
                    .param("role", r.name()).query(Long.class).list().forEach(id -> { if (!ids.contains(id)) ids.add(id); });
        }
        return ids.stream().map(this::load)
                .sorted(java.util.Comparator.comparing((Dossier d) -> d.current().map(Dossier.Step::dueAt).orElse(Instant.MAX))).toList();
    }

    // ---- the one-stop desk -------------------------------------------------------------------------

    /** A required component the one-stop officer waives at reception, with the reason (not brought, not needed in this case). */
    public record Waiver(@Nullable String component, @Nullable String reason) {}

    /** A waiver as recorded on the dossier. */
    public record RecordedWaiver(String component, String componentName, String reason, String waivedBy, Instant waivedAt) {}

    static final int MAX_WAIVERS = 50;
    static final int MAX_WAIVER_REASON = 500;

    /** Receives the dossier (Mẫu 01) with no waiver; see {@link #receive(String, List, List)}. */
    @Transactional
    public Dossier receive(String code, @Nullable List<String> checkedComponents) {
        return receive(code, checkedComponents, List.of());
    }

    /**
     * Receives the dossier (Mẫu 01): appointment on the working-day calendar, step 1 begins. Every required component
     * must be present or waived with a reason, else a 400 naming each missing one (field {@code checkedComponents}) and
     * nothing changes: the officer ticks it, waives it, or asks for a supplement (Mẫu 02) instead. Present means
     * ticked in {@code checkedComponents} when the officer sends that list (the screen always does, even empty); when
     * the list is left out, the components attached as files, and for a dossier entered by a one-stop officer (walk-in, or
     * brought over from another portal) all of them: he checked the papers on entering it.
     */
    @Transactional
    public Dossier receive(String code, @Nullable List<String> checkedComponents, @Nullable List<Waiver> waivers) {
        List<Waiver> given = waivers == null ? List.of() : waivers;
        List<FieldError> bad = new ArrayList<>();
        if (checkedComponents != null && checkedComponents.size() > 200) bad.add(new FieldError("checkedComponents", "problem.field.length", 0, 200));
        if (given.size() > MAX_WAIVERS) bad.add(new FieldError("waivers", "problem.field.length", 0, MAX_WAIVERS));
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
        Dossier d = lock(code);
        policy.require(ONE_STOP, d.asProtected());
        requireStatus(d, DossierStatus.SUBMITTED);
        Procedure p = procedures.byId(d.procedureId());
        Set<String> present = new HashSet<>();
        if (checkedComponents != null) {
            checkedComponents.stream().filter(java.util.Objects::nonNull).forEach(present::add);
        } else {
            d.attachments().forEach(a -> present.add(a.component()));
            // Entered by a one-stop officer (walk-in, or brought over from another portal): he checked the papers on entering it.
            if (d.submittedBy().startsWith("official:")) p.components().forEach(c -> present.add(c.code()));
        }
        Map<String, String> waived = new java.util.LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            Waiver w = given.get(i);
            String path = "waivers[" + i + "]";
            String component = w == null || w.component() == null ? "" : w.component().strip();
            if (p.components().stream().noneMatch(c -> c.code().equals(component))) {
                bad.add(new FieldError(path + ".component", "publicservice.upload.unknown-component", component.length() > 100 ? component.substring(0, 100) : component));
                continue;
            }
            String r = w.reason() == null ? "" : w.reason().strip();
            if (r.isEmpty()) bad.add(new FieldError(path + ".reason", "publicservice.receive.waiver-reason", componentName(p, component)));
            else if (r.length() > MAX_WAIVER_REASON) bad.add(new FieldError(path + ".reason", "problem.field.length", 1, MAX_WAIVER_REASON));
            else if (VietnameseText.firstControlChar(r, true) >= 0 || loneSurrogate(r)) bad.add(new FieldError(path + ".reason", "problem.field.invalid"));
            else if (!present.contains(component)) waived.put(component, VietnameseText.nfc(r));
        }
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
        for (Procedure.Component c : p.components()) {
            if (c.required() && !present.contains(c.code()) && !waived.containsKey(c.code())) {
                bad.add(new FieldError("checkedComponents", "publicservice.receive.missing", c.name(), c.code()));
            }
        }
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
        Instant now = clock.instant();
        for (var w : waived.entrySet()) {
            jdbc.sql("insert into publicservice_waiver (dossier_id, component, reason, waived_by, waived_at) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(d.id(), w.getKey(), w.getValue(), actor(), Timestamp.from(now)).update();
        }
        startProcessing(d, p, now, actor());
        String waivedText = waived.entrySet().stream().map(w -> componentName(p, w.getKey()) + " (" + w.getValue() + ")")
                .collect(java.util.stream.Collectors.joining("; "));
        event(d.id(), now, "RECEIVED", actor(), DossierStatus.RECEIVED, "Tiếp nhận hồ sơ, hẹn trả kết quả (Mẫu 01)"
                + (waived.isEmpty() ? "" : ". Miễn thành phần: " + waivedText));
        audit.record("publicservice.dossier.receive", "dossier:" + code, AuditTrail.SUCCESS, waived.isEmpty() ? null
                : "waived " + String.join(", ", waived.keySet()) + ": " + waivedText);
        Dossier out = load(d.id());
        notices.send(out, "Hồ sơ " + code + " đã được tiếp nhận", "Hồ sơ của ông/bà đã được tiếp nhận. Ngày hẹn trả kết quả: "
                + Forms.dateTime(out.appointmentAt()) + ".");
        return out;
    }

    /** Whether the text holds half of a UTF-16 pair (it could not be stored as UTF-8). */
    static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }

    private static String componentName(Procedure p, String code) {
        return p.components().stream().filter(c -> c.code().equals(code)).map(Procedure.Component::name).findFirst().orElse(code);
    }

    /** The components waived at reception, for a dossier the caller has already read. */
    @Transactional(readOnly = true)
    public List<RecordedWaiver> waivers(Dossier d) {
        Procedure p = procedures.byId(d.procedureId());
        return jdbc.sql("select component, reason, waived_by, waived_at from publicservice_waiver where dossier_id = ? order by component").param(d.id())
                .query((rs, n) -> new RecordedWaiver(rs.getString(1), componentName(p, rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    // ---- attachments -----------------------------------------------------------------------------

    /** An attachment's bytes, with its row. */
    public record AttachmentFile(Dossier.Attachment attachment, byte[] bytes) {}

    /**
     * An attachment of a dossier, for the officers who may read the dossier (its unit's, and the current step's);
     * audited. A dossier hidden from the caller, a missing one and a missing file answer alike: 404 naming the file.
     */
    @Transactional
    public AttachmentFile attachment(String code, String sha256, boolean download) {
        Dossier d = find(code).filter(this::mayRead).orElseThrow(() -> new DomainException.NotFound("attachment", sha256));
        AttachmentFile f = readAttachment(d, sha256);
        audit.record("publicservice.dossier.attachment", "dossier:" + d.code(), AuditTrail.SUCCESS,
                (download ? "download " : "open ") + f.attachment().component() + " " + f.attachment().fileName());
        return f;
    }

    /** An attachment of the citizen's own dossier; anyone else's is a 404, as if it did not exist. */
    @Transactional
    public AttachmentFile attachment(CitizenIdentity citizen, String code, String sha256) {
        Dossier d = find(code).filter(x -> x.applicant().idNumber().equals(citizen.idNumber()))
                .orElseThrow(() -> new DomainException.NotFound("attachment", sha256));
        AttachmentFile f = readAttachment(d, sha256);
        audit.recordSeparately("citizen:" + citizen.idNumber(), "publicservice.dossier.attachment", "dossier:" + d.code(), AuditTrail.SUCCESS,
                "open " + f.attachment().component() + " " + f.attachment().fileName());
        return f;
    }

    private AttachmentFile readAttachment(Dossier d, String sha256) {
        Dossier.Attachment a = d.attachments().stream().filter(x -> x.sha256().equals(sha256)).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("attachment", sha256));
        try (InputStream in = files.open(a.sha256())) {
            return new AttachmentFile(a, in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("attachment of " + d.code() + " unreadable", e);
        }
    }

    /** Received (again, after a supplement): the legal time counts from now, and step 1, or the step it stopped at, starts now. */
    private void startProcessing(Dossier d, Procedure p, Instant now, String by) {
        Instant appointment = p.inHours() ? calendar.addWorkingHours(now, p.processingWorkingHours())
                : calendar.addWorkingDays(now, p.processingWorkingDays());
        int step = d.currentStep() == null ? 1 : d.currentStep();
        jdbc.sql("""
                update publicservice_dossier set status = 'RECEIVED', received_at = coalesce(received_at, :now), received_by = coalesce(received_by, :by),
                    appointment_at = :appointment, current_step = :step, supplement_reason = null, version = version + 1 where id = :id""")
                .param("now", Timestamp.from(now)).param("by", by).param("appointment", Timestamp.from(appointment)).param("step", step)
                .param("id", d.id()).update();
        startStep(d.id(), p, step, now);
    }

    private void startStep(long dossierId, Procedure p, int ordinal, Instant at) {
        Procedure.Step s = p.steps().get(ordinal - 1);
        Instant due = s.allowanceWorkingHours() != null ? calendar.addWorkingHours(at, s.allowanceWorkingHours())
                : calendar.addWorkingDays(at, s.allowanceWorkingDays());
        jdbc.sql("""
                update publicservice_dossier_step set started_at = ?, due_at = ?, completed_at = null, completed_by = null, late = null
                where dossier_id = ? and ordinal = ?""")
                .params(Timestamp.from(at), Timestamp.from(due), dossierId, ordinal).update();
    }

    /** Asks for more documents (Mẫu 02): before reception by the desk, during processing by the current step's officer. */
    @Transactional
    public Dossier requestSupplement(String code, @Nullable String reason) {
        String r = reason(reason);
        Dossier d = lock(code);
        requireDeskOrStep(d);
        requireStatus(d, DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        Instant now = clock.instant();
        jdbc.sql("update publicservice_dossier set status = 'SUPPLEMENT_REQUESTED', supplement_reason = ?, version = version + 1 where id = ?")
                .params(r, d.id()).update();
        event(d.id(), now, "SUPPLEMENT_REQUESTED", actor(), DossierStatus.SUPPLEMENT_REQUESTED, r);
        audit.record("publicservice.dossier.request-supplement", "dossier:" + code, AuditTrail.SUCCESS, r);
        Dossier out = load(d.id());
        notices.send(out, "Hồ sơ " + code + " cần bổ sung", "Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ: " + r);
        return out;
    }

    /** The citizen's answer to a supplement request: the files added, then the dossier is received again (the legal time restarts). */
    @Transactional
    public Dossier answerSupplement(CitizenIdentity citizen, String code, @Nullable String note, List<Upload> uploads) {
        Dossier d = ofCitizen(citizen, code);
        return answer(lock(d.code()), note, uploads, "citizen:" + citizen.idNumber());
    }

    /** The answer brought to the desk on paper, entered by the one-stop officer. */
    @Transactional
    public Dossier answerSupplementAtDesk(String code, @Nullable String note, List<Upload> uploads) {
        Dossier d = lock(code);
        policy.require(ONE_STOP, d.asProtected());
        return answer(d, note, uploads, actor());
    }

    private Dossier answer(Dossier d, @Nullable String note, List<Upload> uploads, String by) {
        requireStatus(d, DossierStatus.SUPPLEMENT_REQUESTED);
        String n = note == null || note.isBlank() ? null : clip(note);
        Procedure p = procedures.byId(d.procedureId());
        List<FieldError> e = checkUploads(p, uploads, false);
        if (!e.isEmpty()) throw new DomainException.BadInput(e);
        Instant now = clock.instant();
        attach(d.id(), uploads, now);
        startProcessing(d, p, now, by);
        event(d.id(), now, "SUPPLEMENTED", by, DossierStatus.RECEIVED, n == null ? "Đã bổ sung hồ sơ" : "Đã bổ sung hồ sơ: " + n);
        audit.record("publicservice.dossier.supplement", "dossier:" + d.code(), AuditTrail.SUCCESS, uploads.size() + " files");
        return load(d.id());
    }

    /** Refuses the dossier (Mẫu 03). */
    @Transactional
    public Dossier reject(String code, @Nullable String reason) {
        String r = reason(reason);
        Dossier d = lock(code);
        requireDeskOrStep(d);
        requireStatus(d, DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        Instant now = clock.instant();
        jdbc.sql("update publicservice_dossier set status = 'REJECTED', reject_reason = ?, version = version + 1 where id = ?").params(r, d.id()).update();
        event(d.id(), now, "REJECTED", actor(), DossierStatus.REJECTED, r);
        audit.record("publicservice.dossier.reject", "dossier:" + code, AuditTrail.SUCCESS, r);
        Dossier out = load(d.id());
        notices.send(out, "Hồ sơ " + code + " bị từ chối", "Hồ sơ của ông/bà không được tiếp nhận, giải quyết. Lý do: " + r);
        return out;
    }

    /** Hands the result back (trả kết quả); on time when no later than the appointment of Mẫu 01. */
    @Transactional
    public Dossier returnResult(String code) {
        Dossier d = lock(code);
        policy.require(ONE_STOP, d.asProtected());
        requireStatus(d, DossierStatus.RESULT_READY);
        Instant now = clock.instant();
        boolean onTime = d.appointmentAt() != null && !now.isAfter(d.appointmentAt());
        jdbc.sql("update publicservice_dossier set status = 'RETURNED', returned_at = ?, returned_by = ?, on_time = ?, version = version + 1 where id = ?")
                .params(Timestamp.from(now), actor(), onTime, d.id()).update();
        event(d.id(), now, "RETURNED", actor(), DossierStatus.RETURNED, onTime ? "Trả kết quả đúng hạn" : "Trả kết quả quá hạn");
        audit.record("publicservice.dossier.return", "dossier:" + code, AuditTrail.SUCCESS, onTime ? "on time" : "late");
        Dossier out = load(d.id());
        notices.send(out, "Hồ sơ " + code + " đã có kết quả", "Kết quả giải quyết hồ sơ của ông/bà đã được trả.");
        return out;
    }

    // ---- processing ------------------------------------------------------------------------------

    /** Completes the current step (late when after its due time) and starts the next; after the last, the result is ready. */
    @Transactional
    public Dossier advance(String code, @Nullable String note) {
        Dossier d = lock(code);
        Dossier.Step step = requireCurrentStepOfficer(d);
        requireStatus(d, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        String n = note == null || note.isBlank() ? null : clip(note);
        Instant now = clock.instant();
        boolean late = step.dueAt() != null && now.isAfter(step.dueAt());
        jdbc.sql("update publicservice_dossier_step set completed_at = ?, completed_by = ?, late = ? where dossier_id = ? and ordinal = ?")
                .params(Timestamp.from(now), actor(), late, d.id(), step.ordinal()).update();
        Procedure p = procedures.byId(d.procedureId());
        boolean last = step.ordinal() == d.steps().size();
        if (last) {
            jdbc.sql("update publicservice_dossier set status = 'RESULT_READY', result_ready_at = ?, version = version + 1 where id = ?")
                    .params(Timestamp.from(now), d.id()).update();
            DossierResults.Result result = results.produce(load(d.id()), p);
            jdbc.sql("update publicservice_dossier set result_sha256 = ?, result_signed = ? where id = ?")
                    .params(result.sha256(), result.signed(), d.id()).update();
        } else {
            jdbc.sql("update publicservice_dossier set status = 'IN_PROCESS', current_step = ?, version = version + 1 where id = ?")
                    .params(step.ordinal() + 1, d.id()).update();
            startStep(d.id(), p, step.ordinal() + 1, now);
        }
        DossierStatus to = last ? DossierStatus.RESULT_READY : DossierStatus.IN_PROCESS;
        event(d.id(), now, "STEP_DONE", actor(), to, "Bước " + step.ordinal() + " – " + step.name() + (late ? " (quá hạn)" : " (đúng hạn)")
                + (n == null ? "" : ": " + n));
        audit.record("publicservice.dossier.advance", "dossier:" + code, AuditTrail.SUCCESS, "step " + step.ordinal() + (late ? " late" : ""));
        return load(d.id());
    }

    /** Sends the dossier back to the previous step (trả lại bước trước), which starts over from now. */
    @Transactional
    public Dossier sendBack(String code, @Nullable String reason) {
        String r = reason(reason);
        Dossier d = lock(code);
        Dossier.Step step = requireCurrentStepOfficer(d);
        requireStatus(d, DossierStatus.IN_PROCESS);
        if (step.ordinal() <= 1) throw new DomainException.Conflict("publicservice.dossier.first-step");
        Instant now = clock.instant();
        Procedure p = procedures.byId(d.procedureId());
        jdbc.sql("update publicservice_dossier_step set started_at = null, due_at = null where dossier_id = ? and ordinal = ?")
                .params(d.id(), step.ordinal()).update();
        int back = step.ordinal() - 1;
        startStep(d.id(), p, back, now);
        jdbc.sql("update publicservice_dossier set current_step = ?, status = ?, version = version + 1 where id = ?")
                .params(back, back == 1 ? "RECEIVED" : "IN_PROCESS", d.id()).update();
        event(d.id(), now, "SENT_BACK", actor(), back == 1 ? DossierStatus.RECEIVED : DossierStatus.IN_PROCESS,
                "Trả lại bước " + back + ": " + r);
        audit.record("publicservice.dossier.send-back", "dossier:" + code, AuditTrail.SUCCESS, "to step " + back + ": " + r);
        return load(d.id());
    }

    /** Escalates to the unit's leaders (báo cáo xin ý kiến): on the timeline, the step goes on. */
    @Transactional
    public Dossier escalate(String code, @Nullable String reason) {
        String r = reason(reason);
        Dossier d = lock(code);
        requireCurrentStepOfficer(d);
        requireStatus(d, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        event(d.id(), clock.instant(), "ESCALATED", actor(), d.status(), r);
        audit.record("publicservice.dossier.escalate", "dossier:" + code, AuditTrail.SUCCESS, r);
        return load(d.id());
    }

    /**
     * The apology and new date (Mẫu 04), when the appointment will be missed; the citizen is notified. The dossier is
     * still judged against the first appointment.
     */
    @Transactional
    public Dossier apologise(String code, @Nullable String reason, @Nullable Instant newAppointment) {
        String r = reason(reason);
        if (newAppointment == null) throw new DomainException.BadInput("newAppointmentAt", "problem.field.required");
        Dossier d = lock(code);
        requireDeskOrStep(d);
        requireStatus(d, DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        Instant after = d.newAppointmentAt() != null ? d.newAppointmentAt() : d.appointmentAt();
        if (after != null && !newAppointment.isAfter(after)) {
            throw new DomainException.BadInput("newAppointmentAt", "publicservice.apology.date", Forms.dateTime(after));
        }
        Instant now = clock.instant();
        jdbc.sql("update publicservice_dossier set new_appointment_at = ?, apology_reason = ?, version = version + 1 where id = ?")
                .params(Timestamp.from(newAppointment), r, d.id()).update();
        event(d.id(), now, "APOLOGY", actor(), d.status(), "Xin lỗi và hẹn lại ngày trả kết quả: " + Forms.dateTime(newAppointment) + ". Lý do: " + r);
        audit.record("publicservice.dossier.apology", "dossier:" + code, AuditTrail.SUCCESS, newAppointment + " " + r);
        Dossier out = load(d.id());
        notices.send(out, "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code, "Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn. "
                + "Lý do: " + r + ". Ngày hẹn trả kết quả mới: " + Forms.dateTime(newAppointment) + ".");
        return out;
    }

    // ---- the citizen -----------------------------------------------------------------------------

    /** The citizen rates the service once the result is returned: 1 to 5, with a comment. */
    @Transactional
    public Dossier rate(CitizenIdentity citizen, String code, int stars, @Nullable String comment) {
        List<FieldError> e = new ArrayList<>();
        if (stars < 1 || stars > 5) e.add(new FieldError("rating", "publicservice.rating.range"));
        if (comment != null && comment.length() > MAX_REASON) e.add(new FieldError("comment", "problem.field.length", 0, MAX_REASON));
        if (!e.isEmpty()) throw new DomainException.BadInput(e);
        Dossier d = ofCitizen(citizen, code);
        d = lock(d.code());
        requireStatus(d, DossierStatus.RETURNED);
        if (d.rating() != null) throw new DomainException.Conflict("publicservice.rating.done");
        Instant now = clock.instant();
        jdbc.sql("update publicservice_dossier set rating = ?, rating_comment = ?, rated_at = ? where id = ?")
                .params(stars, comment == null || comment.isBlank() ? null : VietnameseText.nfc(comment.strip()), Timestamp.from(now), d.id()).update();
        event(d.id(), now, "RATED", "citizen:" + citizen.idNumber(), d.status(), "Đánh giá " + stars + "/5");
        audit.recordSeparately("citizen:" + citizen.idNumber(), "publicservice.dossier.rate", "dossier:" + code, AuditTrail.SUCCESS, stars + "/5");
        return load(d.id());
    }

    // ---- rules -----------------------------------------------------------------------------------

    private void requireDeskOrStep(Dossier d) {
        if (policy.permits(ONE_STOP, d.asProtected())) return;
        requireCurrentStepOfficer(d);
    }

    /** The current step's officer: its role on its unit. Someone who may not even read the dossier gets 403/404 as for reading. */
    private Dossier.Step requireCurrentStepOfficer(Dossier d) {
        Dossier.Step step = d.current().orElse(null);
        if (step == null) {
            requireReader(d);
            throw new DomainException.Conflict("publicservice.dossier.state", d.status().vietnamese());
        }
        var record = new vn.truongson.access.ProtectedRecord("dossier", d.code(), step.unitId(), vn.truongson.core.SecrecyLevel.THUONG);
        if (!policy.permits(Set.of(step.role()), record)) {
            requireReader(d);
            throw new DomainException.Forbidden("publicservice.dossier.not-your-step", step.ordinal(), step.role().vietnamese());
        }
        return step;
    }

    private static void requireStatus(Dossier d, DossierStatus... allowed) {
        for (DossierStatus s : allowed) if (d.status() == s) return;
        throw new DomainException.Conflict("publicservice.dossier.state", d.status().vietnamese());
    }

    private static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) throw new DomainException.BadInput("reason", "problem.field.required");
        if (reason.strip().length() > MAX_REASON) throw new DomainException.BadInput("reason", "problem.field.length", 1, MAX_REASON);
        if (VietnameseText.firstControlChar(reason, true) >= 0) throw new DomainException.BadInput("reason", "problem.field.invalid");
        return VietnameseText.nfc(reason.strip());
    }

    private static String clip(String s) {
        String t = VietnameseText.nfc(s.strip());
        return t.length() <= MAX_REASON ? t : t.substring(0, MAX_REASON);
    }

    private static String clipName(String s) {
        String t = VietnameseText.nfc(s.strip()).replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return t.length() <= 200 ? t : t.substring(t.length() - 200);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String actor() {
        Actor a = policy.actor();
        return "official:" + a.username();
    }

    private void event(long dossierId, Instant at, String kind, String actor, DossierStatus status, @Nullable String note) {
        jdbc.sql("insert into publicservice_event (dossier_id, at, kind, actor, status, note) values (?, ?, ?, ?, ?, ?)")
                .params(dossierId, Timestamp.from(at), kind, actor, status.name(), note).update();
        if (kind.equals("RECEIVED")) vn.truongson.core.DomainMetrics.countAfterCommit(vn.truongson.core.DomainMetrics.Counter.DOSSIERS_RECEIVED);
        if (kind.equals("RETURNED")) vn.truongson.core.DomainMetrics.countAfterCommit(vn.truongson.core.DomainMetrics.Counter.DOSSIERS_RETURNED);
    }

    // ---- rows ------------------------------------------------------------------------------------

    private Dossier lock(String code) {
        Long id = jdbc.sql("select id from publicservice_dossier where code = ? for update").param(code).query(Long.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("dossier", code));
        return load(id);
    }

    Optional<Dossier> find(String code) {
        return jdbc.sql("select id from publicservice_dossier where code = ?").param(code).query(Long.class).optional().map(this::load);
    }

    Dossier load(long id) {
        List<Dossier.Step> steps = jdbc.sql("select * from publicservice_dossier_step where dossier_id = ? order by ordinal").param(id)
                .query((rs, n) -> new Dossier.Step(rs.getInt("ordinal"), rs.getString("name"), rs.getLong("unit_id"), Role.valueOf(rs.getString("role")),
                        instant(rs, "started_at"), instant(rs, "due_at"), instant(rs, "completed_at"), rs.getString("completed_by"),
                        (Boolean) rs.getObject("late"))).list();
        List<Dossier.Attachment> attachments = jdbc.sql("select * from publicservice_attachment where dossier_id = ? order by added_at, component")
                .param(id).query((rs, n) -> new Dossier.Attachment(rs.getString("component"), rs.getString("file_name"), rs.getString("sha256"),
                        rs.getLong("size"), rs.getString("content_type"), rs.getTimestamp("added_at").toInstant())).list();
        List<Dossier.Event> events = jdbc.sql("select * from publicservice_event where dossier_id = ? order by id").param(id)
                .query((rs, n) -> new Dossier.Event(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("kind"), rs.getString("actor"),
                        DossierStatus.valueOf(rs.getString("status")), rs.getString("note"))).list();
        return jdbc.sql("""
                select d.*, p.code as procedure_code, p.name as procedure_name from publicservice_dossier d
                join publicservice_procedure p on p.id = d.procedure_id where d.id = ?""").param(id)
                .query((rs, n) -> map(rs, steps, attachments, events)).single();
    }

    private Dossier map(ResultSet rs, List<Dossier.Step> steps, List<Dossier.Attachment> attachments, List<Dossier.Event> events) throws SQLException {
        java.sql.Date birth = rs.getDate("applicant_birth");
        int step = rs.getInt("current_step");
        Integer current = rs.wasNull() ? null : step;
        int rating = rs.getInt("rating");
        Integer r = rs.wasNull() ? null : rating;
        return new Dossier(rs.getLong("id"), rs.getString("code"), rs.getLong("procedure_id"), rs.getString("procedure_code"), rs.getString("procedure_name"),
                rs.getLong("unit_id"), Channel.valueOf(rs.getString("channel")), DossierStatus.valueOf(rs.getString("status")),
                new Applicant(rs.getString("applicant_id_number"), rs.getString("applicant_name"), birth == null ? null : birth.toLocalDate(),
                        rs.getString("applicant_phone"), rs.getString("applicant_email")),
                json.readValue(rs.getString("form_data"), MAP), rs.getTimestamp("submitted_at").toInstant(), rs.getString("submitted_by"),
                instant(rs, "received_at"), rs.getString("received_by"), instant(rs, "appointment_at"), instant(rs, "new_appointment_at"),
                rs.getString("apology_reason"), current, rs.getString("supplement_reason"), rs.getString("reject_reason"), instant(rs, "result_ready_at"),
                rs.getString("result_sha256"), rs.getBoolean("result_signed"), instant(rs, "returned_at"), rs.getString("returned_by"),
                (Boolean) rs.getObject("on_time"), r, rs.getString("rating_comment"), steps, attachments, events, onBehalf(rs));
    }

    private static Dossier.@Nullable OnBehalf onBehalf(ResultSet rs) throws SQLException {
        String relation = rs.getString("on_behalf_relation");
        if (relation == null) return null;
        java.sql.Date birth = rs.getDate("subject_birth");
        return new Dossier.OnBehalf(Dossier.Relation.valueOf(relation), rs.getString("subject_id_number"), rs.getString("subject_name"),
                birth == null ? null : birth.toLocalDate());
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static final DateTimeFormatter CODE_DATE = DateTimeFormatter.ofPattern("yyMMdd");
}
