package vn.truongson.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Receipt;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlForwarder;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.document.edxml.EdxmlMessage.Attachment;
import vn.truongson.document.edxml.EdxmlMessage.Organ;
import vn.truongson.files.FileStore;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * Exchange with other agencies by edXML (QCVN 102:2016): an issued document exported as a message, and a message
 * imported and registered as incoming for the addressed unit. An imported message's header is kept as it came, so
 * exporting it again gives back every header field, and the attachments byte for byte.
 */
@Service
public class EdxmlExchange {

    /** What an import registered: the new document and, per addressed unit, its incoming number. */
    public record Imported(Document document, List<Receipt> receipts) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);

    private final JdbcClient jdbc;
    private final Documents documents;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Units units;
    private final FileStore files;
    private final DocumentProperties props;
    private final Clock clock;
    private final ObjectProvider<EdxmlForwarder> forwarder;
    private final ApplicationEventPublisher events;

    EdxmlExchange(JdbcClient jdbc, Documents documents, AccessPolicy policy, AuditTrail audit, Units units, FileStore files, DocumentProperties props,
            Clock clock, ObjectProvider<EdxmlForwarder> forwarder, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.policy = policy;
        this.audit = audit;
        this.units = units;
        this.files = files;
        this.props = props;
        this.clock = clock;
        this.forwarder = forwarder;
        this.events = events;
    }

    // ---- export ----------------------------------------------------------------------------------

    /** The edXML message of an issued (or imported) document, for whoever may read it; classified exports are audited. */
    @Transactional
    public byte[] export(long id) {
        return EdXml.write(message(id));
    }

    /** The edXML message of an issued (or imported) document, for whoever may read it. */
    private EdxmlMessage message(long id) {
        Document d = documents.require(id);
        byte[] pdf = documents.file(id, Documents.Access.DOWNLOAD);
        if (d.external()) return imported(d, pdf);
        if (d.number() == null || d.issuedAt() == null) throw new DomainException.Conflict("document.edxml.not-issued");
        Unit issuing = units.named(List.of(d.issuingUnitId())).get(d.issuingUnitId());
        if (issuing == null) throw new DomainException.NotFound("document", id);
        Unit parent = issuing.parentId() == null ? null : units.named(List.of(issuing.parentId())).get(issuing.parentId());
        String organId = issuing.organId() == null ? "" : issuing.organId();
        Organ from = new Organ(organId, issuing.name(), parent == null ? null : parent.name(), null, null, null, null, null);
        List<Organ> to = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (Recipient r : documents.recipients(id)) {
            to.add(new Organ(r.organId() == null ? "" : r.organId(), r.name(), null, null, null, null, null, null));
            places.add(r.name());
        }
        LocalDate date = LocalDate.ofInstant(d.issuedAt(), WorkingCalendar.ZONE);
        String number = d.number() < 10 ? "0" + d.number() : d.number().toString();
        String documentId = organId + "," + ID_DATE.format(date) + "," + number + "/" + d.notation();
        String cid = "1";
        String name = (number + "-" + d.notation()).replaceAll("[^\\p{L}\\p{N}._-]", "-") + ".pdf";
        return new EdxmlMessage(from, to, number, d.notation(), props.place(), date.toString(), d.type().code(), d.type().vietnamese(),
                d.subject(), null, new EdxmlMessage.Signer(null, d.signerPosition(), d.signerName() == null ? "-" : d.signerName()), null, places,
                new EdxmlMessage.OtherInfo(Integer.toString(d.urgency().rank()), null, null, "1", d.pageCount() == null ? null : d.pageCount().toString(),
                        List.of()),
                null, "0", documentId,
                List.of(new EdxmlMessage.Trace(organId, OffsetDateTime.ofInstant(d.issuedAt(), WorkingCalendar.ZONE).toString())),
                // The PDF carries the personal and agency PAdES signatures; the message names what it carries by digest.
                "SHA-256 " + cid + " " + sha256(pdf),
                List.of(new Attachment(cid, name, "application/pdf", d.type().vietnamese() + " " + number + "/" + d.notation(), pdf)));
    }

    /**
     * On a high node (issue 15): an issued document sent on the external axis ({@link Channel#EXTERNAL}) to agencies
     * outside the military network leaves as edXML through the gateway, queued in the sending transaction. Only a Thường
     * document may cross: a classified one is refused here, before anything is queued, and the refusal audited (the
     * channel rule of {@link DocumentDelivery} refuses it first; this is the crossing's own check).
     */
    @EventListener
    void onSentOutside(DocumentDelivery.SentOutside e) {
        EdxmlForwarder out = forwarder.getIfAvailable();
        if (out == null || !out.forwards(EdxmlForwarder.Direction.OUTGOING)) return;
        Document d = documents.require(e.documentId());
        out.forward(EdxmlForwarder.Direction.OUTGOING, message(e.documentId()), d.secrecy(), "document:" + e.documentId());
    }

    private EdxmlMessage imported(Document d, byte[] pdf) {
        String json = jdbc.sql("select edxml_header from document_document where id = ?").param(d.id()).query(String.class).single();
        EdxmlMessage header = JSON.readValue(json, EdxmlMessage.class);
        Map<Integer, byte[]> extra = new java.util.HashMap<>();
        jdbc.sql("select ordinal, file_sha256, file_sealed_id from document_attachment where document_id = ? order by ordinal").param(d.id())
                .query((rs, n) -> {
                    extra.put(rs.getInt(1), read(rs.getString(2)));
                    return 0;
                }).list();
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < header.attachments().size(); i++) {
            Attachment a = header.attachments().get(i);
            attachments.add(new Attachment(a.contentId(), a.name(), a.contentType(), a.description(), i == 0 ? pdf : extra.getOrDefault(i, new byte[0])));
        }
        return new EdxmlMessage(header.from(), header.to(), header.codeNumber(), header.codeNotation(), header.place(), header.promulgationDate(),
                header.type(), header.typeName(), header.subject(), header.content(), header.signer(), header.dueDate(), header.toPlaces(),
                header.otherInfo(), header.responseFor(), header.steeringType(), header.documentId(), header.traces(), header.signature(), attachments);
    }

    private byte[] read(@Nullable String sha) {
        if (sha == null) return new byte[0];
        try (InputStream in = files.open(sha)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- import ----------------------------------------------------------------------------------

    /**
     * Imports a message from another agency and registers it as incoming (tiếp nhận, số đến) for each addressed unit
     * the caller is a clerk of. The first attachment is the document and must pass the same PDF checks as an upload.
     * Documents from outside travel on public channels, so they are Thường.
     */
    @Transactional
    public Imported importMessage(byte[] xml) {
        EdxmlMessage m = EdXml.read(xml, props.maxEdxml().toBytes(), props.maxUpload().toBytes());
        List<Unit> addressed = addressed(m);
        List<Unit> mine = mine(addressed);
        return register(m, mine, policy.actor().fullName(), null);
    }

    /** What {@link #accept} answered: the message was queued for the high side with this id. */
    public record Forwarded(String messageId, String documentId) {}

    /** Whether this node hands incoming messages to the gateway instead of importing them (a low node). */
    public boolean forwardsIncoming() {
        EdxmlForwarder f = forwarder.getIfAvailable();
        return f != null && f.forwards(EdxmlForwarder.Direction.INCOMING);
    }

    /**
     * On a low node (issue 15): a message from another agency, read by the same hardened reader and checked as for an
     * import (an addressed unit, the caller a clerk of one of them, the document a clean PDF), is queued through
     * {@code forwarder} up to the high side, where it is imported ({@link #importCrossed}). Nothing is stored here.
     */
    @Transactional
    public Forwarded accept(byte[] xml) {
        EdxmlForwarder f = forwarder.getIfAvailable();
        if (f == null) throw new IllegalStateException("no gateway on this node");
        return accept(xml, f);
    }

    /** {@link #accept(byte[])} through a given forwarder (tests act as both nodes in one context). */
    @Transactional
    public Forwarded accept(byte[] xml, EdxmlForwarder f) {
        EdxmlMessage m = EdXml.read(xml, props.maxEdxml().toBytes(), props.maxUpload().toBytes());
        mine(addressed(m));
        pdfChecked(m);
        String id = f.forward(EdxmlForwarder.Direction.INCOMING, m, SecrecyLevel.THUONG, "edxml:" + clip(m.documentId(), 200));
        audit.record("document.edxml.forward", "edxml:" + clip(m.documentId(), 200), AuditTrail.SUCCESS, "message " + id + " from "
                + m.from().organId() + " queued for the high side");
        return new Forwarded(id, m.documentId());
    }

    /**
     * On a high node (issue 15): a message that crossed from the low side, its attachments as the gateway cleaned them
     * (CDR) put back in place of the message's own. Registered as arrived (Đã đến) for every addressed unit, for their
     * clerks to receive (tiếp nhận, số đến) as any incoming document; no caller is asked (the platform itself imports it).
     */
    @Transactional
    public Document importCrossed(EdxmlMessage m, String messageId) {
        List<Unit> addressed = addressed(m);
        return register(m, addressed, "Cổng kết nối an toàn thông tin liên mạng", messageId).document();
    }

    private List<Unit> addressed(EdxmlMessage m) {
        if (m.attachments().isEmpty()) throw new DomainException.BadInput("edxml", "document.edxml.malformed", "Manifest/Reference");
        Map<String, Unit> byOrgan = units.directory(5000).stream().filter(u -> u.organId() != null)
                .collect(Collectors.toMap(Unit::organId, Function.identity(), (a, b) -> a));
        List<Unit> addressed = m.to().stream().map(o -> byOrgan.get(o.organId().strip())).filter(java.util.Objects::nonNull).distinct().toList();
        if (addressed.isEmpty()) {
            throw new DomainException.BadInput("edxml", "document.edxml.addressee", m.to().stream().map(Organ::organId).collect(Collectors.joining(", ")));
        }
        return addressed;
    }

    private List<Unit> mine(List<Unit> addressed) {
        List<Unit> mine = addressed.stream().filter(u -> policy.permits(Documents.CLERKS,
                new vn.truongson.access.ProtectedRecord("unit", u.id(), u.id(), SecrecyLevel.THUONG))).toList();
        if (mine.isEmpty()) policy.requireOnUnit(Documents.CLERKS, addressed.get(0).id());
        return mine;
    }

    private PdfChecks.Checked pdfChecked(EdxmlMessage m) {
        try {
            return PdfChecks.check(m.attachments().get(0).content(), props.maxUpload().toBytes());
        } catch (DomainException.BadInput e) {
            throw new DomainException.BadInput("edxml", e.errors().get(0).messageKey(), e.errors().get(0).args());
        }
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /**
     * Stores the message as an incoming document. {@code crossed} null: the caller (a clerk) receives it at once for his
     * units; otherwise it came through the gateway with that message id and is only delivered to the addressed units.
     */
    private Imported register(EdxmlMessage m, List<Unit> mine, String who, @Nullable String crossed) {
        long maxUpload = props.maxUpload().toBytes();
        Attachment main = m.attachments().get(0);
        PdfChecks.Checked checked = pdfChecked(m);
        DocumentType type = DocumentType.of(m.type()).orElseGet(() -> java.util.Arrays.stream(DocumentType.values())
                .filter(t -> VietnameseText.fold(t.vietnamese()).equals(VietnameseText.fold(m.typeName().strip()))).findFirst().orElse(DocumentType.CV));
        Urgency urgency;
        try {
            urgency = Urgency.ofRank(Integer.parseInt(m.otherInfo().priority().strip()));
        } catch (IllegalArgumentException e) {
            urgency = Urgency.THUONG;
        }
        Integer number = null;
        try {
            number = Integer.parseInt(m.codeNumber().strip());
            if (number < 1) number = null;
        } catch (NumberFormatException e) {
            number = null;
        }
        LocalDate promulgated = null;
        try {
            promulgated = LocalDate.parse(m.promulgationDate().strip().replace('/', '-'));
        } catch (java.time.format.DateTimeParseException e) {
            promulgated = null;
        }
        String subject = VietnameseText.nfc(m.subject()).strip();
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into document_document (type, subject, secrecy, secrecy_rank, urgency, urgency_rank, status, origin, signer_name,
                    signer_position, from_organ_id, from_organ_name, number, notation, year, promulgation_date, page_count, edxml_header,
                    created_at, updated_at, search_text)
                values (:type, :subject, :secrecy, :srank, :urgency, :urank, :status, :origin, :signer, :position, :fromId, :fromName, :number,
                    :notation, :year, :promulgated, :pages, :header, :now, :now, :search) returning id""")
                .param("type", type.name()).param("subject", subject).param("secrecy", SecrecyLevel.THUONG.name())
                .param("srank", SecrecyLevel.THUONG.rank()).param("status", DocumentStatus.RECEIVED.name()).param("origin", Document.EDXML).param("urgency", urgency.name()).param("urank", urgency.rank())
                .param("signer", m.signer().fullName()).param("position", m.signer().position()).param("fromId", m.from().organId())
                .param("fromName", m.from().organName()).param("number", number).param("notation", m.codeNotation())
                .param("year", promulgated == null ? null : promulgated.getYear()).param("promulgated", promulgated).param("pages", checked.pages())
                .param("header", JSON.writeValueAsString(m.withoutContent())).param("now", Timestamp.from(now))
                .param("search", Documents.searchText(subject, m.codeNumber() + "/" + m.codeNotation(), checked.text()))
                .query(Long.class).single();
        documents.storeFile(id, main.content(), SecrecyLevel.THUONG);
        for (int i = 1; i < m.attachments().size(); i++) {
            Attachment a = m.attachments().get(i);
            String sha = files.store(new ByteArrayInputStream(a.content()), a.name(), maxUpload).sha256();
            jdbc.sql("""
                    insert into document_attachment (document_id, ordinal, content_id, name, content_type, description, file_sha256)
                    values (?, ?, ?, ?, ?, ?, ?)""").params(id, i, a.contentId(), a.name(), a.contentType(), a.description(), sha).update();
        }
        documents.event(id, null, null, HistoryAction.IMPORTED, who, m.from().organName() + " (" + m.from().organId() + "), " + m.documentId()
                + (crossed == null ? "" : ", qua cổng kết nối"), now);
        List<Receipt> receipts = new ArrayList<>();
        for (Unit u : mine) {
            long rid = jdbc.sql("""
                    insert into document_recipient (document_id, unit_id, organ_id, name, status, channel, delivered_at)
                    values (?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(id, u.id(), u.organId(), u.name(), RecipientStatus.DELIVERED.name(), Channel.EXTERNAL.name(), Timestamp.from(now)).query(Long.class).single();
            documents.event(id, rid, Documents.ARRIVED, HistoryAction.NOTICE, u.name(), "Đã đến", now);
            if (crossed == null) {
                receipts.add(documents.receive(id, u.id()));
            } else {
                // The unit's clerks are told after the commit (notices.ArrivalNotices) and receive it themselves.
                events.publishEvent(new DocumentArrived(id, rid, u.id()));
            }
        }
        audit.record("document.edxml.import", "document:" + id, AuditTrail.SUCCESS, m.documentId() + " from " + m.from().organId()
                + (crossed == null ? "" : " through the gateway, message " + crossed));
        return new Imported(documents.require(id), receipts);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
