package vn.truongson.notify;

/** How a notification reaches its person. */
public enum Channel {
    /** Kept in the application: the bell in the header and the notifications page. */
    IN_APP,
    /** By e-mail, when an SMTP server is configured ({@code spring.mail.host}). */
    EMAIL,
    /** By SMS or mobile push, through the {@link SmsGateway}. */
    SMS
}
