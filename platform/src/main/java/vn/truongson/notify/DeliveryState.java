package vn.truongson.notify;

/** Where one channel's delivery of a notification stands. */
public enum DeliveryState {
    /** Committed, waiting for delivery after the transaction that created it. */
    PENDING,
    SENT,
    /** Tried and refused (the error is kept). */
    FAILED,
    /** Not attempted: the channel is not configured, or the person has no address for it. */
    SKIPPED
}
