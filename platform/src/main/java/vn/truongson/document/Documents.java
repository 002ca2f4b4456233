package vn.truongson.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Actions;
import vn.truongson.document.DocumentViews.Assignment;
import vn.truongson.document.DocumentViews.Delivery;
import vn.truongson.document.DocumentViews.Detail;
import vn.truongson.document.DocumentViews.Event;
import vn.truongson.document.DocumentViews.Opinion;
import vn.truongson.document.DocumentViews.Receipt;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;
import vn.truongson.notify.Notifications;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.signing.Signatures;

/**
 * The document flow (Decree 30/2020, Art. 14–24): draft → personal signature → number, notation and agency
 * signature (issue) → send → receipt with an incoming number → handling. Every step asks the access policy, is
 * audited, and leaves a line in the document's history; status notices follow edXML's codes (QCVN 102:2016).
 */
@Service
public class Documents {

    static final Set<Role> DRAFTERS = Set.of(Role.DOCUMENT_HANDLER, Role.CLERK, Role.SIGNER, Role.COMMANDER);
    static final Set<Role> OUT_READERS = DRAFTERS;
    static final Set<Role> IN_READERS = Set.of(Role.CLERK, Role.COMMANDER, Role.DOCUMENT_HANDLER);
    static final Set<Role> CLERKS = Set.of(Role.CLERK);
    static final Set<Role> ASSIGNERS = Set.of(Role.COMMANDER, Role.CLERK);
    static final Set<Role> HANDLERS = Set.of(Role.DOCUMENT_HANDLER, Role.COMMANDER);

    public static final int MAX_RECIPIENTS = 200;

    /** edXML status codes (QCVN 102:2016, amended by Circular 01/2022). */
    public static final String ARRIVED = "01", ACCEPTED = "03", ASSIGNED = "04", IN_PROGRESS = "05", DONE = "06";

    public record RecipientInput(@Nullable String unitId, @Nullable String organId, @Nullable String name) {}

    /** A draft as the drafter gave it, unchecked. {@code body}: the text to render when no PDF is uploaded. */
    public record Draft(@Nullable String type, @Nullable String subject, @Nullable String secrecy, @Nullable String urgency,
            @Nullable String issuingUnitId, @Nullable String signerId, @Nullable List<RecipientInput> recipients, @Nullable String body) {}

    /** An assignment as the commander gave it: a unit or an official, a role, and a due date or a number of working days. */
    public record AssignmentInput(@Nullable String unitId, @Nullable String officialId, @Nullable String role, @Nullable String dueDate,
            @Nullable Integer dueWorkingDays) {}

    public enum Access { OPEN, DOWNLOAD, PRINT }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final Officials officials;
    private final FileStore files;
    private final SealedFiles sealed;
    private final ObjectProvider<Signatures> signatures;
    private final Registers registers;
    private final WorkingCalendar calendar;
    private final Notifications notifications;
    private final DocumentProperties props;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    Documents(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Units units, Officials officials, FileStore files, SealedFiles sealed,
            ObjectProvider<Signatures> signatures, Registers registers, WorkingCalendar calendar, Notifications notifications,
            DocumentProperties props, Clock clock, org.springframework.context.ApplicationEventPublisher events, TransactionTemplate tx) {
        this.events = events;
        this.tx = tx;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.officials = officials;
        this.files = files;
        this.sealed = sealed;
        this.signatures = signatures;
        this.registers = registers;
        this.calendar = calendar;
        this.notifications = notifications;
        this.props = props;
        this.clock = clock;
    }

    // ---- drafting --------------------------------------------------------------------------------

    /** A new draft (văn bản dự thảo) with its PDF, or with a body rendered to a Decree-30 PDF. */
    @Transactional
    public Document draft(Draft d, byte @Nullable [] pdf) {
        List<FieldError> errors = new ArrayList<>();
        DocumentType type = DocumentType.of(d.type()).orElse(null);
        if (type == null) errors.add(new FieldError("type", d.type() == null ? "problem.field.required" : "document.type.unknown", String.valueOf(d.type())));
        String subject = d.subject() == null ? "" : VietnameseText.nfc(d.subject()).strip();
        if (subject.isEmpty()) errors.add(new FieldError("subject", "problem.field.required"));
        else if (subject.length() > Decree30Document.MAX_SUBJECT) errors.add(new FieldError("subject", "document.subject.too-long", Decree30Document.MAX_SUBJECT));
        else if (VietnameseText.firstControlChar(subject, true) >= 0) errors.add(new FieldError("subject", "document.text.control"));
        SecrecyLevel secrecy = parseEnum(errors, "secrecy", d.secrecy(), SecrecyLevel.class, SecrecyLevel.THUONG);
        Urgency urgency = parseEnum(errors, "urgency", d.urgency(), Urgency.class, Urgency.THUONG);
        Long issuingId = parseId(errors, "issuingUnitId", d.issuingUnitId());
        Long signerId = parseId(errors, "signerId", d.signerId());
        Unit issuing = null;
        if (issuingId != null) {
            issuing = units.named(List.of(issuingId)).get(issuingId);
            if (issuing == null) errors.add(new FieldError("issuingUnitId", "document.unit.unknown", issuingId));
        }
        Official signer = null;
        if (signerId != null) {
            try {
                signer = officials.get(signerId);
                if (!signer.active()) errors.add(new FieldError("signerId", "document.signer.unknown", signerId));
                else if (secrecy != null && !signer.clearance().covers(secrecy)) {
                    errors.add(new FieldError("signerId", "document.signer.clearance", signer.fullName(), secrecy.vietnamese()));
                }
            } catch (DomainException.NotFound | DomainException.Forbidden e) {
                errors.add(new FieldError("signerId", "document.signer.unknown", signerId));
            }
        }
        List<RecipientInput> recipients = d.recipients() == null ? List.of() : d.recipients();
        List<Object[]> resolved = new ArrayList<>();
        if (recipients.isEmpty()) errors.add(new FieldError("recipients", "document.recipients.none"));
        if (recipients.size() > MAX_RECIPIENTS) errors.add(new FieldError("recipients", "document.recipients.too-many", MAX_RECIPIENTS));
        else resolveRecipients(recipients, errors, resolved);
        String body = d.body() == null ? null : VietnameseText.nfc(d.body()).strip();
        if (pdf == null && (body == null || body.isEmpty())) errors.add(new FieldError("file", "document.file.required"));
        if (body != null && body.length() > 100_000) errors.add(new FieldError("body", "document.body.too-long", 100_000));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);

