package vn.truongson.publicservice;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;
import vn.truongson.files.FileStore;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.publicservice.Dossier.Applicant;
import vn.truongson.publicservice.Dossier.Channel;

/**
 * Dossiers (API.md): the module's service. Each action locks the dossier ({@link DossierRows#lock}, one statement), checks
 * who acts ({@link DossierRules}), asks the {@link Dossier} aggregate for the transition — the aggregate refuses one its
 * state does not allow ({@link DossierConflict}, 409) and says what happened ({@link DossierEvent}) — then the store writes
 * it and the journal puts it on the timeline and in the audit log, and publishes it for the listeners after the commit.
 *
 * <p>Deadlines: {@code appointmentAt} = {@code receivedAt} + the procedure's legal time on the working-day calendar;
 * each step's {@code dueAt} = its start + its allowance. Step 1 starts at reception; each advance completes the
 * current step (late when completed after its due time) and starts the next.
 *
 * <p>Over 400 lines on purpose (issue 19, sizes): the module's one entry, a short method per verb of the dossier — filing,
 * desk, processing, citizen, crossing — whose work is in {@link DossierFiling}, {@link DossierRules}, {@link DossierRows}
 * and {@link DossierJournal}; splitting it would split the API callers see, not the logic.
 */
@Service
public class Dossiers {

