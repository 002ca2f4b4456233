package vn.truongson.notify;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A notification to one official, with how each channel delivered it.
 *
 * @param kind what it is about, e.g. {@code programme.report.due}; screens label it when a message names it
 * @param link a path within the platform (starting with a single /), or null
 * @param readAt when its person marked it read; null while unread
 */
public record Notification(long id, long officialId, String kind, String title, String body, @Nullable String link, Instant createdAt,
        @Nullable Instant readAt, List<Delivery> deliveries) {

    public Notification {
        deliveries = List.copyOf(deliveries);
    }

    public boolean unread() {
        return readAt == null;
    }

    /**
     * One channel's delivery.
     *
     * @param lastError why it failed or was skipped; for operators, not shown to the person
     */
    public record Delivery(Channel channel, DeliveryState state, int attempts, @Nullable String lastError, Instant updatedAt) {}
}