        Actor me = policy.actor();
        policy.requireOnUnit(DRAFTERS, issuing.id());
        if (!levelAllowed(me, secrecy)) throw new DomainException.Forbidden("document.secrecy.above-clearance", secrecy.vietnamese());

        Unit drafting = units.named(List.of(me.unitId())).get(me.unitId());
        String notation = notation(type, issuing, drafting);
        byte[] content = pdf != null ? pdf : render(type, subject, secrecy, issuing, signer, body, notation, resolved);
        PdfChecks.Checked checked = PdfChecks.check(content, props.maxUpload().toBytes());
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into document_document (type, subject, secrecy, secrecy_rank, urgency, urgency_rank, status, issuing_unit_id,
                    drafting_unit_id, drafter_id, signer_id, signer_name, signer_position, notation, page_count, created_by, created_at, updated_at, search_text)
                values (:type, :subject, :secrecy, :srank, :urgency, :urank, 'DRAFT', :issuing, :drafting, :drafter, :signer, :signerName,
                    :signerPosition, :notation, :pages, :drafter, :now, :now, :search) returning id""")
                .param("type", type.name()).param("subject", subject).param("secrecy", secrecy.name()).param("srank", secrecy.rank())
                .param("urgency", urgency.name()).param("urank", urgency.rank()).param("issuing", issuing.id())
                .param("drafting", drafting == null ? issuing.id() : drafting.id()).param("drafter", me.officialId()).param("signer", signer.id())
                .param("signerName", signerName(signer)).param("signerPosition", signer.position()).param("notation", notation).param("pages", checked.pages())
                .param("now", Timestamp.from(now)).param("search", searchText(subject, null, checked.text()))
                .query(Long.class).single();
        for (Object[] r : resolved) {
            jdbc.sql("insert into document_recipient (document_id, unit_id, organ_id, name) values (?, ?, ?, ?)")
                    .params(id, r[0], r[1], r[2]).update();
        }
        storeFile(id, content, secrecy);
        event(id, null, null, "DRAFTED", me.fullName(), type.vietnamese() + ": " + subject, now);
        audit.record("document.draft", "document:" + id, AuditTrail.SUCCESS, type.code() + " " + secrecy + " " + urgency);
        return require(id);
    }

    private void resolveRecipients(List<RecipientInput> recipients, List<FieldError> errors, List<Object[]> out) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientInput r = recipients.get(i);
            if (r == null) {
                errors.add(new FieldError("recipients[" + i + "]", "problem.field.required"));
                continue;
            }
            if (r.unitId() != null) {
                Long id = parseId(errors, "recipients[" + i + "].unitId", r.unitId());
                if (id != null) ids.add(id);
            }
        }
        Map<Long, Unit> named = units.named(ids);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientInput r = recipients.get(i);
            if (r == null) continue;
            String f = "recipients[" + i + "]";
            if (r.unitId() != null && r.organId() != null) {
                errors.add(new FieldError(f, "document.recipient.both"));
            } else if (r.unitId() != null) {
                Long id = tryId(r.unitId());
                if (id == null) continue;
                Unit u = named.get(id);
                if (u == null) errors.add(new FieldError(f + ".unitId", "document.recipient.unknown", r.unitId()));
                else if (!seen.add("u" + id)) errors.add(new FieldError(f + ".unitId", "document.recipient.duplicate", u.name()));
                else out.add(new Object[] {u.id(), u.organId(), u.name()});
            } else if (r.organId() != null) {
                String organ = r.organId().strip();
                String name = r.name() == null ? "" : VietnameseText.nfc(r.name()).strip();
                if (!Units.ORGAN_ID.matcher(organ).matches()) errors.add(new FieldError(f + ".organId", "document.recipient.organ-id", organ));
                else if (name.isEmpty() || name.length() > 300) errors.add(new FieldError(f + ".name", "document.recipient.name"));
                else if (!seen.add("o" + organ)) errors.add(new FieldError(f + ".organId", "document.recipient.duplicate", organ));
                else out.add(new Object[] {null, organ, name});
            } else {
                errors.add(new FieldError(f, "document.recipient.unknown", "-"));
            }
        }
    }

    /** Decree 30, Appendix I, II.3: "QĐ-BTL86" for a typed document; "BTL86-VP" (agency - drafting unit) for a công văn. */
    static String notation(DocumentType type, Unit issuing, @Nullable Unit drafting) {
        String agency = issuing.code();
        if (type.hasAbbreviation()) return type.code() + "-" + agency;
        if (drafting == null || drafting.id() == issuing.id()) return agency;
        String part = drafting.shortName().strip().split("\\s+")[0];
        return agency + "-" + part;
    }

    private byte[] render(DocumentType type, String subject, SecrecyLevel secrecy, Unit issuing, Official signer, String body, String notation,
            List<Object[]> recipients) {
        Unit parent = issuing.parentId() == null ? null : units.named(List.of(issuing.parentId())).get(issuing.parentId());
        List<Decree30Document.Block> paragraphs = new ArrayList<>();
        for (String p : body.split("\\R\\s*\\R|\\R")) if (!p.isBlank()) paragraphs.add(new Decree30Document.Paragraph(p.strip()));
        List<String> to = new ArrayList<>();
        for (Object[] r : recipients) to.add((String) r[2]);
        to.add("Lưu: VT");
        String title = signer.position().toUpperCase(java.util.Locale.forLanguageTag("vi"));
        return Decree30.pdf(new Decree30Document(parent == null ? null : parent.name(), issuing.name(), DocumentNumber.notIssued(notation),
                secrecy, new PlaceAndDate(props.place(), LocalDate.now(clock.withZone(WorkingCalendar.ZONE))), type.vietnamese(), subject,
                List.of(new Decree30Document.Section(null, paragraphs)), new Decree30Document.Signature(List.of(title), signerName(signer)), to));
    }

    private static String signerName(Official o) {
        return o.rankTitle() == null || o.rankTitle().isBlank() ? o.fullName() : o.rankTitle() + " " + o.fullName();
    }

    // ---- signing and issuing ---------------------------------------------------------------------

    /** The named signer's personal signature (ký số cá nhân). */
    @Transactional
    public Document sign(long id, char[] pin) {
        if (pin.length == 0) throw new DomainException.BadInput("pin", "problem.field.required");
        Document d = lock(id);
        requireReadable(d);
        Actor me = policy.actor();
        if (d.signerId() == null || d.signerId() != me.officialId()) throw new DomainException.Forbidden("document.sign.not-signer", d.signerName());
        if (d.status() != DocumentStatus.DRAFT) throw new DomainException.Conflict("document.sign.state", d.status().vietnamese());
        byte[] signed = signing().signPersonal(me.officialId(), pin, content(d));
        Instant now = clock.instant();
        jdbc.sql("update document_document set status = 'SIGNED', signed_at = ?, updated_at = ? where id = ?")
                .params(Timestamp.from(now), Timestamp.from(now), id).update();
        storeFile(id, signed, d.secrecy());
        event(id, null, null, "SIGNED", me.fullName(), null, now);
        audit.record("document.sign", "document:" + id, AuditTrail.SUCCESS, d.signerName());
        return require(id);
    }

    /**
     * Issue (cấp số, ký số của cơ quan, phát hành) by a clerk of the issuing unit: the next number of the right
     * register, the notation, then the agency's signature over the personal one. The number is reserved in a short
     * transaction (the register row is locked only for it), the numbered PDF is sealed (with its timestamp) outside
     * any lock, then the issue commits. If sealing or the commit fails, the number is recorded as voided in the
     * register, never reused (docs/documents-numbering.md, Decree 30/2020 Art. 15). Inside a caller's transaction all
     * of it joins that transaction, and its rollback gives the number back as before.
     */
    public Document issue(long id) {
        Registers.Reservation r = tx.execute(s -> reserveNumber(id));
        try {
            Document d = require(id);
            byte[] numbered = NumberStamp.stamp(content(d), numberText(r.number()), d.notation());
            byte[] sealedPdf = signing().signAsUnit(d.issuingUnitId(), numbered);
            return tx.execute(s -> completeIssue(id, r, sealedPdf));
        } catch (RuntimeException e) {
            voidAfterFailure(r, e);
            throw e;
        }
    }

    private Registers.Reservation reserveNumber(long id) {
        Document d = lock(id);
        requireReadable(d);
        if (d.external()) throw new DomainException.Conflict("document.issue.external");
        policy.requireOnUnit(CLERKS, d.issuingUnitId());
        if (d.status() == DocumentStatus.ISSUED || d.status() == DocumentStatus.SENT) {
            throw new DomainException.Conflict("document.issue.already", d.numberAndNotation());
        }
        if (d.status() != DocumentStatus.SIGNED) throw new DomainException.Conflict("document.issue.not-signed");
        Instant now = clock.instant();
        var inFlight = registers.reservation(id);
        if (inFlight.isPresent()) {
            if (inFlight.get().reservedAt().isAfter(now.minus(Registers.ABANDONED))) throw new DomainException.Conflict("document.issue.in-progress");
            registers.voidReserved(id, "abandoned", null, now);
        }
        int year = LocalDate.ofInstant(now, WorkingCalendar.ZONE).getYear();
        return registers.reserve(id, d.issuingUnitId(), year, d.secrecy().isClassified(), policy.actor().officialId(), now);
    }

    private Document completeIssue(long id, Registers.Reservation r, byte[] sealedPdf) {
        Document d = lock(id);
        if (!registers.complete(r)) throw new DomainException.Conflict("document.issue.abandoned", r.number());
        // The issue's time is the reservation's: numbers follow the order of issue (Decree 30, Art. 15.1).
        Instant at = r.reservedAt();
        LocalDate day = LocalDate.ofInstant(at, WorkingCalendar.ZONE);
        String full = numberText(r.number()) + "/" + d.notation();
        jdbc.sql("""
                update document_document set status = 'ISSUED', number = ?, year = ?, issued_at = ?, promulgation_date = ?, updated_at = ?,
                    search_text = search_text || ' ' || ? where id = ?""")
                .params(r.number(), r.year(), Timestamp.from(at), day, Timestamp.from(clock.instant()), VietnameseText.fold(full), id).update();
        storeFile(id, sealedPdf, d.secrecy());
        event(id, null, null, "ISSUED", policy.actor().fullName(), full, at);
        audit.record("document.issue", "document:" + id, AuditTrail.SUCCESS, full + (d.secrecy().isClassified() ? " (sổ mật)" : ""));
        vn.truongson.core.DomainMetrics.countAfterCommit(vn.truongson.core.DomainMetrics.Counter.DOCUMENTS_ISSUED);
        return require(id);
    }

    /** The sealing or the commit failed: the reserved number becomes a voided line of the register (in the caller's transaction if any). */
    private void voidAfterFailure(Registers.Reservation r, RuntimeException cause) {
        String reason = cause instanceof DomainException de ? de.getMessage() : cause.getClass().getSimpleName();
        try {
            tx.executeWithoutResult(s -> registers.voidReserved(r.documentId(), "failed: " + reason, policy.actor().officialId(), clock.instant())
                    .ifPresent(v -> audit.record("document.issue", "document:" + r.documentId(), AuditTrail.FAILURE,
                            "số " + numberText(v.number()) + " hủy (" + reason + ")")));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static String numberText(int number) {
        return number < 10 ? "0" + number : Integer.toString(number);
    }

    /** Set in the draft and kept: notation is formed when drafting so the rendered PDF shows it; see {@link #notation}. */
    private Signatures signing() {
        Signatures s = signatures.getIfAvailable();
        if (s == null) throw new DomainException.Conflict("document.signing.unavailable");
        return s;
    }

    // ---- sending and receiving -------------------------------------------------------------------

    /**
     * Sends an issued document (phát hành) on a channel. Law 29/2018: a document above Thường goes only over the
     * military network. Internal recipients have it at once (notice 01 Đã đến); external organisations get it by
     * edXML.
     */
    @Transactional
    public List<Delivery> send(long id, @Nullable String channelName) {
        if (channelName == null || channelName.isBlank()) throw new DomainException.BadInput("channel", "problem.field.required");
        Channel channel;
        try {
            channel = Channel.valueOf(channelName.strip());
        } catch (IllegalArgumentException e) {
            throw new DomainException.BadInput("channel", "document.channel.unknown", channelName);
        }
        Document d = lock(id);
        requireReadable(d);
        policy.requireOnUnit(CLERKS, d.issuingUnitId());
        if (d.status() != DocumentStatus.ISSUED && d.status() != DocumentStatus.SENT) throw new DomainException.Conflict("document.send.not-issued");
        if (!channel.carries(d.secrecy())) {
            audit.recordSeparately("document.send", "document:" + id, AuditTrail.DENIED, d.secrecy() + " on " + channel);
            throw new DomainException.Conflict("document.send.channel", d.secrecy().vietnamese(), channel.vietnamese());
        }
        Instant now = clock.instant();
        List<Delivery> out = new ArrayList<>();
        String who = policy.actor().fullName();
        event(id, null, null, "SENT", who, channel.vietnamese(), now);
        for (Recipient r : recipients(id)) {
            if (!r.status().equals("PENDING")) {
                out.add(new Delivery(r.name(), r.status()));
                continue;
            }
            String status = r.unitId() != null ? "DELIVERED" : "AWAITING_EXCHANGE";
            jdbc.sql("update document_recipient set status = ?, channel = ?, delivered_at = ? where id = ?")
                    .params(status, channel.name(), r.unitId() != null ? Timestamp.from(now) : null, r.id()).update();
            if (r.unitId() != null) {
                event(id, r.id(), ARRIVED, "NOTICE", r.name(), "Đã đến", now);
                // The unit's clerks are told after the commit (notices.ArrivalNotices).
                events.publishEvent(new DocumentArrived(id, r.id(), r.unitId()));
            }
            out.add(new Delivery(r.name(), status));
        }
        jdbc.sql("update document_document set status = 'SENT', updated_at = ? where id = ?").params(Timestamp.from(now), id).update();
        audit.record("document.send", "document:" + id, AuditTrail.SUCCESS, channel.name() + ", " + out.size() + " recipients");
        return out;
    }

    /**
     * Receipt (tiếp nhận, đăng ký văn bản đến) by a clerk of a recipient unit: the next incoming number (số đến),
     * consecutive per unit and year, classified documents in their own series (Decree 30, Art. 22).
     */
    @Transactional
    public Receipt receive(long id, @Nullable Long unitId) {
        Document d = find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
        Actor me = policy.actor();
        List<Recipient> mine = recipients(id).stream().filter(r -> r.unitId() != null && (unitId == null || unitId.equals(r.unitId()))
                && policy.permits(CLERKS, d.asProtected(r.unitId()))).toList();
        if (mine.isEmpty()) {
            // Not a clerk of any recipient (or not cleared): as far as this caller knows, nothing to receive here.
            long unit = unitId != null ? unitId : recipients(id).stream().map(Recipient::unitId).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(d.issuingUnitId() == null ? 0L : d.issuingUnitId());
            policy.require(CLERKS, d.asProtected(unit));
            throw new DomainException.Forbidden("document.receive.not-recipient");
        }
        Recipient r = mine.stream().filter(x -> x.status().equals("DELIVERED")).findFirst().orElse(null);
        if (r == null) {
            boolean received = mine.stream().anyMatch(x -> x.status().equals("RECEIVED"));
            throw new DomainException.Conflict(received ? "document.receive.already" : "document.receive.not-sent");
        }
        // Lock the recipient row; a second clerk racing on the same copy finds it received.
        boolean locked = jdbc.sql("select id from document_recipient where id = ? and status = 'DELIVERED' for update").param(r.id())
                .query(Long.class).optional().isPresent();
        if (!locked) throw new DomainException.Conflict("document.receive.already");
        Instant now = clock.instant();
        int year = LocalDate.ofInstant(now, WorkingCalendar.ZONE).getYear();
        int number = registers.next(r.unitId(), year, Registers.Direction.IN, d.secrecy().isClassified());
        jdbc.sql("""
                update document_recipient set status = 'RECEIVED', arrival_number = ?, arrival_year = ?, arrival_classified = ?,
                    received_at = ?, received_by = ? where id = ?""")
                .params(number, year, d.secrecy().isClassified(), Timestamp.from(now), me.officialId(), r.id()).update();
        event(id, r.id(), ACCEPTED, "NOTICE", me.fullName(), "Đã tiếp nhận, số đến " + number, now);
        audit.record("document.receive", "document:" + id, AuditTrail.SUCCESS, "unit:" + r.unitId() + " số đến " + number);
        Instant arrived = r.deliveredAt() == null ? now : r.deliveredAt();
        return new Receipt(r.id(), number, arrived);
    }

    // ---- handling --------------------------------------------------------------------------------

    /** Chuyển giao (Decree 30, Art. 23): a commander or clerk of a receiving unit assigns it LEAD, SUPPORT or INFO, with a due date. */
    @Transactional
    public Assignment assign(long id, AssignmentInput in) {
        List<FieldError> errors = new ArrayList<>();
        HandlingRole role = parseEnum(errors, "role", in.role(), HandlingRole.class, null);
        if (in.role() == null) errors.add(new FieldError("role", "problem.field.required"));
        Long unitId = in.unitId() == null ? null : parseId(errors, "unitId", in.unitId());
        Long officialId = in.officialId() == null ? null : parseId(errors, "officialId", in.officialId());
        if (in.unitId() == null && in.officialId() == null) errors.add(new FieldError("unitId", "document.assignment.target"));
        if (in.unitId() != null && in.officialId() != null) errors.add(new FieldError("officialId", "document.assignment.one-target"));
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        LocalDate due = null;
        if (in.dueDate() != null && !in.dueDate().isBlank()) {
            try {
                due = LocalDate.parse(in.dueDate().strip());
                if (due.isBefore(today)) errors.add(new FieldError("dueDate", "document.assignment.due-past"));
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError("dueDate", "document.date.format", in.dueDate()));
            }
        } else if (in.dueWorkingDays() != null) {
            if (in.dueWorkingDays() < 1 || in.dueWorkingDays() > 365) errors.add(new FieldError("dueWorkingDays", "problem.field.range", 1, 365));
            else due = LocalDate.ofInstant(calendar.addWorkingDays(clock.instant(), in.dueWorkingDays()), WorkingCalendar.ZONE);
        } else if (role != HandlingRole.INFO && role != null) {
            errors.add(new FieldError("dueDate", "problem.field.required"));
        }
        String assignee = null;
        if (unitId != null) {
            Unit u = units.named(List.of(unitId)).get(unitId);
            if (u == null) errors.add(new FieldError("unitId", "document.unit.unknown", unitId));
            else assignee = u.name();
        }
        if (officialId != null) {
            try {
                Official o = officials.get(officialId);
                assignee = signerName(o);
            } catch (DomainException.NotFound | DomainException.Forbidden e) {
                errors.add(new FieldError("officialId", "document.official.unknown", officialId));
            }
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Document d = find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
        List<Recipient> mine = recipients(id).stream().filter(r -> r.unitId() != null && policy.permits(ASSIGNERS, d.asProtected(r.unitId()))).toList();
        if (mine.isEmpty()) {
            requireReadable(d);
            throw new DomainException.Forbidden("document.assignment.not-recipient");
        }
        Recipient r = mine.stream().filter(x -> x.status().equals("RECEIVED")).findFirst()
                .orElseThrow(() -> new DomainException.Conflict("document.assignment.not-received"));
        Actor me = policy.actor();
        Instant now = clock.instant();
        long aid = jdbc.sql("""
                insert into document_assignment (document_id, recipient_id, unit_id, official_id, role, due_date, assigned_by, assigned_at,
                    assignee_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(id, r.id(), unitId, officialId, role.name(), due, me.officialId(), Timestamp.from(now), assignee).query(Long.class).single();
        event(id, r.id(), ASSIGNED, "NOTICE", me.fullName(), "Phân công " + role.vietnamese() + ": " + assignee
                + (due == null ? "" : ", hạn " + vn.truongson.paper.Figures.date(due)), now);
        audit.record("document.assign", "document:" + id, AuditTrail.SUCCESS, "assignment:" + aid + " " + role + " " + assignee);
        if (officialId != null) {
            notifications.send(officialId, "document.assigned", "document.assigned:" + aid, "Văn bản được giao xử lý (" + role.vietnamese() + ")",
                    d.subject(), "/office/documents/" + id);
        }
        return assignments(id).stream().filter(a -> a.id() == aid).findFirst().orElseThrow();
    }

