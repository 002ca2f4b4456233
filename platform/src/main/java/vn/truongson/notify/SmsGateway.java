package vn.truongson.notify;

/**
 * The port to an SMS or mobile-push provider. No provider is reachable from here; the platform ships a gateway
 * that only writes to the log, and a deployment supplies its own bean of this type to use a real one.
 */
public interface SmsGateway {

    /** Sends the text to the number, or throws to have the delivery recorded as failed with the error. */
    void send(String phone, String text);
}