    /** Who may read a dossier of their unit. */
    public static final Set<Role> READERS = Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER, Role.ADMIN);
    static final Set<Role> ONE_STOP = Set.of(Role.ONE_STOP_OFFICER);
    static final int MAX_REASON = DossierRules.MAX_REASON;
    static final int MAX_WAIVERS = 50;
    static final int MAX_WAIVER_REASON = 500;
    /** The prefill keys that name a person: on an online dossier they are taken from the e-ID, not from the form. */
    public static final Set<String> IDENTITY_PREFILLS = Set.of("fullName", "idNumber", "dateOfBirth");

    /** A dossier as filed. */
    public record NewDossier(String procedureCode, Applicant applicant, @Nullable Map<String, Object> formData) {}

    /** An uploaded file for one component. */
    public record Upload(String component, String fileName, Supplier<InputStream> content) {
        public static Upload of(String component, String fileName, byte[] bytes) {
            return new Upload(component, fileName, () -> new ByteArrayInputStream(bytes));
        }
    }

    /** A required component the one-stop officer waives at reception, with the reason (not brought, not needed in this case). */
    public record Waiver(@Nullable String component, @Nullable String reason) {}

    /** A waiver as recorded on the dossier. */
    public record RecordedWaiver(String component, String componentName, String reason, String waivedBy, Instant waivedAt) {}

    /** An attachment's bytes, with its row. */
    public record AttachmentFile(Dossier.Attachment attachment, byte[] bytes) {}

    private final JdbcClient jdbc;
    private final Procedures procedures;
    private final DossierRules rules;
    private final AuditTrail audit;
    private final WorkingCalendar calendar;
    private final FileStore files;
    private final DossierRows rows;
    private final DossierJournal journal;
    private final DossierFiling filing;
    private final DossierQueues queues;
    private final DossierResults results;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    Dossiers(JdbcClient jdbc, Procedures procedures, DossierRules rules, AuditTrail audit, WorkingCalendar calendar, FileStore files, DossierRows rows,
            DossierJournal journal, DossierFiling filing, DossierQueues queues, DossierResults results, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.procedures = procedures;
        this.rules = rules;
        this.audit = audit;
        this.calendar = calendar;
        this.files = files;
        this.rows = rows;
        this.journal = journal;
        this.filing = filing;
        this.queues = queues;
        this.results = results;
        this.clock = clock;
        this.events = events;
    }

    // ---- filing (DossierFiling) ------------------------------------------------------------------

    /**
     * A dossier entered by a one-stop officer of the implementing unit: walk-in (the paper originals are checked at
     * the desk) or brought over from another portal ({@code ONLINE}). Attachments, when sent, must cover every
     * required component.
     */
    @Transactional
    public Dossier fileByOfficer(NewDossier n, Channel channel, List<Upload> uploads) {
        return filing.fileByOfficer(n, channel, uploads);
    }

    /** A dossier filed online by the signed-in citizen for himself. */
    @Transactional
    public Dossier fileOnline(CitizenIdentity citizen, String procedureCode, @Nullable Map<String, Object> formData, @Nullable String phone,
            @Nullable String email, List<Upload> uploads) {
        return filing.fileOnline(citizen, procedureCode, formData, phone, email, uploads, null);
    }

    /**
     * A dossier filed online by the signed-in citizen: the applicant is who the e-ID says; the form's identity fields must be
     * the citizen's own, or, filing on behalf of someone else (nộp thay) with the relation stated, that person's.
     */
    @Transactional
    public Dossier fileOnline(CitizenIdentity citizen, String procedureCode, @Nullable Map<String, Object> formData, @Nullable String phone,
            @Nullable String email, List<Upload> uploads, Dossier.@Nullable OnBehalf onBehalf) {
        Dossier filed = filing.fileOnline(citizen, procedureCode, formData, phone, email, uploads, onBehalf);
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
        Dossier d = rows.find(code).orElseThrow(() -> new DomainException.NotFound("dossier", code));
        List<AttachmentFile> out = new java.util.ArrayList<>();
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
     * On a low node: the high node's notice or result for one of this node's dossiers, arrived through the gateway
     * (issue 15). The timeline gets {@code note}; the status moves forward only ({@link Dossier#relay}); a result's PDF,
     * when sent, becomes the dossier's result for the citizen to download (unsigned: the gateway rebuilt it). Internal:
     * the caller is the platform's crossing module, no reader is asked.
     */
    @Transactional
    public Dossier relayCrossed(String code, String messageId, DossierStatus status, String note, byte @Nullable [] resultPdf) {
        Dossier d = rows.lock(code);
        if (resultPdf != null) {
            var stored = files.store(new ByteArrayInputStream(resultPdf), "ket-qua-" + d.code() + ".pdf", 50L * 1024 * 1024);
            rows.result(d.id(), stored.sha256(), false);
        }
        return change(d.relay(clock.instant(), "system:gateway", status, note, messageId));
    }

    /** The result PDF of a dossier, for the gateway's outbox on the high node; null before there is one. */
    public byte @Nullable [] resultForCrossing(String code) {
        Dossier d = rows.find(code).orElseThrow(() -> new DomainException.NotFound("dossier", code));
        if (d.resultSha256() == null) return null;
        try (InputStream in = files.open(d.resultSha256())) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("result of " + d.code() + " unreadable", e);
        }
    }

    /**
     * A dossier that a citizen filed on the low side and that arrived through the gateway (issue 15): filed again here
     * as an online dossier in the procedure's queue, checked like any filing (a 400 names the field); who filed it and
     * the low side's code are kept in its first event and the audit row.
     */
    @Transactional
    public Dossier importCrossed(String lowCode, String messageId, NewDossier n, List<Upload> uploads) {
        return filing.importCrossed(lowCode, messageId, n, uploads);
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** A dossier an officer may see: 404 when it does not exist, 403 when outside their grants. */
    @Transactional(readOnly = true)
    public Dossier get(String code) {
        Dossier d = rows.find(code).orElseThrow(() -> new DomainException.NotFound("dossier", code));
        rules.requireReader(d);
        return d;
    }

    /** The citizen's own dossier; anyone else's is a 404, as if it did not exist. */
    @Transactional(readOnly = true)
    public Dossier ofCitizen(CitizenIdentity citizen, String code) {
        return rows.find(code).filter(d -> d.applicant().idNumber().equals(citizen.idNumber()))
                .orElseThrow(() -> new DomainException.NotFound("dossier", code));
    }

    /** The citizen's dossiers, newest first. */
    @Transactional(readOnly = true)
    public List<Dossier> ofCitizen(CitizenIdentity citizen) {
        return queues.ofCitizen(citizen);
    }

    /** How many dossiers there are, all units together (the demo files its own only into an empty one-stop). */
    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from publicservice_dossier").query(Long.class).single();
    }

    /** The one-stop desk's queue: dossiers waiting for reception, for a supplement, or to be handed back, oldest first. */
    @Transactional(readOnly = true)
    public List<Dossier> receptionQueue() {
        return queues.reception();
    }

    /** The processing officer's queue: dossiers whose current step is theirs, soonest due first. */
    @Transactional(readOnly = true)
    public List<Dossier> processingQueue() {
        return queues.processing();
    }

    /**
     * What a queue's page is filtered by: words found in the code, the applicant's name or the procedure (diacritics
     * folded, at most 200 characters), and a status (one not of the queue gives nothing).
     */
    public record QueueFilter(@Nullable String q, @Nullable DossierStatus status) {
        public static final QueueFilter ALL = new QueueFilter(null, null);

        public QueueFilter {
            if (q != null && q.strip().length() > 200) throw new DomainException.BadInput("q", "problem.field.size", 0, 200);
        }

        /** The filter as typed on a screen or an API call: an unknown status is 400 naming {@code status}. */
        public static QueueFilter of(@Nullable String q, @Nullable String status) {
            DossierStatus st = null;
            if (status != null && !status.isBlank()) {
                try {
                    st = DossierStatus.valueOf(status.strip());
                } catch (IllegalArgumentException e) {
                    throw new DomainException.BadInput("status", "problem.field.enum");
                }
            }
            return new QueueFilter(q == null || q.isBlank() ? null : q.strip(), st);
        }
    }

    /** One page of a queue: its dossiers, how many match the filter in all, and the offset of the page's first. */
    public record QueuePage(List<Dossier> dossiers, long total, int offset) {}

    /** The statuses the desk's queue holds, and the processing queue's, in order. */
    public static List<DossierStatus> queueStatuses(boolean processing) {
        return processing ? DossierQueues.PROCESSING : DossierQueues.RECEPTION;
    }

    /**
     * A page of the desk's queue ({@link #receptionQueue()}), filtered, counted and cut in the database: a constant
     * number of statements whatever the page. An offset past the end gives the last page.
     */
    @Transactional(readOnly = true)
    public QueuePage receptionQueue(QueueFilter filter, int offset, int limit) {
        return queues.reception(filter, offset, limit);
    }

    /** A page of the processing queue ({@link #processingQueue()}), as {@link #receptionQueue(QueueFilter, int, int)}. */
    @Transactional(readOnly = true)
    public QueuePage processingQueue(QueueFilter filter, int offset, int limit) {
        return queues.processing(filter, offset, limit);
    }

    // ---- the one-stop desk -----------------------------------------------------------------------

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
        Reception.checkSizes(checkedComponents, given);
        Dossier d = rows.lock(code);
        rules.requireDesk(d);
        d.require(DossierStatus.SUBMITTED);
        Procedure p = procedures.byId(d.procedureId());
        Map<String, String> waived = Reception.waived(d, p, checkedComponents, given);
        Instant now = clock.instant();
        String by = rules.actor();
        for (var w : waived.entrySet()) {
            jdbc.sql("insert into publicservice_waiver (dossier_id, component, reason, waived_by, waived_at) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(d.id(), w.getKey(), w.getValue(), by, Timestamp.from(now)).update();
        }
        String waivedText = waived.entrySet().stream().map(w -> Reception.componentName(p, w.getKey()) + " (" + w.getValue() + ")").collect(Collectors.joining("; "));
        return change(d.receive(now, by, appointment(p, now), due(p, d.startingStep(), now), List.copyOf(waived.keySet()), waivedText));
    }

    /** The components waived at reception, for a dossier the caller has already read. */
    @Transactional(readOnly = true)
    public List<RecordedWaiver> waivers(Dossier d) {
        Procedure p = procedures.byId(d.procedureId());
        return jdbc.sql("select component, reason, waived_by, waived_at from publicservice_waiver where dossier_id = ? order by component").param(d.id())
                .query((rs, n) -> new RecordedWaiver(rs.getString(1), Reception.componentName(p, rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** Asks for more documents (Mẫu 02): before reception by the desk, during processing by the current step's officer. */
    @Transactional
    public Dossier requestSupplement(String code, @Nullable String reason) {
        String r = DossierRules.reason(reason);
        Dossier d = rows.lock(code);
        rules.requireDeskOrStep(d);
        return change(d.requestSupplement(clock.instant(), rules.actor(), r));
    }

    /** The citizen's answer to a supplement request: the files added, then the dossier is received again (the legal time restarts). */
    @Transactional
    public Dossier answerSupplement(CitizenIdentity citizen, String code, @Nullable String note, List<Upload> uploads) {
        Dossier d = ofCitizen(citizen, code);
        return answer(rows.lock(d.code()), note, uploads, "citizen:" + citizen.idNumber());
    }

    /**
     * On a high node (issue 15): the citizen's answer to a supplement request, given on the low side for a dossier that
     * crossed and arrived through the gateway with message {@code messageId}: the same path as the citizen's own answer
     * (files checked and added, received again, the legal time restarting). Internal: the caller is the crossing module.
     */
    @Transactional
    public Dossier supplementCrossed(String code, String messageId, @Nullable String note, List<Upload> uploads) {
        Dossier d = rows.lock(code);
        String n = note == null || note.isBlank() ? "Bổ sung qua cổng kết nối (" + messageId + ")" : note;
        return answer(d, n, uploads, "citizen:" + d.applicant().idNumber());
    }

    /** The answer brought to the desk on paper, entered by the one-stop officer. */
    @Transactional
    public Dossier answerSupplementAtDesk(String code, @Nullable String note, List<Upload> uploads) {
        Dossier d = rows.lock(code);
        rules.requireDesk(d);
        return answer(d, note, uploads, rules.actor());
    }

    private Dossier answer(Dossier d, @Nullable String note, List<Upload> uploads, String by) {
        d.require(DossierStatus.SUPPLEMENT_REQUESTED);
        Procedure p = procedures.byId(d.procedureId());
        List<FieldError> e = filing.checkUploads(p, uploads, false);
        if (!e.isEmpty()) throw new DomainException.BadInput(e);
        Instant now = clock.instant();
        filing.attach(d.id(), uploads, now);
        return change(d.answerSupplement(now, by, appointment(p, now), due(p, d.startingStep(), now), uploads.size(), DossierRules.note(note)));
    }

    /** Refuses the dossier (Mẫu 03). */
    @Transactional
    public Dossier reject(String code, @Nullable String reason) {
        String r = DossierRules.reason(reason);
        Dossier d = rows.lock(code);
        rules.requireDeskOrStep(d);
        return change(d.reject(clock.instant(), rules.actor(), r));
    }

    /** Hands the result back (trả kết quả); on time when no later than the appointment of Mẫu 01. */
    @Transactional
    public Dossier returnResult(String code) {
        Dossier d = rows.lock(code);
        rules.requireDesk(d);
        return change(d.returnResult(clock.instant(), rules.actor()));
    }

    // ---- processing ------------------------------------------------------------------------------

    /** Completes the current step (late when after its due time) and starts the next; after the last, the result is ready. */
    @Transactional
    public Dossier advance(String code, @Nullable String note) {
        Dossier d = rows.lock(code);
        Dossier.Step step = rules.requireCurrentStepOfficer(d);
        d.require(DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);
        Instant now = clock.instant();
        Procedure p = procedures.byId(d.procedureId());
        boolean last = step.ordinal() == d.steps().size();
        DossierEvent.StepCompleted e = d.advance(step, now, rules.actor(), last ? null : due(p, step.ordinal() + 1, now), DossierRules.note(note));
        rows.apply(e);
        if (e.last()) {
            // The result carries the applicant, the code and the form: the dossier as locked has them, no second read.
            DossierResults.Result result = results.produce(d, p);
            rows.result(d.id(), result.sha256(), result.signed());
        }
        journal.record(e);
        return rows.load(d.id());
    }

    /** Sends the dossier back to the previous step (trả lại bước trước), which starts over from now. */
    @Transactional
    public Dossier sendBack(String code, @Nullable String reason) {
        String r = DossierRules.reason(reason);
        Dossier d = rows.lock(code);
        Dossier.Step step = rules.requireCurrentStepOfficer(d);
        d.require(DossierStatus.IN_PROCESS);
        if (step.ordinal() <= 1) throw new DossierConflict.FirstStep();
        Instant now = clock.instant();
        return change(d.sendBack(step, now, rules.actor(), due(procedures.byId(d.procedureId()), step.ordinal() - 1, now), r));
    }

    /** Escalates to the unit's leaders (báo cáo xin ý kiến): on the timeline, the step goes on. */
    @Transactional
    public Dossier escalate(String code, @Nullable String reason) {
        String r = DossierRules.reason(reason);
        Dossier d = rows.lock(code);
        rules.requireCurrentStepOfficer(d);
        return change(d.escalate(clock.instant(), rules.actor(), r));
    }

    /**
     * The apology and new date (Mẫu 04), when the appointment will be missed; the citizen is notified. The dossier is
     * still judged against the first appointment.
     */
    @Transactional
    public Dossier apologise(String code, @Nullable String reason, @Nullable Instant newAppointment) {
        String r = DossierRules.reason(reason);
        if (newAppointment == null) throw new DomainException.BadInput("newAppointmentAt", "problem.field.required");
        Dossier d = rows.lock(code);
        rules.requireDeskOrStep(d);
        return change(d.apologise(clock.instant(), rules.actor(), newAppointment, r));
    }

    // ---- the citizen -----------------------------------------------------------------------------

    /** The citizen rates the service once the result is returned: 1 to 5, with a comment. */
    @Transactional
    public Dossier rate(CitizenIdentity citizen, String code, int stars, @Nullable String comment) {
        List<FieldError> e = new ArrayList<>();
        if (stars < 1 || stars > 5) e.add(new FieldError("rating", "publicservice.rating.range"));
        if (comment != null && comment.length() > MAX_REASON) e.add(new FieldError("comment", "problem.field.length", 0, MAX_REASON));
        if (!e.isEmpty()) throw new DomainException.BadInput(e);
        Dossier d = rows.lock(ofCitizen(citizen, code).code());
        return change(d.rate(clock.instant(), "citizen:" + citizen.idNumber(), stars,
                comment == null || comment.isBlank() ? null : VietnameseText.nfc(comment.strip())));
    }

    // ---- attachments -----------------------------------------------------------------------------

    /**
     * An attachment of a dossier, for the officers who may read the dossier (its unit's, and the current step's);
     * audited. A dossier hidden from the caller, a missing one and a missing file answer alike: 404 naming the file.
     */
    @Transactional
    public AttachmentFile attachment(String code, String sha256, boolean download) {
        Dossier d = rows.find(code).filter(rules::mayRead).orElseThrow(() -> new DomainException.NotFound("attachment", sha256));
        AttachmentFile f = readAttachment(d, sha256);
        audit.record("publicservice.dossier.attachment", "dossier:" + d.code(), AuditTrail.SUCCESS,
                (download ? "download " : "open ") + f.attachment().component() + " " + f.attachment().fileName());
        return f;
    }

    /** An attachment of the citizen's own dossier; anyone else's is a 404, as if it did not exist. */
    @Transactional
    public AttachmentFile attachment(CitizenIdentity citizen, String code, String sha256) {
        Dossier d = rows.find(code).filter(x -> x.applicant().idNumber().equals(citizen.idNumber()))
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

    // ---- the change ------------------------------------------------------------------------------

    /** Writes the event, journals it (timeline, audit, publication) and reads the dossier back. */
    private Dossier change(DossierEvent e) {
        rows.apply(e);
        journal.record(e);
        return rows.load(e.dossierId());
    }

    /** The appointment of a dossier received now: the procedure's legal time on the working calendar. */
    private Instant appointment(Procedure p, Instant now) {
        return p.inHours() ? calendar.addWorkingHours(now, p.processingWorkingHours()) : calendar.addWorkingDays(now, p.processingWorkingDays());
    }

    /** When the step started now is due: its allowance on the working calendar. */
    private Instant due(Procedure p, int ordinal, Instant at) {
        Procedure.Step s = p.steps().get(ordinal - 1);
        return s.allowanceWorkingHours() != null ? calendar.addWorkingHours(at, s.allowanceWorkingHours()) : calendar.addWorkingDays(at, s.allowanceWorkingDays());
    }
}
