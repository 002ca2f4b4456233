package vn.truongson.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentViews.Event;
import vn.truongson.document.DocumentViews.Recipient;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;

/**
 * The document aggregate's store (as programme's {@code ProgrammeStore}): loads a {@link Document} by id (plain, for
 * update, or many at once), saves what a transition changed, and keeps its file, recipients and history lines.
 * Rows are mapped by column name. No access checks here: {@link Documents} asks the policy first.
 */
@Component
class DocumentRows {

    static final String COLUMNS = """
            d.id, d.type, d.subject, d.secrecy, d.urgency, d.status, d.origin, d.issuing_unit_id, d.drafting_unit_id, d.drafter_id, d.signer_id,
            d.signer_name, d.signer_position, d.from_organ_id, d.from_organ_name, d.number, d.notation, d.year, d.issued_at, d.signed_at,
            d.file_sha256, d.file_sealed_id, d.page_count, d.created_at""";

    /**
     * {@link #COLUMNS} and the columns lists do not need (the signer's authority, the revision): this store's own
     * loads use it; a row without them maps as the head signing plainly, revision 1.
     */
    static final String FULL_COLUMNS = COLUMNS + ", d.signer_authority, d.signer_for, d.revision";

    /** The number of columns in {@link #COLUMNS}: a query's own columns follow, from this index + 1. */
    static final int COLUMN_COUNT = 24;

    private final JdbcClient jdbc;
    private final FileStore files;
    private final SealedFiles sealed;
    private final ApplicationEventPublisher events;

    DocumentRows(JdbcClient jdbc, FileStore files, SealedFiles sealed, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.files = files;
        this.sealed = sealed;
    }

    Optional<Document> find(long id) {
        return jdbc.sql("select " + FULL_COLUMNS + " from document_document d where d.id = ?").param(id).query(DocumentRows::map).optional();
    }

    Document require(long id) {
        return find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
    }

    /** The document, its row locked until the transaction ends. */
    Document lock(long id) {
        return jdbc.sql("select " + FULL_COLUMNS + " from document_document d where d.id = ? for update").param(id).query(DocumentRows::map).optional()
                .orElseThrow(() -> new DomainException.NotFound("document", id));
    }

