package vn.truongson.notify;

/** A notification was committed with deliveries still to make (e-mail, SMS). */
public record NotificationCreated(long notificationId) {}
