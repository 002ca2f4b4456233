package vn.truongson.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Sends notifications to officials and lets each read their own. A notification is stored and shown in the
 * application at once; its e-mail and SMS go out after the sending transaction commits ({@link Deliveries}), so
 * nothing leaves the platform for a change that rolled back.
 */
@Service
public class Notifications {

    /** A person's notifications, newest first, with how many of all of theirs are unread. */
    public record Inbox(long unread, List<Notification> notifications) {}

    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY = 4000;
    public static final int MAX_LIST = 200;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Recipients recipients;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotifyProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Notifications(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, Recipients recipients, ObjectProvider<JavaMailSender> mail,
            NotifyProperties props, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.recipients = recipients;
        this.mail = mail;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Notifies an official, once per {@code dedupeKey}: answers false, and changes nothing, when a notification
     * with that key exists already. The unique key decides, not a lookup first, so two nodes or two runs of a job
     * racing to send the same reminder give the person exactly one.
     *
     * @param link a path within the platform (/office/…), or null
     */
    @Transactional
    public boolean send(long officialId, String kind, String dedupeKey, String title, String body, @Nullable String link) {
        if (kind.isBlank() || dedupeKey.isBlank() || title.isBlank()) throw new IllegalArgumentException("kind, dedupe key and title are required");
        if (link != null && (!link.startsWith("/") || link.startsWith("//"))) {
            // Links are followed after a click on the page: never to another site.
            throw new IllegalArgumentException("a notification links to a path within the platform: " + link);
        }
        Recipients.Recipient to = recipients.recipient(officialId)
                .orElseThrow(() -> new IllegalArgumentException("no official " + officialId));
        Instant now = clock.instant();
        Long id = jdbc.sql("""
                insert into notify_notification (official_id, kind, dedupe_key, title, body, link, created_at)
                values (:official, :kind, :key, :title, :body, :link, :at)
                on conflict (dedupe_key) do nothing returning id""")
                .param("official", officialId).param("kind", kind).param("key", dedupeKey).param("title", clip(title, MAX_TITLE))
                .param("body", clip(body, MAX_BODY)).param("link", link).param("at", Timestamp.from(now))
                .query(Long.class).optional().orElse(null);
        if (id == null) return false;

        deliver(id, Channel.IN_APP, DeliveryState.SENT, 1, null, now);
        boolean pending = false;
        if (!to.active()) {
            deliver(id, Channel.EMAIL, DeliveryState.SKIPPED, 0, "official deactivated", now);
            deliver(id, Channel.SMS, DeliveryState.SKIPPED, 0, "official deactivated", now);
        } else {
            if (mail.getIfAvailable() == null) {
                deliver(id, Channel.EMAIL, DeliveryState.SKIPPED, 0, "no SMTP server configured (spring.mail.host)", now);
            } else if (to.email() == null || to.email().isBlank()) {
                deliver(id, Channel.EMAIL, DeliveryState.SKIPPED, 0, "no e-mail address", now);
            } else {
                deliver(id, Channel.EMAIL, DeliveryState.PENDING, 0, null, now);
                pending = true;
            }
            if (!props.smsEnabled()) {
                deliver(id, Channel.SMS, DeliveryState.SKIPPED, 0, "SMS disabled (truongson.notify.sms-enabled)", now);
            } else if (to.phone() == null || to.phone().isBlank()) {
                deliver(id, Channel.SMS, DeliveryState.SKIPPED, 0, "no phone number", now);
            } else {
                deliver(id, Channel.SMS, DeliveryState.PENDING, 0, null, now);
                pending = true;
            }
        }
        audit.record("notify.notification.create", "notification:" + id, AuditTrail.SUCCESS, kind + " to official:" + officialId);
        if (pending) events.publishEvent(new NotificationCreated(id));
        return true;
    }

    private void deliver(long id, Channel channel, DeliveryState state, int attempts, @Nullable String error, Instant at) {
        jdbc.sql("""
                insert into notify_delivery (notification_id, channel, state, attempts, last_error, updated_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, channel.name(), state.name(), attempts, error, Timestamp.from(at)).update();
    }

    private static String clip(String s, int max) {
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    // ---- the person's own ----------------------------------------------------------------------

    /** The current person's notifications, newest first; only the unread ones when asked. */
    @Transactional(readOnly = true)
    public Inbox mine(int limit, boolean unreadOnly) {
        if (limit < 1 || limit > MAX_LIST) throw new DomainException.BadInput("limit", "problem.field.range", 1, MAX_LIST);
        long me = policy.actor().officialId();
        List<Notification> bare = jdbc.sql("select " + COLUMNS + " from notify_notification n where n.official_id = :me"
                        + (unreadOnly ? " and n.read_at is null" : "") + " order by n.created_at desc, n.id desc limit :limit")
                .param("me", me).param("limit", limit).query(Notifications::bare).list();
        return new Inbox(unreadOf(me), withDeliveries(bare));
    }

    /**
     * Whether a notification whose dedupe key starts with {@code keyPrefix} was created at or after {@code since}: a
     * job that would send a reminder asks whether someone already sent its like by hand (programme's manual chasing).
     */
    @Transactional(readOnly = true)
    public boolean sentSince(String keyPrefix, Instant since) {
        String like = keyPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("select exists (select 1 from notify_notification where dedupe_key like ? and created_at >= ?)")
                .params(like, Timestamp.from(since)).query(Boolean.class).single();
    }

    /** How many of the current person's notifications are unread; 0 outside a signed-in request. */
    public long unread() {
        return policy.currentActor().map(a -> unreadOf(a.officialId())).orElse(0L);
    }

    private long unreadOf(long officialId) {
        return jdbc.sql("select count(*) from notify_notification where official_id = ? and read_at is null").param(officialId)
                .query(Long.class).single();
    }

    /**
     * Marks one of the current person's notifications read (again: no change). Another person's is a 404, as if it
     * did not exist: a person's notifications are theirs alone.
     */
    @Transactional
    public Notification markRead(long id) {
        long me = policy.actor().officialId();
        int changed = jdbc.sql("update notify_notification set read_at = :at where id = :id and official_id = :me and read_at is null")
                .param("at", Timestamp.from(clock.instant())).param("id", id).param("me", me).update();
        Notification n = own(id, me);
        if (changed == 1) audit.record("notify.notification.read", "notification:" + id, AuditTrail.SUCCESS, null);
        return n;
    }

    /** Marks every unread notification of the current person read; answers how many. */
    @Transactional
    public int markAllRead() {
        long me = policy.actor().officialId();
        int changed = jdbc.sql("update notify_notification set read_at = :at where official_id = :me and read_at is null")
                .param("at", Timestamp.from(clock.instant())).param("me", me).update();
        if (changed > 0) audit.record("notify.notification.read-all", "official:" + me, AuditTrail.SUCCESS, changed + " marked read");
        return changed;
    }

    /** One of the current person's notifications; 404 for anyone else's. */
    @Transactional(readOnly = true)
    public Notification get(long id) {
        return own(id, policy.actor().officialId());
    }

    private Notification own(long id, long me) {
        Notification n = jdbc.sql("select " + COLUMNS + " from notify_notification n where n.id = ? and n.official_id = ?").params(id, me)
                .query(Notifications::bare).optional().orElseThrow(() -> new DomainException.NotFound("notification", id));
        return withDeliveries(List.of(n)).getFirst();
    }

    // ---- rows ------------------------------------------------------------------------------------

    private static final String COLUMNS = "n.id, n.official_id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at";

    private static Notification bare(ResultSet rs, int n) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new Notification(rs.getLong("id"), rs.getLong("official_id"), rs.getString("kind"), rs.getString("title"), rs.getString("body"),
                rs.getString("link"), rs.getTimestamp("created_at").toInstant(), read == null ? null : read.toInstant(), List.of());
    }

    private List<Notification> withDeliveries(List<Notification> bare) {
        if (bare.isEmpty()) return bare;
        Map<Long, List<Notification.Delivery>> by = new HashMap<>();
        jdbc.sql("""
                select notification_id, channel, state, attempts, last_error, updated_at from notify_delivery
                where notification_id = any(:ids) order by notification_id, channel""")
                .param("ids", bare.stream().map(Notification::id).toArray(Long[]::new))
                .query(rs -> {
                    by.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Notification.Delivery(Channel.valueOf(rs.getString(2)),
                            DeliveryState.valueOf(rs.getString(3)), rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
                });
        List<Notification> out = new ArrayList<>(bare.size());
        for (Notification n : bare) {
            List<Notification.Delivery> d = new ArrayList<>(by.getOrDefault(n.id(), List.of()));
            d.sort(java.util.Comparator.comparing(Notification.Delivery::channel));
            out.add(new Notification(n.id(), n.officialId(), n.kind(), n.title(), n.body(), n.link(), n.createdAt(), n.readAt(), d));
        }
        return out;
    }
}
