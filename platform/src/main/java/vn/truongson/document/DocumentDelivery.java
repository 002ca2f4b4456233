package vn.truongson.document;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.document.DocumentViews.Delivery;
import vn.truongson.document.DocumentViews.Receipt;
import vn.truongson.document.DocumentViews.Recipient;

/** Sending an issued document to its recipients and their receipt with an incoming number. {@link Documents} is the module's entry. */
@Component
class DocumentDelivery {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Registers registers;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final DocumentRows rows;
    private final DocumentAccess access;

    DocumentDelivery(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Registers registers, Clock clock, ApplicationEventPublisher events,
            DocumentRows rows, DocumentAccess access) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.registers = registers;
        this.clock = clock;
        this.events = events;
        this.rows = rows;
        this.access = access;
    }

    /** An issued document was sent on the external axis to agencies outside the platform (heard in the same transaction by {@link EdxmlExchange}). */
    record SentOutside(long documentId) {}

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
        Document d = rows.lock(id);
        access.requireReadable(d);
        policy.requireOnUnit(Documents.CLERKS, d.issuingUnitId());
        d.requireSendable(); // refused before issue
        if (!channel.carries(d.secrecy())) {
            audit.recordSeparately("document.send", "document:" + id, AuditTrail.DENIED, d.secrecy() + " on " + channel);
            throw new DomainException.Conflict("document.send.channel", d.secrecy().vietnamese(), channel.vietnamese());
        }
        Instant now = clock.instant();
        List<Delivery> out = new ArrayList<>();
        boolean outside = false;
        String who = policy.actor().fullName();
        rows.event(id, null, null, HistoryAction.SENT, who, channel.vietnamese(), now);
        int delivered = 0;
        for (Recipient r : rows.recipients(id)) {
            if (r.status() != RecipientStatus.PENDING) {
                out.add(new Delivery(r.name(), r.status()));
                continue;
            }
            RecipientStatus status = r.status().deliver(r.unitId() != null);
            if (r.unitId() == null) outside = true;
            jdbc.sql("update document_recipient set status = ?, channel = ?, delivered_at = ? where id = ?")
                    .params(status.name(), channel.name(), r.unitId() != null ? Timestamp.from(now) : null, r.id()).update();
            if (r.unitId() != null) {
                rows.event(id, r.id(), Documents.ARRIVED, HistoryAction.NOTICE, r.name(), "Đã đến", now);
                // The unit's clerks are told after the commit (notices.ArrivalNotices).
                events.publishEvent(new DocumentArrived(id, r.id(), r.unitId()));
            }
            out.add(new Delivery(r.name(), status));
            delivered++;
        }
        Document.Step sent = d.send(channel, delivered, now);
        // DocumentEvents.Sent (the drafter told after the commit) only when this send reached someone: a repeated send is no news.
        if (delivered > 0) rows.save(sent, now);
        else rows.saveState(sent.after(), now);
        audit.record("document.send", "document:" + id, AuditTrail.SUCCESS, channel.name() + ", " + out.size() + " recipients");
        // On a high node the edXML for the other agencies crosses the gateway, queued with this send (issue 15).
        if (outside && channel == Channel.EXTERNAL) events.publishEvent(new SentOutside(id));
        return out;
    }

    /**
     * Receipt (tiếp nhận, đăng ký văn bản đến) by a clerk of a recipient unit: the next incoming number (số đến),
     * consecutive per unit and year, classified documents in their own series (Decree 30, Art. 22).
     */
    @Transactional
    public Receipt receive(long id, @Nullable Long unitId) {
        Document d = rows.find(id).orElseThrow(() -> new DomainException.NotFound("document", id));
        Actor me = policy.actor();
        List<Recipient> mine = rows.recipients(id).stream().filter(r -> r.unitId() != null && (unitId == null || unitId.equals(r.unitId()))
                && policy.permits(Documents.CLERKS, d.asProtected(r.unitId()))).toList();
        if (mine.isEmpty()) {
            // Not a clerk of any recipient (or not cleared): as far as this caller knows, nothing to receive here.
            long unit = unitId != null ? unitId : rows.recipients(id).stream().map(Recipient::unitId).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(d.issuingUnitId() == null ? 0L : d.issuingUnitId());
            policy.require(Documents.CLERKS, d.asProtected(unit));
            throw new DomainException.Forbidden("document.receive.not-recipient");
        }
        Recipient r = mine.stream().filter(x -> x.status() == RecipientStatus.DELIVERED).findFirst()
                .orElseGet(() -> mine.stream().filter(x -> x.status() == RecipientStatus.RECEIVED).findFirst().orElse(mine.getFirst()));
        RecipientStatus received = r.status().receive(); // refused unless delivered
        // Lock the recipient row; a second clerk racing on the same copy finds it received.
        boolean locked = jdbc.sql("select id from document_recipient where id = ? and status = ? for update").params(r.id(), r.status().name())
                .query(Long.class).optional().isPresent();
        if (!locked) throw new DomainException.Conflict("document.receive.already");
        Instant now = clock.instant();
        int year = LocalDate.ofInstant(now, WorkingCalendar.ZONE).getYear();
        int number = registers.next(r.unitId(), year, Registers.Direction.IN, d.secrecy().isClassified());
        jdbc.sql("""
                update document_recipient set status = ?, arrival_number = ?, arrival_year = ?, arrival_classified = ?,
                    received_at = ?, received_by = ? where id = ?""")
                .params(received.name(), number, year, d.secrecy().isClassified(), Timestamp.from(now), me.officialId(), r.id()).update();
        rows.event(id, r.id(), Documents.ACCEPTED, HistoryAction.NOTICE, me.fullName(), "Đã tiếp nhận, số đến " + number, now);
        audit.record("document.receive", "document:" + id, AuditTrail.SUCCESS, "unit:" + r.unitId() + " số đến " + number);
        Instant arrived = r.deliveredAt() == null ? now : r.deliveredAt();
        return new Receipt(r.id(), number, arrived);
    }
}
