package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Grants;
import vn.truongson.access.Role;
import vn.truongson.core.Inputs;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;

/**
 * Drafting (Decree 30, Art. 10–11): the draft checked field by field, its recipients resolved, its notation formed,
 * and its body rendered to a Decree-30 PDF when no PDF is uploaded. {@link Documents} is the module's entry.
 */
@Component
class DocumentDrafting {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final Officials officials;
    private final DocumentProperties props;
    private final Clock clock;
    private final DocumentRows rows;
    private final DocumentAccess access;
    private final Grants grants;

    static final int MAX_SIGNER_FOR = 120;

    DocumentDrafting(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Units units, Officials officials, DocumentProperties props, Clock clock,
            DocumentRows rows, DocumentAccess access, Grants grants) {
        this.grants = grants;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.officials = officials;
        this.props = props;
        this.clock = clock;
        this.rows = rows;
        this.access = access;
    }

    /** A new draft (văn bản dự thảo) with its PDF, or with a body rendered to a Decree-30 PDF. */
    @Transactional
    public Document draft(Documents.Draft d, byte @Nullable [] pdf) {
        List<FieldError> errors = new ArrayList<>();
        DocumentType type = DocumentType.of(d.type()).orElse(null);
        if (type == null) errors.add(new FieldError("type", d.type() == null ? "problem.field.required" : "document.type.unknown", String.valueOf(d.type())));
        String subject = d.subject() == null ? "" : VietnameseText.nfc(d.subject()).strip();
        if (subject.isEmpty()) errors.add(new FieldError("subject", "problem.field.required"));
        else if (subject.length() > Decree30Document.MAX_SUBJECT) errors.add(new FieldError("subject", "document.subject.too-long", Decree30Document.MAX_SUBJECT));
        else if (VietnameseText.firstControlChar(subject, true) >= 0) errors.add(new FieldError("subject", "document.text.control"));
        SecrecyLevel secrecy = Inputs.optionalEnum(SecrecyLevel.class, "secrecy", d.secrecy(), SecrecyLevel.THUONG, errors);
        Urgency urgency = Inputs.optionalEnum(Urgency.class, "urgency", d.urgency(), Urgency.THUONG, errors);
        SignerAuthority authority = Inputs.optionalEnum(SignerAuthority.class, "signerAuthority", d.signerAuthority(), null, errors);
        String signerFor = d.signerFor() == null || d.signerFor().isBlank() ? null : VietnameseText.nfc(d.signerFor()).strip();
        if (authority != null && signerFor == null) errors.add(new FieldError("signerFor", "problem.field.required"));
        else if (signerFor != null && (signerFor.length() > MAX_SIGNER_FOR || VietnameseText.firstControlChar(signerFor, false) >= 0)) {
            errors.add(new FieldError("signerFor", "document.authority.for", MAX_SIGNER_FOR));
        }
        if (authority == null) signerFor = null; // the head signs plainly: nothing to sign for
        Long issuingId = DocumentInput.parseId(errors, "issuingUnitId", d.issuingUnitId());
        Long signerId = DocumentInput.parseId(errors, "signerId", d.signerId());
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
                } else if (authority != null && authority.refusal(signer.position()) != null) {
                    errors.add(new FieldError("signerAuthority", authority.refusal(signer.position()), authority.prefix(), signer.position()));
                }
            } catch (DomainException.NotFound | DomainException.Forbidden e) {
                errors.add(new FieldError("signerId", "document.signer.unknown", signerId));
            }
        }
        List<Documents.RecipientInput> recipients = d.recipients() == null ? List.of() : d.recipients();
        List<Object[]> resolved = new ArrayList<>();
        if (recipients.isEmpty()) errors.add(new FieldError("recipients", "document.recipients.none"));
        if (recipients.size() > Documents.MAX_RECIPIENTS) errors.add(new FieldError("recipients", "document.recipients.too-many", Documents.MAX_RECIPIENTS));
        else resolveRecipients(recipients, errors, resolved);
        String body = d.body() == null ? null : VietnameseText.nfc(d.body()).strip();
        if (pdf == null && (body == null || body.isEmpty())) errors.add(new FieldError("file", "document.file.required"));
        if (body != null && body.length() > 100_000) errors.add(new FieldError("body", "document.body.too-long", 100_000));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);

        Actor me = policy.actor();
        policy.requireOnUnit(Documents.DRAFTERS, issuing.id());
        if (!access.levelAllowed(me, secrecy)) throw new DomainException.Forbidden("document.secrecy.above-clearance", secrecy.vietnamese());
        // Only a holder of SIGNER covering the issuing unit signs for it (issue 13): not anyone of the unit. Asked after the
        // drafter's own right on the unit, so someone drafting outside their grants is refused as before (403).
        if (!maySign(signer.id(), issuing.id())) {
            throw new DomainException.BadInput("signerId", "document.signer.no-grant", signer.fullName(), issuing.name());
        }

        Unit drafting = units.named(List.of(me.unitId())).get(me.unitId());
        String notation = notation(type, issuing, drafting);
        List<String> to = new ArrayList<>();
        for (Object[] r : resolved) to.add((String) r[2]);
        byte[] content = pdf != null ? pdf : render(type, subject, secrecy, issuing, Document.titleLines(authority, signerFor, signer.position()),
                signerName(signer), body, notation, to);
        PdfChecks.Checked checked = PdfChecks.check(content, props.maxUpload().toBytes());
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into document_document (type, subject, secrecy, secrecy_rank, urgency, urgency_rank, status, issuing_unit_id,
                    drafting_unit_id, drafter_id, signer_id, signer_name, signer_position, notation, page_count, created_by, created_at, updated_at, search_text,
                    signer_authority, signer_for)
                values (:type, :subject, :secrecy, :srank, :urgency, :urank, :status, :issuing, :drafting, :drafter, :signer, :signerName,
                    :signerPosition, :notation, :pages, :drafter, :now, :now, :search, :authority, :signerFor) returning id""")
                .param("status", DocumentStatus.DRAFT.name()).param("authority", authority == null ? null : authority.name()).param("signerFor", signerFor)
                .param("type", type.name()).param("subject", subject).param("secrecy", secrecy.name()).param("srank", secrecy.rank())
                .param("urgency", urgency.name()).param("urank", urgency.rank()).param("issuing", issuing.id())
                .param("drafting", drafting == null ? issuing.id() : drafting.id()).param("drafter", me.officialId()).param("signer", signer.id())
                .param("signerName", signerName(signer)).param("signerPosition", signer.position()).param("notation", notation).param("pages", checked.pages())
                .param("now", Timestamp.from(now)).param("search", Documents.searchText(subject, null, checked.text()))
                .query(Long.class).single();
        for (Object[] r : resolved) {
            jdbc.sql("insert into document_recipient (document_id, unit_id, organ_id, name) values (?, ?, ?, ?)")
                    .params(id, r[0], r[1], r[2]).update();
        }
        rows.storeFile(id, content, secrecy);
        rows.event(id, null, null, HistoryAction.DRAFTED, me.fullName(), type.vietnamese() + ": " + subject, now);
        audit.record("document.draft", "document:" + id, AuditTrail.SUCCESS, type.code() + " " + secrecy + " " + urgency);
        return rows.require(id);
    }

    private void resolveRecipients(List<Documents.RecipientInput> recipients, List<FieldError> errors, List<Object[]> out) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            Documents.RecipientInput r = recipients.get(i);
            if (r == null) {
                errors.add(new FieldError("recipients[" + i + "]", "problem.field.required"));
                continue;
            }
            if (r.unitId() != null) {
                Long id = DocumentInput.parseId(errors, "recipients[" + i + "].unitId", r.unitId());
                if (id != null) ids.add(id);
            }
        }
        Map<Long, Unit> named = units.named(ids);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            Documents.RecipientInput r = recipients.get(i);
            if (r == null) continue;
            String f = "recipients[" + i + "]";
            if (r.unitId() != null && r.organId() != null) {
                errors.add(new FieldError(f, "document.recipient.both"));
            } else if (r.unitId() != null) {
                Long id = DocumentInput.tryId(r.unitId());
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

    /** May the official sign for the unit: a SIGNER grant on it, or on a unit above it by subtree (access's rule). */
    boolean maySign(long officialId, long unitId) {
        return grants.holdersCovering(Role.SIGNER, List.of(unitId)).getOrDefault(unitId, java.util.Set.of()).contains(officialId);
    }

    /** The active officials who may sign for the unit (SIGNER covering it), for the draft form's signer list. */
    List<Official> signersFor(long unitId) {
        List<Official> out = new ArrayList<>();
        for (long id : grants.holdersCovering(Role.SIGNER, List.of(unitId)).getOrDefault(unitId, java.util.Set.of())) {
            try {
                Official o = officials.get(id);
                if (o.active()) out.add(o);
            } catch (DomainException.NotFound | DomainException.Forbidden e) {
                // not visible to this caller: not offered
            }
        }
        out.sort(java.util.Comparator.comparing(Official::fullName));
        return out;
    }

    PdfChecks.Checked check(byte[] content) {
        return PdfChecks.check(content, props.maxUpload().toBytes());
    }

    /** A returned draft's new body rendered as at drafting: same unit, signer block, notation and recipients. */
    byte[] renderAgain(Document d, String subject, String body) {
        Unit issuing = units.named(List.of(d.issuingUnitId())).get(d.issuingUnitId());
        if (issuing == null) throw new DomainException.NotFound("document", d.id());
        List<String> to = rows.recipients(d.id()).stream().map(DocumentViews.Recipient::name).toList();
        return render(d.type(), subject, d.secrecy(), issuing, d.signerTitleLines(), d.signerName(), body, d.notation(), to);
    }

    private byte[] render(DocumentType type, String subject, SecrecyLevel secrecy, Unit issuing, List<String> title, @Nullable String signerName,
            String body, String notation, List<String> recipients) {
        Unit parent = issuing.parentId() == null ? null : units.named(List.of(issuing.parentId())).get(issuing.parentId());
        List<Decree30Document.Block> paragraphs = new ArrayList<>();
        for (String p : body.split("\\R\\s*\\R|\\R")) if (!p.isBlank()) paragraphs.add(new Decree30Document.Paragraph(p.strip()));
        List<String> to = new ArrayList<>(recipients);
        to.add("Lưu: VT");
        return Decree30.pdf(new Decree30Document(parent == null ? null : parent.name(), issuing.name(), DocumentNumber.notIssued(notation),
                secrecy, new PlaceAndDate(props.place(), LocalDate.now(clock.withZone(WorkingCalendar.ZONE))), type.vietnamese(), subject,
                List.of(new Decree30Document.Section(null, paragraphs)), new Decree30Document.Signature(title, signerName), to));
    }

    static String signerName(Official o) {
        return o.rankTitle() == null || o.rankTitle().isBlank() ? o.fullName() : o.rankTitle() + " " + o.fullName();
    }
}