    /** A handler's opinion or progress (ý kiến, tiến độ); the first one tells the sender 05 Đang xử lý. */
    @Transactional
    public Assignment progress(long assignmentId, @Nullable String text, @Nullable Integer percent) {
        String t = text == null ? "" : VietnameseText.nfc(text).strip();
        if (t.isEmpty()) throw new DomainException.BadInput("text", "problem.field.required");
        if (t.length() > 4000) throw new DomainException.BadInput("text", "document.text.too-long", 4000);
        if (percent != null && (percent < 0 || percent > 100)) throw new DomainException.BadInput("percent", "problem.field.range", 0, 100);
        Assignment a = handlerAssignment(assignmentId);
        if (!a.status().equals("OPEN")) throw new DomainException.Conflict("document.assignment.closed");
        Actor me = policy.actor();
        Instant now = clock.instant();
        boolean first = a.opinions().isEmpty();
        jdbc.sql("insert into document_opinion (assignment_id, author_id, author_name, text, percent, at) values (?, ?, ?, ?, ?, ?)")
                .params(assignmentId, me.officialId(), me.fullName(), t, percent, Timestamp.from(now)).update();
        if (first) event(a.documentId(), a.recipientId(), IN_PROGRESS, "NOTICE", me.fullName(), "Đang xử lý", now);
        audit.record("document.progress", "document:" + a.documentId(), AuditTrail.SUCCESS, "assignment:" + assignmentId);
        return assignments(a.documentId()).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    /** Closes the handling, with the reply document (văn bản trả lời) linked; the LEAD's closing is 06 Hoàn thành. */
    @Transactional
    public Assignment close(long assignmentId, @Nullable String text, @Nullable String replyDocumentId) {
        Long reply = null;
        if (replyDocumentId != null && !replyDocumentId.isBlank()) {
            reply = Ids.parse("replyDocumentId", replyDocumentId);
            Document r = find(reply).orElseThrow(() -> new DomainException.BadInput("replyDocumentId", "document.reply.unknown", replyDocumentId));
            if (!readable(r)) throw new DomainException.BadInput("replyDocumentId", "document.reply.unknown", replyDocumentId);
        }
        Assignment a = handlerAssignment(assignmentId);
        if (!a.status().equals("OPEN")) throw new DomainException.Conflict("document.assignment.closed");
        Actor me = policy.actor();
        Instant now = clock.instant();
        String t = text == null ? "" : VietnameseText.nfc(text).strip();
        if (t.length() > 4000) throw new DomainException.BadInput("text", "document.text.too-long", 4000);
        if (!t.isEmpty()) {
            jdbc.sql("insert into document_opinion (assignment_id, author_id, author_name, text, percent, at) values (?, ?, ?, ?, 100, ?)")
                    .params(assignmentId, me.officialId(), me.fullName(), t, Timestamp.from(now)).update();
        }
        jdbc.sql("update document_assignment set status = 'CLOSED', closed_at = ?, reply_document_id = ? where id = ?")
                .params(Timestamp.from(now), reply, assignmentId).update();
        if (a.role() == HandlingRole.LEAD) {
            event(a.documentId(), a.recipientId(), DONE, "NOTICE", me.fullName(), "Hoàn thành" + (reply == null ? "" : ", văn bản trả lời #" + reply), now);
        }
        audit.record("document.close", "document:" + a.documentId(), AuditTrail.SUCCESS, "assignment:" + assignmentId + (reply == null ? "" : " reply:" + reply));
        return assignments(a.documentId()).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    private Assignment handlerAssignment(long assignmentId) {
        Long docId = jdbc.sql("select document_id from document_assignment where id = ?").param(assignmentId).query(Long.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("assignment", assignmentId));
        Document d = find(docId).orElseThrow();
        requireReadable(d);
        Assignment a = assignments(docId).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
        if (!isHandler(a, d)) throw new DomainException.Forbidden("document.assignment.not-handler");
        jdbc.sql("select id from document_assignment where id = ? for update").param(assignmentId).query(Long.class).single();
        return assignments(docId).stream().filter(x -> x.id() == assignmentId).findFirst().orElseThrow();
    }

    private boolean isHandler(Assignment a, Document d) {
        Actor me = policy.actor();
        if (a.officialId() != null) return a.officialId() == me.officialId();
        return a.unitId() != null && policy.permits(HANDLERS, d.asProtected(a.unitId()));
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** The document with its recipients, history and handling; refused as {@link #requireReadable} says. Classified reads are audited. */
    @Transactional
    public Detail get(long id) {
        Document d = require(id);
        requireReadable(d);
        if (d.secrecy().isClassified()) audit.record("document.open", "document:" + id, AuditTrail.SUCCESS, d.secrecy().name() + " (metadata)");
        List<Recipient> recipients = recipients(id);
        List<Assignment> assignments = assignments(id);
        Actor me = policy.actor();
        boolean outgoing = d.issuingUnitId() != null && policy.permits(OUT_READERS, d.asProtected(d.issuingUnitId()));
        String issuer = d.issuingUnitId() == null ? d.fromOrganName() : units.names(List.of(d.issuingUnitId())).get(d.issuingUnitId());
        List<Event> events = events(id).stream().filter(e -> outgoing || e.recipientId() == null
                || recipients.stream().anyMatch(r -> r.id() == e.recipientId() && r.unitId() != null && policy.permits(IN_READERS, d.asProtected(r.unitId()))))
                .toList();
        Actions actions = new Actions(
                d.status() == DocumentStatus.DRAFT && d.signerId() != null && d.signerId() == me.officialId(),
                d.status() == DocumentStatus.SIGNED && d.issuingUnitId() != null && policy.permits(CLERKS, d.asProtected(d.issuingUnitId())),
                (d.status() == DocumentStatus.ISSUED || d.status() == DocumentStatus.SENT) && d.issuingUnitId() != null
                        && recipients.stream().anyMatch(r -> r.status().equals("PENDING")) && policy.permits(CLERKS, d.asProtected(d.issuingUnitId())),
                recipients.stream().anyMatch(r -> r.status().equals("DELIVERED") && r.unitId() != null && policy.permits(CLERKS, d.asProtected(r.unitId()))),
                recipients.stream().anyMatch(r -> r.status().equals("RECEIVED") && r.unitId() != null && policy.permits(ASSIGNERS, d.asProtected(r.unitId()))),
                assignments.stream().anyMatch(a -> a.status().equals("OPEN") && isHandler(a, d)));
        return new Detail(d, issuer, recipients, events, assignments, actions);
    }

    /** The PDF as it stands, signatures included. Each open, download and print of a classified document is audited. */
    @Transactional
    public byte[] file(long id, Access access) {
        Document d = require(id);
        requireReadable(d);
        byte[] content = content(d);
        if (d.secrecy().isClassified()) {
            audit.record("document." + access.name().toLowerCase(java.util.Locale.ROOT), "document:" + id, AuditTrail.SUCCESS, d.secrecy().name());
        }
        return content;
    }

    /** How many documents there are, all origins (no policy: for the demo loader's "loaded once" check and operators' counts). */
    public long count() {
        return jdbc.sql("select count(*) from document_document").query(Long.class).single();
    }

    void auditClassifiedRegister(long unitId) {
        audit.record("document.register.open", "unit:" + unitId, AuditTrail.SUCCESS, "classified series");
    }

    public Document require(long id) {
        return find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
    }

    Document lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from document_document d where d.id = ? for update").param(id).query(Documents::map).optional()
                .orElseThrow(() -> new DomainException.NotFound("document", id));
    }

    public java.util.Optional<Document> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from document_document d where d.id = ?").param(id).query(Documents::map).optional();
    }

    /**
     * May the current person read this document? A grant covering its issuing unit (drafters, signers, clerks,
     * commanders), or a recipient unit that has it (clerks, commanders, handlers), or being its signer or one of
     * its assigned handlers; and always a clearance and zone that cover its secrecy.
     */
    public boolean readable(Document d) {
        Actor me = policy.actor();
        if (!levelAllowed(me, d.secrecy())) return false;
        if (d.issuingUnitId() != null && policy.permits(OUT_READERS, d.asProtected(d.issuingUnitId()))) return true;
        if (d.signerId() != null && d.signerId() == me.officialId()) return true;
        for (Recipient r : recipients(d.id())) {
            if (r.unitId() != null && !r.status().equals("PENDING") && policy.permits(IN_READERS, d.asProtected(r.unitId()))) return true;
        }
        return jdbc.sql("select count(*) from document_assignment where document_id = ? and official_id = ?").params(d.id(), me.officialId())
                .query(Long.class).single() > 0;
    }

    /** 404 when its level is beyond this request (its existence is secret), 403 when only the grant is missing. */
    void requireReadable(Document d) {
        if (readable(d)) return;
        long unit = d.issuingUnitId() != null ? d.issuingUnitId()
                : recipients(d.id()).stream().map(Recipient::unitId).filter(java.util.Objects::nonNull).findFirst().orElse(0L);
        policy.require(OUT_READERS, d.asProtected(unit));
        if (d.secrecy().isClassified()) throw new DomainException.NotFound("document", d.id());
        throw new DomainException.Forbidden("document.forbidden");
    }

    boolean levelAllowed(Actor a, SecrecyLevel level) {
        return a.effectiveLevel(policy.zoneMax(a.zone())).covers(level);
    }

    public List<Recipient> recipients(long documentId) {
        return jdbc.sql("""
                select id, unit_id, organ_id, name, status, channel, delivered_at, arrival_number, received_at from document_recipient
                where document_id = ? order by id""").param(documentId)
                .query((rs, n) -> new Recipient(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), instant(rs, 7), (Integer) rs.getObject(8), instant(rs, 9))).list();
    }

    List<Event> events(long documentId) {
        return jdbc.sql("select id, recipient_id, code, action, actor_name, detail, at from document_event where document_id = ? order by at, id")
                .param(documentId).query((rs, n) -> new Event(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant())).list();
    }

    public List<Assignment> assignments(long documentId) {
        Map<Long, List<Opinion>> opinions = new HashMap<>();
        jdbc.sql("""
                select o.assignment_id, o.id, o.author_name, o.text, o.percent, o.at from document_opinion o
                join document_assignment a on a.id = o.assignment_id where a.document_id = ? order by o.at, o.id""").param(documentId)
                .query((rs, n) -> {
                    opinions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Opinion(rs.getLong(2), rs.getString(3), rs.getString(4), (Integer) rs.getObject(5), rs.getTimestamp(6).toInstant()));
                    return 0;
                }).list();
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        List<Object[]> rows = jdbc.sql("""
                select id, document_id, recipient_id, unit_id, official_id, role, due_date, status, assigned_at, closed_at, reply_document_id,
                    assignee_name
                from document_assignment where document_id = ? order by id""").param(documentId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4), rs.getObject(5), rs.getString(6),
                        rs.getObject(7, LocalDate.class), rs.getString(8), rs.getTimestamp(9).toInstant(), instant(rs, 10), rs.getObject(11), rs.getString(12)}).list();
        List<Long> unitIds = rows.stream().map(r -> (Long) r[3]).filter(java.util.Objects::nonNull).toList();
        Map<Long, String> unitNames = unitIds.isEmpty() ? Map.of() : units.names(unitIds);
        List<Assignment> out = new ArrayList<>();
        for (Object[] r : rows) {
            Long unit = (Long) r[3];
            Long official = (Long) r[4];
            String name = r[11] != null ? (String) r[11] : unit != null ? unitNames.getOrDefault(unit, "#" + unit) : officialName(official);
            LocalDate due = (LocalDate) r[6];
            boolean overdue = "OPEN".equals(r[7]) && due != null && due.isBefore(today);
            out.add(new Assignment((Long) r[0], (Long) r[1], (Long) r[2], unit, official, name, HandlingRole.valueOf((String) r[5]), due,
                    (String) r[7], (Instant) r[8], (Instant) r[9], (Long) r[10], opinions.getOrDefault((Long) r[0], List.of()), overdue));
        }
        return out;
    }

    private String officialName(@Nullable Long id) {
        if (id == null) return "-";
        try {
            return signerName(officials.get(id));
        } catch (DomainException e) {
            return "#" + id;
        }
    }

    // ---- storage ---------------------------------------------------------------------------------

    /** Classified content is sealed (encrypted at rest); ordinary content goes to the content-addressed store. */
    void storeFile(long id, byte[] content, SecrecyLevel secrecy) {
        if (secrecy.isClassified()) {
            long sealedId = sealed.seal(content, "application/pdf");
            jdbc.sql("update document_document set file_sealed_id = ?, file_sha256 = null where id = ?").params(sealedId, id).update();
        } else {
            String sha = files.store(new ByteArrayInputStream(content), "document-" + id + ".pdf", Math.max(content.length, 1)).sha256();
            jdbc.sql("update document_document set file_sha256 = ?, file_sealed_id = null where id = ?").params(sha, id).update();
        }
    }

    byte[] content(Document d) {
        Document fresh = require(d.id());
        if (fresh.fileSealedId() != null) return sealed.open(fresh.fileSealedId());
        if (fresh.fileSha256() == null) throw new DomainException.NotFound("file", d.id());
        try (InputStream in = files.open(fresh.fileSha256())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void event(long documentId, @Nullable Long recipientId, @Nullable String code, String action, @Nullable String actor, @Nullable String detail,
            Instant at) {
        jdbc.sql("insert into document_event (document_id, recipient_id, code, action, actor_name, detail, at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(documentId, recipientId, code, action, actor, detail, Timestamp.from(at)).update();
    }

    static String searchText(String subject, @Nullable String notation, String text) {
        String all = subject + " " + (notation == null ? "" : notation) + " " + text;
        return VietnameseText.fold(all.replace('\u0000', ' '));
    }

    // ---- mapping ---------------------------------------------------------------------------------

    static final String COLUMNS = """
            d.id, d.type, d.subject, d.secrecy, d.urgency, d.status, d.origin, d.issuing_unit_id, d.drafting_unit_id, d.drafter_id, d.signer_id,
            d.signer_name, d.signer_position, d.from_organ_id, d.from_organ_name, d.number, d.notation, d.year, d.issued_at, d.signed_at,
            d.file_sha256, d.file_sealed_id, d.page_count, d.created_at""";

    static Document map(ResultSet rs, int n) throws SQLException {
        return new Document(rs.getLong(1), DocumentType.valueOf(rs.getString(2)), rs.getString(3), SecrecyLevel.valueOf(rs.getString(4)),
                Urgency.valueOf(rs.getString(5)), DocumentStatus.valueOf(rs.getString(6)), rs.getString(7), (Long) rs.getObject(8),
                (Long) rs.getObject(9), (Long) rs.getObject(10), (Long) rs.getObject(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), (Integer) rs.getObject(16), rs.getString(17), (Integer) rs.getObject(18), instant(rs, 19), instant(rs, 20),
                rs.getString(21), (Long) rs.getObject(22), (Integer) rs.getObject(23), rs.getTimestamp(24).toInstant());
    }

    static @Nullable Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static <E extends Enum<E>> @Nullable E parseEnum(List<FieldError> errors, String field, @Nullable String value, Class<E> type,
            @Nullable E fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "document.enum", value, java.util.Arrays.toString(type.getEnumConstants())));
            return fallback;
        }
    }

    private static @Nullable Long parseId(List<FieldError> errors, String field, @Nullable String value) {
        try {
            return Ids.parse(field, value);
        } catch (DomainException.BadInput e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static @Nullable Long tryId(String value) {
        try {
            return Ids.parse("x", value);
        } catch (DomainException.BadInput e) {
            return null;
        }
    }
}
