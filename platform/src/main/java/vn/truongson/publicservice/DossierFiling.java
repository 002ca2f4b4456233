package vn.truongson.publicservice;

import static vn.truongson.core.Inputs.blankToNull;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
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
 * Filing (nộp hồ sơ), the dossier's first event: the applicant, the form and the files checked (every problem at once,
 * each a 400 naming its field), then the row, its steps as the procedure has them, the files, the SUBMITTED line of the
 * timeline and, last, the unit's code of the day (its counter's row lock held for three statements). Called by
 * {@link Dossiers}, whose transaction it joins.
 */
@Component
class DossierFiling {

    private final JdbcClient jdbc;
    private final Procedures procedures;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final FileStore files;
    private final DossierCodes codes;
    private final DossierRows rows;
    private final DossierJournal journal;
    private final PublicServiceProperties props;
    private final JsonMapper json;
    private final Clock clock;

    DossierFiling(JdbcClient jdbc, Procedures procedures, AccessPolicy policy, AuditTrail audit, FileStore files, DossierCodes codes, DossierRows rows,
            DossierJournal journal, PublicServiceProperties props, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.procedures = procedures;
        this.policy = policy;
        this.audit = audit;
        this.files = files;
        this.codes = codes;
        this.rows = rows;
        this.journal = journal;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }
    /**
     * A dossier entered by a one-stop officer of the implementing unit: walk-in (the paper originals are checked at
     * the desk) or brought over from another portal ({@code ONLINE}). Attachments, when sent, must cover every
     * required component.
     */
    Dossier fileByOfficer(Dossiers.NewDossier n, Channel channel, List<Dossiers.Upload> uploads) {
        Procedure p = procedureFor(n.procedureCode());
        List<FieldError> errors = checkApplicant(n.applicant());
        FormRules.Checked form = FormRules.check(p.form(), n.formData());
        errors.addAll(form.errors());
        errors.addAll(checkUploads(p, uploads, !uploads.isEmpty()));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(Dossiers.ONE_STOP, p.implementingUnitId());
        return insert(p, n.applicant(), form.values(), channel, "official:" + policy.actor().username(), uploads, null);
    }


    /**
     * A dossier filed online by the signed-in citizen: the applicant is who the e-ID says, whatever the request carries; every
     * required component uploaded. The form's identity fields (those prefilled from the e-ID: name, ID number, date of birth)
     * must be the citizen's own — another person's is a 400 naming the field — unless he files on behalf of someone else
     * (nộp thay) and states the relation: then they must be that person's, and the dossier keeps both, for the officer to see.
     */
    Dossier fileOnline(CitizenIdentity citizen, String procedureCode, @Nullable Map<String, Object> formData, @Nullable String phone,
            @Nullable String email, List<Dossiers.Upload> uploads, Dossier.@Nullable OnBehalf onBehalf) {
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
        return insert(p, a, form.values(), Channel.ONLINE, "citizen:" + citizen.idNumber(), uploads, ob);
    }


    /** A dossier filed on the low side that arrived through the gateway (issue 15; Dossiers.importCrossed). */
    Dossier importCrossed(String lowCode, String messageId, Dossiers.NewDossier n, List<Dossiers.Upload> uploads) {
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

    /**
     * The form with its identity fields set to the person's own values: a field left out is filled in; a field sent with
     * another value is an error on that field (nothing is silently replaced, so a tampered form is visible as such).
     */
    static Map<String, Object> identityFields(Procedure p, @Nullable Map<String, Object> formData, String idNumber, String fullName,
            @Nullable LocalDate birth, String messageKey, List<FieldError> errors) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(formData == null ? Map.of() : formData);
        for (Procedure.Field f : p.form().fields()) {
            if (f.prefill() == null || !Dossiers.IDENTITY_PREFILLS.contains(f.prefill())) continue;
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

    private Dossier insert(Procedure p, Applicant a, Map<String, Object> form, Channel channel, String by, List<Dossiers.Upload> uploads,
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
        var submitted = new DossierEvent.Submitted(id, provisional, now, by, channel,
                onBehalf == null ? null : "; nộp thay (" + onBehalf.relation().vietnamese() + ") cho " + onBehalf.fullName());
        journal.timeline(submitted);
        // Read back before the code is taken, so the counter's row lock covers three statements, not seven (issue 20,
        // finding 2): the code, the dossier's code, the audit row.
        Dossier filed = rows.load(id);
        String code = codes.next(p.implementingUnitId(), p.unitCode(), now);
        jdbc.sql("update publicservice_dossier set code = ? where id = ?").params(code, id).update();
        audit.record("publicservice.dossier.submit", "dossier:" + code, AuditTrail.SUCCESS, p.code() + " " + channel
                + (onBehalf == null ? "" : " on behalf (" + onBehalf.relation() + ") of ID ********" + onBehalf.idNumber().substring(onBehalf.idNumber().length() - 4)));
        journal.publish(new DossierEvent.Submitted(id, code, now, by, channel, submitted.onBehalfNote()));
        return filed.withCode(code);
    }

    void attach(long id, List<Dossiers.Upload> uploads, Instant now) {
        for (Dossiers.Upload u : uploads) {
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

    List<FieldError> checkUploads(Procedure p, List<Dossiers.Upload> uploads, boolean requireAll) {
        List<FieldError> e = new ArrayList<>();
        if (uploads.size() > props.maxAttachments()) e.add(new FieldError("attachments", "publicservice.upload.too-many", props.maxAttachments()));
        Set<String> given = new HashSet<>();
        for (Dossiers.Upload u : uploads) {
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

    private static String clipName(String s) {
        String t = VietnameseText.nfc(s.strip()).replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return t.length() <= 200 ? t : t.substring(t.length() - 200);
    }
}
