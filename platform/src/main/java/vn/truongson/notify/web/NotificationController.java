package vn.truongson.notify.web;

import vn.truongson.core.Vietnam;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.notify.Notification;
import vn.truongson.notify.Notifications;

/** The signed-in person's own notifications: nobody can list or mark anyone else's. */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Thông báo / Notifications")
class NotificationController {

    static final ZoneId ZONE = Vietnam.ZONE;

    record DeliveryView(String channel, String state) {}

    record NotificationView(String id, String kind, String title, String body, @Nullable String link, String createdAt, @Nullable String readAt,
            List<DeliveryView> deliveries) {
        static NotificationView of(Notification n) {
            return new NotificationView(Ids.str(n.id()), n.kind(), n.title(), n.body(), n.link(), instant(n.createdAt()),
                    n.readAt() == null ? null : instant(n.readAt()),
                    n.deliveries().stream().map(d -> new DeliveryView(d.channel().name(), d.state().name())).toList());
        }
    }

    record InboxView(long unread, List<NotificationView> notifications) {}

    record MarkedView(int marked, long unread) {}

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Instants in Vietnam's offset, with seconds: 2026-05-17T07:30:00+07:00. */
    static String instant(Instant i) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atZone(ZONE).toOffsetDateTime());
    }

    @GetMapping
    @Operation(summary = "Thông báo của tôi / My notifications",
            description = "Newest first, at most `limit` (1–200, default 50); `unread=true` lists only the unread. `unread` in the answer "
                    + "counts all of the person's unread notifications. Each lists its deliveries: IN_APP, EMAIL, SMS with "
                    + "PENDING, SENT, FAILED or SKIPPED.")
    InboxView mine(@RequestParam(required = false) @Nullable String limit, @RequestParam(required = false) @Nullable String unread) {
        var inbox = notifications.mine(limit(limit), flag("unread", unread));
        return new InboxView(inbox.unread(), inbox.notifications().stream().map(NotificationView::of).toList());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Một thông báo / One of my notifications", description = "404 for anyone else's.")
    NotificationView get(@PathVariable long id) {
        return NotificationView.of(notifications.get(id));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Đánh dấu đã đọc / Mark read", description = "Marking again changes nothing. 404 for anyone else's.")
    NotificationView read(@PathVariable long id) {
        return NotificationView.of(notifications.markRead(id));
    }

    @PostMapping("/read-all")
    @Operation(summary = "Đánh dấu tất cả đã đọc / Mark all read")
    MarkedView readAll() {
        int marked = notifications.markAllRead();
        return new MarkedView(marked, notifications.unread());
    }

    private static int limit(@Nullable String text) {
        if (text == null || text.isBlank()) return 50;
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new DomainException.BadInput("limit", "problem.field.type");
        }
    }

    private static boolean flag(String field, @Nullable String text) {
        if (text == null || text.isBlank()) return false;
        return switch (text.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new DomainException.BadInput(field, "problem.field.type");
        };
    }
}
