package vn.truongson.document;

/**
 * Where a recipient's copy stands: waiting to be sent, delivered (Đã đến), received with an incoming number, waiting
 * for the edXML exchange, or returned to the sender as wrongly sent. Moves by {@link #deliver}, {@link #receive},
 * {@link #returnToSender}; an illegal step is an {@link IllegalTransition} (409).
 */
public enum RecipientStatus {
    PENDING("Chờ gửi"), DELIVERED("Đã đến"), RECEIVED("Đã tiếp nhận"), AWAITING_EXCHANGE("Chờ gửi qua trục"), RETURNED("Đã trả lại");

    private final String vietnamese;

    RecipientStatus(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }

    /** Sent: a unit of the platform has it at once; an external organ waits for the exchange. */
    RecipientStatus deliver(boolean internal) {
        if (this != PENDING) throw new IllegalTransition("document.send.recipient-state", vietnamese);
        return internal ? DELIVERED : AWAITING_EXCHANGE;
    }

    RecipientStatus receive() {
        if (this == RECEIVED) throw new IllegalTransition("document.receive.already");
        if (this != DELIVERED) throw new IllegalTransition("document.receive.not-sent");
        return RECEIVED;
    }

    /** Returned as wrongly sent (Decree 30, Art. 22): a copy that arrived, received or not, and not yet handled. */
    RecipientStatus returnToSender() {
        if (this == RETURNED) throw new IllegalTransition("document.return.already");
        if (this != DELIVERED && this != RECEIVED) throw new IllegalTransition("document.return.not-arrived");
        return RETURNED;
    }
}