    /** Documents by id, in one statement (those that exist). */
    Map<Long, Document> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        Map<Long, Document> out = new HashMap<>();
        jdbc.sql("select " + FULL_COLUMNS + " from document_document d where d.id = any(:ids)").param("ids", ids.stream().distinct().toArray(Long[]::new))
                .query(DocumentRows::map).list().forEach(d -> out.put(d.id(), d));
        return out;
    }

    /**
     * Saves the state a transition left ({@link Document#sign}, {@link Document#issue}, {@link Document#send}) and
     * publishes the event it registered, in the caller's transaction (its listeners hear it after the commit).
     */
    void save(Document.Step step, Instant now) {
        saveState(step.after(), now);
        events.publishEvent(step.event());
    }

    /** Saves the state a transition left that registers no event of its own ({@link Document#sendBack}, {@link Document#resubmit}). */
    void saveState(Document d, Instant now) {
        jdbc.sql("""
                update document_document set status = ?, revision = ?, number = ?, year = ?, issued_at = ?, signed_at = ?,
                    promulgation_date = coalesce(promulgation_date, ?), updated_at = ? where id = ?""")
                .params(d.status().name(), d.revision(), d.number(), d.year(), ts(d.issuedAt()), ts(d.signedAt()),
                        d.issuedAt() == null ? null : java.time.LocalDate.ofInstant(d.issuedAt(), vn.truongson.calendar.WorkingCalendar.ZONE),
                        Timestamp.from(now), d.id()).update();
    }

    /** Adds words to the document's search text (its number and notation once issued). */
    void addSearchText(long id, String text) {
        jdbc.sql("update document_document set search_text = search_text || ' ' || ? where id = ?").params(VietnameseText.fold(text), id).update();
    }

    List<Recipient> recipients(long documentId) {
        return jdbc.sql("""
                select id, unit_id, organ_id, name, status, channel, delivered_at, arrival_number, received_at, returned_reason, returned_at
                from document_recipient where document_id = ? order by id""").param(documentId)
                .query((rs, n) -> new Recipient(rs.getLong("id"), (Long) rs.getObject("unit_id"), rs.getString("organ_id"), rs.getString("name"),
                        RecipientStatus.valueOf(rs.getString("status")), rs.getString("channel"), instant(rs, "delivered_at"),
                        (Integer) rs.getObject("arrival_number"), instant(rs, "received_at"), rs.getString("returned_reason"),
                        instant(rs, "returned_at"))).list();
    }

    /** Saves a recipient's new state (the transition is {@link RecipientStatus}'s); false when another request moved it first. */
    boolean saveRecipientState(long recipientId, RecipientStatus from, RecipientStatus to) {
        return jdbc.sql("update document_recipient set status = ? where id = ? and status = ?").params(to.name(), recipientId, from.name()).update() == 1;
    }

    /** The earlier revisions of a draft, oldest first. */
    List<DocumentViews.Revision> revisions(long documentId) {
        return jdbc.sql("""
                select id, revision, subject, returned_name, reason, returned_at, resubmitted_at from document_revision
                where document_id = ? order by revision""").param(documentId)
                .query((rs, n) -> new DocumentViews.Revision(rs.getLong("id"), rs.getInt("revision"), rs.getString("subject"),
                        rs.getString("returned_name"), rs.getString("reason"), rs.getTimestamp("returned_at").toInstant(),
                        instant(rs, "resubmitted_at"))).list();
    }

    List<Event> events(long documentId) {
        return jdbc.sql("select id, recipient_id, code, action, actor_name, detail, at from document_event where document_id = ? order by at, id")
                .param(documentId).query((rs, n) -> new Event(rs.getLong("id"), (Long) rs.getObject("recipient_id"), rs.getString("code"),
                        rs.getString("action"), rs.getString("actor_name"), rs.getString("detail"), rs.getTimestamp("at").toInstant())).list();
    }

    /** A line of the document's history (and, with a code, an edXML status notice of a recipient). */
    void event(long documentId, @Nullable Long recipientId, @Nullable String code, HistoryAction action, @Nullable String actor, @Nullable String detail,
            Instant at) {
        jdbc.sql("insert into document_event (document_id, recipient_id, code, action, actor_name, detail, at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(documentId, recipientId, code, action.name(), actor, detail, Timestamp.from(at)).update();
    }

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

    /** The document's PDF as it stands now (read afresh: a transition may just have replaced it). */
    byte[] content(long id) {
        Document fresh = require(id);
        if (fresh.fileSealedId() != null) return sealed.open(fresh.fileSealedId());
        if (fresh.fileSha256() == null) throw new DomainException.NotFound("file", id);
        try (InputStream in = files.open(fresh.fileSha256())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- mapping ---------------------------------------------------------------------------------

    /** A document from a row that has {@link #COLUMNS} (by name: a query's own columns may follow). */
    static Document map(ResultSet rs, int n) throws SQLException {
        boolean full = hasRevision(rs);
        return new Document(rs.getLong("id"), DocumentType.valueOf(rs.getString("type")), rs.getString("subject"),
                SecrecyLevel.valueOf(rs.getString("secrecy")), Urgency.valueOf(rs.getString("urgency")), DocumentStatus.valueOf(rs.getString("status")),
                rs.getString("origin"), (Long) rs.getObject("issuing_unit_id"), (Long) rs.getObject("drafting_unit_id"), (Long) rs.getObject("drafter_id"),
                (Long) rs.getObject("signer_id"), rs.getString("signer_name"), rs.getString("signer_position"), rs.getString("from_organ_id"),
                rs.getString("from_organ_name"), (Integer) rs.getObject("number"), rs.getString("notation"), (Integer) rs.getObject("year"),
                instant(rs, "issued_at"), instant(rs, "signed_at"), rs.getString("file_sha256"), (Long) rs.getObject("file_sealed_id"),
                (Integer) rs.getObject("page_count"), rs.getTimestamp("created_at").toInstant(),
                full && rs.getString("signer_authority") != null ? SignerAuthority.valueOf(rs.getString("signer_authority")) : null,
                full ? rs.getString("signer_for") : null, full ? rs.getInt("revision") : 1);
    }

    private static boolean hasRevision(ResultSet rs) throws SQLException {
        var meta = rs.getMetaData();
        for (int i = meta.getColumnCount(); i > COLUMN_COUNT; i--) if ("revision".equals(meta.getColumnLabel(i))) return true;
        return false;
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static @Nullable Timestamp ts(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
