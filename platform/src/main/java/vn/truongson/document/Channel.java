package vn.truongson.document;

import vn.truongson.core.SecrecyLevel;

/**
 * How a document travels. Law 29/2018/QH14: a state secret goes only over a channel approved and encrypted for
 * its level, never over a public or mobile network.
 */
public enum Channel {
    MILITARY_NETWORK("Mạng truyền số liệu quân sự"), MOBILE("Mạng di động"), EXTERNAL("Trục liên thông bên ngoài");

    private final String vietnamese;

    Channel(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() { return vietnamese; }

    public boolean carries(SecrecyLevel level) {
        return this == MILITARY_NETWORK || !level.isClassified();
    }
}
