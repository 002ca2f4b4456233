package vn.truongson.document.edxml;

import vn.truongson.core.SecrecyLevel;

/**
 * Where edXML to and from agencies outside the military network goes when this node is one side of the secure
 * inter-network gateway (issue 15, docs/gateway.md). Implemented by the {@code crossing} module, so the document module
 * does not depend on it: on a low node (internet side) an incoming message accepted from outside is handed over to be
 * queued up to the high side instead of being imported here; on a high node an issued document sent on the external
 * axis is handed over to be queued down to the low side. Single mode: neither.
 */
public interface EdxmlForwarder {

    /** Which way a message goes. */
    enum Direction {
        /** From another agency, arriving on the low side, to the high side where it is imported. */
        INCOMING,
        /** An issued document of ours, from the high side to the low side and on to the other agency. */
        OUTGOING
    }

    /** Whether this node hands messages of this direction to the gateway. */
    boolean forwards(Direction direction);

    /**
     * Queues {@code message} (already read by {@link EdXml#read}, the hardened reader) for the gateway in the caller's
     * transaction and answers its message id; the same message twice is queued once (same id). Only a Thường message
     * crosses: a higher {@code label} is refused before anything is queued, and the refusal audited. {@code ref} names
     * what the audit rows are about ({@code document:<id>} or the message's document id).
     */
    String forward(Direction direction, EdxmlMessage message, SecrecyLevel label, String ref);
}
